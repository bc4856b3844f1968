/**
 * DAP fuzzer (issue 9, "Fuzzers: DAP"): random requests with random argument shapes, mixed
 * with malformed frames, written over stdio to the built adapter (dist/adapter.js). It checks
 * that the adapter never exits, answers every request within {@link RESPONSE_MS}, and never
 * answers with a JavaScript stack trace. Inputs come from a seeded generator, so a seed and a
 * count reproduce a run; a failing episode is shrunk to a minimal input list (a reproducer).
 */
import * as path from 'node:path';
import { FORKTREE, ROOT } from '../harness';
import { RawDap, frame } from '../raw-dap';
import { seededRandom as rng } from '../../elf/tools';

/** Bound (ms) within which every request must be answered. */
export const RESPONSE_MS = 5_000;
/** Inputs per adapter process (an episode): a fresh adapter then starts from a clean session. */
const EPISODE_INPUTS = 150;
/** Share of inputs that are malformed frames rather than requests. */
const MALFORMED_SHARE = 0.15;

/** One input: raw bytes to write, and the seq of the request in it whose answer is awaited (if any). */
export interface FuzzInput {
  text: string;
  seq?: number;
}

/** A failure: what went wrong and the episode's inputs up to it (shrunk when asked). */
export interface FuzzFailure {
  problem: string;
  inputs: FuzzInput[];
}

/** Summary of a run. */
export interface FuzzReport {
  inputs: number;
  requests: number;
  malformed: number;
  episodes: number;
  failures: FuzzFailure[];
}

/** The tests' seeded PRNG (mulberry32): floats in [0, 1). */
export { rng };

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** Every standard request (but disconnect, which ends the adapter by design) and the custom ones. */
const COMMANDS = [
  'initialize', 'launch', 'attach', 'restart', 'terminate', 'configurationDone', 'setBreakpoints', 'setExceptionBreakpoints',
  'setInstructionBreakpoints', 'setFunctionBreakpoints', 'dataBreakpointInfo', 'setDataBreakpoints', 'continue', 'next',
  'stepIn', 'stepOut', 'stepBack', 'pause', 'threads', 'stackTrace', 'scopes', 'variables', 'evaluate', 'setVariable',
  'setExpression', 'exceptionInfo', 'readMemory', 'writeMemory', 'disassemble', 'loadedSources', 'source', 'modules',
  'completions', 'gotoTargets', 'stepInTargets', 'breakpointLocations', 'cancel', 'locations',
  'glasskernel/processes', 'glasskernel/vmas', 'glasskernel/pageTable', 'glasskernel/nonsense', '', '__proto__', 'constructor',
] as const;
/** Requests that run or end the guest: drawn less often, so most requests meet a stopped program. */
const RUN_CONTROL = new Set(['continue', 'next', 'stepIn', 'stepOut', 'terminate', 'restart', 'pause', 'configurationDone']);

/** A random command, run control a quarter as often as the rest. */
function command(r: Rand): string {
  const c = pick(r, COMMANDS);
  return RUN_CONTROL.has(c) && r() < 0.75 ? pick(r, COMMANDS) : c;
}

/** Argument names the adapter reads, so random objects often hit real code paths. */
const KEYS = [
  'threadId', 'frameId', 'variablesReference', 'memoryReference', 'offset', 'count', 'instructionOffset', 'instructionCount',
  'resolveSymbols', 'expression', 'context', 'format', 'hex', 'name', 'value', 'source', 'path', 'breakpoints', 'line', 'lines',
  'column', 'condition', 'hitCondition', 'logMessage', 'filters', 'filterOptions', 'granularity', 'singleThread', 'program',
  'args', 'stopOnEntry', 'memoryMiB', 'files', 'host', 'guest', 'pid', 'ppn', 'data', 'allowPartial', 'dataId', 'accessType',
  'instructionReference', 'sourceReference', 'start', 'levels', 'startFrame', 'filter', 'adapterID', 'pathFormat',
  'linesStartAt1', 'columnsStartAt1', 'restart', 'arguments', '__proto__',
] as const;
const STRINGS = ['', '0x0', '0x10000', '0xffffffffffffffff', '0x-1', 'x', '1+2', 'argc', '*(int*)0', 'main', 'forktree.c',
  '$pc', '$sp', '0x10120', '0x10122', '0x10124', '0x10000', '0x3fffffe000', '0x3ffffffff0', '\u0000', '💥', 'a'.repeat(300), FORKTREE, '/no/such/file', '../../etc/passwd', 'read', 'write', 'readWrite', 'instruction'];
const NUMBERS = [0, 1, 2, 3, -1, 1000, 1001, 1002, 1003, 1005, 1010, 0x10120, -(2 ** 31), 2 ** 31, 2 ** 32, 2 ** 53 - 1, -(2 ** 53), 1e15, -1e15, 1e300, 0.5, 65536, 1000, 1_000_000];

/** A random JSON value of bounded depth, biased towards the shapes DAP arguments take. */
function value(r: Rand, depth: number): unknown {
  const k = r();
  if (k < 0.3) return pick(r, NUMBERS);
  if (k < 0.55) return pick(r, STRINGS);
  if (k < 0.62) return pick(r, [true, false, null]);
  if (k < 0.68) return Math.floor(r() * 20);
  if (depth <= 0) return {};
  if (k < 0.8) return Array.from({ length: Math.floor(r() * 4) }, () => value(r, depth - 1));
  return object(r, depth - 1);
}

function object(r: Rand, depth: number): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (let n = Math.floor(r() * 5); n > 0; n--) Object.defineProperty(o, pick(r, KEYS), { value: value(r, depth), enumerable: true, configurable: true, writable: true });
  return o;
}

/** The argument names each request reads (DAP specification), so most requests get near-valid arguments. */
const TEMPLATES: Readonly<Record<string, readonly string[]>> = {
  stackTrace: ['threadId', 'startFrame', 'levels', 'format'], scopes: ['frameId'], variables: ['variablesReference', 'filter', 'start', 'count', 'format'],
  evaluate: ['expression', 'frameId', 'context', 'format'], setVariable: ['variablesReference', 'name', 'value', 'format'],
  setExpression: ['expression', 'value', 'frameId'], readMemory: ['memoryReference', 'offset', 'count'],
  writeMemory: ['memoryReference', 'offset', 'data', 'allowPartial'], disassemble: ['memoryReference', 'offset', 'instructionOffset', 'instructionCount', 'resolveSymbols'],
  setBreakpoints: ['source', 'breakpoints', 'lines'], setInstructionBreakpoints: ['breakpoints'], setFunctionBreakpoints: ['breakpoints'],
  setDataBreakpoints: ['breakpoints'], dataBreakpointInfo: ['variablesReference', 'name', 'frameId'], setExceptionBreakpoints: ['filters', 'filterOptions'],
  continue: ['threadId', 'singleThread'], next: ['threadId', 'granularity'], stepIn: ['threadId', 'granularity'], stepOut: ['threadId', 'granularity'],
  pause: ['threadId'], exceptionInfo: ['threadId'], source: ['source', 'sourceReference'],
  'glasskernel/vmas': ['pid'], 'glasskernel/pageTable': ['pid', 'ppn'],
};
/** Plausible values for template keys: live ids of the launched forktree, or anything. */
function templateValue(r: Rand, key: string): unknown {
  if (r() < 0.3) return value(r, 2);
  switch (key) {
    case 'threadId': case 'pid': return pick(r, [1, 2, 3]);
    case 'frameId': case 'variablesReference': return 1000 + Math.floor(r() * 12);
    case 'memoryReference': return pick(r, ['0x10120', '0x10000', '0x3ffffff000', '0x0']);
    case 'source': return { path: pick(r, [FORKTREE.replace('/bin/', '/src/') + '.c', '/no/such.c']), sourceReference: pick(r, [0, 1, 7]) };
    case 'breakpoints': return Array.from({ length: Math.floor(r() * 3) }, () => object(r, 1));
    default: return value(r, 1);
  }
}

/** Arguments of some random shape: absent, a scalar, an array, or an object of known keys. */
function args(r: Rand, command: string): unknown {
  const template = Object.hasOwn(TEMPLATES, command) ? TEMPLATES[command] : undefined;
  if (template && r() < 0.6) return Object.fromEntries(template.filter(() => r() < 0.8).map((key) => [key, templateValue(r, key)]));
  const k = r();
  if (k < 0.1) return undefined;
  if (k < 0.2) return value(r, 0);
  if (k < 0.25) return [object(r, 1)];
  return object(r, 2);
}

/** A malformed frame (never a complete request). */
function malformed(r: Rand, seq: number): string {
  const name = command(r);
  const body = JSON.stringify({ seq, type: 'request', command: name, arguments: args(r, name) });
  const cut = Math.max(1, Math.floor(r() * body.length));
  const garbage = Buffer.from(Array.from({ length: 1 + Math.floor(r() * 64) }, () => Math.floor(r() * 256))).toString('latin1');
  return pick(r, [
    () => frame(body.slice(0, cut)), // invalid JSON
    () => frame(pick(r, ['null', '[]', '42', '"x"', 'true', '{}', '{"type":7}', '{"type":"request"}'])),
    () => `Content-Length: ${body.length + 1 + Math.floor(r() * 500)}\r\n\r\n${body}`, // truncated / too long
    () => `Content-Length: ${Math.floor(r() * body.length)}\r\n\r\n${body}`, // too short
    () => `Content-Length: ${body.length}\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    () => `Content-Length: ${pick(r, ['', '-1', '1e3', 'abc', '99999999999999999999', '0x10'])}\r\n\r\n${body}`,
    () => `${pick(r, ['Content-Type: json', 'X:y', 'garbage', ''])}\r\n\r\n${body}`,
    () => garbage,
    () => `Content-Length: ${body.length}\r\n\r\n${garbage}`.slice(0, 40),
  ])();
}

/** The launch that opens most episodes, so inspection requests meet a stopped program. */
function launchInputs(seq: () => number): FuzzInput[] {
  const req = (command: string, a?: unknown): FuzzInput => {
    const s = seq();
    return { text: frame({ seq: s, type: 'request', command, ...(a === undefined ? {} : { arguments: a }) }), seq: s };
  };
  return [req('initialize', { adapterID: 'glasskernel' }), req('launch', { program: FORKTREE, stopOnEntry: true }), req('configurationDone')];
}

/** The inputs of episode `index` of a run with `seed`: `n` random inputs, most after a launch. */
export function episodeInputs(seed: number, index: number, n: number): FuzzInput[] {
  const r = rng((seed * 0x9e3779b1 + index) >>> 0);
  let next = 1;
  const seq = () => next++;
  const inputs = r() < 0.85 ? launchInputs(seq) : [];
  for (let i = 0; i < n; i++) {
    if (r() < MALFORMED_SHARE) {
      inputs.push({ text: malformed(r, seq()) });
      continue;
    }
    const s = seq();
    const name = command(r);
    const a = args(r, name);
    inputs.push({ text: frame({ seq: s, type: 'request', command: name, ...(a === undefined ? {} : { arguments: a }) }), seq: s });
  }
  return inputs;
}

/** A JavaScript stack trace leaking into a response message. */
const STACK_TRACE = /\n\s+at .+:\d+:\d+|^\w*Error: .*\n/;

/** Runs `inputs` against a fresh adapter; the first problem, or undefined when all went well. */
export async function runInputs(inputs: readonly FuzzInput[], adapter?: string): Promise<{ problem: string; at: number } | undefined> {
  const dap = new RawDap(adapter);
  try {
    for (let i = 0; i < inputs.length; i++) {
      const input = inputs[i]!;
      dap.write(input.text);
      if (input.seq === undefined) continue;
      let reply;
      try {
        reply = await dap.responseTo(input.seq, RESPONSE_MS);
      } catch (e) {
        return { problem: (e as Error).message, at: i };
      }
      if (!reply.success && STACK_TRACE.test(reply.message ?? '')) {
        return { problem: `'${reply.command}' answered with a stack trace: ${reply.message!.slice(0, 300)}`, at: i };
      }
    }
    // Whatever the malformed tail left behind, the adapter still answers.
    const probe = dap.send('threads');
    try {
      await dap.responseTo(probe, RESPONSE_MS);
    } catch (e) {
      // A trailing cut frame legitimately swallows the probe until more bytes come: resend once.
      const again = dap.send('threads');
      await dap.responseTo(again, RESPONSE_MS).catch(() => undefined);
      if (!dap.alive) return { problem: (e as Error).message, at: inputs.length };
    }
    return dap.alive ? undefined : { problem: `adapter exited (code ${dap.exitCode})`, at: inputs.length };
  } finally {
    await dap.stop();
  }
}

/**
 * Shrinks a failing input list: drops chunks (halves, then quarters, ... then single inputs)
 * while the run still fails, within `budget` replays.
 */
export async function shrink(inputs: FuzzInput[], budget = 60, adapter?: string): Promise<FuzzInput[]> {
  let current = inputs;
  for (let size = Math.ceil(current.length / 2); size >= 1 && budget > 0; size = size === 1 ? 0 : Math.ceil(size / 2)) {
    for (let start = 0; start < current.length && budget > 0;) {
      const candidate = [...current.slice(0, start), ...current.slice(start + size)];
      budget--;
      if (candidate.length > 0 && await runInputs(candidate, adapter)) current = candidate;
      else start += size;
    }
  }
  return current;
}

/** Runs `count` random inputs from `seed`, in episodes of {@link EPISODE_INPUTS}. */
export async function fuzzDap(seed: number, count: number, options: { shrink?: boolean; adapter?: string; log?: (s: string) => void } = {}): Promise<FuzzReport> {
  const report: FuzzReport = { inputs: 0, requests: 0, malformed: 0, episodes: 0, failures: [] };
  for (let index = 0; report.inputs < count; index++) {
    const inputs = episodeInputs(seed, index, Math.min(EPISODE_INPUTS, count - report.inputs));
    report.episodes++;
    report.inputs += inputs.length;
    report.requests += inputs.filter((x) => x.seq !== undefined).length;
    report.malformed += inputs.filter((x) => x.seq === undefined).length;
    const failed = await runInputs(inputs, options.adapter);
    if (!failed) continue;
    const upTo = inputs.slice(0, failed.at + 1);
    const minimal = options.shrink ? await shrink(upTo, undefined, options.adapter) : upTo;
    report.failures.push({ problem: failed.problem, inputs: minimal });
    options.log?.(`episode ${index}: ${failed.problem} (${minimal.length} inputs after shrinking)`);
  }
  return report;
}

/** Directory of saved reproducers (JSON input lists), replayed by the suite. */
export const REPRO_DIR = path.join(ROOT, 'test', 'debug-adapter', 'fuzz', 'repro');
