/**
 * Conditions, hit conditions and logpoints on kernel-source breakpoints, over DAP on the cow
 * example (issue 10: "conditional breakpoints there on the kernel's variables"): the breakpoint
 * on the copy-on-write refcount decision of fault.ts stops only where its condition holds, a
 * logpoint there prints the kernel's values and never stops, a condition that does not parse
 * leaves the breakpoint unverified with the reason, and one naming a value the pause lacks
 * stops with the error printed, as gdb does.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { ROOT, buildAdapter, frames, lineOf, prepareLaunch, rowValue, runUntilStopped, scopeRows, startClient } from './harness';

const COW = path.join(ROOT, 'examples', 'bin', 'cow');
const FAULT_TS = path.join(ROOT, 'src', 'kernel', 'fault.ts');
const REFCOUNT_LINE = lineOf(FAULT_TS, "pause('cow.refcount'");
const expectedStdout = fs.readFileSync(path.join(ROOT, 'examples', 'expected', 'cow.stdout'), 'utf8');

/** Collects the session's output by category. */
function collect(dc: DebugClient): Record<string, string> {
  const out: Record<string, string> = { stdout: '', console: '' };
  dc.on('output', (e: DebugProtocol.OutputEvent) => { out[e.body.category ?? 'console'] = (out[e.body.category ?? 'console'] ?? '') + e.body.output; });
  return out;
}

/** Launches cow with `bp` on the refcount line; returns the answer to setBreakpoints. */
async function launchWith(dc: DebugClient, bp: Partial<DebugProtocol.SourceBreakpoint>): Promise<DebugProtocol.Breakpoint> {
  await prepareLaunch(dc, { program: COW });
  const set = await dc.setBreakpointsRequest({ source: { path: FAULT_TS }, breakpoints: [{ line: REFCOUNT_LINE, ...bp }] });
  return set.body.breakpoints[0]!;
}

/** The Kernel scope's refCount at the top frame of `tid`'s stop. */
async function refCountAt(dc: DebugClient, tid: number): Promise<string> {
  const stack = await frames(dc, tid);
  expect(stack[0]).toMatchObject({ name: 'breakCow', line: REFCOUNT_LINE });
  return rowValue(await scopeRows(dc, stack[0]!.id, 'Kernel'), 'refCount');
}

describe('conditions on kernel-source breakpoints', () => {
  let dc: DebugClient;

  beforeAll(() => buildAdapter());
  beforeEach(async () => { dc = await startClient(); });
  afterEach(async () => { await dc.stop(); });

  it('with no condition the first copy-on-write fault stops with the frame shared (refCount 2)', async () => {
    expect(await launchWith(dc, {})).toMatchObject({ verified: true });
    const hit = await runUntilStopped(dc, () => dc.configurationDoneRequest());
    expect(hit.body.reason).toBe('breakpoint');
    expect(await refCountAt(dc, hit.body.threadId!)).toBe('2');
  });

  it('condition refCount == 1 skips the shared faults and stops at the first frame left with one owner', async () => {
    expect(await launchWith(dc, { condition: 'refCount == 1' })).toMatchObject({ verified: true });
    const hit = await runUntilStopped(dc, () => dc.configurationDoneRequest());
    expect(hit.body.reason).toBe('breakpoint');
    expect(await refCountAt(dc, hit.body.threadId!)).toBe('1');
  });

  it('a condition that never holds never stops: the program runs to its expected end', async () => {
    const out = collect(dc);
    await launchWith(dc, { condition: 'refCount == 99 && access == "write"' });
    const exited = dc.waitForEvent('exited');
    await dc.configurationDoneRequest();
    expect(((await exited) as DebugProtocol.ExitedEvent).body.exitCode).toBe(0);
    expect(out.stdout).toBe(expectedStdout);
  });

  it('hit condition == 3 stops at the third copy-on-write decision', async () => {
    const out = collect(dc);
    await launchWith(dc, { logMessage: 'cow {refCount}' });
    const exited = dc.waitForEvent('exited');
    await dc.configurationDoneRequest();
    await exited;
    const logged = out.console.split('\n').filter((l) => l.startsWith('cow '));
    expect(logged.length).toBeGreaterThanOrEqual(3);
    await dc.stop();

    dc = await startClient();
    await launchWith(dc, { hitCondition: '== 3' });
    const hit = await runUntilStopped(dc, () => dc.configurationDoneRequest());
    expect(hit.body.reason).toBe('breakpoint');
    // The third decision's refCount is the third the logpoint printed.
    expect(`cow ${await refCountAt(dc, hit.body.threadId!)}`).toBe(logged[2]);
  });

  it('a logpoint prints the kernel values at each copy-on-write decision and never stops', async () => {
    const out = collect(dc);
    await launchWith(dc, { logMessage: 'cow page {page} frame {oldFrame} refs {refCount}' });
    const exited = dc.waitForEvent('exited');
    await dc.configurationDoneRequest();
    expect(((await exited) as DebugProtocol.ExitedEvent).body.exitCode).toBe(0);
    expect(out.stdout).toBe(expectedStdout);
    const logged = out.console.split('\n').filter((l) => l.startsWith('cow page '));
    expect(logged.length).toBeGreaterThan(0);
    for (const line of logged) expect(line).toMatch(/^cow page \d+ frame \d+ refs [12]$/);
  });

  it('a condition that does not parse leaves the breakpoint unverified with the reason', async () => {
    const bp = await launchWith(dc, { condition: 'refCount ==' });
    expect(bp.verified).toBe(false);
    expect(bp.message).toMatch(/^condition: /);
  });

  it('a condition naming a value the pause does not have stops and prints the error', async () => {
    const out = collect(dc);
    await launchWith(dc, { condition: 'childPid == 4' });
    const hit = await runUntilStopped(dc, () => dc.configurationDoneRequest());
    expect(hit.body.reason).toBe('breakpoint');
    expect(out.console).toContain('Error in testing condition for breakpoint');
    expect(out.console).toContain('No symbol "childPid" at this kernel pause.');
  });
});
