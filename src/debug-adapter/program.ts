/**
 * The launched program as the debugger sees it: its ELF bytes (placed in the guest file
 * system), its symbol table (pc -> function) and its DWARF line table (pc <-> source line).
 */
import * as path from 'node:path';
import { PF_X, PT_LOAD, SHN_UNDEF, STT_FUNC, STT_GNU_IFUNC, checkRiscvExecutable, parseElf64, symbolIndex, type Elf64, type SymbolIndex } from '../elf';
import { loadLineTable, type LineTable, type ResolvedBreakpoint } from '../dwarf';
import { CallFrameInfo } from '../dwarf/cfi';
import { DebugInfo } from '../dwarf/info';
import { readProgramFile } from '../host/program-file';
import { buildHostAssembly } from '../host/asm-sources';
import { formatBuildDiagnostics, isAssemblySource } from '../toolchain/build';

/** Where a pc is in the source (file as recorded in DWARF, 1-based line and column). */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** The function containing a pc, from the ELF symbol table. */
export interface FunctionLocation {
  name: string;
  /** Virtual address of the function's first instruction. */
  start: number;
  /** Bytes from `start` to the pc. */
  offset: number;
}

/** Rows examined when looking for a prologue's end. */
const MAX_PROLOGUE_ROWS = 16;

/** Directory of the guest file system that holds the launched program. */
export const GUEST_BIN_DIR = '/bin';

/** A parsed, runnable program with its debug information. */
/** The suffix of an assembly source (`.s`, `.S`, `.asm`), dropped from the guest program's name. */
const ASSEMBLY_SUFFIX = /\.(s|S|asm)$/;

/**
 * Builds assembly source `hostPath` with the built-in assembler and linker (src/toolchain,
 * with a line table): the executable, or the diagnostics as one message (GNU's format, a line each).
 */
function buildProgramSource(hostPath: string): { ok: true; bytes: Uint8Array; warnings: string[] } | { ok: false; error: string } {
  const r = buildHostAssembly([hostPath]);
  if ('error' in r) return { ok: false, error: r.error };
  if (!r.executable) return { ok: false, error: `it does not assemble:\n${formatBuildDiagnostics(r).join('\n')}` };
  return { ok: true, bytes: r.executable, warnings: [] };
}

export class Program {
  private readonly symbols: SymbolIndex;
  private cfiCache: CallFrameInfo | undefined;
  private infoCache: DebugInfo | null | undefined;

  private constructor(
    /** Host path of the ELF file as given to `launch`. */
    readonly hostPath: string,
    /** Path of the program inside the guest: /bin/<basename>. */
    readonly guestPath: string,
    readonly bytes: Uint8Array,
    readonly elf: Elf64,
    /** Line table; undefined when the ELF has no usable .debug_line (see `lineError`). */
    readonly lines: LineTable | undefined,
    readonly lineError: string | undefined,
  ) {
    this.symbols = symbolIndex(elf);
  }

  /**
   * Reads (only a regular file, only the bytes the ELF needs: readProgramFile) and parses the
   * ELF at `hostPath`. Errors (missing file, not a regular file, not ELF, not RISC-V) are
   * returned as messages meant for the user. A missing line table is not an error: the
   * program can still run and be stepped by instruction. A damaged section table is not one
   * either: its warning becomes `lineError`, so debugInfoNote tells the user.
   */
  static load(hostPath: unknown): { ok: true; program: Program } | { ok: false; error: string } {
    if (typeof hostPath !== 'string' || hostPath.trim() === '') {
      return { ok: false, error: "launch: 'program' must be the path of a RISC-V ELF executable" };
    }
    const read = isAssemblySource(hostPath) ? buildProgramSource(hostPath) : readProgramFile(hostPath);
    if (!read.ok) return { ok: false, error: `cannot read program '${hostPath}': ${read.error}` };
    const bytes = read.bytes;
    const parsed = parseElf64(bytes);
    if (!parsed.ok) return { ok: false, error: `'${hostPath}' is not a valid ELF file: ${parsed.error}` };
    const check = checkRiscvExecutable(parsed.elf);
    if (!check.ok) return { ok: false, error: `'${hostPath}': ${check.error}` };
    const table = loadLineTable(parsed.elf);
    const guestPath = `${GUEST_BIN_DIR}/${path.basename(hostPath).replace(ASSEMBLY_SUFFIX, '')}`;
    const program = new Program(hostPath, guestPath, bytes, parsed.elf,
      table.ok ? table.table : undefined, table.ok ? undefined : (read.warnings[0] ?? table.error));
    return { ok: true, program };
  }

  /**
   * Call frame information from `.eh_frame` and `.debug_frame`, read on first use (the index
   * is built lazily per lookup). Malformed entries are listed in its `errors`.
   */
  get cfi(): CallFrameInfo {
    return (this.cfiCache ??= CallFrameInfo.fromElf(this.elf));
  }

  /**
   * The program's `.debug_info` (types, variables, scopes), read lazily per compilation
   * unit; undefined when the ELF has no usable debug information (built without -g).
   */
  get debugInfo(): DebugInfo | undefined {
    if (this.infoCache === undefined) {
      const info = DebugInfo.fromElf(this.elf);
      this.infoCache = info.hasInfo ? info : null;
    }
    return this.infoCache ?? undefined;
  }

  /**
   * One sentence for the user when the program lacks debug information (what still works and
   * what does not), or undefined when it has both a line table and .debug_info.
   */
  debugInfoNote(): string | undefined {
    const name = path.basename(this.hostPath);
    if (isAssemblySource(this.hostPath)) return this.lines ? undefined : `${name} was assembled without a line table: stepping works by instruction only.`;
    if (!this.lines) return `${name} has no line table (${this.lineError ?? 'no .debug_line'}): breakpoints and stepping work by instruction only, and there are no variables. Compile with -g for source-level debugging.`;
    if (!this.debugInfo) return `${name} has no .debug_info: source breakpoints and stepping work, but variables and C expressions are not available. Compile with -g for them.`;
    return undefined;
  }

  /** Source location of `pc`, undefined when no line-table row covers it. */
  locationAt(pc: number): SourceLocation | undefined {
    const loc = this.lines?.lookup(pc);
    return loc && loc.file !== '' ? { file: loc.file, line: loc.line, column: loc.column } : undefined;
  }

  /**
   * True when `pc` is the address of an is_stmt line-table row with a line (a place gdb's
   * line step may stop: the start of a statement).
   */
  isStatementStart(pc: number): boolean {
    const loc = this.lines?.lookup(pc);
    return loc !== undefined && loc.address === pc && loc.isStmt && loc.line !== 0;
  }

  /** Number of inlined calls (DW_TAG_inlined_subroutine) active at `pc`; 0 without debug info. */
  inlineDepth(pc: number): number {
    return Math.max(0, (this.debugInfo?.scopeAt(pc).length ?? 0) - 1);
  }

  /** True when `pc` is the first address of a line-table row (where a line's code begins). */
  isLineStart(pc: number): boolean {
    return this.lines?.lookup(pc)?.address === pc;
  }

  /**
   * End of the prologue of the function starting at `start`: the address of the first row
   * on a line other than the entry row's (gdb's line-table rule). `start` itself when the
   * function has no line info.
   */
  prologueEnd(start: number): number {
    const entry = this.lines?.lookup(start);
    if (!entry) return start;
    let loc = entry;
    for (let i = 0; i < MAX_PROLOGUE_ROWS; i++) {
      const next = this.lines!.lookup(loc.endAddress);
      if (!next || next.address <= loc.address) return loc.endAddress;
      if (next.line !== entry.line && next.line !== 0) return next.address;
      loc = next;
    }
    return start;
  }

  /** True when virtual address `va` lies in an executable PT_LOAD segment of the program. */
  isCode(va: number): boolean {
    return this.elf.programHeaders.some((ph) => ph.type === PT_LOAD && (ph.flags & PF_X) !== 0 && va >= ph.vaddr && va < ph.vaddr + ph.memsz);
  }

  /**
   * `len` bytes of the program's code at virtual `va`, from the ELF file image: what a
   * demand fault would load into an executable PT_LOAD page. Undefined unless the whole range
   * lies in the file-backed part of one executable segment.
   */
  codeBytes(va: number, len: number): Uint8Array | undefined {
    for (const ph of this.elf.programHeaders) {
      if (ph.type !== PT_LOAD || (ph.flags & PF_X) === 0) continue;
      if (va >= ph.vaddr && va + len <= ph.vaddr + ph.filesz) {
        const start = ph.offset + (va - ph.vaddr);
        return this.elf.bytes.subarray(start, start + len);
      }
    }
    return undefined;
  }

  /**
   * The ELF symbol (function, else data object) containing virtual address `va`, and the
   * byte offset into it: what gdb prints as `<buf+8>` after a pointer. Undefined when none.
   */
  dataSymbolAt(va: number): { name: string; offset: number } | undefined {
    const s = this.symbols.lookup(va);
    return s ? { name: s.name, offset: s.offset } : undefined;
  }

  /** The function symbol containing `pc`. */
  functionAt(pc: number): FunctionLocation | undefined {
    const s = this.symbols.lookup(pc);
    return s ? { name: s.name, start: s.symbol.value, offset: s.offset } : undefined;
  }

  /**
   * Addresses for a source breakpoint on `line` of `file` (a host path, matched to the
   * table's files by path suffix), moved to the next line with code as gdb does; one
   * address per function. Undefined when the file has no code at or after `line`.
   */
  resolveBreakpoint(file: string, line: number): ResolvedBreakpoint | undefined {
    return this.lines?.resolveBreakpoint(file, line, (a) => this.symbols.lookup(a)?.symbol.value);
  }

  /**
   * Breakpoint addresses for the function called `name` (gdb's `break name`): past the
   * prologue of every function of that name, static ones in any unit included. Empty when no
   * function symbol has that name.
   */
  functionBreakpointAddresses(name: string): number[] {
    const starts = new Set<number>();
    for (const s of this.elf.symbols) {
      if ((s.type === STT_FUNC || s.type === STT_GNU_IFUNC) && s.shndx !== SHN_UNDEF && s.name === name) starts.add(s.value);
    }
    return [...starts].sort((a, b) => a - b).map((start) => this.prologueEnd(start));
  }

  /** Source files named by the line table (DWARF paths). */
  sourceFiles(): string[] {
    return this.lines?.files() ?? [];
  }
}
