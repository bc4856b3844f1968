import { GenContext, type Ext, type Family, type Piece } from './context';
import { FP_FAMILIES } from './gen-fp';
import { INT_FAMILIES } from './gen-int';
import { BUF_BYTES } from './layout';
import { Prng } from './prng';
import { fpRegValue, intValue } from './values';

/** One generated unit: a Piece with a stable id (ids survive minimization; labels derive from them). */
export interface Item extends Piece {
  id: number;
  family: string;
  ext: Ext;
}

/**
 * One fuzz program: the initial machine state and the instruction units run from it.
 * `intRegs[i]` is the initial value of x(i+1) (sp and s0 are overwritten with the pinned
 * buffer addresses by the harness); `fpRegs[i]` the raw bits of f(i); `fcsr` = frm << 5 | fflags.
 */
export interface FuzzProgram {
  /** A name that regenerates it: `s<seed>-p<index>`. */
  name: string;
  rvc: boolean;
  fp: boolean;
  intRegs: bigint[];
  fpRegs: bigint[];
  fcsr: number;
  /** Initial contents of the scratch buffer (BUF_BYTES). */
  buffer: Uint8Array;
  items: Item[];
}

/** Generator switches. */
export interface GenOptions {
  /** Generate F/D units and seed FP registers (only when the emulator executes F/D). */
  fp: boolean;
  /** Units per program: [min, max]. Default [16, 48]. */
  length?: [number, number];
}

/** Derives the per-program seed from a run seed and the program's index (stable across counts). */
export function programSeed(seed: number, index: number): number {
  return (Math.imul(seed ^ 0x5bd1e995, 0x2c1b3c6d) + Math.imul(index + 1, 0x297a2d39)) >>> 0;
}

/**
 * Generates program `index` of the run `seed`. Deterministic: the same (seed, index, options)
 * always gives the same program. Each program draws its own family weights (some families may be
 * off), so some programs concentrate on one extension and interactions still appear.
 */
export function generateProgram(seed: number, index: number, opts: GenOptions): FuzzProgram {
  const r = new Prng(programSeed(seed, index));
  const rvc = r.chance(0.6);
  const fp = opts.fp && r.chance(0.7);
  const c = new GenContext(r, rvc, fp, r.chance(0.5));
  const plain = [...INT_FAMILIES, ...(fp ? FP_FAMILIES : [])].filter((f) => rvc || !f.needsC);
  const families = [...plain, loopFamily(plain.filter((f) => !NOT_IN_LOOPS.has(f.name)))];
  const weights = families.map((f) => (r.chance(0.2) ? 0 : f.weight * r.range(1, 4)));
  if (!weights.some((w) => w > 0)) weights[0] = 1;
  const [lo, hi] = opts.length ?? [16, 48];
  const n = r.range(lo, hi);
  const items: Item[] = [];
  for (let id = 0; id < n; id++) {
    c.id = id;
    const fam = pickFamily(r, families, weights);
    items.push({ ...fam.gen(c), id, family: fam.name, ext: fam.ext });
  }
  const buffer = new Uint8Array(BUF_BYTES);
  const view = new DataView(buffer.buffer);
  for (let i = 0; i < BUF_BYTES; i += 8) view.setBigUint64(i, r.chance(0.5) ? intValue(r) : fpRegValue(r), true);
  return {
    name: `s${seed}-p${index}`,
    rvc,
    fp,
    intRegs: Array.from({ length: 31 }, () => intValue(r)),
    fpRegs: Array.from({ length: 32 }, () => fpRegValue(r)),
    fcsr: r.below(32) | (r.below(5) << 5),
    buffer,
    items,
  };
}

/**
 * Families kept out of loop bodies: units that may jump (they would leave the loop), and code
 * patches (the patched instruction's destination is not visible to the counter check below).
 */
const NOT_IN_LOOPS = new Set(['branch', 'compressed', 'smc']);
/** Loop iterations: [1, MAX_TRIPS]. */
const MAX_TRIPS = 12;
/** Numeric local label of a loop head (distinct from the `1:` of self-modifying units). */
const LOOP_LABEL = 9;

/**
 * A counted loop: `li cnt, n; 9: body; addi cnt, cnt, -1; bnez cnt, 9b` with 1..3 units of the
 * other families as the body (never writing cnt). Repeated code is what makes the block
 * compiler compile, chain and (with a self-modifying body) invalidate regions.
 */
function loopFamily(body: Family[]): Family {
  return {
    name: 'loop', ext: 'I', weight: 2,
    gen: (c) => {
      const cnt = c.xreg();
      const uses = new RegExp(`\\b${cnt}\\b`);
      const lines: string[] = [];
      for (let k = c.r.range(1, 3), tries = 0; k > 0 && tries < 20; tries++) {
        const piece = c.r.pick(body).gen(c);
        if (piece.target !== undefined || piece.lines.some((l) => uses.test(l))) continue;
        lines.push(...piece.lines);
        k--;
      }
      return { lines: [`li ${cnt}, ${c.r.range(1, MAX_TRIPS)}`, `${LOOP_LABEL}:`, ...lines, `addi ${cnt}, ${cnt}, -1`, `bnez ${cnt}, ${LOOP_LABEL}b`] };
    },
  };
}

function pickFamily(r: Prng, families: Family[], weights: number[]): Family {
  let total = 0;
  for (const w of weights) total += w;
  let x = r.below(total);
  for (let i = 0; i < families.length; i++) {
    if (x < weights[i]) return families[i];
    x -= weights[i];
  }
  return families[families.length - 1];
}

/** The program with only the given items kept (for minimization). */
export function withItems(p: FuzzProgram, items: Item[]): FuzzProgram {
  return { ...p, items };
}

/**
 * The extensions an assembly line exercises, from its mnemonic (pseudo-instructions count for
 * the extension of what they expand to). Used for coverage counts, not for generation.
 */
export function extensionsOfLine(line: string): Ext[] {
  const m = line.trim().split(/\s+/)[0];
  const out: Ext[] = [];
  const base = m.startsWith('c.') ? m.slice(2) : m;
  if (m.startsWith('c.')) out.push('C');
  if (/^(csr|frflags|fsflags|frrm|fsrm|frcsr|fscsr)/.test(base)) out.push('Zicsr');
  else if (/^(amo|lr\.|sc\.)/.test(base)) out.push('A');
  else if (/^(mul|div|rem)/.test(base)) out.push('M');
  else if (/^f(?!ence)/.test(base)) out.push(base.split('.').includes('d') || /^f(ld|sd)(sp)?$/.test(base) ? 'D' : 'F');
  else if (!m.startsWith('c.') || base === 'nop') out.push('I');
  return out;
}

/** Units per extension over a set of programs (a unit counts for every extension it touches). */
export function coverage(programs: FuzzProgram[]): Record<Ext, number> {
  const counts: Record<Ext, number> = { I: 0, M: 0, A: 0, C: 0, Zicsr: 0, F: 0, D: 0 };
  for (const p of programs) {
    for (const it of p.items) {
      const exts = new Set(it.lines.flatMap(extensionsOfLine));
      for (const e of exts) counts[e]++;
    }
  }
  return counts;
}
