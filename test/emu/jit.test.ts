import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { Exception, type StopReason } from '../../src/emu/trap';
import { PAGE_SIZE } from '../../src/emu/sv39';
import { loadElf } from './guest';
import { Machine, PTE_A, PTE_D, R, USER_R, USER_RWX, USER_RX, ins, program } from './machine';
import { predecode } from '../../src/emu/predecode';
import { readModifyWritePairs } from '../../src/emu/jit/region';

/**
 * The block compiler (src/emu/jit) against the interpreter: same programs, same budgets, same
 * architectural state at every stop; precise faults, self-modifying code, breakpoints, budgets.
 */

const CODE = 0x10000;
const DATA = 0x40000;
const UNMAPPED = 0x50000;
const ROOT = path.resolve(__dirname, '../..');

function machine(engine: 'jit' | 'interpreter', size = 8 * 1024 * 1024): Machine {
  const m = new Machine(size);
  m.hart.engine = engine;
  return m;
}

/** Registers, pc and instret as one comparable value. */
function state(m: Machine) {
  const h = m.hart;
  return { pc: h.pc, instret: h.instret, x: Array.from({ length: 32 }, (_, i) => h.getX(i).toString(16)) };
}

/** Runs two machines (interpreter / compiler) through the same budget sequence, handling write/exit like guest.ts. */
function lockstep(setup: (m: Machine) => void, budgets: number[], total: number, size?: number) {
  const a = machine('interpreter', size), b = machine('jit', size);
  setup(a); setup(b);
  let i = 0, stops = 0;
  while (a.hart.instret < total) {
    const budget = budgets[i++ % budgets.length];
    const sa = a.hart.run(budget), sb = b.hart.run(budget);
    expect(sb).toEqual(sa);
    expect(state(b)).toEqual(state(a));
    if (sa.kind === 'trap') {
      if (sa.scause !== Exception.EnvironmentCallFromUMode) break;
      const nr = Number(a.hart.getX(R.a7));
      if (nr === 93 || nr === 94) break;
      for (const m of [a, b]) { m.hart.setX(R.a0, m.hart.getX(R.a2)); m.hart.pc = sa.sepc + 4; }
      stops++;
    }
  }
  expect(Buffer.compare(Buffer.from(b.mem.u8), Buffer.from(a.mem.u8))).toBe(0);
  return { a, b, stops };
}

const BUDGETS = [1, 2, 3, 5, 8, 13, 997, 10_000, 1, 7, 65_537, 31, 4096, 100_003];

/**
 * Setup for a loop that walks a3 from DATA (a writable, dirty page) into the read-only page
 * after it, for a1 = 10,000 iterations, with `code` at CODE.
 */
function writableThenReadOnly(code: Uint8Array): (m: Machine) => void {
  return (m) => {
    m.loadCode(CODE, code);
    m.map(DATA, USER_RWX | PTE_A | PTE_D);
    m.map(DATA + PAGE_SIZE, USER_R | PTE_A);
    m.hart.setX(R.a3, BigInt(DATA));
    m.hart.setX(R.a1, 10_000n);
  };
}

describe('block compiler: same results as the interpreter', () => {
  for (const [name, file, total, size] of [
    ['alu test program', 'test/emu/programs/alu.elf', 200_000, undefined],
    ['alu benchmark', 'examples/bench/bin/alu', 1_500_000, undefined],
    ['memseq benchmark', 'examples/bench/bin/memseq', 1_500_000, undefined],
    ['mix benchmark', 'examples/bench/bin/mix', 2_000_000, undefined],
    ['chase benchmark (16 MiB)', 'examples/bench/bin/chase', 1_500_000, 64 * 1024 * 1024],
  ] as const) {
    it(`${name}: registers, pc, instret and memory identical at every budget stop`, () => {
      const elf = new Uint8Array(fs.readFileSync(path.join(ROOT, file)));
      const { b } = lockstep((m) => loadElf(m, elf), BUDGETS, total, size);
      expect(b.hart.jit.stats.compiled).toBeGreaterThan(0);
      expect(b.hart.jit.stats.regionRuns).toBeGreaterThan(0);
    });
  }
});

/** addi rd, rs1, imm */
const addi = (rd: number, rs1: number, imm: number) => ins('addi', { rd, rs1, imm });

describe('block compiler: precise faults inside compiled code', () => {
  function faultProgram(access: 'ld' | 'sd') {
    const mem = access === 'ld' ? ins('ld', { rd: R.a2, rs1: R.a3, imm: 0 }) : ins('sd', { rs1: R.a3, rs2: R.a0, imm: 0 });
    return program([addi(R.a0, R.a0, 1), addi(R.a1, R.a1, 2), mem, addi(R.a4, R.a4, 3), ins('ecall')]);
  }

  for (const [access, cause] of [['ld', Exception.LoadPageFault], ['sd', Exception.StorePageFault]] as const) {
    it(`a ${access} fault mid-block retires the earlier instructions only (sepc, stval, instret exact)`, () => {
      const m = machine('jit');
      m.loadCode(CODE, faultProgram(access));
      m.hart.setX(R.a3, BigInt(UNMAPPED + 8));
      const stop = m.hart.run(100);
      expect(stop).toEqual({ kind: 'trap', scause: cause, stval: UNMAPPED + 8, sepc: CODE + 8 });
      expect(m.hart.pc).toBe(CODE + 8);
      expect(m.hart.instret).toBe(2);
      expect(m.hart.getX(R.a0)).toBe(1n);
      expect(m.hart.getX(R.a1)).toBe(2n);
      expect(m.hart.getX(R.a4)).toBe(0n);
      expect(m.hart.jit.stats.compiled).toBe(1);
      // the kernel maps the page and resumes at sepc: the access and the rest now run
      m.map(UNMAPPED, USER_RWX | PTE_A | PTE_D);
      m.hart.flushTlb();
      expect(m.hart.run(100)).toMatchObject({ kind: 'trap', scause: Exception.EnvironmentCallFromUMode, sepc: CODE + 16 });
      expect(m.hart.instret).toBe(4);
      expect(m.hart.getX(R.a4)).toBe(3n);
    });
  }

  it('a store to a read-only page faults without writing, inside a hot loop', () => {
    // loop: sd a0, 0(a3); addi a3, a3, 8; addi a0, a0, 1; bne a0, a1, loop — runs off the end of a RW page into a R page
    const code = program([ins('sd', { rs1: R.a3, rs2: R.a0, imm: 0 }), addi(R.a3, R.a3, 8), addi(R.a0, R.a0, 1),
      ins('bne', { rs1: R.a0, rs2: R.a1, imm: -12 }), ins('ecall')]);
    const setup = writableThenReadOnly(code);
    const { a, b } = lockstep(setup, [100_000], 100_000);
    const stop: StopReason = { kind: 'trap', scause: Exception.StorePageFault, stval: DATA + PAGE_SIZE, sepc: CODE };
    expect(b.hart.run(0)).toEqual({ kind: 'budget' });
    expect(a.hart.pc).toBe(CODE);
    expect(b.hart.getX(R.a0)).toBe(BigInt(PAGE_SIZE / 8));
    expect(b.hart.instret).toBe(4 * (PAGE_SIZE / 8));
    expect(b.mem.read64(b.pa(DATA + PAGE_SIZE))).toBe(0n);
    // one more run reports the same precise fault again (nothing retired)
    expect(b.hart.run(10)).toEqual(stop);
    expect(b.hart.instret).toBe(4 * (PAGE_SIZE / 8));
  });

  it('a misaligned load that crosses into an unmapped page faults with stval at the page boundary', () => {
    const code = program([addi(R.a0, R.a0, 1), ins('ld', { rd: R.a2, rs1: R.a3, imm: 0 }), ins('ecall')]);
    const setup = (m: Machine) => {
      m.loadCode(CODE, code);
      m.map(DATA, USER_RWX | PTE_A | PTE_D);
      m.hart.setX(R.a3, BigInt(DATA + PAGE_SIZE - 4));
    };
    const { b } = lockstep(setup, [50], 10);
    expect(b.hart.pc).toBe(CODE + 4);
    expect(b.hart.instret).toBe(1);
    expect(b.hart.run(50)).toEqual({ kind: 'trap', scause: Exception.LoadPageFault, stval: DATA + PAGE_SIZE, sepc: CODE + 4 });
  });
});

describe('block compiler: read-modify-write pairs (a store reusing its load\'s translation)', () => {
  const pairs = (list: number[]) => [...readModifyWritePairs(list.map((bits) => predecode(bits))).entries()];

  it('pairs a load and a later same-size store to the same address, following addi on the base', () => {
    // ld a4,0(a5); addi a5,a5,8; add a2,a4,a1; sd a2,-8(a5)
    expect(pairs([ins('ld', { rd: R.a4, rs1: R.a5, imm: 0 }), addi(R.a5, R.a5, 8), ins('add', { rd: R.a2, rs1: R.a4, rs2: R.a1 }),
      ins('sd', { rs1: R.a5, rs2: R.a2, imm: -8 })])).toEqual([[0, 'load'], [3, 'store']]);
  });

  it('does not pair across a base register change other than addi, a size change, or overlapping pairs', () => {
    expect(pairs([ins('ld', { rd: R.a4, rs1: R.a5, imm: 0 }), ins('add', { rd: R.a5, rs1: R.a5, rs2: R.a1 }),
      ins('sd', { rs1: R.a5, rs2: R.a4, imm: 0 })])).toEqual([]);
    expect(pairs([ins('lw', { rd: R.a4, rs1: R.a5, imm: 0 }), ins('sd', { rs1: R.a5, rs2: R.a4, imm: 0 })])).toEqual([]);
    // ld A; ld B; sd B; sd A: only the inner pair (one physical address is kept at a time)
    expect(pairs([ins('ld', { rd: R.a4, rs1: R.a5, imm: 0 }), ins('ld', { rd: R.a2, rs1: R.a5, imm: 8 }),
      ins('sd', { rs1: R.a5, rs2: R.a2, imm: 8 }), ins('sd', { rs1: R.a5, rs2: R.a4, imm: 0 })])).toEqual([[1, 'load'], [2, 'store']]);
  });

  it('a read-modify-write loop running from a writable page into a read-only one faults at the first store there', () => {
    // loop: ld a2,0(a3); addi a2,a2,1; sd a2,0(a3); addi a3,a3,8; addi a0,a0,1; bne a0,a1,loop; ecall
    const code = program([ins('ld', { rd: R.a2, rs1: R.a3, imm: 0 }), addi(R.a2, R.a2, 1), ins('sd', { rs1: R.a3, rs2: R.a2, imm: 0 }),
      addi(R.a3, R.a3, 8), addi(R.a0, R.a0, 1), ins('bne', { rs1: R.a0, rs2: R.a1, imm: -20 }), ins('ecall')]);
    const setup = writableThenReadOnly(code);
    for (const budgets of [[100_000], BUDGETS]) {
      const { b } = lockstep(setup, budgets, 100_000);
      expect(b.hart.run(10)).toEqual({ kind: 'trap', scause: Exception.StorePageFault, stval: DATA + PAGE_SIZE, sepc: CODE + 8 });
      expect(b.hart.getX(R.a0)).toBe(BigInt(PAGE_SIZE / 8));
      expect(b.mem.read64(b.pa(DATA + PAGE_SIZE - 8))).toBe(1n);
      expect(b.mem.read64(b.pa(DATA + PAGE_SIZE))).toBe(0n);
    }
  });

  it('a read-modify-write of a word on the code page itself goes the slow way and patches the running loop', () => {
    // 0: addi a0,a0,1 ; 4: lw t1,0(t0) ; 8: add t1,t1,t2 ; 12: sw t1,0(t0) ; 16: bne a0,a1,0 ; 20: ecall
    // (t0 = CODE, t2 = 1 << 20: each round adds 1 to the immediate of the first instruction)
    const code = program([addi(R.a0, R.a0, 1), ins('lw', { rd: R.t1, rs1: R.t0, imm: 0 }), ins('add', { rd: R.t1, rs1: R.t1, rs2: R.t2 }),
      ins('sw', { rs1: R.t0, rs2: R.t1, imm: 0 }), ins('bne', { rs1: R.a0, rs2: R.a1, imm: -16 }), ins('ecall')]);
    const setup = (m: Machine) => {
      m.loadCode(CODE, code, USER_RWX | PTE_A | PTE_D);
      m.hart.setX(R.t0, BigInt(CODE));
      m.hart.setX(R.t2, 1n << 20n);
      m.hart.setX(R.a1, -1n); // never reached: the budget ends the run
    };
    const { b } = lockstep(setup, [10_000], 10_000);
    // 2000 rounds of 5 instructions; round k adds k (the immediate patched k - 1 times)
    expect(b.hart.getX(R.a0)).toBe(2000n * 2001n / 2n);
  });
});

describe('block compiler: code changes', () => {
  it('self-modifying code: a store patching the running loop takes effect at once', () => {
    // 0: addi a0,a0,1 (patched to addi a0,a0,5) ; 4: addi a1,a1,1 ; 8: bne a1,a2,0 ;
    // 12: sw t1,0(t0) ; 16: addi a2,a2,100 ; 20: bne a2,t2,0 (t2 = 300: two rounds) ; 24: ecall
    const patched = addi(R.a0, R.a0, 5);
    const code = program([addi(R.a0, R.a0, 1), addi(R.a1, R.a1, 1), ins('bne', { rs1: R.a1, rs2: R.a2, imm: -8 }),
      ins('sw', { rs1: R.t0, rs2: R.t1, imm: 0 }), addi(R.a2, R.a2, 100), ins('bne', { rs1: R.a2, rs2: R.t2, imm: -20 }), ins('ecall')]);
    const setup = (m: Machine) => {
      m.loadCode(CODE, code, USER_RWX | PTE_A | PTE_D);
      m.hart.setX(R.t0, BigInt(CODE));
      m.hart.setX(R.t1, BigInt(patched));
      m.hart.setX(R.a2, 100n);
      m.hart.setX(R.t2, 300n);
      m.hart.setX(R.a7, 93n); // the final ecall is exit for lockstep()
    };
    for (const budgets of [[1_000_000], [3, 17, 250]]) {
      const { b } = lockstep(setup, budgets, 2000);
      expect(b.hart.getX(R.a0)).toBe(100n + 100n * 5n);
      expect(b.hart.pc).toBe(CODE + 24);
    }
  });

  it('a host write to a code page (the kernel loading a program) replaces compiled code', () => {
    const m = machine('jit');
    m.loadCode(CODE, program([addi(R.a0, R.a0, 1), ins('ecall')]));
    m.hart.run(10);
    expect(m.hart.getX(R.a0)).toBe(1n);
    m.mem.write32(m.pa(CODE), addi(R.a0, R.a0, 40));
    m.hart.pc = CODE;
    m.hart.run(10);
    expect(m.hart.getX(R.a0)).toBe(41n);
  });

  it('after a remap and TLB flush the new page\'s code runs, not the compiled old one', () => {
    const m = machine('jit');
    const oldCode = program([addi(R.a0, R.a0, 1), ins('jal', { rd: 0, imm: -4 })]);
    const newCode = program([addi(R.a0, R.a0, 100), ins('ecall')]);
    m.loadCode(CODE, oldCode);
    m.hart.run(1000);
    expect(m.hart.getX(R.a0)).toBe(500n);
    const frame = m.allocFrame();
    newCode.forEach((byte, i) => m.mem.write8(frame * PAGE_SIZE + i, byte));
    m.map(CODE, USER_RX | PTE_A, frame);
    m.hart.flushTlb();
    m.hart.pc = CODE;
    expect(m.hart.run(1000)).toMatchObject({ kind: 'trap', scause: Exception.EnvironmentCallFromUMode });
    expect(m.hart.getX(R.a0)).toBe(600n);
  });
});

describe('block compiler: precise stops', () => {
  // loop: addi a0,a0,1 ; addi a1,a1,1 ; addi t0,t0,3 ; bne a1,a2,loop ; ecall
  const loop = program([addi(R.a0, R.a0, 1), addi(R.a1, R.a1, 1), addi(R.t0, R.t0, 3),
    ins('bne', { rs1: R.a1, rs2: R.a2, imm: -12 }), ins('ecall')]);
  const setup = (m: Machine) => { m.loadCode(CODE, loop); m.hart.setX(R.a2, 100_000n); };

  it('a breakpoint set in the middle of a hot compiled loop stops there, like the interpreter', () => {
    const a = machine('interpreter'), b = machine('jit');
    setup(a); setup(b);
    for (const m of [a, b]) expect(m.hart.run(30_001)).toEqual({ kind: 'budget' });
    expect(b.hart.jit.stats.compiled).toBeGreaterThan(0);
    const bp = CODE + 8;
    for (const m of [a, b]) m.hart.breakpoints.add(bp);
    for (let hit = 0; hit < 3; hit++) {
      const sa = a.hart.run(1_000_000, { ignoreBreakpointAtStart: hit > 0 });
      const sb = b.hart.run(1_000_000, { ignoreBreakpointAtStart: hit > 0 });
      expect(sb).toEqual({ kind: 'breakpoint', pc: bp });
      expect(sb).toEqual(sa);
      expect(state(b)).toEqual(state(a));
    }
    for (const m of [a, b]) m.hart.breakpoints.delete(bp);
    const sa = a.hart.run(1_000_000, { ignoreBreakpointAtStart: true });
    const sb = b.hart.run(1_000_000, { ignoreBreakpointAtStart: true });
    expect(sb).toEqual(sa);
    expect(sb).toMatchObject({ kind: 'trap', scause: Exception.EnvironmentCallFromUMode });
    expect(state(b)).toEqual(state(a));
    expect(b.hart.getX(R.t0)).toBe(300_000n);
  });

  it('run(budget) retires exactly `budget` instructions for every budget from 1 to 64', () => {
    const m = machine('jit');
    setup(m);
    let expected = 0;
    for (let budget = 1; budget <= 64; budget++) {
      expect(m.hart.run(budget)).toEqual({ kind: 'budget' });
      expected += budget;
      expect(m.hart.instret).toBe(expected);
    }
    expect(m.hart.getX(R.a0) + m.hart.getX(R.a1) + m.hart.getX(R.t0) / 3n).toBe(BigInt(Math.floor(expected / 4) * 3 + Math.min(expected % 4, 3)));
  });

  it('code on a watched page always runs in the interpreter, with the same results', () => {
    const a = machine('interpreter'), b = machine('jit');
    setup(a); setup(b);
    b.hart.jit.watchedPages.add(Math.floor(CODE / PAGE_SIZE));
    for (const m of [a, b]) m.hart.run(50_000);
    expect(state(b)).toEqual(state(a));
    expect(b.hart.jit.stats.compiled).toBe(0);
    b.hart.jit.watchedPages.clear();
    for (const m of [a, b]) m.hart.run(50_000);
    expect(state(b)).toEqual(state(a));
    expect(b.hart.jit.stats.compiled).toBeGreaterThan(0);
  });

  it('instructions the compiler leaves to the interpreter (CSR, AMO) run exactly, instret reads included', () => {
    // loop: addi a1,a1,1 ; csrrs a0,instret,x0 ; amoadd.w t0,a1,(a3) ; add s1,s1,a0 ; bne a1,a2,loop ; ecall
    const code = program([addi(R.a1, R.a1, 1), ins('csrrs', { rd: R.a0, csr: 0xc02, rs1: 0 }),
      ins('amoadd.w', { rd: R.t0, rs1: R.a3, rs2: R.a1 }), ins('add', { rd: R.s1, rs1: R.s1, rs2: R.a0 }),
      ins('bne', { rs1: R.a1, rs2: R.a2, imm: -16 }), ins('ecall')]);
    const setup = (m: Machine) => {
      m.loadCode(CODE, code);
      m.map(DATA, USER_RWX | PTE_A | PTE_D);
      m.hart.setX(R.a3, BigInt(DATA));
      m.hart.setX(R.a2, 3000n);
      m.hart.setX(R.a7, 93n);
    };
    const { b } = lockstep(setup, BUDGETS, 20_000);
    expect(b.hart.getX(R.a1)).toBe(3000n);
    expect(b.hart.jit.stats.interpreted).toBeGreaterThan(0);
    expect(b.hart.jit.stats.regionRuns).toBeGreaterThan(0);
  });

  it('an odd pc set by the host traps as InstructionAddressMisaligned before anything runs', () => {
    const m = machine('jit');
    setup(m);
    m.hart.pc = CODE + 1;
    expect(m.hart.run(100)).toEqual({ kind: 'trap', scause: Exception.InstructionAddressMisaligned, stval: CODE + 1, sepc: CODE + 1 });
    expect(m.hart.instret).toBe(0);
  });

  it('engine "interpreter" never compiles', () => {
    const m = machine('interpreter');
    setup(m);
    m.hart.run(10_000);
    expect(m.hart.jit.stats.compiled).toBe(0);
    expect(m.hart.instret).toBe(10_000);
  });
});

describe('block compiler: 64-bit carries and borrows (computed without branches)', () => {
  const M64 = (1n << 64n) - 1n;
  const EDGES = [0n, 1n, 2n, 0x7fffffffn, 0x80000000n, 0xfffffffen, 0xffffffffn, 0x100000000n, 0x17fffffffn,
    0x7fffffffffffffffn, 0x8000000000000000n, 0xffffffff00000000n, 0xfffffffffffffffen, M64, 0x123456789abcdef0n];
  const code = program([
    ins('add', { rd: R.a2, rs1: R.a0, rs2: R.a1 }), ins('sub', { rd: R.a3, rs1: R.a0, rs2: R.a1 }),
    ins('sub', { rd: R.a4, rs1: R.a1, rs2: R.a0 }), addi(R.a5, R.a0, 1), addi(R.a6, R.a0, -1),
    addi(R.a7, R.a0, 2047), addi(R.t0, R.a0, -2048), ins('add', { rd: R.t1, rs1: 0, rs2: R.a0 }),
    ins('add', { rd: R.t2, rs1: R.a1, rs2: 0 }), ins('sub', { rd: R.s1, rs1: 0, rs2: R.a1 }),
    ins('add', { rd: R.a0, rs1: R.a0, rs2: R.a0 }), ins('ecall'),
  ]);

  it('add, sub, addi and mv give the exact 64-bit results for operands at every carry edge, like the interpreter', () => {
    const a = machine('interpreter'), b = machine('jit');
    for (const m of [a, b]) m.loadCode(CODE, code);
    const w = (v: bigint) => v & M64;
    for (const x of EDGES) {
      for (const y of EDGES) {
        for (const m of [a, b]) {
          m.hart.pc = CODE; m.hart.setX(R.a0, x); m.hart.setX(R.a1, y);
          expect(m.hart.run(100)).toMatchObject({ kind: 'trap', scause: Exception.EnvironmentCallFromUMode });
        }
        expect(state(b)).toEqual(state(a));
        const got = [R.a2, R.a3, R.a4, R.a5, R.a6, R.a7, R.t0, R.t1, R.t2, R.s1, R.a0].map((r) => b.hart.getX(r));
        expect(got).toEqual([w(x + y), w(x - y), w(y - x), w(x + 1n), w(x - 1n), w(x + 2047n), w(x - 2048n), x, y, w(-y), w(2n * x)]);
      }
    }
    expect(b.hart.jit.stats.compiled).toBeGreaterThan(0);
    expect(b.hart.jit.stats.regionRuns).toBeGreaterThanOrEqual(EDGES.length ** 2);
  });
});
