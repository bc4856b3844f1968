/**
 * The process-lifecycle paths stepped over DAP (issue 10), on forktree with the shipped adapter:
 * - fork: `stepIn` down to fork's `ecall` enters sys_clone, `stepIn` enters kernelClone in
 *   src/kernel/lifecycle.ts, `next` runs over copy_process to `clone.attach` (the child is not
 *   in `glasskernel/processes` yet) and over it (now it is); `stepOut` leaves kernelClone, then
 *   the kernel, back in user mode past the ecall with a0 = the child's pid; `continue` runs to
 *   the expected end;
 * - exit and wait4 (src/kernel/exit.ts): a kernel-source breakpoint in doGroupExit stops the first child to exit once
 *   it is a zombie (the processes view says so), one in releaseTask stops its parent's wait4 with
 *   the zombie still listed, and `next` over the unhash line removes it; `stepOut` three times
 *   returns to user mode with wait4's result, the zombie's pid.
 */
import * as path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { ProcessesResponseBody } from '../../src/debug-adapter/protocol';
import {
  FORKTREE, ROOT, buildAdapter, collectStdout, continueToExit, custom, exampleStdout, frames, launchToStop, lineOf, rowValue, runUntilStopped,
  scopeRows, startClient, stepUntil,
} from './harness';

const DISPATCH_TS = path.join(ROOT, 'src', 'kernel', 'syscall', 'dispatch.ts');
const LIFECYCLE_TS = path.join(ROOT, 'src', 'kernel', 'lifecycle.ts');
const EXIT_TS = path.join(ROOT, 'src', 'kernel', 'exit.ts');
const ENTER_LINE = lineOf(DISPATCH_TS, "pause('syscall.enter'");
const RETURN_LINE = lineOf(DISPATCH_TS, "pause('syscall.return'");
const CHECK_FLAGS_LINE = lineOf(LIFECYCLE_TS, "pause('clone.check_flags'");
const ATTACH_LINE = lineOf(LIFECYCLE_TS, "pause('clone.attach'");
const WAKE_LINE = lineOf(LIFECYCLE_TS, "pause('clone.wake_new_task'");
const FORGET_PARENT_LINE = lineOf(EXIT_TS, "pause('exit.forget_original_parent'");
const UNHASH_LINE = lineOf(EXIT_TS, "pause('release_task.unhash'");
const ACCOUNT_LINE = lineOf(EXIT_TS, "pause('release_task.account'");
/** Most user-mode stepIns from fork's first line down to its ecall before the test gives up. */
const MAX_USER_STEPS = 20;
/** Bytes of an `ecall` (a 32-bit instruction). */
const ECALL_BYTES = 4n;
/** forktree's first child to exit is a leaf of the tree: exit status 1 (its subtree is itself), as wait4 encodes it. */
const LEAF_EXIT_STATUS = 1 << 8;
const expectedStdout = exampleStdout('forktree');

async function processes(dc: DebugClient): Promise<ProcessesResponseBody['processes']> {
  return (await custom<ProcessesResponseBody>(dc, 'glasskernel/processes')).processes;
}

/** Clears every breakpoint, continues, and checks the run ends as unstepped (exit 0, forktree's output). */
async function continueToEnd(dc: DebugClient, tid: number, stdout: () => string): Promise<void> {
  expect(await continueToExit(dc, tid, { functions: true, sources: [LIFECYCLE_TS, EXIT_TS] })).toBe(0);
  expect(stdout()).toBe(expectedStdout);
}

describe('stepping the process lifecycle in forktree', () => {
  let dc: DebugClient;
  let stdout: () => string;

  beforeAll(() => buildAdapter());
  beforeEach(async () => {
    dc = await startClient();
    stdout = collectStdout(dc);
  });
  afterEach(async () => { await dc.stop(); });

  it('fork: next over copy_process to clone.attach, the child appears in the processes view after that line, stepOut returns its pid', async () => {
    const first = await launchToStop(dc, { program: FORKTREE, functions: [{ name: 'fork' }] });
    expect(first.body.reason).toBe('breakpoint');
    const tid = first.body.threadId!;
    const parent = (await processes(dc)).find((p) => p.tids.includes(tid))!;

    // stepIn (user mode) until fork's ecall traps: the syscall's own frame.
    let stack = await stepUntil(dc, tid, (s) => s[0]!.name === 'sys_clone', { max: MAX_USER_STEPS });
    expect(stack[0]).toMatchObject({ name: 'sys_clone', line: ENTER_LINE, source: { path: DISPATCH_TS } });
    expect(stack[1]).toMatchObject({ name: 'system call: clone (a7 = 220)', presentationHint: 'label' });
    expect(stack.slice(2).map((f) => f.name)).toContain('fork');
    const ecallPc = BigInt(rowValue(await scopeRows(dc, stack[0]!.id, 'Registers'), 'pc'));

    // stepIn: into the handler, kernel_clone.
    await runUntilStopped(dc, () => dc.stepInRequest({ threadId: tid }));
    stack = await frames(dc, tid);
    expect(stack.slice(0, 2).map((f) => f.name)).toEqual(['kernelClone', 'sys_clone']);
    expect(stack[0]).toMatchObject({ line: CHECK_FLAGS_LINE, source: { path: LIFECYCLE_TS } });
    const flagRows = await scopeRows(dc, stack[0]!.id, 'Kernel');
    expect(rowValue(flagRows, 'cloneFlags')).toBe('SIGCHLD');
    expect(rowValue(flagRows, 'decision')).toBe('a new process');
    const before = (await processes(dc)).map((p) => p.pid);

    // next: over copy_process (its pauses are deeper) to the line that makes the child visible.
    await runUntilStopped(dc, () => dc.nextRequest({ threadId: tid }));
    stack = await frames(dc, tid);
    expect(stack[0]).toMatchObject({ name: 'kernelClone', line: ATTACH_LINE, source: { path: LIFECYCLE_TS } });
    const child = Number(rowValue(await scopeRows(dc, stack[0]!.id, 'Kernel'), 'childPid'));
    expect(child).toBeGreaterThan(parent.pid);
    expect((await processes(dc)).map((p) => p.pid)).toEqual(before);

    // next: the line ran; the child is in the processes view, the program's child.
    await runUntilStopped(dc, () => dc.nextRequest({ threadId: tid }));
    stack = await frames(dc, tid);
    expect(stack[0]).toMatchObject({ name: 'kernelClone', line: WAKE_LINE });
    expect((await processes(dc)).find((p) => p.pid === child)).toMatchObject({ ppid: parent.pid, name: 'forktree', tids: [child] });

    // stepOut: to sys_clone's return pause with the result, then out of the kernel.
    await runUntilStopped(dc, () => dc.stepOutRequest({ threadId: tid }));
    stack = await frames(dc, tid);
    expect(stack[0]).toMatchObject({ name: 'sys_clone', line: RETURN_LINE });
    expect(rowValue(await scopeRows(dc, stack[0]!.id, 'Kernel'), 'result')).toBe(String(child));
    const out = await runUntilStopped(dc, () => dc.stepOutRequest({ threadId: tid }));
    expect(out.body).toMatchObject({ reason: 'step', threadId: tid });
    stack = await frames(dc, tid);
    expect(stack.some((f) => f.presentationHint === 'label')).toBe(false);
    const regs = await scopeRows(dc, stack[0]!.id, 'Registers');
    expect(BigInt(rowValue(regs, 'pc'))).toBe(ecallPc + ECALL_BYTES);
    expect(BigInt(rowValue(regs, 'a0'))).toBe(BigInt(child));

    await continueToEnd(dc, tid, stdout);
  });

  it('exit and wait4: the first child to exit shows as a zombie in doGroupExit, its parent\'s wait4 reaps it in releaseTask', async () => {
    const zombieStop = await launchToStop(dc, { program: FORKTREE, source: EXIT_TS, breakpoints: [{ line: FORGET_PARENT_LINE }] });
    expect(zombieStop.body.reason).toBe('breakpoint');
    const exiting = zombieStop.body.threadId!;
    let stack = await frames(dc, exiting);
    expect(stack.slice(0, 2).map((f) => f.name)).toEqual(['doGroupExit', 'sys_exit_group']);
    expect(stack[2]!.presentationHint).toBe('label');
    expect(stack[0]).toMatchObject({ line: FORGET_PARENT_LINE, source: { path: EXIT_TS } });
    const zombiePid = Number(rowValue(await scopeRows(dc, stack[0]!.id, 'Kernel'), 'pid'));
    const zombie = (await processes(dc)).find((p) => p.pid === zombiePid)!;
    expect(zombie).toMatchObject({ state: 'zombie', exitCode: LEAF_EXIT_STATUS });

    // Its parent's wait4 reaps it: stopped in release_task, the zombie still listed.
    await dc.setBreakpointsRequest({ source: { path: EXIT_TS }, breakpoints: [{ line: UNHASH_LINE }] });
    const reapStop = await runUntilStopped(dc, () => dc.continueRequest({ threadId: exiting }));
    expect(reapStop.body.reason).toBe('breakpoint');
    const waiter = reapStop.body.threadId!;
    expect((await processes(dc)).find((p) => p.tids.includes(waiter))!.pid).toBe(zombie.ppid);
    stack = await frames(dc, waiter);
    expect(stack.slice(0, 3).map((f) => f.name)).toEqual(['releaseTask', 'kernelWait4', 'sys_wait4']);
    expect(stack[3]!.presentationHint).toBe('label');
    expect(stack[0]).toMatchObject({ line: UNHASH_LINE, source: { path: EXIT_TS } });
    expect(rowValue(await scopeRows(dc, stack[0]!.id, 'Kernel'), 'pid')).toBe(String(zombiePid));
    expect((await processes(dc)).find((p) => p.pid === zombiePid)?.state).toBe('zombie');

    // next over the unhash line: the zombie is gone from the processes view.
    await runUntilStopped(dc, () => dc.nextRequest({ threadId: waiter }));
    stack = await frames(dc, waiter);
    expect(stack[0]).toMatchObject({ name: 'releaseTask', line: ACCOUNT_LINE });
    expect((await processes(dc)).some((p) => p.pid === zombiePid)).toBe(false);

    // stepOut of releaseTask, kernelWait4 and the syscall: wait4 returned the zombie's pid.
    for (const [fn, outOf] of [['kernelWait4', 'releaseTask'], ['sys_wait4', 'kernelWait4']]) {
      await runUntilStopped(dc, () => dc.stepOutRequest({ threadId: waiter }));
      stack = await frames(dc, waiter);
      expect(stack[0]!.name, `stepOut of ${outOf}`).toBe(fn);
    }
    await runUntilStopped(dc, () => dc.stepOutRequest({ threadId: waiter }));
    stack = await frames(dc, waiter);
    expect(stack.some((f) => f.presentationHint === 'label')).toBe(false);
    expect(BigInt(rowValue(await scopeRows(dc, stack[0]!.id, 'Registers'), 'a0'))).toBe(BigInt(zombiePid));

    await continueToEnd(dc, waiter, stdout);
  });
});
