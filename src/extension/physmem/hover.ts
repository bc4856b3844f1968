/**
 * What the Physical Memory view says about a cell: the hover text (physical address, use,
 * reference count, owners with their virtual addresses, what changed since the previous stop)
 * and which process a click on it selects. Pure: no vscode import.
 */
import type { FrameTable, TableRun } from './frameTable';
import { ownerVa, paText } from './frameTable';
import { framesOfCell, type GridLayout } from './grid';
import { FRAME_USES, KEY_STYLES, UNKNOWN_KEY, USE_STYLES } from './uses';

/** What the view compares with: the previous stop's table and the changed-frame mask, when read. */
export interface Baseline {
  previous?: FrameTable;
  changed?: Uint8Array;
}

/** Longest owner list a hover shows; the rest are counted ("and 3 more"). */
export const MAX_HOVER_OWNERS = 8;

const USE_PAGE_TABLE = USE_STYLES['page-table'].key;
const hex = (n: bigint): string => `0x${n.toString(16)}`;
const useLabel = (key: number): string => KEY_STYLES[key]?.label ?? 'not reported';
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The text for one frame: "pa 0x…", use and refcount, owners, and its change. */
export function frameHover(table: FrameTable, baseline: Baseline, frame: number): string {
  if (!Number.isSafeInteger(frame) || frame < 0 || frame >= table.totalFrames) return '';
  const key = table.use[frame];
  const lines = [`${paText(frame, table.frameSize)} (frame ${frame})`];
  lines.push(key === UNKNOWN_KEY ? 'not reported by the adapter' : `${useLabel(key)}, refcount ${table.refs[frame]}`);
  const run: TableRun | undefined = table.runs[table.runOf[frame]];
  if (run && run.owners.length > 0) {
    const shown = run.owners.slice(0, MAX_HOVER_OWNERS).map((o) => {
      const va = ownerVa(run, o, frame, table.frameSize);
      return va === undefined ? `  pid ${o.pid}: its page table` : `  pid ${o.pid} at ${hex(va)}`;
    });
    const more = run.owners.length - shown.length;
    const n = run.pids.length;
    lines.push(`${key === USE_PAGE_TABLE ? 'held' : 'mapped'} by ${n === 1 ? '1 process' : `${n} processes`}:`, ...shown);
    if (more > 0) lines.push(`  and ${more} more`);
  } else if (FRAME_USES[key] === 'file') {
    lines.push('in the page cache, mapped by no process');
  }
  if (baseline.changed?.[frame] && baseline.previous) {
    const p = baseline.previous;
    lines.push(`changed since the previous stop (was ${useLabel(p.use[frame])}, refcount ${p.refs[frame]})`);
  }
  return lines.join('\n');
}

/** Frames per owning pid in [first, end), most frames first (ties: lower pid). */
function ownersOf(table: FrameTable, first: number, end: number): Array<{ pid: number; frames: number }> {
  const count = new Map<number, number>();
  for (let f = first; f < end; f++) {
    const run = table.runs[table.runOf[f]];
    if (run) for (const pid of run.pids) count.set(pid, (count.get(pid) ?? 0) + 1);
  }
  return [...count].map(([pid, frames]) => ({ pid, frames })).sort((a, b) => b.frames - a.frames || a.pid - b.pid);
}

/** The text for a cell: {@link frameHover} for one frame, a breakdown for a group. */
export function cellHover(table: FrameTable, baseline: Baseline, grid: GridLayout, cell: number): string {
  const range = framesOfCell(grid, table.totalFrames, cell);
  if (!range) return '';
  const { first, end } = range;
  if (end - first === 1) return frameHover(table, baseline, first);
  const byKey = new Map<number, number>();
  let shared = 0;
  let changed = 0;
  for (let f = first; f < end; f++) {
    byKey.set(table.use[f], (byKey.get(table.use[f]) ?? 0) + 1);
    if (table.mappers[f] >= 2) shared++;
    if (baseline.changed?.[f]) changed++;
  }
  const uses = [...byKey].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([k, n]) => `${useLabel(k)} ${n}`);
  const lines = [
    `${paText(first, table.frameSize)}-0x${(end * table.frameSize).toString(16)}: frames ${first}-${end - 1} (${end - first} frames)`,
    uses.join(', '),
  ];
  if (shared > 0) lines.push(`${plural(shared, 'frame')} mapped by 2 or more processes (at most ${grid.mappers[cell]})`);
  if (changed > 0) lines.push(`${changed} changed since the previous stop`);
  const owners = ownersOf(table, first, end);
  if (owners.length > 0) {
    const shown = owners.slice(0, MAX_HOVER_OWNERS).map((o) => `pid ${o.pid} (${plural(o.frames, 'frame')})`);
    lines.push(`owners: ${shown.join(', ')}${owners.length > shown.length ? `, and ${owners.length - shown.length} more` : ''}`);
  }
  lines.push('zoom in (+) to see single frames');
  return lines.join('\n');
}

/** The process a click selects and the page it shows there. */
export interface OwnerChoice {
  pid: number;
  /** Physical byte address of the frame, "0x...". */
  pa: string;
  /** Virtual byte address the process maps it at, "0x..."; absent for a page-table page. */
  va?: string;
}

/**
 * The owner a click on `cell` selects: the frame's processes by pid (a group's: by frames
 * held, most first); when `selectedPid` is one of them, the next one (clicking again cycles).
 * Undefined for a cell no process holds.
 */
export function ownerToSelect(table: FrameTable, grid: GridLayout, cell: number, selectedPid: number | undefined): OwnerChoice | undefined {
  const range = framesOfCell(grid, table.totalFrames, cell);
  if (!range) return undefined;
  const pids = ownersOf(table, range.first, range.end).map((o) => o.pid);
  if (range.end - range.first === 1) pids.sort((a, b) => a - b);
  if (pids.length === 0) return undefined;
  const at = selectedPid === undefined ? -1 : pids.indexOf(selectedPid);
  const pid = pids[(at + 1) % pids.length];
  for (let f = range.first; f < range.end; f++) {
    const run = table.runs[table.runOf[f]];
    const owner = run?.owners.find((o) => o.pid === pid);
    if (!run || !owner) continue;
    const pa = `0x${(f * table.frameSize).toString(16)}`;
    const va = ownerVa(run, owner, f, table.frameSize);
    return va === undefined ? { pid, pa } : { pid, pa, va: hex(va) };
  }
  return undefined;
}

/** One line for the page after a click: whom it selected and what that process maps there. */
export function choiceText(choice: OwnerChoice): string {
  return choice.va === undefined
    ? `pid ${choice.pid} selected: pa ${choice.pa} is one of its page-table pages`
    : `pid ${choice.pid} selected: it maps pa ${choice.pa} at ${choice.va}`;
}
