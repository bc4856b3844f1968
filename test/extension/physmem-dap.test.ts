/**
 * The Physical Memory model fed with real `glasskernel/frames` answers from the adapter (cow:
 * after fork the child shares the parent's 256-page region; after the child's writes each has
 * its own copy): the summary's shared frames, the hover of a region frame, the click's owner,
 * and the changed marks of the second stop.
 */
import * as path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { FramesResponseBody, ProcessesResponseBody } from '../../src/debug-adapter/protocol';
import { frameTableOf } from '../../src/extension/physmem/frameTable';
import { layoutGrid } from '../../src/extension/physmem/grid';
import { FrameHistory } from '../../src/extension/physmem/history';
import { frameHover, ownerToSelect } from '../../src/extension/physmem/hover';
import { ROOT, buildAdapter, custom, launchToStop, lineOf, runUntilStopped, startClient, topFrame } from '../debug-adapter/harness';

const COW = path.join(ROOT, 'examples', 'bin', 'cow');
const COW_C = path.join(ROOT, 'examples', 'src', 'cow.c');
const AFTER_READS = lineOf(COW_C, `printf("child:  reads the parent's pattern`);
const AFTER_WRITES = lineOf(COW_C, 'printf("child:  wrote its own pattern');
const REGION_PAGES = 256;
const PAGE = 4096;

describe('the Physical Memory model on cow\'s real frames', () => {
  let dc: DebugClient;

  beforeAll(() => buildAdapter());
  beforeEach(async () => { dc = await startClient(); });
  afterEach(async () => { await dc.stop(); });

  it('shows fork\'s shared region, its owners, and the copies the child\'s writes made', async () => {
    const stop = await launchToStop(dc, { program: COW, source: COW_C, breakpoints: [{ line: AFTER_READS }, { line: AFTER_WRITES }] });
    const frame = await topFrame(dc, stop.body.threadId!);
    const child = (await custom<ProcessesResponseBody>(dc, 'glasskernel/processes')).processes.find((p) => p.tids.includes(stop.body.threadId!))!;
    const region = Number(BigInt((await dc.evaluateRequest({ expression: 'region', frameId: frame.id, context: 'watch' })).body.result.match(/0x[0-9a-f]+/)![0]));

    const history = new FrameHistory();
    const first = frameTableOf(await custom<FramesResponseBody>(dc, 'glasskernel/frames'))!;
    history.accept(first, 1, 'cow');
    const shared = history.summary();
    expect(shared.byUse.vdso).toBe(1);
    expect(Object.values(shared.byUse).reduce((a, b) => a + b, 0)).toBe(shared.totalFrames);
    expect(shared.sharedFrames).toBeGreaterThanOrEqual(REGION_PAGES);
    expect(shared.shared.every((r) => r.pids.includes(child.ppid) && r.pids.includes(child.pid))).toBe(true);

    // The frame behind the region's sixth page: both processes at the same address.
    const run = first.runs.find((r) => r.owners.some((o) => o.pid === child.pid && o.va !== undefined && Number(BigInt(o.va)) <= region + 5 * PAGE
      && region + 5 * PAGE < Number(BigInt(o.va)) + r.count * PAGE))!;
    const owner = run.owners.find((o) => o.pid === child.pid)!;
    const f = run.start + (region + 5 * PAGE - Number(BigInt(owner.va!))) / PAGE;
    const va = `0x${(region + 5 * PAGE).toString(16)}`;
    expect(frameHover(first, {}, f)).toBe([
      `pa 0x${(f * PAGE).toString(16)} (frame ${f})`, 'user anonymous, refcount 2', 'mapped by 2 processes:',
      `  pid ${child.ppid} at ${va}`, `  pid ${child.pid} at ${va}`,
    ].join('\n'));
    const grid = layoutGrid(first, undefined, { width: 300, framesPerCell: 1 });
    expect(ownerToSelect(first, grid, f, child.ppid)).toEqual({ pid: child.pid, pa: `0x${(f * PAGE).toString(16)}`, va });

    await runUntilStopped(dc, () => dc.continueRequest({ threadId: stop.body.threadId! }));
    const second = frameTableOf(await custom<FramesResponseBody>(dc, 'glasskernel/frames'))!;
    history.accept(second, 2, 'cow');
    const copied = history.summary();
    expect(copied.changedFrames).toBeGreaterThanOrEqual(2 * REGION_PAGES); // each old frame's refcount, each new copy
    expect(history.changed![f]).toBe(1);
    expect(frameHover(second, { previous: history.previous, changed: history.changed }, f))
      .toMatch(new RegExp(`refcount 1\\nmapped by 1 process:\\n  pid ${child.ppid} at ${va}\\nchanged since the previous stop \\(was user anonymous, refcount 2\\)$`));
  });
});
