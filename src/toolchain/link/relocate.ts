/**
 * Applying relocations (RISC-V psABI, "Relocations": S is the symbol's value, A the addend,
 * P the address of the place patched, V the value already there). Every input section that
 * went into the output is patched in its private copy. A relocation that cannot be applied
 * (undefined symbol, value out of the instruction's reach, unsupported type) is reported at
 * its object, section and offset, and the link produces no executable.
 *
 * %pcrel_lo pairs: R_RISCV_PCREL_LO12_I/S name the label of the auipc that carries the
 * R_RISCV_PCREL_HI20, so the low part is taken from that auipc's pc-relative value, not from
 * its own symbol. As in GNU ld, the auipc must be in the same input section.
 */
import { SHF_ALLOC, SHN_ABS, SHN_LORESERVE, SHN_UNDEF, STB_LOCAL, STB_WEAK, STT_SECTION } from '../../elf/constants';
import {
  R_RISCV_32, R_RISCV_32_PCREL, R_RISCV_64, R_RISCV_ADD16, R_RISCV_ADD32, R_RISCV_ADD64, R_RISCV_ADD8,
  R_RISCV_ALIGN, R_RISCV_BRANCH, R_RISCV_CALL, R_RISCV_CALL_PLT, R_RISCV_GOT_HI20, R_RISCV_HI20, R_RISCV_JAL,
  R_RISCV_LO12_I, R_RISCV_LO12_S, R_RISCV_NONE, R_RISCV_PCREL_HI20, R_RISCV_PCREL_LO12_I, R_RISCV_PCREL_LO12_S,
  R_RISCV_PLT32, R_RISCV_RELAX, R_RISCV_RVC_BRANCH, R_RISCV_RVC_JUMP, R_RISCV_SET16, R_RISCV_SET32, R_RISCV_SET6,
  R_RISCV_SET8, R_RISCV_SET_ULEB128, R_RISCV_SUB16, R_RISCV_SUB32, R_RISCV_SUB6, R_RISCV_SUB64, R_RISCV_SUB8,
  R_RISCV_SUB_ULEB128, riscvRelocationName, type Rela,
} from '../../elf/relocatable';
import { readUnsigned, ulebLength, writeUlebInPlace, writeUnsigned } from './bytes';
import { quoted, type DiagnosticSink } from './diagnostics';
import { addressIn } from './merge';
import { auipcToLui, jalrFromZero, patchImmediate, type PatchFormat } from './fields';
import type { InputObject, InputSection } from './model';
import type { SymbolTable } from './resolve';

/** Bits of the low part of a %hi/%lo split: the I/S immediate (12 bits), rounded into %hi by adding 0x800. */
const LO_BITS = 12;
const LO_ROUND = 1n << BigInt(LO_BITS - 1);
/** The reach of lui/auipc: %hi is a signed 20-bit value. */
const HI_BITS = 20;
/** Mask of the 6-bit fields of R_RISCV_SET6 / R_RISCV_SUB6 (the low bits of one byte). */
const SIX_BIT_MASK = 0x3fn;
const BYTE_HIGH_BITS = 0xc0n;
const WIDTH: Record<number, number> = {
  [R_RISCV_32]: 4, [R_RISCV_64]: 8, [R_RISCV_ADD8]: 1, [R_RISCV_ADD16]: 2, [R_RISCV_ADD32]: 4, [R_RISCV_ADD64]: 8,
  [R_RISCV_SUB8]: 1, [R_RISCV_SUB16]: 2, [R_RISCV_SUB32]: 4, [R_RISCV_SUB64]: 8, [R_RISCV_SET6]: 1, [R_RISCV_SUB6]: 1,
  [R_RISCV_SET8]: 1, [R_RISCV_SET16]: 2, [R_RISCV_SET32]: 4, [R_RISCV_32_PCREL]: 4, [R_RISCV_PLT32]: 4,
};
/** pc-relative jumps and branches: the instruction format and the signed bit width of the byte offset. */
const JUMPS: Record<number, { format: PatchFormat; bits: number }> = {
  [R_RISCV_BRANCH]: { format: 'B', bits: 13 },
  [R_RISCV_JAL]: { format: 'J', bits: 21 },
  [R_RISCV_RVC_BRANCH]: { format: 'CB', bits: 9 },
  [R_RISCV_RVC_JUMP]: { format: 'CJ', bits: 12 },
};

/** The relocation types a static link of RV64 code applies (the rest are reported as unsupported). */
const SUPPORTED: ReadonlySet<number> = new Set([
  ...Object.keys(WIDTH).map(Number), ...Object.keys(JUMPS).map(Number),
  R_RISCV_HI20, R_RISCV_LO12_I, R_RISCV_LO12_S, R_RISCV_PCREL_HI20, R_RISCV_PCREL_LO12_I, R_RISCV_PCREL_LO12_S,
  R_RISCV_CALL, R_RISCV_CALL_PLT, R_RISCV_SET_ULEB128, R_RISCV_SUB_ULEB128,
]);

/** A relocation's symbol, resolved: S, and how to name it in messages. */
interface Target {
  value: bigint;
  name: string;
  /** A weak symbol no object defines (its value is 0). */
  undefinedWeak?: boolean;
}

/**
 * The pc-relative value an auipc with R_RISCV_PCREL_HI20 received (or the absolute one, if it
 * became a lui); `failed` when its own relocation was reported, so its %pcrel_lo is not.
 */
type HiPart = { value: bigint; failed?: boolean };

/** What relocating one section needs. */
interface Context {
  section: InputSection;
  table: SymbolTable;
  sink: DiagnosticSink;
  hiParts: Map<bigint, HiPart>;
  /** R_RISCV_SET_ULEB128 waiting for its R_RISCV_SUB_ULEB128 at the same offset. */
  uleb?: { offset: number; value: bigint };
}

/** Applies the relocations of every input section that is part of the output. */
export function relocateAll(objects: readonly InputObject[], table: SymbolTable, sink: DiagnosticSink): void {
  for (const o of objects) {
    for (const section of o.sections) {
      if (!section || !section.output || section.relocations.length === 0) continue;
      if (!section.data) {
        sink.error('relocations in a section without contents (SHT_NOBITS)', { section });
        continue;
      }
      relocateSection({ section, table, sink, hiParts: new Map() });
    }
  }
}

function relocateSection(ctx: Context): void {
  const { relocations } = ctx.section;
  // The %pcrel_hi parts first: a %pcrel_lo may come before its auipc (a loop back).
  for (const r of relocations) {
    if (r.type === R_RISCV_PCREL_HI20) pcrelHi(ctx, r);
    else if (r.type === R_RISCV_GOT_HI20) ctx.hiParts.set(BigInt(ctx.section.address + r.offset), { value: 0n, failed: true });
  }
  for (const r of relocations) if (r.type !== R_RISCV_PCREL_HI20) applyOne(ctx, r);
  if (ctx.uleb) report(ctx, ctx.uleb.offset, 'R_RISCV_SET_ULEB128 has no R_RISCV_SUB_ULEB128 after it');
}

function applyOne(ctx: Context, r: Rela): void {
  const type = r.type;
  if (type === R_RISCV_NONE || type === R_RISCV_RELAX || type === R_RISCV_ALIGN) return;
  if (!SUPPORTED.has(type)) return unsupported(ctx, r);
  const width = WIDTH[type];
  if (width !== undefined && !inSection(ctx, r, width)) return;
  const t = target(ctx, r);
  if (!t) return;
  const data = ctx.section.data!;
  const S = t.value;
  const A = r.addend;
  const P = BigInt(ctx.section.address + r.offset);
  switch (type) {
    case R_RISCV_32: case R_RISCV_64: case R_RISCV_SET8: case R_RISCV_SET16: case R_RISCV_SET32:
      return writeUnsigned(data, r.offset, width!, S + A);
    case R_RISCV_ADD8: case R_RISCV_ADD16: case R_RISCV_ADD32: case R_RISCV_ADD64:
      return writeUnsigned(data, r.offset, width!, readUnsigned(data, r.offset, width!) + S + A);
    case R_RISCV_SUB8: case R_RISCV_SUB16: case R_RISCV_SUB32: case R_RISCV_SUB64:
      return writeUnsigned(data, r.offset, width!, readUnsigned(data, r.offset, width!) - (S + A));
    case R_RISCV_SET6: case R_RISCV_SUB6: {
      const old = BigInt(data[r.offset]!);
      const low = type === R_RISCV_SET6 ? S + A : old - (S + A);
      data[r.offset] = Number((old & BYTE_HIGH_BITS) | (low & SIX_BIT_MASK));
      return;
    }
    case R_RISCV_32_PCREL: case R_RISCV_PLT32:
      if (!checkRange(ctx, r, t, S + A - P, 32)) return;
      return writeUnsigned(data, r.offset, 4, S + A - P);
    case R_RISCV_HI20:
      hi20(ctx, r, t, S + A, r.offset);
      return;
    case R_RISCV_LO12_I: case R_RISCV_LO12_S:
      patch(ctx, r, r.offset, type === R_RISCV_LO12_I ? 'I' : 'S', lo12(S + A));
      return;
    case R_RISCV_PCREL_LO12_I: case R_RISCV_PCREL_LO12_S:
      return pcrelLo(ctx, r, t, S + A, type === R_RISCV_PCREL_LO12_I ? 'I' : 'S');
    case R_RISCV_CALL: case R_RISCV_CALL_PLT:
      return call(ctx, r, t, S + A - P);
    case R_RISCV_BRANCH: case R_RISCV_JAL: case R_RISCV_RVC_BRANCH: case R_RISCV_RVC_JUMP: {
      const { format, bits } = JUMPS[type]!;
      const offset = S + A - P;
      if (!checkRange(ctx, r, t, offset, bits)) return;
      if (offset % 2n !== 0n) return report(ctx, r.offset, `relocation ${riscvRelocationName(type)} to ${quoted(t.name)}: the target is at an odd offset (${offset}); instructions are 2-byte aligned`);
      patch(ctx, r, r.offset, format, Number(offset));
      return;
    }
    case R_RISCV_SET_ULEB128:
      ctx.uleb = { offset: r.offset, value: S + A };
      return;
    case R_RISCV_SUB_ULEB128:
      return subUleb(ctx, r, S + A);
  }
}

/** R_RISCV_PCREL_HI20: S + A - P into the auipc; remembered by P for the %pcrel_lo that names this auipc. */
function pcrelHi(ctx: Context, r: Rela): void {
  const P = BigInt(ctx.section.address + r.offset);
  ctx.hiParts.set(P, { value: 0n, failed: true });
  if (!inSection(ctx, r, 4)) return;
  const t = target(ctx, r);
  if (!t) return;
  const pcrel = t.value + r.addend - P;
  const absolute = t.value + r.addend;
  if (!fitsHi20(pcrel) && fitsHi20(absolute)) {
    // Out of pc-relative reach but near address 0 (an undefined weak symbol): ld makes it a lui.
    const error = auipcToLui(ctx.section.data!, r.offset, hiPart(absolute));
    if (error) return report(ctx, r.offset, `cannot apply ${riscvRelocationName(r.type)}: ${error}`);
    ctx.hiParts.set(P, { value: absolute });
    return;
  }
  if (hi20(ctx, r, t, pcrel, r.offset)) ctx.hiParts.set(P, { value: pcrel });
}

/**
 * R_RISCV_CALL(_PLT): S + A - P split over auipc (at P) and jalr (at P + 4). A call to an
 * undefined weak function goes to absolute address A instead, with the jalr based on x0, as
 * GNU ld does in a static link (the pc-relative distance to 0 would depend on P).
 */
function call(ctx: Context, r: Rela, t: Target, pcrel: bigint): void {
  let value = pcrel;
  if (t.undefinedWeak) {
    const error = jalrFromZero(ctx.section.data!, r.offset + 4);
    if (error) return report(ctx, r.offset, `cannot apply ${riscvRelocationName(r.type)}: ${error}`);
    value = r.addend;
  }
  if (hi20(ctx, r, t, value, r.offset)) patch(ctx, r, r.offset + 4, 'I', lo12(value));
}

/** %pcrel_lo: `label` = S + A is the address of the auipc whose pc-relative value supplies the low 12 bits. */
function pcrelLo(ctx: Context, r: Rela, t: Target, label: bigint, format: PatchFormat): void {
  const hi = ctx.hiParts.get(label);
  if (!hi) {
    const at = t.name.startsWith('.L') ? `0x${BigInt.asUintN(64, label).toString(16)}` : quoted(t.name);
    return report(ctx, r.offset, `%pcrel_lo missing matching %pcrel_hi: no auipc with R_RISCV_PCREL_HI20 at ${at} in this section`);
  }
  if (hi.failed) return;
  patch(ctx, r, r.offset, format, lo12(hi.value));
}

/** Writes %hi(value) into the U-type instruction at `offset` after checking its reach. False when reported. */
function hi20(ctx: Context, r: Rela, t: Target, value: bigint, offset: number): boolean {
  if (!fitsHi20(value)) {
    const reach = 2n ** 31n;
    report(ctx, r.offset, `relocation ${riscvRelocationName(r.type)} out of range: ${quoted(t.name)} is ${describeValue(r.type, value)}; %hi reaches ${-reach - LO_ROUND}..${reach - LO_ROUND - 1n}`);
    return false;
  }
  return patch(ctx, r, offset, 'U', hiPart(value));
}

function fitsHi20(value: bigint): boolean {
  const hi = (value + LO_ROUND) >> BigInt(LO_BITS);
  return hi >= -(1n << BigInt(HI_BITS - 1)) && hi < 1n << BigInt(HI_BITS - 1);
}

/** %hi(value) as the U-type immediate (the value added: a multiple of 4096, signed 32-bit). */
function hiPart(value: bigint): number {
  return Number(BigInt.asIntN(32, ((value + LO_ROUND) >> BigInt(LO_BITS)) << BigInt(LO_BITS)));
}

/** %lo(value): the sign-extended low 12 bits. */
function lo12(value: bigint): number {
  return Number(BigInt.asIntN(LO_BITS, value));
}

function patch(ctx: Context, r: Rela, offset: number, format: PatchFormat, imm: number): boolean {
  const error = patchImmediate(ctx.section.data!, offset, format, imm);
  if (error) report(ctx, r.offset, `cannot apply ${riscvRelocationName(r.type)}: ${error}`);
  return error === undefined;
}

/** Checks that a pc-relative offset fits `bits` signed bits; reports "out of range" otherwise. */
function checkRange(ctx: Context, r: Rela, t: Target, value: bigint, bits: number): boolean {
  const limit = 1n << BigInt(bits - 1);
  if (value >= -limit && value < limit) return true;
  const max = JUMPS[r.type] ? limit - 2n : limit - 1n;
  report(ctx, r.offset, `relocation ${riscvRelocationName(r.type)} out of range: ${quoted(t.name)} is ${describeValue(r.type, value)}; the instruction reaches ${-limit}..${max}`);
  return false;
}

function describeValue(type: number, value: bigint): string {
  return type === R_RISCV_HI20 ? `at address 0x${BigInt.asUintN(64, value).toString(16)}` : `${value} bytes away`;
}

/** R_RISCV_SUB_ULEB128 completes the preceding SET: the ULEB128 at the place becomes SET's value minus this one. */
function subUleb(ctx: Context, r: Rela, sub: bigint): void {
  const set = ctx.uleb;
  ctx.uleb = undefined;
  if (!set || set.offset !== r.offset) return report(ctx, r.offset, 'R_RISCV_SUB_ULEB128 does not follow an R_RISCV_SET_ULEB128 at the same offset');
  const data = ctx.section.data!;
  const length = ulebLength(data, r.offset, data.length);
  if (length === undefined) return report(ctx, r.offset, 'R_RISCV_SUB_ULEB128: no ULEB128 value at the place');
  const value = BigInt.asUintN(64, set.value - sub);
  if (!writeUlebInPlace(data, r.offset, length, value)) {
    report(ctx, r.offset, `R_RISCV_SUB_ULEB128: ${value} does not fit the ${length}-byte ULEB128 at the place`);
  }
}

function unsupported(ctx: Context, r: Rela): void {
  const name = riscvRelocationName(r.type);
  if (r.type === R_RISCV_GOT_HI20) return report(ctx, r.offset, `relocation ${name} is not supported: a static link has no GOT (use lla, or la without .option pic)`);
  report(ctx, r.offset, `relocation ${name} is not supported by the built-in static linker`);
}

function inSection(ctx: Context, r: Rela, width: number): boolean {
  const size = ctx.section.data!.length;
  if (r.offset + width <= size) return true;
  report(ctx, r.offset, `relocation ${riscvRelocationName(r.type)} at offset 0x${r.offset.toString(16)} reaches past the end of the section (0x${size.toString(16)} bytes)`);
  return false;
}

function report(ctx: Context, offset: number, message: string): void {
  ctx.sink.error(message, { section: ctx.section, offset });
}

/** S for relocation `r`: its symbol's final value, or undefined (reported) when there is none. */
function target(ctx: Context, r: Rela): Target | undefined {
  const object = ctx.section.object;
  if (r.symbol === 0) return { value: 0n, name: '(none)' };
  const sym = object.symbols[r.symbol];
  if (!sym) {
    report(ctx, r.offset, `relocation ${riscvRelocationName(r.type)} names symbol ${r.symbol}, past the ${object.symbols.length} symbols of the object`);
    return undefined;
  }
  if (sym.bind !== STB_LOCAL) {
    const g = ctx.table.globals.get(sym.name);
    if (!g || g.definition.kind === 'undefined') {
      // An undefined weak symbol is 0 (gABI "Symbol Table": weak references need no definition).
      if (g && g.bind === STB_WEAK) return { value: 0n, name: sym.name, undefinedWeak: true };
      ctx.sink.error(`undefined symbol ${quoted(sym.name)}`, { section: ctx.section, offset: r.offset, symbol: sym.name });
      return undefined;
    }
    const d = g.definition;
    if (d.kind === 'section' && !d.section.output) return discarded(ctx, r, sym.name, d.section);
    return { value: g.value, name: sym.name };
  }
  if (sym.shndx === SHN_ABS) return { value: sym.value, name: sym.name };
  const section = sym.shndx !== SHN_UNDEF && sym.shndx < SHN_LORESERVE ? object.sections[sym.shndx] : undefined;
  const name = sym.type === STT_SECTION ? section?.name ?? `section ${sym.shndx}` : sym.name;
  if (!section) {
    report(ctx, r.offset, `relocation ${riscvRelocationName(r.type)} refers to ${quoted(name)}, which is in no section with code or data`);
    return undefined;
  }
  if (!section.output) return discarded(ctx, r, name, section);
  // A section symbol's addend is the offset in the section: in a merged string section it moves with its string.
  const value = sym.type === STT_SECTION ? addressIn(section, r.addend) - r.addend : addressIn(section, sym.value);
  return { value, name };
}

/** A symbol in a section the link dropped: 0 in debugging information (as ld), an error elsewhere. */
function discarded(ctx: Context, r: Rela, name: string, section: InputSection): Target | undefined {
  if (!(ctx.section.flags & SHF_ALLOC)) return { value: 0n, name };
  report(ctx, r.offset, `relocation ${riscvRelocationName(r.type)} refers to ${quoted(name)} in section ${section.name}, which the link discards`);
  return undefined;
}
