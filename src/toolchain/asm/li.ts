/**
 * `li rd, imm` exactly as GNU as 2.40 expands it for RV64 (tc-riscv.c: the `li d,j` table alias
 * for 12-bit values, otherwise load_const), described here in our own words:
 *
 * - a value that fits 12 signed bits: `addi rd, x0, v` (compressible to c.li);
 * - otherwise split v = upper + lower with lower = the sign-extended low 12 bits;
 *   - if v is a sign-extended 32-bit value: `lui rd, upper >> 12` when upper != 0, then
 *     `addiw rd, rd|x0, lower` when lower != 0 or no lui was emitted;
 *   - else shift = the lowest set bit of upper at or above bit 12; build upper >> shift
 *     (arithmetic) the same way, then `slli rd, rd, shift`, then `addi rd, rd, lower` if lower != 0.
 *
 * Each step is a base instruction that GNU then compresses when it can (c.lui, c.addiw, c.slli,
 * c.addi). Pure: returns the steps; the caller encodes them.
 */

/** One step of an expansion. `rs1` of addi/addiw is rd or x0 (0). */
export interface LiStep {
  mnemonic: 'addi' | 'addiw' | 'lui' | 'slli';
  rd: number;
  rs1: number;
  /** The immediate: addi/addiw value, slli shift, lui 20-bit upper value (0..0xfffff). */
  imm: number;
}

const LOW_BITS = 12;
const X0 = 0;
const UPPER_MASK = 0xfffffn;

const sext = (v: bigint, bits: number) => BigInt.asIntN(bits, v);
const fitsSigned = (v: bigint, bits: number) => v === sext(v, bits);

/** The instructions `li rd, value` becomes (value taken as a 64-bit two's complement number). */
export function expandLi(rd: number, value: bigint): LiStep[] {
  const v = sext(value, 64);
  if (fitsSigned(v, LOW_BITS)) return [{ mnemonic: 'addi', rd, rs1: X0, imm: Number(v) }];
  const steps: LiStep[] = [];
  loadConst(rd, v, steps);
  return steps;
}

/**
 * GNU's load_const alone (no 12-bit shortcut): what `la`/`lla` of a constant become, so
 * `la a0, 100` is `addiw a0, zero, 100`.
 */
export function expandLoadConst(rd: number, value: bigint): LiStep[] {
  const steps: LiStep[] = [];
  loadConst(rd, sext(value, 64), steps);
  return steps;
}

function loadConst(rd: number, v: bigint, steps: LiStep[]): void {
  const lower = sext(v, LOW_BITS);
  const upper = sext(v - lower, 64);
  if (!fitsSigned(v, 32)) {
    let shift = LOW_BITS;
    while (((upper >> BigInt(shift)) & 1n) === 0n) shift++;
    loadConst(rd, upper >> BigInt(shift), steps);
    steps.push({ mnemonic: 'slli', rd, rs1: rd, imm: shift });
    if (lower !== 0n) steps.push({ mnemonic: 'addi', rd, rs1: rd, imm: Number(lower) });
    return;
  }
  let base = X0;
  if (upper !== 0n) {
    steps.push({ mnemonic: 'lui', rd, rs1: X0, imm: Number((upper >> BigInt(LOW_BITS)) & UPPER_MASK) });
    base = rd;
  }
  if (lower !== 0n || base === X0) steps.push({ mnemonic: 'addiw', rd, rs1: base, imm: Number(lower) });
}
