/**
 * Exception breakpoint filters for OS events (DAP `exceptionBreakpointFilters`) and the
 * sentences a stop on one of them shows (DAP `stopped` event `description` / `text`).
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { AccessKind, FaultDecision, KernelEventRecord, StopOn, UpcomingEvent } from '../kernel/api';
import { syscallArgRows, type PeekMemory } from './kernel-frames';
import { SIGSEGV, shellExitCode, signalName } from '../kernel/signal';
import { CLONE_THREAD } from '../kernel/lifecycle';
import { hex, hexAddress } from './format';

/** Filter ids; each one is a key of the kernel's {@link StopOn}. */
export type FilterId = keyof StopOn;

/** The filters the adapter offers in the Breakpoints view, in display order. */
export const EXCEPTION_FILTERS: DebugProtocol.ExceptionBreakpointsFilter[] = [
  { filter: 'pageFault', label: 'Page fault', description: 'Stop at every page fault (scause 12/13/15), before the kernel handles it: the stop says what it will do', default: false, ...condition('fault kinds or accesses, pid N: cow-copy stack-grow write pid 2') },
  { filter: 'cowFault', label: 'Copy-on-write fault', description: 'Stop at a fault that will break copy-on-write (cow-copy or cow-reuse), before the kernel does it', default: false, ...condition('cow-copy or cow-reuse, pid N') },
  { filter: 'segv', label: 'Segmentation fault', description: 'Stop at a fault that raises SIGSEGV, SIGBUS or SIGILL, before the signal is delivered', default: true, ...condition('signal names, pid N: SIGBUS pid 3') },
  { filter: 'signal', label: 'Fatal signal', description: 'Stop when a signal (SIGABRT, SIGKILL, SIGTERM, ...) is about to end a process, before it dies', default: true, ...condition('signal names, pid N: SIGABRT SIGTERM') },
  { filter: 'fork', label: 'Fork/clone', description: 'Stop at a clone call, before the kernel creates the process or thread', default: false, ...condition('pid N (the caller)') },
  { filter: 'exec', label: 'Execve', description: 'Stop at an execve call, before the kernel replaces the program', default: false, ...condition('pid N') },
  { filter: 'exit', label: 'Exit', description: 'Stop when a process is about to exit, before its memory goes', default: false, ...condition('pid N') },
  { filter: 'syscall', label: 'System call', description: 'Stop at every system call, before the kernel runs it', default: false, ...condition('syscall names, pid N: openat, mmap pid 2') },
];

/** The condition fields of a filter: which events of it stop (event-filters.ts), with an example. */
function condition(example: string): Pick<DebugProtocol.ExceptionBreakpointsFilter, 'supportsCondition' | 'conditionDescription'> {
  return { supportsCondition: true, conditionDescription: `Only these events (${example})` };
}

/** The StopOn of the filters that are on by default: what runs stop on before the client sets filters. */
export function defaultStopOn(): StopOn {
  const stopOn: StopOn = {};
  for (const f of EXCEPTION_FILTERS) if (f.default) stopOn[f.filter as FilterId] = true;
  return stopOn;
}

/** Bits of a wait status holding the terminating signal (wait(2): WTERMSIG). */
const TERM_SIGNAL_MASK = 0x7f;

/** The signal that killed a process from its wait4 status, 0 when it exited normally. */
export function termSignal(status: number): number {
  return status & TERM_SIGNAL_MASK;
}

/** What a fault did, in the words a student uses: "store", "load", "instruction fetch". */
function accessWord(access: AccessKind): string {
  switch (access) {
    case 'write': return 'store';
    case 'read': return 'load';
    case 'execute': return 'instruction fetch';
  }
}

/** Filter id that best names a kernel event (which filter the user sees as the cause). */
export function filterForEvent(ev: KernelEventRecord): FilterId {
  switch (ev.name) {
    case 'pageFault':
      if (ev.data.decision === 'segv') return 'segv';
      if (ev.data.decision === 'cow-copy' || ev.data.decision === 'cow-reuse') return 'cowFault';
      return 'pageFault';
    case 'fork': return 'fork';
    case 'exec': return 'exec';
    case 'exit': return 'exit';
    case 'signal': return ev.data.fault ? 'segv' : 'signal';
    default: return 'syscall';
  }
}

/** Short title of a stop on an event: DAP `description` ("Page fault", "Fork", ...). */
export function eventTitle(ev: KernelEventRecord): string {
  switch (ev.name) {
    case 'pageFault': return ev.data.decision === 'segv' ? 'Segmentation fault' : 'Page fault';
    case 'fork': return ev.data.flags & CLONE_THREAD ? 'Clone' : 'Fork';
    case 'exec': return 'Execve';
    case 'exit': return 'Exit';
    case 'signal': return ev.data.fault && ev.data.signal === SIGSEGV ? 'Segmentation fault' : `Signal ${signalName(ev.data.signal)}`;
    case 'syscall': return 'System call';
    case 'syscallEnter': return 'System call entry';
    case 'schedule': return 'Schedule';
    case 'output': return 'Output';
    case 'oom': return 'Out of memory';
  }
}

/**
 * One sentence saying what happened, for DAP `text` and the exception widget, e.g.
 * "Page fault: store at 0x12ff8 in [heap] → cow-copy (pid 2, pc 0x10234)".
 */
export function describeEvent(ev: KernelEventRecord): string {
  switch (ev.name) {
    case 'pageFault': {
      const d = ev.data;
      const where = d.vma !== undefined ? ` in ${d.vma === '' ? '[anon]' : d.vma}` : ' outside every VMA';
      return `${eventTitle(ev)}: ${accessWord(d.access)} at ${hexAddress(d.address)}${where} → ${d.decision} (pid ${d.pid}, pc ${hexAddress(d.sepc)})`;
    }
    case 'fork':
      if (ev.data.flags & CLONE_THREAD) return `Clone: pid ${ev.data.parentPid} created thread ${ev.data.childTid} (clone flags ${hex(ev.data.flags)})`;
      return `Fork: pid ${ev.data.parentPid} created child pid ${ev.data.childPid} (clone flags ${hex(ev.data.flags)})`;
    case 'exec':
      return `Execve: pid ${ev.data.pid} now runs ${ev.data.path} ${JSON.stringify(ev.data.argv)}`;
    case 'exit': {
      const sig = termSignal(ev.data.status);
      const how = sig === 0 ? `exit status ${shellExitCode(ev.data.status)}` : `killed by ${signalName(sig)}`;
      return `Exit: pid ${ev.data.pid} finished (${how})`;
    }
    case 'signal':
      return `${eventTitle(ev)}: pid ${ev.data.pid} gets ${signalName(ev.data.signal)} (${ev.data.reason})`;
    case 'syscall': {
      const d = ev.data;
      return `System call: pid ${d.pid} ${d.name}(${d.args.map((a) => hex(a)).join(', ')}) = ${d.result}`;
    }
    case 'syscallEnter': {
      const d = ev.data;
      return `System call entry: pid ${d.pid} ${d.name}(${d.args.map((a) => hex(a)).join(', ')})`;
    }
    case 'schedule':
      return `Schedule: switched to thread ${ev.data.toTid}`;
    case 'output':
      return `Output: pid ${ev.data.pid} wrote ${ev.data.data.length} bytes to fd ${ev.data.fd}`;
    case 'oom':
      return `Out of memory (${ev.data.trigger}): killing pid ${ev.data.pid}, ${ev.data.rssPages} resident pages`;
  }
}

/** What the kernel is about to do for a fault, as the stop at its trap says it (`sharedBy`: mappings of the frame). */
function faultOutcome(decision: FaultDecision, sharedBy: number | undefined): string {
  switch (decision) {
    case 'cow-copy': return `copy-on-write: copy the frame${sharedBy !== undefined ? ` shared by ${sharedBy} processes` : ''}`;
    case 'cow-reuse': return 'copy-on-write: reuse the frame, no other process holds it';
    case 'demand-zero': return 'demand-zero: map a fresh zeroed frame';
    case 'stack-grow': return 'grow the stack down to this page, then map a zeroed frame';
    case 'file': return 'read the page from its file';
    case 'shared': return `map the frame already in memory${sharedBy !== undefined ? ` (mapped ${sharedBy} times)` : ''}`;
    case 'spurious': return 'already mapped (spurious fault)';
    case 'segv': return 'no mapping allows it: SIGSEGV';
    case 'sigbus': return 'past the end of the mapped file: SIGBUS';
    case 'oom': return 'no free frame: the OOM killer';
  }
}

/** Short title of a stop before an event (DAP `description`): "Page fault", "System call", "Fork", "Clone", "Execve". */
export function upcomingTitle(u: UpcomingEvent): string {
  if (u.event.name === 'pageFault') return u.filter === 'cowFault' ? 'Copy-on-write fault' : 'Page fault';
  if (u.filter === 'fork') return (u.event.data.args[0] ?? 0) & CLONE_THREAD ? 'Clone' : 'Fork';
  return u.filter === 'exec' ? 'Execve' : 'System call';
}

/**
 * One sentence for a stop before an event, naming it and what the kernel is about to do, e.g.
 * "Page fault: store to 0x14000 in [heap]: copy-on-write: copy the frame shared by 2 processes
 * (pid 3, pc 0x1014c)" or "System call: pid 2 calls write(fd = 1, buf = 0x… "hi", count = 2)";
 * `peek` reads string and buffer arguments without side effects.
 */
export function describeUpcoming(u: UpcomingEvent, peek?: PeekMemory): string {
  const title = upcomingTitle(u);
  if (u.event.name === 'pageFault') {
    const d = u.event.data;
    const where = d.vma !== undefined ? ` in ${d.vma}` : ' outside every VMA';
    return `${title}: ${accessWord(d.access)} ${d.access === 'write' ? 'to' : 'at'} ${hexAddress(d.address)}${where}: ${faultOutcome(d.decision, d.sharedBy)} (pid ${d.pid}, pc ${hexAddress(d.sepc)})`;
  }
  const d = u.event.data;
  const args = syscallArgRows(d.name, d.args.map((a) => BigInt.asUintN(64, BigInt(a))), peek).map((r) => `${r.name} = ${r.value}`).join(', ');
  const call = `pid ${d.pid} calls ${d.name}(${args})`;
  if (u.filter === 'fork') return `${title}: ${call}: the kernel is about to create a ${title === 'Clone' ? 'thread' : 'child process'}`;
  if (u.filter === 'exec') return `${title}: ${call}: the kernel is about to replace the program`;
  return `${title}: ${call}`;
}
