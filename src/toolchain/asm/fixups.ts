/**
 * Fixups: places whose bytes depend on a symbol (GNU as's fixS). After layout each is either
 * resolved to bytes, or becomes an ELF relocation (RISC-V psABI "Relocations") — with GNU as's
 * -mno-relax choices: relocations name the symbol itself (never section + offset), pc-relative
 * instruction fields also get a tentative value, and label differences stay ADD/SUB pairs when
 * the labels are in a code section.
 */
import { encode, type InstrFields, type InstrRow } from '../../isa';
import { foldFinal, isConstant, type EvalContext, type Value } from './eval';
import {
  ADD_SUB_BY_SIZE, R_RISCV_32, R_RISCV_64, R_RISCV_BRANCH, R_RISCV_HI20, R_RISCV_JAL, R_RISCV_LO12_I, R_RISCV_LO12_S,
  R_RISCV_RVC_BRANCH, R_RISCV_RVC_JUMP, R_RISCV_TLS_GD_HI20, R_RISCV_TLS_GOT_HI20, R_RISCV_TPREL_ADD, R_RISCV_TPREL_HI20,
  R_RISCV_TPREL_LO12_I, R_RISCV_TPREL_LO12_S,
} from './relocs';
import { STT_TLS } from '../../elf/constants';
import type { Frag, Section } from './sections';
import { labelOf, relocTarget, type Sym } from './symbols';
import type { DiagnosticSink } from './diagnostics';
import type { SourceRange } from './types';

/** A fixup in a section: bytes at `frag` + `offset` (`size` bytes) that depend on `value`. */
export interface Fixup {
  frag: Frag;
  offset: number;
  size: number;
  value: Value;
  range: SourceRange;
  /** 'data' for .byte/.half/.word/.dword; otherwise the R_RISCV_* type of an instruction field. */
  kind: 'data' | number;
  /** Instruction fixups with a pc-relative field: the instruction to re-encode with the tentative offset. */
  insn?: { row: InstrRow; fields: Partial<InstrFields> };
}

/** One relocation of a section (Elf64_Rela): r_offset, the type, the symbol (undefined = index 0) and r_addend. */
export interface Relocation {
  offset: number;
  type: number;
  sym?: Sym;
  addend: bigint;
}

const BITS_PER_BYTE = 8;

/** Writes `value` little-endian into `bytes` at `at`. */
export function writeLE(bytes: Uint8Array, at: number, value: bigint, size: number): void {
  let v = BigInt.asUintN(size * BITS_PER_BYTE, value);
  for (let i = 0; i < size; i++) {
    bytes[at + i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

/**
 * GNU as's truncation warning test: the bits above `size` bytes must be all zeros or all ones
 * (so 256 in a .byte warns, -129 does not).
 */
export function truncationWarning(value: bigint, size: number): string | undefined {
  if (size >= 8) return undefined;
  const bits = BigInt(size * BITS_PER_BYTE);
  const high = BigInt.asIntN(64, value) >> bits;
  if (high === 0n || high === -1n) return undefined;
  const mask = (1n << bits) - 1n;
  return `value 0x${BigInt.asUintN(64, value).toString(16)} truncated to 0x${(BigInt.asUintN(64, value) & mask).toString(16)}`;
}

/** Sign-extends the low `bits` bits of `v`. */
const wrapSigned = (v: number, bits: number) => Number(BigInt.asIntN(bits, BigInt(v)));

/** Width of the pc-relative field of each relocation type (for GNU's tentative value). */
const PCREL_FIELD_BITS: ReadonlyMap<number, number> = new Map([
  [R_RISCV_BRANCH, 13], [R_RISCV_JAL, 21], [R_RISCV_RVC_BRANCH, 9], [R_RISCV_RVC_JUMP, 12],
]);

/**
 * The instruction bits of a pc-relative instruction at section offset `pc` aimed at `target`:
 * GNU as fills in (symbol value + addend - pc) even when a relocation is kept ("a tentative value
 * to improve objdump readability"), for undefined symbols with value 0, wrapped to the field.
 */
export function tentativeBits(row: InstrRow, fields: Partial<InstrFields>, type: number, target: Value, pc: number): number {
  const symValue = (target.sym === undefined ? undefined : labelOf(target.sym))?.address ?? 0;
  const bits = PCREL_FIELD_BITS.get(type) ?? 32;
  const delta = wrapSigned(symValue + Number(target.add) - pc, bits) & ~1;
  return encode(row, { ...fields, imm: delta }) ?? encode(row, { ...fields, imm: 0 }) ?? 0;
}

/** Relocation types whose field GNU as fills with the addend's part (%hi/%lo of sym + addend). */
const ADDEND_FIELD_TYPES: ReadonlySet<number> = new Set([R_RISCV_HI20, R_RISCV_LO12_I, R_RISCV_LO12_S]);
/** Relocation types that make an undefined symbol STT_TLS. */
const TLS_TYPES: ReadonlySet<number> = new Set([R_RISCV_TPREL_HI20, R_RISCV_TPREL_LO12_I, R_RISCV_TPREL_LO12_S,
  R_RISCV_TPREL_ADD, R_RISCV_TLS_GOT_HI20, R_RISCV_TLS_GD_HI20]);

const HI_ROUND = 0x800n;
const LO_BITS = 12;

/** Resolves the fixups of `section` after layout: writes bytes, returns its relocations. */
export function resolveFixups(section: Section, ctx: EvalContext, diags: DiagnosticSink, bytes: Uint8Array): Relocation[] {
  const relocs: Relocation[] = [];
  for (const f of section.fixups) {
    const at = f.frag.address + f.offset;
    if (f.kind === 'data') {
      resolveData(f, at, ctx, diags, bytes, relocs);
      continue;
    }
    const v = f.value;
    if (f.insn !== undefined && PCREL_FIELD_BITS.has(f.kind)) {
      writeLE(bytes, at, BigInt(tentativeBits(f.insn.row, f.insn.fields, f.kind, v, at)), f.size);
    } else if (f.insn !== undefined && ADDEND_FIELD_TYPES.has(f.kind)) {
      const part = f.kind === R_RISCV_HI20 ? ((v.add + HI_ROUND) >> BigInt(LO_BITS)) << BigInt(LO_BITS) : BigInt.asIntN(LO_BITS, v.add);
      const bits = encode(f.insn.row, { ...f.insn.fields, imm: Number(BigInt.asIntN(32, part)) });
      if (bits !== undefined) writeLE(bytes, at, BigInt(bits), f.size);
    }
    relocs.push(relocationOf(at, f.kind, v.sym, v.add));
  }
  return relocs;
}

/**
 * A relocation against `sym` + `add` (an `.equ` alias of an undefined symbol resolved to it); marks
 * the symbol as needed in .symtab, and TLS-typed when a TLS relocation names it.
 */
export function relocationOf(offset: number, type: number, sym: Sym | undefined, add: bigint): Relocation {
  const t = relocTarget(sym, add);
  if (t.sym !== undefined) {
    t.sym.usedInReloc = true;
    if (TLS_TYPES.has(type) && t.sym.elfType === undefined) t.sym.elfType = STT_TLS;
  }
  return { offset, type, sym: t.sym, addend: t.add };
}

function resolveData(f: Fixup, at: number, ctx: EvalContext, diags: DiagnosticSink, bytes: Uint8Array, relocs: Relocation[]): void {
  let v = f.value;
  const a = v.sym === undefined ? undefined : labelOf(v.sym);
  const b = v.sub === undefined ? undefined : labelOf(v.sub);
  // Label differences fold unless the labels are in a code section (there GNU keeps ADD/SUB pairs).
  if (a !== undefined && b !== undefined && a.section === b.section && !a.section.code) v = foldFinal(v, ctx);
  if (isConstant(v)) {
    const warning = truncationWarning(v.add, f.size);
    if (warning !== undefined) diags.warning(f.range, warning);
    writeLE(bytes, at, v.add, f.size);
    return;
  }
  if (v.sub !== undefined) {
    const pair = ADD_SUB_BY_SIZE.get(f.size);
    if (pair === undefined || v.sym === undefined || b === undefined) {
      diags.error(f.range, `can't resolve \`${v.sym?.name ?? '0'}' - \`${v.sub.name}'`);
      return;
    }
    relocs.push(relocationOf(at, pair[0], v.sym, v.add));
    relocs.push(relocationOf(at, pair[1], v.sub, 0n));
    return;
  }
  const type = f.size === 4 ? R_RISCV_32 : f.size === 8 ? R_RISCV_64 : undefined;
  if (type === undefined) {
    diags.error(f.range, `cannot represent BFD_RELOC_${f.size * BITS_PER_BYTE} relocation in object file`);
    return;
  }
  relocs.push(relocationOf(at, type, v.sym, v.add));
}
