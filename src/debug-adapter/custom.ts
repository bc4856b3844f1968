/**
 * The adapter's side of Glasskernel's custom DAP requests (protocol.ts): turns the kernel's
 * inspection data into the wire shapes, with every address as a "0x..." hex string.
 * Arguments come from the client and are checked here; bad ones give an error value, never
 * an exception. custom-views.ts and custom-procs.ts hold the newer requests.
 */
import type { PageTableInfo, VmaInfo as KernelVmaInfo } from '../kernel/api';
import { PAGE_SHIFT } from '../emu/sv39';
import {
  FRAMES_REQUEST, PAGE_BYTES_REQUEST, PAGE_TABLE_REQUEST, PAGE_WALK_REQUEST, PROC_STATUS_REQUEST, PROCESSES_REQUEST,
  SCHEDULER_REQUEST, SIGNAL_REQUEST, VMA_PAGES_REQUEST, VMAS_REQUEST, FAULT_LOG_REQUEST, TLB_REQUEST,
  type PageTableResponseBody, type VmasResponseBody,
} from './protocol';
import { CONSOLE_INPUT_REQUEST, CONSOLE_RESIZE_REQUEST } from './protocol';
import { hex, hex64, parseAddress } from './format';
import { framesBody, pageWalkBody, schedulerBody, type ViewsInspector } from './custom-views';
import {
  NO_SESSION_FACTS, pageBytesBody, pidOf, procStatusBody, processesBody, pteFlagString, signalBody, vmaPagesBody,
  type ProcsInspector, type SessionFacts,
} from './custom-procs';
import { faultLogBody, tlbBody, type RecordedViews, type TlbInspector } from './custom-records';

export type { RecordedViews } from './custom-records';
export { pteFlagString, sessionFacts, type SessionFacts } from './custom-procs';

/** The kernel calls the custom requests need (Kernel satisfies it); all read-only but signalProcess. */
export interface KernelInspector extends Omit<ViewsInspector, 'processes'>, ProcsInspector, TlbInspector {
  vmas(pid: number): KernelVmaInfo[] | undefined;
  pageTable(pid: number, ppn?: number): PageTableInfo | undefined;
}

/** Outcome of a custom request: the response body, or the message of an error response. */
export type CustomResult = { ok: true; body: unknown } | { ok: false; error: string };

/** The custom requests this module answers (protocol.ts). */
const CUSTOM_REQUESTS: ReadonlySet<string> = new Set([
  PROCESSES_REQUEST, VMAS_REQUEST, PAGE_TABLE_REQUEST, PAGE_WALK_REQUEST, FRAMES_REQUEST, SCHEDULER_REQUEST,
  SIGNAL_REQUEST, PROC_STATUS_REQUEST, VMA_PAGES_REQUEST, PAGE_BYTES_REQUEST, FAULT_LOG_REQUEST, TLB_REQUEST,
]);

/**
 * True when `command` is one of the custom requests this module answers, or
 * glasskernel/consoleInput or glasskernel/consoleResize (actions the session hands to the runtime: guest-console.ts).
 */
export function isCustomRequest(command: string): boolean {
  return CUSTOM_REQUESTS.has(command) || command === CONSOLE_INPUT_REQUEST || command === CONSOLE_RESIZE_REQUEST;
}

/**
 * Answers one custom request. `args` is the request's raw `arguments` (may be anything);
 * `facts` is what the session knows (the last stop, symbols). Errors: unknown command, missing
 * or malformed `pid`/`ppn`/`va`/`start`/`end`/`signal`, a pid the kernel does not know, a
 * `ppn` that is not a page-table page of that process, a process that has exited.
 * `recorded` is what the runtime records as the guest runs (the Fault Log, the TLB baseline;
 * custom-records.ts): without it the requests that need it answer an error.
 */
export function handleCustomRequest(
  k: KernelInspector, command: string, args: unknown, facts: SessionFacts = NO_SESSION_FACTS, recorded?: RecordedViews,
): CustomResult {
  switch (command) {
    case PROCESSES_REQUEST: return processesBody(k, args, facts);
    case VMAS_REQUEST: return vmasBody(k, args);
    case PAGE_TABLE_REQUEST: return pageTableBody(k, args);
    case PAGE_WALK_REQUEST: {
      const p = pidOf(k, args);
      return p.ok ? pageWalkBody(k, p.pid, args) : p;
    }
    case FRAMES_REQUEST: return framesBody(k);
    case SCHEDULER_REQUEST: return schedulerBody(k);
    case SIGNAL_REQUEST: return signalBody(k, args, facts);
    case PROC_STATUS_REQUEST: return procStatusBody(k, args);
    case VMA_PAGES_REQUEST: return vmaPagesBody(k, args);
    case PAGE_BYTES_REQUEST: return pageBytesBody(k, args);
    case FAULT_LOG_REQUEST: return faultLogBody(recorded, args);
    case TLB_REQUEST: return tlbBody(k, recorded);
    default: return { ok: false, error: `unknown request '${command}'` };
  }
}

function vmasBody(k: KernelInspector, args: unknown): CustomResult {
  const p = pidOf(k, args);
  if (!p.ok) return p;
  // A zombie has released its Mm: it is a known process with no VMAs.
  const vmas = k.vmas(p.pid) ?? [];
  const body: VmasResponseBody = {
    vmas: vmas.map((v) => ({
      start: hex(v.start), end: hex(v.end), perms: v.perms, kind: v.kind, name: v.name, residentPages: v.residentPages,
      ...(v.role !== undefined ? { role: v.role } : {}),
      ...(v.roleTid !== undefined ? { roleTid: v.roleTid } : {}),
    })),
  };
  return { ok: true, body };
}

function pageTableBody(k: KernelInspector, args: unknown): CustomResult {
  const p = pidOf(k, args);
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
  const pa = (n: number): string => hex(BigInt(n) << BigInt(PAGE_SHIFT));
  const body: PageTableResponseBody = {
    pid: table.pid,
    ppn: hex(table.ppn),
    tablePa: pa(table.ppn),
    level: table.level,
    entries: table.entries.map((e) => ({
      index: e.index,
      vaStart: hex(e.vaStart),
      vaEnd: hex(e.vaEnd),
      flags: pteFlagString(e.flags),
      leaf: e.leaf,
      ppn: hex(e.ppn),
      ...(e.leaf ? { pa: pa(e.ppn) } : { nextTablePa: pa(e.ppn) }),
      ...(e.pte !== undefined ? { pte: hex64(e.pte) } : {}),
    })),
  };
  return { ok: true, body };
}
