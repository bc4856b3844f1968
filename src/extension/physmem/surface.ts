/**
 * One place the Physical Memory page is shown (the Run and Debug view or the editor panel):
 * its width and zoom, the grid it was last sent, and the answers to its messages. The vscode
 * glue (provider.ts) only forwards messages and posts what this returns. Pure: no vscode import.
 */
import type { FrameHistory, PhysicalMemorySummary } from './history';
import { choiceText, cellHover, ownerToSelect, type OwnerChoice } from './hover';
import { CELL_CHANGED, CELL_MIXED, CELL_SHARED, GAP_PX, NO_SECOND, effectiveFramesPerCell, layoutGrid, type GridLayout } from './grid';
import type { ExtensionMessage, GridMessage, LegendEntry, PaintCodes, WebviewMessage } from './messages';
import { CHANGED_KEY, FRAME_USES, MARK_KEY, PALETTE_SIZE, USE_STYLES } from './uses';

/** Hint shown without a stopped Glasskernel session. */
export const NO_SESSION_HINT = 'No Glasskernel debug session is stopped. Start debugging (F5) and stop at a breakpoint to see every frame of guest RAM.';
/** Hint shown when the adapter did not answer `glasskernel/frames`. */
export const NO_FRAMES_HINT = 'The debug adapter did not report the physical frames (see the Glasskernel output channel).';
/** Status line before any click. */
export const USAGE_STATUS = 'Hover a cell for its frames; click to select the owning process (click again for the next owner).';

/** The codes every grid message carries for the painter. */
export const PAINT_CODES: Readonly<PaintCodes> = {
  mixed: CELL_MIXED, shared: CELL_SHARED, changed: CELL_CHANGED, noSecond: NO_SECOND,
  markKey: MARK_KEY, changedKey: CHANGED_KEY, paletteSize: PALETTE_SIZE,
};

const BYTES_PER_MIB = 1024 * 1024;
const count = (n: number): string => n.toLocaleString('en-US');

/** The legend: each use with its frames, then the marks (shared, changed, mixed). */
export function legendOf(summary: PhysicalMemorySummary): LegendEntry[] {
  const uses = FRAME_USES.map((u) => ({ swatch: `key-${USE_STYLES[u].key}`, label: USE_STYLES[u].label, frames: summary.byUse[u] }));
  return [
    ...uses,
    { swatch: 'mark-shared', label: 'shared (digit: processes mapping it)', frames: summary.sharedFrames },
    { swatch: 'mark-changed', label: summary.hasPreviousStop ? 'changed since the previous stop' : 'changed since the previous stop (none read yet)', frames: summary.changedFrames },
    { swatch: 'mark-mixed', label: 'cell of several uses: stripe of the second' },
  ];
}

/** The caption: RAM size, frames, grouping and frames in use. */
export function captionOf(summary: PhysicalMemorySummary, grid: GridLayout): string {
  const mib = (summary.totalFrames * summary.frameSize) / BYTES_PER_MIB;
  const grouping = grid.framesPerCell === 1 ? 'one frame per cell' : `${count(grid.framesPerCell)} frames per cell`;
  return `${count(mib)} MiB, ${count(summary.totalFrames)} frames of ${count(summary.frameSize)} bytes; ${grouping}; ${count(summary.inUse)} in use`;
}

/** What a message from the page asks the extension to do besides posting replies. */
export interface SurfaceReply {
  post: ExtensionMessage[];
  /** A click chose this owner: select its pid in the other views. */
  select?: OwnerChoice;
}

/** The state of one page. */
export class Surface {
  /** Page width in CSS pixels; undefined until the page said it is ready. */
  width: number | undefined;
  /** Zoom the user chose (frames per cell); undefined: automatic. */
  framesPerCell: number | undefined;
  private grid: GridLayout | undefined;
  private serial = 0;
  private status = USAGE_STATUS;

  /** The message that draws `history`'s current table now, or the hint; undefined before the page is ready. */
  render(history: FrameHistory, hint: string): ExtensionMessage | undefined {
    if (this.width === undefined) return undefined;
    const table = history.current;
    if (!table) {
      this.grid = undefined;
      return { type: 'empty', text: hint };
    }
    const grid = layoutGrid(table, history.changed, { width: this.width, framesPerCell: this.framesPerCell });
    this.grid = grid;
    const summary = history.summary();
    const message: GridMessage = {
      type: 'grid', serial: ++this.serial, framesPerCell: grid.framesPerCell,
      canZoomIn: grid.framesPerCell > grid.minFramesPerCell, canZoomOut: grid.framesPerCell < grid.maxFramesPerCell,
      pitch: grid.pitch, gap: GAP_PX, cols: grid.cols, rows: grid.rows, cells: grid.cells,
      use: grid.use, second: grid.second, flags: grid.flags, mappers: grid.mappers, codes: { ...PAINT_CODES },
      legend: legendOf(summary), caption: captionOf(summary, grid), status: this.status,
    };
    return message;
  }

  /** Handles one checked message from the page; `selectedPid` is the other views' current process. */
  handle(message: WebviewMessage, history: FrameHistory, hint: string, selectedPid: number | undefined): SurfaceReply {
    const table = history.current;
    switch (message.type) {
      case 'ready':
      case 'resize':
        this.width = message.width;
        return this.redraw(history, hint);
      case 'zoom': {
        if (!table || this.width === undefined) return { post: [] };
        const now = effectiveFramesPerCell(table.totalFrames, { width: this.width, framesPerCell: this.framesPerCell });
        this.framesPerCell = message.direction === 'auto' ? undefined : message.direction === 'in' ? now / 2 : now * 2;
        return this.redraw(history, hint);
      }
      case 'hover': {
        if (!table || !this.grid || message.serial !== this.serial) return { post: [] };
        const text = cellHover(table, { previous: history.previous, changed: history.changed }, this.grid, message.cell);
        return { post: [{ type: 'hoverText', serial: this.serial, cell: message.cell, text }] };
      }
      case 'select': {
        const grid = message.serial === this.serial ? this.grid : undefined;
        const choice = table && grid ? ownerToSelect(table, grid, message.cell, selectedPid) : undefined;
        if (!choice) return { post: [] };
        this.status = choiceText(choice);
        return { post: [{ type: 'status', text: this.status }], select: choice };
      }
    }
  }

  /** Forgets the last click's status line (the session changed). */
  resetStatus(): void {
    this.status = USAGE_STATUS;
  }

  private redraw(history: FrameHistory, hint: string): SurfaceReply {
    const m = this.render(history, hint);
    return { post: m ? [m] : [] };
  }
}
