/**
 * DAP `disassemble` over guest memory, through the shared instruction table's disassembler
 * (src/isa). RISC-V instructions are 2 or 4 bytes long, so walking backwards from an address
 * is ambiguous: instructions before the anchor are decoded forward from the start of the
 * function containing it (a known instruction boundary).
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import { instructionLength } from '../isa/decode';
import { disassemble } from '../isa/disasm';
import type { Program } from './program';
import { hex } from './format';

/** Bytes read per instruction (the longest supported instruction). */
const MAX_INSTR_BYTES = 4;
/** Bytes of the first parcel, which encodes the length (Unprivileged spec 1.5). */
const PARCEL_BYTES = 2;
/** Farthest (bytes) before the anchor that the backward walk starts decoding. */
const MAX_BACKWARD_BYTES = 64 * 1024;

/** What the disassembler reads. */
export interface DisassemblySource {
  read(va: number, len: number): Uint8Array | undefined;
  program: Program;
  toHost(dwarfFile: string): string;
}

/** One decoded instruction at `va`: its length and DAP row, or undefined when unreadable. */
function decodeAt(src: DisassemblySource, va: number): { length: number; row: DebugProtocol.DisassembledInstruction } | undefined {
  const first = src.read(va, PARCEL_BYTES);
  if (!first || first.length < PARCEL_BYTES) return undefined;
  const length = instructionLength(first[0]! | (first[1]! << 8)) || PARCEL_BYTES;
  const bytes = length === PARCEL_BYTES ? first : src.read(va, MAX_INSTR_BYTES);
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

/** Placeholder row for memory that cannot be read. */
function invalidRow(va: number): DebugProtocol.DisassembledInstruction {
  return { address: hex(Math.max(0, va)), instruction: '??', presentationHint: 'invalid' };
}

/**
 * `count` instructions starting `instructionOffset` instructions from virtual `anchor`
 * (negative = before it), exactly `count` rows (unreadable ones marked invalid).
 */
export function disassembleRange(src: DisassemblySource, anchor: number, instructionOffset: number, count: number): DebugProtocol.DisassembledInstruction[] {
  const rows: DebugProtocol.DisassembledInstruction[] = [];
  if (instructionOffset < 0) {
    const before = instructionsBefore(src, anchor, -instructionOffset);
    const missing = -instructionOffset - before.length;
    for (let i = missing; i > 0; i--) rows.push(invalidRow(anchor - (before.length + i) * PARCEL_BYTES));
    rows.push(...before);
  }
  let va = anchor;
  let skip = Math.max(0, instructionOffset);
  while (rows.length < count) {
    const d = decodeAt(src, va);
    if (skip > 0) {
      skip--;
      va += d?.length ?? PARCEL_BYTES;
      continue;
    }
    rows.push(d ? d.row : invalidRow(va));
    va += d?.length ?? PARCEL_BYTES;
  }
  return rows.slice(0, count);
}

/** Up to `n` instructions ending just before `anchor`, decoded from a known boundary. */
function instructionsBefore(src: DisassemblySource, anchor: number, n: number): DebugProtocol.DisassembledInstruction[] {
  const fn = src.program.functionAt(anchor);
  // Without a nearby function start, guess a boundary n instructions back (may be misaligned).
  const guess = Math.max(0, anchor - Math.min(n * MAX_INSTR_BYTES, MAX_BACKWARD_BYTES));
  let va = fn && anchor - fn.start <= MAX_BACKWARD_BYTES ? fn.start : guess;
  const found: DebugProtocol.DisassembledInstruction[] = [];
  while (va < anchor) {
    const d = decodeAt(src, va);
    if (!d) break;
    found.push(d.row);
    va += d.length;
  }
  return found.slice(-n);
}
