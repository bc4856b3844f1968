/**
 * The kernel's inspections behind the Processes and Memory Map views, on real runs: wait
 * reasons in the syscall's words (read pipe, futex, wait4), job-control "stopped", the per-process
 * fault counters (minor faults and copy-on-write breaks of cow's child), the VMA roles of a
 * glibc program with threads (.text, .rodata, .data, .bss, heap, thread stacks and their guard
 * pages), the resident pages of a range with their sharers, /proc/<pid>/status and the
 * debugger's signalProcess.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { SYS_read, SYS_write } from '../../src/abi/linux-syscalls';
import { Kernel } from '../../src/kernel/kernel';
import { waitReasonText } from '../../src/kernel/inspect-procs';
import { Thread, type WaitReason } from '../../src/kernel/process';
import { Pipe } from '../../src/kernel/vfs/pipe';
import { POLL_WAIT } from '../../src/kernel/files';
import { SIGCONT, SIGSTOP, SIGTERM } from '../../src/kernel/signal';
import { PTE_W } from '../../src/emu/sv39';
import { stat } from '../../src/kernel/vfs/procfs';

/** /proc/<pid>/stat's minflt field, 1-based (proc(5)). */
const MINFLT_FIELD = 10;

const ROOT = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..');
/** Instructions per slice while sampling a run (small, so short sleeps are seen). */
const SLICE = 500;
/** Most slices a sampled run takes (a hang guard). */
const MAX_SLICES = 40_000;

function boot(rel: string): { k: Kernel; pid: number } {
  const name = path.basename(rel);
  const k = new Kernel({ host: { writeConsole: () => {} } });
  k.addFile(`/bin/${name}`, new Uint8Array(fs.readFileSync(path.join(ROOT, rel))));
  const started = k.start(`/bin/${name}`, [`/bin/${name}`], []);
  if (!started.ok) throw new Error(started.error);
  return { k, pid: started.pid };
}

/** Runs in small slices until `done` holds (checked after each); fails after MAX_SLICES. */
function runUntil(k: Kernel, done: () => boolean): void {
  for (let i = 0; i < MAX_SLICES; i++) {
    if (done()) return;
    if (k.finished) throw new Error('the program ended first');
    k.run(SLICE);
  }
  throw new Error('the condition never held');
}

/** A sleeping thread with wait reason `wait`, blocked in syscall `nr` (for waitReasonText alone). */
function sleeper(wait: WaitReason, nr?: number): Thread {
  return Object.assign(Object.create(Thread.prototype) as Thread, { state: 'sleeping', wait, blocked: nr === undefined ? undefined : { nr, sepc: 0, args: [] } });
}

describe('wait reasons', () => {
  it('name a pipe sleep by the syscall, and the other sleeps by theirs', () => {
    const pipe = Object.create(Pipe.prototype) as Pipe;
    expect(waitReasonText(sleeper({ kind: 'io', on: pipe }, SYS_read))).toBe('read pipe');
    expect(waitReasonText(sleeper({ kind: 'io', on: pipe }, SYS_write))).toBe('write pipe');
    expect(waitReasonText(sleeper({ kind: 'io', on: POLL_WAIT }))).toBe('poll');
    expect(waitReasonText(sleeper({ kind: 'child' }))).toBe('wait4');
    expect(waitReasonText(sleeper({ kind: 'console' }))).toBe('console read');
    expect(waitReasonText(sleeper({ kind: 'timer', untilNs: 5 }))).toBe('nanosleep');
    expect(waitReasonText(sleeper({ kind: 'futex', key: 'k', bitset: 1 }))).toBe('futex');
    const awake = Object.assign(Object.create(Thread.prototype) as Thread, { state: 'runnable' });
    expect(waitReasonText(awake)).toBeUndefined();
  });

  it('pipe: the parent sleeps in "read pipe" while the child has not written', () => {
    const { k, pid } = boot('examples/bin/pipe');
    runUntil(k, () => k.processDetails().find((p) => p.pid === pid)?.threads[0]?.waitReason === 'read pipe');
    const parent = k.processDetails().find((p) => p.pid === pid)!;
    expect(parent.threads).toEqual([expect.objectContaining({ tid: pid, state: 'sleeping', waitReason: 'read pipe' })]);
    expect(k.processes().find((p) => p.pid === pid)!.state).toBe('sleeping');
  });

  it('glibc pthreads: a thread sleeps in "futex"', () => {
    const { k } = boot('examples/glibc/bin/pthreads');
    runUntil(k, () => k.processDetails().some((p) => p.threads.some((t) => t.waitReason === 'futex')));
  });
});

describe('job control and fault counters', () => {
  it('SIGSTOP makes cow\'s child "stopped" until SIGCONT; the run then ends normally', () => {
    const { k, pid } = boot('examples/bin/cow');
    runUntil(k, () => k.processes().length > 2);
    const child = k.processes().find((p) => p.ppid === pid)!.pid;
    expect(k.signalProcess(child, SIGSTOP)).toBeUndefined();
    runUntil(k, () => k.processes().find((p) => p.pid === child)?.state === 'stopped');
    expect(k.processDetails().find((p) => p.pid === child)!.threads.map((t) => t.state)).toEqual(['stopped']);
    for (let i = 0; i < 50; i++) k.run(SLICE); // a stopped process stays stopped
    expect(k.processes().find((p) => p.pid === child)?.state).toBe('stopped');
    expect(k.procStatus(child)).toMatch(/^State:\tT \(stopped\)$/m);
    expect(k.signalProcess(child, SIGCONT)).toBeUndefined();
    runUntil(k, () => k.finished);
    expect(k.finalStatus).toBe(0);
  });

  it('counts minor faults per process, and the child\'s 256 copy-on-write breaks', () => {
    const { k, pid } = boot('examples/bin/cow');
    runUntil(k, () => k.processes().length > 2);
    const parent = k.processDetails().find((p) => p.pid === pid)!;
    // the parent filled 256 heap pages (demand-zero faults) before fork
    expect(parent.minFlt).toBeGreaterThanOrEqual(256);
    const child = k.processes().find((p) => p.ppid === pid)!.pid;
    runUntil(k, () => (k.processDetails().find((p) => p.pid === child)?.cowFlt ?? 0) >= 256);
    const c = k.processDetails().find((p) => p.pid === child)!;
    expect(c.minFlt).toBeGreaterThanOrEqual(c.cowFlt);
    expect(c.residentPages).toBeGreaterThanOrEqual(256);
    // /proc/<pid>/stat's field 10 (minflt) is the same count, as on Linux (proc(5)).
    const fields = stat(k, k.procs.get(child)!).split(' ');
    expect(Number(fields[MINFLT_FIELD - 1])).toBe(c.minFlt);
  });
});

describe('memory map roles and pages', () => {
  it('names a glibc program\'s areas: .text .rodata .data .bss heap stack, thread stacks with guard pages', () => {
    const { k, pid } = boot('examples/glibc/bin/pthreads');
    runUntil(k, () => (k.vmas(pid) ?? []).some((v) => v.role === 'thread-stack'));
    const vmas = k.vmas(pid)!;
    const roles = new Set(vmas.map((v) => v.role));
    for (const r of ['text', 'rodata', 'data', 'bss', 'heap', 'stack', 'vdso', 'thread-stack', 'guard'] as const) expect(roles, r).toContain(r);
    const stack = vmas.find((v) => v.role === 'thread-stack')!;
    const tids = k.processes().find((p) => p.pid === pid)!.tids;
    expect(tids).toContain(stack.roleTid);
    expect(stack.roleTid).not.toBe(pid);
    const guard = vmas.find((v) => v.role === 'guard')!;
    expect(guard.perms).toBe('---p');
    expect(vmas.find((v) => v.role === 'text')!.perms).toBe('r-xp');
  });

  it('vmaPages: after fork both processes map the same frames, count 2, copy-on-write; capped lists say how many more', () => {
    const { k, pid } = boot('examples/bin/cow');
    runUntil(k, () => k.processes().length > 2);
    const child = k.processes().find((p) => p.ppid === pid)!.pid;
    const heap = k.vmas(pid)!.find((v) => v.role === 'heap')!;
    const mine = k.vmaPages(pid, heap.start, heap.end, 1000)!;
    expect(mine.resident).toBeGreaterThanOrEqual(256);
    const shared = mine.pages.filter((p) => p.sharedWith.some((s) => s.pid === child));
    expect(shared.length).toBeGreaterThanOrEqual(200); // the child may already have copied a few
    for (const p of shared) {
      expect(p.refCount).toBe(2);
      expect(p.cow).toBe(true);
      expect(p.flags & PTE_W).toBe(0);
      expect(p.sharedWith).toEqual([{ pid: child, va: p.va }]);
    }
    const capped = k.vmaPages(pid, heap.start, heap.end, 10)!;
    expect(capped.pages).toHaveLength(10);
    expect(capped.more).toBe(capped.resident - 10);
    expect(capped.pages).toEqual(mine.pages.slice(0, 10));
    const bytes = k.pageBytes(pid, shared[0].va + 5)!;
    expect(bytes.ppn).toBe(shared[0].ppn);
    expect(bytes.bytes).toHaveLength(4096);
    expect(k.vmaPages(4242, 0, 4096, 1)).toBeUndefined();
    expect(k.pageBytes(pid, 0)).toBeUndefined();
  });
});

describe('status and signals from the debugger', () => {
  it('procStatus is /proc/<pid>/status; signalProcess refuses bad signals, unknown pids and zombies', () => {
    const { k, pid } = boot('examples/bin/cow');
    runUntil(k, () => k.processes().length > 2);
    const text = k.procStatus(pid)!;
    expect(text).toMatch(/^Name:\tcow$/m);
    expect(text).toMatch(new RegExp(`^Pid:\\t${pid}$`, 'm'));
    expect(k.procStatus(4242)).toBeUndefined();
    expect(k.signalProcess(pid, 0)).toMatch(/not a signal number/);
    expect(k.signalProcess(pid, 65)).toMatch(/not a signal number/);
    expect(k.signalProcess(4242, SIGTERM)).toMatch(/no process with pid 4242/);
    const child = k.processes().find((p) => p.ppid === pid)!.pid;
    expect(k.signalProcess(child, SIGTERM)).toBeUndefined();
    // SIGTERM's default action kills at once: a zombie until the parent's wait4 reaps it
    expect(k.processes().find((p) => p.pid === child)).toMatchObject({ state: 'zombie', exitStatus: SIGTERM });
    expect(k.processDetails().find((p) => p.pid === child)).toMatchObject({ threads: [], residentPages: 0 });
    expect(k.signalProcess(child, SIGTERM)).toMatch(/already exited/);
    runUntil(k, () => k.finished);
    // cow's parent reports the child killed by a signal and fails
    expect(k.finalStatus).not.toBe(0);
  });
});
