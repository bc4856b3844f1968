/**
 * `glasskernel/frames` responses for the Physical Memory model tests, in the shape the adapter
 * sends (protocol.ts FramesResponseBody): a small machine after a fork, and the same machine
 * after the child wrote one of the shared pages (copy-on-write broke).
 */
import type { FrameRunInfo, FrameUse, FramesResponseBody } from '../../src/debug-adapter/protocol';

export const FRAME = 4096;
/** Frames of the fixtures' machine (16 MiB: enough frames that the grid may group them). */
export const TOTAL = 4096;

/** A run at frame `frame`. */
export function run(frame: number, count: number, use: FrameUse, refs: number, owners: FrameRunInfo['owners'] = []): FrameRunInfo {
  return { pa: `0x${(frame * FRAME).toString(16)}`, count, use, refs, owners };
}

/** A response body of `total` frames made of `runs` (byUse and inUse computed as the adapter does). */
export function body(total: number, runs: FrameRunInfo[]): FramesResponseBody {
  const byUse: Record<FrameUse, number> = { free: 0, anon: 0, file: 0, 'page-table': 0, vdso: 0, kernel: 0 };
  let inUse = 0;
  for (const r of runs) {
    byUse[r.use] += r.count;
    if (r.refs > 0) inUse += r.count;
  }
  return { frameSize: FRAME, totalFrames: total, inUse, byUse, runs };
}

/**
 * TOTAL frames: frame 0 kernel; 1 vDSO; 2-4 pid 1's page tables, 5-7 pid 2's; 8-9 page cache of
 * a file mapped by both at 0x10000; 10-13 anonymous, shared by pid 1 and 2 after fork at
 * 0x20000; 14 page cache mapped by nobody; the rest free.
 */
export function afterFork(): FramesResponseBody {
  return body(TOTAL, [
    run(0, 1, 'kernel', 1),
    run(1, 1, 'vdso', 1),
    run(2, 3, 'page-table', 1, [{ pid: 1 }]),
    run(5, 3, 'page-table', 1, [{ pid: 2 }]),
    run(8, 2, 'file', 3, [{ pid: 1, va: '0x10000' }, { pid: 2, va: '0x10000' }]),
    run(10, 4, 'anon', 2, [{ pid: 1, va: '0x20000' }, { pid: 2, va: '0x20000' }]),
    run(14, 1, 'file', 1),
    run(15, TOTAL - 15, 'free', 0),
  ]);
}

/** afterFork once pid 2 wrote 0x21000: frame 11 is pid 1's alone, frame 15 pid 2's new copy. */
export function afterWrite(): FramesResponseBody {
  return body(TOTAL, [
    run(0, 1, 'kernel', 1),
    run(1, 1, 'vdso', 1),
    run(2, 3, 'page-table', 1, [{ pid: 1 }]),
    run(5, 3, 'page-table', 1, [{ pid: 2 }]),
    run(8, 2, 'file', 3, [{ pid: 1, va: '0x10000' }, { pid: 2, va: '0x10000' }]),
    run(10, 1, 'anon', 2, [{ pid: 1, va: '0x20000' }, { pid: 2, va: '0x20000' }]),
    run(11, 1, 'anon', 1, [{ pid: 1, va: '0x21000' }]),
    run(12, 2, 'anon', 2, [{ pid: 1, va: '0x22000' }, { pid: 2, va: '0x22000' }]),
    run(14, 1, 'file', 1),
    run(15, 1, 'anon', 1, [{ pid: 2, va: '0x21000' }]),
    run(16, TOTAL - 16, 'free', 0),
  ]);
}
