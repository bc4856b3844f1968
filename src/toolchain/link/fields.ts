/**
 * Writing a relocated immediate into an instruction. The bit layouts are not repeated here:
 * the instruction is decoded with src/isa and encoded again with the new immediate, so the one
 * instruction table decides where the bits go (RISC-V unprivileged spec, "Immediate Encoding
 * Variants" and the RVC formats CB/CJ). A relocation on the wrong kind of instruction is
 * reported rather than patched blindly.
 */
import { decode, encode, encodeByName } from '../../isa';
import type { DecodedInstruction, InstrFields } from '../../isa/types';

/** Instruction formats relocations patch: the base formats, and RVC's CB (c.beqz/c.bnez) and CJ (c.j). */
export type PatchFormat = 'U' | 'I' | 'S' | 'B' | 'J' | 'CB' | 'CJ';

/** What each format is called in messages. */
const FORMAT_NAMES: Record<PatchFormat, string> = {
  U: 'a U-type instruction (lui, auipc)',
  I: 'an I-type instruction (addi, loads, jalr)',
  S: 'an S-type instruction (stores)',
  B: 'a conditional branch (B-type)',
  J: 'jal (J-type)',
  CB: 'c.beqz or c.bnez (CB format)',
  CJ: 'c.j (CJ format)',
};

const COMPRESSED_LENGTH = 2;
const WIDE_LENGTH = 4;
const HALF_MASK = 0xffff;

/** Undefined on success, else why the instruction could not take the immediate (a sentence fragment). */
export type PatchError = string | undefined;

/**
 * Replaces the immediate of the instruction at data[offset] (format `format`) by `imm`, in the
 * units isa's InstrFields use (bytes; for U-type the value added, a multiple of 4096). The
 * caller has range-checked `imm`; an instruction of another format, or bytes that are no
 * instruction, give an error and leave the data unchanged.
 */
export function patchImmediate(data: Uint8Array, offset: number, format: PatchFormat, imm: number): PatchError {
  const found = instructionAt(data, offset, format === 'CB' || format === 'CJ' ? COMPRESSED_LENGTH : WIDE_LENGTH);
  if (typeof found === 'string') return found;
  if (!hasFormat(found, format)) return `it applies to ${FORMAT_NAMES[format]}, but the instruction is \`${found.row.mnemonic}\``;
  const oldBits = immediateBits(format, found.imm);
  const newBits = immediateBits(format, imm);
  if (oldBits === undefined || newBits === undefined) return `${imm} does not fit the immediate of \`${found.row.mnemonic}\``;
  store(data, offset, found.length, (found.bits ^ oldBits ^ newBits) >>> 0);
  return undefined;
}

/**
 * A row of each format with fixed registers: encoding an immediate with it, and XOR-ing away
 * the encoding of 0, gives where that immediate's bits go in every instruction of the format.
 */
const CANONICAL: Record<PatchFormat, { mnemonic: string; fields: Partial<InstrFields> }> = {
  U: { mnemonic: 'lui', fields: { rd: 1 } },
  I: { mnemonic: 'addi', fields: { rd: 1, rs1: 1 } },
  S: { mnemonic: 'sd', fields: { rs1: 1, rs2: 1 } },
  B: { mnemonic: 'beq', fields: { rs1: 1, rs2: 1 } },
  J: { mnemonic: 'jal', fields: { rd: 1 } },
  CB: { mnemonic: 'c.beqz', fields: { rs1: 8 } },
  CJ: { mnemonic: 'c.j', fields: {} },
};
const IMMEDIATE_CACHE_LIMIT = 65536;
const immediateCache = new Map<string, number | undefined>();

/** The bits immediate `imm` sets in an instruction of `format` (src/isa decides where), or undefined when it cannot be encoded. */
function immediateBits(format: PatchFormat, imm: number): number | undefined {
  const key = `${format}${imm}`;
  if (immediateCache.has(key)) return immediateCache.get(key);
  const c = CANONICAL[format];
  const withImm = encodeByName(c.mnemonic, { ...c.fields, imm });
  const withZero = encodeByName(c.mnemonic, { ...c.fields, imm: 0 });
  const bits = withImm === undefined || withZero === undefined ? undefined : (withImm ^ withZero) >>> 0;
  if (immediateCache.size >= IMMEDIATE_CACHE_LIMIT) immediateCache.clear();
  immediateCache.set(key, bits);
  return bits;
}

/**
 * Turns the auipc at data[offset] into `lui rd, imm` (GNU ld does this for a pc-relative
 * reference whose target is out of pc-relative reach but within lui's: an address near 0).
 */
export function auipcToLui(data: Uint8Array, offset: number, imm: number): PatchError {
  const found = instructionAt(data, offset, WIDE_LENGTH);
  if (typeof found === 'string') return found;
  if (found.row.mnemonic !== 'auipc') return `it applies to auipc, but the instruction is \`${found.row.mnemonic}\``;
  const bits = encodeByName('lui', { rd: found.rd, imm });
  if (bits === undefined) return `${imm} does not fit lui`;
  store(data, offset, WIDE_LENGTH, bits);
  return undefined;
}

/** Makes the jalr at data[offset] use x0 as its base register (rs1 = 0), keeping rd and the immediate. */
export function jalrFromZero(data: Uint8Array, offset: number): PatchError {
  const found = instructionAt(data, offset, WIDE_LENGTH);
  if (typeof found === 'string') return found;
  if (found.row.mnemonic !== 'jalr') return `it applies to auipc and jalr, but the second instruction is \`${found.row.mnemonic}\``;
  const bits = encode(found.row, { ...found, rs1: 0 });
  if (bits === undefined) return 'jalr cannot be re-encoded';
  store(data, offset, WIDE_LENGTH, bits);
  return undefined;
}

/**
 * Decoded instructions by their bits. A link patches the same few unrelocated words (auipc
 * with 0, jalr with 0, ...) thousands of times; decoding each once keeps a large link fast.
 * The entries are never modified (patching builds new field objects). Bounded in size.
 */
const decodeCache = new Map<number, DecodedInstruction | undefined>();
const DECODE_CACHE_LIMIT = 4096;

function decodeCached(bits: number): DecodedInstruction | undefined {
  if (decodeCache.has(bits)) return decodeCache.get(bits);
  const decoded = decode(bits);
  if (decodeCache.size >= DECODE_CACHE_LIMIT) decodeCache.clear();
  decodeCache.set(bits, decoded);
  return decoded;
}

function instructionAt(data: Uint8Array, offset: number, length: number): DecodedInstruction | string {
  if (!(offset >= 0) || offset + length > data.length) return 'the instruction lies past the end of the section';
  let bits = 0;
  for (let i = length - 1; i >= 0; i--) bits = bits * 0x100 + data[offset + i]!;
  const decoded = decodeCached(length === COMPRESSED_LENGTH ? bits & HALF_MASK : bits);
  if (!decoded || decoded.length !== length) return `the bytes there (0x${bits.toString(16).padStart(length * 2, '0')}) are not ${length === COMPRESSED_LENGTH ? 'a compressed' : 'a 32-bit'} instruction`;
  return decoded;
}

function hasFormat(d: DecodedInstruction, format: PatchFormat): boolean {
  if (format === 'CB') return d.row.format === 'CB' && (d.row.expand?.base === 'beq' || d.row.expand?.base === 'bne');
  return d.row.format === format;
}

function store(data: Uint8Array, offset: number, length: number, bits: number): void {
  for (let i = 0; i < length; i++) data[offset + i] = Math.floor(bits / 2 ** (8 * i)) & 0xff;
}
