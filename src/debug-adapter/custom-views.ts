/**
 * The custom requests behind issue 12's views (protocol.ts): `glasskernel/pageWalk`,
 * `glasskernel/frames` and `glasskernel/scheduler`. Each turns one read-only kernel inspection
 * (src/kernel/inspect-walk.ts, inspect-frames.ts, inspect-sched.ts) into its wire shape, with
 * addresses as "0x..." strings. Bad arguments give an error value, never an exception.
 */
import type { AccessKind } from '../kernel/api';
import type { FrameMap } from '../kernel/inspect-frames';
import type { SchedInfo } from '../kernel/inspect-sched';
import { pageSizeName, type WalkExplanation } from '../kernel/inspect-walk';
import { PAGE_SHIFT, PAGE_SIZE } from '../emu/sv39';
import type {
  FramesResponseBody, PageWalkResponseBody, SchedulerResponseBody,
} from './protocol';
import { hex, hex64, hexAddress } from './format';

/** The read-only kernel calls these requests need (Kernel satisfies it). */
export interface ViewsInspector {
  processes(): { pid: number }[];
  pageWalk(pid: number, va: bigint, access?: AccessKind): WalkExplanation | undefined;
  frameMap(): FrameMap;
  schedulerInfo(): SchedInfo;
}

type Result = { ok: true; body: unknown } | { ok: false; error: string };

const ACCESSES: readonly AccessKind[] = ['read', 'write', 'execute'];

/**
 * A 64-bit virtual address from the client: "0x" and 1 to 16 hex digits, or a safe
 * non-negative integer. Undefined for anything else.
 */
export function parseVirtualAddress(value: unknown): bigint | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? BigInt(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const s = value.trim().toLowerCase();
  return /^0x[0-9a-f]{1,16}$/.test(s) ? BigInt(s) : undefined;
}

/**
 * `glasskernel/pageWalk` `{ pid, va, access? }`. Errors: missing or malformed va or access,
 * a process without a page table (it has exited). A va the walk cannot translate is not an
 * error: the body says at which level and why the walk fails.
 */
export function pageWalkBody(k: ViewsInspector, pid: number, args: unknown): Result {
  const a = args as { va?: unknown; access?: unknown };
  if (a.va === undefined) return { ok: false, error: 'missing argument: va' };
  const va = parseVirtualAddress(a.va);
  if (va === undefined) return { ok: false, error: `bad argument: va must be a "0x..." address of at most 64 bits, got ${JSON.stringify(a.va)}` };
  if (a.access !== undefined && !ACCESSES.includes(a.access as AccessKind)) {
    return { ok: false, error: `bad argument: access must be one of ${ACCESSES.join(', ')}, got ${JSON.stringify(a.access)}` };
  }
  const walk = k.pageWalk(pid, va, a.access as AccessKind | undefined);
  if (!walk) return { ok: false, error: `process ${pid} has no page table (it has exited)` };
  const last = walk.steps[walk.steps.length - 1];
  const body: PageWalkResponseBody = {
    pid,
    va: hexAddress(walk.va),
    vpn: [walk.vpn[0], walk.vpn[1], walk.vpn[2]],
    offset: walk.offset,
    levels: walk.steps.map((s) => ({
      level: s.level, tablePa: hex(s.tablePa), index: s.index, ptePa: hex(s.ptePa), pte: hex64(s.pte),
      flags: pteLetters(s.flags), ppnPa: hex(BigInt(s.ppn) << BigInt(PAGE_SHIFT)), kind: s.kind,
    })),
    ...(walk.pa !== undefined ? { pa: hex(walk.pa), pageSize: walk.pageSize, pageKind: pageSizeName(last.level) } : {}),
    ...(walk.failure ? { failure: walk.failure } : {}),
    notes: walk.notes,
  };
  return { ok: true, body };
}

/** `glasskernel/frames`: all of RAM in runs (inspect-frames.ts). */
export function framesBody(k: ViewsInspector): Result {
  const m = k.frameMap();
  const body: FramesResponseBody = {
    frameSize: PAGE_SIZE,
    totalFrames: m.totalFrames,
    inUse: m.inUse,
    byUse: m.byUse,
    runs: m.runs.map((r) => ({
      pa: hex(r.ppn * PAGE_SIZE),
      count: r.count,
      use: r.use,
      refs: r.refs,
      owners: r.owners.map((o) => (o.va === undefined ? { pid: o.pid } : { pid: o.pid, va: hexAddress(o.va) })),
    })),
  };
  return { ok: true, body };
}

/** `glasskernel/scheduler`: threads and run queue (inspect-sched.ts). */
export function schedulerBody(k: ViewsInspector): Result {
  const s = k.schedulerInfo();
  const body: SchedulerResponseBody = { ...s, threads: s.threads.map((t) => ({ ...t })) };
  return { ok: true, body };
}

/** PTE flag letters V R W X U G A D ("-" when clear), the same as custom.ts's pteFlagString. */
function pteLetters(flags: number): string {
  return 'VRWXUGAD'.split('').map((c, i) => (flags & (1 << i) ? c : '-')).join('');
}
