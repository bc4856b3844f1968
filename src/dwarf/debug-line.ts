/**
 * .debug_line reader (DWARF 2..5, section 6.2): decodes every unit of the section into
 * one LineTable. Pure function over Uint8Arrays; never throws on malformed input.
 */
import { sectionBytes, type Elf64 } from '../elf';
import { compDirsByLineOffset } from './compile-units';
import { parseLineHeader, readUnitExtent, type DebugStrings } from './line-header';
import { runLineProgram, type LineSequence } from './line-program';
import { LineTable } from './line-table';

/** Inputs besides .debug_line itself. */
export interface DebugLineSections extends DebugStrings {
  /**
   * Compilation directory of DWARF 2..4 units (DWARF 5 units record their own), by the
   * unit's offset in .debug_line (DW_AT_stmt_list), as compDirsByLineOffset finds them.
   */
  compDirs?: ReadonlyMap<number, string>;
  /** Compilation directory for DWARF 2..4 units missing from compDirs. */
  compDir?: string;
}

/**
 * parseDebugLine's result. `ok: true` when the section is empty or at least one unit
 * decoded; problems in other units are listed in `warnings` (those units' rows up to the
 * problem are kept when they form complete sequences). `ok: false` when nothing decoded.
 */
export type LineTableResult =
  | { ok: true; table: LineTable; warnings: string[] }
  | { ok: false; error: string };

/**
 * Decodes all line-number programs in `debugLine` (the bytes of .debug_line). Strings
 * named by DW_FORM_line_strp / DW_FORM_strp are read from `sections.debugLineStr` /
 * `sections.debugStr`. Each row's file is a full normalized path: directory + file name,
 * made absolute against the compilation directory. DWARF 5 sections 6.2.4 and 6.2.5.
 */
export function parseDebugLine(debugLine: Uint8Array, sections: DebugLineSections = {}): LineTableResult {
  const sequences: LineSequence[] = [];
  const warnings: string[] = [];
  let decodedUnits = 0;
  let offset = 0;
  while (offset < debugLine.length) {
    const unit = readUnitExtent(debugLine, offset);
    if (typeof unit === 'string') {
      warnings.push(unit);
      break;
    }
    const compDir = sections.compDirs?.get(offset) ?? sections.compDir;
    const header = parseLineHeader(debugLine, unit, sections, compDir);
    if (typeof header === 'string') {
      warnings.push(`unit at 0x${offset.toString(16)}: ${header}`);
    } else {
      const result = runLineProgram(debugLine, unit, header);
      sequences.push(...result.sequences);
      if (result.error !== undefined) warnings.push(`unit at 0x${offset.toString(16)}: ${result.error}`);
      if (result.error === undefined || result.sequences.length > 0) decodedUnits++;
    }
    offset = unit.end;
  }
  if (decodedUnits === 0 && warnings.length > 0) return { ok: false, error: warnings[0]! };
  return { ok: true, table: new LineTable(sequences), warnings };
}

/**
 * The line table of an ELF file, from its .debug_line, .debug_line_str and .debug_str
 * sections, with DWARF 2..4 compilation directories from .debug_info/.debug_abbrev.
 * `ok: false` with "no .debug_line section (compile with -g)" when absent.
 */
export function loadLineTable(elf: Elf64): LineTableResult {
  const debugLine = sectionBytes(elf, '.debug_line');
  if (!debugLine) return { ok: false, error: 'no .debug_line section (compile with -g)' };
  const strings = {
    debugLineStr: sectionBytes(elf, '.debug_line_str'),
    debugStr: sectionBytes(elf, '.debug_str'),
  };
  const debugInfo = sectionBytes(elf, '.debug_info');
  const debugAbbrev = sectionBytes(elf, '.debug_abbrev');
  const compDirs =
    debugInfo && debugAbbrev ? compDirsByLineOffset({ debugInfo, debugAbbrev, ...strings }) : undefined;
  return parseDebugLine(debugLine, { ...strings, compDirs });
}
