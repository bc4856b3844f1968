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

// ---- the views' requests (issue 12): Page Table walk, Physical Memory, Scheduler ------------

/** Custom request: the Sv39 walk of one virtual address, level by level. Arguments: {@link PageWalkArguments}. */
export const PAGE_WALK_REQUEST = 'glasskernel/pageWalk';
/** Custom request: every physical frame of guest RAM by use, in runs. Arguments: none. */
export const FRAMES_REQUEST = 'glasskernel/frames';
/** Custom request: threads as the scheduler sees them and the run queue. Arguments: none. */
export const SCHEDULER_REQUEST = 'glasskernel/scheduler';

/** Arguments of `glasskernel/pageWalk`. */
export interface PageWalkArguments {
  pid: number;
  /** Virtual byte address, "0x..." hex, up to 64 bits (a non-canonical one gives a failed walk, not an error). */
  va: string;
  /** Check the leaf's permissions for this user-mode access too (privileged spec 4.3.2 step 5); absent: no check. */
  access?: 'read' | 'write' | 'execute';
}

/** One level of the walk: the table read and the PTE found there (privileged spec 4.3.2 steps 2-4). */
export interface PageWalkLevel {
  /** Sv39 level of the table: 2 (root, satp.PPN), 1, 0. */
  level: number;
  /** Physical byte address of the table page, "0x...". */
  tablePa: string;
  /** VPN[level] of the address: the entry's index in the table, 0..511. */
  index: number;
  /** Physical byte address of the PTE (tablePa + index * 8), "0x...". */
  ptePa: string;
  /** The PTE as read: "0x" and 16 hex digits. */
  pte: string;
  /** Its V R W X U G A D flags, as in {@link PageTableEntryInfo.flags}. */
  flags: string;
  /** Its PPN field as a physical byte address (PPN * 4096), "0x...": the next table or the mapped frame. */
  ppnPa: string;
  /** 'pointer' to the next level, 'leaf' (maps a page), or 'invalid' (the walk ends here: see failure). */
  kind: 'pointer' | 'leaf' | 'invalid';
}

/** Why a walk fails, after privileged spec 4.3.2 (see src/kernel/inspect-walk.ts). */
export type PageWalkFailureReason =
  | 'non-canonical' | 'access-fault' | 'invalid' | 'reserved-w' | 'reserved-bits' | 'no-leaf' | 'misaligned-superpage' | 'permission';

/** Response body of `glasskernel/pageWalk`: the levels read, then either `pa` or `failure`. */
export interface PageWalkResponseBody {
  pid: number;
  /** The address walked, as unsigned 64-bit "0x...". */
  va: string;
  /** VPN fields of the address indexed by level: `vpn[2]` indexes the root table. */
  vpn: [number, number, number];
  /** Page offset, bits 11..0. */
  offset: number;
  /** Levels read, root first (fewer than 3 when a superpage leaf or a failure ends the walk). */
  levels: PageWalkLevel[];
  /** Physical byte address of `va` on success, "0x...". */
  pa?: string;
  /** Size in bytes of the page that maps `va` on success: 4096, 2 MiB (megapage) or 1 GiB (gigapage). */
  pageSize?: number;
  /** "4 KiB page", "2 MiB megapage" or "1 GiB gigapage" on success. */
  pageKind?: string;
  /** On failure: the level whose PTE ended the walk (-1: before the first read), why, and a sentence. */
  failure?: { level: number; reason: PageWalkFailureReason; message: string };
  /** Remarks: A/D bits the MMU would set, PROT_NONE pages, supervisor pages. */
  notes: string[];
}

/** What a frame is used for (Physical Memory view colours). */
export type FrameUse = 'free' | 'anon' | 'file' | 'page-table' | 'vdso' | 'kernel';

/** A holder of a frame: a process and, for a mapped frame, the virtual page it maps it at. */
export interface FrameOwnerInfo {
  pid: number;
  /** Virtual byte address of the page ("0x...") mapping the run's first frame; absent for page-table pages. */
  va?: string;
}

/**
 * A run of `count` physically consecutive frames with the same use, reference count and
 * owners. An owner `{ pid, va }` maps the i-th frame of the run at `va + i * frameSize`.
 */
export interface FrameRunInfo {
  /** Physical byte address of the first frame, "0x...". */
  pa: string;
  count: number;
  use: FrameUse;
  /** Reference count of each frame (0 for free frames; a page-cache page counts the cache's reference too). */
  refs: number;
  /** Processes mapping the frames (or whose page table they are), by pid then address. */
  owners: FrameOwnerInfo[];
}

/** Response body of `glasskernel/frames`: all of guest RAM, in physical order. */
export interface FramesResponseBody {
  /** Bytes per frame (4096). */
  frameSize: number;
  totalFrames: number;
  /** Frames with a nonzero reference count. */
  inUse: number;
  /** Frames per use; sums to totalFrames. */
  byUse: Record<FrameUse, number>;
  runs: FrameRunInfo[];
}

/** One thread in `glasskernel/scheduler`: the kernel's own record (src/kernel/inspect-sched.ts), as it is sent. */
export type { SchedThreadInfo as SchedulerThreadInfo } from '../kernel/inspect-sched';
import type { SchedThreadInfo as SchedulerThreadInfo } from '../kernel/inspect-sched';

/** Response body of `glasskernel/scheduler`. */
export interface SchedulerResponseBody {
  policy: 'round-robin' | 'stride';
  /** Instructions per time slice. */
  timeSlice: number;
  runningTid?: number;
  threads: SchedulerThreadInfo[];
  /** Tids of the queued runnable threads in the order the policy would pick them (the running thread is not queued). */
  runQueue: number[];
}
