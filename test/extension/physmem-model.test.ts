/**
 * The Physical Memory view's pure model with `glasskernel/frames` responses as input: colour
 * keys per use, the per-frame table (and what it does with bad input), the grid's grouping and
 * marks, counts, hover text, the click's owner choice, and the diff between stops.
 */
import { describe, expect, it } from 'vitest';
import type { FrameUse } from '../../src/debug-adapter/protocol';
import { changedFrames, frameTableOf, type FrameTable } from '../../src/extension/physmem/frameTable';
import {
  AUTO_MAX_CELLS, CELL_CHANGED, CELL_MIXED, CELL_SHARED, MAX_GRID_HEIGHT_PX, NO_SECOND, PITCHES, layoutGrid, zoomLimits,
} from '../../src/extension/physmem/grid';
import { FrameHistory, emptySummary, summarize } from '../../src/extension/physmem/history';
import { cellHover, choiceText, frameHover, ownerToSelect } from '../../src/extension/physmem/hover';
import { FRAME_USES, KEY_STYLES, UNKNOWN_KEY, USE_STYLES, colourKeyOf, paletteCss } from '../../src/extension/physmem/uses';
import { TOTAL, afterFork, afterWrite, body, run } from './physmem-fixtures';

const table = (b: unknown): FrameTable => {
  const t = frameTableOf(b);
  if (!t) throw new Error('not a frames body');
  return t;
};
const key = (u: FrameUse): number => USE_STYLES[u].key;

describe('colour keys', () => {
  it('gives each use of the frames request its own key and VS Code chart colour', () => {
    expect(FRAME_USES.map(colourKeyOf)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(FRAME_USES.map((u) => USE_STYLES[u].cssVar)).toEqual([
      '--vscode-charts-lines', '--vscode-charts-blue', '--vscode-charts-green', '--vscode-charts-purple', '--vscode-charts-orange', '--vscode-charts-red',
    ]);
    expect(new Set(FRAME_USES.map((u) => USE_STYLES[u].label)).size).toBe(FRAME_USES.length);
    expect(colourKeyOf('swap')).toBe(UNKNOWN_KEY);
    expect(colourKeyOf(undefined)).toBe(UNKNOWN_KEY);
  });

  it('writes one theme-variable rule per key, with a fallback colour', () => {
    const css = paletteCss();
    for (const s of KEY_STYLES) expect(css).toContain(`.key-${s.key} { background: var(${s.cssVar}, ${s.fallback}); }`);
    expect(KEY_STYLES.map((s) => s.key)).toEqual(KEY_STYLES.map((_, i) => i));
  });
});

describe('frameTableOf', () => {
  it('expands runs into one entry per frame: use, refcount, distinct mapping processes', () => {
    const t = table(afterFork());
    expect(t.totalFrames).toBe(TOTAL);
    expect(Array.from(t.use.subarray(0, 16))).toEqual([5, 4, 3, 3, 3, 3, 3, 3, 2, 2, 1, 1, 1, 1, 2, 0]);
    expect(t.refs[8]).toBe(3);
    expect(t.refs[20]).toBe(0);
    expect(t.mappers[10]).toBe(2);
    expect(t.mappers[2]).toBe(1);
    expect(t.mappers[14]).toBe(0);
    expect(t.runs[t.runOf[12]]!.start).toBe(10);
  });

  it('rejects what is not a frames body and skips malformed runs', () => {
    for (const bad of [undefined, null, 7, {}, { frameSize: 4096, totalFrames: 0, runs: [] }, { frameSize: 0, totalFrames: 4, runs: [] },
      { frameSize: 4096, totalFrames: 4, runs: 'x' }, { frameSize: 4096, totalFrames: 2 ** 40, runs: [] }]) {
      expect(frameTableOf(bad)).toBeUndefined();
    }
    const t = table({
      frameSize: 4096, totalFrames: 4, runs: [
        { pa: '0x800', count: 1, use: 'anon', refs: 1, owners: [] }, // not frame-aligned
        { pa: 'zero', count: 1, use: 'anon', refs: 1 },
        { pa: '0x1000', count: -2, use: 'anon', refs: 1 },
        { pa: '0x2000', count: 9, use: 'anon', refs: 1, owners: [{ pid: 'x' }, { pid: 3, va: 'nope' }] }, // clipped to the end
        null,
      ],
    });
    expect(Array.from(t.use)).toEqual([UNKNOWN_KEY, UNKNOWN_KEY, key('anon'), key('anon')]);
    expect(t.runs).toHaveLength(1);
    expect(t.runs[0]!.owners).toEqual([{ pid: 3 }]);
  });
});

describe('layoutGrid', () => {
  it('gives each frame its own cell when the machine is small, with shared and changed marks', () => {
    const before = table(afterFork());
    const after = table(afterWrite());
    const grid = layoutGrid(after, changedFrames(before, after), { width: 300 });
    expect(grid.framesPerCell).toBe(1);
    expect(grid.cells).toBe(TOTAL);
    expect(grid.pitch).toBe(PITCHES[PITCHES.length - 1]);
    expect(grid.cols * grid.pitch).toBeLessThanOrEqual(300);
    expect(grid.rows).toBe(Math.ceil(TOTAL / grid.cols));
    expect(grid.use[10]).toBe(key('anon'));
    expect(grid.flags[10]).toBe(CELL_SHARED);
    expect(grid.mappers[10]).toBe(2);
    expect(grid.flags[11]).toBe(CELL_CHANGED); // refcount 2 -> 1
    expect(grid.flags[15]).toBe(CELL_CHANGED); // free -> anon
    expect(grid.flags[16]).toBe(0);
    expect(grid.second[11]).toBe(NO_SECOND);
  });

  it('groups frames into cells coloured by the dominant use, with the second use of a mixed cell', () => {
    const grid = layoutGrid(table(afterFork()), undefined, { width: 300, framesPerCell: 8 });
    expect(grid.cells).toBe(TOTAL / 8);
    // frames 0-7: kernel 1, vdso 1, page-table 6
    expect(grid.use[0]).toBe(key('page-table'));
    expect(grid.flags[0] & CELL_MIXED).toBe(CELL_MIXED);
    expect([key('kernel'), key('vdso')]).toContain(grid.second[0]);
    // frames 8-15: file 3, anon 4, free 1; the anon frames are shared
    expect(grid.use[1]).toBe(key('anon'));
    expect(grid.second[1]).toBe(key('file'));
    expect(grid.flags[1]).toBe(CELL_MIXED | CELL_SHARED);
    // frames 16-23: all free, one use only
    expect(grid.use[2]).toBe(key('free'));
    expect(grid.flags[2]).toBe(0);
    expect(grid.second[2]).toBe(NO_SECOND);
  });

  it('draws a small machine with the largest cells', () => {
    const grid = layoutGrid(table(body(64, [run(0, 64, 'free', 0)])), undefined, { width: 300 });
    expect(grid.pitch).toBe(PITCHES[0]);
    expect(grid.framesPerCell).toBe(1);
    expect(grid.minFramesPerCell).toBe(1);
    expect(grid.maxFramesPerCell).toBe(1); // a grid of 256 cells or fewer is not grouped further
  });

  it('gives ties to the later use, so a half-free cell shows its use', () => {
    const t = table(body(1024, [run(0, 2, 'free', 0), run(2, 2, 'anon', 1, [{ pid: 1, va: '0x1000' }]), run(4, 1020, 'free', 0)]));
    const grid = layoutGrid(t, undefined, { width: 100, framesPerCell: 4 });
    expect(grid.use[0]).toBe(key('anon'));
    expect(grid.second[0]).toBe(key('free'));
  });

  it('groups 1 GiB automatically, zooms in to single frames, and bounds the zoom by the grid height', () => {
    const frames = 262_144;
    const big = table(body(frames, [run(0, 1, 'kernel', 1), run(1, frames - 1, 'free', 0)]));
    const auto = layoutGrid(big, undefined, { width: 300 });
    expect(auto.cells).toBeLessThanOrEqual(AUTO_MAX_CELLS);
    expect(auto.framesPerCell).toBe(64);
    expect(auto.use[0]).toBe(key('free'));
    expect(auto.second[0]).toBe(key('kernel'));
    const finest = layoutGrid(big, undefined, { width: 300, framesPerCell: 1 });
    expect(finest).toMatchObject({ framesPerCell: 1, cells: frames, minFramesPerCell: 1, maxFramesPerCell: 1024 });
    // 16 GiB in a 60 px page: single frames would make a grid taller than MAX_GRID_HEIGHT_PX
    const { min } = zoomLimits(1 << 22, 60);
    expect(min).toBe(4);
    expect(Math.ceil((1 << 22) / min / Math.floor(60 / 6)) * 6).toBeLessThanOrEqual(MAX_GRID_HEIGHT_PX);
    expect(layoutGrid(big, undefined, { width: 300, framesPerCell: 1e9 }).cells).toBeGreaterThanOrEqual(1);
  });
});

describe('summary and diff', () => {
  it('counts frames per use, in use, shared and changed', () => {
    const before = table(afterFork());
    const after = table(afterWrite());
    const s = summarize(after, changedFrames(before, after));
    expect(s.byUse).toEqual({ free: TOTAL - 16, anon: 5, file: 3, 'page-table': 6, vdso: 1, kernel: 1 });
    expect(s.inUse).toBe(16);
    expect(s.sharedFrames).toBe(5); // 8-9 file, 10 and 12-13 anon
    expect(s.shared.map((r) => [r.pa, r.count, r.use, r.pids])).toEqual([
      ['0x8000', 2, 'file', [1, 2]], ['0xa000', 1, 'anon', [1, 2]], ['0xc000', 2, 'anon', [1, 2]],
    ]);
    expect(s.changedFrames).toBe(2);
    expect(s.hasPreviousStop).toBe(true);
    expect(summarize(before, undefined)).toMatchObject({ changedFrames: 0, hasPreviousStop: false, sharedFrames: 6 });
    expect(emptySummary()).toMatchObject({ available: false, totalFrames: 0, shared: [] });
  });

  it('compares only tables of the same machine', () => {
    expect(changedFrames(undefined, table(afterFork()))).toBeUndefined();
    expect(changedFrames(table(body(8, [run(0, 8, 'free', 0)])), table(afterFork()))).toBeUndefined();
  });

  it('keeps the previous stop as the baseline when one stop is read twice, and drops it for a new session', () => {
    const h = new FrameHistory();
    const session = {};
    h.accept(table(afterFork()), 1, session);
    expect(h.changed).toBeUndefined();
    h.accept(table(afterWrite()), 2, session);
    expect(h.summary().changedFrames).toBe(2);
    h.accept(table(afterWrite()), 2, session); // stateChanged after stopped: same stop
    expect(h.summary().changedFrames).toBe(2);
    expect(h.isFresh(session, 2)).toBe(true);
    expect(h.isFresh(session, 3)).toBe(false);
    expect(h.accept(table(afterFork()), 1, session)).toBe(false); // an overtaken read
    expect(h.summary().changedFrames).toBe(2);
    h.accept(table(afterWrite()), 3, session); // a step that changed nothing
    expect(h.summary().changedFrames).toBe(0);
    h.accept(table(afterWrite()), 4, {});
    expect(h.summary().hasPreviousStop).toBe(false);
    h.clear();
    expect(h.current).toBeUndefined();
    expect(h.summary().available).toBe(false);
  });
});

describe('hover text and clicks', () => {
  const before = table(afterFork());
  const after = table(afterWrite());
  const baseline = { previous: before, changed: changedFrames(before, after) };

  it('names a frame by its pa, use, refcount and owners with their virtual addresses', () => {
    expect(frameHover(after, baseline, 13)).toBe([
      'pa 0xd000 (frame 13)', 'user anonymous, refcount 2', 'mapped by 2 processes:', '  pid 1 at 0x23000', '  pid 2 at 0x23000',
    ].join('\n'));
    expect(frameHover(after, baseline, 3)).toContain('held by 1 process:\n  pid 1: its page table');
    expect(frameHover(after, baseline, 14)).toContain('file / page cache, refcount 1\nin the page cache, mapped by no process');
    expect(frameHover(after, baseline, 0)).toBe('pa 0x0 (frame 0)\nkernel-reserved, refcount 1');
    expect(frameHover(after, baseline, TOTAL)).toBe('');
    expect(frameHover(after, baseline, 99)).toBe('pa 0x63000 (frame 99)\nfree, refcount 0');
  });

  it('says what a changed frame was at the previous stop', () => {
    expect(frameHover(after, baseline, 15)).toMatch(/changed since the previous stop \(was free, refcount 0\)$/);
    expect(frameHover(after, baseline, 11)).toMatch(/refcount 1\nmapped by 1 process:\n  pid 1 at 0x21000\nchanged since the previous stop \(was user anonymous, refcount 2\)$/);
  });

  it('breaks a grouped cell down by use, shared and changed frames and owners', () => {
    const grid = layoutGrid(after, baseline.changed, { width: 300, framesPerCell: 8 });
    expect(cellHover(after, baseline, grid, 1)).toBe([
      'pa 0x8000-0x10000: frames 8-15 (8 frames)',
      'user anonymous 5, file / page cache 3',
      '5 frames mapped by 2 or more processes (at most 2)',
      '2 changed since the previous stop',
      'owners: pid 1 (6 frames), pid 2 (6 frames)',
      'zoom in (+) to see single frames',
    ].join('\n'));
    expect(cellHover(after, baseline, grid, grid.cells)).toBe('');
  });

  it('selects the frame\'s owner, and the next owner when that one is already selected', () => {
    const grid = layoutGrid(after, undefined, { width: 300 });
    expect(ownerToSelect(after, grid, 12, undefined)).toEqual({ pid: 1, pa: '0xc000', va: '0x22000' });
    expect(ownerToSelect(after, grid, 12, 1)).toEqual({ pid: 2, pa: '0xc000', va: '0x22000' });
    expect(ownerToSelect(after, grid, 12, 2)).toMatchObject({ pid: 1 });
    expect(ownerToSelect(after, grid, 5, undefined)).toEqual({ pid: 2, pa: '0x5000' });
    expect(ownerToSelect(after, grid, 20, undefined)).toBeUndefined();
    expect(ownerToSelect(after, grid, -1, undefined)).toBeUndefined();
    expect(choiceText({ pid: 2, pa: '0xc000', va: '0x22000' })).toBe('pid 2 selected: it maps pa 0xc000 at 0x22000');
    expect(choiceText({ pid: 2, pa: '0x5000' })).toBe('pid 2 selected: pa 0x5000 is one of its page-table pages');
  });

  it('picks the process holding most of a grouped cell first', () => {
    const t = table(body(1024, [run(0, 1, 'anon', 1, [{ pid: 4, va: '0x1000' }]), run(1, 3, 'anon', 1, [{ pid: 7, va: '0x9000' }]), run(4, 1020, 'free', 0)]));
    const grid = layoutGrid(t, undefined, { width: 100, framesPerCell: 8 });
    expect(ownerToSelect(t, grid, 0, undefined)).toEqual({ pid: 7, pa: '0x1000', va: '0x9000' });
    expect(ownerToSelect(t, grid, 0, 7)).toEqual({ pid: 4, pa: '0x0', va: '0x1000' });
  });
});
