/**
 * The end of a session says how the program ended (issue 12): the Debug Console gets the exit
 * status or the killing signal and the statistics `glasskernel run --stats` prints, and a
 * `glasskernel/sessionEnded` event carries both for the extension's notification.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { SESSION_ENDED_EVENT, type SessionEndedEventBody } from '../../src/debug-adapter/session-end';
import { SIGSEGV } from '../../src/kernel/signal';
import { KERNEL_LOG_EVENT, type KernelLogEventBody } from '../../src/debug-adapter/kernel-log';
import { ROOT, buildAdapter, prepareLaunch, startClient } from './harness';

/** A shell reports death by signal N as status 128 + N. */
const SHELL_SIGNAL_BASE = 128;

/** Runs `name` (in examples/bin, or a path) to its end with no filters; the sessionEnded body and the console text. */
async function runToEnd(dc: DebugClient, name: string): Promise<{ end: SessionEndedEventBody; console: string }> {
  let console = '';
  dc.on('output', (e: DebugProtocol.OutputEvent) => { if (e.body.category === 'console') console += e.body.output; });
  const ended = dc.waitForEvent(SESSION_ENDED_EVENT);
  const exited = dc.waitForEvent('exited');
  await prepareLaunch(dc, { program: path.isAbsolute(name) ? name : path.join(ROOT, 'examples', 'bin', name), filters: [] });
  await dc.configurationDoneRequest();
  const end = (await ended).body as SessionEndedEventBody;
  await exited;
  return { end, console };
}

describe('the end of a session', () => {
  let dc: DebugClient;

  beforeAll(() => buildAdapter());
  beforeEach(async () => { dc = await startClient(); });
  afterEach(async () => { await dc.stop(); });

  it('an exit prints its status and the statistics, every frame freed', async () => {
    const { end, console } = await runToEnd(dc, 'forktree');
    expect(end).toMatchObject({ status: 0, exitCode: 0, summary: 'forktree exited with status 0' });
    expect(end.signal).toBeUndefined();
    expect(end.stats).toMatch(/^--- glasskernel stats ---\n/);
    expect(end.stats).toContain('processes created:      15');
    expect(end.stats).toContain('(all freed)');
    expect(console).toContain(`forktree exited with status 0\n${end.stats}`);
  });

  it('a program killed by a signal names it', async () => {
    // A store to address 0 with the Segmentation fault filter off: the default action kills it.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-end-'));
    const src = path.join(dir, 'nullstore.s');
    fs.writeFileSync(src, '\t.globl _start\n_start:\n\tsd zero, 0(zero)\n');
    const { end, console } = await runToEnd(dc, src);
    expect(end).toMatchObject({ signal: 'SIGSEGV', exitCode: SHELL_SIGNAL_BASE + SIGSEGV, summary: `nullstore was killed by SIGSEGV (status ${SHELL_SIGNAL_BASE + SIGSEGV})` });
    expect(console).toContain(end.summary);
  });
});

describe('the kernel log for the Output channel', () => {
  let dc: DebugClient;

  beforeAll(() => buildAdapter());
  beforeEach(async () => { dc = await startClient(); });
  afterEach(async () => { await dc.stop(); });

  /** Runs `program` to its end with `launch` attributes; every glasskernel/kernelLog line. */
  async function kernelLog(program: string, launch: Record<string, unknown> = {}): Promise<string[]> {
    const lines: string[] = [];
    dc.on(KERNEL_LOG_EVENT, (e: DebugProtocol.Event) => lines.push((e.body as KernelLogEventBody).text));
    const exited = dc.waitForEvent('exited');
    await prepareLaunch(dc, { program, launch, filters: [] });
    await dc.configurationDoneRequest();
    await exited;
    return lines;
  }

  it('says how the machine booted, what ran, and which fault killed a process', async () => {
    const lines = await kernelLog(path.join(ROOT, 'examples', 'bin', 'segv'), { memoryMiB: 16, scheduler: 'stride', timeSliceInstructions: 2000 });
    expect(lines[0]).toMatch(/^boot: 16 MiB RAM \(4096 frames of 4 KiB, \d+ free\), stride scheduler, time slice 2000 instructions$/);
    expect(lines).toContain('start: pid 2 /bin/segv ["/bin/segv"]');
    expect(lines.some((l) => /^fault: pid \d+ \(segv\) tid \d+: SIGSEGV: /.test(l))).toBe(true);
  });

  it('logs each execve with its argv', async () => {
    const lines = await kernelLog(path.join(ROOT, 'examples', 'bin', 'exec'));
    expect(lines.filter((l) => l.startsWith('exec: '))).toEqual(['exec: pid 3 /bin/exec ["/bin/exec","--greet"]']);
  });

  it('names the process the OOM killer chose', async () => {
    const lines = await kernelLog(path.join(ROOT, 'test', 'fixtures', 'guest', 'bin', 'oomkill'), { memoryMiB: 8 });
    expect(lines.some((l) => /^oom: killed pid \d+ \(oomkill\): \d+ resident pages, when pid \d+ found no free frame$/.test(l))).toBe(true);
  });
});
