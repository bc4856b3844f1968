/**
 * The guest's console in a terminal (launch attribute `console`, src/debug-adapter/guest-console.ts):
 * with "terminal" the guest's output arrives raw as `glasskernel/consoleOutput` events (after the
 * kernel's ONLCR), keys go in with `glasskernel/consoleInput` through the kernel's N_TTY line
 * discipline (echo, ^C as SIGINT, ^D), and a guest waiting for input is waited for, never an
 * 'Idle' stop; "debugConsole" keeps the Debug Console's output events and input at end of file.
 */
import * as path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import {
  CONSOLE_INPUT_REQUEST, CONSOLE_RESIZE_REQUEST, CONSOLE_OUTPUT_EVENT, MAX_CONSOLE_INPUT_BYTES, type ConsoleOutputEventBody,
} from '../../src/debug-adapter/protocol';
import { SESSION_ENDED_EVENT, type SessionEndedEventBody } from '../../src/debug-adapter/session-end';
import { ConsoleInputQueue, consoleInputArguments } from '../../src/debug-adapter/guest-console';
import { SIGINT } from '../../src/kernel/signal';
import { FORKTREE, ROOT, buildAdapter, custom, exampleStdout, prepareLaunch, startClient } from './harness';

const EXAMPLE = (name: string): string => path.join(ROOT, 'examples', 'bin', name);
const SPIN = path.join(ROOT, 'test', 'fixtures', 'guest', 'bin', 'spin');
/** A shell reports death by signal N as status 128 + N. */
const SHELL_SIGNAL_BASE = 128;

/** What a terminal session saw: the screen so far, stdout output events, every stop. */
interface Watch {
  screen: () => string;
  /** Resolves with the screen once it ends with `tail`. */
  until: (tail: string) => Promise<string>;
  stdout: () => string;
  stops: DebugProtocol.StoppedEvent[];
}

function watch(dc: DebugClient): Watch {
  let screen = '';
  let stdout = '';
  const stops: DebugProtocol.StoppedEvent[] = [];
  const waiters: { tail: string; resolve: (s: string) => void }[] = [];
  dc.on(CONSOLE_OUTPUT_EVENT, (e: DebugProtocol.Event) => {
    screen += (e.body as ConsoleOutputEventBody).data;
    for (const w of [...waiters]) if (screen.endsWith(w.tail)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(screen); }
  });
  dc.on('output', (e: DebugProtocol.OutputEvent) => { if (e.body.category === 'stdout' || e.body.category === 'stderr') stdout += e.body.output; });
  dc.on('stopped', (e: DebugProtocol.StoppedEvent) => stops.push(e));
  return {
    screen: () => screen,
    until: (tail) => (screen.endsWith(tail) ? Promise.resolve(screen) : new Promise((resolve) => waiters.push({ tail, resolve }))),
    stdout: () => stdout,
    stops,
  };
}

/** Launches `program` with `console` and the extra attributes, no filters, and lets it run. */
async function run(dc: DebugClient, program: string, launch: Record<string, unknown>): Promise<void> {
  await prepareLaunch(dc, { program, launch, filters: [] });
  await dc.configurationDoneRequest();
}

/** Types `data` at the guest's terminal. */
function type(dc: DebugClient, data: string): Promise<unknown> {
  return dc.customRequest(CONSOLE_INPUT_REQUEST, { data });
}

describe('the input queue and the request\'s arguments', () => {
  it('takes bytes in order across chunks; undefined while empty; empty arrays after the end; refuses past its limit', () => {
    const q = new ConsoleInputQueue();
    expect(q.take(8)).toBeUndefined();
    expect(q.push(Uint8Array.of(1, 2, 3))).toBe(true);
    expect(q.push(Uint8Array.of(4, 5))).toBe(true);
    expect([...q.take(2)!]).toEqual([1, 2]);
    expect([...q.take(8)!]).toEqual([3, 4, 5]);
    expect(q.push(new Uint8Array(5), 4)).toBe(false);
    expect(q.queued).toBe(0);
    q.push(Uint8Array.of(9));
    q.end();
    expect([...q.take(8)!]).toEqual([9]);
    expect(q.take(8)).toEqual(new Uint8Array(0));
  });

  it('data is sent as its UTF-8 bytes', () => {
    const a = consoleInputArguments({ data: 'é\r' });
    expect(a.ok && [...a.data]).toEqual([0xc3, 0xa9, 0x0d]);
    expect(consoleInputArguments({ eof: true })).toEqual({ ok: true, data: new Uint8Array(0), eof: true });
    expect(consoleInputArguments([1])).toMatchObject({ ok: false });
  });
});

describe('console "terminal"', () => {
  let dc: DebugClient;

  beforeAll(() => buildAdapter());
  beforeEach(async () => { dc = await startClient(); });
  afterEach(async () => { await dc.stop(); });

  it('forktree\'s output arrives byte-exact as consoleOutput events: its indented tree with \\r\\n line ends, nothing in the Debug Console', async () => {
    const w = watch(dc);
    const exited = dc.waitForEvent('exited');
    await run(dc, FORKTREE, { console: 'terminal' });
    expect(((await exited) as DebugProtocol.ExitedEvent).body.exitCode).toBe(0);
    expect(w.screen()).toBe(exampleStdout('forktree').replace(/\n/g, '\r\n'));
    expect(w.stdout()).toBe('');
  });

  it('a line typed at examples/bin/cat is echoed and copied; ^D ends it; waiting for input is no stop', async () => {
    const w = watch(dc);
    const exited = dc.waitForEvent('exited');
    await run(dc, EXAMPLE('cat'), { console: 'terminal' });
    await type(dc, 'hello, cat\r');
    expect(await w.until('hello, cat\r\nhello, cat\r\n')).toBe('hello, cat\r\nhello, cat\r\n');
    await type(dc, 'two\x7fo\r');
    // DEL erased the "o" ("\b \b" on the screen), the second "o" replaced it.
    expect(await w.until('\r\ntwo\r\n')).toBe('hello, cat\r\nhello, cat\r\ntwo\b \bo\r\ntwo\r\n');
    await type(dc, '\x04');
    expect(((await exited) as DebugProtocol.ExitedEvent).body.exitCode).toBe(0);
    expect(w.stops).toEqual([]);
  });

  it('^C typed while a program loops (and never reads) kills it with SIGINT: exit status 130', async () => {
    const w = watch(dc);
    const exited = dc.waitForEvent('exited');
    const ended = dc.waitForEvent(SESSION_ENDED_EVENT);
    await run(dc, SPIN, { console: 'terminal' });
    await w.until('spinning\r\n');
    await type(dc, '\x03');
    expect(((await exited) as DebugProtocol.ExitedEvent).body.exitCode).toBe(SHELL_SIGNAL_BASE + SIGINT);
    expect(((await ended).body as SessionEndedEventBody).summary).toBe(`spin was killed by SIGINT (status ${SHELL_SIGNAL_BASE + SIGINT})`);
    expect(w.screen()).toBe('spinning\r\n^C');
  });

  it('with the default filters ^C stops before SIGINT ends the program, as gdb does; continue lets it end', async () => {
    const w = watch(dc);
    const exited = dc.waitForEvent('exited');
    await prepareLaunch(dc, { program: SPIN, launch: { console: 'terminal' } });
    await dc.configurationDoneRequest();
    await w.until('spinning\r\n');
    const stopped = dc.waitForEvent('stopped');
    await type(dc, '\x03');
    const stop = (await stopped) as DebugProtocol.StoppedEvent;
    expect(stop.body.reason).toBe('exception');
    expect(`${stop.body.description} ${stop.body.text}`).toMatch(/SIGINT/);
    await dc.continueRequest({ threadId: stop.body.threadId! });
    expect(((await exited) as DebugProtocol.ExitedEvent).body.exitCode).toBe(SHELL_SIGNAL_BASE + SIGINT);
  });

  it('examples/bin/sh prompts, waits without stopping, pauses while waiting, and runs a command typed meanwhile', async () => {
    const w = watch(dc);
    const exited = dc.waitForEvent('exited');
    await run(dc, EXAMPLE('sh'), { console: 'terminal', files: [{ host: EXAMPLE('echo'), guest: '/bin/echo' }] });
    await w.until('$ ');
    const paused = dc.waitForEvent('stopped');
    await dc.pauseRequest({ threadId: 0 });
    const stop = (await paused) as DebugProtocol.StoppedEvent;
    expect(stop.body.reason).toBe('pause');
    expect(stop.body.description).toBeUndefined();
    // Keys typed while stopped wait for the guest to resume.
    await type(dc, 'echo typed while paused\r');
    const threads = (await dc.threadsRequest()).body.threads;
    expect(w.screen()).toBe('$ ');
    await dc.continueRequest({ threadId: threads[0]!.id });
    await w.until('typed while paused\r\n$ ');
    expect(w.screen()).toBe('$ echo typed while paused\r\ntyped while paused\r\n$ ');
    await type(dc, 'exit 4\r');
    expect(((await exited) as DebugProtocol.ExitedEvent).body.exitCode).toBe(4);
    expect(w.stops.map((s) => s.body.description)).toEqual([undefined]);
  });

  it('bad glasskernel/consoleInput arguments answer errors naming the problem', async () => {
    const w = watch(dc);
    await run(dc, EXAMPLE('cat'), { console: 'terminal' });
    const bad = async (args: unknown): Promise<string> => {
      try { await dc.customRequest(CONSOLE_INPUT_REQUEST, args); } catch (e) { return (e as Error).message; }
      throw new Error(`${JSON.stringify(args)} was accepted`);
    };
    expect(await bad({ data: 5 })).toMatch(/data must be a string, got 5/);
    expect(await bad({ eof: 'yes' })).toMatch(/eof must be a boolean/);
    expect(await bad({})).toMatch(/missing argument: data/);
    expect(await bad('text')).toMatch(/must be an object/);
    expect(await bad({ data: 'x'.repeat(MAX_CONSOLE_INPUT_BYTES + 1) })).toMatch(/more than 65536/);
    // End of input: cat reads 0 and exits; typing afterwards is an error.
    const exited = dc.waitForEvent('exited');
    expect(await custom(dc, CONSOLE_INPUT_REQUEST, { data: 'last\r', eof: true })).toEqual({ bytes: 5 });
    expect(((await exited) as DebugProtocol.ExitedEvent).body.exitCode).toBe(0);
    expect(w.screen()).toBe('last\r\nlast\r\n');
    expect(await bad({ data: 'late' })).toMatch(/the program has exited/);
  });
});

describe('glasskernel/consoleResize', () => {
  let dc: DebugClient;

  beforeAll(() => buildAdapter());
  beforeEach(async () => { dc = await startClient(); });
  afterEach(async () => { await dc.stop(); });

  it('takes the terminal\'s size while the program runs; refuses sizes that are not 1..65535 characters', async () => {
    const w = watch(dc);
    await run(dc, EXAMPLE('cat'), { console: 'terminal' });
    expect(await custom(dc, CONSOLE_RESIZE_REQUEST, { columns: 132, rows: 40 })).toEqual({});
    for (const args of [{ columns: 0, rows: 40 }, { columns: 80, rows: 70000 }, { columns: 80.5, rows: 24 }, { columns: '80', rows: 24 }, {}, null]) {
      await expect(dc.customRequest(CONSOLE_RESIZE_REQUEST, args), JSON.stringify(args)).rejects.toThrow(/columns and rows must be whole numbers of characters from 1 to 65535/);
    }
    // cat reads on after the SIGWINCH (ignored by default).
    await type(dc, 'after the resize\r');
    await w.until('after the resize\r\nafter the resize\r\n');
    const exited = dc.waitForEvent('exited');
    await custom(dc, CONSOLE_INPUT_REQUEST, { eof: true });
    await exited;
    await expect(dc.customRequest(CONSOLE_RESIZE_REQUEST, { columns: 80, rows: 24 })).rejects.toThrow(/the program has exited/);
  });
});

describe('console "debugConsole" and the attribute', () => {
  let dc: DebugClient;

  beforeAll(() => buildAdapter());
  beforeEach(async () => { dc = await startClient(); });
  afterEach(async () => { await dc.stop(); });

  it('keeps output events (no ONLCR) and input at end of file; consoleInput is refused', async () => {
    const w = watch(dc);
    const exited = dc.waitForEvent('exited');
    await run(dc, EXAMPLE('cat'), { console: 'debugConsole' });
    await expect(type(dc, 'x')).rejects.toThrow(/the guest's console is the Debug Console/);
    expect(((await exited) as DebugProtocol.ExitedEvent).body.exitCode).toBe(0);
    const again = await startClient();
    try {
      const w2 = watch(again);
      const done = again.waitForEvent('exited');
      await run(again, FORKTREE, {});
      await done;
      expect(w2.stdout()).toBe(exampleStdout('forktree'));
      expect(w2.screen()).toBe('');
    } finally {
      await again.stop();
    }
    expect(w.screen()).toBe('');
  });

  it('a bad console value fails the launch with the values it may take', async () => {
    await dc.initializeRequest();
    await expect(dc.launch({ program: FORKTREE, console: 'tty' } as DebugProtocol.LaunchRequestArguments))
      .rejects.toThrow(/'console' must be "terminal" .* or "debugConsole" .*got "tty"/);
  });
});
