/** Types of paint.js (the Physical Memory canvas painter), for the TypeScript tests and scripts. */

import type { PaintCodes } from '../../src/extension/physmem/messages';

/** Flag bits and colour keys the painter needs: the grid message's (src/extension/physmem/messages.ts). */
export type { PaintCodes };

/** The parts of a grid message the painter reads. */
export interface PaintGrid {
  pitch: number;
  gap: number;
  cols: number;
  cells: number;
  use: ArrayLike<number>;
  second: ArrayLike<number>;
  flags: ArrayLike<number>;
  mappers: ArrayLike<number>;
  codes: PaintCodes;
}

/**
 * Paints the cells of `grid` from row `firstRow` (default 0) on into `pixels` (row-major,
 * `stride` pixels per row, cleared beforehand; its first pixel row is the top of that grid
 * row), as many whole rows as fit, colours taken from `palette` by key; returns the number
 * of cells painted.
 */
export function paintGrid(grid: PaintGrid, palette: Uint32Array, pixels: Uint32Array, stride: number, firstRow?: number): number;
/** Digit glyph size in pixels. */
export const GLYPH_W: number;
export const GLYPH_H: number;
/** Smallest cell square (CSS px) that shows the shared count as a digit. */
export const DIGIT_MIN_SQUARE: number;
