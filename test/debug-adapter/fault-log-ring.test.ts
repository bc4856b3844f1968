/**
 * The Fault Log's ring (src/debug-adapter/fault-log.ts) on a kernel running `cow` headless: a
 * small capacity keeps the newest entries in order and counts the dropped ones; the `since`,
 * pid and decision queries; the new-since-resume mark; syscall recording switched on and off.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Kernel } from '../../src/kernel/kernel';
import { FaultLog } from '../../src/debug-adapter/fault-log';
import { ROOT } from './harness';

const COW = new Uint8Array(fs.readFileSync(path.join(ROOT, 'examples', 'bin', 'cow')));
/** Instructions per run call; cow needs a few million in all. */
const SLICE = 1_000_000;
const MAX_SLICES = 100;

function cowKernel(): Kernel {
  const k = new Kernel({ host: { writeConsole: () => {} } });
  k.addFile('/bin/cow', COW);
  const started = k.start('/bin/cow', ['/bin/cow'], []);
  if (!started.ok) throw new Error(started.error);
  return k;
}

function runToExit(k: Kernel): void {
  for (let i = 0; i < MAX_SLICES; i++) if (k.run(SLICE).kind === 'exited') return;
  throw new Error('cow did not finish');
}

describe('FaultLog ring', () => {
  it('keeps the newest entries in order and counts the dropped ones', () => {
    // The same program twice, with a large and a small ring: the same faults (the emulator is deterministic).
    const big = cowKernel();
    const full = new FaultLog(big, () => true);
    runToExit(big);
    const k = cowKernel();
    const small = new FaultLog(k, () => true, 100);
    runToExit(k);
    const all = full.query();
    expect(full.dropped).toBe(0);
    expect(all.length).toBeGreaterThan(2 * 256); // a demand-zero and a copy-on-write fault per page of the region, and more
    expect(small.lastSeq).toBe(all.length);
    expect(small.dropped).toBe(all.length - 100);
    const kept = small.query();
    expect(kept.map((e) => e.seq)).toEqual(all.slice(-100).map((e) => e.seq));
    expect(kept.map((e) => (e.kind === 'fault' ? e.address : e.text))).toEqual(all.slice(-100).map((e) => (e.kind === 'fault' ? e.address : e.text)));
    expect(small.query({ since: all.length - 5 }).map((e) => e.seq)).toEqual([-4, -3, -2, -1, 0].map((d) => all.length + d));
    expect(small.query({ since: 1 })).toEqual(kept); // entries already dropped are simply not there
  });

  it('filters by pid and decision, marks what is new since the last resume, and records syscalls only while asked', () => {
    const k = cowKernel();
    const log = new FaultLog(k, (_tid, pc) => pc < 0x100000);
    expect(log.syscalls).toBe(false);
    k.run(SLICE / 2);
    const early = log.lastSeq;
    log.resumed();
    expect(log.newSince).toBe(early + 1);
    log.traceSyscalls(true);
    runToExit(k);
    const entries = log.query();
    const faults = entries.filter((e) => e.kind === 'fault');
    const calls = entries.filter((e) => e.kind === 'syscall');
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((e) => e.seq > early)).toBe(true);
    expect(calls.map((e) => e.text)).toContain('+++ exited with 0 +++');
    expect(calls.some((e) => /^wait4\(\d+, /.test(e.text))).toBe(true);
    for (const pid of new Set(entries.map((e) => e.pid))) expect(log.query({ pid })).toEqual(entries.filter((e) => e.pid === pid));
    expect(log.query({ decision: 'cow-copy' })).toEqual(faults.filter((e) => e.kind === 'fault' && e.decision === 'cow-copy'));
    expect(log.query({ decision: 'syscall' })).toEqual(calls);
    // inProgram is asked with the faulting pc when the entry is recorded
    for (const f of faults) expect(f.kind === 'fault' && f.inProgram).toBe(f.kind === 'fault' && f.pc < 0x100000);
    log.traceSyscalls(false);
    expect(log.syscalls).toBe(false);
    log.dispose();
  });
});
