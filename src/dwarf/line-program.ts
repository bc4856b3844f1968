/**
 * The line-number state machine (DWARF 5 section 6.2.2 registers, 6.2.5 opcodes).
 * Runs one unit's program and returns its sequences of rows. Never throws: malformed
 * opcodes stop the unit and are reported next to the rows decoded before them.
 */
import {
  DW_LNE_define_file, DW_LNE_end_sequence, DW_LNE_set_address, DW_LNE_set_discriminator,
  DW_LNS_advance_line, DW_LNS_advance_pc, DW_LNS_const_add_pc, DW_LNS_copy,
  DW_LNS_fixed_advance_pc, DW_LNS_negate_stmt, DW_LNS_set_basic_block, DW_LNS_set_column,
  DW_LNS_set_epilogue_begin, DW_LNS_set_file, DW_LNS_set_isa, DW_LNS_set_prologue_end,
  MAX_SPECIAL_OPCODE,
} from './constants';
import { Cursor } from './cursor';
import { resolveFile, type LineProgramHeader, type UnitExtent } from './line-header';

/** One row of the line-number matrix. Addresses are virtual addresses in bytes. */
export interface LineRow {
  address: number;
  /** Full normalized path of the source file ('' if the file index is out of range). */
  file: string;
  /** 1-based source line; 0 means "no source line". */
  line: number;
  /** 1-based column; 0 means "unknown". */
  column: number;
  /** A recommended breakpoint location (the start of a statement). */
  isStmt: boolean;
  /** The first byte after the sequence; this row holds no other information. */
  endSequence: boolean;
  /** Where a function's prologue ends, where a debugger should stop on entry. */
  prologueEnd: boolean;
  discriminator: number;
}

/** Rows of one contiguous range of code, [start, end), in address order. */
export interface LineSequence {
  start: number;
  end: number;
  /** Rows in address order; the last one has endSequence set and address `end`. */
  rows: LineRow[];
}

/** The sequences decoded from one unit, and the reason decoding stopped early, if any. */
export interface UnitRows {
  sequences: LineSequence[];
  error?: string;
}

interface Registers {
  address: number;
  opIndex: number;
  file: number;
  line: number;
  column: number;
  isStmt: boolean;
  prologueEnd: boolean;
  discriminator: number;
}

function initialRegisters(h: LineProgramHeader): Registers {
  return {
    address: 0, opIndex: 0, file: 1, line: 1, column: 0,
    isStmt: h.defaultIsStmt, prologueEnd: false, discriminator: 0,
  };
}

/** Runs the line-number program of one unit (bytes [header.programStart, unit.end)). */
export function runLineProgram(section: Uint8Array, unit: UnitExtent, h: LineProgramHeader): UnitRows {
  const c = new Cursor(section, h.programStart, unit.end);
  const files = [...h.files];
  const sequences: LineSequence[] = [];
  let rows: LineRow[] = [];
  let r = initialRegisters(h);

  const emit = (endSequence: boolean): void => {
    if (!Number.isSafeInteger(r.address)) {
      c.fail('address advanced beyond 2^53');
      return;
    }
    const file = files[r.file - h.fileBase] ?? '';
    rows.push({
      address: r.address, file, line: r.line, column: r.column, isStmt: r.isStmt,
      endSequence, prologueEnd: r.prologueEnd, discriminator: r.discriminator,
    });
    r.discriminator = 0;
    r.prologueEnd = false;
  };
  /** Operation advance (section 6.2.5.1), handling VLIW op_index. */
  const advance = (operationAdvance: number): void => {
    const ops = r.opIndex + operationAdvance;
    r.address += h.minimumInstructionLength * Math.floor(ops / h.maximumOperationsPerInstruction);
    r.opIndex = ops % h.maximumOperationsPerInstruction;
  };

  while (!c.atEnd && c.bad === undefined) {
    const opcode = c.u8();
    if (opcode >= h.opcodeBase) {
      const adjusted = opcode - h.opcodeBase;
      advance(Math.floor(adjusted / h.lineRange));
      r.line += h.lineBase + (adjusted % h.lineRange);
      emit(false);
    } else if (opcode === 0) {
      const ended = runExtended(c, r, h, files, () => emit(true));
      if (ended) {
        if (c.bad === undefined) sequences.push(toSequence(rows));
        rows = [];
        r = initialRegisters(h);
      }
    } else {
      runStandard(c, opcode, r, h, advance, () => emit(false));
    }
  }
  const error = c.bad ?? (rows.length > 0 ? 'unit ends inside a sequence (no DW_LNE_end_sequence)' : undefined);
  return error === undefined ? { sequences } : { sequences, error };
}

/** Executes one standard opcode (section 6.2.5.2). */
function runStandard(
  c: Cursor,
  opcode: number,
  r: Registers,
  h: LineProgramHeader,
  advance: (operationAdvance: number) => void,
  emit: () => void,
): void {
  switch (opcode) {
    case DW_LNS_copy: emit(); break;
    case DW_LNS_advance_pc: advance(c.uleb()); break;
    case DW_LNS_advance_line: r.line += c.sleb(); break;
    case DW_LNS_set_file: r.file = c.uleb(); break;
    case DW_LNS_set_column: r.column = c.uleb(); break;
    case DW_LNS_negate_stmt: r.isStmt = !r.isStmt; break;
    case DW_LNS_set_basic_block: break;
    case DW_LNS_const_add_pc: advance(Math.floor((MAX_SPECIAL_OPCODE - h.opcodeBase) / h.lineRange)); break;
    case DW_LNS_fixed_advance_pc: r.address += c.u16(); r.opIndex = 0; break;
    case DW_LNS_set_prologue_end: r.prologueEnd = true; break;
    case DW_LNS_set_epilogue_begin: break;
    case DW_LNS_set_isa: c.uleb(); break;
    default:
      // An opcode this reader does not know: skip its declared LEB128 operands.
      for (let i = 0; i < (h.standardOpcodeLengths[opcode - 1] ?? 0); i++) c.uleb();
  }
}

/**
 * Executes one extended opcode (section 6.2.5.3); the cursor is just past the 0 byte.
 * Returns true after DW_LNE_end_sequence. Unknown opcodes are skipped by their length.
 */
function runExtended(
  c: Cursor,
  r: Registers,
  h: LineProgramHeader,
  files: string[],
  emitEnd: () => void,
): boolean {
  const length = c.uleb();
  if (c.bad !== undefined || length === 0) return false;
  const end = c.pos + length;
  if (end > c.end) {
    c.fail(`extended opcode at 0x${c.pos.toString(16)} runs past the unit`);
    return false;
  }
  const sub = new Cursor(c.bytes, c.pos, end);
  const opcode = sub.u8();
  let ended = false;
  switch (opcode) {
    case DW_LNE_end_sequence:
      emitEnd();
      ended = true;
      break;
    case DW_LNE_set_address:
      r.address = sub.uN(Math.min(length - 1, 8));
      r.opIndex = 0;
      break;
    case DW_LNE_define_file: {
      const name = sub.cstring();
      const dirIndex = sub.uleb();
      files.push(resolveFile(name, dirIndex, h.directories));
      break;
    }
    case DW_LNE_set_discriminator:
      r.discriminator = sub.uleb();
      break;
  }
  if (sub.bad !== undefined) c.fail(sub.bad);
  c.pos = end;
  return ended;
}

/** Orders a sequence's rows by address (stable), keeping the end row last. */
function toSequence(rows: LineRow[]): LineSequence {
  const endRow = rows[rows.length - 1]!;
  const body = rows.slice(0, -1).sort((a, b) => a.address - b.address);
  const start = body[0]?.address ?? endRow.address;
  return { start, end: Math.max(endRow.address, start), rows: [...body, endRow] };
}
