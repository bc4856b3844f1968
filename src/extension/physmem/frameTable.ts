/**
 * The Physical Memory view's per-frame table: the `glasskernel/frames` response (runs of
 * frames, protocol.ts FramesResponseBody) expanded into flat typed arrays indexed by frame
 * number (physical address / frameSize), so the grid layout, the hover text and the diff
 * against the previous stop are array walks. 1 GiB of guest RAM (262,144 frames) takes about
 * 1.8 MB. Pure: no vscode import. Never throws: a malformed response gives undefined, a
 * malformed run is skipped (its frames stay "not reported").
 */
import type { FrameOwnerInfo, FrameRunInfo, FrameUse } from '../../debug-adapter/protocol';
import { FRAME_USES, UNKNOWN_KEY, colourKeyOf } from './uses';

/** Largest guest RAM the table accepts, in frames (16 GiB of 4 KiB frames); launch allows 1 GiB. */
export const MAX_FRAMES = 1 << 22;
/** Largest number of mapping processes a frame records (the count saturates here). */
export const MAX_MAPPERS = 255;
/** Largest reference count a frame records (Uint32Array entries). */
const MAX_REFS = 0xffff_ffff;
/** Runs up to this many frames are written frame by frame: cheaper than four TypedArray.fill calls. */
const SHORT_RUN = 16;

/** A validated run of the response; `start` is its first frame number. */
export interface TableRun {
  start: number;
  count: number;
  use: FrameUse | undefined;
  refs: number;
  owners: FrameOwnerInfo[];
  /** Distinct pids among the owners, ascending. */
  pids: number[];
}

/** Every frame of guest RAM at one stop. */
export interface FrameTable {
  /** Bytes per frame (4096). */
  frameSize: number;
  totalFrames: number;
  /** Colour key of each frame (uses.ts: index in FRAME_USES, or UNKNOWN_KEY). */
  use: Uint8Array;
  /** Reference count of each frame. */
  refs: Uint32Array;
  /** Distinct processes mapping each frame (or whose page table it is), saturating at MAX_MAPPERS. */
  mappers: Uint8Array;
  /** Index in `runs` of the run holding each frame; -1 when none does. */
  runOf: Int32Array;
  runs: TableRun[];
}

/** A frame number from a "0x..." physical byte address; undefined unless frame-aligned and in range. */
export function frameOfPa(pa: unknown, frameSize: number, totalFrames: number): number | undefined {
  if (typeof pa !== 'string' || !isHex(pa)) return undefined;
  const bytes = Number.parseInt(pa, 16);
  if (!Number.isSafeInteger(bytes) || bytes % frameSize !== 0) return undefined;
  const frame = bytes / frameSize;
  return frame < totalFrames ? frame : undefined;
}

/** The physical byte address of frame `frame`, as "pa 0x..." text. */
export function paText(frame: number, frameSize: number): string {
  return `pa 0x${(frame * frameSize).toString(16)}`;
}

const HEX_ADDRESS = /^0x[0-9a-f]{1,16}$/i;
const isHex = (s: string): boolean => HEX_ADDRESS.test(s);
const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
const isOwner = (o: unknown): o is FrameOwnerInfo => {
  if (!o || typeof o !== 'object') return false;
  const { pid, va } = o as FrameOwnerInfo;
  return isCount(pid) && (va === undefined || (typeof va === 'string' && isHex(va)));
};

/**
 * The owners of a wire run that have an integer pid and no malformed va (one with a bad va
 * keeps its pid only). The wire array itself when all are well formed (the usual case: no copy).
 */
function validOwners(owners: unknown): FrameOwnerInfo[] {
  if (!Array.isArray(owners)) return [];
  if (owners.every(isOwner)) return owners;
  const out: FrameOwnerInfo[] = [];
  for (const o of owners) {
    if (isOwner(o)) out.push(o);
    else if (o && typeof o === 'object' && isCount((o as FrameOwnerInfo).pid)) out.push({ pid: (o as FrameOwnerInfo).pid });
  }
  return out;
}

/** The distinct pids of `owners`, ascending (owners are few: a quadratic scan beats a Set). */
function distinctPids(owners: readonly FrameOwnerInfo[]): number[] {
  if (owners.length === 0) return [];
  if (owners.length === 1) return [owners[0].pid];
  const pids: number[] = [];
  for (const o of owners) if (!pids.includes(o.pid)) pids.push(o.pid);
  return pids.sort((a, b) => a - b);
}

/** Validates one wire run against the machine's size; undefined when it is unusable. */
function tableRun(r: unknown, frameSize: number, totalFrames: number): TableRun | undefined {
  if (!r || typeof r !== 'object') return undefined;
  const run = r as FrameRunInfo;
  const start = frameOfPa(run.pa, frameSize, totalFrames);
  if (start === undefined || !isCount(run.count) || run.count === 0) return undefined;
  const owners = validOwners(run.owners);
  const use = FRAME_USES.includes(run.use) ? run.use : undefined;
  return { start, count: Math.min(run.count, totalFrames - start), use, refs: isCount(run.refs) ? run.refs : 0, owners, pids: distinctPids(owners) };
}

/**
 * Expands a `glasskernel/frames` response body into a {@link FrameTable}. Undefined when the
 * body is not one (no positive integer frameSize, totalFrames outside 1..MAX_FRAMES, no runs
 * array). A later run overlapping an earlier one wins its frames.
 */
export function frameTableOf(body: unknown): FrameTable | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const { frameSize, totalFrames, runs } = body as { frameSize?: unknown; totalFrames?: unknown; runs?: unknown };
  if (!isCount(frameSize) || frameSize === 0 || !isCount(totalFrames) || totalFrames === 0 || totalFrames > MAX_FRAMES) return undefined;
  if (!Array.isArray(runs)) return undefined;
  const table: FrameTable = {
    frameSize,
    totalFrames,
    use: new Uint8Array(totalFrames).fill(UNKNOWN_KEY),
    refs: new Uint32Array(totalFrames),
    mappers: new Uint8Array(totalFrames),
    runOf: new Int32Array(totalFrames).fill(-1),
    runs: [],
  };
  for (const wire of runs) {
    const run = tableRun(wire, frameSize, totalFrames);
    if (!run) continue;
    const end = run.start + run.count;
    const key = colourKeyOf(run.use), refs = Math.min(run.refs, MAX_REFS), mappers = Math.min(run.pids.length, MAX_MAPPERS), index = table.runs.length;
    if (run.count > SHORT_RUN) {
      table.use.fill(key, run.start, end);
      table.refs.fill(refs, run.start, end);
      table.mappers.fill(mappers, run.start, end);
      table.runOf.fill(index, run.start, end);
    } else {
      for (let f = run.start; f < end; f++) {
        table.use[f] = key;
        table.refs[f] = refs;
        table.mappers[f] = mappers;
        table.runOf[f] = index;
      }
    }
    table.runs.push(run);
  }
  return table;
}

/** The virtual byte address at which `owner` maps frame `frame` of `run`; undefined for table pages. */
export function ownerVa(run: TableRun, owner: FrameOwnerInfo, frame: number, frameSize: number): bigint | undefined {
  if (owner.va === undefined) return undefined;
  return BigInt(owner.va) + BigInt(frame - run.start) * BigInt(frameSize);
}

/**
 * Frames whose use or reference count differs between two tables of the same machine: 1 per
 * changed frame. Undefined when there is nothing to compare with (no previous table, or one of
 * another size).
 */
export function changedFrames(previous: FrameTable | undefined, next: FrameTable): Uint8Array | undefined {
  if (!previous || previous.totalFrames !== next.totalFrames || previous.frameSize !== next.frameSize) return undefined;
  const out = new Uint8Array(next.totalFrames);
  const a = previous.use, b = next.use, ra = previous.refs, rb = next.refs;
  for (let i = 0; i < out.length; i++) if (a[i] !== b[i] || ra[i] !== rb[i]) out[i] = 1;
  return out;
}
