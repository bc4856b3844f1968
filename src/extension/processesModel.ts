/**
 * The Processes view's rows, from a `glasskernel/processes` detail answer: a process tree like
 * `pstree` whose rows say what an instructor would write next to each process on the board
 * (running, runnable, sleeping in wait4, stopped at a breakpoint, a zombie's exit status or
 * killing signal, resident set and page faults), with the threads as children (tid, state,
 * pc as function+offset). Pure: no vscode import.
 */
import type { ProcessInfo, ThreadDetailInfo } from '../debug-adapter/protocol';
import { buildProcessTree, type ProcessNode } from './processTree';
import { markChange, type ChangeTracker, type ViewRow } from './rowModel';

/** Bytes in one Sv39 base page (RISC-V privileged spec: 4 KiB pages) and in a KiB. */
const PAGE_BYTES = 4096;
const BYTES_PER_KIB = 1024;

/** The debugger's stop reasons (DAP StoppedEvent.reason) as the state of the thread that stopped. */
const STOP_WORDS: Readonly<Record<string, string>> = {
  breakpoint: 'stopped at breakpoint',
  'data breakpoint': 'stopped at data breakpoint',
  'function breakpoint': 'stopped at breakpoint',
  'instruction breakpoint': 'stopped at breakpoint',
  step: 'stopped after a step',
  pause: 'stopped (paused)',
  entry: 'stopped at entry',
  exception: 'stopped at an OS event',
};

/** "stopped at breakpoint" and the like for a DAP stop reason. */
export function debugStopText(reason: string): string {
  return STOP_WORDS[reason] ?? `stopped (${reason})`;
}

/** A thread's state in words: "stopped at breakpoint", "sleeping (read pipe)", "stopped (job control)", "runnable". */
export function threadStateText(t: ThreadDetailInfo): string {
  if (t.debugStop !== undefined) return debugStopText(t.debugStop);
  switch (t.state) {
    case 'sleeping': return t.waitReason ? `sleeping (${t.waitReason})` : 'sleeping';
    case 'stopped': return 'stopped (job control)';
    default: return t.state;
  }
}

/**
 * A process's state in words: a zombie's end ("zombie, exit status 3", "killed by SIGSEGV"),
 * the thread the debugger stopped at ("stopped at breakpoint": never "running"), job-control
 * "stopped", else running / runnable / sleeping with the leader's (or first sleeper's) wait reason.
 */
export function processStateText(p: ProcessInfo): string {
  if (p.state === 'zombie') {
    const t = p.termination;
    if (t && 'signal' in t) return `zombie, killed by ${t.signal}`;
    if (t) return `zombie, exit status ${t.exitCode}`;
    return 'zombie';
  }
  const threads = Array.isArray(p.threads) ? p.threads : [];
  const stopped = threads.find((t) => t.debugStop !== undefined);
  if (stopped) return debugStopText(stopped.debugStop!);
  if (p.state === 'stopped') return 'stopped (job control)';
  if (p.state === 'sleeping') {
    const reason = (threads.find((t) => t.tid === p.pid && t.waitReason) ?? threads.find((t) => t.waitReason))?.waitReason;
    return reason ? `sleeping (${reason})` : 'sleeping';
  }
  return p.state;
}

/** "12 pages (48 KiB)" for a resident page count. */
export function residentText(pages: number): string {
  return `${pages} page${pages === 1 ? '' : 's'} (${(pages * PAGE_BYTES) / BYTES_PER_KIB} KiB)`;
}

/** "30 minor faults (2 copy-on-write)"; the copy-on-write part only when there are some. */
export function faultText(minor: number, cow: number | undefined): string {
  const cowPart = cow ? ` (${cow} copy-on-write)` : '';
  return `${minor} minor fault${minor === 1 ? '' : 's'}${cowPart}`;
}

/** The description after a process's label: state, then resident set and faults for a live one. */
export function processDescription(p: ProcessInfo): string {
  const parts = [processStateText(p)];
  if (p.state !== 'zombie' && typeof p.residentPages === 'number') parts.push(residentText(p.residentPages));
  if (p.state !== 'zombie' && typeof p.minorFaults === 'number') parts.push(faultText(p.minorFaults, p.cowFaults));
  return parts.join(' · ');
}

/** Codicon and colour per state word. */
function stateIcon(p: ProcessInfo): { icon: string; iconColor?: string } {
  const text = processStateText(p);
  if (text.startsWith('stopped at') || text.startsWith('stopped after') || text.startsWith('stopped (paused)')) {
    return { icon: 'debug-pause', iconColor: 'debugIcon.pauseForeground' };
  }
  switch (p.state) {
    case 'running': return { icon: 'play-circle', iconColor: 'debugIcon.startForeground' };
    case 'runnable': return { icon: 'circle-large-outline' };
    case 'sleeping': return { icon: 'watch' };
    case 'stopped': return { icon: 'debug-stop' };
    case 'zombie': return { icon: 'circle-slash', iconColor: 'disabledForeground' };
    default: return { icon: 'question' };
  }
}

/** A thread's row under its process. */
function threadRow(pid: number, t: ThreadDetailInfo, stop: number, changes?: ChangeTracker): ViewRow {
  const where = t.location ?? `pc ${t.pc}`;
  const description = `${threadStateText(t)} · ${where}`;
  const change = changes?.observe('threads', stop, String(t.tid), description);
  return {
    id: `thread:${t.tid}`,
    label: `tid ${t.tid}${t.tid === pid ? ' (main)' : ''}`,
    description: markChange(description, change),
    tooltip: `thread ${t.tid} of process ${pid}\n${threadStateText(t)}\npc ${t.pc}${t.location ? ` (${t.location})` : ''}`,
    icon: t.debugStop !== undefined ? 'debug-stackframe' : 'symbol-event',
    contextValue: 'thread',
    collapsible: 'none',
    ref: { kind: 'thread', pid, tid: t.tid },
    ...(change ? { change } : {}),
  };
}

/** The tooltip of a process row: everything the description abbreviates. */
function processTooltip(p: ProcessInfo): string {
  const lines = [`pid ${p.pid} (${p.name}), parent ${p.ppid}${p.pgid !== undefined ? `, process group ${p.pgid}` : ''}`, processStateText(p)];
  if (typeof p.residentPages === 'number' && p.state !== 'zombie') lines.push(`resident: ${residentText(p.residentPages)}`);
  if (typeof p.minorFaults === 'number') lines.push(`page faults: ${faultText(p.minorFaults, p.cowFaults)}`);
  if (p.exitCode !== undefined) lines.push(`wait status 0x${p.exitCode.toString(16)}`);
  lines.push(`threads: ${p.tids.join(', ') || 'none'}`);
  return lines.join('\n');
}

/** A process's row with its threads, then its child processes, as children. */
function processRow(node: ProcessNode, stop: number, changes?: ChangeTracker): ViewRow {
  const description = processDescription(node);
  const change = changes?.observe('processes', stop, String(node.pid), `${node.name}|${description}`);
  const threads = (Array.isArray(node.threads) ? node.threads : []).map((t) => threadRow(node.pid, t, stop, changes));
  const children = [...threads, ...node.children.map((c) => processRow(c, stop, changes))];
  const live = node.state !== 'zombie';
  return {
    id: `proc:${node.pid}`,
    label: `${node.pid} ${node.name}`,
    description: markChange(description, change),
    tooltip: processTooltip(node),
    ...stateIcon(node),
    contextValue: live ? 'process.live' : 'process.zombie',
    collapsible: node.children.length > 0 ? 'expanded' : children.length > 0 ? 'collapsed' : 'none',
    ref: { kind: 'process', pid: node.pid, live },
    children,
    ...(change ? { change } : {}),
  };
}

/**
 * The Processes view's rows for one `glasskernel/processes` answer taken at debugger stop
 * number `stop`: the process forest (processTree.ts), each process with its threads first and
 * its child processes after them. With `changes`, rows new or changed since the previous stop
 * are marked. Never throws on a malformed answer (missing fields give shorter rows).
 */
export function processRows(processes: readonly ProcessInfo[], stop: number, changes?: ChangeTracker): ViewRow[] {
  const valid = processes.filter((p) => p && typeof p.pid === 'number' && Array.isArray(p.tids));
  return buildProcessTree(valid).map((n) => processRow(n, stop, changes));
}

/** The signals the Send Signal… pick list offers, with signal(7)'s words for each. */
export const SIGNAL_CHOICES: ReadonlyArray<{ name: string; detail: string }> = [
  { name: 'SIGTERM', detail: 'Termination signal (default: terminate; may be caught)' },
  { name: 'SIGINT', detail: 'Interrupt from keyboard, Ctrl-C (default: terminate)' },
  { name: 'SIGKILL', detail: 'Kill signal (cannot be caught, blocked or ignored)' },
  { name: 'SIGSTOP', detail: 'Stop the process (job control; cannot be caught)' },
  { name: 'SIGTSTP', detail: 'Stop typed at terminal, Ctrl-Z (default: stop)' },
  { name: 'SIGCONT', detail: 'Continue if stopped' },
  { name: 'SIGHUP', detail: 'Hangup of the controlling terminal (default: terminate)' },
  { name: 'SIGQUIT', detail: 'Quit from keyboard, Ctrl-\\ (default: core)' },
  { name: 'SIGUSR1', detail: 'User-defined signal 1 (default: terminate)' },
  { name: 'SIGUSR2', detail: 'User-defined signal 2 (default: terminate)' },
  { name: 'SIGALRM', detail: 'Timer signal from alarm(2) (default: terminate)' },
  { name: 'SIGSEGV', detail: 'Invalid memory reference (default: core)' },
  { name: 'SIGABRT', detail: 'Abort signal from abort(3) (default: core)' },
  { name: 'SIGPIPE', detail: 'Broken pipe: write to a pipe with no readers (default: terminate)' },
  { name: 'SIGCHLD', detail: 'Child stopped or terminated (default: ignore)' },
];

/** Every row of a forest, depth first (the API's flat listing, tests). */
export function flattenRows(rows: readonly ViewRow[]): ViewRow[] {
  return rows.flatMap((r) => [r, ...flattenRows(r.children ?? [])]);
}
