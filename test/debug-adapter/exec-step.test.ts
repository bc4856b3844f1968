/**
 * Stepping through execve over DAP (issue 10): in examples/bin/exec the forked child calls
 * execve on its own file. A breakpoint on the point-of-no-return line of src/kernel/exec.ts
 * stops the child there with the kernel frames beginNewExec → bprmExecve → doExecve →
 * sys_execve over the trap label and the old image's user frames;
 * `next` walks the rest of the point of no return; at the return pause the new image is live
 * (pc at its entry, `_start`); `stepOut` leaves the kernel at the new program's entry and
 * `continue` runs to the expected end.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { findSymbol, parseElf64 } from '../../src/elf';
import {
  ROOT, buildAdapter, collectStdout, continueToExit, exampleStdout, lineOf, prepareLaunch, runUntilStopped, startClient, stepUntil, frames,
  rowValue, scopeRows,
} from './harness';

const EXEC = path.join(ROOT, 'examples', 'bin', 'exec');
const EXEC_TS = path.join(ROOT, 'src', 'kernel', 'exec.ts');
const DISPATCH_TS = path.join(ROOT, 'src', 'kernel', 'syscall', 'dispatch.ts');
const NO_RETURN_LINE = lineOf(EXEC_TS, "pause('exec.point_of_no_return'");
const START_THREAD_LINE = lineOf(EXEC_TS, "pause('exec.start_thread'");
const RETURN_LINE = lineOf(DISPATCH_TS, "pause('syscall.return'");
/** Most `next`s from the point of no return to the syscall's return pause before the test gives up. */
const MAX_NEXTS = 20;
const expectedStdout = exampleStdout('exec');

/** The entry point of examples/bin/exec (the new image is the same file). */
function entryOf(file: string): { entry: number; start: number | undefined } {
  const parsed = parseElf64(new Uint8Array(fs.readFileSync(file)));
  if (!parsed.ok) throw new Error(parsed.error);
  return { entry: parsed.elf.entry, start: findSymbol(parsed.elf, '_start')?.value };
}

describe('stepping execve', () => {
  let dc: DebugClient;

  beforeAll(() => buildAdapter());
  beforeEach(async () => { dc = await startClient(); });
  afterEach(async () => { await dc.stop(); });

  it('stops at the point of no return, walks it with next, and stepOut lands at the new image\'s entry', async () => {
    const stdout = collectStdout(dc);
    const { entry, start } = entryOf(EXEC);
    await prepareLaunch(dc, { program: EXEC });
    const set = await dc.setBreakpointsRequest({ source: { path: EXEC_TS }, breakpoints: [{ line: NO_RETURN_LINE }] });
    expect(set.body.breakpoints[0]).toMatchObject({ verified: true, line: NO_RETURN_LINE });
    const hit = await runUntilStopped(dc, () => dc.configurationDoneRequest());
    expect(hit.body.reason).toBe('breakpoint');
    const tid = hit.body.threadId!;

    let stack = await frames(dc, tid);
    expect(stack.slice(0, 4).map((f) => f.name)).toEqual(['beginNewExec', 'bprmExecve', 'doExecve', 'sys_execve']);
    expect(stack[0]).toMatchObject({ line: NO_RETURN_LINE, source: { path: EXEC_TS } });
    // The trap label (its text comes from the pauses the adapter saw since the trap entry, none here).
    expect(stack[4]!.presentationHint).toBe('label');
    // The old image is still the process's: its main is on the user stack.
    expect(stack.slice(5).map((f) => f.name)).toContain('main');
    const facts = await scopeRows(dc, stack[0]!.id, 'Kernel');
    expect(BigInt(rowValue(facts, 'entry'))).toBe(BigInt(entry));
    await dc.setBreakpointsRequest({ source: { path: EXEC_TS }, breakpoints: [] });

    // next: the point of no return's statements in beginNewExec, then the syscall's return pause.
    const lines: number[] = [];
    stack = await stepUntil(dc, tid, (s) => s[0]!.name === 'sys_execve', {
      request: 'next', max: MAX_NEXTS, each: (stop, now) => {
        expect(stop.body).toMatchObject({ reason: 'step', threadId: tid });
        if (now[0]!.name === 'beginNewExec') lines.push(now[0]!.line);
      },
    });
    expect(lines).toContain(START_THREAD_LINE);
    expect(stack[0]).toMatchObject({ name: 'sys_execve', line: RETURN_LINE, source: { path: DISPATCH_TS } });
    // After start_thread the user side is the new image, at its entry.
    const user = stack.slice(2);
    const regs = await scopeRows(dc, user[0]!.id, 'Registers');
    expect(BigInt(rowValue(regs, 'pc'))).toBe(BigInt(entry));
    expect(start).toBe(entry);
    expect(user[0]!.name).toBe('_start');
    expect(user.map((f) => f.name)).not.toContain('main');

    // stepOut: back in user mode at the new program's first instruction.
    const out = await runUntilStopped(dc, () => dc.stepOutRequest({ threadId: tid }));
    expect(out.body).toMatchObject({ reason: 'step', threadId: tid });
    stack = await frames(dc, tid);
    expect(stack[0]!.presentationHint).not.toBe('label');
    expect(BigInt(rowValue(await scopeRows(dc, stack[0]!.id, 'Registers'), 'pc'))).toBe(BigInt(entry));

    expect(await continueToExit(dc, tid)).toBe(0);
    expect(stdout()).toBe(expectedStdout);
  });
});
