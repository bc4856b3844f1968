/**
 * Glasskernel's custom Debug Adapter Protocol messages: the requests the editor's sidebar sends
 * to the adapter and the event the adapter sends on every stop. Shared by the adapter
 * (src/debug-adapter) and the extension (src/extension); types only plus the message names,
 * so the extension can import it without pulling in the adapter.
 *
 * Conventions: every address is a virtual or physical *byte* address written as a lowercase
 * "0x..." hex string (Sv39 addresses fit in 2^53, but strings keep the wire format unambiguous).
 * Page numbers (`ppn`) are physical page numbers (physical address >> 12), also "0x..." strings.
 * DAP custom requests: https://microsoft.github.io/debug-adapter-protocol/specification
 * (a request whose `command` is not in the spec; the response `body` is ours).
 */

/** Custom request: list every process the kernel knows, zombies included. Arguments: none. */
export const PROCESSES_REQUEST = 'glasskernel/processes';
/** Custom request: the VMAs of one process. Arguments: {@link VmasArguments}. */
export const VMAS_REQUEST = 'glasskernel/vmas';
/** Custom request: the valid entries of one Sv39 page-table page. Arguments: {@link PageTableArguments}. */
export const PAGE_TABLE_REQUEST = 'glasskernel/pageTable';
/** Custom event, sent on every stop (after the DAP `stopped` event): OS state may have changed. */
export const STATE_CHANGED_EVENT = 'glasskernel/stateChanged';

/** Scheduler state of a process as shown to the user (Linux: R running / R runnable / S / Z). */
export type { ProcessState } from '../kernel/api';
import type { ProcessState } from '../kernel/api';

/** One process in the `glasskernel/processes` response. */
export interface ProcessInfo {
  /** Process id (Linux pid, also the tid of its first thread). */
  pid: number;
  /** Parent's pid; 0 for the first process (it has no parent in the guest). */
  ppid: number;
  /** Command name (basename of the executed program, like Linux `comm`). */
  name: string;
  state: ProcessState;
  /** Exit status as wait4 would encode it (Linux wstatus); present only for zombies. */
  exitCode?: number;
  /** Thread ids of the process's threads; these are the DAP thread ids. */
  tids: number[];
}

/** Response body of `glasskernel/processes`. */
export interface ProcessesResponseBody {
  processes: ProcessInfo[];
}

/** Arguments of `glasskernel/vmas`. */
export interface VmasArguments {
  pid: number;
}

/** One virtual memory area (Linux vm_area_struct) in the `glasskernel/vmas` response. */
export interface VmaInfo {
  /** First virtual byte address of the area, "0x..." hex. */
  start: string;
  /** One past the last virtual byte address (exclusive), "0x..." hex. */
  end: string;
  /** Protection and sharing as in /proc/pid/maps (proc(5)): "r-xp", "rw-s", ... */
  perms: string;
  /** What backs the area: 'anon', 'file', 'heap', 'stack', ... */
  kind: string;
  /** Display name: a path, "[heap]", "[stack]", or "" for anonymous memory. */
  name: string;
  /** Number of 4 KiB pages of the area currently mapped to a frame (pages, not bytes). */
  residentPages: number;
}

/** Response body of `glasskernel/vmas`; VMAs sorted by `start`. Empty for an unknown pid. */
export interface VmasResponseBody {
  vmas: VmaInfo[];
}

/** Arguments of `glasskernel/pageTable`. */
export interface PageTableArguments {
  pid: number;
  /** Physical page number of the table page to read, "0x..." hex; absent means the root (satp.PPN). */
  ppn?: string;
}

/** One valid PTE of a table page (RISC-V privileged spec, Sv39 page-table entry). */
export interface PageTableEntryInfo {
  /** Index of the entry in its table page, 0..511. */
  index: number;
  /** First virtual byte address this entry translates, "0x..." hex. */
  vaStart: string;
  /** One past the last virtual byte address it translates (exclusive), "0x..." hex. */
  vaEnd: string;
  /** PTE_V R W X U G A D flags, one letter each in that order, "-" when clear: e.g. "VRW-U-AD". */
  flags: string;
  /** True when R, W or X is set (the entry maps a page); false for a pointer to the next level. */
  leaf: boolean;
  /** Next-level table page (non-leaf) or mapped physical page (leaf), physical page number "0x...". */
  ppn: string;
  /** Physical byte address of the mapped page (leaf entries), "0x..." hex. */
  pa?: string;
}

/** Response body of `glasskernel/pageTable`: the valid entries of one table page only. */
export interface PageTableResponseBody {
  pid: number;
  /** Physical page number of this table page, "0x..." hex. */
  ppn: string;
  /** Sv39 level of this table page: 2 for the root, then 1, then 0. */
  level: number;
  entries: PageTableEntryInfo[];
}

/** Body of the `glasskernel/stateChanged` event: the DAP stop reason that caused it. */
export interface StateChangedEventBody {
  reason: string;
}
