/**
 * A syscall stepped as one unit over DAP (issue 10): in hello's write(), `stepIn` down to the
 * `ecall` enters the kernel at `syscall.enter`: the stack shows the kernel frame `sys_write`
 * in src/kernel/syscall/dispatch.ts, the label frame `system call: write (a7 = 64)` and the user
 * frames; the Kernel scope decodes the arguments (fd, the buffer's text, count); `next` shows
 * the result; `stepOut` returns to user mode just past the ecall with a0 = the result;
 * `continue` runs to the expected end.
 */
import * as path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import {
  ROOT, buildAdapter, collectStdout, continueToExit, exampleStdout, launchToStop, lineOf, runUntilStopped, startClient, stepUntil, frames,
  rowValue, scopeRows,
} from './harness';

const HELLO = path.join(ROOT, 'examples', 'bin', 'hello');
const DISPATCH_TS = path.join(ROOT, 'src', 'kernel', 'syscall', 'dispatch.ts');
const ENTER_LINE = lineOf(DISPATCH_TS, "pause('syscall.enter'");
const RETURN_LINE = lineOf(DISPATCH_TS, "pause('syscall.return'");
const FIRST_LINE = 'Hello from Glasskernel!\n';
/** Most user-mode stepIns from write's first line down to its ecall before the test gives up. */
const MAX_USER_STEPS = 20;
/** Bytes of an `ecall` (a 32-bit instruction). */
const ECALL_BYTES = 4n;
const expectedStdout = exampleStdout('hello');

describe('stepping a syscall as one unit', () => {
  let dc: DebugClient;

  beforeAll(() => buildAdapter());
  beforeEach(async () => { dc = await startClient(); });
  afterEach(async () => { await dc.stop(); });

  it('stepIn at write\'s ecall shows sys_write with decoded arguments, next its result, stepOut returns past the ecall', async () => {
    const stdout = collectStdout(dc);
    const first = await launchToStop(dc, { program: HELLO, functions: [{ name: 'write' }] });
    expect(first.body.reason).toBe('breakpoint');
    const tid = first.body.threadId!;

    // stepIn line by line (into the inlined syscall helper) until the ecall traps into the kernel.
    let stack = await stepUntil(dc, tid, (s) => s[0]!.name === 'sys_write', { max: MAX_USER_STEPS });
    expect(stack[0]).toMatchObject({ name: 'sys_write', line: ENTER_LINE, source: { path: DISPATCH_TS } });
    expect(stack[1]).toMatchObject({ name: 'system call: write (a7 = 64)', presentationHint: 'label' });
    expect(stack.slice(2).map((f) => f.name)).toContain('write');
    expect(stack.slice(2).map((f) => f.name)).toContain('main');
    const args = await scopeRows(dc, stack[0]!.id, 'Kernel');
    expect(rowValue(args, 'syscall')).toBe('write (64)');
    expect(rowValue(args, 'fd')).toBe('1');
    expect(rowValue(args, 'buf')).toMatch(/^0x[0-9a-f]+ "Hello from Glasskernel!\\n"$/);
    expect(rowValue(args, 'count')).toBe(String(FIRST_LINE.length));
    expect(args.find((r) => r.name === 'result')).toBeUndefined();
    const userRegs = await scopeRows(dc, stack[0]!.id, 'Registers');
    const ecallPc = BigInt(rowValue(userRegs, 'pc'));

    // next: the handler runs; the pause after it shows the byte count written.
    const over = await runUntilStopped(dc, () => dc.nextRequest({ threadId: tid }));
    expect(over.body).toMatchObject({ reason: 'step', threadId: tid });
    stack = await frames(dc, tid);
    expect(stack[0]).toMatchObject({ name: 'sys_write', line: RETURN_LINE, source: { path: DISPATCH_TS } });
    expect(rowValue(await scopeRows(dc, stack[0]!.id, 'Kernel'), 'result')).toBe(String(FIRST_LINE.length));

    // stepOut: back in user mode just past the ecall, a0 = the result.
    const out = await runUntilStopped(dc, () => dc.stepOutRequest({ threadId: tid }));
    expect(out.body).toMatchObject({ reason: 'step', threadId: tid });
    stack = await frames(dc, tid);
    expect(stack[0]!.presentationHint).not.toBe('label');
    expect(stack[0]!.source?.path ?? '').not.toBe(DISPATCH_TS);
    const regs = await scopeRows(dc, stack[0]!.id, 'Registers');
    expect(BigInt(rowValue(regs, 'pc'))).toBe(ecallPc + ECALL_BYTES);
    expect(BigInt(rowValue(regs, 'a0'))).toBe(BigInt(FIRST_LINE.length));

    // continue: the rest runs (the function breakpoint stops at the second write first).
    expect(await continueToExit(dc, tid, { functions: true })).toBe(0);
    expect(stdout()).toBe(expectedStdout);
  });
});
