/**
 * The Fault Log view's model: the entries of `glasskernel/faultLog` gathered across stops
 * (fetched incrementally with `since`), a filter by process and by decision, and the rows the
 * view shows, newest first: `pid 3 store 0x14000 [heap] cow-copy` with the user source line as
 * description, `pid 3 write(1, "hi\n", 3) = 3` for a syscall. Pure (no vscode import); never
 * throws on a malformed response (bad entries are skipped).
 */
import type {
  FaultLogDecision, FaultLogEntry, FaultLogResponseBody, SourceLineInfo,
} from '../debug-adapter/protocol';
import { isCount, isObject, markNew, sourceLabel, type KernelRow } from './kernelRows';

/** How each decision reads in the view (Linux words: the signal a failed fault raises). */
export const DECISION_LABELS: Readonly<Record<FaultLogDecision, string>> = {
  'demand-zero': 'demand-zero',
  file: 'file page',
  shared: 'shared page',
  'cow-copy': 'cow-copy',
  'cow-reuse': 'cow-reuse',
  'stack-grow': 'stack growth',
  spurious: 'spurious',
  segv: 'SIGSEGV',
  sigbus: 'SIGBUS',
  oom: 'out of memory (SIGKILL)',
  syscall: 'syscall',
};

/** Codicon per decision. */
const DECISION_ICONS: Readonly<Record<FaultLogDecision, string>> = {
  'demand-zero': 'symbol-constant', file: 'file-binary', shared: 'references', 'cow-copy': 'copy', 'cow-reuse': 'unlock',
  'stack-grow': 'arrow-down', spurious: 'circle-slash', segv: 'error', sigbus: 'error', oom: 'error', syscall: 'terminal',
};

const ACCESSES: ReadonlySet<string> = new Set(['fetch', 'load', 'store']);

/** Which entries the view shows: one process, one decision, or both (undefined: all). */
export interface FaultLogFilter {
  pid?: number;
  decision?: FaultLogDecision;
}

/** A QuickPick choice of the filter commands: the value and how many entries it has now. */
export interface FilterChoice<T> {
  value: T;
  count: number;
}

/** The decision an entry is filed under. */
export function decisionOf(e: FaultLogEntry): FaultLogDecision {
  return e.kind === 'syscall' ? 'syscall' : e.decision;
}

/** The row label of an entry: `pid 3 store 0x14000 [heap] cow-copy`, or `pid 3 <strace line>`. */
export function entryLabel(e: FaultLogEntry): string {
  if (e.kind === 'syscall') return `pid ${e.pid} ${e.text}`;
  return `pid ${e.pid} ${e.access} ${e.address} ${e.vma ?? '(no VMA)'} ${DECISION_LABELS[e.decision] ?? e.decision}`;
}

/** A checked copy of one wire entry, or undefined when it is malformed. */
function checkedEntry(raw: unknown): FaultLogEntry | undefined {
  if (!isObject(raw) || !isCount(raw.seq) || !isCount(raw.pid) || !isCount(raw.tid)) return undefined;
  const source = checkedSource(raw.source);
  const common = {
    seq: raw.seq, pid: raw.pid, tid: raw.tid,
    ...(typeof raw.pc === 'string' ? { pc: raw.pc } : {}), ...(source ? { source } : {}),
  };
  if (raw.kind === 'syscall') {
    if (typeof raw.text !== 'string') return undefined;
    return { ...common, kind: 'syscall', name: typeof raw.name === 'string' ? raw.name : '', text: raw.text };
  }
  if (raw.kind !== 'fault' || typeof raw.address !== 'string' || !ACCESSES.has(raw.access as string)) return undefined;
  if (typeof raw.decision !== 'string' || !Object.hasOwn(DECISION_LABELS, raw.decision) || raw.decision === 'syscall') return undefined;
  return {
    ...common, kind: 'fault', address: raw.address, access: raw.access as 'fetch' | 'load' | 'store',
    ...(typeof raw.vma === 'string' ? { vma: raw.vma } : {}), decision: raw.decision as Exclude<FaultLogDecision, 'syscall'>,
  };
}

function checkedSource(raw: unknown): SourceLineInfo | undefined {
  if (!isObject(raw) || typeof raw.path !== 'string' || raw.path === '' || !isCount(raw.line) || raw.line === 0) return undefined;
  return { path: raw.path, line: raw.line };
}

/** The Fault Log of one debug session, as the view holds it. */
export class FaultLogModel {
  private entries: FaultLogEntry[] = [];
  private newFrom = Number.POSITIVE_INFINITY;
  private droppedCount = 0;
  private keep = 0;
  private recordingSyscalls = false;
  /** The filter the view applies (the filter commands set it). */
  filter: FaultLogFilter = {};

  /** `seq` of the newest entry held (0: none): the `since` of the next incremental fetch. */
  get lastSeq(): number {
    return this.entries.length ? this.entries[this.entries.length - 1].seq : 0;
  }

  /** Entries the adapter's ring has dropped (the oldest) in this session. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** True while the adapter records syscalls (the System call filter is enabled). */
  get syscalls(): boolean {
    return this.recordingSyscalls;
  }

  /** Number of entries held (all, whatever the filter). */
  get size(): number {
    return this.entries.length;
  }

  /**
   * Adds the entries of a `glasskernel/faultLog` response fetched with `since = lastSeq` (older
   * or repeated entries are ignored) and takes its new-since mark and counters. Keeps at most
   * the adapter's capacity, dropping the oldest. A malformed body changes nothing. Returns false
   * (and changes nothing) when the adapter's log is behind this one (it restarted: the caller
   * resets and fetches from 0).
   */
  merge(body: unknown): boolean {
    if (!isObject(body) || !Array.isArray(body.entries)) return true;
    const r = body as Partial<FaultLogResponseBody>;
    if (isCount(r.lastSeq) && r.lastSeq < this.lastSeq) return false;
    let last = this.lastSeq;
    for (const raw of body.entries) {
      const e = checkedEntry(raw);
      if (!e || e.seq <= last) continue;
      this.entries.push(e);
      last = e.seq;
    }
    if (isCount(r.capacity) && r.capacity > 0) this.keep = r.capacity;
    if (this.keep > 0 && this.entries.length > this.keep) this.entries.splice(0, this.entries.length - this.keep);
    if (isCount(r.newSince)) this.newFrom = r.newSince;
    if (isCount(r.dropped)) this.droppedCount = r.dropped;
    if (typeof r.syscalls === 'boolean') this.recordingSyscalls = r.syscalls;
    return true;
  }

  /** Forgets every entry and the filter (a new session, or the session ended). */
  reset(): void {
    this.entries = [];
    this.newFrom = Number.POSITIVE_INFINITY;
    this.droppedCount = 0;
    this.recordingSyscalls = false;
    this.filter = {};
  }

  /** True when `e` was recorded since the last stop. */
  isNew(e: FaultLogEntry): boolean {
    return e.seq >= this.newFrom;
  }

  /** The entries the filter lets through, newest first. */
  visible(): FaultLogEntry[] {
    const f = this.filter;
    const out: FaultLogEntry[] = [];
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const e = this.entries[i];
      if (f.pid !== undefined && e.pid !== f.pid) continue;
      if (f.decision !== undefined && decisionOf(e) !== f.decision) continue;
      out.push(e);
    }
    return out;
  }

  /** The view's rows: the visible entries, newest first; new ones marked ("· new" and a sparkle icon). */
  rows(): KernelRow[] {
    return this.visible().map((e) => {
      const fresh = this.isNew(e);
      const where = e.source ? sourceLabel(e.source) : '';
      const decision = decisionOf(e);
      const tooltip = [
        `#${e.seq} pid ${e.pid} tid ${e.tid}`,
        e.kind === 'fault' ? `${e.access} fault at ${e.address} in ${e.vma ?? 'no VMA'}: ${DECISION_LABELS[decision]}` : e.text,
        e.pc ? `pc ${e.pc}${e.source ? ` (${e.source.path}:${e.source.line})` : ' (not in the launched program\'s line table)'}` : '',
        fresh ? 'recorded since the last stop' : '',
      ].filter((s) => s !== '').join('\n');
      return {
        id: `faultLog:${e.seq}`,
        label: entryLabel(e),
        description: markNew(where, fresh),
        tooltip,
        icon: fresh ? 'sparkle' : DECISION_ICONS[decision],
        ...(decision === 'segv' || decision === 'sigbus' || decision === 'oom' ? { iconColor: 'errorForeground' } : {}),
        collapsible: 'none',
        isNew: fresh,
        ...(e.source ? { open: e.source } : {}),
      };
    });
  }

  /** The processes with entries, by pid, with their entry counts (the process filter's choices). */
  processChoices(): FilterChoice<number>[] {
    return choices(this.entries.map((e) => e.pid)).sort((a, b) => a.value - b.value);
  }

  /** The decisions with entries, most frequent first (the decision filter's choices). */
  decisionChoices(): FilterChoice<FaultLogDecision>[] {
    return choices(this.entries.map(decisionOf)).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  }

  /** One line for the view's title bar: the filter and the counts ("pid 3 · cow-copy · 256 of 519"). */
  summary(): string {
    const parts: string[] = [];
    if (this.filter.pid !== undefined) parts.push(`pid ${this.filter.pid}`);
    if (this.filter.decision !== undefined) parts.push(DECISION_LABELS[this.filter.decision]);
    const shown = this.visible().length;
    parts.push(shown === this.entries.length ? `${shown}` : `${shown} of ${this.entries.length}`);
    if (this.droppedCount > 0) parts.push(`${this.droppedCount} dropped`);
    return parts.join(' · ');
  }
}

function choices<T>(values: T[]): FilterChoice<T>[] {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([value, n]) => ({ value, count: n }));
}
