/**
 * Glasskernel's custom DAP messages for the Fault Log and TLB views (issue 12); part of
 * protocol.ts, which re-exports it. Conventions as protocol.ts says.
 */
/**
 * Custom request: the session's page faults and, while the System call exception filter is
 * enabled, its syscalls, recorded by the adapter in a ring (the newest {@link FaultLogResponseBody.capacity}).
 * Arguments: {@link FaultLogArguments} (all optional).
 */
export const FAULT_LOG_REQUEST = 'glasskernel/faultLog';
/** Custom request: the hart's software TLB now (src/emu/mmu.ts). Arguments: none. */
export const TLB_REQUEST = 'glasskernel/tlb';

/** The kernel's decision for one page fault (the path through handleMmFault). */
export type { FaultDecision } from '../kernel/api';
import type { FaultDecision } from '../kernel/api';

/** What a Fault Log entry is filed under: its fault's decision, or 'syscall'. */
export type FaultLogDecision = FaultDecision | 'syscall';

/** Arguments of `glasskernel/faultLog`. */
export interface FaultLogArguments {
  /** Only entries of this process. */
  pid?: number;
  /** Only faults with this decision; 'syscall' for only the syscalls. */
  decision?: FaultLogDecision;
  /** Only entries whose `seq` is above this (incremental fetch: the last `seq` seen). */
  since?: number;
}

/** A line of the launched program's sources: host path and 1-based line. */
export interface SourceLineInfo {
  path: string;
  line: number;
}

/** What every Fault Log entry has. */
export interface FaultLogEntryBase {
  /** Sequence number: 1 for the session's first entry, one more for each next (dropped entries keep theirs). */
  seq: number;
  pid: number;
  tid: number;
  /** Virtual address of the faulting instruction (sepc) or of the ecall, "0x..."; absent when not known. */
  pc?: string;
  /** The line of `pc`, only when the process runs the launched program and its line table covers `pc`. */
  source?: SourceLineInfo;
}

/** One page fault. */
export interface FaultLogFault extends FaultLogEntryBase {
  kind: 'fault';
  /** The faulting virtual byte address (stval), "0x...". */
  address: string;
  /** The access that faulted (scause 12 fetch, 13 load, 15 store or AMO). */
  access: 'fetch' | 'load' | 'store';
  /** Name of the VMA holding the address ("[heap]", "[stack]", a path, "[anon]"); absent when none does. */
  vma?: string;
  decision: FaultDecision;
}

/** One syscall (recorded while the System call filter is enabled). */
export interface FaultLogSyscall extends FaultLogEntryBase {
  kind: 'syscall';
  /** The call's name; '' for a process's `+++ exited with N +++` line. */
  name: string;
  /** strace's line for it, as `glasskernel run --trace=syscalls` prints it but without the `[pid N] ` prefix: `openat(AT_FDCWD, "/x", O_RDONLY) = 3`. */
  text: string;
}

/** One entry of the Fault Log. */
export type FaultLogEntry = FaultLogFault | FaultLogSyscall;

/** Response body of `glasskernel/faultLog`. */
export interface FaultLogResponseBody {
  /** The matching entries, oldest first. */
  entries: FaultLogEntry[];
  /** `seq` of the newest entry recorded, whatever the filters (0: none yet). */
  lastSeq: number;
  /** Entries with `seq >= newSince` were recorded since the last stop (after the last resume). */
  newSince: number;
  /** Entries the ring has dropped, oldest first, since the session started. */
  dropped: number;
  /** Entries the ring keeps. */
  capacity: number;
  /** True while syscalls are recorded (the System call exception filter is enabled). */
  syscalls: boolean;
}

/** One cached translation: a 4 KiB virtual page and its frame (a superpage is cached per 4 KiB page). */
export interface TlbEntryView {
  /** Virtual byte address of the page, "0x...". */
  va: string;
  /** Physical byte address of its frame, "0x...". */
  pa: string;
  /** Which TLBs hold it: instruction fetch, load, store (a store entry exists once the PTE's D bit is set). */
  fetch: boolean;
  load: boolean;
  store: boolean;
  /** PTE_U: always true, the hart runs only U-mode code and caches only user pages. */
  user: boolean;
}

/** Why the TLB was emptied. */
export interface TlbFlushInfo {
  /** 'satp': a satp write; 'sfence.vma': the kernel after a PTE change. */
  kind: 'satp' | 'sfence.vma';
  /** The reason: 'context switch', 'execve' (satp); 'munmap', 'mprotect', 'fork', 'cow-copy', 'cow-reuse', ... (sfence.vma); '' when unsaid. */
  cause: string;
  /** Instructions retired when it happened. */
  instret: number;
  /** True when it happened since the last stop. */
  sinceLastStop: boolean;
}

/** Per access kind counts. */
export interface TlbAccessCounts {
  fetch: number;
  load: number;
  store: number;
}

/** Response body of `glasskernel/tlb`. */
export interface TlbResponseBody {
  /** satp as loaded, "0x" and 16 hex digits: every entry belongs to this address space. */
  satp: string;
  mode: 'Sv39' | 'Bare';
  /** Physical byte address of the root page table (satp.PPN * 4096), "0x...". */
  rootPa: string;
  /** satp.ASID. Entries carry no ASID tag: each satp write flushes the whole TLB instead. */
  asid: number;
  /** Live processes whose address space is in satp (several after vfork or CLONE_VM). */
  pids: number[];
  /** Entries per TLB (fetch, load and store are each direct-mapped by virtual page number). */
  entriesPerKind: number;
  /** The valid entries, by virtual address. */
  entries: TlbEntryView[];
  /** Page walks that filled an entry since the last stop (misses; the interpreter's fetch walks once per code page it enters). */
  walksSinceStop: TlbAccessCounts;
  /** The same since the session started. */
  walksTotal: TlbAccessCounts;
  flushesSinceStop: number;
  flushesTotal: number;
  /** The last flushes, newest first (at most 8). */
  recentFlushes: TlbFlushInfo[];
  /** Instructions retired now. */
  instret: number;
  /** Always false: hits are not counted (compiled code checks the TLB inline, and a counter there would cost every access). */
  hitsCounted: false;
}

