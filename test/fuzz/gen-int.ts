import type { Family, GenContext, Piece } from './context';
import { BUF_BYTES, REG_S0, REG_SP, SP_BIAS } from './layout';
import { hex64, intValue } from './values';

/**
 * Unit generators for RV64 I, M, A, Zicsr and explicit C mnemonics. Every unit keeps the pinned
 * bases (sp, s0) intact, touches memory only inside the buffer and jumps only forward to a unit
 * boundary of the same sequence (`%T`).
 */

const one = (line: string): Piece => ({ lines: [line] });

const R_OPS = ['add', 'sub', 'sll', 'slt', 'sltu', 'xor', 'srl', 'sra', 'or', 'and', 'addw', 'subw', 'sllw', 'srlw', 'sraw'];
const I_OPS = ['addi', 'slti', 'sltiu', 'xori', 'ori', 'andi', 'addiw'];
const SHIFT_I = ['slli', 'srli', 'srai'];
const SHIFT_IW = ['slliw', 'srliw', 'sraiw'];
const M_OPS = ['mul', 'mulh', 'mulhsu', 'mulhu', 'div', 'divu', 'rem', 'remu', 'mulw', 'divw', 'divuw', 'remw', 'remuw'];
const LOADS: Array<[string, number]> = [['lb', 1], ['lh', 2], ['lw', 4], ['ld', 8], ['lbu', 1], ['lhu', 2], ['lwu', 4]];
const STORES: Array<[string, number]> = [['sb', 1], ['sh', 2], ['sw', 4], ['sd', 8]];
const BRANCHES = ['beq', 'bne', 'blt', 'bge', 'bltu', 'bgeu'];
const AMOS = ['amoswap', 'amoadd', 'amoxor', 'amoand', 'amoor', 'amomin', 'amomax', 'amominu', 'amomaxu'];
const ORDER = ['', '.aq', '.rl', '.aqrl'];
const FP_CSRS = ['fflags', 'frm', 'fcsr'];

/** rd = rs1 op rs2 with random registers, often rd == rs1 (compressible when in x8..x15). */
function rType(c: GenContext, ops: string[]): Piece {
  const rd = c.r.chance(0.03) ? 'zero' : c.xreg();
  const rs1 = c.r.chance(0.4) ? rd : c.xsrc();
  const rs2 = c.r.chance(0.1) ? rs1 : c.xsrc();
  return one(`${c.r.pick(ops)} ${rd}, ${rs1}, ${rs2}`);
}

/** Sets a register to a fresh interesting value (li expands to lui/addi/slli chains). */
function loadImm(c: GenContext): Piece {
  return one(`li ${c.xreg()}, ${hex64(intValue(c.r))}`);
}

const lrsc = (c: GenContext): Piece => {
  const w = c.r.chance(0.5) ? 'w' : 'd';
  const size = w === 'w' ? 4 : 8;
  const a = c.aligned(size);
  const rt = c.xreg();
  const other = () => { let x = c.xreg(); while (x === rt) x = c.xreg(); return x; };
  // Keep rt (the address) intact between the LR and the SC (the LR and fillers write other
  // registers): qemu skips the alignment check of an SC whose address lost its reservation.
  const lines = [`addi ${rt}, ${a.base}, ${a.off}`, `lr.${w}${c.r.pick(ORDER)} ${other()}, (${rt})`];
  for (let i = c.r.below(3); i > 0; i--) {
    const rd = other();
    lines.push(`xor ${rd}, ${rd}, ${c.xsrc()}`);
  }
  let scAddr = rt;
  if (c.r.chance(0.25)) {
    // SC to a different address than the reservation: must fail (rd = 1) and store nothing.
    const b = c.aligned(size);
    scAddr = other();
    if (b.off === a.off && b.base === a.base) b.off += size * (b.off + size < 256 ? 1 : -1);
    lines.push(`addi ${scAddr}, ${b.base}, ${b.off}`);
  }
  lines.push(`sc.${w}${c.r.pick(ORDER)} ${c.xreg()}, ${c.xsrc()}, (${scAddr})`);
  return { lines };
};

/** LR alone or SC alone (the program decides which of the two it may contain, never both). */
const loneLrOrSc = (c: GenContext): Piece => {
  const w = c.r.chance(0.5) ? 'w' : 'd';
  const a = c.aligned(w === 'w' ? 4 : 8);
  const rt = c.xreg();
  const last = c.loneLr ? `lr.${w} ${c.xreg()}, (${rt})` : `sc.${w} ${c.xreg()}, ${c.xsrc()}, (${rt})`;
  return { lines: [`addi ${rt}, ${a.base}, ${a.off}`, last] };
};

const amo = (c: GenContext): Piece => {
  const w = c.r.chance(0.5) ? 'w' : 'd';
  const a = c.aligned(w === 'w' ? 4 : 8);
  const rt = c.xreg();
  const rd = c.r.chance(0.1) ? 'zero' : c.xreg();
  return { lines: [`addi ${rt}, ${a.base}, ${a.off}`, `${c.r.pick(AMOS)}.${w}${c.r.pick(ORDER)} ${rd}, ${c.xsrc()}, (${rt})`] };
};

/**
 * Zicsr on the FP CSRs (cycle/time/instret are excluded: they differ between any two machines).
 * In programs with FP arithmetic a register-sourced write may leave frm at a reserved value
 * (5..7), so the unit then clears frm bit 2 to keep dynamic rounding legal.
 */
const csr = (c: GenContext): Piece => {
  const name = c.r.chance(0.2) ? `0x00${c.r.range(1, 3)}` : c.r.pick(FP_CSRS);
  const rd = c.r.chance(0.2) ? 'zero' : c.xreg();
  const op = c.r.pick(['csrrw', 'csrrs', 'csrrc', 'csrrwi', 'csrrsi', 'csrrci']);
  const imm = op.endsWith('i');
  const src = imm ? String(c.r.below(32)) : c.r.chance(0.15) ? 'zero' : c.xsrc();
  const lines = [`${op} ${rd}, ${name}, ${src}`];
  if (c.fp) lines.push('csrrci zero, frm, 4');
  return { lines };
};

/** The pseudo-instruction spellings of the same CSR accesses. */
const csrPseudo = (c: GenContext): Piece => {
  const rd = c.xreg();
  const rs = c.xsrc();
  const form = c.r.pick([
    `frflags ${rd}`, `fsflags ${rd}, ${rs}`, `fsflags ${rs}`, `frrm ${rd}`, `fsrm ${rd}, ${rs}`, `frcsr ${rd}`,
    `fscsr ${rd}, ${rs}`, `fscsr ${rs}`, `csrr ${rd}, fcsr`, `csrw fflags, ${rs}`, `csrwi frm, ${c.r.below(5)}`,
    `fsflagsi ${rd}, ${c.r.below(32)}`, `fsrmi ${rd}, ${c.r.below(5)}`,
    // Reading a counter is legal; its value differs between any two machines, so read into x0.
    c.r.pick(['rdcycle zero', 'rdtime zero', 'rdinstret zero', 'csrrs zero, cycle, zero']),
  ]);
  const lines = [form];
  if (c.fp && /fsrm |fscsr /.test(form)) lines.push('csrrci zero, frm, 4');
  return { lines };
};

/** Forward control transfers: conditional branches, jal, jalr through a register. */
const branch = (c: GenContext): Piece => {
  const target = c.target();
  switch (c.r.below(6)) {
    case 0: return { lines: [`jal ${c.r.pick(['zero', 'ra', c.xreg()])}, %T`], target };
    case 1: {
      const rt = c.xreg();
      const rd = c.r.pick(['zero', 'ra', rt, c.xreg()]);
      // jalr adds its offset and clears bit 0 of the sum: aim rt off the label by both.
      const off = c.r.chance(0.5) ? 0 : c.imm12();
      const lsb = c.r.chance(0.3) ? 1 : 0;
      return { lines: [`lla ${rt}, %T + (${lsb - off})`, `jalr ${rd}, ${off}(${rt})`], target };
    }
    case 2: return { lines: [`${c.r.pick(['beqz', 'bnez', 'bltz', 'bgez', 'blez', 'bgtz'])} ${c.xsrc()}, %T`], target };
    default: {
      const rs1 = c.xsrc();
      return { lines: [`${c.r.pick(BRANCHES)} ${rs1}, ${c.r.chance(0.15) ? rs1 : c.xsrc()}, %T`], target };
    }
  }
};

const signed6 = (c: GenContext) => c.r.range(-32, 31);

/**
 * Explicit compressed mnemonics with their operand constraints (RVC chapter): rd/rs1 != x0 where
 * required, x8..x15 for the primed registers, scaled unsigned offsets from sp or s0.
 */
const compressed = (c: GenContext): Piece => {
  const rd = c.xreg();
  const p = c.creg();
  const nz6 = () => { let v = 0; while (v === 0) v = signed6(c); return v; };
  const forms: Array<() => Piece> = [
    () => one(`c.addi ${rd}, ${nz6()}`),
    () => one(`c.addiw ${rd}, ${signed6(c)}`),
    () => one(`c.li ${rd}, ${signed6(c)}`),
    () => one(`c.lui ${rd}, ${c.r.chance(0.5) ? c.r.range(1, 31) : c.r.range(0xfffe0, 0xfffff)}`),
    () => one(`c.slli ${rd}, ${c.r.range(1, 63)}`),
    () => one(`c.srli ${p}, ${c.r.range(1, 63)}`),
    () => one(`c.srai ${p}, ${c.r.range(1, 63)}`),
    () => one(`c.andi ${p}, ${signed6(c)}`),
    () => one(`c.mv ${rd}, ${c.xreg()}`),
    () => one(`c.add ${rd}, ${c.xreg()}`),
    () => one(`c.${c.r.pick(['sub', 'xor', 'or', 'and', 'subw', 'addw'])} ${p}, ${c.creg()}`),
    () => one(`c.lw ${p}, ${c.r.below(32) * 4}(s0)`),
    () => one(`c.ld ${p}, ${c.r.below(32) * 8}(s0)`),
    () => one(`c.sw ${c.creg()}, ${c.r.below(32) * 4}(s0)`),
    () => one(`c.sd ${c.creg()}, ${c.r.below(32) * 8}(s0)`),
    () => one(`c.lwsp ${rd}, ${c.r.below(64) * 4}(sp)`),
    () => one(`c.ldsp ${rd}, ${c.r.below(64) * 8}(sp)`),
    () => one(`c.swsp ${c.xsrc()}, ${c.r.below(64) * 4}(sp)`),
    () => one(`c.sdsp ${c.xsrc()}, ${c.r.below(64) * 8}(sp)`),
    () => one(`c.addi4spn ${p}, sp, ${c.r.range(1, 255) * 4}`),
    () => one('c.nop'),
    () => ({ lines: [`c.j %T`], target: c.target() }),
    () => ({ lines: [`c.${c.r.pick(['beqz', 'bnez'])} ${p}, %T`], target: c.target() }),
    () => ({ lines: [`lla ${rd}, %T`, `c.jr ${rd}`], target: c.target() }),
    () => ({ lines: [`lla ${rd}, %T`, `c.jalr ${rd}`], target: c.target() }),
  ];
  return c.r.pick(forms)();
};

/**
 * Moves the pinned sp and back inside one unit (c.addi16sp / addi sp), with an sp-relative
 * access in between that stays in the buffer: the only way sp itself gets written.
 */
const spAdjust = (c: GenContext): Piece => {
  let k = 0;
  while (k === 0) k = c.r.range(-16, 16) * 16;
  const adj = (v: number) => (c.rvc && c.r.chance(0.7) ? `c.addi16sp sp, ${v}` : `addi sp, sp, ${v}`);
  const room = BUF_BYTES - (SP_BIAS + k); // bytes from the moved sp to the buffer end
  const off8 = c.r.below(Math.min(64, Math.floor(room / 8))) * 8;
  const middle = c.r.pick([
    `ld ${c.xreg()}, ${off8}(sp)`, `sd ${c.xsrc()}, ${off8}(sp)`, `lw ${c.xreg()}, ${off8 + 4 * c.r.below(2)}(sp)`,
    `addi ${c.xreg()}, sp, ${c.imm12()}`, ...(c.rvc ? [`c.addi4spn ${c.creg()}, sp, ${4 * c.r.range(1, 255)}`] : []),
  ]);
  return { lines: [adj(k), middle, adj(-k)] };
};

/**
 * HINT encodings (Unprivileged spec, "HINT Instructions" tables for RV64I and RVC): they must
 * execute as no-ops. Compressed ones are emitted as raw halfwords (the assembler refuses to
 * write them); fence with a zero predecessor or successor set (and `pause`) as raw words.
 */
const hint = (c: GenContext): Piece => {
  const rd = () => c.r.range(1, 31) << 7;
  const imm5 = () => c.r.range(1, 31) << 2;
  const half = (v: number) => `.2byte 0x${v.toString(16)}`;
  const forms: Array<() => string> = [
    () => half(0x0001 | imm5()), // c.nop with nonzero imm
    () => half(0x4001 | imm5()), // c.li x0, imm
    () => half(0x6001 | imm5()), // c.lui x0, nzimm
    () => half(0x0002 | imm5()), // c.slli x0, shamt
    () => half(0x0002 | rd()), // c.slli rd, 0 (c.slli64)
    () => half(0x8002 | imm5()), // c.mv x0, rs2
    () => half(0x9002 | imm5()), // c.add x0, rs2
    () => half(0x8001 | (c.r.below(8) << 7)), // c.srli64 rd', 0
    () => half(0x8401 | (c.r.below(8) << 7)), // c.srai64 rd', 0
  ];
  if (c.rvc && c.r.chance(0.6)) return one(c.r.pick(forms)());
  return one(c.r.pick([
    '.4byte 0x0100000f', // pause (fence w, 0)
    '.4byte 0x0000000f', // fence 0, 0
    `addi zero, ${c.xsrc()}, ${c.imm12()}`, `lui zero, ${c.r.range(1, 0xfffff)}`, `slli zero, ${c.xsrc()}, ${c.shamt(63)}`,
  ]));
};

/** [funct7, funct3, opcode] of the R-type ops a code patch may write (OP and OP-32, with M). */
const PATCH_R: Array<[number, number, number]> = [
  [0, 0, 0x33], [0x20, 0, 0x33], [0, 1, 0x33], [0, 2, 0x33], [0, 3, 0x33], [0, 4, 0x33], [0, 5, 0x33], [0x20, 5, 0x33],
  [0, 6, 0x33], [0, 7, 0x33], ...[0, 1, 2, 3, 4, 5, 6, 7].map((f3): [number, number, number] => [1, f3, 0x33]),
  [0, 0, 0x3b], [0x20, 0, 0x3b], [0, 1, 0x3b], [0, 5, 0x3b], [0x20, 5, 0x3b], [1, 0, 0x3b], [1, 4, 0x3b], [1, 5, 0x3b],
  [1, 6, 0x3b], [1, 7, 0x3b],
];
const OPCODE_OP_IMM = 0x13;
const NOP_WORD = 0x00000013; // addi x0, x0, 0
const C_NOP_HALF = 0x0001;
const C_LI = 0x4001;

/** A destination register number for patched code: not sp or s0. */
function patchRd(c: GenContext): number {
  for (;;) {
    const n = c.r.range(1, 31);
    if (n !== REG_SP && n !== REG_S0) return n;
  }
}

/**
 * Self-modifying code (Zifencei): stores a freshly encoded instruction over a nop a few
 * instructions ahead, runs fence.i, then executes the patched slot. Needs a writable code
 * section (the harness switches to one when a program has such a unit).
 */
const smc = (c: GenContext): Piece => {
  const rt = c.xreg();
  let rv = c.xreg();
  while (rv === rt) rv = c.xreg();
  const rd = patchRd(c);
  if (c.rvc && c.r.chance(0.3)) {
    const imm = c.r.range(-32, 31) & 0x3f;
    const half = C_LI | ((imm >> 5) << 12) | (rd << 7) | ((imm & 31) << 2);
    return { lines: [`lla ${rt}, 1f`, `li ${rv}, ${half}`, `sh ${rv}, 0(${rt})`, 'fence.i', `1: .2byte ${C_NOP_HALF}`] };
  }
  const rs1 = c.r.below(32), rs2 = c.r.below(32);
  let word: number;
  if (c.r.chance(0.7)) {
    const [f7, f3, opc] = c.r.pick(PATCH_R);
    word = ((f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opc) >>> 0;
  } else {
    word = (((c.imm12() & 0xfff) << 20) | (rs1 << 15) | (rd << 7) | OPCODE_OP_IMM) >>> 0;
  }
  return { lines: [`lla ${rt}, 1f`, `li ${rv}, 0x${word.toString(16)}`, `sw ${rv}, 0(${rt})`, 'fence.i', `1: .4byte 0x${NOP_WORD.toString(16)}`] };
};

/** The integer families with their weights. */
export const INT_FAMILIES: Family[] = [
  { name: 'alu-r', ext: 'I', weight: 10, gen: (c) => rType(c, R_OPS) },
  { name: 'alu-i', ext: 'I', weight: 8, gen: (c) => {
    const rd = c.xreg();
    return one(`${c.r.pick(I_OPS)} ${rd}, ${c.r.chance(0.4) ? rd : c.xsrc()}, ${c.imm12()}`);
  } },
  { name: 'shift-i', ext: 'I', weight: 4, gen: (c) => {
    const w = c.r.chance(0.4);
    const rd = c.xreg();
    return one(`${c.r.pick(w ? SHIFT_IW : SHIFT_I)} ${rd}, ${c.r.chance(0.4) ? rd : c.xsrc()}, ${c.shamt(w ? 31 : 63)}`);
  } },
  { name: 'upper', ext: 'I', weight: 2, gen: (c) => one(`${c.r.pick(['lui', 'auipc'])} ${c.xreg()}, ${c.r.chance(0.2) ? c.r.pick([0, 0x80000, 0xfffff, 0x7ffff]) : c.r.below(0x100000)}`) },
  { name: 'li', ext: 'I', weight: 3, gen: loadImm },
  { name: 'load', ext: 'I', weight: 6, gen: (c) => { const [op, n] = c.r.pick(LOADS); return one(`${op} ${c.xreg(c.r.chance(0.05))}, ${c.mem(n)}`); } },
  { name: 'store', ext: 'I', weight: 6, gen: (c) => { const [op, n] = c.r.pick(STORES); return one(`${op} ${c.xsrc()}, ${c.mem(n)}`); } },
  { name: 'branch', ext: 'I', weight: 4, gen: branch },
  { name: 'muldiv', ext: 'M', weight: 8, gen: (c) => rType(c, M_OPS) },
  { name: 'amo', ext: 'A', weight: 3, gen: amo },
  { name: 'lrsc', ext: 'A', weight: 2, gen: lrsc },
  { name: 'lone-lr-sc', ext: 'A', weight: 1, gen: loneLrOrSc },
  { name: 'csr', ext: 'Zicsr', weight: 2, gen: csr },
  { name: 'csr-pseudo', ext: 'Zicsr', weight: 1, gen: csrPseudo },
  { name: 'fence', ext: 'I', weight: 1, gen: (c) => one(c.r.pick(['fence', 'fence rw, rw', 'fence r, w', 'fence.tso', 'fence.i', 'nop'])) },
  { name: 'sp-adjust', ext: 'I', weight: 1, gen: spAdjust },
  { name: 'hint', ext: 'I', weight: 1, gen: hint },
  { name: 'smc', ext: 'I', weight: 1, gen: smc },
  { name: 'compressed', ext: 'C', weight: 6, needsC: true, gen: compressed },
];
