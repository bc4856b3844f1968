import { decode, instructionLength } from './decode';
import { F_NAMES, X_NAMES, csrName } from './names';
import type { DecodedInstruction } from './types';

/**
 * Disassembly in the exact text of the instruction column of `riscv64-linux-gnu-objdump -d`
 * (GNU binutils 2.40, default options, i.e. with aliases): mnemonic, a tab, operands.
 * Branch and jump targets are absolute hex addresses without `0x`, as objdump prints them,
 * without the ` <symbol+off>` part (the caller appends it). Not reproduced: objdump's trailing
 * ` # address` comments, which depend on earlier instructions (lui/auipc tracking).
 *
 * Binutils 2.40 quirks reproduced on purpose: immediate ALU forms print without the `i`
 * (`addi sp,sp,-16` prints `add sp,sp,-16`, `slli` prints `sll a0,a0,0x20`), immediate CSR
 * forms print as `csrrs`/`csrs` etc., compressed instructions print as their expansion.
 */
export function disassemble(bits: number, pc: number): string {
  const d = decode(bits, pc);
  if (d === undefined) return unknown(bits);
  return format(d, pc);
}

function unknown(bits: number): string {
  const len = instructionLength(bits & 0xffff);
  if (len === 2) return (bits & 0xffff) === 0 ? 'unimp' : `.2byte\t0x${(bits & 0xffff).toString(16)}`;
  return `.4byte\t0x${(bits >>> 0).toString(16)}`;
}

const x = (r: number) => X_NAMES[r];
const hex = (v: number) => `0x${v.toString(16)}`;
const ins = (mnemonic: string, ...operands: string[]) => (operands.length ? `${mnemonic}\t${operands.join(',')}` : mnemonic);

/** Absolute target address as objdump prints it (unsigned 64-bit hex, no 0x). */
function target(pc: number, offset: number): string {
  return BigInt.asUintN(64, BigInt(pc) + BigInt(offset)).toString(16);
}

const FENCE_BITS = 'iorw';
function fenceSet(v: number): string {
  if (v === 0) return 'unknown';
  let s = '';
  for (let i = 0; i < 4; i++) if (v & (8 >> i)) s += FENCE_BITS[i];
  return s;
}

/** The part of `amoadd.w.aqrl` after the mnemonic. */
function orderingSuffix(d: DecodedInstruction): string {
  if (d.aq && d.rl) return '.aqrl';
  if (d.aq) return '.aq';
  return d.rl ? '.rl' : '';
}

/** Mnemonics objdump 2.40 prints for immediate ALU forms (the `i` dropped). */
const IMM_ALU_NAMES: Readonly<Record<string, string>> = {
  addi: 'add', xori: 'xor', ori: 'or', andi: 'and', addiw: 'addw',
  slli: 'sll', srli: 'srl', srai: 'sra', slliw: 'sllw', srliw: 'srlw', sraiw: 'sraw',
};

const BRANCH_ZERO_RS2: Readonly<Record<string, string>> = { beq: 'beqz', bne: 'bnez', blt: 'bltz', bge: 'bgez' };
const BRANCH_ZERO_RS1: Readonly<Record<string, string>> = { blt: 'bgtz', bge: 'blez' };

function format(d: DecodedInstruction, pc: number): string {
  if (d.row.mnemonic === 'c.mv') return ins('mv', x(d.rd), x(d.rs2));
  const base = d.row.base;
  const m = base.mnemonic;
  const { rd, rs1, rs2, imm } = d;
  switch (base.format) {
    case 'R': return formatR(m, rd, rs1, rs2);
    case 'I': return formatI(d, m);
    case 'IS64': case 'IS32': return ins(IMM_ALU_NAMES[m], x(rd), x(rs1), hex(imm));
    case 'S': return ins(m, base.operands[0] === 'frs2' ? F_NAMES[rs2] : x(rs2), `${imm}(${x(rs1)})`);
    case 'B':
      if (rs2 === 0 && BRANCH_ZERO_RS2[m]) return ins(BRANCH_ZERO_RS2[m], x(rs1), target(pc, imm));
      if (rs1 === 0 && BRANCH_ZERO_RS1[m]) return ins(BRANCH_ZERO_RS1[m], x(rs2), target(pc, imm));
      return ins(m, x(rs1), x(rs2), target(pc, imm));
    case 'U': return ins(m, x(rd), hex((imm >>> 12) & 0xfffff));
    case 'J':
      if (rd === 0) return ins('j', target(pc, imm));
      if (rd === 1) return ins('jal', target(pc, imm));
      return ins('jal', x(rd), target(pc, imm));
    case 'CSR': case 'CSRI': return formatCsr(d, m);
    case 'AMO': return ins(m + orderingSuffix(d), x(rd), x(rs2), `(${x(rs1)})`);
    case 'LR': return ins(m + orderingSuffix(d), x(rd), `(${x(rs1)})`);
    case 'FENCE':
      if (m === 'fence.tso') return m;
      if (d.pred === 0xf && d.succ === 0xf) return 'fence';
      return ins('fence', fenceSet(d.pred), fenceSet(d.succ));
    default: return m;
  }
}

function formatR(m: string, rd: number, rs1: number, rs2: number): string {
  if (rs1 === 0) {
    if (m === 'sub') return ins('neg', x(rd), x(rs2));
    if (m === 'subw') return ins('negw', x(rd), x(rs2));
    if (m === 'sltu') return ins('snez', x(rd), x(rs2));
    if (m === 'slt') return ins('sgtz', x(rd), x(rs2));
  }
  if (rs2 === 0 && m === 'slt') return ins('sltz', x(rd), x(rs1));
  return ins(m, x(rd), x(rs1), x(rs2));
}

function formatI(d: DecodedInstruction, m: string): string {
  const { rd, rs1, imm } = d;
  if (d.row.base.operands[1] === 'mem') {
    if (m === 'jalr') {
      if (rd === 0 && rs1 === 1 && imm === 0) return 'ret';
      const name = rd === 0 ? 'jr' : 'jalr';
      if (rd === 0 || rd === 1) return ins(name, imm === 0 ? x(rs1) : `${imm}(${x(rs1)})`);
      return ins(name, x(rd), imm === 0 ? x(rs1) : `${imm}(${x(rs1)})`);
    }
    const dest = d.row.base.operands[0] === 'frd' ? F_NAMES[rd] : x(rd);
    return ins(m, dest, `${imm}(${x(rs1)})`);
  }
  switch (m) {
    case 'addi':
      if (rd === 0 && rs1 === 0 && imm === 0) return 'nop';
      if (rs1 === 0) return ins('li', x(rd), `${imm}`);
      if (imm === 0) return ins('mv', x(rd), x(rs1));
      break;
    case 'addiw': if (imm === 0) return ins('sext.w', x(rd), x(rs1)); break;
    case 'xori': if (imm === -1) return ins('not', x(rd), x(rs1)); break;
    case 'sltiu': if (imm === 1) return ins('seqz', x(rd), x(rs1)); break;
    default: break;
  }
  return ins(IMM_ALU_NAMES[m] ?? m, x(rd), x(rs1), `${imm}`);
}

const CSR_FCSR = 0x003, CSR_FRM = 0x002, CSR_FFLAGS = 0x001;
const CSR_CYCLE = 0xc00, CSR_TIME = 0xc01, CSR_INSTRET = 0xc02;
const READ_ALIAS: ReadonlyMap<number, string> = new Map([
  [CSR_CYCLE, 'rdcycle'], [CSR_TIME, 'rdtime'], [CSR_INSTRET, 'rdinstret'],
  [CSR_FCSR, 'frcsr'], [CSR_FRM, 'frrm'], [CSR_FFLAGS, 'frflags'],
]);
const WRITE_ALIAS: ReadonlyMap<number, string> = new Map([[CSR_FCSR, 'fscsr'], [CSR_FRM, 'fsrm'], [CSR_FFLAGS, 'fsflags']]);
const WRITE_IMM_ALIAS: ReadonlyMap<number, string> = new Map([[CSR_FRM, 'fsrmi'], [CSR_FFLAGS, 'fsflagsi']]);

function formatCsr(d: DecodedInstruction, m: string): string {
  const { rd, rs1, csr } = d;
  const name = csrName(csr);
  const isImm = m.endsWith('i');
  const src = isImm ? `${d.imm}` : x(rs1);
  const plain = isImm ? m.slice(0, -1) : m; // csrrwi prints as csrrw
  if (m === 'csrrs' && rs1 === 0) return ins(READ_ALIAS.get(csr) ?? 'csrr', x(rd)) + (READ_ALIAS.has(csr) ? '' : `,${name}`);
  if (m === 'csrrw') {
    if (csr === CSR_CYCLE && rd === 0 && rs1 === 0) return 'unimp';
    const alias = WRITE_ALIAS.get(csr);
    if (alias) return rd === 0 ? ins(alias, x(rs1)) : ins(alias, x(rd), x(rs1));
  }
  if (m === 'csrrwi' && WRITE_IMM_ALIAS.has(csr)) return ins(WRITE_IMM_ALIAS.get(csr) as string, x(rd), src);
  if (rd === 0) {
    const short = { csrrw: 'csrw', csrrs: 'csrs', csrrc: 'csrc' }[plain];
    if (short) return ins(short, name, src);
  }
  return ins(plain, x(rd), name, src);
}
