/**
 * The process-lifecycle paths are steppable (issue 10): clone (kernelClone → copyProcess →
 * dupMmap), exit and exit_group (doExit / doGroupExit → exitTask, exitNotify) and wait4
 * (kernelWait4 → releaseTask). With RunControl.kernelStep on the thread making the call (or a
 * kernel breakpoint on one of their pause ids) the run pauses at each statement that decides
 * or changes something, and the kernel state read through the inspection API is the real
 * state at that point: the child appears in the process list exactly at `clone.attach`'s line,
 * dup_mmap pauses once per VMA with the pages it write-protected, the exiting process is a
 * zombie after `exit.zombie`'s line and its children belong to init after
 * `exit.forget_original_parent`'s, and a reaped child leaves the list at `release_task.unhash`'s.
 * Unwatched runs print what they printed before.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { PTE_W } from '../../src/emu/sv39';
import type { VmaInfo } from '../../src/kernel/api';
import type { Kernel } from '../../src/kernel/kernel';
import { SIGCHLD, exitedStatus } from '../../src/kernel/signal';
import { pauseSite, pauseTable } from '../../src/kernel/steps/lines';
import { GUEST } from './proc-guest';
import { BUDGET, ROOT, boot, expected, finish, ids, runUntil, stepUntil, type Stopped } from './steppable-harness';

/** a0 (x10) in the register snapshot. */
const REG_A0 = 10;
/** Bytes of an `ecall`. */
const ECALL_BYTES = 4;
/** Pages cow.c fills in the parent before it forks (REGION_PAGES). */
const COW_REGION_PAGES = 256;
/** zombie_orphan.c's zombie child exits with 7. */
const ZOMBIE_EXIT_CODE = 7;

/** Kernel-steps thread `tid` to its next `name` syscall and through it (syscall.enter .. syscall.return); pauses of other syscalls and faults are skipped. */
function stepSyscall(k: Kernel, tid: number, name: string, at: (s: Stopped) => void = () => {}): Stopped[] {
  const inCall = (s: Stopped) => s.pause.frames[0]?.fn === `sys_${name}`;
  const all = stepUntil(k, tid, (s) => inCall(s) && s.pause.id === 'syscall.return', (s) => { if (inCall(s)) at(s); });
  return all.filter(inCall);
}

/** Runs with kernel breakpoints `bps` (any thread) to the first pause `pick` accepts. */
function toPause(k: Kernel, bps: ReadonlySet<string>, pick: (s: Stopped) => boolean): Stopped {
  return runUntil(k, { kernelBreakpoints: bps }, pick, 'pause matched');
}

/** Every leaf PTE of `pid`'s page table by virtual page (its frame and flag bits), read through Kernel.pageTable. */
function leaves(k: Kernel, pid: number): Map<number, { ppn: number; flags: number }> {
  const out = new Map<number, { ppn: number; flags: number }>();
  const walk = (ppn?: number): void => {
    for (const e of k.pageTable(pid, ppn)?.entries ?? []) {
      if (e.leaf) out.set(e.vaStart, { ppn: e.ppn, flags: e.flags });
      else walk(e.ppn);
    }
  };
  walk();
  return out;
}

const fact = (s: Stopped, name: string) => s.pause.values.facts?.[name];
const processOf = (k: Kernel, pid: number) => k.processes().find((p) => p.pid === pid);

describe('stepping fork (kernelClone)', () => {
  it('forktree\'s fork: copy_process flag by flag, the child enters the process list at clone.attach\'s line, then the run queue; clone returns its pid', () => {
    const { k, pid, out } = boot('forktree');
    let parentVmas: VmaInfo[] = [];
    let child = 0;
    let queuedBeforeWake = -1;
    const stops = stepSyscall(k, pid, 'clone', (s) => {
      switch (s.pause.id) {
        case 'fork.copy_mm':
          parentVmas = k.vmas(pid)!;
          break;
        case 'clone.attach':
          child = fact(s, 'childPid') as number;
          expect(processOf(k, child)).toBeUndefined();
          expect(k.threads().some((t) => t.tid === child)).toBe(false);
          break;
        case 'clone.wake_new_task':
          expect(processOf(k, child)).toMatchObject({ ppid: pid, name: 'forktree', tids: [child] });
          expect(k.threads().some((t) => t.tid === child)).toBe(true);
          queuedBeforeWake = k.sched.queued;
          break;
        case 'syscall.return':
          // wake_up_new_task ran: one more thread in the run queue.
          expect(k.sched.queued).toBe(queuedBeforeWake + 1);
          break;
      }
    });
    const vmaPauses = parentVmas.map(() => 'dup_mmap.vma');
    expect(ids(stops)).toEqual([
      'syscall.enter', 'clone.check_flags', 'fork.nproc_check', 'fork.copy_mm', 'dup_mmap.create', ...vmaPauses, 'dup_mmap.flush',
      'fork.copy_files', 'fork.copy_fs', 'fork.copy_sighand', 'fork.new_task', 'clone.attach', 'clone.wake_new_task', 'syscall.return',
    ]);
    expect(stops.map((s) => s.depth)).toEqual([1, 2, 3, 3, 4, ...parentVmas.map(() => 4), 4, 3, 3, 3, 3, 2, 2, 1]);
    const byId = (id: string) => stops.find((s) => s.pause.id === id)!;
    expect(byId('clone.check_flags').pause.values.facts).toEqual({ cloneFlags: 'SIGCHLD', decision: 'a new process' });
    expect(fact(byId('fork.copy_mm'), 'decision')).toBe('copy-on-write copy (dup_mmap)');
    expect(fact(byId('fork.copy_files'), 'decision')).toBe('copy the table');
    expect(fact(byId('fork.copy_fs'), 'decision')).toBe('copy cwd, root, umask');
    expect(fact(byId('fork.copy_sighand'), 'decision')).toBe('copy the handlers');
    expect(byId('dup_mmap.create').pause.frames.map((f) => f.fn)).toEqual(['sys_clone', 'kernelClone', 'copyProcess', 'dupMmap']);
    expect(stops.filter((s) => s.pause.id === 'dup_mmap.vma').map((s) => s.pause.values.vma))
      .toEqual(parentVmas.map((v) => ({ start: v.start, end: v.end, perms: v.perms, name: v.name })));
    expect(byId('syscall.return').pause.values.result).toBe(child);

    // The step ends back in user mode past the ecall, a0 = the child's pid.
    const ecall = k.registers(pid)!.pc;
    expect(k.run(BUDGET, { stepTid: pid, kernelStep: { tid: pid } })).toEqual({ kind: 'step', tid: pid });
    expect(k.registers(pid)!.pc).toBe(ecall + ECALL_BYTES);
    expect(k.registers(pid)!.x[REG_A0]).toBe(BigInt(child));

    // The parent's wait4 finds the child still running and sleeps.
    const wait = stepSyscall(k, pid, 'wait4');
    expect(ids(wait)).toEqual(['syscall.enter', 'wait4.scan', 'wait4.found', 'wait4.sleep', 'syscall.return']);
    expect(wait[2].pause.values.facts).toMatchObject({ candidates: 1, decision: 'sleep until a child changes state' });
    expect(wait[4].pause.values.blocked).toBe(true);

    expect(finish(k).status).toBe(expected('forktree').status);
    expect(out()).toBe(expected('forktree').stdout);
    expect(k.stats().framesInUse).toBe(k.stats().framesAtBoot);
  });

  it('cow\'s fork: one dup_mmap pause per parent VMA, after which its private writable pages are read-only with refcount 2, in both page tables', () => {
    const { k, pid, out } = boot('cow');
    let before = new Map<number, { ppn: number; flags: number }>();
    let parentVmas: VmaInfo[] = [];
    const copied: { vma: VmaInfo; writeProtected: number }[] = [];
    const writableIn = (start: number, end: number) => [...before].filter(([va, e]) => va >= start && va < end && (e.flags & PTE_W));
    const stops = stepSyscall(k, pid, 'clone', (s) => {
      if (s.pause.id === 'dup_mmap.create') {
        before = leaves(k, pid);
        parentVmas = k.vmas(pid)!;
        for (const [, e] of writableIn(0, Infinity)) expect(k.frames.refCount(e.ppn)).toBe(1);
      }
      if (s.pause.id === 'dup_mmap.vma') {
        const v = s.pause.values.vma!;
        const now = leaves(k, pid);
        const present = [...before.keys()].filter((va) => va >= v.start && va < v.end);
        const wasWritable = writableIn(v.start, v.end);
        expect(s.pause.values.facts).toMatchObject({ pages: present.length, refsRaised: present.length, writeProtected: wasWritable.length });
        for (const [va, e] of wasWritable) {
          expect(now.get(va)).toEqual({ ppn: e.ppn, flags: e.flags & ~PTE_W });
          expect(k.frames.refCount(e.ppn)).toBe(2);
        }
        // VMAs above this one are not copied yet: their pages keep PTE_W.
        for (const [va] of writableIn(v.end, Infinity)) expect(now.get(va)!.flags & PTE_W).toBe(PTE_W);
        copied.push({ vma: parentVmas.find((p) => p.start === v.start)!, writeProtected: wasWritable.length });
      }
      if (s.pause.id === 'clone.wake_new_task') {
        const child = leaves(k, fact(s, 'childPid') as number);
        for (const [va, e] of writableIn(0, Infinity)) {
          expect(child.get(va)).toEqual({ ppn: e.ppn, flags: e.flags & ~PTE_W });
          expect(k.frames.refCount(e.ppn)).toBe(2);
        }
      }
    });
    expect(stops.filter((s) => s.pause.id === 'dup_mmap.vma')).toHaveLength(parentVmas.length);
    expect(copied.map((c) => c.vma)).toEqual(parentVmas);
    expect(copied.find((c) => c.vma.name === '[heap]')!.writeProtected).toBeGreaterThanOrEqual(COW_REGION_PAGES);

    expect(finish(k).status).toBe(expected('cow').status);
    expect(out()).toBe(expected('cow').stdout);
    expect(k.stats().framesInUse).toBe(k.stats().framesAtBoot);
  });

  it('a thread clone (threads): files and fs shared by flag, no address-space copy; the thread joins its process at clone.attach\'s line', () => {
    const { k, pid, out } = boot('threads');
    let tid = 0;
    const stops = stepSyscall(k, pid, 'clone', (s) => {
      if (s.pause.id === 'clone.attach') {
        tid = fact(s, 'childTid') as number;
        expect(processOf(k, pid)!.tids).not.toContain(tid);
      }
      if (s.pause.id === 'clone.wake_new_task') expect(processOf(k, pid)!.tids).toContain(tid);
    });
    const flags = String(fact(stops[1], 'cloneFlags'));
    expect(flags).toContain('CLONE_THREAD');
    expect(fact(stops[1], 'decision')).toBe('a new thread of this process');
    expect(ids(stops)).not.toContain('fork.copy_mm');
    expect(ids(stops)).not.toContain('dup_mmap.create');
    expect(fact(stops.find((s) => s.pause.id === 'fork.copy_files')!, 'decision')).toBe(flags.includes('CLONE_FILES') ? 'share (CLONE_FILES)' : 'copy the table');
    expect(fact(stops.find((s) => s.pause.id === 'fork.copy_fs')!, 'decision')).toBe(flags.includes('CLONE_FS') ? 'share (CLONE_FS)' : 'copy cwd, root, umask');
    expect(stops.at(-1)!.pause.values.result).toBe(tid);
    expect(finish(k).status).toBe(expected('threads').status);
    expect(out()).toBe(expected('threads').stdout);
  });

  it('vfork: the parent pauses before it sleeps; the child\'s exit releases it at exit.vfork_done', () => {
    const { k, out } = boot('cloneedge', { dir: path.join(GUEST, 'bin'), argv: ['/bin/cloneedge', 'vforkexit'] });
    const bps = new Set(['clone.vfork_wait', 'exit.vfork_done']);
    const wait = toPause(k, bps, () => true);
    expect(wait.pause.id).toBe('clone.vfork_wait');
    const parentTid = wait.tid;
    const childTid = fact(wait, 'childTid') as number;
    const done = toPause(k, bps, () => true);
    expect(done).toMatchObject({ tid: childTid, pause: { id: 'exit.vfork_done', values: { facts: { vforkParent: parentTid } } } });
    expect(k.threadsById.get(parentTid)!.state).toBe('sleeping');
    const next = stepUntil(k, childTid, () => true);
    expect(ids(next)).toEqual(['exit.files']);
    expect(k.threadsById.get(parentTid)!.state).toBe('runnable');
    const plain = boot('cloneedge', { dir: path.join(GUEST, 'bin'), argv: ['/bin/cloneedge', 'vforkexit'] });
    expect(finish(k).status).toBe(exitedStatus(0));
    expect(finish(plain.k).status).toBe(exitedStatus(0));
    expect(out()).toBe(plain.out());
  });
});

describe('stepping exit and wait4', () => {
  it('exit_group of zombie_orphan\'s middle process: files, fs and mm go, it becomes a zombie, its child goes to init, SIGCHLD to its parent, the task dies last', () => {
    const { k, out } = boot('zombie_orphan');
    const hasChild = (s: Stopped) => k.processes().some((p) => p.ppid === s.pause.values.pid);
    const first = toPause(k, new Set(['exit.zap_threads']), hasChild);
    const tid = first.tid;
    const middle = first.pause.values.pid!;
    const grandchild = k.processes().find((p) => p.ppid === middle)!.pid;
    const parent = processOf(k, middle)!.ppid;
    const rest = stepUntil(k, tid, (s) => s.pause.id === 'exit.task_dead', (s) => {
      const me = processOf(k, middle);
      switch (s.pause.id) {
        case 'exit.mm':
          expect(k.vmas(middle)!.length).toBeGreaterThan(0);
          break;
        case 'exit.sighand':
          expect(k.vmas(middle)).toEqual([]); // the address space is gone
          break;
        case 'exit.zombie':
          expect(me!.state).not.toBe('zombie');
          break;
        case 'exit.forget_original_parent':
          expect(me).toMatchObject({ state: 'zombie', exitStatus: exitedStatus(0) });
          expect(processOf(k, grandchild)!.ppid).toBe(middle);
          break;
        case 'exit.notify_parent':
          expect(processOf(k, grandchild)!.ppid).toBe(k.initPid);
          expect(s.pause.values.facts).toMatchObject({ parent, exitSignal: SIGCHLD, decision: 'zombie until the parent waits' });
          break;
        case 'exit.task_dead':
          expect(k.threads().some((t) => t.tid === tid)).toBe(true);
          break;
      }
    });
    // The path ends with the task: no syscall.return pause for a dead thread (dispatch.ts); it is gone after.
    k.run(0, {});
    expect(k.threads().some((t) => t.tid === tid)).toBe(false);
    expect(processOf(k, middle)).toMatchObject({ state: 'zombie', tids: [] });
    const stops = [first, ...rest];
    expect(ids(stops)).toEqual([
      'exit.zap_threads', 'exit.mm_release', 'exit.files', 'exit.fs', 'exit.mm', 'exit.sighand', 'exit.zombie',
      'exit.forget_original_parent', 'exit.notify_parent', 'exit.signal_parent', 'exit.wake_waiters', 'exit.task_dead',
    ]);
    expect(stops.map((s) => s.pause.frames.at(-1)!.fn)).toEqual([
      'doGroupExit', 'doGroupExit', 'exitTask', 'exitTask', 'doGroupExit', 'doGroupExit', 'doGroupExit',
      'doGroupExit', 'exitNotify', 'exitNotify', 'exitNotify', 'doGroupExit',
    ]);
    expect(stops.find((s) => s.pause.id === 'exit.signal_parent')!.pause.values.signal).toBe(SIGCHLD);
    expect(finish(k).status).toBe(expected('zombie_orphan').status);
    expect(out()).toBe(expected('zombie_orphan').stdout);
    expect(k.stats().framesInUse).toBe(k.stats().framesAtBoot);
  });

  it('wait4 on a zombie: do_wait finds it, release_task takes it out of the process list, and wait4 returns its pid', () => {
    const { k, pid, out } = boot('zombie_orphan');
    const found = toPause(k, new Set(['wait4.found']), (s) => fact(s, 'decision') === 'reap the zombie');
    expect(found.tid).toBe(pid);
    const zombie = fact(found, 'childPid') as number;
    expect(processOf(k, zombie)).toMatchObject({ state: 'zombie', exitStatus: exitedStatus(ZOMBIE_EXIT_CODE) });
    const stops = stepUntil(k, pid, (s) => s.pause.id === 'syscall.return', (s) => {
      if (s.pause.id === 'release_task.unhash') expect(processOf(k, zombie)?.state).toBe('zombie');
      if (s.pause.id === 'release_task.account') expect(processOf(k, zombie)).toBeUndefined();
      if (s.pause.id === 'wait4.report_zombie') expect(processOf(k, zombie)).toBeUndefined();
    });
    expect(ids(stops)).toEqual(['release_task.unhash', 'release_task.account', 'wait4.report_zombie', 'syscall.return']);
    expect(stops.map((s) => s.depth)).toEqual([3, 3, 2, 1]);
    expect(stops[0].pause.frames.map((f) => f.fn)).toEqual(['sys_wait4', 'kernelWait4', 'releaseTask']);
    expect(stops[2].pause.values.facts).toMatchObject({ childPid: zombie, status: exitedStatus(ZOMBIE_EXIT_CODE) });
    expect(stops[3].pause.values.result).toBe(zombie);
    expect(k.run(BUDGET, { stepTid: pid, kernelStep: { tid: pid } })).toEqual({ kind: 'step', tid: pid });
    expect(k.registers(pid)!.x[REG_A0]).toBe(BigInt(zombie));
    expect(finish(k).status).toBe(expected('zombie_orphan').status);
    expect(out()).toBe(expected('zombie_orphan').stdout);
  });
});

/** The pause and call-site ids of the lifecycle paths, by the file that holds them. */
const LIFECYCLE_IDS: Record<string, string[]> = {
  'src/kernel/lifecycle.ts': [
    'clone.check_flags', 'clone.call_copy_process', 'clone.attach', 'clone.wake_new_task', 'clone.set_tids', 'clone.vfork_wait',
    'fork.nproc_check', 'fork.copy_mm', 'fork.call_dup_mmap', 'fork.copy_files', 'fork.copy_fs', 'fork.copy_sighand', 'fork.new_task',
  ],
  'src/kernel/exit.ts': [
    'exit.thread', 'exit.call_group_exit', 'exit.thread_mm_release', 'exit.call_thread_exit_task', 'exit.thread_dead',
    'exit.vfork_done', 'exit.files', 'exit.fs', 'exit.zap_threads', 'exit.mm_release', 'exit.call_exit_task', 'exit.mm',
    'exit.sighand', 'exit.zombie', 'exit.forget_original_parent', 'exit.call_exit_notify', 'exit.notify_parent',
    'exit.call_release_orphan', 'exit.signal_parent', 'exit.call_autoreap', 'exit.wake_waiters', 'exit.task_dead',
    'release_task.unhash', 'release_task.account',
  ],
  'src/kernel/mm-steps.ts': ['dup_mmap.create', 'dup_mmap.vma', 'dup_mmap.flush'],
  'src/kernel/syscall/proc.ts': ['wait4.scan', 'wait4.found', 'wait4.call_release_task', 'wait4.report_zombie', 'wait4.report_change', 'wait4.sleep'],
};

describe('unwatched runs and pause sites', () => {
  it.each(['forktree', 'cow', 'zombie_orphan', 'threads', 'exec', 'pipe'])('%s unwatched prints its expected output', (name) => {
    const { k, out } = boot(name);
    expect(finish(k)).toEqual({ status: expected(name).status, pauses: 0 });
    expect(out()).toBe(expected(name).stdout);
  });

  it.each(['forktree', 'threads', 'zombie_orphan'])('%s paused at every lifecycle pause of every process makes the same syscalls, output and instruction count as unwatched', (name) => {
    const every = new Set(Object.values(LIFECYCLE_IDS).flat());
    const runs = [false, true].map((watched) => {
      const { k, out } = boot(name);
      const calls: string[] = [];
      k.on('syscall', (e) => { calls.push(`${e.pid}:${e.name}=${e.result}`); });
      const r = finish(k, watched ? { kernelBreakpoints: every } : {});
      return { ...r, calls, out: out(), instructions: k.hart.instret };
    });
    const [plain, watched] = runs;
    expect(plain.pauses).toBe(0);
    expect(watched.pauses).toBeGreaterThan(0);
    expect(watched.calls).toEqual(plain.calls);
    expect(watched.out).toBe(expected(name).stdout);
    expect(plain.out).toBe(expected(name).stdout);
    expect(watched.status).toBe(plain.status);
    expect(watched.instructions).toBe(plain.instructions);
  });

  it('each lifecycle pause id names one line of its file, which holds that id', () => {
    const t = pauseTable();
    expect(t.duplicates).toEqual([]);
    for (const [file, list] of Object.entries(LIFECYCLE_IDS)) {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n');
      for (const id of list) {
        const site = pauseSite(id);
        expect(site.file, id).toBe(file);
        expect(text[site.line - 1], id).toMatch(new RegExp(`\\b(?:pause|call)\\('${id.replace('.', '\\.')}'`));
      }
    }
  });
});
