import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { parseElf64 } from '../../src/elf/parse';
import type { KernelStop, WatchpointRequest, WatchpointStop } from '../../src/kernel/api';
import { Kernel } from '../../src/kernel/kernel';
import { MAX_WATCH_BYTES } from '../../src/kernel/watch';
import { GUEST, hasQemu, qemu } from './proc-guest';

/**
 * Kernel data watchpoints (Kernel.setWatchpoints, src/kernel/watch.ts) on the guest
 * test/fixtures/guest/watch.c, by symbol: user stores in a hot loop (block compiler and
 * interpreter), a user load, a kernel write by read(2), a page not resident when watched,
 * fork (only the watched pid stops), removal, and every frame freed at the end.
 */

const BIN = path.join(GUEST, 'bin', 'watch');
const ELF_BYTES = new Uint8Array(fs.readFileSync(BIN));
const ECALL = 0x00000073;
const OUTPUT = 'watch 159208 hello 42 2 0\n';

function symbol(name: string): number {
  const parsed = parseElf64(ELF_BYTES);
  if (!parsed.ok) throw new Error(parsed.error);
  const s = parsed.elf.symbols.find((x) => x.name === name);
  if (s === undefined) throw new Error(`no symbol ${name}`);
  return s.value;
}

interface Session { k: Kernel; pid: number; out: () => string }

function boot(engine: 'jit' | 'interpreter' = 'jit'): Session {
  let out = '';
  const k = new Kernel({ host: { writeConsole: (_fd, d) => { out += Buffer.from(d).toString('latin1'); } } });
  k.hart.engine = engine;
  k.addFile('/bin/watch', ELF_BYTES);
  const started = k.start('/bin/watch', ['/bin/watch'], []);
  if (!started.ok) throw new Error(started.error);
  return { k, pid: started.pid, out: () => out };
}

/** Runs to the end, returning every watchpoint stop; `onStop` may change the watchpoints. */
function runAll(s: Session, onStop: (w: WatchpointStop) => void = () => {}): { stops: WatchpointStop[]; status: number } {
  const stops: WatchpointStop[] = [];
  for (let i = 0; i < 10_000; i++) {
    const stop: KernelStop = s.k.run(1_000_000);
    if (stop.kind === 'exited') return { stops, status: stop.status };
    if (stop.kind === 'watchpoint') { stops.push(stop); onStop(stop); }
  }
  throw new Error('watch guest did not finish');
}

function word(s: Session, pc: number): number {
  const b = s.k.readMemory(s.pid, pc, 4)!;
  return b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24);
}

const le64 = (v: number) => Uint8Array.from({ length: 8 }, (_, i) => Math.floor(v / 2 ** (8 * i)) & 0xff);

function expectCleanEnd(s: Session, status: number): void {
  expect(status).toBe(0);
  expect(s.out()).toBe(OUTPUT);
  expect(s.k.stats().framesInUse).toBe(s.k.stats().framesAtBoot);
}

describe('kernel data watchpoints', () => {
  it.skipIf(!hasQemu)('the guest prints what it prints under Linux (qemu-riscv64), with no watchpoint set', () => {
    expect(qemu('watch')).toEqual({ out: OUTPUT, code: 0 });
    const s = boot();
    expectCleanEnd(s, runAll(s).status);
  });

  for (const engine of ['jit', 'interpreter'] as const) {
    it(`${engine}: a hot store loop stops exactly at the watched element, and removal lets it run on`, () => {
      const s = boot(engine);
      const target = symbol('squares') + 8 * 300;
      expect(s.k.setWatchpoints([{ id: 1, pid: s.pid, address: target, length: 8, access: 'write' }])).toEqual([{ id: 1, ok: true }]);
      let insn = 0;
      const { stops, status } = runAll(s, (w) => { insn = word(s, w.pc); s.k.setWatchpoints([]); });
      expect(stops).toHaveLength(1);
      const w = stops[0];
      expect(w).toMatchObject({ kind: 'watchpoint', tid: s.pid, id: 1, address: target, access: 'write' });
      expect(w.byKernel).toBeUndefined();
      expect(w.oldBytes).toEqual(new Uint8Array(8));
      expect(w.newBytes).toEqual(le64(300 * 300));
      // the stop pc is a store (sd, or c.sd) and the thread stands right after it
      expect((insn & 0x7f) === 0x23 || (insn & 0xe003) === 0xe000).toBe(true);
      expectCleanEnd(s, status);
      if (engine === 'jit') expect(s.k.hart.jit.stats.regionRuns).toBeGreaterThan(0);
    });
  }

  it('the stop is precise: element 301 is unwritten, 299 written, pc is after the store', () => {
    const s = boot('jit');
    const base = symbol('squares');
    s.k.setWatchpoints([{ id: 4, pid: s.pid, address: base + 8 * 300, length: 8, access: 'readWrite' }]);
    let stop: KernelStop;
    do stop = s.k.run(1_000_000); while (stop.kind !== 'watchpoint' && stop.kind !== 'exited');
    expect(stop.kind).toBe('watchpoint');
    const regs = s.k.registers(s.pid)!;
    const len = (word(s, (stop as WatchpointStop).pc) & 3) === 3 ? 4 : 2;
    expect(regs.pc).toBe((stop as WatchpointStop).pc + len);
    expect(s.k.readMemory(s.pid, base + 8 * 299, 8)).toEqual(le64(299 * 299));
    expect(s.k.readMemory(s.pid, base + 8 * 301, 8)).toEqual(new Uint8Array(8));
    s.k.setWatchpoints([]);
    expectCleanEnd(s, runAll(s).status);
  });

  it('a load hits a read watch; a write-only watch on the same variable does not stop', () => {
    const s = boot();
    const readme = symbol('readme');
    s.k.setWatchpoints([
      { id: 2, pid: s.pid, address: readme, length: 8, access: 'read' },
      { id: 3, pid: s.pid, address: readme, length: 8, access: 'write' },
    ]);
    const { stops, status } = runAll(s);
    expect(stops.map((w) => [w.id, w.access])).toEqual([[2, 'read']]);
    expect(stops[0].oldBytes).toBeUndefined();
    expectCleanEnd(s, status);
  });

  it('read(2) from a pipe into a watched buffer is reported as a kernel write, with the syscall', () => {
    const s = boot();
    const inbox = symbol('inbox');
    s.k.setWatchpoints([{ id: 5, pid: s.pid, address: inbox + 1, length: 2, access: 'write' }]);
    let insn = 0, pc = 0;
    const { stops, status } = runAll(s, (w) => { insn = word(s, w.pc); pc = s.k.registers(w.tid)!.pc; });
    expect(stops).toHaveLength(1);
    const w = stops[0];
    expect(w).toMatchObject({ id: 5, tid: s.pid, access: 'write', byKernel: 'read', address: inbox + 1 });
    expect(insn).toBe(ECALL);
    expect(pc).toBe(w.pc + 4); // the syscall has returned
    expect(w.oldBytes).toEqual(new Uint8Array(2));
    expect(Buffer.from(w.newBytes!).toString()).toBe('el');
    expectCleanEnd(s, status);
  });

  it('a watch on a page that is not resident yet triggers once the page is faulted in', () => {
    const s = boot();
    const lazy = symbol('lazy');
    expect(s.k.readMemory(s.pid, lazy, 8)).toHaveLength(0); // not resident
    s.k.setWatchpoints([{ id: 6, pid: s.pid, address: lazy + 40, length: 8, access: 'write' }]);
    expect(s.k.readMemory(s.pid, lazy, 8)).toHaveLength(0); // watching faulted nothing in
    const { stops, status } = runAll(s);
    expect(stops.map((w) => [w.id, w.newBytes])).toEqual([[6, le64(42)]]);
    expectCleanEnd(s, status);
  });

  it('after fork only the watched pid stops (the child does not inherit the watch)', () => {
    const s = boot();
    s.k.setWatchpoints([{ id: 7, pid: s.pid, address: symbol('shared'), length: 8, access: 'write' }]);
    const { stops, status } = runAll(s);
    expect(stops.map((w) => [w.tid, w.newBytes])).toEqual([[s.pid, le64(2)]]);
    expectCleanEnd(s, status);
  });

  it('rejects bad requests per entry and installs the good ones', () => {
    const s = boot();
    const ok: WatchpointRequest = { id: 1, pid: s.pid, address: symbol('readme'), length: 8, access: 'read' };
    const results = s.k.setWatchpoints([
      ok,
      { ...ok, id: 2, pid: 999 },
      { ...ok, id: 3, length: 0 },
      { ...ok, id: 4, length: MAX_WATCH_BYTES + 1 },
      { ...ok, id: 5, address: -8 },
      { ...ok, id: 6, address: 2 ** 38 - 4 },
      { ...ok, id: 7, access: 'execute' as never },
      { ...ok, id: 8, length: 1.5 },
    ]);
    expect(results[0]).toEqual({ id: 1, ok: true });
    expect(results.slice(1).map((r) => [r.id, r.ok])).toEqual([[2, false], [3, false], [4, false], [5, false], [6, false], [7, false], [8, false]]);
    for (const r of results.slice(1)) expect(r.ok === false && r.error.length > 0).toBe(true);
    const { stops } = runAll(s);
    expect(stops.map((w) => w.id)).toEqual([1]);
  });
});
