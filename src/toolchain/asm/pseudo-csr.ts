/**
 * The CSR pseudo-instructions (RISC-V Assembly Programmer's Manual, "Pseudoinstructions for
 * accessing control and status registers"; GNU as also accepts `csrw csr, imm` for csrwi):
 * csrr/csrw/csrs/csrc and their immediate forms, rdcycle/rdtime/rdinstret, and the FP CSR
 * shorthands frcsr/fscsr/frrm/fsrm/frflags/fsflags (with immediate forms fsrmi/fsflagsi).
 */
import { csr, constant, isXReg, xReg } from './operands';
import { csrNumber } from './registers';
import { arity, insn, regs, type Handler } from './pseudo-common';

const X0 = 0;
const ZIMM_MAX = 31n;

/** CSR pseudo-instructions with a register or an immediate source. */
const csrWrite = (reg: string, imm: string): Handler => (ctx, ops) => {
  if (!arity(ctx, ops, 2)) return null;
  const c = csr(ctx, ops[0]!);
  if (c === undefined) return null;
  if (isXReg(ctx, ops[1])) return regs([xReg(ctx, ops[1]!)], (rs) => [insn(reg, { rd: X0, csr: c, rs1: rs })]);
  const z = constant(ctx, ops[1]!, 0n, ZIMM_MAX, 'CSR immediate');
  return z === undefined ? null : [insn(imm, { rd: X0, csr: c, imm: z })];
};

const csrImm = (m: string): Handler => (ctx, ops) => {
  if (!arity(ctx, ops, 2)) return null;
  const c = csr(ctx, ops[0]!);
  const z = constant(ctx, ops[1]!, 0n, ZIMM_MAX, 'CSR immediate');
  return c === undefined || z === undefined ? null : [insn(m, { rd: X0, csr: c, imm: z })];
};

/** `rdcycle rd` and friends, `frcsr rd`: csrrs rd, csr, x0. */
const csrRead = (name?: string): Handler => (ctx, ops) => {
  if (name === undefined) {
    if (!arity(ctx, ops, 2)) return null;
    const rd = xReg(ctx, ops[0]!);
    const c = csr(ctx, ops[1]!);
    return rd === undefined || c === undefined ? null : [insn('csrrs', { rd, csr: c, rs1: X0 })];
  }
  if (!arity(ctx, ops, 1)) return null;
  const rd = xReg(ctx, ops[0]!);
  return rd === undefined ? null : [insn('csrrs', { rd, csr: csrNumber(name)!, rs1: X0 })];
};

/** `fscsr [rd,] rs` style swaps: csrrw rd|x0, csr, rs. */
const csrSwap = (name: string): Handler => (ctx, ops) => {
  if (!arity(ctx, ops, 1, 2)) return null;
  const rd = ops.length === 2 ? xReg(ctx, ops[0]!) : X0;
  const rs = xReg(ctx, ops[ops.length - 1]!);
  return rd === undefined || rs === undefined ? null : [insn('csrrw', { rd, csr: csrNumber(name)!, rs1: rs })];
};

/** `fsrmi [rd,] imm` style: csrrwi rd|x0, csr, imm. */
const csrSwapImm = (name: string): Handler => (ctx, ops) => {
  if (!arity(ctx, ops, 1, 2)) return null;
  const rd = ops.length === 2 ? xReg(ctx, ops[0]!) : X0;
  const z = constant(ctx, ops[ops.length - 1]!, 0n, ZIMM_MAX, 'CSR immediate');
  return rd === undefined || z === undefined ? null : [insn('csrrwi', { rd, csr: csrNumber(name)!, imm: z })];
};

/** Every CSR pseudo-instruction and its handler. */
export const CSR_PSEUDOS: Readonly<Record<string, Handler>> = {
  rdinstret: csrRead('instret'), rdcycle: csrRead('cycle'), rdtime: csrRead('time'),
  csrr: csrRead(),
  csrw: csrWrite('csrrw', 'csrrwi'), csrs: csrWrite('csrrs', 'csrrsi'), csrc: csrWrite('csrrc', 'csrrci'),
  csrwi: csrImm('csrrwi'), csrsi: csrImm('csrrsi'), csrci: csrImm('csrrci'),
  frcsr: csrRead('fcsr'), frrm: csrRead('frm'), frflags: csrRead('fflags'),
  fscsr: csrSwap('fcsr'), fsrm: csrSwap('frm'), fsflags: csrSwap('fflags'),
  fsrmi: csrSwapImm('frm'), fsflagsi: csrSwapImm('fflags'),
};
