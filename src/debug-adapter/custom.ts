/**
 * The adapter's side of Glasskernel's custom DAP requests (protocol.ts): turns the kernel's
 * inspection data into the wire shapes, with every address as a "0x..." hex string.
 * Arguments come from the client and are checked here; bad ones give an error value, never
 * an exception.
 */
import type { PageTableInfo, ProcessInfo as KernelProcessInfo, VmaInfo as KernelVmaInfo } from '../kernel/api';
import { PAGE_SHIFT, PTE_A, PTE_D, PTE_G, PTE_R, PTE_U, PTE_V, PTE_W, PTE_X } from '../emu/sv39';
import {
  FRAMES_REQUEST, PAGE_TABLE_REQUEST, PAGE_WALK_REQUEST, PROCESSES_REQUEST, SCHEDULER_REQUEST, VMAS_REQUEST,
  type PageTableResponseBody, type ProcessesResponseBody, type VmasResponseBody,
} from './protocol';
import { hex, isIndex, parseAddress } from './format';
import { framesBody, pageWalkBody, schedulerBody, type ViewsInspector } from './custom-views';

/** The read-only kernel calls the custom requests need (Kernel satisfies it). */
export interface KernelInspector extends ViewsInspector {
  processes(): KernelProcessInfo[];
  vmas(pid: number): KernelVmaInfo[] | undefined;
  pageTable(pid: number, ppn?: number): PageTableInfo | undefined;
}

/** Outcome of a custom request: the response body, or the message of an error response. */
export type CustomResult = { ok: true; body: unknown } | { ok: false; error: string };

/** PTE flag letters in the order protocol.ts fixes: V R W X U G A D (privileged spec, Sv39 PTE). */
const PTE_LETTERS: ReadonlyArray<[number, string]> = [
  [PTE_V, 'V'], [PTE_R, 'R'], [PTE_W, 'W'], [PTE_X, 'X'], [PTE_U, 'U'], [PTE_G, 'G'], [PTE_A, 'A'], [PTE_D, 'D'],
];

/** PTE flag bits as eight letters, "-" for a clear bit: PTE_V|PTE_R|PTE_U -> "VR--U---". */
export function pteFlagString(flags: number): string {
  return PTE_LETTERS.map(([bit, letter]) => (flags & bit ? letter : '-')).join('');
}

/** The custom requests this module answers (protocol.ts). */
const CUSTOM_REQUESTS: ReadonlySet<string> = new Set([
  PROCESSES_REQUEST, VMAS_REQUEST, PAGE_TABLE_REQUEST, PAGE_WALK_REQUEST, FRAMES_REQUEST, SCHEDULER_REQUEST,
]);

/** True when `command` is one of the custom requests this module answers. */
export function isCustomRequest(command: string): boolean {
  return CUSTOM_REQUESTS.has(command);
}

/**
 * Answers one custom request. `args` is the request's raw `arguments` (may be anything).
 * Errors: unknown command, missing or malformed `pid`/`ppn`/`va`, a pid the kernel does not
 * know, a `ppn` that is not a page-table page of that process, a process that has exited.
 */
export function handleCustomRequest(k: KernelInspector, command: string, args: unknown): CustomResult {
  switch (command) {
    case PROCESSES_REQUEST: return { ok: true, body: processesBody(k) };
    case VMAS_REQUEST: return vmasBody(k, args);
    case PAGE_TABLE_REQUEST: return pageTableBody(k, args);
    case PAGE_WALK_REQUEST: {
      const p = pidArgument(k, args);
      return p.ok ? pageWalkBody(k, p.pid, args) : p;
    }
    case FRAMES_REQUEST: return framesBody(k);
    case SCHEDULER_REQUEST: return schedulerBody(k);
    default: return { ok: false, error: `unknown request '${command}'` };
  }
}

function processesBody(k: KernelInspector): ProcessesResponseBody {
  return {
    processes: k.processes().map((p) => ({
      pid: p.pid, ppid: p.ppid, name: p.name, state: p.state,
      ...(p.exitStatus !== undefined ? { exitCode: p.exitStatus } : {}),
      tids: [...p.tids],
    })),
  };
}

/** The `pid` argument, checked against the kernel's process list. */
function pidArgument(k: KernelInspector, args: unknown): { ok: true; pid: number } | { ok: false; error: string } {
  const pid = typeof args === 'object' && args !== null ? (args as { pid?: unknown }).pid : undefined;
  if (pid === undefined) return { ok: false, error: 'missing argument: pid' };
  if (!isIndex(pid)) return { ok: false, error: `bad argument: pid must be a non-negative integer, got ${JSON.stringify(pid)}` };
  if (!k.processes().some((p) => p.pid === pid)) return { ok: false, error: `no process with pid ${pid}` };
  return { ok: true, pid };
}

function vmasBody(k: KernelInspector, args: unknown): CustomResult {
  const p = pidArgument(k, args);
  if (!p.ok) return p;
  // A zombie has released its Mm: it is a known process with no VMAs.
  const vmas = k.vmas(p.pid) ?? [];
  const body: VmasResponseBody = {
    vmas: vmas.map((v) => ({
      start: hex(v.start), end: hex(v.end), perms: v.perms, kind: v.kind, name: v.name, residentPages: v.residentPages,
    })),
  };
  return { ok: true, body };
}

function pageTableBody(k: KernelInspector, args: unknown): CustomResult {
  const p = pidArgument(k, args);
  if (!p.ok) return p;
  const rawPpn = (args as { ppn?: unknown }).ppn;
  let ppn: number | undefined;
  if (rawPpn !== undefined && rawPpn !== null) {
    ppn = parseAddress(rawPpn);
    if (ppn === undefined) return { ok: false, error: `bad argument: ppn must be a "0x..." page number, got ${JSON.stringify(rawPpn)}` };
  }
  const table = k.pageTable(p.pid, ppn);
  if (!table) {
    return {
      ok: false,
      error: ppn === undefined
        ? `process ${p.pid} has no page table (it has exited)`
        : `${hex(ppn)} is not a page-table page of process ${p.pid}`,
    };
  }
  const body: PageTableResponseBody = {
    pid: table.pid,
    ppn: hex(table.ppn),
    level: table.level,
    entries: table.entries.map((e) => ({
      index: e.index,
      vaStart: hex(e.vaStart),
      vaEnd: hex(e.vaEnd),
      flags: pteFlagString(e.flags),
      leaf: e.leaf,
      ppn: hex(e.ppn),
      ...(e.leaf ? { pa: hex(BigInt(e.ppn) << BigInt(PAGE_SHIFT)) } : {}),
    })),
  };
  return { ok: true, body };
}
