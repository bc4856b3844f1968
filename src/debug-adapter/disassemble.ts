/**
 * DAP `disassemble` over guest memory, through the shared instruction table's disassembler
 * (src/isa). RISC-V instructions are 2 or 4 bytes long, so walking backwards from an address
 * is ambiguous: instructions before the anchor are decoded forward from the start of the
 * function containing it (a known instruction boundary).
 *
 * Cost is linear and bounded: at most {@link MAX_DISASSEMBLE_INSTRUCTIONS} rows per request,
 * instruction offsets up to {@link MAX_EXACT_INSTRUCTION_OFFSET} are walked instruction by
 * instruction, and farther ones are placed arithmetically (one 2-byte parcel per instruction)
 * without reading memory in between, so `instructionOffset` 1e15 answers at once (with
 * invalid rows: no memory lies there).
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import { instructionLength } from '../isa/decode';
import { disassemble } from '../isa/disasm';
import type { Program } from './program';
import { hex } from './format';

/**
 * Most instructions one `disassemble` request may ask for (its `instructionCount`). The DAP
 * requires exactly `instructionCount` rows, so a larger count is refused with an error rather
 * than cut short. VS Code's Disassembly view asks for 50 at a time.
 */
export const MAX_DISASSEMBLE_INSTRUCTIONS = 10_000;
/**
 * Largest |instructionOffset| walked instruction by instruction (reading each length); beyond
 * it the start is estimated at one 2-byte parcel per instruction.
 */
export const MAX_EXACT_INSTRUCTION_OFFSET = 2 * MAX_DISASSEMBLE_INSTRUCTIONS;

/** Bytes read per instruction (the longest supported instruction). */
const MAX_INSTR_BYTES = 4;
/** Bytes of the first parcel, which encodes the length (Unprivileged spec 1.5). */
const PARCEL_BYTES = 2;
/** Farthest (bytes) before the anchor that the backward walk starts decoding. */
const MAX_BACKWARD_BYTES = 64 * 1024;
/** Width of a virtual address (RV64: XLEN = 64 bits); addresses of invalid rows wrap at 2^64. */
const XLEN_BITS = 64;

/** What the disassembler reads. */
export interface DisassemblySource {
  read(va: number, len: number): Uint8Array | undefined;
  program: Program;
  toHost(dwarfFile: string): string;
}

/** True when `va` is an address memory can be read at (a non-negative safe integer). */
function readable(va: number): boolean {
  return Number.isSafeInteger(va) && va >= 0;
}

/** Length in bytes (2 or 4) of the instruction at `va`, or undefined when unreadable. */
function lengthAt(src: DisassemblySource, va: number): number | undefined {
  if (!readable(va)) return undefined;
  const first = src.read(va, PARCEL_BYTES);
  if (!first || first.length < PARCEL_BYTES) return undefined;
  return instructionLength(first[0]! | (first[1]! << 8)) || PARCEL_BYTES;
}

/** One decoded instruction at `va`: its length and DAP row, or undefined when unreadable. */
function decodeAt(src: DisassemblySource, va: number): { length: number; row: DebugProtocol.DisassembledInstruction } | undefined {
  const length = lengthAt(src, va);
  if (length === undefined) return undefined;
  const bytes = src.read(va, length === PARCEL_BYTES ? PARCEL_BYTES : MAX_INSTR_BYTES);
  if (!bytes || bytes.length < length) return undefined;
  let bits = 0;
  for (let i = length - 1; i >= 0; i--) bits = (bits * 256) + bytes[i]!;
  const row: DebugProtocol.DisassembledInstruction = {
    address: hex(va),
    instructionBytes: [...bytes.subarray(0, length)].reverse().map((b) => b.toString(16).padStart(2, '0')).join(''),
    instruction: columns(disassemble(bits >>> 0, va)),
  };
  const fn = src.program.functionAt(va);
  if (fn && fn.offset === 0) row.symbol = fn.name;
  const loc = src.program.locationAt(va);
  if (loc && src.program.isLineStart(va)) {
    row.location = { name: loc.file.split('/').pop(), path: src.toHost(loc.file) };
    row.line = loc.line;
  }
  return { length, row };
}

/** Width the mnemonic is padded to, so operands line up in the Disassembly view. */
const MNEMONIC_COLUMN = 8;

/** objdump's "mnemonic<TAB>operands" with the tab turned into padding. */
function columns(text: string): string {
  const tab = text.indexOf('\t');
  return tab < 0 ? text : text.slice(0, tab).padEnd(MNEMONIC_COLUMN) + text.slice(tab + 1);
}

/**
 * Placeholder row for memory that cannot be read at `va`, which may lie outside
 * [0, 2^64): its address is shown wrapped to 64 bits, as the hardware would form it.
 */
function invalidRow(va: number): DebugProtocol.DisassembledInstruction {
  const address = readable(va) ? hex(va) : hex(BigInt.asUintN(XLEN_BITS, BigInt(Math.trunc(va))));
  return { address, instruction: '??', presentationHint: 'invalid' };
}

/** Address of the first row for 0 ≤ `instructionOffset` ≤ MAX_EXACT_INSTRUCTION_OFFSET, walked instruction by instruction. */
function walkForward(src: DisassemblySource, anchor: number, instructionOffset: number): number {
  let va = anchor;
  for (let i = 0; i < instructionOffset; i++) va += lengthAt(src, va) ?? PARCEL_BYTES;
  return va;
}

/**
 * `count` invalid rows from `start` (any integer, kept exact as a bigint) in 2-byte parcels,
 * addresses wrapped to 64 bits: the listing of a place no readable memory can be.
 */
function unreadableRows(start: bigint, count: number): DebugProtocol.DisassembledInstruction[] {
  const rows: DebugProtocol.DisassembledInstruction[] = [];
  for (let i = 0; i < count; i++) {
    rows.push({ address: hex(BigInt.asUintN(XLEN_BITS, start + BigInt(i * PARCEL_BYTES))), instruction: '??', presentationHint: 'invalid' });
  }
  return rows;
}

/**
 * Addresses of the instructions before `anchor`, ascending, decoded from a known boundary
 * (the containing function's start within {@link MAX_BACKWARD_BYTES}, else a guess that far
 * back) up to the anchor or the first unreadable one: at most MAX_BACKWARD_BYTES / 2.
 */
function boundariesBefore(src: DisassemblySource, anchor: number): number[] {
  const fn = src.program.functionAt(anchor);
  let va = fn && anchor - fn.start <= MAX_BACKWARD_BYTES ? fn.start : Math.max(0, anchor - MAX_BACKWARD_BYTES);
  const starts: number[] = [];
  while (va < anchor) {
    const length = lengthAt(src, va);
    if (length === undefined) break;
    starts.push(va);
    va += length;
  }
  return starts;
}

/**
 * Rows for the `n` (≤ MAX_EXACT_INSTRUCTION_OFFSET) instructions just before `anchor`, at
 * most `count`: invalid rows (2-byte parcels) for those with no known boundary, then the
 * decoded ones.
 */
function rowsBefore(src: DisassemblySource, anchor: number, n: number, count: number): DebugProtocol.DisassembledInstruction[] {
  const starts = boundariesBefore(src, anchor).slice(-n);
  const rows: DebugProtocol.DisassembledInstruction[] = [];
  for (let i = n - starts.length; i > 0 && rows.length < count; i--) rows.push(invalidRow(anchor - (starts.length + i) * PARCEL_BYTES));
  for (const va of starts) {
    if (rows.length >= count) break;
    rows.push(decodeAt(src, va)?.row ?? invalidRow(va));
  }
  return rows;
}

/**
 * `count` instructions starting `instructionOffset` instructions from virtual `anchor`
 * (negative = before it): exactly `count` rows, unreadable ones marked invalid. `count` is at
 * most {@link MAX_DISASSEMBLE_INSTRUCTIONS} and `instructionOffset` a safe integer (the caller
 * checks both); the work is O(count + min(|instructionOffset|, MAX_EXACT_INSTRUCTION_OFFSET)
 * + MAX_BACKWARD_BYTES).
 */
export function disassembleRange(src: DisassemblySource, anchor: number, instructionOffset: number, count: number): DebugProtocol.DisassembledInstruction[] {
  let rows: DebugProtocol.DisassembledInstruction[] = [];
  let va = anchor;
  if (Math.abs(instructionOffset) > MAX_EXACT_INSTRUCTION_OFFSET) {
    // Placed at one parcel per instruction; a start outside [0, 2^53) holds no memory we can read.
    const start = BigInt(anchor) + BigInt(instructionOffset) * BigInt(PARCEL_BYTES);
    const last = start + BigInt(count * MAX_INSTR_BYTES);
    if (start < 0n || last > BigInt(Number.MAX_SAFE_INTEGER)) return unreadableRows(start, count);
    va = Number(start);
  } else if (instructionOffset < 0) {
    rows = rowsBefore(src, anchor, -instructionOffset, count);
  } else {
    va = walkForward(src, anchor, instructionOffset);
  }
  while (rows.length < count) {
    const d = decodeAt(src, va);
    rows.push(d ? d.row : invalidRow(va));
    va += d?.length ?? PARCEL_BYTES;
  }
  return rows;
}
