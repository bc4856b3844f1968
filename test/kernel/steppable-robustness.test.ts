/**
 * A kernel path paused mid-way loses nothing when the session ends or the thread dies (issue 10,
 * "Bad input"): paused in the copy-on-write copy with the new frame allocated and not yet
 * installed, or in a syscall, `shutdown` (terminate / disconnect) finishes the path first and
 * every frame returns to the free list; the paused thread's process killed by a signal from
 * outside (the host's kill) finishes the path on the next run; a kernelStep naming a thread that
 * does not exist pauses nothing; a kernel breakpoint id that no path has is never hit.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { KernelStop, RunControl } from '../../src/kernel/api';
import { Kernel } from '../../src/kernel/kernel';
import { SIGKILL } from '../../src/kernel/signal';
import { setKernelSourceReader } from '../../src/kernel/steps/lines';
import { nodeSourceReader } from '../../src/host/kernel-source';

setKernelSourceReader(nodeSourceReader());

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const BUDGET = 1_000_000_000;
/** Most run() calls a test makes before it gives up. */
const MAX_RUNS = 100_000;

type Stopped = Extract<KernelStop, { kind: 'kernel' }>;

function boot(name: string): { k: Kernel; out: () => string } {
  const chunks: Uint8Array[] = [];
  const k = new Kernel({ host: { writeConsole: (_fd, d) => { chunks.push(d.slice()); } } });
  k.addFile(`/bin/${name}`, new Uint8Array(fs.readFileSync(path.join(ROOT, 'examples/bin', name))));
  const started = k.start(`/bin/${name}`, [`/bin/${name}`], []);
  if (!started.ok) throw new Error(started.error);
  return { k, out: () => Buffer.concat(chunks).toString('utf8') };
}

function expectedStdout(name: string): string {
  return fs.readFileSync(path.join(ROOT, 'examples/expected', `${name}.stdout`), 'utf8');
}

/** Runs under `control` until a kernel pause with id `id`. */
function runToPause(k: Kernel, id: string, control: RunControl): Stopped {
  for (let i = 0; i < MAX_RUNS; i++) {
    const s = k.run(BUDGET, control);
    if (s.kind === 'kernel' && s.pause.id === id) return s;
    if (s.kind === 'exited') throw new Error(`exited before ${id}`);
  }
  throw new Error(`no ${id}`);
}

/** Runs to the end with no stepping; returns the exit status. */
function finish(k: Kernel): number {
  for (let i = 0; i < MAX_RUNS; i++) {
    const s = k.run(BUDGET, {});
    if (s.kind === 'exited') return s.status;
  }
  throw new Error('no exit');
}

describe('a paused kernel path and the end of the session', () => {
  it('shutdown while paused at the copy-on-write copy (new frame not yet installed) returns every frame', () => {
    const { k } = boot('cow');
    const s = runToPause(k, 'cow.copy', { kernelBreakpoints: new Set(['cow.copy']) });
    expect(s.pause.values.newFrame).toBeDefined();
    expect(k.stats().framesInUse).toBeGreaterThan(k.stats().framesAtBoot);
    k.shutdown();
    expect(k.finished).toBe(true);
    expect(k.stats().framesInUse).toBe(k.stats().framesAtBoot);
  });

  it('shutdown while paused at a syscall entry returns every frame', () => {
    const { k } = boot('hello');
    runToPause(k, 'syscall.enter', { kernelBreakpoints: new Set(['syscall.enter']) });
    k.shutdown();
    expect(k.stats().framesInUse).toBe(k.stats().framesAtBoot);
  });

  it('the paused thread\'s process killed from outside: the next run finishes the path, the process dies, the rest goes on', () => {
    const { k } = boot('cow');
    const s = runToPause(k, 'cow.copy', { kernelBreakpoints: new Set(['cow.copy']) });
    const victim = [...k.procs.values()].find((p) => p.threads.some((t) => t.tid === s.tid))!;
    k.sendSignal(victim, SIGKILL);
    const status = finish(k);
    expect(k.finished).toBe(true);
    expect(typeof status).toBe('number');
    expect(k.stats().framesInUse).toBe(k.stats().framesAtBoot);
  });

  it('a kernelStep for a thread that does not exist and an unknown breakpoint id pause nothing', () => {
    const { k, out } = boot('cow');
    for (let i = 0; i < MAX_RUNS; i++) {
      const s = k.run(BUDGET, { kernelStep: { tid: 9999 }, kernelBreakpoints: new Set(['no.such.pause']) });
      expect(s.kind).not.toBe('kernel');
      if (s.kind === 'exited') break;
    }
    expect(out()).toBe(expectedStdout('cow'));
    expect(k.stats().framesInUse).toBe(k.stats().framesAtBoot);
  });
});
