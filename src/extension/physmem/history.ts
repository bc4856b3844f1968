/**
 * What the Physical Memory view remembers between stops: the frame table read at the current
 * stop, the one read at the previous stop, and which frames differ (use or reference count).
 * Reading the frames twice at one stop (the DAP `stopped` event and `glasskernel/stateChanged`
 * both refresh, so does selecting a process) keeps the previous stop as the baseline; a new
 * debug session starts without one. Also the summary the extension API returns. Pure: no
 * vscode import.
 */
import type { FrameUse } from '../../debug-adapter/protocol';
import { changedFrames, type FrameTable } from './frameTable';
import { FRAME_USES, UNKNOWN_KEY } from './uses';

/** A run of physically consecutive frames mapped by the same two or more processes. */
export interface SharedFrameRun {
  /** Physical byte address of the first frame, "0x...". */
  pa: string;
  /** Frames in the run. */
  count: number;
  use: FrameUse | 'unknown';
  /** Reference count of each frame. */
  refs: number;
  /** The processes mapping the frames, ascending. */
  pids: number[];
}

/** The Physical Memory view's summary at the current stop (GlasskernelApi.physicalMemory()). */
export interface PhysicalMemorySummary {
  /** False when no frames were read (no session, or the request failed); every count is 0 then. */
  available: boolean;
  /** Bytes per frame (4096). */
  frameSize: number;
  totalFrames: number;
  /** Frames with a nonzero reference count. */
  inUse: number;
  /** Frames per use, as the grid colours them (frames no run reported are in none). */
  byUse: Record<FrameUse, number>;
  /** Frames mapped by two or more processes. */
  sharedFrames: number;
  /** Those frames as runs, in physical order. */
  shared: SharedFrameRun[];
  /** Frames whose use or reference count changed since the previous stop (0 without one). */
  changedFrames: number;
  /** True when a previous stop of the same session was read, so `changedFrames` means something. */
  hasPreviousStop: boolean;
}

const zeroByUse = (): Record<FrameUse, number> => Object.fromEntries(FRAME_USES.map((u) => [u, 0])) as Record<FrameUse, number>;

/** The summary without a session. */
export function emptySummary(): PhysicalMemorySummary {
  return { available: false, frameSize: 0, totalFrames: 0, inUse: 0, byUse: zeroByUse(), sharedFrames: 0, shared: [], changedFrames: 0, hasPreviousStop: false };
}

/** Counts `table` per use, its shared frames and (with `changed`) its changed frames. */
export function summarize(table: FrameTable, changed: Uint8Array | undefined): PhysicalMemorySummary {
  const perKey = new Uint32Array(UNKNOWN_KEY + 1);
  let inUse = 0;
  const { use, refs } = table;
  for (let i = 0; i < table.totalFrames; i++) {
    perKey[use[i]]++;
    if (refs[i] > 0) inUse++;
  }
  const byUse = zeroByUse();
  FRAME_USES.forEach((u, key) => (byUse[u] = perKey[key]));
  const shared: SharedFrameRun[] = [];
  let sharedFrames = 0;
  for (let i = 0; i < table.runs.length; i++) {
    const run = table.runs[i];
    if (run.pids.length < 2) continue;
    // Count only the frames this run still holds (a later overlapping run wins).
    let held = 0;
    for (let f = run.start; f < run.start + run.count; f++) if (table.runOf[f] === i) held++;
    if (held === 0) continue;
    sharedFrames += held;
    shared.push({ pa: `0x${(run.start * table.frameSize).toString(16)}`, count: run.count, use: run.use ?? 'unknown', refs: run.refs, pids: [...run.pids] });
  }
  let changedCount = 0;
  if (changed) for (let i = 0; i < changed.length; i++) changedCount += changed[i];
  return {
    available: true, frameSize: table.frameSize, totalFrames: table.totalFrames, inUse, byUse,
    sharedFrames, shared, changedFrames: changedCount, hasPreviousStop: changed !== undefined,
  };
}

/**
 * The tables of the current and previous stop of one session. `accept` takes each read with
 * the stop it belongs to (a counter of DAP `stopped` events) and the session it came from.
 */
export class FrameHistory {
  private session: unknown;
  private stop = -1;
  private currentTable: FrameTable | undefined;
  private previousTable: FrameTable | undefined;
  private changedMask: Uint8Array | undefined;

  /** The table read at the current stop; undefined before the first read or after clear(). */
  get current(): FrameTable | undefined {
    return this.currentTable;
  }

  /** The table of the previous stop of the same session, if one was read. */
  get previous(): FrameTable | undefined {
    return this.previousTable;
  }

  /** 1 per frame changed since the previous stop; undefined without a previous stop. */
  get changed(): Uint8Array | undefined {
    return this.changedMask;
  }

  /** True when the current table was read at stop `stop` of `session`. */
  isFresh(session: unknown, stop: number): boolean {
    return this.currentTable !== undefined && session === this.session && stop === this.stop;
  }

  /**
   * Takes the table read at stop `stop` of `session`: a new session drops the baseline, a new
   * stop makes the current table the baseline, a second read of the same stop keeps it. A read
   * of an older stop than the current table's (a slow request overtaken) is dropped: false.
   */
  accept(table: FrameTable, stop: number, session: unknown): boolean {
    if (session === this.session && stop < this.stop) return false;
    if (session !== this.session) {
      this.session = session;
      this.previousTable = undefined;
    } else if (stop !== this.stop) {
      this.previousTable = this.currentTable;
    }
    this.stop = stop;
    this.currentTable = table;
    this.changedMask = changedFrames(this.previousTable, table);
    return true;
  }

  /** Forgets everything (the session ended). */
  clear(): void {
    this.session = undefined;
    this.stop = -1;
    this.currentTable = this.previousTable = this.changedMask = undefined;
  }

  /** The summary of the current table ({@link emptySummary} without one). */
  summary(): PhysicalMemorySummary {
    return this.currentTable ? summarize(this.currentTable, this.changedMask) : emptySummary();
  }
}
