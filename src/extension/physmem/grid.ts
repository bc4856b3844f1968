/**
 * The Physical Memory view's grid: frames in physical order, left to right and top to bottom,
 * `framesPerCell` consecutive frames per cell (a power of two). The layout fits the page width
 * and produces one colour buffer per property (dominant use, second use, marks), which the
 * webview's painter (media/physmem/paint.js) turns into canvas pixels.
 *
 * A grouped cell is coloured by its most frequent use (ties go to the later use of FRAME_USES,
 * so free loses them) and, when it holds more than one use, marked "mixed" with a stripe of its
 * second use. "Shared" marks a cell holding a frame mapped by two or more processes (the count
 * is the largest such number); "changed" one holding a frame whose use or reference count
 * changed since the previous stop. Work is O(frames + cells). Pure: no vscode import.
 */
import type { FrameTable } from './frameTable';
import { UNKNOWN_KEY } from './uses';

/** Cell flag (GridLayout.flags): the cell's frames have more than one use. */
export const CELL_MIXED = 1;
/** Cell flag: a frame of the cell is mapped by two or more processes. */
export const CELL_SHARED = 2;
/** Cell flag: a frame of the cell changed use or reference count since the previous stop. */
export const CELL_CHANGED = 4;
/** Value of GridLayout.second for a cell with one use only. */
export const NO_SECOND = 0xff;

/** Distance in CSS pixels from one cell to the next (cell plus a 1 px gap), largest first. */
export const PITCHES: readonly number[] = [16, 12, 9, 6];
/** Gap between cells, CSS pixels. */
export const GAP_PX = 1;
/** The automatic zoom groups frames until the grid has at most this many cells. */
export const AUTO_MAX_CELLS = 4096;
/** Zooming out stops once the grid has at most this many cells. */
export const MIN_GRID_CELLS = 256;
/** The grid picks the largest pitch that keeps it this tall (CSS pixels), else the smallest pitch. */
export const PREFERRED_HEIGHT_PX = 480;
/**
 * Tallest grid (CSS pixels): bounds zooming in. The page draws only the rows in view on its
 * canvas, so the grid may be far taller than a canvas can be; this keeps it well inside what
 * layout engines handle (about 2^25 px).
 */
export const MAX_GRID_HEIGHT_PX = 1_000_000;
/** Narrowest page width the layout accepts (CSS pixels); narrower widths are clamped to it. */
export const MIN_WIDTH_PX = 60;
/** Widest page width the layout accepts (CSS pixels); wider widths are clamped to it. */
export const MAX_WIDTH_PX = 4096;

/** What the page asks for: its width and a zoom (frames per cell; undefined: automatic). */
export interface GridRequest {
  width: number;
  framesPerCell?: number;
}

/** One grid, ready to paint: geometry plus one byte per cell in each buffer. */
export interface GridLayout {
  framesPerCell: number;
  /** Zoom limits for this machine and width (powers of two). */
  minFramesPerCell: number;
  maxFramesPerCell: number;
  /** Cell pitch in CSS pixels (the filled square is pitch - GAP_PX wide). */
  pitch: number;
  cols: number;
  rows: number;
  cells: number;
  /** Grid size in CSS pixels: cols * pitch by rows * pitch. */
  width: number;
  height: number;
  /** Colour key of each cell's dominant use (uses.ts). */
  use: Uint8Array;
  /** Colour key of each mixed cell's second use; NO_SECOND otherwise. */
  second: Uint8Array;
  /** CELL_MIXED | CELL_SHARED | CELL_CHANGED bits of each cell. */
  flags: Uint8Array;
  /** Largest number of processes mapping one frame of each cell. */
  mappers: Uint8Array;
}

const cellsFor = (frames: number, perCell: number): number => Math.ceil(frames / perCell);

/** Smallest power of two p with ceil(frames / p) <= cells. */
function groupingFor(frames: number, cells: number): number {
  let p = 1;
  while (cellsFor(frames, p) > cells) p *= 2;
  return p;
}

/** Columns of a grid `width` px wide at `pitch`. */
const colsFor = (width: number, pitch: number): number => Math.max(1, Math.floor(width / pitch));

/** Zoom limits: in until the grid would be too tall at the smallest pitch; out to MIN_GRID_CELLS cells. */
export function zoomLimits(totalFrames: number, width: number): { min: number; max: number } {
  const smallest = PITCHES[PITCHES.length - 1];
  const maxCells = colsFor(clampWidth(width), smallest) * Math.floor(MAX_GRID_HEIGHT_PX / smallest);
  const min = groupingFor(totalFrames, maxCells);
  const max = Math.max(min, groupingFor(totalFrames, MIN_GRID_CELLS));
  return { min, max };
}

/** The zoom actually used: the request's power of two within the limits, or the automatic one. */
export function effectiveFramesPerCell(totalFrames: number, request: GridRequest): number {
  const width = clampWidth(request.width);
  const { min, max } = zoomLimits(totalFrames, width);
  const asked = request.framesPerCell;
  const wanted = asked !== undefined && Number.isFinite(asked) && asked >= 1 ? 2 ** Math.round(Math.log2(asked)) : groupingFor(totalFrames, AUTO_MAX_CELLS);
  return Math.min(max, Math.max(min, wanted));
}

function clampWidth(width: number): number {
  return Number.isFinite(width) ? Math.min(MAX_WIDTH_PX, Math.max(MIN_WIDTH_PX, Math.floor(width))) : MIN_WIDTH_PX;
}

/** Largest pitch keeping `cells` cells within PREFERRED_HEIGHT_PX at `width`, else the smallest. */
function pitchFor(cells: number, width: number): number {
  for (const p of PITCHES) if (Math.ceil(cells / colsFor(width, p)) * p <= PREFERRED_HEIGHT_PX) return p;
  return PITCHES[PITCHES.length - 1];
}

/**
 * Lays out `table` for a page `request.width` CSS pixels wide. `changed` (1 per frame changed
 * since the previous stop, or undefined) sets CELL_CHANGED.
 */
export function layoutGrid(table: FrameTable, changed: Uint8Array | undefined, request: GridRequest): GridLayout {
  const total = table.totalFrames;
  const width = clampWidth(request.width);
  const { min, max } = zoomLimits(total, width);
  const perCell = effectiveFramesPerCell(total, request);
  const cells = cellsFor(total, perCell);
  const pitch = pitchFor(cells, width);
  const cols = Math.min(colsFor(width, pitch), cells);
  const rows = Math.ceil(cells / cols);
  const grid: GridLayout = {
    framesPerCell: perCell, minFramesPerCell: min, maxFramesPerCell: max, pitch, cols, rows, cells,
    width: cols * pitch, height: rows * pitch,
    use: new Uint8Array(cells), second: new Uint8Array(cells).fill(NO_SECOND), flags: new Uint8Array(cells), mappers: new Uint8Array(cells),
  };
  if (perCell === 1) fillSingle(table, changed, grid);
  else fillGrouped(table, changed, grid);
  return grid;
}

/** One frame per cell: copy the table. */
function fillSingle(table: FrameTable, changed: Uint8Array | undefined, grid: GridLayout): void {
  grid.use.set(table.use);
  grid.mappers.set(table.mappers);
  for (let f = 0; f < table.totalFrames; f++) {
    let flags = table.mappers[f] >= 2 ? CELL_SHARED : 0;
    if (changed && changed[f]) flags |= CELL_CHANGED;
    grid.flags[f] = flags;
  }
}

/** Groups of frames: count uses per cell, keep the two most frequent and the marks. */
function fillGrouped(table: FrameTable, changed: Uint8Array | undefined, grid: GridLayout): void {
  const { use, mappers } = table;
  const counts = new Uint32Array(UNKNOWN_KEY + 1);
  for (let c = 0, f = 0; c < grid.cells; c++) {
    const end = Math.min(f + grid.framesPerCell, table.totalFrames);
    counts.fill(0);
    let most = 0;
    let anyChanged = 0;
    for (; f < end; f++) {
      counts[use[f]]++;
      if (mappers[f] > most) most = mappers[f];
      if (changed) anyChanged |= changed[f];
    }
    const first = topKey(counts, -1);
    const second = topKey(counts, first);
    grid.use[c] = first;
    grid.mappers[c] = most;
    let flags = most >= 2 ? CELL_SHARED : 0;
    if (anyChanged) flags |= CELL_CHANGED;
    if (second >= 0) {
      flags |= CELL_MIXED;
      grid.second[c] = second;
    }
    grid.flags[c] = flags;
  }
}

/**
 * The key with the largest nonzero count other than `except` (ties: the later key; "not
 * reported" only when nothing else is there); -1 when none is left.
 */
function topKey(counts: Uint32Array, except: number): number {
  let best = -1;
  for (let k = 0; k < UNKNOWN_KEY; k++) if (k !== except && counts[k] > 0 && (best < 0 || counts[k] >= counts[best])) best = k;
  if (best < 0 && except !== UNKNOWN_KEY && counts[UNKNOWN_KEY] > 0) best = UNKNOWN_KEY;
  return best;
}

/** The frames [first, end) of cell `cell`; undefined for a cell outside the grid. */
export function framesOfCell(grid: GridLayout, totalFrames: number, cell: number): { first: number; end: number } | undefined {
  if (!Number.isSafeInteger(cell) || cell < 0 || cell >= grid.cells) return undefined;
  const first = cell * grid.framesPerCell;
  return { first, end: Math.min(first + grid.framesPerCell, totalFrames) };
}
