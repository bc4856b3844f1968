/**
 * Conditions on the OS-event exception filters (DAP `ExceptionFilterOptions.condition`, the
 * filters advertising `supportsCondition`): which events of a filter stop. A condition is a list
 * of terms separated by commas or spaces, each one of
 * - `pid N` (or `pid=N`): events of process N (fork: of the parent);
 * - a syscall name (`openat`, `mmap`) for the System call filter;
 * - a fault kind (`demand-zero`, `file`, `shared`, `cow-copy`, `cow-reuse`, `stack-grow`,
 *   `spurious`, `segv`, `sigbus`, `oom`) or an access (`read`, `write`, `execute`) for the
 *   fault filters;
 * - a signal name (`SIGABRT` or `ABRT`) for the signal filters.
 * Terms of one kind are alternatives; kinds must all match ("openat mmap pid 3": an openat or
 * mmap of pid 3). A term the filter cannot use is an error the session reports on the filter.
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { AccessKind, FaultDecision, KernelEventRecord, StopOn } from '../kernel/api';
import { _NSIG, signalName } from '../kernel/signal';
import { SYSCALL_NAMES } from '../kernel/syscall/numbers';
import { EXCEPTION_FILTERS, type FilterId } from './exceptions';

/** Every fault decision (a Record so the compiler checks the list is complete). */
const FAULT_KINDS: Record<FaultDecision, true> = {
  'demand-zero': true, file: true, shared: true, 'cow-copy': true, 'cow-reuse': true,
  'stack-grow': true, spurious: true, segv: true, sigbus: true, oom: true,
};
const ACCESS_KINDS: Record<AccessKind, true> = { read: true, write: true, execute: true };
const SYSCALLS = new Set(SYSCALL_NAMES.values());
/** Signal numbers by name, with and without the SIG prefix. */
const SIGNALS = new Map<string, number>();
for (let sig = 1; sig <= _NSIG; sig++) {
  const name = signalName(sig);
  SIGNALS.set(name, sig);
  if (name.startsWith('SIG')) SIGNALS.set(name.slice('SIG'.length), sig);
}

/** What a condition asks; an absent set means "any". */
interface EventCondition {
  pids?: Set<number>;
  syscalls?: Set<string>;
  faults?: Set<string>;
  accesses?: Set<string>;
  signals?: Set<number>;
}

/** The filters whose condition may name fault kinds, syscalls or signals. */
const FAULT_FILTERS: ReadonlySet<FilterId> = new Set<FilterId>(['pageFault', 'cowFault', 'segv']);
const SIGNAL_FILTERS: ReadonlySet<FilterId> = new Set<FilterId>(['signal', 'segv']);

/** Adds `v` to set `key` of `c`. */
function add<K extends keyof EventCondition>(c: EventCondition, key: K, v: EventCondition[K] extends Set<infer T> | undefined ? T : never): void {
  const set = (c[key] ??= new Set() as EventCondition[K]) as Set<unknown>;
  set.add(v);
}

/** Parses the condition `text` of filter `filter`; an error sentence names the first term it cannot use. */
export function parseEventCondition(filter: FilterId, text: string): EventCondition | { error: string } {
  const c: EventCondition = {};
  const terms = text.replace(/\bpid\s*(?:==?|:)?\s*(\d+)/g, 'pid=$1').split(/[\s,]+/).filter((t) => t !== '');
  for (const term of terms) {
    const pid = /^pid=(\d+)$/.exec(term);
    if (pid) add(c, 'pids', Number(pid[1]));
    else if (filter === 'syscall' && SYSCALLS.has(term)) add(c, 'syscalls', term);
    else if (FAULT_FILTERS.has(filter) && term in FAULT_KINDS) add(c, 'faults', term);
    else if (FAULT_FILTERS.has(filter) && term in ACCESS_KINDS) add(c, 'accesses', term);
    else if (SIGNAL_FILTERS.has(filter) && SIGNALS.has(term.toUpperCase())) add(c, 'signals', SIGNALS.get(term.toUpperCase())!);
    else return { error: `'${term}' is not ${what(filter)}` };
  }
  return c;
}

/** What filter `filter`'s condition terms may be, for the error sentence. */
function what(filter: FilterId): string {
  const kinds = ['pid N'];
  if (filter === 'syscall') kinds.push('a syscall name (openat, mmap, ...)');
  if (FAULT_FILTERS.has(filter)) kinds.push(`a fault kind (${Object.keys(FAULT_KINDS).join(', ')})`, 'an access (read, write, execute)');
  if (SIGNAL_FILTERS.has(filter)) kinds.push('a signal name (SIGABRT, ...)');
  return `${kinds.slice(0, -1).join(', ')}${kinds.length > 1 ? ' or ' : ''}${kinds[kinds.length - 1]}`;
}

/** True when event `ev` satisfies condition `c` (each kind the condition names must match). */
export function eventMatches(c: EventCondition, ev: KernelEventRecord): boolean {
  const d = ev.data as Partial<{ pid: number; parentPid: number; name: string; decision: string; access: string; signal: number }>;
  const pid = ev.name === 'fork' ? d.parentPid : d.pid;
  if (c.pids && (pid === undefined || !c.pids.has(pid))) return false;
  if (c.syscalls && ((ev.name !== 'syscall' && ev.name !== 'syscallEnter') || !c.syscalls.has(d.name!))) return false;
  if (c.faults && (ev.name !== 'pageFault' || !c.faults.has(d.decision!))) return false;
  if (c.accesses && (ev.name !== 'pageFault' || !c.accesses.has(d.access!))) return false;
  if (c.signals && (ev.name !== 'signal' || !c.signals.has(d.signal!))) return false;
  return true;
}

/**
 * True when an event of kind `ev` is one that filter `filter` stops for (the kernel's own
 * choice: StopOn, src/kernel/upcoming.ts): so a condition is only asked about its own filter's
 * events. Fork, Execve and System call stop at the call's entry (a `syscallEnter` record).
 */
export function filterCovers(filter: FilterId, ev: KernelEventRecord): boolean {
  switch (filter) {
    case 'pageFault': return ev.name === 'pageFault';
    case 'cowFault': return ev.name === 'pageFault' && ev.data.decision.startsWith('cow');
    case 'segv': return (ev.name === 'pageFault' && ev.data.decision === 'segv') || (ev.name === 'signal' && ev.data.fault === true);
    case 'signal': return ev.name === 'signal' && !ev.data.fault;
    case 'fork': return ev.name === 'fork' || (ev.name === 'syscallEnter' && ev.data.name === 'clone');
    case 'exec': return ev.name === 'exec' || (ev.name === 'syscallEnter' && ev.data.name === 'execve');
    case 'exit': return ev.name === 'exit';
    case 'syscall': return ev.name === 'syscall' || ev.name === 'syscallEnter';
  }
}

/**
 * The conditions of the enabled filters (filter id → condition; a filter enabled with no
 * condition is absent). `wants(ev)` is true when some enabled filter that covers the event
 * has no condition or one the event satisfies.
 */
export class EventConditions {
  constructor(private readonly enabled: ReadonlySet<FilterId>, private readonly conditions: ReadonlyMap<FilterId, EventCondition>) {}

  /** True when no enabled filter has a condition (every event the kernel stops for is wanted). */
  get none(): boolean {
    return this.conditions.size === 0;
  }

  /** Whether a stop on `ev` should be shown (true) or the run go on (false). */
  wants(ev: KernelEventRecord): boolean {
    if (this.none) return true;
    let covered = false;
    for (const f of this.enabled) {
      if (!filterCovers(f, ev)) continue;
      covered = true;
      const c = this.conditions.get(f);
      if (!c || eventMatches(c, ev)) return true;
    }
    return !covered;
  }
}

const FILTER_IDS = new Set<string>(EXCEPTION_FILTERS.map((f) => f.filter));

/**
 * The filters a setExceptionBreakpoints request enables: its `filters` (ids) and `filterOptions`
 * (`{ filterId, condition? }`). Returns the kernel's StopOn, the conditions, and one answer per
 * element (the `filters` first, then the `filterOptions`, as DAP orders them): unverified with
 * the reason for an unknown filter id or a condition it cannot use (that filter is then off).
 */
export function exceptionFiltersFrom(filters: readonly unknown[], options: readonly unknown[]): { stopOn: StopOn; conditions: EventConditions; answers: DebugProtocol.Breakpoint[] } {
  const enabled = new Set<FilterId>();
  const conditions = new Map<FilterId, EventCondition>();
  const unconditional = new Set<FilterId>();
  const answers: DebugProtocol.Breakpoint[] = [];
  const enable = (id: unknown, text: unknown): DebugProtocol.Breakpoint => {
    if (typeof id !== 'string' || !FILTER_IDS.has(id)) return { verified: false, message: `unknown exception filter '${String(id)}'` };
    const f = id as FilterId;
    if (text !== undefined && text !== null && typeof text !== 'string') return { verified: false, message: 'condition must be a string' };
    if (typeof text === 'string' && text.trim() !== '') {
      const c = parseEventCondition(f, text);
      if ('error' in c) return { verified: false, message: `condition: ${c.error}` };
      if (!unconditional.has(f)) conditions.set(f, c);
    } else {
      // Enabled without a condition anywhere in the request: every event of the filter stops.
      unconditional.add(f);
      conditions.delete(f);
    }
    enabled.add(f);
    return { verified: true };
  };
  for (const f of filters) answers.push(enable(f, undefined));
  for (const o of options) {
    const opt = (typeof o === 'object' && o !== null ? o : {}) as { filterId?: unknown; condition?: unknown };
    answers.push(enable(opt.filterId, opt.condition));
  }
  const stopOn: StopOn = {};
  for (const f of enabled) stopOn[f] = true;
  return { stopOn, conditions: new EventConditions(enabled, conditions), answers };
}
