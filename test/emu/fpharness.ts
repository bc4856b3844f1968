import type { StopReason } from '../../src/emu/trap';
import { ROW_BY_MNEMONIC } from '../../src/isa/table';
import type { OperandKind } from '../../src/isa/types';
import { Machine, USER_RW, PTE_A, PTE_D, ins, program } from './machine';

/** Code and data addresses of the F/D instruction tests. */
export const FP_CODE_VA = 0x20000;
export const FP_DATA_VA = 0x30000;

const machine = new Machine(2 * 1024 * 1024);
machine.loadCode(FP_CODE_VA, new Uint8Array(4096));
machine.map(FP_DATA_VA, USER_RW | PTE_A | PTE_D);

/** Register state to preset before running: x and f registers (raw bits), frm and fflags. */
export interface FpSetup {
  x?: Record<number, bigint>;
  f?: Record<number, bigint>;
  frm?: number;
  fflags?: number;
}

/**
 * Runs `instructions` followed by ecall on a shared machine with every register cleared and
 * then `setup` applied. Returns the machine and the stop reason (an ecall when all retired).
 */
export function fpRun(instructions: number[], setup: FpSetup = {}): { m: Machine; stop: StopReason } {
  const m = machine;
  m.mem.writeBytes(m.pa(FP_CODE_VA), program([...instructions, ins('ecall')]));
  for (let i = 1; i < 32; i++) m.hart.setX(i, setup.x?.[i] ?? 0n);
  for (let i = 0; i < 32; i++) m.hart.setF(i, setup.f?.[i] ?? 0n);
  m.hart.fcsr = ((setup.frm ?? 0) << 5) | (setup.fflags ?? 0);
  m.hart.pc = FP_CODE_VA;
  const stop = m.hart.run(100);
  return { m, stop };
}

const f32 = new Float32Array(1);
const f32Bits = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const f64Bits = new BigUint64Array(f64.buffer);

/** Bits of the single nearest to x (x should be exactly representable). */
export function bitsS(x: number): number {
  f32[0] = x;
  return f32Bits[0];
}

/** A NaN-boxed single register value: bits 63:32 all ones, bits 31:0 the single. */
export function boxS(bits: number): bigint {
  return 0xffffffff00000000n | BigInt(bits >>> 0);
}

/** Boxed register value of the single x. */
export const S = (x: number) => boxS(bitsS(x));

/** Raw bits of the double x. */
export function D(x: number): bigint {
  f64[0] = x;
  return f64Bits[0];
}

/** fflags bits (Unprivileged spec, "Accrued exception flag encoding"). */
export const NX = 0x01, UF = 0x02, OF = 0x04, DZ = 0x08, NV = 0x10;
/** rm field values. */
export const RNE = 0, RTZ = 1, RDN = 2, RUP = 3, RMM = 4, DYN = 7;
export const ROUNDING_MODES = [RNE, RTZ, RDN, RUP, RMM] as const;

export const CANONICAL_NAN_S = boxS(0x7fc00000);
export const CANONICAL_NAN_D = 0x7ff8000000000000n;
export const SNAN_S = boxS(0x7f800001);
export const SNAN_D = 0x7ff0000000000001n;
export const QNAN_S = boxS(0x7fc00000);
export const QNAN_D = 0x7ff8000000000000n;

/**
 * Runs one F/D instruction `mnemonic` with operands f1 (frs1), f2 (frs2), f3 (frs3) or x11
 * (rs1 for integer sources) and rounding mode rm; result in f10 (or x10 for integer
 * results). Returns the raw destination value and the fflags raised.
 */
export function fp1(mnemonic: string, srcs: { f1?: bigint; f2?: bigint; f3?: bigint; x1?: bigint }, rm = DYN,
  frm = RNE): { value: bigint; fflags: number; stop: StopReason } {
  const intDest = /^(feq|flt|fle|fclass|fmv\.x|fcvt\.(w|wu|l|lu)\.)/.test(mnemonic);
  const row = ROW_BY_MNEMONIC.get(mnemonic);
  const has = (k: OperandKind) => row?.operands.includes(k) === true;
  const bits = ins(mnemonic, { rd: 10, rs1: 11, rs2: has('frs2') ? 12 : 0, rs3: has('frs3') ? 13 : 0, rm: has('rm') ? rm : 0 });
  const { m, stop } = fpRun([bits], {
    f: { 11: srcs.f1 ?? 0n, 12: srcs.f2 ?? 0n, 13: srcs.f3 ?? 0n },
    x: { 11: srcs.x1 ?? 0n },
    frm,
  });
  return { value: intDest ? m.hart.getX(10) : m.hart.getF(10), fflags: m.hart.fcsr & 0x1f, stop };
}
