/**
 * The Fault Log the adapter keeps for `glasskernel/faultLog`: every page fault of the session
 * (the kernel's `pageFault` events) and, while the System call filter is enabled, every syscall
 * as strace's line (src/cli/trace.ts attachSyscalls, the formatter of `glasskernel run
 * --trace=syscalls`). A ring of the newest FAULT_LOG_CAPACITY entries, each with a sequence
 * number; older ones are dropped and counted. Recording reads no guest memory for faults and
 * changes no guest state.
 */
import type { AccessKind, FaultDecision } from '../kernel/api';
import type { Kernel } from '../kernel/kernel';
import { attachSyscalls } from '../trace/syscalls';

/** Entries the ring keeps. */
export const FAULT_LOG_CAPACITY = 10_000;

/** strace -f's `[pid N] ` at the start of a line: dropped, the pid is an entry's own field. */
const STRACE_PID_PREFIX = /^\[pid \d+\] /;

/** A recorded page fault (addresses as the kernel reported them: virtual, sign-extended numbers). */
export interface RecordedFault {
  seq: number;
  kind: 'fault';
  pid: number;
  tid: number;
  address: number;
  access: AccessKind;
  vma?: string;
  decision: FaultDecision;
  /** The faulting instruction (sepc). */
  pc: number;
  /** True when `pc` is in the launched program's image in this thread (its line table applies). */
  inProgram: boolean;
}

/** A recorded syscall: strace's line. */
export interface RecordedSyscall {
  seq: number;
  kind: 'syscall';
  pid: number;
  tid: number;
  /** The call's name ('' for a process's exit line). */
  name: string;
  /** strace's line without its `[pid N] ` prefix. */
  text: string;
  /** The ecall's address, when it was seen entering. */
  pc?: number;
  inProgram: boolean;
}

/** One recorded entry. */
export type Recorded = RecordedFault | RecordedSyscall;

/** Which entries a query wants (all optional): a process, a decision ('syscall' for syscalls), entries after `since`. */
export interface FaultLogFilter {
  pid?: number;
  decision?: FaultDecision | 'syscall';
  since?: number;
}

/** The ring and its subscriptions to one kernel. */
export class FaultLog {
  private readonly ring: Recorded[] = [];
  /** Index in `ring` of the oldest entry once the ring is full. */
  private head = 0;
  private nextSeq = 1;
  private droppedCount = 0;
  private resumedAt = 1;
  private readonly offFaults: () => void;
  private offSyscalls: (() => void) | undefined;
  /** The pc each thread's syscall entered at (its line comes when the call returns). */
  private readonly ecallPc = new Map<number, number>();

  /**
   * Subscribes to `kernel`'s page faults now. `inProgram(tid, pc)` tells whether `pc` is in the
   * launched program's image for thread `tid` (asked when the entry is recorded: an execve may
   * change the answer later).
   */
  constructor(
    private readonly kernel: Kernel,
    private readonly inProgram: (tid: number, pc: number) => boolean,
    readonly capacity = FAULT_LOG_CAPACITY,
  ) {
    this.offFaults = this.kernel.on('pageFault', (e) => this.push({
      seq: 0, kind: 'fault', pid: e.pid, tid: e.tid, address: e.address, access: e.access, vma: e.vma,
      decision: e.decision, pc: e.sepc, inProgram: this.inProgram(e.tid, e.sepc),
    }));
  }

  /** True while syscalls are recorded. */
  get syscalls(): boolean {
    return this.offSyscalls !== undefined;
  }

  /** Starts or stops recording syscalls (the System call filter was enabled or disabled). */
  traceSyscalls(on: boolean): void {
    if (on === this.syscalls) return;
    if (!on) {
      this.offSyscalls?.();
      this.offSyscalls = undefined;
      this.ecallPc.clear();
      return;
    }
    // Subscribed before the strace lines so the pc is known when a line is written at the entry.
    const offEnter = this.kernel.on('syscallEnter', (e) => {
      if (this.kernel.current?.tid === e.tid) this.ecallPc.set(e.tid, this.kernel.hart.pc);
    });
    const offLines = attachSyscalls(this.kernel, (text, who) => {
      const pc = who.name === '' ? undefined : this.ecallPc.get(who.tid);
      if (who.name !== '') this.ecallPc.delete(who.tid);
      this.push({
        seq: 0, kind: 'syscall', pid: who.pid, tid: who.tid, name: who.name, text: text.replace(STRACE_PID_PREFIX, ''), pc,
        inProgram: pc !== undefined && this.inProgram(who.tid, pc),
      });
    });
    this.offSyscalls = () => { offEnter(); offLines(); };
  }

  /** The guest resumes: entries recorded from now on are new at the next stop. */
  resumed(): void {
    this.resumedAt = this.nextSeq;
  }

  /** `seq` of the first entry recorded since the last resume. */
  get newSince(): number {
    return this.resumedAt;
  }

  /** `seq` of the newest entry (0: none). */
  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  /** Entries dropped so far. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** The kept entries matching `f`, oldest first. */
  query(f: FaultLogFilter = {}): Recorded[] {
    const out: Recorded[] = [];
    const n = this.ring.length;
    for (let i = 0; i < n; i++) {
      const e = this.ring[(this.head + i) % n];
      if (f.since !== undefined && e.seq <= f.since) continue;
      if (f.pid !== undefined && e.pid !== f.pid) continue;
      if (f.decision !== undefined && (e.kind === 'syscall' ? f.decision !== 'syscall' : e.decision !== f.decision)) continue;
      out.push(e);
    }
    return out;
  }

  /** Unsubscribes from the kernel. */
  dispose(): void {
    this.offFaults();
    this.traceSyscalls(false);
  }

  private push(e: Recorded): void {
    e.seq = this.nextSeq++;
    if (this.ring.length < this.capacity) {
      this.ring.push(e);
      return;
    }
    this.ring[this.head] = e;
    this.head = (this.head + 1) % this.capacity;
    this.droppedCount++;
  }
}
