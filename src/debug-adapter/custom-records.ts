/**
 * The custom requests that need what the adapter records while the guest runs, not only the
 * kernel's state now (protocol.ts): `glasskernel/faultLog` (the runtime's Fault Log ring,
 * fault-log.ts) and `glasskernel/tlb` (the hart's TLB, with counts since the last stop against
 * the runtime's baseline). Bad arguments give an error value, never an exception.
 */
import type { FaultDecision } from '../kernel/api';
import type { TlbCounters, TlbInfo } from '../kernel/inspect-tlb';
import { PAGE_SHIFT } from '../emu/sv39';
import type { FaultLog, Recorded } from './fault-log';
import { hex, hex64, hexAddress, isIndex } from './format';
import type {
  FaultLogDecision, FaultLogEntry, FaultLogResponseBody, SourceLineInfo, TlbAccessCounts, TlbFlushInfo, TlbResponseBody,
} from './protocol';

/** What the runtime records for these requests (Runtime.recorded builds it). */
export interface RecordedViews {
  /** The session's Fault Log. */
  readonly faultLog: FaultLog;
  /** The TLB counters when the guest last resumed: "since the last stop" starts there. */
  readonly tlbAtResume: TlbCounters;
  /** Host file and line of `pc` in the launched program's line table; undefined where it has none. */
  sourceAt(pc: number): SourceLineInfo | undefined;
}

/** The kernel call `glasskernel/tlb` needs (Kernel satisfies it). */
export interface TlbInspector {
  tlbInfo(): TlbInfo;
}

type Result = { ok: true; body: unknown } | { ok: false; error: string };

/** Every decision a Fault Log entry is filed under (a Record so the compiler checks the list is complete). */
const DECISIONS: Record<FaultLogDecision, true> = {
  'demand-zero': true, file: true, shared: true, 'cow-copy': true, 'cow-reuse': true,
  'stack-grow': true, spurious: true, segv: true, sigbus: true, oom: true, syscall: true,
};

/** The kernel's access kinds in the RISC-V words of scause: fetch (12), load (13), store (15). */
const ACCESS_NAMES = { execute: 'fetch', read: 'load', write: 'store' } as const;

/** A session without records (tests, a runtime not started): the requests say so. */
const NOT_RECORDED = 'nothing is recorded: no program is running';

/**
 * `glasskernel/faultLog` `{ pid?, decision?, since? }`. Errors: arguments that are not an
 * object, a pid or since that is not a non-negative integer, an unknown decision. A pid with no
 * entries (or none any more) is not an error: the list is empty.
 */
export function faultLogBody(rec: RecordedViews | undefined, args: unknown): Result {
  if (!rec) return { ok: false, error: NOT_RECORDED };
  if (args !== undefined && args !== null && (typeof args !== 'object' || Array.isArray(args))) {
    return { ok: false, error: `bad arguments: expected an object { pid?, decision?, since? }, got ${JSON.stringify(args)}` };
  }
  const a = (args ?? {}) as { pid?: unknown; decision?: unknown; since?: unknown };
  if (a.pid !== undefined && !isIndex(a.pid)) return { ok: false, error: `bad argument: pid must be a non-negative integer, got ${JSON.stringify(a.pid)}` };
  if (a.since !== undefined && !isIndex(a.since)) return { ok: false, error: `bad argument: since must be a non-negative integer (a sequence number), got ${JSON.stringify(a.since)}` };
  if (a.decision !== undefined && !(typeof a.decision === 'string' && Object.hasOwn(DECISIONS, a.decision))) {
    return { ok: false, error: `bad argument: decision must be one of ${Object.keys(DECISIONS).join(', ')}, got ${JSON.stringify(a.decision)}` };
  }
  const log = rec.faultLog;
  const entries = log.query({ pid: a.pid, since: a.since, decision: a.decision as FaultDecision | 'syscall' | undefined });
  const body: FaultLogResponseBody = {
    entries: entries.map((e) => entryView(e, rec)),
    lastSeq: log.lastSeq,
    newSince: log.newSince,
    dropped: log.dropped,
    capacity: log.capacity,
    syscalls: log.syscalls,
  };
  return { ok: true, body };
}

/** One recorded entry in its wire shape; the source line is looked up now (only for the launched program's pcs). */
function entryView(e: Recorded, rec: RecordedViews): FaultLogEntry {
  const source = e.inProgram && e.pc !== undefined ? rec.sourceAt(e.pc) : undefined;
  const where = { ...(e.pc !== undefined ? { pc: hexAddress(e.pc) } : {}), ...(source ? { source } : {}) };
  if (e.kind === 'syscall') return { seq: e.seq, kind: 'syscall', pid: e.pid, tid: e.tid, ...where, name: e.name, text: e.text };
  return {
    seq: e.seq, kind: 'fault', pid: e.pid, tid: e.tid, ...where,
    address: hexAddress(e.address), access: ACCESS_NAMES[e.access], ...(e.vma !== undefined ? { vma: e.vma } : {}), decision: e.decision,
  };
}

/** `glasskernel/tlb`: the TLB now, with walks and flushes since the last stop. Arguments: none (ignored). */
export function tlbBody(k: TlbInspector, rec: RecordedViews | undefined): Result {
  if (!rec) return { ok: false, error: NOT_RECORDED };
  const t = k.tlbInfo();
  const base = rec.tlbAtResume;
  const flushesBefore = t.flushes - t.recentFlushes.length;
  const recentFlushes: TlbFlushInfo[] = t.recentFlushes.map((f, i) => ({
    kind: f.kind, cause: f.cause, instret: f.instret, sinceLastStop: flushesBefore + i >= base.flushes,
  })).reverse();
  const body: TlbResponseBody = {
    satp: hex64(t.satp),
    mode: t.sv39 ? 'Sv39' : 'Bare',
    rootPa: hex(BigInt(t.rootPpn) << BigInt(PAGE_SHIFT)),
    asid: t.asid,
    pids: t.pids,
    entriesPerKind: t.entriesPerKind,
    entries: t.entries.map((e) => ({ va: hexAddress(e.va), pa: hex(e.pa), fetch: e.fetch, load: e.load, store: e.store, user: true })),
    walksSinceStop: difference(t.walks, base.walks),
    walksTotal: { ...t.walks },
    flushesSinceStop: t.flushes - base.flushes,
    flushesTotal: t.flushes,
    recentFlushes,
    instret: t.instret,
    hitsCounted: false,
  };
  return { ok: true, body };
}

function difference(now: TlbAccessCounts, then: TlbAccessCounts): TlbAccessCounts {
  return { fetch: now.fetch - then.fetch, load: now.load - then.load, store: now.store - then.store };
}
