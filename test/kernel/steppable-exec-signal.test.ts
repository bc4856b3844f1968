/**
 * Steppable execve, signal delivery, rt_sigreturn and the scheduler's pick (issue 10, kernel
 * side): each pauses at the statements that decide or change something, with the kernel's
 * state real at each pause (the process's Mm and VMAs, the registers, the signal mask); a run
 * that watches (kernel breakpoints never hit) prints and counts exactly what an unwatched one does.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { KernelStop, PauseRecord } from '../../src/kernel/api';
import type { Kernel } from '../../src/kernel/kernel';
import { findSymbol } from '../../src/elf';
import { NICE_0_WEIGHT, RoundRobin, Stride, niceToTickets, strideOf } from '../../src/kernel/sched';
import type { Thread } from '../../src/kernel/process';
import { frameAddress, sigreturnTrampoline } from '../../src/kernel/signals/frame';
import { drive, startPath, type Steps } from '../../src/kernel/steps/path';
import { pauseSite } from '../../src/kernel/steps/lines';
import { BUDGET, ROOT, boot, expected, finish, ids, runToPause, type Stopped } from './steppable-harness';

/** Register numbers in a RegisterSnapshot (RISC-V psABI). */
const REG_RA = 1;
const REG_SP = 2;
const REG_A0 = 10;
/** Linux signal numbers and errnos the examples meet. */
const SIGUSR1 = 10;
const ENOENT = 2;
/** The exit code examples/src/exec.c's child gives when execve failed. */
const EXEC_FAILED_STATUS = 127;
/** Bytes of an `ecall` (a 32-bit instruction). */
const ECALL_BYTES = 4;

/**
 * Kernel-steps thread `tid` from a pause to the end of its path: `at` sees each pause live;
 * returns the pauses and the stop that ended the step (a `step` back in user mode).
 */
function stepPath(k: Kernel, tid: number, at: (s: Stopped) => void = () => {}): { stops: Stopped[]; end: KernelStop } {
  const stops: Stopped[] = [];
  for (let i = 0; i < 1000; i++) {
    const s = k.run(BUDGET, { stepTid: tid, kernelStep: { tid } });
    if (s.kind !== 'kernel') return { stops, end: s };
    stops.push(s);
    at(s);
  }
  throw new Error('the path did not end');
}

describe('stepping execve', () => {
  it('pauses from the path read to the new image\'s first instruction, with the old image mapped up to the point of no return', () => {
    const { k, out, elf } = boot('exec');
    const first = runToPause(k, 'execve.getname');
    const tid = first.tid;
    const pid = k.threads().find((t) => t.tid === tid)!.pid;
    const proc = k.procs.get(pid)!;
    const oldMm = proc.mm;
    const oldVmas = k.vmas(pid);
    expect(first.pause).toMatchObject({ stage: 'doExecve', file: 'src/kernel/syscall/execve.ts', line: pauseSite('execve.getname').line });
    expect(first.pause.frames.map((f) => f.fn)).toEqual(['sys_execve', 'doExecve']);
    expect(first.pause.values.facts).toEqual({ filename: '/bin/exec' });

    const segments: PauseRecord[] = [];
    const { stops, end } = stepPath(k, tid, (s) => {
      const id = s.pause.id;
      if (id === 'elf.map_segment') segments.push(s.pause);
      if (id === 'elf.map_segment' || id === 'exec.point_of_no_return' || id === 'exec.exec_mmap') {
        // Everything so far changed nothing of the caller: its own Mm and VMAs.
        expect(proc.mm).toBe(oldMm);
        expect(k.vmas(pid)).toEqual(oldVmas);
      }
      if (id === 'exec.mmput') {
        expect(proc.mm).not.toBe(oldMm);
        expect(oldMm.users).toBe(1);
        const now = k.vmas(pid)!;
        for (const seg of segments) {
          const v = seg.values.vma!;
          expect(now.some((x) => x.start === v.start && x.perms === v.perms)).toBe(true);
        }
        expect(now.some((x) => x.name === '[stack]')).toBe(true);
      }
      if (id === 'exec.start_thread') expect(oldMm.users).toBe(0);
    });
    expect(ids(stops)).toEqual([
      'execve.copy_strings', 'exec.find_executable', 'elf.check_headers', 'elf.new_mm',
      ...segments.map(() => 'elf.map_segment'), 'elf.set_brk', 'elf.setup_arg_pages', 'elf.copy_strings',
      'elf.create_elf_tables', 'exec.point_of_no_return', 'exec.exec_mmap', 'exec.mmput', 'exec.unshare_files',
      'exec.flush_signal_handlers', 'exec.start_thread', 'syscall.return',
    ]);
    expect(segments.length).toBeGreaterThan(0);
    const byId = (id: string) => stops.find((s) => s.pause.id === id)!;
    expect(byId('execve.copy_strings').pause.values.facts).toMatchObject({ argc: 2, envc: 0, argv0: '/bin/exec' });
    expect(byId('exec.find_executable').pause.values.facts).toMatchObject({ path: '/bin/exec', depth: 0, found: '/bin/exec' });
    expect(segments[0].frames.map((f) => f.fn)).toEqual(['sys_execve', 'doExecve', 'bprmExecve', 'loadElfBinary', 'mapSegments']);
    expect(byId('elf.map_segment').depth).toBe(5);
    expect(segments[0].file).toBe('src/kernel/loader.ts');
    expect(byId('exec.point_of_no_return').pause.file).toBe('src/kernel/exec.ts');
    const tables = byId('elf.create_elf_tables').pause.values.facts!;
    expect(tables).toMatchObject({ argc: 2, envc: 0 });
    expect(tables.auxvEntries).toBeGreaterThan(10);
    expect(byId('exec.point_of_no_return').pause.values.facts).toMatchObject({ entry: BigInt(elf.entry), sp: tables.sp, otherThreads: 0 });
    expect(byId('exec.exec_mmap').pause.values.facts).toMatchObject({ oldUsers: 1, oldShared: false });
    expect(byId('exec.mmput').pause.values.facts).toMatchObject({ freed: true });
    expect(byId('syscall.return').pause.values.blocked).toBe(false);

    // The step ends in the new image at its entry, sp at argc (2: the path and --greet).
    expect(end).toEqual({ kind: 'step', tid });
    const regs = k.registers(tid)!;
    expect(regs.pc).toBe(elf.entry);
    expect(regs.x[REG_SP]).toBe(tables.sp);
    const argc = k.readMemory(pid, Number(tables.sp), 8)!;
    expect(new DataView(argc.buffer, argc.byteOffset).getBigUint64(0, true)).toBe(2n);

    expect(finish(k).status).toBe(expected('exec').status);
    expect(out()).toBe(expected('exec').stdout);
    expect(k.stats().framesInUse).toBe(k.stats().framesAtBoot);
  });

  it('a missing file fails at the lookup with the caller untouched: the old image runs on', () => {
    const { k, out } = boot('exec', { argv: ['/bin/missing'] });
    const first = runToPause(k, 'execve.getname');
    const pid = k.threads().find((t) => t.tid === first.tid)!.pid;
    const oldMm = k.procs.get(pid)!.mm;
    const oldVmas = k.vmas(pid);
    const pc = k.registers(first.tid)!.pc;
    const { stops, end } = stepPath(k, first.tid);
    expect(ids(stops)).toEqual(['execve.copy_strings', 'exec.find_executable', 'syscall.return']);
    expect(stops[1].pause.values.facts).toMatchObject({ path: '/bin/missing', errno: ENOENT });
    expect(stops[2].pause.values.result).toBe(-ENOENT);
    expect(end).toEqual({ kind: 'step', tid: first.tid });
    expect(k.procs.get(pid)!.mm).toBe(oldMm);
    expect(k.vmas(pid)).toEqual(oldVmas);
    expect(k.registers(first.tid)!.pc).toBe(pc + ECALL_BYTES);
    finish(k);
    expect(out()).toContain(`exec: execve failed, errno ${ENOENT}`);
    expect(out()).toContain(`exec: child exited with status ${EXEC_FAILED_STATUS}`);
  });

  it('a #! script pauses at its interpreter line, then loads the interpreter', () => {
    const { k, out } = boot('exec', { argv: ['/bin/script'] });
    k.addFile('/bin/script', new TextEncoder().encode('#!/bin/exec\n'));
    const first = runToPause(k, 'execve.getname');
    const { stops } = stepPath(k, first.tid);
    const resolve = stops.filter((s) => s.pause.id === 'exec.find_executable' || s.pause.id === 'exec.shebang');
    expect(resolve.map((s) => s.pause.values.facts)).toEqual([
      { path: '/bin/script', depth: 0, found: '/bin/script', bytes: '#!/bin/exec\n'.length },
      { path: '/bin/script', interpreter: '/bin/exec', arg: '' },
      expect.objectContaining({ path: '/bin/exec', depth: 1, found: '/bin/exec' }),
    ]);
    expect(resolve.map((s) => s.pause.frames.map((f) => f.fn).at(-1))).toEqual(['resolveImage', 'resolveImage', 'resolveImage']);
    // argv becomes [interpreter, script, --greet]: 3 strings on the new stack.
    expect(stops.find((s) => s.pause.id === 'elf.create_elf_tables')!.pause.values.facts).toMatchObject({ argc: 3 });
    finish(k);
    // The interpreter (exec itself, without --greet as argv[1]) ran its parent part again.
    expect(out()).toContain('exec: hello from the new image, started with 2 arguments');
  });

  it('after vfork the old Mm is shared: the child gets a new one, the parent keeps the old one and wakes', () => {
    const { k, out } = boot('vforkexec', { dir: path.join(ROOT, 'test/fixtures/guest/bin') });
    const first = runToPause(k, 'execve.getname');
    const child = k.threadsById.get(first.tid)!;
    const parent = k.procs.get(child.process.ppid)!;
    const shared = child.process.mm;
    expect(parent.mm).toBe(shared);
    const { stops } = stepPath(k, first.tid, (s) => {
      if (s.pause.id === 'exec.vfork_release') expect(parent.threads[0].state).toBe('sleeping');
      if (s.pause.id === 'exec.exec_mmap') expect(parent.threads[0].state).toBe('runnable');
    });
    const byId = (id: string) => stops.find((s) => s.pause.id === id)!.pause.values.facts;
    expect(byId('exec.vfork_release')).toEqual({ parentTid: parent.pid });
    expect(byId('exec.exec_mmap')).toMatchObject({ oldUsers: 2, oldShared: true });
    expect(byId('exec.mmput')).toMatchObject({ usersBefore: 2, freed: false });
    expect(child.process.mm).not.toBe(shared);
    expect(parent.mm).toBe(shared);
    expect(shared.users).toBe(1);
    finish(k);
    expect(out()).toBe(fs.readFileSync(path.join(ROOT, 'test/fixtures/guest/vforkexec.expected'), 'utf8'));
  });
});

describe('stepping signal delivery and rt_sigreturn', () => {
  it('get_signal picks SIGUSR1 for its handler; setup_rt_frame puts the frame below sp and enters the handler; rt_sigreturn restores the pc', () => {
    const { k, pid, out, elf } = boot('signal');
    const handler = findSymbol(elf, 'on_usr1')!.value;
    const got = runToPause(k, 'signal.get_signal');
    const tid = got.tid;
    expect(tid).toBe(pid);
    expect(got).toMatchObject({ depth: 1, pause: { stage: 'deliverSignals', file: 'src/kernel/signals/deliver.ts' } });
    expect(got.pause.values).toMatchObject({ signal: SIGUSR1, facts: { name: 'SIGUSR1', action: 'handler', handler: BigInt(handler) } });
    const before = k.registers(tid)!;
    const t = k.threadsById.get(tid)!;
    const maskBefore = t.sigBlocked;

    const { stops, end } = stepPath(k, tid, (s) => {
      if (s.pause.id === 'signal.setup_rt_frame') expect(k.registers(tid)!.pc).toBe(before.pc); // not yet in the handler
    });
    expect(ids(stops)).toEqual(['signal.setup_rt_frame', 'signal.enter_handler']);
    expect(stops[0].pause.frames.map((f) => f.fn)).toEqual(['deliverSignals', 'handleSignal']);
    const frame = frameAddress(Number(before.x[REG_SP]));
    expect(stops[0].pause.values.facts).toMatchObject({
      frame: BigInt(frame), userSp: before.x[REG_SP], altStack: false, savedPc: BigInt(before.pc),
      pc: BigInt(handler), ra: BigInt(sigreturnTrampoline()),
    });
    // The delivery ends the step in user mode at the handler's first instruction.
    expect(end).toEqual({ kind: 'step', tid });
    const inHandler = k.registers(tid)!;
    expect(inHandler.pc).toBe(handler);
    expect(inHandler.x[REG_SP]).toBe(BigInt(frame));
    expect(inHandler.x[REG_RA]).toBe(BigInt(sigreturnTrampoline()));
    expect(inHandler.x[REG_A0]).toBe(BigInt(SIGUSR1));
    expect(t.sigBlocked & (1n << BigInt(SIGUSR1 - 1))).not.toBe(0n);

    const ret = runToPause(k, 'sigreturn.read_frame');
    expect(ret).toMatchObject({ tid, depth: 2, pause: { stage: 'rtSigreturn', file: 'src/kernel/syscall/signal.ts' } });
    expect(ret.pause.frames.map((f) => f.fn)).toEqual(['sys_rt_sigreturn', 'rtSigreturn']);
    expect(ret.pause.values.facts).toMatchObject({ frame: BigInt(frame), pc: BigInt(before.pc), sp: before.x[REG_SP], mask: maskBefore });
    const back = stepPath(k, tid);
    expect(ids(back.stops)).toEqual(['sigreturn.restore_regs', 'sigreturn.restore_mask', 'sigreturn.restore_altstack', 'syscall.return']);
    expect(back.stops[0].pause.frames.map((f) => f.fn)).toEqual(['sys_rt_sigreturn', 'rtSigreturn', 'restoreSigcontext']);
    expect(back.end).toEqual({ kind: 'step', tid });
    expect(k.registers(tid)!.pc).toBe(before.pc);
    expect(k.registers(tid)!.x).toEqual(before.x);
    expect(t.sigBlocked).toBe(maskBefore);

    expect(finish(k).status).toBe(expected('signal').status);
    expect(out()).toBe(expected('signal').stdout);
  });

  it('a default action that kills pauses at do_group_exit before the child dies (a debugger watching signals takes the slow path)', () => {
    const { k, out } = boot('signal');
    const exit = runToPause(k, 'signal.do_group_exit', { stopOn: { signal: true } });
    expect(exit.pause.values).toMatchObject({ signal: 15, facts: { action: 'term' } });
    const pid = k.threads().find((t) => t.tid === exit.tid)!.pid;
    expect(k.processes().find((p) => p.pid === pid)!.state).not.toBe('zombie');
    expect(finish(k).status).toBe(expected('signal').status);
    expect(out()).toBe(expected('signal').stdout);
  });
});

/** Every pause of a stand-alone path, driven to its end. */
function pausesOf<T>(gen: Steps<T>): PauseRecord[] {
  const path = startPath('pickNextTask', gen as Steps<void>);
  const out: PauseRecord[] = [];
  for (let hit = drive(path, () => true); hit; hit = drive(path, () => true)) out.push(hit.pause);
  return out;
}

describe('stepping the scheduler\'s pick', () => {
  const thread = (tid: number, nice: number, pass = 0) => ({ tid, nice, pass } as unknown as Thread);

  it('stride: a pause per queued thread with its pass, then the winner with its stride', () => {
    const s = new Stride();
    const a = thread(1, 0);
    const b = thread(2, 5);
    s.enqueue(a);
    s.enqueue(b);
    // a runs 1000 instructions: its pass grows by its stride per instruction.
    s.pickNext();
    s.charge(a, 1000);
    s.enqueue(a);
    expect(a.pass).toBe(1000 * strideOf(0));
    const picks = pausesOf(s.pickNextTask());
    expect(picks.map((p) => p.id)).toEqual(['sched.stride_candidate', 'sched.stride_candidate', 'sched.stride_pick']);
    expect(picks.map((p) => p.values.tid)).toEqual([2, 1, 2]);
    expect(picks[0].values.facts).toEqual({ pass: 0, tickets: niceToTickets(5), bestTid: 2, bestPass: 0 });
    expect(picks[1].values.facts).toEqual({ pass: 1000, tickets: NICE_0_WEIGHT, bestTid: 2, bestPass: 0 });
    expect(picks[2].values.facts).toEqual({ pass: 0, stride: NICE_0_WEIGHT / niceToTickets(5), globalPassBefore: 0, globalPass: 0 });
    expect(picks[2].file).toBe('src/kernel/sched.ts');
    // b (nice 5: fewer tickets) gains more pass per instruction; after 1000 it is behind a.
    s.charge(b, 1000);
    s.enqueue(b);
    expect(b.pass).toBeCloseTo(1000 * strideOf(5));
    const next = pausesOf(s.pickNextTask());
    expect(next.at(-1)!.values).toMatchObject({ tid: 1, facts: { pass: 1000, globalPassBefore: 0, globalPass: 1000 } });
  });

  it('round robin: one pause with the queue order, the head taken', () => {
    const s = new RoundRobin();
    for (const tid of [4, 2, 7]) s.enqueue(thread(tid, 0));
    const picks = pausesOf(s.pickNextTask());
    expect(picks.map((p) => [p.id, p.values.tid, p.values.facts])).toEqual([['sched.rr_pick', 4, { queued: 3, order: '4 2 7' }]]);
    expect(s.queued).toBe(2);
  });

  it('a slice end of a watched thread pauses in schedule → pickNextTask, then runs on unchanged', () => {
    const { k, pid, out } = boot('hello', { kernel: { scheduler: 'stride', tickless: false, timeSliceInstructions: 500 } });
    const pick = runToPause(k, 'sched.stride_pick');
    expect(pick).toMatchObject({ tid: pid, depth: 2, pause: { stage: 'pickNextTask' } });
    expect(pick.pause.frames.map((f) => [f.fn, f.file])).toEqual([['schedule', 'src/kernel/kernel.ts'], ['pickNextTask', 'src/kernel/sched.ts']]);
    expect(pick.pause.values.facts!.stride).toBe(strideOf(0));
    const { stops } = stepPath(k, pid);
    expect(ids(stops)[0]).toBe('schedule.context_switch');
    expect(stops[0].pause.values.facts).toMatchObject({ prev: pid, next: pid, switch: false });
    expect(finish(k).status).toBe(expected('hello').status);
    expect(out()).toBe(expected('hello').stdout);
  });
});

describe('watched but never stopped', () => {
  for (const [name, opts] of [['exec', {}], ['signal', {}], ['threads', {}], ['signal', { scheduler: 'stride' }], ['forktree', { scheduler: 'stride' }]] as const) {
    it(`${name}${opts.scheduler ? ` (${opts.scheduler})` : ''}: every path driven, same output, status and instruction count as unwatched`, () => {
      const runs = [false, true].map((watched) => {
        const { k, out } = boot(name, { kernel: opts });
        const { status, pauses: kernelStops } = finish(k, watched ? { kernelBreakpoints: new Set(['no.such.pause']) } : {});
        return { status, kernelStops, out: out(), instructions: k.hart.instret, faults: k.stats().faults };
      });
      expect(runs[1]).toEqual(runs[0]);
      expect(runs[0]).toMatchObject({ status: expected(name).status, out: expected(name).stdout, kernelStops: 0 });
    });
  }
});
