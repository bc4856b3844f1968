import type { Family, GenContext, Piece } from './context';
import { f32Bits, f64Bits, hex64, intValue, nanBox } from './values';

/**
 * Unit generators for the F and D extensions: arithmetic in every rounding mode (static and
 * dynamic), fused multiply-add, sign injection, min/max, compares, fclass, all conversions
 * between integers and both widths, raw moves, and FP loads/stores (misaligned included, and the
 * compressed c.fld/c.fsd/c.fldsp/c.fsdsp). Generated only when the emulator executes F/D.
 */

const one = (line: string): Piece => ({ lines: [line] });

const RM = ['', '', '', 'rne', 'rtz', 'rdn', 'rup', 'rmm', 'dyn'];
const withRm = (c: GenContext, line: string) => {
  const rm = c.r.pick(RM);
  return rm ? `${line}, ${rm}` : line;
};
const W = () => ['s', 'd'];
const INT_KINDS = ['w', 'wu', 'l', 'lu'];

/** An FP value as a unit: li + fmv.d.x (double or NaN-boxed single bits) to refresh a register. */
const freshValue = (c: GenContext): Piece => {
  const rt = c.xreg();
  const bits = c.r.chance(0.5) ? f64Bits(c.r) : nanBox(f32Bits(c.r));
  return { lines: [`li ${rt}, ${hex64(bits)}`, `fmv.d.x ${c.freg()}, ${rt}`] };
};

const arith = (c: GenContext): Piece => {
  const t = c.r.pick(W());
  const op = c.r.pick(['fadd', 'fsub', 'fmul', 'fdiv']);
  const rd = c.freg();
  const a = c.r.chance(0.3) ? rd : c.freg();
  return one(withRm(c, `${op}.${t} ${rd}, ${a}, ${c.r.chance(0.1) ? a : c.freg()}`));
};

const sqrt = (c: GenContext): Piece => one(withRm(c, `fsqrt.${c.r.pick(W())} ${c.freg()}, ${c.freg()}`));

const fma = (c: GenContext): Piece => {
  const op = c.r.pick(['fmadd', 'fmsub', 'fnmsub', 'fnmadd']);
  return one(withRm(c, `${op}.${c.r.pick(W())} ${c.freg()}, ${c.freg()}, ${c.freg()}, ${c.freg()}`));
};

const signMinMax = (c: GenContext): Piece => {
  const op = c.r.pick(['fsgnj', 'fsgnjn', 'fsgnjx', 'fmin', 'fmax', 'fmin', 'fmax']);
  const a = c.freg();
  return one(`${op}.${c.r.pick(W())} ${c.freg()}, ${a}, ${c.r.chance(0.15) ? a : c.freg()}`);
};

const compare = (c: GenContext): Piece => {
  const a = c.freg();
  return one(`${c.r.pick(['feq', 'flt', 'fle'])}.${c.r.pick(W())} ${c.xreg(c.r.chance(0.05))}, ${a}, ${c.r.chance(0.15) ? a : c.freg()}`);
};

const fclass = (c: GenContext): Piece => one(`fclass.${c.r.pick(W())} ${c.xreg()}, ${c.freg()}`);

/** fcvt between integer kinds and s/d, both directions, and between s and d. */
const convert = (c: GenContext): Piece => {
  const t = c.r.pick(W());
  const k = c.r.pick(INT_KINDS);
  switch (c.r.below(3)) {
    case 0: return one(withRm(c, `fcvt.${k}.${t} ${c.xreg()}, ${c.freg()}`));
    case 1: {
      // int -> double is exact for w/wu: binutils 2.40 takes no rounding mode there.
      const exact = t === 'd' && (k === 'w' || k === 'wu');
      const line = `fcvt.${t}.${k} ${c.freg()}, ${c.xsrc()}`;
      return one(exact ? line : withRm(c, line));
    }
    default:
      return c.r.chance(0.5) ? one(withRm(c, `fcvt.s.d ${c.freg()}, ${c.freg()}`)) : one(`fcvt.d.s ${c.freg()}, ${c.freg()}`);
  }
};

const move = (c: GenContext): Piece => {
  switch (c.r.below(4)) {
    case 0: return one(`fmv.x.w ${c.xreg()}, ${c.freg()}`);
    case 1: return one(`fmv.x.d ${c.xreg()}, ${c.freg()}`);
    case 2: return one(`fmv.w.x ${c.freg()}, ${c.xsrc()}`);
    default: return c.r.chance(0.5)
      ? { lines: [`li ${c.xreg()}, ${hex64(intValue(c.r))}`] }
      : one(`fmv.d.x ${c.freg()}, ${c.xsrc()}`);
  }
};

/** Integer-to-FP conversion input with a fresh interesting integer first. */
const convertFromInt = (c: GenContext): Piece => {
  const rt = c.xreg();
  const t = c.r.pick(W());
  const k = c.r.pick(INT_KINDS);
  const exact = t === 'd' && (k === 'w' || k === 'wu');
  const cvt = `fcvt.${t}.${k} ${c.freg()}, ${rt}`;
  return { lines: [`li ${rt}, ${hex64(intValue(c.r))}`, exact ? cvt : withRm(c, cvt)] };
};

const loadStore = (c: GenContext): Piece => {
  const d = c.r.chance(0.5);
  const size = d ? 8 : 4;
  switch (c.r.below(c.rvc && d ? 4 : 2)) {
    case 0: return one(`${d ? 'fld' : 'flw'} ${c.freg()}, ${c.mem(size)}`);
    case 1: return one(`${d ? 'fsd' : 'fsw'} ${c.freg()}, ${c.mem(size)}`);
    case 2: return c.r.chance(0.5)
      ? one(`c.fld ${c.cfreg()}, ${c.r.below(32) * 8}(s0)`)
      : one(`c.fsd ${c.cfreg()}, ${c.r.below(32) * 8}(s0)`);
    default: return c.r.chance(0.5)
      ? one(`c.fldsp ${c.freg()}, ${c.r.below(64) * 8}(sp)`)
      : one(`c.fsdsp ${c.freg()}, ${c.r.below(64) * 8}(sp)`);
  }
};

/**
 * The rounding error of a product, exactly: t = round(a * b), then a fused a * b - t (or a
 * negated/added variant). A multiply-add that rounds twice gets this wrong; so does a lost
 * sign of an exact zero under rdn.
 */
const fmaResidual = (c: GenContext): Piece => {
  const t = c.r.pick(W());
  const a = c.freg(), b = c.freg();
  let tmp = c.freg();
  while (tmp === a || tmp === b) tmp = c.freg();
  const op = c.r.pick(['fmsub', 'fnmsub', 'fmadd', 'fnmadd']);
  return { lines: [withRm(c, `fmul.${t} ${tmp}, ${a}, ${b}`), withRm(c, `${op}.${t} ${c.freg()}, ${a}, ${b}, ${tmp}`)] };
};

/**
 * A reserved frm (5..7) only matters to dynamic rounding: an instruction with a static rounding
 * mode must still execute. The unit sets frm to a reserved value, runs one such instruction and
 * restores a valid frm before anything could use it.
 */
const staticRmUnderBadFrm = (c: GenContext): Piece => {
  const t = c.r.pick(W());
  const rm = c.r.pick(['rne', 'rtz', 'rdn', 'rup', 'rmm']);
  const op = c.r.pick([
    `fadd.${t} ${c.freg()}, ${c.freg()}, ${c.freg()}, ${rm}`, `fsqrt.${t} ${c.freg()}, ${c.freg()}, ${rm}`,
    `fcvt.w.${t} ${c.xreg()}, ${c.freg()}, ${rm}`, `fmadd.${t} ${c.freg()}, ${c.freg()}, ${c.freg()}, ${c.freg()}, ${rm}`,
    `fmin.${t} ${c.freg()}, ${c.freg()}, ${c.freg()}`, `feq.${t} ${c.xreg()}, ${c.freg()}, ${c.freg()}`,
  ]);
  return { lines: [`fsrmi ${c.r.range(5, 7)}`, op, `fsrmi ${c.xreg()}, ${c.r.below(5)}`] };
};

/** F and D families. Each unit is tagged F or D by its width for coverage counts. */
export const FP_FAMILIES: Family[] = [
  { name: 'fp-fresh', ext: 'D', weight: 2, gen: freshValue },
  { name: 'fp-arith', ext: 'F', weight: 8, gen: arith },
  { name: 'fp-sqrt', ext: 'F', weight: 2, gen: sqrt },
  { name: 'fp-fma', ext: 'D', weight: 5, gen: fma },
  { name: 'fp-static-rm', ext: 'F', weight: 1, gen: staticRmUnderBadFrm },
  { name: 'fp-fma-residual', ext: 'D', weight: 2, gen: fmaResidual },
  { name: 'fp-sign-minmax', ext: 'F', weight: 4, gen: signMinMax },
  { name: 'fp-compare', ext: 'D', weight: 3, gen: compare },
  { name: 'fp-class', ext: 'F', weight: 2, gen: fclass },
  { name: 'fp-convert', ext: 'D', weight: 6, gen: convert },
  { name: 'fp-convert-int', ext: 'F', weight: 3, gen: convertFromInt },
  { name: 'fp-move', ext: 'D', weight: 2, gen: move },
  { name: 'fp-mem', ext: 'D', weight: 4, gen: loadStore },
];
