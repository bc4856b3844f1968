// @ts-check
/**
 * The Physical Memory view's canvas painter: turns the grid the extension computed
 * (src/extension/physmem/grid.ts: one colour key per cell, second-use keys and mark bits)
 * into 32-bit pixels for an ImageData, with no DOM access, so the page (main.js) and
 * scripts/bench-physmem.mjs run the same code. A classic script: in the page it defines
 * `GlasskernelPhysmemPaint`; under Node (`require`) it is a CommonJS module.
 *
 * The buffer holds a band of whole rows (the page's canvas covers only the rows in view, so
 * the cost follows the window's size, not the RAM's). Cell drawing, in CSS pixels:
 *   the (pitch - gap) square in the dominant use's colour;
 *   mixed: a bottom stripe (1 px, 2 px from 11 px squares) in the second use's colour;
 *   changed: a 1 px border in the "changed" colour;
 *   shared: the number of mapping processes as a 3x5 pixel digit (2..9, squares of 7 px
 *   and more; doubled to 6x10 from 14 px squares) or a 2x2 dot, in the "mark" colour.
 */
(function (root) {
  'use strict';

  /** 3x5 digit glyphs, one string per row, '#' = set. */
  const GLYPHS = {
    0: ['###', '#.#', '#.#', '#.#', '###'], 1: ['.#.', '##.', '.#.', '.#.', '###'],
    2: ['###', '..#', '###', '#..', '###'], 3: ['###', '..#', '.##', '..#', '###'],
    4: ['#.#', '#.#', '###', '..#', '..#'], 5: ['###', '#..', '###', '..#', '###'],
    6: ['###', '#..', '###', '#.#', '###'], 7: ['###', '..#', '.#.', '.#.', '.#.'],
    8: ['###', '#.#', '###', '#.#', '###'], 9: ['###', '#.#', '###', '..#', '###'],
  };
  const GLYPH_W = 3;
  const GLYPH_H = 5;
  /** Smallest square (CSS px) that holds a digit with a 1 px margin and the changed border. */
  const DIGIT_MIN_SQUARE = 7;
  /** Smallest square with a 2 px mixed stripe. */
  const WIDE_STRIPE_SQUARE = 11;
  const DOT = 2;
  /** Largest count drawn as a digit; more draw the dot. */
  const MAX_DIGIT = 9;

  /** Glyph pixel offsets (x, y pairs) per digit. */
  const GLYPH_POINTS = Object.fromEntries(Object.entries(GLYPHS).map(([d, rows]) => {
    /** @type {number[]} */
    const pts = [];
    rows.forEach((row, y) => { for (let x = 0; x < GLYPH_W; x++) if (row[x] === '#') pts.push(x, y); });
    return [d, pts];
  }));

  /**
   * @typedef {{ mixed: number, shared: number, changed: number, noSecond: number, markKey: number, changedKey: number }} Codes
   * @typedef {{ pitch: number, gap: number, cols: number, cells: number, use: ArrayLike<number>,
   *   second: ArrayLike<number>, flags: ArrayLike<number>, mappers: ArrayLike<number>, codes: Codes }} Grid
   */

  /**
   * Paints the cells of `grid` from row `firstRow` on into `pixels` (row-major, `stride`
   * pixels per row, already cleared; its top pixel row is the top of grid row `firstRow`),
   * as many whole rows as fit, each colour taken from `palette` by key. Returns the number of
   * cells painted.
   * @param {Grid} grid
   * @param {Uint32Array} palette
   * @param {Uint32Array} pixels
   * @param {number} stride
   * @param {number} [firstRow]
   */
  function paintGrid(grid, palette, pixels, stride, firstRow = 0) {
    const { pitch, gap, cols, cells, use, second, flags, mappers, codes } = grid;
    const side = pitch - gap;
    if (!(side > 0) || !(cols > 0) || !(firstRow >= 0)) return 0;
    const top = Math.floor(firstRow);
    const stripe = side >= WIDE_STRIPE_SQUARE ? 2 : 1;
    const changedColour = palette[codes.changedKey];
    const markColour = palette[codes.markKey];
    let painted = 0;
    for (let i = top * cols; i < cells; i++) {
      const x0 = (i % cols) * pitch;
      const y0 = (((i / cols) | 0) - top) * pitch;
      const base = y0 * stride + x0;
      if (base + (side - 1) * stride + side > pixels.length) break;
      const colour = palette[use[i]] ?? 0;
      for (let r = 0, o = base; r < side; r++, o += stride) pixels.fill(colour, o, o + side);
      const f = flags[i];
      if (f & codes.mixed && second[i] !== codes.noSecond) {
        const s = palette[second[i]] ?? 0;
        for (let r = side - stripe, o = base + r * stride; r < side; r++, o += stride) pixels.fill(s, o, o + side);
      }
      if (f & codes.changed) {
        pixels.fill(changedColour, base, base + side);
        pixels.fill(changedColour, base + (side - 1) * stride, base + (side - 1) * stride + side);
        for (let r = 1, o = base + stride; r < side - 1; r++, o += stride) {
          pixels[o] = changedColour;
          pixels[o + side - 1] = changedColour;
        }
      }
      if (f & codes.shared) {
        const n = mappers[i];
        const pts = side >= DIGIT_MIN_SQUARE && n <= MAX_DIGIT ? GLYPH_POINTS[n] : undefined;
        if (pts) {
          const scale = Math.max(1, Math.floor((side - 2) / (GLYPH_H + 1)));
          const gx = x0 + ((side - GLYPH_W * scale) >> 1), gy = y0 + ((side - GLYPH_H * scale) >> 1);
          for (let p = 0; p < pts.length; p += 2) {
            for (let dy = 0; dy < scale; dy++) {
              const o = (gy + pts[p + 1] * scale + dy) * stride + gx + pts[p] * scale;
              for (let dx = 0; dx < scale; dx++) pixels[o + dx] = markColour;
            }
          }
        } else if (side >= DOT) {
          const d = base + ((side - DOT) >> 1) * (stride + 1);
          pixels[d] = pixels[d + 1] = pixels[d + stride] = pixels[d + stride + 1] = markColour;
        }
      }
      painted++;
    }
    return painted;
  }

  const api = { paintGrid, GLYPH_W, GLYPH_H, DIGIT_MIN_SQUARE };
  if (typeof module === 'object' && module && module.exports) module.exports = api;
  else /** @type {any} */ (root).GlasskernelPhysmemPaint = api;
})(typeof self !== 'undefined' ? self : globalThis);
