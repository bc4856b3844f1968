/**
 * A DWARF 5 `.debug_line` unit mapping each instruction to its source file and line (DWARF 5
 * section 6.2 "Line Number Information"), as `as -g` provides: one sequence per code section,
 * each starting with DW_LNE_set_address (relocated R_RISCV_64 against the section symbol) and
 * ending with DW_LNE_end_sequence at the section end. Paths are inline strings (DW_FORM_string);
 * directory 0 is the compilation directory, file 0 and 1 the main source file.
 * src/dwarf/debug-line.ts reads it back.
 */
import {
  DW_FORM_string, DW_FORM_udata, DW_LNCT_directory_index, DW_LNCT_path, DW_LNE_end_sequence, DW_LNE_set_address,
  DW_LNS_advance_line, DW_LNS_advance_pc, DW_LNS_copy, DW_LNS_set_file,
} from '../../dwarf/constants';
import { ByteBuffer } from './sections';
import type { Relocation } from './fixups';
import { R_RISCV_64 } from './relocs';
import type { Sym } from './symbols';

const DWARF_VERSION = 5;
const ADDRESS_SIZE = 8;
const LINE_BASE = -5;
const LINE_RANGE = 14;
const OPCODE_BASE = 13;
/** Operand counts of standard opcodes 1..12 (DWARF 5 table 7.25). */
const STANDARD_OPCODE_LENGTHS = [0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1];
const UNIT_LENGTH_SIZE = 4;
const HEADER_LENGTH_SIZE = 4;
/** The fixed header fields after unit_length up to header_length (version, sizes). */
const VERSION_SIZE = 2;

/** One row: an instruction's address in its section and its source position. */
export interface LineEntry {
  address: number;
  file: string;
  line: number;
}

/** The instructions of one code section, in address order. */
export interface LineSequence {
  sectionSymbol: Sym;
  /** The end address of the sequence: just past the section's last instruction. */
  end: number;
  rows: LineEntry[];
}

function uleb(buf: ByteBuffer, v: number): void {
  let n = BigInt(v);
  do {
    let byte = Number(n & 0x7fn);
    n >>= 7n;
    if (n !== 0n) byte |= 0x80;
    buf.pushLE(byte, 1);
  } while (n !== 0n);
}

function sleb(buf: ByteBuffer, v: number): void {
  let n = BigInt(v);
  for (;;) {
    const byte = Number(n & 0x7fn);
    n >>= 7n;
    const done = (n === 0n && (byte & 0x40) === 0) || (n === -1n && (byte & 0x40) !== 0);
    buf.pushLE(done ? byte : byte | 0x80, 1);
    if (done) return;
  }
}

function cstring(buf: ByteBuffer, s: string): void {
  buf.pushBytes(new TextEncoder().encode(s));
  buf.pushLE(0, 1);
}

/**
 * Builds the section. `mainFile` is file 0 (and 1); other files that appear in `sequences` are
 * added after it. Returns the bytes and the relocations of the set_address operands.
 */
export function buildDebugLine(compDir: string, mainFile: string, sequences: readonly LineSequence[]):
  { data: Uint8Array; relocs: Relocation[] } {
  const files = [mainFile];
  for (const s of sequences) for (const r of s.rows) if (!files.includes(r.file)) files.push(r.file);
  const header = new ByteBuffer();
  header.pushLE(1, 1); // minimum_instruction_length
  header.pushLE(1, 1); // maximum_operations_per_instruction
  header.pushLE(1, 1); // default_is_stmt
  header.pushLE(LINE_BASE, 1);
  header.pushLE(LINE_RANGE, 1);
  header.pushLE(OPCODE_BASE, 1);
  header.pushBytes(STANDARD_OPCODE_LENGTHS);
  header.pushLE(1, 1); // directory_entry_format_count
  uleb(header, DW_LNCT_path);
  uleb(header, DW_FORM_string);
  uleb(header, 1);
  cstring(header, compDir);
  header.pushLE(2, 1); // file_name_entry_format_count
  uleb(header, DW_LNCT_path);
  uleb(header, DW_FORM_string);
  uleb(header, DW_LNCT_directory_index);
  uleb(header, DW_FORM_udata);
  uleb(header, files.length + 1);
  for (const f of [mainFile, ...files]) {
    cstring(header, f);
    uleb(header, 0);
  }

  const program = new ByteBuffer();
  const relocOffsets: { at: number; sym: Sym }[] = [];
  for (const s of sequences) {
    program.pushLE(0, 1);
    uleb(program, 1 + ADDRESS_SIZE);
    program.pushLE(DW_LNE_set_address, 1);
    relocOffsets.push({ at: program.length, sym: s.sectionSymbol });
    program.pushLE(0, ADDRESS_SIZE);
    let address = 0;
    let line = 1;
    let file = 1;
    for (const r of s.rows) {
      const f = files.indexOf(r.file) + 1;
      if (f !== file) {
        program.pushLE(DW_LNS_set_file, 1);
        uleb(program, f);
        file = f;
      }
      if (r.line !== line) {
        program.pushLE(DW_LNS_advance_line, 1);
        sleb(program, r.line - line);
        line = r.line;
      }
      if (r.address !== address) {
        program.pushLE(DW_LNS_advance_pc, 1);
        uleb(program, r.address - address);
        address = r.address;
      }
      program.pushLE(DW_LNS_copy, 1);
    }
    if (s.end !== address) {
      program.pushLE(DW_LNS_advance_pc, 1);
      uleb(program, s.end - address);
    }
    program.pushLE(0, 1);
    uleb(program, 1);
    program.pushLE(DW_LNE_end_sequence, 1);
  }

  const out = new ByteBuffer();
  const afterLength = VERSION_SIZE + 2 + HEADER_LENGTH_SIZE + header.length + program.length;
  out.pushLE(afterLength, UNIT_LENGTH_SIZE);
  out.pushLE(DWARF_VERSION, VERSION_SIZE);
  out.pushLE(ADDRESS_SIZE, 1);
  out.pushLE(0, 1); // segment_selector_size
  out.pushLE(header.length, HEADER_LENGTH_SIZE);
  out.pushBytes(header.view());
  const programStart = out.length;
  out.pushBytes(program.view());
  const relocs: Relocation[] = relocOffsets.map((r) => {
    r.sym.usedInReloc = true;
    return { offset: programStart + r.at, type: R_RISCV_64, sym: r.sym, addend: 0n };
  });
  return { data: out.view().slice(), relocs };
}
