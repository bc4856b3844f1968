import { describe, expect, it } from 'vitest';
import { Exception } from '../../src/emu/trap';
import { CODE_VA, exec } from './exec1';
import { Machine, R, ins, program } from './machine';

const M64 = (1n << 64n) - 1n;

describe('jumps and branches', () => {
  it('jal writes pc+4 to rd and jumps pc-relative', () => {
    const { m, stop } = exec([ins('jal', { rd: R.ra, imm: 8 }), ins('addi', { rd: R.a0, rs1: 0, imm: 1 }),
      ins('addi', { rd: R.a1, rs1: 0, imm: 2 })]);
    expect(m.hart.getX(R.ra)).toBe(BigInt(CODE_VA + 4));
    expect(m.hart.getX(R.a0)).toBe(0n);
    expect(m.hart.getX(R.a1)).toBe(2n);
    expect(stop).toMatchObject({ kind: 'trap', scause: Exception.EnvironmentCallFromUMode, sepc: CODE_VA + 12 });
  });
  it('jalr clears bit 0 of the target and reads rs1 before writing rd', () => {
    const { m } = exec([ins('jalr', { rd: R.a5, rs1: R.a5, imm: 1 }), ins('addi', { rd: R.a0, rs1: 0, imm: 1 })],
      { [R.a5]: BigInt(CODE_VA + 8) });
    expect(m.hart.getX(R.a5)).toBe(BigInt(CODE_VA + 4));
    expect(m.hart.getX(R.a0)).toBe(0n);
  });
  const cases: [string, bigint, bigint, boolean][] = [
    ['beq', 5n, 5n, true], ['beq', 5n, 6n, false], ['bne', 1n << 32n, 0n, true], ['bne', 7n, 7n, false],
    ['blt', M64, 0n, true], ['blt', 0n, M64, false], ['bge', 0n, M64, true], ['bge', M64, M64, true],
    ['bltu', 0n, M64, true], ['bltu', M64, 0n, false], ['bgeu', M64, 0n, true], ['bgeu', 1n, 1n << 32n, false],
    ['blt', 0xffffffffn, 0x100000000n, true], ['bltu', 0x80000000n, 0x7fffffffn, false],
  ];
  for (const [op, a, b, taken] of cases) {
    it(`${op} ${a.toString(16)}, ${b.toString(16)} is ${taken ? 'taken' : 'not taken'}`, () => {
      const { m } = exec([ins(op, { rs1: R.a1, rs2: R.a2, imm: 8 }), ins('addi', { rd: R.a0, rs1: 0, imm: 1 })],
        { [R.a1]: a, [R.a2]: b });
      expect(m.hart.getX(R.a0)).toBe(taken ? 0n : 1n);
    });
  }
  it('a backward branch loops (sum 1..100)', () => {
    const { m } = exec([ins('addi', { rd: R.t0, rs1: 0, imm: 100 }), ins('add', { rd: R.a0, rs1: R.a0, rs2: R.t0 }),
      ins('addi', { rd: R.t0, rs1: R.t0, imm: -1 }), ins('bne', { rs1: R.t0, rs2: 0, imm: -8 })], {}, 1000);
    expect(m.hart.getX(R.a0)).toBe(5050n);
  });
});

describe('traps, budget and breakpoints', () => {
  it('ecall stops with scause 8, sepc = the ecall, pc not advanced, not retired', () => {
    const m = new Machine();
    m.loadCode(CODE_VA, program([ins('addi', { rd: R.a0, rs1: 0, imm: 1 }), ins('ecall')]));
    const stop = m.hart.run(10);
    expect(stop).toEqual({ kind: 'trap', scause: Exception.EnvironmentCallFromUMode, stval: 0, sepc: CODE_VA + 4 });
    expect(m.hart.pc).toBe(CODE_VA + 4);
    expect(m.hart.instret).toBe(1);
  });
  it('ebreak and c.ebreak stop with scause 3 (Breakpoint)', () => {
    expect(exec([ins('ebreak')]).stop).toMatchObject({ kind: 'trap', scause: Exception.Breakpoint, sepc: CODE_VA });
    expect(exec([ins('c.ebreak')]).stop).toMatchObject({ kind: 'trap', scause: Exception.Breakpoint, sepc: CODE_VA });
  });
  it('run(budget) retires exactly budget instructions and instret counts them across calls', () => {
    const m = new Machine();
    m.loadCode(CODE_VA, program([ins('addi', { rd: R.a0, rs1: R.a0, imm: 1 }), ins('jal', { rd: 0, imm: -4 })]));
    expect(m.hart.run(7)).toEqual({ kind: 'budget' });
    expect(m.hart.instret).toBe(7);
    expect(m.hart.getX(R.a0)).toBe(4n);
    expect(m.hart.pc).toBe(CODE_VA + 4);
    m.hart.run(1000);
    expect(m.hart.instret).toBe(1007);
    expect(m.hart.run(0)).toEqual({ kind: 'budget' });
    expect(m.hart.instret).toBe(1007);
  });
  it('a breakpoint stops before the instruction; ignoreBreakpointAtStart steps over it', () => {
    const m = new Machine();
    m.loadCode(CODE_VA, program([ins('addi', { rd: R.a0, rs1: 0, imm: 1 }), ins('addi', { rd: R.a1, rs1: 0, imm: 2 }),
      ins('ecall')]));
    m.hart.breakpoints.add(CODE_VA + 4);
    expect(m.hart.run(100)).toEqual({ kind: 'breakpoint', pc: CODE_VA + 4 });
    expect(m.hart.getX(R.a0)).toBe(1n);
    expect(m.hart.getX(R.a1)).toBe(0n);
    expect(m.hart.instret).toBe(1);
    expect(m.hart.run(100)).toEqual({ kind: 'breakpoint', pc: CODE_VA + 4 });
    expect(m.hart.run(100, { ignoreBreakpointAtStart: true })).toMatchObject({ kind: 'trap', sepc: CODE_VA + 8 });
    expect(m.hart.getX(R.a1)).toBe(2n);
  });
  it('a breakpoint on a loop body stops on every iteration', () => {
    const m = new Machine();
    m.loadCode(CODE_VA, program([ins('addi', { rd: R.a0, rs1: R.a0, imm: 1 }), ins('jal', { rd: 0, imm: -4 })]));
    m.hart.breakpoints.add(CODE_VA);
    m.hart.run(100, { ignoreBreakpointAtStart: true });
    m.hart.run(100, { ignoreBreakpointAtStart: true });
    expect(m.hart.getX(R.a0)).toBe(2n);
    expect(m.hart.pc).toBe(CODE_VA);
  });
});

describe('context save and restore', () => {
  it('saveContext/restoreContext round-trip registers and pc', () => {
    const m = new Machine();
    m.hart.setX(R.a0, M64);
    m.hart.setX(R.s1, 0x123456789n);
    m.hart.pc = 0x4000;
    const ctx = m.hart.saveContext();
    expect(ctx.x[R.a0]).toBe(M64);
    expect(ctx.x[0]).toBe(0n);
    const other = new Machine().hart;
    other.restoreContext(ctx);
    expect(other.getX(R.s1)).toBe(0x123456789n);
    expect(other.pc).toBe(0x4000);
    expect(other.saveContext()).toEqual(ctx);
  });
  it('setX(0, v) is ignored and setX wraps to 64 bits', () => {
    const h = new Machine().hart;
    h.setX(0, 5n);
    h.setX(R.a0, -1n);
    expect(h.getX(0)).toBe(0n);
    expect(h.getX(R.a0)).toBe(M64);
  });
});

describe('CSRs', () => {
  it('rdinstret, rdcycle and rdtime read the retired count (time base = instret)', () => {
    const m = new Machine();
    m.loadCode(CODE_VA, program([ins('addi', { rd: 0, rs1: 0, imm: 0 }), ins('addi', { rd: 0, rs1: 0, imm: 0 }),
      ins('csrrs', { rd: R.a0, csr: 0xc02, rs1: 0 }), ins('csrrs', { rd: R.a1, csr: 0xc00, rs1: 0 }),
      ins('csrrs', { rd: R.a2, csr: 0xc01, rs1: 0 }), ins('ecall')]));
    m.hart.run(100);
    expect(m.hart.getX(R.a0)).toBe(2n);
    expect(m.hart.getX(R.a1)).toBe(3n);
    expect(m.hart.getX(R.a2)).toBe(4n);
  });
  it('writing a read-only counter or touching an unknown CSR is an illegal instruction', () => {
    const w = ins('csrrw', { rd: R.a0, csr: 0xc00, rs1: R.a1 });
    expect(exec([w]).stop).toEqual({ kind: 'trap', scause: Exception.IllegalInstruction, stval: w, sepc: CODE_VA });
    const s = ins('csrrs', { rd: R.a0, csr: 0xc01, rs1: R.a1 });
    expect(exec([s], { [R.a1]: 1n }).stop).toMatchObject({ scause: Exception.IllegalInstruction, stval: s });
    const sstatus = ins('csrrs', { rd: R.a0, csr: 0x100, rs1: 0 });
    expect(exec([sstatus]).stop).toMatchObject({ scause: Exception.IllegalInstruction, stval: sstatus });
  });
  it('fflags, frm and fcsr are views of one register', () => {
    const { m } = exec([ins('csrrwi', { rd: 0, csr: 0x002, imm: 3 }), ins('csrrsi', { rd: 0, csr: 0x001, imm: 5 }),
      ins('csrrs', { rd: R.a0, csr: 0x003, rs1: 0 }), ins('csrrw', { rd: R.a1, csr: 0x003, rs1: R.a2 }),
      ins('csrrs', { rd: R.a3, csr: 0x002, rs1: 0 })], { [R.a2]: 0x1ffn });
    expect(m.hart.getX(R.a0)).toBe(0x65n);
    expect(m.hart.getX(R.a1)).toBe(0x65n);
    expect(m.hart.getX(R.a3)).toBe(7n);
    expect(m.hart.saveContext().fcsr).toBe(0xff);
  });
});

describe('pc alignment', () => {
  it('an odd pc set by the host traps with instruction address misaligned (scause 0)', () => {
    const m = new Machine();
    m.loadCode(CODE_VA, program([ins('ecall')]));
    m.hart.pc = CODE_VA + 1;
    expect(m.hart.run(10)).toEqual({ kind: 'trap', scause: Exception.InstructionAddressMisaligned, stval: CODE_VA + 1, sepc: CODE_VA + 1 });
    expect(m.hart.instret).toBe(0);
  });
});
