/**
 * Public shapes of the static linker (`link`): what goes in, what comes out, how problems are
 * reported. The CLI, the debugger and the language server use these.
 */

/** One input: an ELF64 RISC-V relocatable object (ET_REL) and the name it is reported under. */
export interface LinkInput {
  /** Shown in diagnostics and as the STT_FILE symbol of its locals, e.g. "hello.o". */
  name: string;
  /** The object file's bytes. Not modified. */
  data: Uint8Array;
}

/** Options of `link`. */
export interface LinkOptions {
  /** Name of the entry symbol (GNU ld `-e`). Default `_start`, as ld's default script says. */
  entry?: string;
}

/** Where in the source a linker problem is, from the object's .debug_line (assembled with -g). */
export interface LinkSourcePosition {
  /** Path of the source file as the line table records it. */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column, 0 when the line table does not record it (GNU as records none). */
  column: number;
}

/**
 * One problem found while linking. `message` is GNU ld-like text without the location prefix
 * (e.g. "undefined symbol `loop`"); the location fields say where it belongs. Format it for a
 * terminal with formatLinkDiagnostic.
 */
export interface LinkDiagnostic {
  /** 'error': no executable is produced. 'warning': the executable is still produced. */
  severity: 'error' | 'warning';
  message: string;
  /** Name of the input object (LinkInput.name) the problem belongs to. */
  object?: string;
  /** Name of the input section, e.g. ".text", when the problem is at a place in it. */
  section?: string;
  /** Byte offset in that input section (the relocation's r_offset). */
  offset?: number;
  /** The symbol concerned, e.g. "loop". */
  symbol?: string;
  /** Source line of `section`+`offset`, when the object carries a line table that maps it. */
  source?: LinkSourcePosition;
}

/** What `link` gives back. */
export interface LinkResult {
  /** The ELF64 ET_EXEC image; present exactly when `diagnostics` holds no error. */
  executable?: Uint8Array;
  diagnostics: LinkDiagnostic[];
  /**
   * Final addresses by symbol name: every global and weak symbol (undefined weak ones are 0),
   * the symbols the default linker script defines (__global_pointer$, _end, ...), and each
   * local symbol whose name no global uses (for a local defined in several objects, the first
   * object's; assembler-internal `.L` labels left out). Absolute symbols give their value
   * (exact below 2^53; negative when bit 63 is set). Filled in whenever the layout could be
   * computed, even when relocation errors stop the executable.
   */
  symbols: Map<string, number>;
  /** Address of the entry symbol, when it is defined. */
  entry?: number;
}
