import { decode, instructionLength } from './decode';
import { formatFd } from './disasm-fd';
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
export function disassemble(bits: number, pc: number, options?: DisassembleOptions): string {
  const d = decode(bits, pc);
  const hasF = options?.hasF ?? true;
  if (d === undefined || (!hasF && (d.row.extension === 'F' || d.row.extension === 'D'))) return unknown(bits);
  if (d.length === 2) {
    const hint = compressedHint(d);
    if (hint !== undefined) return hint;
  }
  return format(d, pc, hasF);
}

/**
 * What the program being disassembled was built for (objdump takes it from the ELF's
 * .riscv.attributes). `hasF` (default true, RV64GC): F/D rows decode and the FP CSR aliases
 * (frcsr, fsrm, fsflagsi, ...) are used; false (rv64imac): FP rows print as unknown words and
 * FP CSRs print with the generic csrr/csrw forms.
 */
export interface DisassembleOptions {
  hasF?: boolean;
}

/** c.addi16sp with a zero immediate is reserved, yet binutils prints it as an addi. */
const C_ADDI16SP_ZERO = 0x6101;

function unknown(bits: number): string {
  const len = instructionLength(bits & 0xffff);
  if (len === 2 && (bits & 0xffff) === C_ADDI16SP_ZERO) return 'add\tsp,sp,0';
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

/**
 * RVC HINT encodings (and c.mv/c.addi, which binutils prints without the usual aliases), as
 * binutils 2.40 prints them; undefined for ordinary compressed instructions.
 */
function compressedHint(d: DecodedInstruction): string | undefined {
  const { rd, rs2, imm } = d;
  switch (d.row.mnemonic) {
    case 'c.slli': case 'c.srli': case 'c.srai':
      if (imm === 0) return ins(`${d.row.mnemonic}64`, x(rd));
      if (rd === 0) return ins(d.row.mnemonic, x(rd), hex(imm));
      return undefined;
    case 'c.nop': return imm === 0 ? undefined : ins('c.nop', `${imm}`);
    case 'c.li': return rd === 0 ? ins('c.li', x(rd), `${imm}`) : undefined;
    case 'c.lui': return rd === 0 ? ins('c.lui', x(rd), hex((imm >>> 12) & 0xfffff)) : undefined;
    case 'c.mv': return rd === 0 ? ins('c.mv', x(rd), x(rs2)) : ins('mv', x(rd), x(rs2));
    case 'c.add': return rd === 0 ? ins('c.add', x(rd), x(rs2)) : undefined;
    case 'c.addi': return imm === 0 ? ins('add', x(rd), x(rd), '0') : undefined;
    default: return undefined;
  }
}

function format(d: DecodedInstruction, pc: number, hasF: boolean): string {
  const base = d.row.base;
  const m = base.mnemonic;
  const { rd, rs1, rs2, imm } = d;
  if (base.format === 'R4' || base.format === 'RF' || (base.format === 'R' && (base.extension === 'F' || base.extension === 'D'))) {
    return formatFd(d);
  }
  switch (base.format) {
    case 'R': return formatR(m, rd, rs1, rs2);
    case 'I': return formatI(d, m);
    case 'IS64': case 'IS32': return ins(IMM_ALU_NAMES[m], x(rd), x(rs1), hex(imm));
    case 'S': return ins(m, base.operands[0] === 'frs2' ? F_NAMES[rs2] : x(rs2), `${imm}(${x(rs1)})`);
    case 'B':
      // binutils' table lists blez before bgez but bltz before bgtz: `bge zero,zero` is blez
      if (m === 'bge' && rs1 === 0) return ins('blez', x(rs2), target(pc, imm));
      if (rs2 === 0 && BRANCH_ZERO_RS2[m]) return ins(BRANCH_ZERO_RS2[m], x(rs1), target(pc, imm));
      if (rs1 === 0 && BRANCH_ZERO_RS1[m]) return ins(BRANCH_ZERO_RS1[m], x(rs2), target(pc, imm));
      return ins(m, x(rs1), x(rs2), target(pc, imm));
    case 'U': return ins(m, x(rd), hex((imm >>> 12) & 0xfffff));
    case 'J':
      if (rd === 0) return ins('j', target(pc, imm));
      if (rd === 1) return ins('jal', target(pc, imm));
      return ins('jal', x(rd), target(pc, imm));
    case 'CSR': case 'CSRI': return formatCsr(d, m, hasF);
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
  if (m === 'sfence.vma') {
    if (rs2 !== 0) return ins(m, x(rs1), x(rs2));
    return rs1 === 0 ? m : ins(m, x(rs1));
  }
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
    case 'andi': if (imm === 0xff) return ins('zext.b', x(rd), x(rs1)); break;
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

function formatCsr(d: DecodedInstruction, m: string, hasF: boolean): string {
  const { rd, rs1, csr } = d;
  const fpAlias = (map: ReadonlyMap<number, string>) => (hasF || csr >= CSR_CYCLE ? map.get(csr) : undefined);
  const name = csrName(csr);
  const isImm = m.endsWith('i');
  const src = isImm ? `${d.imm}` : x(rs1);
  const plain = isImm ? m.slice(0, -1) : m; // csrrwi prints as csrrw
  if (m === 'csrrs' && rs1 === 0) {
    const alias = fpAlias(READ_ALIAS);
    return alias !== undefined ? ins(alias, x(rd)) : ins('csrr', x(rd), name);
  }
  if (m === 'csrrw') {
    if (csr === CSR_CYCLE && rd === 0 && rs1 === 0) return 'unimp';
    const alias = fpAlias(WRITE_ALIAS);
    if (alias) return rd === 0 ? ins(alias, x(rs1)) : ins(alias, x(rd), x(rs1));
  }
  const immAlias = m === 'csrrwi' ? fpAlias(WRITE_IMM_ALIAS) : undefined;
  if (immAlias !== undefined) return ins(immAlias, x(rd), src);
  if (rd === 0) {
    const short = { csrrw: 'csrw', csrrs: 'csrs', csrrc: 'csrc' }[plain];
    if (short) return ins(short, name, src);
  }
  return ins(plain, x(rd), name, src);
}
