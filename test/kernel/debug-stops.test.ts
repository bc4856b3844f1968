/**
 * The kernel's stops *before* something happens, for the debugger (Linux PTRACE_EVENT_EXIT and
 * signal-delivery stops): with StopOn.exit the run stops at exit_group with the process still
 * whole (registers readable, memory mapped), and resuming finishes the exit; with StopOn.signal
 * a signal about to kill a process (abort's SIGABRT) stops first, the process still alive, and
 * resuming kills it with that signal. Each is reported once; every frame comes back.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { KernelStop, StopOn } from '../../src/kernel/api';
import { Kernel } from '../../src/kernel/kernel';
import { signaledStatus, SIGABRT } from '../../src/kernel/signal';

const LOOPS = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'debug-adapter', 'fixtures', 'loops-O0');
const BUDGET = 5_000_000;

function boot(mode: string): { k: Kernel; pid: number; framesAtBoot: number } {
  const k = new Kernel({ host: { writeConsole: () => {} } });
  k.addFile('/bin/loops', new Uint8Array(fs.readFileSync(LOOPS)));
  const started = k.start('/bin/loops', ['/bin/loops', mode], []);
  if (!started.ok) throw new Error(started.error);
  return { k, pid: started.pid, framesAtBoot: k.stats().framesAtBoot };
}

/** Runs until a stop other than the budget; at most `rounds` slices. */
function runToStop(k: Kernel, stopOn: StopOn, rounds = 200): KernelStop {
  for (let i = 0; i < rounds; i++) {
    const s = k.run(BUDGET, { stopOn });
    if (s.kind !== 'budget') return s;
  }
  throw new Error('no stop');
}

describe('stops before an exit or a fatal signal', () => {
  it('exit_group stops first with the process whole; resuming exits with the same status', () => {
    const { k, pid } = boot('loop');
    const stop = runToStop(k, { exit: true });
    expect(stop).toMatchObject({ kind: 'event', tid: pid, event: { name: 'exit', data: { pid, status: 0 } } });
    const regs = k.registers(pid)!;
    expect(regs).toBeDefined();
    expect(k.readMemory(pid, regs.pc, 4)).toEqual(new Uint8Array([0x73, 0, 0, 0])); // the ecall of exit_group
    expect(k.processes().find((p) => p.pid === pid)?.state).not.toBe('zombie');
    const end = runToStop(k, { exit: true });
    expect(end).toEqual({ kind: 'exited', status: 0 });
    expect(k.stats().framesInUse).toBe(k.stats().framesAtBoot);
  });

  it('SIGABRT from abort() stops before it kills; resuming kills the process with SIGABRT', () => {
    const { k, pid } = boot('abort');
    const stop = runToStop(k, { signal: true });
    expect(stop).toMatchObject({ kind: 'event', tid: pid, event: { name: 'signal', data: { pid, signal: SIGABRT } } });
    expect(k.registers(pid)).toBeDefined();
    const end = runToStop(k, { signal: true });
    expect(end).toEqual({ kind: 'exited', status: signaledStatus(SIGABRT) });
    expect(k.stats().framesInUse).toBe(k.stats().framesAtBoot);
  });

  it('with the signal and exit filters both on, a fatal signal stops once', () => {
    const { k } = boot('abort');
    const first = runToStop(k, { signal: true, exit: true });
    expect(first).toMatchObject({ kind: 'event', event: { name: 'signal' } });
    expect(runToStop(k, { signal: true, exit: true })).toEqual({ kind: 'exited', status: signaledStatus(SIGABRT) });
  });

  it('without the filters, abort() kills at once, as before', () => {
    const { k } = boot('abort');
    expect(runToStop(k, {})).toEqual({ kind: 'exited', status: signaledStatus(SIGABRT) });
  });
});
