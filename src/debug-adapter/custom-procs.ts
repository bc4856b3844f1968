/**
 * The custom requests behind the Processes and Memory Map views' detail and actions
 * (protocol.ts): `glasskernel/processes` with `detail: true`, `glasskernel/signal`,
 * `glasskernel/procStatus`, `glasskernel/vmaPages` and `glasskernel/pageBytes`. The kernel's
 * inspections (src/kernel/inspect-procs.ts, inspect-maps.ts) become wire shapes here, joined
 * with what only the session knows ({@link SessionFacts}: the last stop, the program's
 * symbols). Bad arguments give an error value, never an exception.
 */
import type { ProcessInfo as KernelProcessInfo } from '../kernel/api';
import type { ProcessDetail } from '../kernel/inspect-procs';
import type { VmaPages } from '../kernel/inspect-maps';
import { PAGE_SHIFT, PTE_A, PTE_D, PTE_G, PTE_R, PTE_U, PTE_V, PTE_W, PTE_X } from '../emu/sv39';
import { signalName, statusExitCode, statusTermSignal, _NSIG } from '../kernel/signal';
import {
  VMA_PAGES_MAX,
  type PageBytesResponseBody, type ProcessInfo, type ProcStatusResponseBody, type SignalResponseBody, type ThreadDetailInfo,
  type VmaPagesResponseBody,
} from './protocol';
import { hex, hex64, isIndex, parseAddress } from './format';

/** PTE flag letters in the order protocol.ts fixes: V R W X U G A D (privileged spec, Sv39 PTE). */
const PTE_LETTERS: ReadonlyArray<[number, string]> = [
  [PTE_V, 'V'], [PTE_R, 'R'], [PTE_W, 'W'], [PTE_X, 'X'], [PTE_U, 'U'], [PTE_G, 'G'], [PTE_A, 'A'], [PTE_D, 'D'],
];

/** PTE flag bits as eight letters, "-" for a clear bit: PTE_V|PTE_R|PTE_U -> "VR--U---". */
export function pteFlagString(flags: number): string {
  return PTE_LETTERS.map(([bit, letter]) => (flags & bit ? letter : '-')).join('');
}

/** The read-only kernel calls (and the one action, signalProcess) these requests need; Kernel satisfies it. */
export interface ProcsInspector {
  processes(): KernelProcessInfo[];
  processDetails(): ProcessDetail[];
  procStatus(pid: number): string | undefined;
  vmaPages(pid: number, start: number, end: number, max: number): VmaPages | undefined;
  pageBytes(pid: number, va: number): { va: number; ppn: number; bytes: Uint8Array } | undefined;
  signalProcess(pid: number, sig: number): string | undefined;
}

/** What the session knows that the kernel does not, for the views' requests. */
export interface SessionFacts {
  /** True while the guest runs (requests are answered between slices); no thread is "stopped at" anything then. */
  running: boolean;
  /** The thread the last DAP `stopped` event named and its reason ('breakpoint', 'step', ...). */
  stop?: { tid: number; reason: string };
  /** True when thread `tid` is paused inside a steppable kernel path. */
  inKernel(tid: number): boolean;
  /** `function+offset` for user pc `pc` of thread `tid` in the launched program's symbols, else undefined. */
  symbolize(tid: number, pc: number): string | undefined;
}

/** Facts for a request answered without a session's knowledge (tests, a runtime that has not started). */
export const NO_SESSION_FACTS: SessionFacts = { running: false, inKernel: () => false, symbolize: () => undefined };

/** The Runtime calls sessionFacts reads (Runtime satisfies it). */
export interface FactSource {
  readonly running: boolean;
  readonly hasExited: boolean;
  kernelPause(tid: number): unknown;
  runsProgram(tid: number, pc: number): boolean;
  readonly program: { functionAt(pc: number): { name: string; offset: number } | undefined };
}

/**
 * The session facts of runtime `rt` whose last reported stop was `stop`. A pc is named only in
 * the launched program's image (runsProgram): another program's pc has no symbols here.
 */
export function sessionFacts(rt: FactSource, stop: { tid: number; reason: string } | undefined): SessionFacts {
  return {
    running: rt.running || rt.hasExited,
    ...(stop ? { stop } : {}),
    inKernel: (tid) => rt.kernelPause(tid) !== undefined,
    symbolize: (tid, pc) => {
      if (!rt.runsProgram(tid, pc)) return undefined;
      const fn = rt.program.functionAt(pc);
      return fn ? (fn.offset === 0 ? fn.name : `${fn.name}+${fn.offset}`) : undefined;
    },
  };
}

type Result = { ok: true; body: unknown } | { ok: false; error: string };

/** The `glasskernel/processes` answer; with `detail` every process carries its threads, resident set and counters. */
export function processesBody(k: ProcsInspector, args: unknown, facts: SessionFacts): Result {
  const detail = typeof args === 'object' && args !== null && (args as { detail?: unknown }).detail === true;
  const details = detail ? new Map(k.processDetails().map((d) => [d.pid, d])) : undefined;
  const stoppedTid = facts.running ? undefined : facts.stop?.tid;
  const processes = k.processes().map((p): ProcessInfo => {
    const base: ProcessInfo = {
      pid: p.pid, ppid: p.ppid, name: p.name, state: p.state,
      ...(p.exitStatus !== undefined ? { exitCode: p.exitStatus } : {}),
      tids: [...p.tids],
    };
    const d = details?.get(p.pid);
    if (!d) return base;
    const threads = d.threads.map((t): ThreadDetailInfo => {
      const location = facts.symbolize(t.tid, t.pc);
      return {
        tid: t.tid, state: t.state,
        ...(t.waitReason !== undefined ? { waitReason: t.waitReason } : {}),
        ...(t.tid === stoppedTid && facts.stop ? { debugStop: facts.stop.reason } : {}),
        pc: hex(t.pc),
        ...(location !== undefined ? { location } : {}),
      };
    });
    return {
      ...base,
      ...(p.exitStatus !== undefined ? { termination: termination(p.exitStatus) } : {}),
      pgid: d.pgid, residentPages: d.residentPages, minorFaults: d.minFlt, cowFaults: d.cowFlt, threads,
    };
  });
  return { ok: true, body: { processes } };
}

/** How a wait status ended a process: exit(code), or killed by a named signal (WTERMSIG). */
function termination(status: number): { exitCode: number } | { signal: string } {
  const sig = statusTermSignal(status);
  return sig === 0 ? { exitCode: statusExitCode(status) } : { signal: signalName(sig) };
}

/** The `pid` argument: a known pid, or an error value. */
export function pidOf(k: { processes(): { pid: number }[] }, args: unknown): { ok: true; pid: number } | { ok: false; error: string } {
  const pid = typeof args === 'object' && args !== null ? (args as { pid?: unknown }).pid : undefined;
  if (pid === undefined) return { ok: false, error: 'missing argument: pid' };
  if (!isIndex(pid)) return { ok: false, error: `bad argument: pid must be a non-negative integer, got ${JSON.stringify(pid)}` };
  if (!k.processes().some((p) => p.pid === pid)) return { ok: false, error: `no process with pid ${pid}` };
  return { ok: true, pid };
}

/** Signal numbers by name ("SIGTERM", "SIGRTMIN+3"), from the kernel's own signal(7) names. */
const SIGNALS_BY_NAME: ReadonlyMap<string, number> = new Map(
  Array.from({ length: _NSIG }, (_, i) => [signalName(i + 1), i + 1] as [string, number]),
);

/** A signal from the client: a name as signal(7) gives it (with or without "SIG", any case) or a number 1..64. */
export function parseSignal(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 1 && value <= _NSIG ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const s = value.trim().toUpperCase();
  if (/^\d+$/.test(s)) return parseSignal(Number(s));
  return SIGNALS_BY_NAME.get(s.startsWith('SIG') ? s : `SIG${s}`);
}

/** `glasskernel/signal` {pid, signal}: an action (see SignalArguments in protocol.ts for the errors). */
export function signalBody(k: ProcsInspector, args: unknown, facts: SessionFacts): Result {
  const p = pidOf(k, args);
  if (!p.ok) return p;
  const raw = (args as { signal?: unknown }).signal;
  if (raw === undefined) return { ok: false, error: 'missing argument: signal' };
  const sig = parseSignal(raw);
  if (sig === undefined) return { ok: false, error: `bad argument: signal must be a signal name such as "SIGTERM" or a number 1..${_NSIG}, got ${JSON.stringify(raw)}` };
  const paused = facts.stop && facts.inKernel(facts.stop.tid) ? facts.stop.tid : undefined;
  if (paused !== undefined) {
    return { ok: false, error: `thread ${paused} is paused inside a kernel path: step out of it or continue before sending ${signalName(sig)}` };
  }
  const why = k.signalProcess(p.pid, sig);
  if (why !== undefined) return { ok: false, error: why };
  const body: SignalResponseBody = { pid: p.pid, signal: signalName(sig) };
  return { ok: true, body };
}

/** `glasskernel/procStatus` {pid}: /proc/<pid>/status's text. */
export function procStatusBody(k: ProcsInspector, args: unknown): Result {
  const p = pidOf(k, args);
  if (!p.ok) return p;
  const text = k.procStatus(p.pid);
  if (text === undefined) return { ok: false, error: `no process with pid ${p.pid}` };
  const body: ProcStatusResponseBody = { pid: p.pid, text };
  return { ok: true, body };
}

/** A "0x..." virtual byte address argument of at most 2^53, or an error value naming it. */
function addressArgument(args: unknown, name: string): { ok: true; va: number } | { ok: false; error: string } {
  const raw = (args as Record<string, unknown>)[name];
  if (raw === undefined) return { ok: false, error: `missing argument: ${name}` };
  const va = parseAddress(raw);
  if (va === undefined) return { ok: false, error: `bad argument: ${name} must be a "0x..." virtual address, got ${JSON.stringify(raw)}` };
  return { ok: true, va };
}

/** `glasskernel/vmaPages` {pid, start, end, max?}: resident pages of [start, end), capped. */
export function vmaPagesBody(k: ProcsInspector, args: unknown): Result {
  const p = pidOf(k, args);
  if (!p.ok) return p;
  const start = addressArgument(args, 'start');
  if (!start.ok) return start;
  const end = addressArgument(args, 'end');
  if (!end.ok) return end;
  if (end.va <= start.va) return { ok: false, error: `bad argument: end (${hex(end.va)}) must be above start (${hex(start.va)})` };
  const rawMax = (args as { max?: unknown }).max;
  if (rawMax !== undefined && !isIndex(rawMax)) return { ok: false, error: `bad argument: max must be a non-negative integer, got ${JSON.stringify(rawMax)}` };
  const max = Math.min(rawMax ?? VMA_PAGES_MAX, VMA_PAGES_MAX);
  const pages = k.vmaPages(p.pid, start.va, end.va, max);
  if (!pages) return { ok: false, error: `process ${p.pid} has no address space (it has exited)` };
  const body: VmaPagesResponseBody = {
    pid: p.pid,
    resident: pages.resident,
    more: pages.more,
    pages: pages.pages.map((pg) => ({
      va: hex(pg.va), pa: hex(BigInt(pg.ppn) << BigInt(PAGE_SHIFT)), pte: hex64(pg.pte), flags: pteFlagString(pg.flags),
      refCount: pg.refCount, pageCache: pg.pageCache, cow: pg.cow,
      sharedWith: pg.sharedWith.map((s) => ({ pid: s.pid, va: hex(s.va) })),
    })),
  };
  return { ok: true, body };
}

/** `glasskernel/pageBytes` {pid, va}: the resident page's bytes (base64). */
export function pageBytesBody(k: ProcsInspector, args: unknown): Result {
  const p = pidOf(k, args);
  if (!p.ok) return p;
  const va = addressArgument(args, 'va');
  if (!va.ok) return va;
  const page = k.pageBytes(p.pid, va.va);
  if (!page) return { ok: false, error: `no resident page at ${hex(va.va)} in process ${p.pid}` };
  const body: PageBytesResponseBody = {
    pid: p.pid, va: hex(page.va), pa: hex(BigInt(page.ppn) << BigInt(PAGE_SHIFT)), data: Buffer.from(page.bytes).toString('base64'),
  };
  return { ok: true, body };
}
