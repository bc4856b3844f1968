/**
 * Shared set-up of the DAP tests: builds dist/adapter.js once, starts DebugClient against it,
 * and finds example paths and marked source lines; and the plumbing the stepping tests share:
 * collecting the debuggee's stdout, stepping until the stack is where a test wants it, walking
 * glasskernel/pageTable to a leaf entry, and running to the end once the breakpoints are cleared.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { PageTableResponseBody } from '../../src/debug-adapter/protocol';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ADAPTER = path.join(ROOT, 'dist', 'adapter.js');
export const FORKTREE = path.join(ROOT, 'examples', 'bin', 'forktree');
export const FORKTREE_C = path.join(ROOT, 'examples', 'src', 'forktree.c');

/** Milliseconds DebugClient waits for one event before failing (a hang guard, not an assertion). */
const EVENT_WAIT_MS = 30_000;

/** Lock directory serialising builds: test files run in parallel workers. */
const BUILD_LOCK = path.join(ROOT, 'node_modules', '.cache', 'glasskernel-adapter-build.lock');
/** A lock older than this (ms) was left by a crashed run and is broken. */
const STALE_LOCK_MS = 120_000;
/** Poll interval (ms) while another worker builds. */
const LOCK_POLL_MS = 100;

/** Newest modification time (ms) of the files under `dir`. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** True when dist/adapter.js is missing or older than a source or the build script. */
function adapterIsStale(): boolean {
  if (!fs.existsSync(ADAPTER)) return true;
  const sources = Math.max(newestMtime(path.join(ROOT, 'src')), fs.statSync(path.join(ROOT, 'scripts', 'build.mjs')).mtimeMs);
  return fs.statSync(ADAPTER).mtimeMs < sources;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Bundles the adapter exactly as it ships (scripts/build.mjs, esbuild) unless dist/adapter.js
 * is already newer than every source. One worker builds at a time, so no test starts an
 * adapter file that another worker is rewriting.
 */
export function buildAdapter(): void {
  fs.mkdirSync(path.dirname(BUILD_LOCK), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(BUILD_LOCK);
      break;
    } catch {
      const age = Date.now() - (fs.statSync(BUILD_LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) fs.rmSync(BUILD_LOCK, { recursive: true, force: true });
      else sleepSync(LOCK_POLL_MS);
    }
  }
  try {
    if (adapterIsStale()) execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  } finally {
    fs.rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

/** A DebugClient talking to a fresh adapter process over stdio. */
export async function startClient(): Promise<DebugClient> {
  const dc = new DebugClient(process.execPath, ADAPTER, 'glasskernel', { cwd: ROOT });
  dc.defaultTimeout = EVENT_WAIT_MS;
  await dc.start();
  return dc;
}

/** 1-based number of the first line of `file` containing `marker`; throws when absent. */
export function lineOf(file: string, marker: string): number {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(marker));
  if (i < 0) throw new Error(`${path.basename(file)} has no line containing ${JSON.stringify(marker)}`);
  return i + 1;
}

/** Launches `program` stopped on entry; resolves with the entry `stopped` event. */
export async function launchStoppedOnEntry(dc: DebugClient, program: string, extra: Record<string, unknown> = {}): Promise<DebugProtocol.StoppedEvent> {
  const stopped = dc.waitForEvent('stopped');
  await Promise.all([dc.configurationSequence(), dc.launch({ program, stopOnEntry: true, ...extra })]);
  return (await stopped) as DebugProtocol.StoppedEvent;
}

/** The innermost stack frame of thread `threadId`. */
export async function topFrame(dc: DebugClient, threadId: number): Promise<DebugProtocol.StackFrame> {
  const st = await dc.stackTraceRequest({ threadId });
  const frame = st.body.stackFrames[0];
  if (!frame) throw new Error(`thread ${threadId} has no stack frames`);
  return frame;
}

/** Waits for the next `stopped` event after running `action` (continue, step, ...). */
export async function runUntilStopped(dc: DebugClient, action: () => Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
  const stopped = dc.waitForEvent('stopped');
  await action();
  return (await stopped) as DebugProtocol.StoppedEvent;
}

/** Body of a custom request (throws with the adapter's message on an error response). */
export async function custom<T>(dc: DebugClient, command: string, args?: unknown): Promise<T> {
  const r = await dc.customRequest(command, args);
  return r.body as T;
}

/** What a test launches: the program and its arguments, then the breakpoints and filters set before configurationDone. */
export interface LaunchPlan {
  program: string;
  /** Extra launch arguments (`args`, `files`, ...). */
  launch?: Record<string, unknown>;
  /** Source breakpoints in `source`. */
  source?: string;
  breakpoints?: DebugProtocol.SourceBreakpoint[];
  functions?: DebugProtocol.FunctionBreakpoint[];
  /** Exception filters; left at the adapter's defaults when absent. */
  filters?: string[];
}

/** initialize, launch, wait for `initialized`, set the plan's breakpoints and filters; configurationDone is the caller's. */
export async function prepareLaunch(dc: DebugClient, plan: LaunchPlan): Promise<void> {
  await dc.initializeRequest();
  const initialized = dc.waitForEvent('initialized');
  await dc.launch({ program: plan.program, ...plan.launch } as DebugProtocol.LaunchRequestArguments);
  await initialized;
  if (plan.source) await dc.setBreakpointsRequest({ source: { path: plan.source }, breakpoints: plan.breakpoints ?? [] });
  if (plan.functions) await dc.setFunctionBreakpointsRequest({ breakpoints: plan.functions });
  if (plan.filters) await dc.setExceptionBreakpointsRequest({ filters: plan.filters });
}

/** prepareLaunch, then configurationDone; resolves with the first stop. */
export async function launchToStop(dc: DebugClient, plan: LaunchPlan): Promise<DebugProtocol.StoppedEvent> {
  await prepareLaunch(dc, plan);
  return runUntilStopped(dc, () => dc.configurationDoneRequest());
}

/** Every stack frame of thread `threadId`. */
export async function frames(dc: DebugClient, threadId: number): Promise<DebugProtocol.StackFrame[]> {
  return (await dc.stackTraceRequest({ threadId })).body.stackFrames;
}

/** The rows of the scope named `name` of frame `frameId`; throws when there is no such scope. */
export async function scopeRows(dc: DebugClient, frameId: number, name: string): Promise<DebugProtocol.Variable[]> {
  const scope = (await dc.scopesRequest({ frameId })).body.scopes.find((s) => s.name === name);
  if (!scope) throw new Error(`no ${name} scope`);
  return (await dc.variablesRequest({ variablesReference: scope.variablesReference })).body.variables;
}

/** Row `name`'s value; throws (naming the rows there are) when absent. */
export function rowValue(rows: DebugProtocol.Variable[], name: string): string {
  const row = rows.find((r) => r.name === name);
  if (!row) throw new Error(`no row ${name} in ${rows.map((r) => r.name).join(', ')}`);
  return row.value;
}

/** The recorded stdout of example `name` (examples/expected/<name>.stdout). */
export function exampleStdout(name: string): string {
  return fs.readFileSync(path.join(ROOT, 'examples', 'expected', `${name}.stdout`), 'utf8');
}

/** Collects the debuggee's stdout (`output` events of category stdout) from now on; returns a reader of all of it so far. */
export function collectStdout(dc: DebugClient): () => string {
  let stdout = '';
  dc.on('output', (e: DebugProtocol.OutputEvent) => { if (e.body.category === 'stdout') stdout += e.body.output; });
  return () => stdout;
}

/** The leaf page-table entry mapping `va` in `pid` (walking glasskernel/pageTable from the root), or undefined. */
export async function leaf(dc: DebugClient, pid: number, va: bigint): Promise<PageTableResponseBody['entries'][number] | undefined> {
  let table = await custom<PageTableResponseBody>(dc, 'glasskernel/pageTable', { pid });
  for (;;) {
    const e = table.entries.find((x) => BigInt(x.vaStart) <= va && va < BigInt(x.vaEnd));
    if (!e || e.leaf) return e;
    table = await custom<PageTableResponseBody>(dc, 'glasskernel/pageTable', { pid, ppn: e.ppn });
  }
}

/** How `stepUntil` steps. */
export interface StepUntilOptions {
  /** Most steps before the test fails (a hang guard: `expect(steps).toBeLessThan(max)`). */
  max: number;
  /** The stepping request (default stepIn). */
  request?: 'stepIn' | 'next' | 'stepOut';
  /** The stepIn granularity (default the adapter's: a line). */
  granularity?: DebugProtocol.SteppingGranularity;
  /** Sees each step's `stopped` event and the stack after it. */
  each?: (stop: DebugProtocol.StoppedEvent, stack: DebugProtocol.StackFrame[]) => void;
}

/**
 * Steps thread `tid` (stepIn unless `opts.request` says otherwise) until `done` holds for its
 * stack, checked before each step, so no step is taken when it already holds; resolves with that stack.
 */
export async function stepUntil(dc: DebugClient, tid: number, done: (stack: DebugProtocol.StackFrame[]) => boolean, opts: StepUntilOptions): Promise<DebugProtocol.StackFrame[]> {
  const step = (): Promise<unknown> => {
    switch (opts.request ?? 'stepIn') {
      case 'stepIn': return dc.stepInRequest({ threadId: tid, granularity: opts.granularity });
      case 'next': return dc.nextRequest({ threadId: tid, granularity: opts.granularity });
      case 'stepOut': return dc.stepOutRequest({ threadId: tid, granularity: opts.granularity });
    }
  };
  let stack = await frames(dc, tid);
  for (let i = 0; !done(stack); i++) {
    expect(i).toBeLessThan(opts.max);
    const stop = await runUntilStopped(dc, step);
    stack = await frames(dc, tid);
    opts.each?.(stop, stack);
  }
  return stack;
}

/** Which breakpoints `continueToExit` clears before it continues. */
export interface ClearBeforeExit {
  /** The function breakpoints. */
  functions?: boolean;
  /** The exception filters. */
  filters?: boolean;
  /** The source breakpoints of these files. */
  sources?: string[];
}

/**
 * Clears the breakpoints `clear` names, continues thread `tid` and waits for the `exited` and
 * `terminated` events; resolves with the exit code.
 */
export async function continueToExit(dc: DebugClient, tid: number, clear: ClearBeforeExit = {}): Promise<number> {
  if (clear.functions) await dc.setFunctionBreakpointsRequest({ breakpoints: [] });
  if (clear.filters) await dc.setExceptionBreakpointsRequest({ filters: [] });
  for (const source of clear.sources ?? []) await dc.setBreakpointsRequest({ source: { path: source }, breakpoints: [] });
  const exited = dc.waitForEvent('exited');
  const terminated = dc.waitForEvent('terminated');
  await dc.continueRequest({ threadId: tid });
  const code = ((await exited) as DebugProtocol.ExitedEvent).body.exitCode;
  await terminated;
  return code;
}
