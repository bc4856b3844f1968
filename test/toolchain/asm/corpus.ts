/**
 * Generated assembly corpora for the GNU as comparison: a line per instruction-table row with
 * representative operands (several per row, compressible and not), every pseudo-instruction with
 * edge constants and a fixed-seed set of random 64-bit `li` values, and every directive.
 * Deterministic: the same seed gives the same text.
 */
import { encode, F_NAMES, INSTRUCTIONS, X_NAMES, type InstrFields, type InstrRow, type OperandKind } from '../../../src/isa';

/** A small deterministic generator (xorshift64*), seeded. */
export class Rng {
  private s: bigint;
  constructor(seed: number) {
    this.s = BigInt(seed) * 0x9e3779b97f4a7c15n + 1n;
  }
  next64(): bigint {
    let x = this.s;
    x ^= x >> 12n;
    x ^= (x << 25n) & 0xffffffffffffffffn;
    x ^= x >> 27n;
    this.s = x;
    return BigInt.asUintN(64, x * 0x2545f4914f6cdd1dn);
  }
  int(n: number): number {
    return Number(this.next64() % BigInt(n));
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }
}

const xName = (r: number, rng: Rng) => (rng.int(5) === 0 ? `x${r}` : X_NAMES[r]!);
const fName = (r: number, rng: Rng) => (rng.int(5) === 0 ? `f${r}` : F_NAMES[r]!);

/** Registers that make compressed forms likely (sp, ra, x8..x15) plus others. */
const REGS = [0, 1, 2, 3, 5, 8, 9, 10, 11, 12, 15, 18, 28, 31];
const IMMS = [0, 1, -1, 2, 4, 8, 16, 31, -32, 32, 63, 100, 256, 504, -512, 1020, 2047, -2048, -7, 496, 24];
const UPPER = [0, 1, 0x1f, 0x20, 0xfffff, 0xfffe0, 0x80000, 0x12345, 0x7ffff];
const CSRS = ['mstatus', 'fcsr', 'cycle', 'satp', 'sepc', '0x123', 'frm', 'fflags', 'mhartid'];
const FENCE_SETS = ['iorw', 'rw', 'w', 'r', 'io', 'ow', 'iw'];
const RMS = ['rne', 'rtz', 'rdn', 'rup', 'rmm', 'dyn'];
const AMO_SUFFIX = ['', '.aq', '.rl', '.aqrl'];

/** Branch targets: backward/forward labels, far ones, a global, an undefined symbol. */
const TARGETS = ['back0', 'fwd0', 'near1', 'far_back', 'far_fwd', 'gfun', 'ext_sym', 'back0+4', '1b', '1f'];

interface Built {
  text: string;
}

/** One line for `row` with fields `f` (encodable) in GNU syntax, or undefined. */
function lineFor(row: InstrRow, f: InstrFields, rng: Rng, target: string): Built | undefined {
  const parts: string[] = [];
  for (const kind of row.operands) {
    const p = operandText(row, kind, f, rng, target);
    if (p === undefined) return undefined;
    if (p !== '') parts.push(p);
  }
  let mnemonic = row.mnemonic;
  if (row.format === 'AMO' || row.format === 'LR') {
    const suffix = AMO_SUFFIX[f.aq * 2 + f.rl]!;
    mnemonic += suffix;
  }
  return { text: parts.length > 0 ? `${mnemonic} ${parts.join(', ')}` : mnemonic };
}

function operandText(row: InstrRow, kind: OperandKind, f: InstrFields, rng: Rng, target: string): string | undefined {
  switch (kind) {
    case 'rd': return xName(f.rd, rng);
    case 'rs1': return xName(f.rs1, rng);
    case 'rs2': return xName(f.rs2, rng);
    case 'rs3': return xName(f.rs3, rng);
    case 'frd': return fName(f.rd, rng);
    case 'frs1': return fName(f.rs1, rng);
    case 'frs2': return fName(f.rs2, rng);
    case 'frs3': return fName(f.rs3, rng);
    case 'imm': case 'shamt': case 'zimm': return String(f.imm);
    case 'uimm20': return `0x${((f.imm >> 12) & 0xfffff).toString(16)}`;
    case 'csr': return CSRS[f.csr % CSRS.length]!;
    case 'mem': return `${f.imm}(${xName(f.rs1, rng)})`;
    case 'amo': return `(${xName(f.rs1, rng)})`;
    case 'branch': case 'jump': return target;
    case 'pred': return FENCE_SETS[f.pred % FENCE_SETS.length]!;
    case 'succ': return FENCE_SETS[f.succ % FENCE_SETS.length]!;
    case 'rm': return f.rm === 7 && rng.int(2) === 0 ? '' : RMS[f.rm === 7 ? 5 : f.rm]!;
  }
}

/** Random fields for `row` (checked by the table's encoder where it matters). */
function randomFields(row: InstrRow, rng: Rng): InstrFields {
  const f: InstrFields = {
    rd: rng.pick(REGS), rs1: rng.pick(REGS), rs2: rng.pick(REGS), rs3: rng.pick(REGS), imm: rng.pick(IMMS), csr: rng.int(CSRS.length),
    rm: rng.int(3) === 0 ? 7 : rng.pick([0, 1, 2, 3, 4]), aq: rng.int(2), rl: rng.int(2), pred: 1 + rng.int(FENCE_SETS.length - 1),
    succ: 1 + rng.int(FENCE_SETS.length - 1), fm: 0,
  };
  if (rng.int(3) === 0) f.rs1 = f.rd; // two-address forms (compressible)
  if (rng.int(6) === 0) f.rs2 = f.rd;
  const kinds = row.operands;
  if (kinds.includes('shamt')) f.imm = rng.pick(row.format === 'IS32' ? [0, 1, 5, 31] : [0, 1, 5, 31, 32, 63]);
  if (kinds.includes('zimm')) f.imm = rng.pick([0, 1, 17, 31]);
  if (kinds.includes('uimm20')) f.imm = (rng.pick(UPPER) << 12) | 0;
  if (kinds.includes('rm') && row.mnemonic.startsWith('fcvt.d.') && row.operands.length === 2) f.rm = 0;
  if (row.format === 'CSR' || row.format === 'CSRI') f.csr = rng.int(CSRS.length);
  return f;
}

const CSR_NUMBERS: Record<string, number> = {
  mstatus: 0x300, fcsr: 3, cycle: 0xc00, satp: 0x180, sepc: 0x141, '0x123': 0x123, frm: 2, fflags: 1, mhartid: 0xf14,
};

/** Whether GNU as accepts the line (our encoder must accept the fields; compressed rows need it exactly). */
function valid(row: InstrRow, f: InstrFields): boolean {
  if (row.operands.includes('branch') || row.operands.includes('jump')) {
    if (row.length === 2) return encode(row, { ...f, imm: 0 }) !== undefined;
    return true;
  }
  const fields = { ...f, csr: CSR_NUMBERS[CSRS[f.csr]!]! };
  if (row.length === 2 && row.expand?.rd === 'r11_7' && row.expand.rs1 === 'r11_7') fields.rs1 = fields.rd;
  if (row.length === 2 && row.expand?.rd === 'p9_7' && row.expand.rs1 === 'p9_7') fields.rs1 = fields.rd;
  if (row.mnemonic === 'c.addi4spn') fields.rs1 = 2;
  return encode(row, fields) !== undefined;
}

/** A line per row with `perRow` operand variants; compressed rows only for rv64gc. */
export function instructionCorpus(march: 'rv64gc' | 'rv64g', seed: number, perRow = 12): { source: string; lines: number } {
  const rng = new Rng(seed);
  const body: string[] = [];
  let labels = 0;
  for (const row of INSTRUCTIONS) {
    if (row.length === 2 && march === 'rv64g') continue;
    let made = 0;
    for (let attempt = 0; attempt < perRow * 40 && made < perRow; attempt++) {
      const f = randomFields(row, rng);
      if (row.length === 2 && row.mnemonic === 'c.addi4spn') f.rs1 = 2;
      if (row.length === 2) {
        if (row.expand?.rd === 'r11_7' && row.expand.rs1 === 'r11_7') f.rs1 = f.rd;
        if (row.expand?.rd === 'p9_7' && row.expand.rs1 === 'p9_7') f.rs1 = f.rd;
        if (!['c.beqz', 'c.bnez', 'c.j'].includes(row.mnemonic)) {
          // compressed immediates: try scaled values until one encodes
          f.imm = rng.pick([0, 1, 4, 8, 16, 24, 32, 48, 64, 120, 248, 256, 504, -8, -16, -32, 31, -31, 2, 496]);
          if (row.operands.includes('uimm20')) f.imm = rng.pick([1, 2, 0x1f, 0xfffff, 0xfffe0]) << 12 >> 0;
        }
      }
      if (row.length === 2 && row.operands.includes('shamt') && f.imm === 0) continue; // a HINT GNU refuses
      if (!valid(row, f)) continue;
      const line = lineFor(row, f, rng, rng.pick(TARGETS));
      if (line === undefined) continue;
      body.push(`  ${line.text}`);
      made++;
      if (body.length % 16 === 0) body.push(`near${++labels}:`);
    }
  }
  return { source: wrapCode(body), lines: body.filter((l) => l.startsWith('  ')).length };
}

/** Surrounds code lines with the labels the branch targets name. */
function wrapCode(body: string[]): string {
  return [
    '  .text', '  .globl gfun', 'far_back:', '  nop', '  .space 5000', 'gfun:', 'back0:', '1:', '  nop', 'near0:',
    ...body.map((l) => l.replace(/\bfwd0\b/, 'near1')),
    '1:', 'fwd0:', '  nop', '  .space 6000', 'far_fwd:', '  ret', '',
  ].join('\n');
}

/** Values for `li`: the edge constants, shifts and masks, and `randomCount` random values. */
export function liValues(seed: number, randomCount: number): bigint[] {
  const edges = [0n, 2047n, -2047n, 2048n, -2048n, 2049n, -2049n, 0x7fffffffn, 0x80000000n, 0xffffffffn, -0x80000000n,
    -0x80000001n, 0x7fffffffffffffffn, -0x8000000000000000n, 0x7ffff800n, 0x7ffff7ffn, 4096n, 0xfffn, 0x1000n, 0x100000000n,
    0xffffffff00000000n, 0x123456789abcdef0n, -1n, 1n, 31n, 32n, -32n, -33n, 0x800n, 0x7ffn, 0x8000000000000000n];
  const rng = new Rng(seed);
  const out = [...edges];
  for (let i = 0; i < randomCount; i++) {
    const r = rng.next64();
    switch (i % 5) {
      case 0: out.push(BigInt.asIntN(64, r)); break;
      case 1: out.push(BigInt.asIntN(32, r)); break;
      case 2: out.push(BigInt.asIntN(64, r) >> BigInt(rng.int(60))); break;
      case 3: out.push(BigInt.asIntN(64, (r & 0xfffn) << BigInt(rng.int(52)))); break;
      default: out.push(BigInt.asIntN(64, r & (r >> 7n) & (r >> 13n))); break;
    }
  }
  return out;
}

/** Every pseudo-instruction form with representative operands, and `li` over `values`. */
export function pseudoCorpus(values: readonly bigint[]): { source: string; lines: number } {
  const body: string[] = [];
  const regs = ['a0', 't0', 's0', 'zero', 'sp', 'a5', 's11'];
  values.forEach((v, i) => body.push(`  li ${regs[i % regs.length]}, ${v}`));
  body.push(
    '  nop', '  la a0, data1', '  lla a1, data1+8', '  la t0, ext_data', '  lb a0, data1', '  lh a1, data1', '  lw a2, data1',
    '  ld a3, data1+16', '  lbu a4, data1', '  lhu a5, data1', '  lwu t1, data1', '  sb a0, data1, t0', '  sh a0, data1, t0',
    '  sw a0, data1, t1', '  sd a0, ext_data, t2', '  flw fa0, data1, t0', '  fld fa1, data1, t0', '  fsw fa0, data1, t0',
    '  fsd fa1, data1, t0', '  mv a0, a1', '  mv s0, zero', '  mv sp, a0', '  not a0, a1', '  neg a0, a1', '  negw a0, a1',
    '  sext.w a0, a0', '  sext.w a0, a1', '  seqz a0, a1', '  snez a0, a1', '  sltz a0, a1', '  sgtz a0, a1',
    '  sgt a0, a1, a2', '  sgtu a0, a1, a2', '  zext.b a0, a1',
    '  fmv.s fa0, fa1', '  fabs.s fa0, fa1', '  fneg.s fa0, fa1', '  fmv.d fa0, fa1', '  fabs.d fa0, fa1', '  fneg.d fa0, fa1',
    '  fgt.s a0, fa0, fa1', '  fge.s a0, fa0, fa1', '  fgt.d a0, fa0, fa1', '  fge.d a0, fa0, fa1',
    'p1:', '  beqz a0, p1', '  bnez s0, p1', '  blez a0, p1', '  bgez a0, p1', '  bltz a0, p1', '  bgtz a0, p1',
    '  bgt a0, a1, p1', '  ble a0, a1, p1', '  bgtu a0, a1, p1', '  bleu a0, a1, p1', '  beqz a0, p2', '  bnez a0, ext_fn',
    '  j p1', '  j p2', '  j ext_fn', '  jal p1', '  jal ext_fn', '  jr a0', '  jr ra', '  jr 8(a0)', '  jalr a0', '  jalr s0',
    '  jalr 4(a0)', '  jalr a0, a1', '  jalr a1, 4', '  jalr a0, a1, 8', '  jalr ra, 0(a0)', '  ret', '  call ext_fn',
    '  call p1', '  call a0, ext_fn', '  tail ext_fn', '  tail p2', '  jump ext_fn, t0', '  fence', '  fence rw, w',
    '  sfence.vma', '  sfence.vma a0', '  rdinstret a0', '  rdcycle a1', '  rdtime a2', '  csrr a0, mstatus',
    '  csrw mstatus, a0', '  csrs mstatus, a0', '  csrc mstatus, a0', '  csrw mstatus, 5', '  csrwi mstatus, 5',
    '  csrsi mstatus, 5', '  csrci mstatus, 31', '  frcsr a0', '  fscsr a0', '  fscsr a0, a1', '  frrm a0', '  fsrm a0',
    '  fsrm a0, a1', '  fsrmi 3', '  fsrmi a0, 3', '  frflags a0', '  fsflags a0', '  fsflags a0, a1', '  fsflagsi 1',
    '  fsflagsi a0, 1', '  unimp', '  lui a0, %hi(data1)', '  addi a0, a0, %lo(data1)', '  sw a0, %lo(data1)(a0)',
    '  lui a0, %hi(0x12345678)', '  addi a0, a0, %lo(0x12345678)', '2:', '  auipc a0, %pcrel_hi(data1)',
    '  addi a0, a0, %pcrel_lo(2b)', '  ld a0, %pcrel_lo(2b)(a0)', '  sd a0, %pcrel_lo(2b)(a0)',
    'p2:', '  ret',
  );
  const source = ['  .text', ...body, '  .data', 'data1:', '  .dword 1, 2, 3', ''].join('\n');
  return { source, lines: body.filter((l) => l.startsWith('  ')).length };
}

/** Every directive of the list, in code and data sections. */
export const DIRECTIVE_CORPUS = `
  .text
  .globl main, helper
  .global other
  .type main, @function
main:
  addi sp, sp, -16
  .p2align 2
  nop
  .balign 8
  call helper
  .align 4
  ret
  .size main, . - main
  .local lfunc
lfunc:
  .option push
  .option norvc
  addi a0, a0, 1
  .option pop
  addi a0, a0, 1
  .option norvc
  ret
  .option rvc
  ret
  .word 0x12345678
  nop
  .equ CONST, 42
  .set VAR, CONST * 2
  VAR2 = VAR + 1
  li a0, CONST
  li a1, VAR2
  .macro push reg, off=8
  sd \\reg, \\off(sp)
  .endm
  push ra
  push s0, 16
  .rept 3
  addi a0, a0, 1
  .endr
1:
  .rept 2
  bnez a0, 1b
  .endr
  .file 1 "x.s"
  .loc 1 2
  .ident "test"
helper:
  ret
  .section .rodata
rod:
  .string "hello\\n"
  .asciz "a", "bc"
  .ascii "xyz"
  .align 3
  .dword rod, main, other
  .data
  .type obj, @object
obj:
  .byte 1, 2, -1, 'a', 255
  .half 0x1234, -2
  .short 3
  .word 0xdeadbeef, obj, obj + 4
  .long 5
  .dword 0x123456789abcdef0, -1
  .quad 7
  .zero 5
  .space 3
  .space 2, 0xab
  .fill 3, 2, 0x1234
  .fill 2, 4
  .balign 16, 0x11
  .word obj2 - obj
  .size obj, . - obj
obj2:
  .p2align 3
  .word 1 + 2 * 3, (1 << 4) | 3, ~0, -7 / 2, -7 % 3, 1 == 1, 1 != 2, 3 > 2 && 1, !0, 5 ! 2
  .section .mydata, "aw", @progbits
  .word 99
  .section .mytext, "ax", @progbits
  nop
  ret
  .bss
  .zero 16
bss_var:
  .space 8
  .section .rodata
  .word 42
`;

/** Small programs exercising symbol, section, relocation and mapping-symbol corner cases. */
export const EDGE_CASES: readonly string[] = [
  `.globl unused_undef
nop\n`,
  `.weak w
call w
w2: .weak w2\n`,
  `.data
a: .word a - .
.word ext - .\n`,
  `.text
.dword .
.word . - 4\n`,
  `.equ C, 100
la a0, C\n`,
  `0: nop
bnez a0, 0b
.word 0b101\n`,
  `.p2align 3,,2
nop
nop
.p2align 3,,2
nop
.balign 4, 0
nop
.byte 1
.align 2
nop\n`,
  `.data
.byte 1
.text
nop
.data
.byte 2
.section .text
nop\n`,
  `.equ x, y + 4
y: nop
la a0, x\n`,
  `.set v, 1
.word v
.set v, 2
.word v\n`,
  `f: nop
.size f, . - f
.type f, @function
.globl f
g: nop
.type g, %function
.size g, 2\n`,
  `.bss
b1: .zero 8
.align 4
b2: .space 16
.section .sbss,"aw",@nobits
.zero 4\n`,
  `beq a0, a1, .Lx
.space 4000
.Lx: nop
beq a0, a1, .Lx\n`,
  `.option norvc
beqz a0, 1f
j 1f
1: nop
.option rvc
beqz a0, 1b\n`,
  `lui a0, %hi(sym+0x800)
addi a0, a0, %lo(sym+0x800)
ld a1, %lo(sym)(a0)
lui a0, %tprel_hi(tv)
add a0, a0, tp
addi a0, a0, %tprel_lo(tv)\n`,
  `.section .init_array,"aw"
.dword main
.section .text.startup,"ax",@progbits
main: ret
.section .note.GNU-stack,"",@progbits\n`,
];

/** Branches and jumps at and around every reach boundary, and chains whose forms depend on each other. */
export function relaxationCases(): string[] {
  const cases: string[] = [];
  for (const d of [248, 250, 252, 254, 256, 258, 260, 2040, 2042, 2044, 2046, 2048, 2050, 4088, 4090, 4092, 4094, 4096, 4098]) {
    cases.push(`1: beqz a0, 2f\n j 2f\n beq a0, a1, 2f\n .space ${d}\n2: beqz a0, 1b\n j 1b\n bnez s0, 1b\n blt a0, a1, 1b\n`);
  }
  cases.push(Array.from({ length: 60 }, (_, i) => `L${i}: beqz a0, L${(i + 30) % 60}\n .space 20\n`).join(''));
  cases.push(Array.from({ length: 40 }, (_, i) => `M${i}: bnez s1, M${(i + 7) % 40}\n j M${(i + 13) % 40}\n .space 60\n`).join(''));
  return cases;
}

/** Macros (defaults, keywords, \\@, vararg, recursion), .irp, .rept, .set loops and .if chains. */
export const MACRO_CORPUS = `.macro PUSH reg, off=8
  addi sp, sp, -\\off
  sd \\reg, 0(sp)
.endm
.macro SUM a, b
  .word \\a + \\b
.endm
.macro CNT
  .byte \\@
.endm
.macro VA first, rest:vararg
  .word \\first
  .irp x, \\rest
  .byte \\x
  .endr
.endm
PUSH ra
PUSH s0, 16
PUSH reg=a0, off=32
SUM 1, 2
SUM 3 4
CNT
CNT
VA 1, 2, 3, 4
.irp r, a0, a1, a2
  mv \\r, zero
.endr
.rept 3
  nop
.endr
.rept 0
  ebreak
.endr
.set i, 0
.rept 4
  .byte i
  .set i, i + 1
.endr
.if 1
  li a0, 1
.else
  li a0, 2
.endif
.if 0
  li a0, 3
.elseif 1
  li a0, 4
.else
  li a0, 5
.endif
.ifdef PUSH_
  nop
.endif
.ifndef undefined_sym
  addi a0, a0, 7
.endif
.macro outer n
  .if \\n
    .byte \\n
    outer \\n-1
  .endif
.endm
outer 3
.macro lbl
\\@: nop
  j \\@b
.endm
`;
