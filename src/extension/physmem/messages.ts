/**
 * The messages between the Physical Memory webview (media/physmem/main.js) and the extension.
 * The page renders what it is sent and posts intents (its width, a zoom step, a hovered or
 * clicked cell); it never talks to the debug adapter. The extension checks every message from
 * the page ({@link parseWebviewMessage}) as the adapter checks DAP arguments. Pure: no vscode import.
 */

/** The page is ready (first message) or was resized: its usable width in CSS pixels. */
export interface ReadyMessage { type: 'ready' | 'resize'; width: number }
/** A zoom step: 'in' halves the frames per cell, 'out' doubles them, 'auto' returns to the default. */
export interface ZoomMessage { type: 'zoom'; direction: 'in' | 'out' | 'auto' }
/**
 * The pointer or the keyboard cursor is on cell `cell` (index in the grid numbered `serial`,
 * see GridMessage): asks for its hover text. A message about an older grid is ignored.
 */
export interface HoverMessage { type: 'hover'; serial: number; cell: number }
/** Cell `cell` of grid `serial` was clicked (or Enter pressed on it): select its owner. */
export interface SelectMessage { type: 'select'; serial: number; cell: number }

/** Everything the page may post. */
export type WebviewMessage = ReadyMessage | ZoomMessage | HoverMessage | SelectMessage;

/** One legend row: a colour key (uses.ts) or a mark, its text and how many frames it covers. */
export interface LegendEntry {
  /** Class the page gives the swatch: `key-<n>` for a use, `mark-shared`, `mark-changed`, `mark-mixed`. */
  swatch: string;
  label: string;
  /** Frames it covers; absent for the mixed-cell mark. */
  frames?: number;
}

/** The flag bits and colour keys the page's painter (media/physmem/paint.js) needs, sent with every grid. */
export interface PaintCodes {
  mixed: number;
  shared: number;
  changed: number;
  noSecond: number;
  markKey: number;
  changedKey: number;
  /** Colour keys 0 .. paletteSize - 1 exist (the page reads each from the `key-<n>` rule). */
  paletteSize: number;
}

/** The grid to draw (GridLayout's geometry and buffers), its legend and caption. */
export interface GridMessage {
  type: 'grid';
  /** Increments with every grid sent; hover answers name the grid they belong to. */
  serial: number;
  framesPerCell: number;
  canZoomIn: boolean;
  canZoomOut: boolean;
  pitch: number;
  gap: number;
  cols: number;
  rows: number;
  cells: number;
  use: Uint8Array;
  second: Uint8Array;
  flags: Uint8Array;
  mappers: Uint8Array;
  codes: PaintCodes;
  legend: LegendEntry[];
  /** One line above the grid: RAM size, frames per cell, frames in use. */
  caption: string;
  /** One line below it: the last selection, or how to use the view. */
  status: string;
}

/** Nothing to draw: the hint to show (no session, or the frames could not be read). */
export interface EmptyMessage { type: 'empty'; text: string }
/** The hover text of cell `cell` of grid `serial`. */
export interface HoverTextMessage { type: 'hoverText'; serial: number; cell: number; text: string }
/** A new status line (after a click selected a process). */
export interface StatusMessage { type: 'status'; text: string }

/** Everything the extension posts to the page. */
export type ExtensionMessage = GridMessage | EmptyMessage | HoverTextMessage | StatusMessage;

const isCell = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
const ZOOMS: readonly ZoomMessage['direction'][] = ['in', 'out', 'auto'];

/** The page's message when it is one of {@link WebviewMessage}; undefined for anything else. */
export function parseWebviewMessage(message: unknown): WebviewMessage | undefined {
  if (!message || typeof message !== 'object') return undefined;
  const m = message as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'resize':
      return typeof m.width === 'number' && Number.isFinite(m.width) && m.width > 0 ? { type: m.type, width: m.width } : undefined;
    case 'zoom':
      return ZOOMS.includes(m.direction as ZoomMessage['direction']) ? { type: 'zoom', direction: m.direction as ZoomMessage['direction'] } : undefined;
    case 'hover':
    case 'select':
      return isCell(m.cell) && isCell(m.serial) ? { type: m.type, serial: m.serial, cell: m.cell } : undefined;
    default:
      return undefined;
  }
}
