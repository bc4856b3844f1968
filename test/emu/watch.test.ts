import { describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../../src/emu/sv39';
import type { StopReason } from '../../src/emu/trap';
import { Exception } from '../../src/emu/trap';
import { WATCH_READ, WATCH_WRITE, WatchList, peekVirtual, type DataWatch } from '../../src/emu/watch';
import { Machine, PTE_A, PTE_D, R, USER_RW, ins, program } from './machine';

/**
 * Data watchpoints in the machine (src/emu/watch.ts): exact ranges, the stop right after the
 * accessing instruction retired, old/new bytes, the TLB never caching a watched page, and the
 * same results from the interpreter and the block compiler.
 */

const CODE = 0x10000;
const DATA = 0x40000;
const ENGINES = ['interpreter', 'jit'] as const;

type Engine = (typeof ENGINES)[number];

/** A machine with `code` at CODE, two data pages at DATA (no A/D set) and a0 = DATA. */
function setup(engine: Engine, code: number[], lengths?: number[]): Machine {
  const m = new Machine();
  m.hart.engine = engine;
  m.loadCode(CODE, program(code, lengths));
  m.map(DATA, USER_RW);
  m.map(DATA + PAGE_SIZE, USER_RW);
  m.hart.setX(R.a0, BigInt(DATA));
  return m;
}

function watch(m: Machine, ...ws: Array<Partial<DataWatch> & { address: number }>): void {
  m.hart.setWatchList(new WatchList(ws.map((w, i) => ({ id: w.id ?? i + 1, length: w.length ?? 8, kinds: w.kinds ?? WATCH_WRITE, address: w.address }))));
}

function bytesLe(v: bigint, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => Number((v >> BigInt(8 * i)) & 0xffn));
}

const asWatch = (s: StopReason) => {
  if (s.kind !== 'watchpoint') throw new Error(`expected a watchpoint stop, got ${JSON.stringify(s)}`);
  return s;
};

describe.each(ENGINES)('data watchpoints (%s)', (engine) => {
  it.each([['sb', 1], ['sh', 2], ['sw', 4], ['sd', 8]] as const)('%s into a write watch stops after the store with old and new bytes', (op, size) => {
    const m = setup(engine, [ins(op, { rs1: R.a0, rs2: R.a1, imm: 8 }), ins('addi', { rd: R.a2, rs1: R.a2, imm: 1 }), ins('ecall')]);
    m.hart.setX(R.a1, 0x1122334455667788n);
    m.mem.write64(m.pa(DATA + 8), 0xaaaaaaaaaaaaaaaan);
    watch(m, { address: DATA + 8, length: 8, id: 7 });
    const s = asWatch(m.hart.run(100));
    expect(s.pc).toBe(CODE);
    expect(m.hart.pc).toBe(CODE + 4);
    expect(m.hart.instret).toBe(1);
    expect(m.hart.getX(R.a2)).toBe(0n);
    expect(s.hit).toMatchObject({ id: 7, address: DATA + 8, access: 'write' });
    expect(s.hit.oldBytes).toEqual(bytesLe(0xaaaaaaaaaaaaaaaan, 8));
    const mask = (1n << BigInt(8 * size)) - 1n;
    expect(s.newBytes).toEqual(bytesLe((0xaaaaaaaaaaaaaaaan & ~mask) | (0x1122334455667788n & mask), 8));
    // resuming runs on to the ecall
    const t = m.hart.run(100);
    expect(t).toMatchObject({ kind: 'trap', scause: Exception.EnvironmentCallFromUMode, sepc: CODE + 8 });
    expect(m.hart.getX(R.a2)).toBe(1n);
  });

  it('a misaligned store that crosses into the range hits, reporting its own address', () => {
    const m = setup(engine, [ins('sd', { rs1: R.a0, rs2: R.a1, imm: 4 }), ins('ecall')]);
    m.hart.setX(R.a1, -1n);
    watch(m, { address: DATA + 8, length: 4 });
    const s = asWatch(m.hart.run(100));
    expect(s.hit.address).toBe(DATA + 4);
    expect(s.newBytes).toEqual(new Uint8Array([0xff, 0xff, 0xff, 0xff]));
  });

  it('a store split across two pages hits a watch on the second page', () => {
    const m = setup(engine, [ins('sd', { rs1: R.a0, rs2: R.a1, imm: PAGE_SIZE - 4 - 0x800 }), ins('ecall')]);
    m.hart.setX(R.a0, BigInt(DATA + 0x800));
    m.hart.setX(R.a1, 0x0102030405060708n);
    watch(m, { address: DATA + PAGE_SIZE, length: 2 });
    const s = asWatch(m.hart.run(100));
    expect(s.hit.address).toBe(DATA + PAGE_SIZE - 4);
    expect(s.newBytes).toEqual(new Uint8Array([0x04, 0x03]));
  });

  it('stores elsewhere on the watched page do not stop, and neither do loads for a write watch', () => {
    const m = setup(engine, [ins('sd', { rs1: R.a0, rs2: R.a1, imm: 0 }), ins('sd', { rs1: R.a0, rs2: R.a1, imm: 16 }),
      ins('ld', { rd: R.a3, rs1: R.a0, imm: 8 }), ins('ecall')]);
    m.hart.setX(R.a1, 5n);
    watch(m, { address: DATA + 8, length: 8 });
    expect(m.hart.run(100)).toMatchObject({ kind: 'trap', scause: Exception.EnvironmentCallFromUMode });
    expect(m.mem.read64(m.pa(DATA))).toBe(5n);
    expect(m.mem.read64(m.pa(DATA + 16))).toBe(5n);
  });

  it('loads hit a read watch (after the load: the register holds the value); stores do not', () => {
    const m = setup(engine, [ins('sw', { rs1: R.a0, rs2: R.a1, imm: 8 }), ins('lbu', { rd: R.a3, rs1: R.a0, imm: 9 }), ins('ecall')]);
    m.hart.setX(R.a1, 0x1234n);
    watch(m, { address: DATA + 8, length: 8, kinds: WATCH_READ });
    const s = asWatch(m.hart.run(100));
    expect(s).toMatchObject({ pc: CODE + 4, hit: { access: 'read', address: DATA + 9 } });
    expect(s.hit.oldBytes).toBeUndefined();
    expect(m.hart.getX(R.a3)).toBe(0x12n);
    expect(m.hart.pc).toBe(CODE + 8);
  });

  it('AMOs hit write watches as writes and read watches as reads', () => {
    const code = [ins('amoadd.w', { rd: R.a3, rs1: R.a0, rs2: R.a1 }), ins('ecall')];
    const m = setup(engine, code);
    m.hart.setX(R.a1, 3n);
    m.mem.write32(m.pa(DATA), 10);
    watch(m, { address: DATA, length: 4 });
    const s = asWatch(m.hart.run(100));
    expect(s).toMatchObject({ pc: CODE, hit: { access: 'write' } });
    expect(s.hit.oldBytes).toEqual(bytesLe(10n, 4));
    expect(s.newBytes).toEqual(bytesLe(13n, 4));
    expect(m.hart.getX(R.a3)).toBe(10n);
    const r = setup(engine, code);
    watch(r, { address: DATA + 2, length: 1, kinds: WATCH_READ });
    expect(asWatch(r.hart.run(100)).hit.access).toBe('read');
  });

  it('a compressed c.sd hits; the next pc is 2 bytes on', () => {
    const m = setup(engine, [ins('c.sd', { rs2: R.a1, rs1: R.a0, imm: 8 }), ins('c.nop'), ins('ecall')]);
    m.hart.setX(R.a1, 9n);
    watch(m, { address: DATA + 12, length: 1 });
    const s = asWatch(m.hart.run(100));
    expect(s.pc).toBe(CODE);
    expect(m.hart.pc).toBe(CODE + 2);
  });

  it('an FP store (fsd) hits', () => {
    const m = setup(engine, [ins('fsd', { rs1: R.a0, rs2: 1, imm: 8 }), ins('ecall')]);
    m.hart.setF(1, 0x4000000000000000n);
    watch(m, { address: DATA + 8, length: 8 });
    expect(asWatch(m.hart.run(100)).newBytes).toEqual(bytesLe(0x4000000000000000n, 8));
  });

  it('a hot loop stops at exactly the iteration that writes the watched element', () => {
    // for (a4 = 0; a4 != 400; a4++) { *(a0 + 8 * a4) = a4 }   (every store on the watched page)
    const loop = [ins('sd', { rs1: R.a3, rs2: R.a4, imm: 0 }), ins('addi', { rd: R.a3, rs1: R.a3, imm: 8 }),
      ins('addi', { rd: R.a4, rs1: R.a4, imm: 1 }), ins('bne', { rs1: R.a4, rs2: R.a5, imm: -12 }), ins('ecall')];
    const m = setup(engine, loop);
    m.hart.setX(R.a3, BigInt(DATA));
    m.hart.setX(R.a5, 400n);
    watch(m, { address: DATA + 8 * 300, length: 8 });
    const s = asWatch(m.hart.run(1_000_000));
    expect(s.pc).toBe(CODE);
    expect(m.hart.pc).toBe(CODE + 4);
    expect(m.hart.instret).toBe(300 * 4 + 1);
    expect(m.hart.getX(R.a4)).toBe(300n);
    expect(s.newBytes).toEqual(bytesLe(300n, 8));
    expect(m.mem.read64(m.pa(DATA + 8 * 301))).toBe(0n);
    if (engine === 'jit') expect(m.hart.jit.stats.regionRuns).toBeGreaterThan(0);
    // removed: the loop runs to its end
    m.hart.setWatchList(undefined);
    expect(m.hart.run(1_000_000)).toMatchObject({ kind: 'trap', scause: Exception.EnvironmentCallFromUMode });
    expect(m.mem.read64(m.pa(DATA + 8 * 399))).toBe(399n);
  });

  it('a watch installed after the page is in the TLB still hits (installing flushes)', () => {
    const m = setup(engine, [ins('sd', { rs1: R.a0, rs2: R.a1, imm: 0 }), ins('jal', { rd: 0, imm: -4 })]);
    expect(m.hart.run(50).kind).toBe('budget');
    watch(m, { address: DATA, length: 8 });
    expect(m.hart.run(50).kind).toBe('watchpoint');
  });

  it('bookkeeping changes no guest state: no A/D bits, no TLB entries for watched pages', () => {
    const m = setup(engine, [ins('sd', { rs1: R.a0, rs2: R.a1, imm: 0 }), ins('ecall')]);
    // the range spans into the second page, which the store never touches
    watch(m, { address: DATA + PAGE_SIZE - 8, length: 16 });
    const s = m.hart.run(100);
    expect(s.kind).toBe('trap');
    expect(m.pteFlagsAt(DATA) & (PTE_A | PTE_D)).toBe(PTE_A | PTE_D);
    expect(m.pteFlagsAt(DATA + PAGE_SIZE) & (PTE_A | PTE_D)).toBe(0);
    expect(peekVirtual(m.hart, DATA + PAGE_SIZE, 8)).toEqual(new Uint8Array(8));
    expect(m.pteFlagsAt(DATA + PAGE_SIZE) & (PTE_A | PTE_D)).toBe(0);
    expect(m.hart.mmu.tags[2]).not.toContain(DATA / PAGE_SIZE);
    expect(m.hart.mmu.tags[1]).not.toContain(DATA / PAGE_SIZE);
  });
});

describe('WatchList and peekVirtual on odd input', () => {
  it('ignores empty ranges and matches overlaps exactly', () => {
    const l = new WatchList([{ id: 1, address: 100, length: 0, kinds: WATCH_WRITE }, { id: 2, address: 200, length: 4, kinds: WATCH_READ }]);
    expect([...l.pages]).toEqual([0]);
    expect(l.match(196, 4, WATCH_READ)).toBeUndefined();
    expect(l.match(197, 4, WATCH_READ)?.id).toBe(2);
    expect(l.match(203, 1, WATCH_READ)?.id).toBe(2);
    expect(l.match(204, 8, WATCH_READ)).toBeUndefined();
    expect(l.match(200, 4, WATCH_WRITE)).toBeUndefined();
  });

  it('peekVirtual of an unmapped or non-canonical address is undefined', () => {
    const m = new Machine();
    expect(peekVirtual(m.hart, DATA, 8)).toBeUndefined();
    expect(peekVirtual(m.hart, 2 ** 40, 8)).toBeUndefined();
  });

  it('a hit whose range is partly unmapped has no old/new bytes', () => {
    const m = setup('interpreter', [ins('sb', { rs1: R.a0, rs2: R.a1, imm: PAGE_SIZE - 1 - 0x800 }), ins('ecall')]);
    m.hart.setX(R.a0, BigInt(DATA + PAGE_SIZE + 0x800));
    watch(m, { address: DATA + 2 * PAGE_SIZE - 1, length: 2 });
    const s = asWatch(m.hart.run(10));
    expect(s.hit.oldBytes).toBeUndefined();
    expect(s.newBytes).toBeUndefined();
  });
});
