import { describe, expect, it } from 'vitest';
import { WALKTHROUGH_KEYS, stepsDoneByStop } from '../../src/extension/walkthroughSteps';
import { EXCEPTION_FILTERS } from '../../src/debug-adapter/exceptions';
import pkg from '../../package.json';

describe('the walkthrough completes steps when the user does them', () => {
  it('a stop in forktree completes "Debug forktree"; in another program it does not', () => {
    expect(stepsDoneByStop('/home/s/examples/bin/forktree', { reason: 'breakpoint' })).toEqual([WALKTHROUGH_KEYS.stoppedInForktree]);
    expect(stepsDoneByStop('C:\\examples\\bin\\forktree', { reason: 'step' })).toEqual([WALKTHROUGH_KEYS.stoppedInForktree]);
    expect(stepsDoneByStop('/home/s/examples/bin/cow', { reason: 'breakpoint' })).toEqual([]);
    expect(stepsDoneByStop(undefined, { reason: 'breakpoint' })).toEqual([]);
  });

  it('only a copy-on-write exception stop completes "Watch a copy-on-write fault", titled as the adapter titles it', () => {
    const cowLabel = EXCEPTION_FILTERS.find((f) => f.filter === 'cowFault')!.label;
    expect(stepsDoneByStop('/x/cow', { reason: 'exception', description: cowLabel })).toEqual([WALKTHROUGH_KEYS.sawCowFault]);
    expect(stepsDoneByStop('/x/cow', { reason: 'exception', description: 'Page fault' })).toEqual([]);
    expect(stepsDoneByStop('/x/cow', { reason: 'breakpoint', description: cowLabel })).toEqual([]);
  });

  it('every step of package.json completes on one of these keys or on a command', () => {
    const steps = pkg.contributes.walkthroughs[0]!.steps;
    const keys = Object.values(WALKTHROUGH_KEYS).map((k) => `onContext:${k}`);
    for (const step of steps) {
      expect(step.completionEvents.every((e: string) => keys.includes(e) || e.startsWith('onCommand:')), step.id).toBe(true);
    }
    expect(steps.flatMap((s: { completionEvents: string[] }) => s.completionEvents)).toEqual(expect.arrayContaining(keys));
  });
});
