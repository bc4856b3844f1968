import { describe, expect, it } from 'vitest';
import { NICE_0_WEIGHT, Stride, niceToTickets } from '../../src/kernel/sched';
import type { Thread } from '../../src/kernel/process';
import { expected, hasQemu, qemu, runGuest } from './proc-guest';

describe('futex and scheduling', () => {
  it('threads sleep in FUTEX_WAIT until FUTEX_WAKE, share a futex lock, and are joined via clear_child_tid', () => {
    const run = runGuest('futex');
    expect(run.out).toBe(expected('futex'));
    expect(run.out).toContain('main: FUTEX_WAKE woke 1 waiter; joined it (tid word cleared)');
    expect(run.out).toContain('counter = 4000 (expected 4000)');
    expect(run.kernel.stats().framesInUse).toBe(run.kernel.stats().framesAtBoot);
  });

  it('gives the same results under the stride scheduler', () => {
    expect(runGuest('futex', { kernel: { scheduler: 'stride' } }).out).toBe(expected('futex'));
    expect(runGuest('sigchld', { kernel: { scheduler: 'stride' } }).out).toBe(expected('sigchld'));
  });

  it.skipIf(!hasQemu)('futex prints exactly what qemu-riscv64 prints', () => {
    expect(runGuest('futex').out).toBe(qemu('futex').out);
  });

  it('stride scheduling shares the CPU in proportion to tickets from nice', () => {
    const s = new Stride();
    const mk = (tid: number, nice: number) => ({ tid, nice, pass: 0 } as unknown as Thread);
    const threads = [mk(1, 0), mk(2, 5), mk(3, -5)];
    const ran = new Map<number, number>();
    for (const t of threads) s.enqueue(t);
    for (let i = 0; i < 30_000; i++) {
      const t = s.pickNext()!;
      ran.set(t.tid, (ran.get(t.tid) ?? 0) + 1);
      s.charge(t, 1000);
      s.enqueue(t);
    }
    const share = (tid: number, nice: number) => ran.get(tid)! / niceToTickets(nice);
    expect(niceToTickets(0)).toBe(NICE_0_WEIGHT);
    expect(share(2, 5) / share(1, 0)).toBeCloseTo(1, 1);
    expect(share(3, -5) / share(1, 0)).toBeCloseTo(1, 1);
    expect(ran.get(3)! > ran.get(1)! && ran.get(1)! > ran.get(2)!).toBe(true);
  });

  it('a thread that slept does not get to run for the whole time it was away', () => {
    const s = new Stride();
    const a = { tid: 1, nice: 0, pass: 0 } as unknown as Thread;
    const b = { tid: 2, nice: 0, pass: 0 } as unknown as Thread;
    s.enqueue(a);
    for (let i = 0; i < 100; i++) { const t = s.pickNext()!; s.charge(t, 1000); s.enqueue(t); }
    s.enqueue(b);
    const order = Array.from({ length: 4 }, () => { const t = s.pickNext()!; s.charge(t, 1000); s.enqueue(t); return t.tid; });
    expect(order.sort()).toEqual([1, 1, 2, 2]);
  });
});
