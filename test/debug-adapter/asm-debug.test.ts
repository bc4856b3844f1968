/**
 * Debugging an assembly source directly (issue 11): `program` names a `.s` file, which the
 * adapter assembles and links with the built-in toolchain (with a line table), so a breakpoint
 * on an assembly line verifies and stops there, `next` moves line by line, the stack shows the
 * recursion's frames, and a source that does not assemble fails the launch with the
 * assembler's message at its line.
 */
import fs from 'node:fs';
import os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { ROOT, buildAdapter, collectStdout, frames, launchToStop, lineOf, runUntilStopped, startClient } from './harness';

const RECURSION = path.join(ROOT, 'examples', 'asm', 'recursion.s');
const MUL_LINE = lineOf(RECURSION, 'mul     a0, a0, t1');
const RESTORE_LINE = MUL_LINE + 1;

describe('debugging an assembly source', () => {
  let dc: DebugClient;

  beforeAll(() => buildAdapter());
  beforeEach(async () => { dc = await startClient(); });
  afterEach(async () => { await dc.stop(); });

  it('a breakpoint on a line of recursion.s stops there inside the recursion; next steps one line; the run ends with status 120', async () => {
    const stdout = collectStdout(dc);
    const hit = await launchToStop(dc, { program: RECURSION, source: RECURSION, breakpoints: [{ line: MUL_LINE }] });
    expect(hit.body.reason).toBe('breakpoint');
    const tid = hit.body.threadId!;
    const stack = await frames(dc, tid);
    expect(stack[0]).toMatchObject({ name: 'fact', line: MUL_LINE, source: { path: RECURSION } });
    // The deepest multiplication is fact(2): fact(1) returned, so the fact frames of 10..2 are below _start.
    expect(stack.filter((f) => f.name === 'fact').length).toBeGreaterThan(1);
    expect(stack.some((f) => f.name === '_start')).toBe(true);

    await dc.setBreakpointsRequest({ source: { path: RECURSION }, breakpoints: [] });
    await runUntilStopped(dc, () => dc.nextRequest({ threadId: tid }));
    expect((await frames(dc, tid))[0]).toMatchObject({ name: 'fact', line: RESTORE_LINE });

    const exited = dc.waitForEvent('exited');
    await dc.continueRequest({ threadId: tid });
    expect(((await exited) as DebugProtocol.ExitedEvent).body.exitCode).toBe(120);
    expect(stdout()).toBe('3628800\n');
  });

  it('a source that does not assemble fails the launch with the assembler\'s message and line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-asm-bad-'));
    const bad = path.join(dir, 'bad.s');
    fs.writeFileSync(bad, '        .globl _start\n_start:\n        addd a0, a1, a2\n');
    await dc.initializeRequest();
    await expect(dc.launch({ program: bad } as DebugProtocol.LaunchRequestArguments)).rejects.toThrow(/bad\.s:3:9: error: unknown instruction `addd'/);
  });
});
