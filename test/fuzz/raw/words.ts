import { Prng } from '../prng';
import { fpRegValue, intValue } from '../values';
import {
  AMO_D, AMO_FUNCT5, AMO_W, BUF_BASE, BUF_BYTES, CODE_BASE, COUNTER_CSRS, CSR_FFLAGS, ECALL_INSN, LOW_BITS_32,
  EBREAK_INSN, MAX_PARCELS, OPC_AMO, OPC_BRANCH, OPC_JAL, OPC_JALR, OPC_LOAD, OPC_LOAD_FP, OPC_MISC_MEM, OPC_STORE,
  OPC_STORE_FP, OPC_SYSTEM, OPCODE_MASK, PAGE_BYTES, SC_FUNCT5, SLOT_BYTES,
} from './constants';

/**
 * Random instruction streams (issue 9, "Random instruction streams"): each sample is a few
 * random 16-bit parcels and 32-bit words plus a random initial state (x1..x31, f0..f31, fcsr).
 * Half the words are uniformly random bits; the rest are drawn per major opcode so memory
 * accesses, atomics (aligned and misaligned), branches and system instructions come often.
 * Registers mostly point into the data buffer (at aligned and misaligned offsets, near both
 * ends and the page boundary inside it), so loads, stores and AMOs hit mapped memory.
 * Two rewrites keep runs comparable: `ecall` is never drawn (a random system call could do
 * anything) and CSR accesses to cycle/time/instret go to fflags (their values differ per run).
 */

/** One instruction as placed in the slot: its bits and size in bytes (2 or 4). */
export interface RawInsn {
  bits: number;
  size: 2 | 4;
}

/** A sample: its name (`r<seed>-n<index>`), code and initial state (raw 64-bit patterns). */
export interface RawSample {
  name: string;
  code: RawInsn[];
  x: bigint[];
  f: bigint[];
  fcsr: number;
}

/** The sample's own PRNG seed: index `i` of fuzz seed `seed`. */
export function sampleSeed(seed: number, i: number): number {
  return (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca77)) >>> 0;
}

/** Sample `i` of seed `seed` (deterministic). */
export function makeSample(seed: number, i: number): RawSample {
  const r = new Prng(sampleSeed(seed, i));
  const code: RawInsn[] = [];
  let parcels = 0;
  const want = r.range(1, MAX_PARCELS);
  while (parcels < want) {
    const insn = drawInsn(r);
    code.push(insn);
    parcels += insn.size / 2;
  }
  const x = Array.from({ length: 31 }, () => regValue(r));
  const f = Array.from({ length: 32 }, () => fpRegValue(r));
  // frm 0..4 mostly; 5..7 (reserved) now and then, so dynamic-rounding instructions trap.
  const frm = r.chance(0.1) ? r.range(5, 7) : r.range(0, 4);
  return { name: `r${seed}-n${i}`, code, x, f, fcsr: (frm << 5) | r.below(32) };
}

/** Bytes of code a sample's instructions take. */
export function codeBytes(s: RawSample): number {
  return s.code.reduce((n, c) => n + c.size, 0);
}

/** Slot start of sample `k` of a batch. */
export function slotAddress(k: number): number {
  return CODE_BASE + k * SLOT_BYTES;
}

function drawInsn(r: Prng): RawInsn {
  switch (r.weighted<number>([[3, 0], [3, 1], [4, 2]])) {
    case 0: return { bits: randomParcel16(r), size: 2 };
    case 1: return { bits: sanitize(r.u32() | LOW_BITS_32), size: 4 };
    default: return { bits: sanitize(structured(r)), size: 4 };
  }
}

/** A uniformly random 16-bit parcel (low bits not 11, so it is a compressed instruction). */
function randomParcel16(r: Prng): number {
  let p = r.below(0x10000);
  if ((p & LOW_BITS_32) === LOW_BITS_32) p &= ~r.range(1, 3);
  return p;
}

const reg = (r: Prng) => r.below(32);
const imm12 = (r: Prng) => (r.chance(0.7) ? r.range(-16, 16) : r.range(-2048, 2047)) & 0xfff;

/** A word of one major opcode with random fields (many of them still reserved encodings). */
function structured(r: Prng): number {
  const op = r.pick([OPC_AMO, OPC_AMO, OPC_AMO, OPC_LOAD, OPC_STORE, OPC_LOAD_FP, OPC_STORE_FP, OPC_BRANCH, OPC_JAL, OPC_JALR, OPC_SYSTEM, OPC_MISC_MEM]);
  const f3 = r.below(8);
  switch (op) {
    case OPC_AMO: {
      const funct5 = r.pick(AMO_FUNCT5);
      const width = r.chance(0.9) ? r.pick([AMO_W, AMO_D]) : f3;
      const rs2 = funct5 === 0x02 && r.chance(0.8) ? 0 : reg(r);
      return (funct5 << 27) | (r.below(4) << 25) | (rs2 << 20) | (reg(r) << 15) | (width << 12) | (reg(r) << 7) | op;
    }
    case OPC_STORE:
    case OPC_STORE_FP: {
      const imm = imm12(r);
      return ((imm >> 5) << 25) | (reg(r) << 20) | (reg(r) << 15) | (f3 << 12) | ((imm & 0x1f) << 7) | op;
    }
    case OPC_BRANCH: {
      const off = r.range(-8, 16) * 2;
      const b = off & 0x1fff;
      const hi = (((b >> 12) & 1) << 6) | ((b >> 5) & 0x3f);
      const lo = (((b >> 1) & 0xf) << 1) | ((b >> 11) & 1);
      return (hi << 25) | (reg(r) << 20) | (reg(r) << 15) | (f3 << 12) | (lo << 7) | op;
    }
    case OPC_JAL: {
      const off = (r.chance(0.8) ? r.range(-8, 32) * 2 : r.range(-0x80000, 0x7ffff) * 2) & 0x1fffff;
      const imm = (((off >> 20) & 1) << 19) | (((off >> 1) & 0x3ff) << 9) | (((off >> 11) & 1) << 8) | ((off >> 12) & 0xff);
      return (imm << 12) | (reg(r) << 7) | op;
    }
    default:
      // LOAD, LOAD-FP, JALR, SYSTEM, MISC-MEM: I-type with random funct3 and immediate.
      return (imm12(r) << 20) | (reg(r) << 15) | (f3 << 12) | (reg(r) << 7) | op;
  }
}

/** The two rewrites (see the file comment). */
function sanitize(bits: number): number {
  if ((bits >>> 0) === ECALL_INSN) return ECALL_INSN | (1 << 20); // -> ebreak
  if ((bits & OPCODE_MASK) === OPC_SYSTEM && ((bits >>> 12) & 7) !== 0 && COUNTER_CSRS.includes(bits >>> 20)) {
    return ((bits & 0xfffff) | (CSR_FFLAGS << 20)) >>> 0;
  }
  return bits >>> 0;
}

/** A register value: mostly a pointer into the buffer, else into code, else any integer. */
function regValue(r: Prng): bigint {
  switch (r.weighted<number>([[5, 0], [1, 1], [1, 2], [3, 3]])) {
    case 0: return BigInt(BUF_BASE + r.range(0, BUF_BYTES - 1));
    case 1: {
      // near an edge of the buffer or its inner page boundary, often misaligned
      const edge = r.pick([0, PAGE_BYTES, BUF_BYTES]);
      return BigInt(BUF_BASE + edge + r.range(-12, 12));
    }
    case 2: return BigInt(CODE_BASE + r.range(0, 64 * SLOT_BYTES));
    default: return intValue(r);
  }
}

/** The 32 bits at virtual address `pc` of a batch's code (slots as harness.ts lays them), or undefined outside it. */
export function wordAt(samples: RawSample[], pc: bigint): number | undefined {
  const off = Number(pc - BigInt(CODE_BASE));
  if (pc < BigInt(CODE_BASE) || off + 4 > samples.length * SLOT_BYTES) return undefined;
  const slot = samples[Math.floor(off / SLOT_BYTES)];
  const bytes = new Uint8Array(SLOT_BYTES + 4);
  let n = 0;
  for (const c of slot.code) for (let b = 0; b < c.size; b++) bytes[n++] = (c.bits >>> (8 * b)) & 0xff;
  for (; n + 4 <= SLOT_BYTES; n += 4) for (let b = 0; b < 4; b++) bytes[n + b] = (EBREAK_INSN >>> (8 * b)) & 0xff;
  const at = off % SLOT_BYTES;
  if (at + 4 > SLOT_BYTES) return undefined;
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}

/** True for SC.W / SC.D (A extension: funct5 00011, funct3 010/011). */
export function isStoreConditional(bits: number): boolean {
  return (bits & OPCODE_MASK) === OPC_AMO && bits >>> 27 === SC_FUNCT5 && [AMO_W, AMO_D].includes((bits >>> 12) & 7);
}
