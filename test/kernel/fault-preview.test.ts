/**
 * The fault classifier the debugger shows at the trap, before the kernel acts
 * (src/kernel/fault-preview.ts), against what the page-fault path then decides: every user
 * fault of several examples (copy-on-write, demand-zero, stack growth, file and shared pages,
 * SIGSEGV, mprotect) is previewed at `trap.page_fault` and compared with the decision at
 * `trap.return`; the preview changes nothing (page tables and frame counts are the same after).
 */
import { describe, expect, it } from 'vitest';
import { previewFault } from '../../src/kernel/fault-preview';
import { BUDGET, boot } from './steppable-harness';

const MAX_RUNS = 200_000;
const EXAMPLES = ['cow', 'hello', 'stack_grow', 'segv', 'mmap_shared', 'munmap_split', 'mprotect', 'forktree', 'signal'];

describe('the fault preview foresees the page-fault path', () => {
  it.each(EXAMPLES)('%s: every previewed fault decides as foreseen', (name) => {
    const { k } = boot(name);
    const pauses = new Set(['trap.page_fault', 'trap.return']);
    let foreseen: string | undefined;
    let faults = 0;
    const decisions = new Set<string>();
    for (let i = 0; i < MAX_RUNS; i++) {
      const s = k.run(BUDGET, { kernelBreakpoints: pauses });
      if (s.kind === 'exited') break;
      if (s.kind !== 'kernel') continue;
      const v = s.pause.values;
      if (s.pause.id === 'trap.page_fault') {
        const proc = [...k.procs.values()].find((p) => p.pid === v.pid)!;
        const before = k.stats().framesInUse;
        foreseen = previewFault(proc.mm, v.address!, v.access!).decision;
        expect(k.stats().framesInUse).toBe(before);
      } else {
        expect(v.decision, `fault ${faults} at 0x${(v.address ?? 0).toString(16)} (${v.access})`).toBe(foreseen);
        decisions.add(v.decision!);
        faults++;
      }
    }
    expect(k.finished).toBe(true);
    expect(faults).toBeGreaterThan(0);
    if (name === 'cow') expect([...decisions]).toEqual(expect.arrayContaining(['cow-copy', 'cow-reuse', 'demand-zero', 'file']));
    if (name === 'stack_grow') expect(decisions).toContain('stack-grow');
    if (name === 'segv') expect(decisions).toContain('segv');
  }, 60_000);
});
