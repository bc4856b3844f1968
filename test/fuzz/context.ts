import { BUF_BYTES, FNAMES, REG_S0, REG_SP, S0_BIAS, SP_BIAS, XNAMES } from './layout';
import type { Prng } from './prng';

/**
 * What one generator step produces: assembly lines executed as a unit (the minimizer keeps or
 * drops a unit whole), and for control transfers the id of the unit they jump to. Lines may
 * contain `%T`, replaced by the label of the first surviving unit at or after `target` (or the
 * sequence end), so a branch never escapes the sequence and stays forward even after the
 * minimizer deleted its original target.
 */
export interface Piece {
  lines: string[];
  target?: number;
}

/** Extensions a generated unit exercises (for coverage counts). */
export type Ext = 'I' | 'M' | 'A' | 'C' | 'Zicsr' | 'F' | 'D';

/** A generator of one family of units. */
export interface Family {
  name: string;
  ext: Ext;
  /** Relative frequency. */
  weight: number;
  /** Needs the C extension enabled in the program (explicit c.* mnemonics). */
  needsC?: boolean;
  gen(c: GenContext): Piece;
}

/** Operand choosers for generators: registers that respect the pinned bases, in-buffer offsets. */
export class GenContext {
  /** Id of the unit being generated (targets must be greater). */
  id = 0;

  constructor(
    readonly r: Prng,
    /** The program is assembled with RVC on (so eligible instructions compress). */
    readonly rvc: boolean,
    /** FP units are generated: CSR writes must then leave a valid frm behind. */
    readonly fp: boolean,
    /** The program may contain lone LR units (and then no lone SC units). */
    readonly loneLr: boolean,
  ) {}

  /** A destination/source integer register other than sp and s0 (x0 included when allowX0). */
  xreg(allowX0 = false): string {
    for (;;) {
      const n = this.rvc && this.r.chance(0.5) ? this.r.range(8, 15) : this.r.range(allowX0 ? 0 : 1, 31);
      if (n !== REG_SP && n !== REG_S0) return XNAMES[n];
    }
  }

  /** A source register: any register, pinned ones included (reading them is harmless). */
  xsrc(): string {
    return XNAMES[this.r.chance(0.9) ? this.r.range(0, 31) : this.r.pick([REG_SP, REG_S0])];
  }

  /** A register of the compressed set x8..x15 other than s0. */
  creg(): string {
    return XNAMES[this.r.range(9, 15)];
  }

  /** An FP register, biased to f8..f15 (the compressed set) in RVC programs. */
  freg(): string {
    return FNAMES[this.rvc && this.r.chance(0.4) ? this.r.range(8, 15) : this.r.below(32)];
  }

  /** An FP register of the compressed set f8..f15. */
  cfreg(): string {
    return FNAMES[this.r.range(8, 15)];
  }

  /**
   * A memory operand `off(base)` for an access of `size` bytes inside the buffer. Aligned most of
   * the time, any byte offset otherwise (misaligned accesses must work).
   */
  mem(size: number, alignedOnly = false): string {
    const useSp = this.r.chance(0.5);
    const bias = useSp ? SP_BIAS : S0_BIAS;
    let addr = this.r.below(BUF_BYTES - size + 1);
    if (alignedOnly || this.r.chance(0.7)) addr &= ~(size - 1);
    else if (size > 1 && this.r.chance(0.3)) addr = SP_BIAS - this.r.range(1, size - 1); // straddles the page boundary
    return `${addr - bias}(${useSp ? 'sp' : 's0'})`;
  }

  /** An aligned address in the buffer as `base, offset` for `addi rt, base, offset` (AMOs, LR/SC). */
  aligned(size: number): { base: string; off: number } {
    const useSp = this.r.chance(0.5);
    const addr = this.r.below(BUF_BYTES / size) * size;
    return { base: useSp ? 'sp' : 's0', off: addr - (useSp ? SP_BIAS : S0_BIAS) };
  }

  /** A forward target a few units ahead. */
  target(): number {
    return this.id + this.r.range(1, 6);
  }

  /** A 12-bit signed immediate, biased to small values and the edges. */
  imm12(): number {
    return this.r.weighted<() => number>([
      [3, () => this.r.range(-16, 16)],
      [1, () => this.r.pick([-2048, 2047, -1, 0, 1, 0x7ff, -0x800])],
      [3, () => this.r.range(-2048, 2047)],
    ])();
  }

  /** A shift amount 0..max. */
  shamt(max: number): number {
    return this.r.chance(0.3) ? this.r.pick([0, 1, max, max - 1, 31, 32].filter((v) => v <= max)) : this.r.range(0, max);
  }
}
