/**
 * The Physical Memory page's side of the model: the messages the page may post (checked), one
 * page's answers (grid, zoom, hover, click), the HTML's Content Security Policy, and the canvas
 * painter media/physmem/paint.js (the same file the page loads), pixel by pixel.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { frameTableOf } from '../../src/extension/physmem/frameTable';
import { CELL_CHANGED, CELL_MIXED, CELL_SHARED, NO_SECOND } from '../../src/extension/physmem/grid';
import { FrameHistory } from '../../src/extension/physmem/history';
import { contentSecurityPolicy, makeNonce, pageHtml } from '../../src/extension/physmem/html';
import { parseWebviewMessage, type GridMessage } from '../../src/extension/physmem/messages';
import { NO_SESSION_HINT, PAINT_CODES, Surface, USAGE_STATUS } from '../../src/extension/physmem/surface';
import { CHANGED_KEY, MARK_KEY, PALETTE_SIZE } from '../../src/extension/physmem/uses';
import type * as Paint from '../../media/physmem/paint.js';
import { TOTAL, afterFork, afterWrite } from './physmem-fixtures';

const paint = createRequire(import.meta.url)('../../media/physmem/paint.js') as typeof Paint;

function history(...bodies: unknown[]): FrameHistory {
  const h = new FrameHistory();
  bodies.forEach((b, stop) => h.accept(frameTableOf(b)!, stop, 'session'));
  return h;
}

function grid(m: unknown): GridMessage {
  expect(m).toMatchObject({ type: 'grid' });
  return m as GridMessage;
}

describe('parseWebviewMessage', () => {
  it('accepts the page\'s messages and nothing else', () => {
    expect(parseWebviewMessage({ type: 'ready', width: 280 })).toEqual({ type: 'ready', width: 280 });
    expect(parseWebviewMessage({ type: 'zoom', direction: 'out', extra: 1 })).toEqual({ type: 'zoom', direction: 'out' });
    expect(parseWebviewMessage({ type: 'select', serial: 3, cell: 12 })).toEqual({ type: 'select', serial: 3, cell: 12 });
    for (const bad of [null, 'ready', { type: 'ready', width: -1 }, { type: 'resize', width: Infinity }, { type: 'zoom', direction: 'sideways' },
      { type: 'hover', serial: 1, cell: 1.5 }, { type: 'select', cell: 2 }, { type: 'eval', code: 'x' }]) {
      expect(parseWebviewMessage(bad)).toBeUndefined();
    }
  });
});

describe('Surface', () => {
  it('shows the hint until there are frames, then the grid with its legend and caption', () => {
    const s = new Surface();
    expect(s.render(new FrameHistory(), NO_SESSION_HINT)).toBeUndefined(); // the page is not ready yet
    expect(s.handle({ type: 'ready', width: 300 }, new FrameHistory(), NO_SESSION_HINT, undefined).post).toEqual([{ type: 'empty', text: NO_SESSION_HINT }]);
    const g = grid(s.handle({ type: 'ready', width: 300 }, history(afterFork(), afterWrite()), NO_SESSION_HINT, undefined).post[0]);
    expect(g).toMatchObject({ framesPerCell: 1, cells: TOTAL, canZoomIn: false, canZoomOut: true, status: USAGE_STATUS, codes: PAINT_CODES });
    expect(g.caption).toBe('16 MiB, 4,096 frames of 4,096 bytes; one frame per cell; 16 in use');
    expect(g.legend.map((e) => [e.swatch, e.frames])).toEqual([
      ['key-0', TOTAL - 16], ['key-1', 5], ['key-2', 3], ['key-3', 6], ['key-4', 1], ['key-5', 1],
      ['mark-shared', 5], ['mark-changed', 2], ['mark-mixed', undefined],
    ]);
    expect(g.use).toHaveLength(TOTAL);
  });

  it('zooms out and in by powers of two within the limits, and back to automatic', () => {
    const s = new Surface();
    const h = history(afterFork());
    s.handle({ type: 'ready', width: 300 }, h, NO_SESSION_HINT, undefined);
    const zoom = (direction: 'in' | 'out' | 'auto') => grid(s.handle({ type: 'zoom', direction }, h, NO_SESSION_HINT, undefined).post[0]);
    expect(zoom('out').framesPerCell).toBe(2);
    expect(zoom('out').framesPerCell).toBe(4);
    for (let i = 0; i < 10; i++) zoom('out');
    const widest = zoom('out');
    expect(widest).toMatchObject({ framesPerCell: 16, canZoomOut: false, cells: 256 });
    expect(zoom('in').framesPerCell).toBe(8);
    expect(zoom('auto').framesPerCell).toBe(1);
  });

  it('answers a hover on the current grid and ignores one on an older grid', () => {
    const s = new Surface();
    const h = history(afterFork());
    const first = grid(s.handle({ type: 'ready', width: 300 }, h, NO_SESSION_HINT, undefined).post[0]);
    const second = grid(s.handle({ type: 'resize', width: 200 }, h, NO_SESSION_HINT, undefined).post[0]);
    expect(second.serial).toBeGreaterThan(first.serial);
    expect(s.handle({ type: 'hover', serial: first.serial, cell: 10 }, h, NO_SESSION_HINT, undefined).post).toEqual([]);
    expect(s.handle({ type: 'hover', serial: second.serial, cell: 10 }, h, NO_SESSION_HINT, undefined).post).toEqual([
      { type: 'hoverText', serial: second.serial, cell: 10, text: expect.stringMatching(/^pa 0xa000 \(frame 10\)\nuser anonymous, refcount 2\n/) },
    ]);
  });

  it('selects a clicked frame\'s owner, then the next owner, and says so in the status line', () => {
    const s = new Surface();
    const h = history(afterFork());
    const g = grid(s.handle({ type: 'ready', width: 300 }, h, NO_SESSION_HINT, undefined).post[0]);
    const first = s.handle({ type: 'select', serial: g.serial, cell: 10 }, h, NO_SESSION_HINT, undefined);
    expect(first.select).toEqual({ pid: 1, pa: '0xa000', va: '0x20000' });
    expect(first.post).toEqual([{ type: 'status', text: 'pid 1 selected: it maps pa 0xa000 at 0x20000' }]);
    expect(s.handle({ type: 'select', serial: g.serial, cell: 10 }, h, NO_SESSION_HINT, 1).select?.pid).toBe(2);
    expect(s.handle({ type: 'select', serial: g.serial, cell: 100 }, h, NO_SESSION_HINT, 1)).toEqual({ post: [] }); // a free frame
    expect(grid(s.render(h, NO_SESSION_HINT)).status).toBe('pid 2 selected: it maps pa 0xa000 at 0x20000');
    s.resetStatus();
    expect(grid(s.render(h, NO_SESSION_HINT)).status).toBe(USAGE_STATUS);
  });
});

describe('the page\'s HTML', () => {
  it('allows only the extension\'s style sheet and the nonce\'d scripts and colour rules', () => {
    const nonce = makeNonce();
    expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
    expect(makeNonce()).not.toBe(nonce);
    const csp = contentSecurityPolicy({ cspSource: 'https://file.vscode-resource', nonce });
    expect(csp).toBe(`default-src 'none'; style-src https://file.vscode-resource 'nonce-${nonce}'; script-src 'nonce-${nonce}';`);
    const html = pageHtml({ cspSource: 'https://file.vscode-resource', nonce, styleUri: 'https://file.vscode-resource/physmem.css', scriptUris: ['https://file.vscode-resource/paint.js', 'https://file.vscode-resource/main.js'] });
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${csp.replace(/'/g, "'")}">`);
    expect(html.match(/<script /g)).toHaveLength(2);
    expect(html.match(new RegExp(`<script nonce="${nonce.replace(/[+/=]/g, '\\$&')}" src=`, 'g'))).toHaveLength(2);
    expect(html).toContain('.key-1 { background: var(--vscode-charts-blue, #3794ff); }');
    expect(html.match(/https?:\/\/[^"' ]+/g)!.every((u) => u.startsWith('https://file.vscode-resource'))).toBe(true);
    expect(html).toContain('<canvas id="grid"');
  });
});

describe('paint.js', () => {
  const palette = Uint32Array.from({ length: PALETTE_SIZE }, (_, k) => 0xff000000 + k + 1);
  const colour = (key: number) => palette[key]!;
  const codes = PAINT_CODES;

  /** Paints `cells` cells at `pitch` in `cols` columns; returns the pixels and their stride. */
  function painted(pitch: number, cols: number, cells: { use: number; second?: number; flags?: number; mappers?: number }[]) {
    const g = {
      pitch, gap: 1, cols, cells: cells.length, codes,
      use: cells.map((c) => c.use), second: cells.map((c) => c.second ?? NO_SECOND),
      flags: cells.map((c) => c.flags ?? 0), mappers: cells.map((c) => c.mappers ?? 0),
    };
    const stride = cols * pitch;
    const pixels = new Uint32Array(stride * Math.ceil(cells.length / cols) * pitch);
    expect(paint.paintGrid(g, palette, pixels, stride)).toBe(cells.length);
    return { at: (x: number, y: number) => pixels[y * stride + x], stride };
  }

  it('fills each cell square in its use\'s colour and leaves the gaps clear', () => {
    const { at } = painted(6, 2, [{ use: 1 }, { use: 3 }, { use: 0 }]);
    expect(at(0, 0)).toBe(colour(1));
    expect(at(4, 4)).toBe(colour(1));
    expect(at(5, 0)).toBe(0); // gap column
    expect(at(6, 0)).toBe(colour(3));
    expect(at(0, 5)).toBe(0); // gap row
    expect(at(0, 6)).toBe(colour(0)); // second row, first column
  });

  it('marks a mixed cell with a stripe of its second use, a changed cell with a border', () => {
    const { at } = painted(9, 2, [{ use: 1, second: 2, flags: CELL_MIXED }, { use: 1, flags: CELL_CHANGED }]);
    expect(at(3, 7)).toBe(colour(2)); // bottom row of the 8 px square
    expect(at(3, 6)).toBe(colour(1));
    expect(at(9, 0)).toBe(colour(CHANGED_KEY));
    expect(at(16, 4)).toBe(colour(CHANGED_KEY));
    expect(at(12, 4)).toBe(colour(1));
  });

  it('writes the number of mapping processes as a digit, or a dot in small cells', () => {
    const big = painted(9, 1, [{ use: 1, flags: CELL_SHARED, mappers: 2 }]);
    // the 3x5 glyph of "2" at (2, 1) in the 8 px square: top row ###, second row ..#
    expect([big.at(2, 1), big.at(3, 1), big.at(4, 1)]).toEqual([colour(MARK_KEY), colour(MARK_KEY), colour(MARK_KEY)]);
    expect([big.at(2, 2), big.at(4, 2)]).toEqual([colour(1), colour(MARK_KEY)]);
    const small = painted(6, 1, [{ use: 1, flags: CELL_SHARED, mappers: 3 }]);
    expect([small.at(1, 1), small.at(2, 2), small.at(0, 0), small.at(3, 3)]).toEqual([colour(MARK_KEY), colour(MARK_KEY), colour(1), colour(1)]);
    const large = painted(16, 1, [{ use: 1, flags: CELL_SHARED, mappers: 2 }]);
    // doubled to 6x10 at (4, 2) in the 15 px square: the top row of "2" covers x 4-9, y 2-3
    expect([large.at(4, 2), large.at(9, 3), large.at(4, 4), large.at(9, 4), large.at(3, 2)]).toEqual([
      colour(MARK_KEY), colour(MARK_KEY), colour(1), colour(MARK_KEY), colour(1),
    ]);
    const many = painted(9, 1, [{ use: 1, flags: CELL_SHARED, mappers: 12 }]);
    expect(many.at(3, 3)).toBe(colour(MARK_KEY)); // the dot, centred
    expect(many.at(2, 1)).toBe(colour(1));
  });

  it('paints a band of rows from a first row on, as the page does for the rows in view', () => {
    const cells = Array.from({ length: 12 }, (_, i) => ({ use: i % PALETTE_SIZE }));
    const g = {
      pitch: 6, gap: 1, cols: 3, cells: cells.length, codes, use: cells.map((c) => c.use),
      second: cells.map(() => NO_SECOND), flags: cells.map(() => 0), mappers: cells.map(() => 0),
    };
    const pixels = new Uint32Array(18 * 12); // two rows of cells
    expect(paint.paintGrid(g, palette, pixels, 18, 2)).toBe(6); // rows 2 and 3: cells 6-11
    expect(pixels[0]).toBe(colour(6 % PALETTE_SIZE));
    expect(pixels[6 * 18 + 12]).toBe(colour(11 % PALETTE_SIZE));
  });

  it('stops at the end of a too-small pixel buffer instead of writing past it', () => {
    const g = { pitch: 6, gap: 1, cols: 1, cells: 3, codes, use: [1, 1, 1], second: [NO_SECOND, NO_SECOND, NO_SECOND], flags: [0, 0, 0], mappers: [0, 0, 0] };
    expect(paint.paintGrid(g, palette, new Uint32Array(6 * 6), 6)).toBe(1);
  });
});
