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

/** Custom request: list every process the kernel knows, zombies included. Arguments: {@link ProcessesArguments} (optional). */
export const PROCESSES_REQUEST = 'glasskernel/processes';
/** Custom request: the VMAs of one process. Arguments: {@link VmasArguments}. */
export const VMAS_REQUEST = 'glasskernel/vmas';
/** Custom request: the valid entries of one Sv39 page-table page. Arguments: {@link PageTableArguments}. */
export const PAGE_TABLE_REQUEST = 'glasskernel/pageTable';
/** Custom event, sent on every stop (after the DAP `stopped` event): OS state may have changed. */
export const STATE_CHANGED_EVENT = 'glasskernel/stateChanged';

/** Scheduler state of a process as shown to the user (Linux: R running / R runnable / S / T stopped / Z). */
export type { ProcessState } from '../kernel/api';
import type { ProcessState } from '../kernel/api';
/** What a VMA holds for a student: .text, .data, .bss, a thread's stack, a guard page... (kernel/api.ts VmaRole). */
export type { VmaRole } from '../kernel/api';
import type { VmaRole } from '../kernel/api';

/** Arguments of `glasskernel/processes`: with `detail: true` each process carries the fields marked "detail". */
export interface ProcessesArguments {
  detail?: boolean;
}

/** One live thread of a process in a `glasskernel/processes` detail answer. */
export interface ThreadDetailInfo {
  tid: number;
  /** Kernel state: `running` on the hart, `runnable` queued, `sleeping`, `stopped` (its process is stopped by job control). */
  state: 'running' | 'runnable' | 'sleeping' | 'stopped';
  /** Sleeping threads: what for, after the syscall: 'wait4', 'read pipe', 'write pipe', 'futex', 'nanosleep', 'console read', 'poll', ... */
  waitReason?: string;
  /**
   * Present on the thread the debugger's last stop names while the guest is stopped: the DAP
   * stop reason ('breakpoint', 'step', 'pause', 'entry', 'exception', 'data breakpoint'). Every
   * thread is stopped then; this one is where it stopped.
   */
  debugStop?: string;
  /** User pc, virtual "0x...": the next instruction (a sleeper's is the ecall it re-executes). */
  pc: string;
  /** pc as `function+offset` (decimal bytes, gdb's `<main+28>`; just `main` at offset 0) in the launched program's symbols; absent without a symbol. */
  location?: string;
}

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
  /** detail, zombies: how it ended: exit(code), or killed by a signal named as signal(7) does ("SIGSEGV"). */
  termination?: { exitCode: number } | { signal: string };
  /** detail: process group id (setpgid(2)). */
  pgid?: number;
  /** detail: resident 4 KiB pages of its address space (pages, not bytes; 0 for a zombie). */
  residentPages?: number;
  /** detail: page faults the kernel resolved for it (Linux min_flt; no fault needs I/O here, so none is major). */
  minorFaults?: number;
  /** detail: of minorFaults, the copy-on-write breaks. */
  cowFaults?: number;
  /** detail: its live threads by tid (none for a zombie). */
  threads?: ThreadDetailInfo[];
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
  /** What the area holds for a student; the name stays /proc/pid/maps's. */
  role?: VmaRole;
  /** role 'thread-stack': the thread whose stack pointer lies in the area. */
  roleTid?: number;
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
  /** Physical byte address of the next-level table page (non-leaf entries), "0x..." hex. */
  nextTablePa?: string;
  /** The whole 64-bit PTE: "0x" and 16 hex digits. */
  pte?: string;
}

/** Response body of `glasskernel/pageTable`: the valid entries of one table page only. */
export interface PageTableResponseBody {
  pid: number;
  /** Physical page number of this table page, "0x..." hex. */
  ppn: string;
  /** Physical byte address of this table page, "0x..." hex. */
  tablePa?: string;
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

// ---- Processes, Memory Map and Page Table actions and detail (issue 12) -----------------------

/** Custom request, an action: send a signal to a process (Send Signal…, Kill). Arguments: {@link SignalArguments}. */
export const SIGNAL_REQUEST = 'glasskernel/signal';
/** Custom request: /proc/<pid>/status as the guest's own read gives it. Arguments: {@link ProcStatusArguments}. */
export const PROC_STATUS_REQUEST = 'glasskernel/procStatus';
/** Custom request: the resident pages of a virtual range with their frames. Arguments: {@link VmaPagesArguments}. */
export const VMA_PAGES_REQUEST = 'glasskernel/vmaPages';
/** Custom request: the bytes of one resident page. Arguments: {@link PageBytesArguments}. */
export const PAGE_BYTES_REQUEST = 'glasskernel/pageBytes';

/**
 * Arguments of `glasskernel/signal`: the process and the signal, by signal(7) name ("SIGTERM",
 * "SIGRTMIN+3") or number 1..64. Errors: unknown pid, a zombie, an unknown signal, or a thread
 * paused inside a kernel path (step out of it or continue first).
 */
export interface SignalArguments {
  pid: number;
  signal: string | number;
}

/** Response body of `glasskernel/signal`: what was sent (the name as signal(7) gives it). */
export interface SignalResponseBody {
  pid: number;
  signal: string;
}

/** Arguments of `glasskernel/procStatus`. */
export interface ProcStatusArguments {
  pid: number;
}

/** Response body of `glasskernel/procStatus`: the file's text (proc(5) format, lines ending in "\n"). */
export interface ProcStatusResponseBody {
  pid: number;
  text: string;
}

/** Most pages `glasskernel/vmaPages` lists in one answer (a larger `max` is lowered to it). */
export const VMA_PAGES_MAX = 512;

/** Arguments of `glasskernel/vmaPages`: [start, end) virtual "0x..." bytes (a VMA's bounds), at most `max` pages listed (default and cap VMA_PAGES_MAX). */
export interface VmaPagesArguments {
  pid: number;
  start: string;
  end: string;
  max?: number;
}

/** Another process mapping the same frame. */
export interface FrameSharerInfo {
  pid: number;
  /** Virtual byte address where it maps the frame, "0x...". */
  va: string;
}

/** One resident page (a present leaf PTE) in `glasskernel/vmaPages`. */
export interface VmaPageInfo {
  /** Virtual byte address of the page, "0x...". */
  va: string;
  /** Physical byte address of its frame, "0x...". */
  pa: string;
  /** The leaf PTE: "0x" and 16 hex digits. */
  pte: string;
  /** V R W X U G A D letters, as {@link PageTableEntryInfo.flags}. */
  flags: string;
  /** The frame's reference count: one per mapping, plus the page cache's for a file page. */
  refCount: number;
  /** The frame is a page-cache page of a file (one of refCount is the cache's). */
  pageCache: boolean;
  /** Copy-on-write pending: a private writable area whose PTE has no W (the first store copies, or reuses at count 1). */
  cow: boolean;
  /** Other processes whose page tables map this frame, by pid then address. */
  sharedWith: FrameSharerInfo[];
}

/** Response body of `glasskernel/vmaPages`. Side-effect free: no A/D bit set, nothing faulted in. */
export interface VmaPagesResponseBody {
  pid: number;
  /** Resident pages in the range, all of them. */
  resident: number;
  /** The first of them in address order, at most `max`. */
  pages: VmaPageInfo[];
  /** Resident pages not listed (resident - pages.length): the view's "N more" row. */
  more: number;
}

/** Arguments of `glasskernel/pageBytes`: a virtual address inside the page, "0x...". */
export interface PageBytesArguments {
  pid: number;
  va: string;
}

/** Response body of `glasskernel/pageBytes`: the 4096 bytes of the resident page holding `va` (read as the kernel reads them: no fault, no A/D bit). */
export interface PageBytesResponseBody {
  pid: number;
  /** Virtual byte address of the page, "0x...". */
  va: string;
  /** Physical byte address of its frame, "0x...". */
  pa: string;
  /** The page's bytes, base64. */
  data: string;
}

// The Fault Log and TLB views' messages, and the guest console's (issue 12).
export * from './protocol-records';
export * from './protocol-console';
