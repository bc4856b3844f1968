/**
 * Conditions and log-message expressions of kernel-source breakpoints, evaluated over a pause's
 * values (src/debug-adapter/kernel-condition.ts): C operators with 64-bit integers, strings
 * compared by == / !=, vma members, args[i], facts by name, and clear errors.
 */
import { describe, expect, it } from 'vitest';
import type { PauseValues } from '../../src/kernel/api';
import { formatKernelExpression, kernelConditionHolds, parseKernelCondition } from '../../src/debug-adapter/kernel-condition';

const VALUES: PauseValues = {
  pid: 3, tid: 3, address: 0x4000_1234, page: 0x4000_1000, access: 'write', refCount: 2, decision: 'cow-copy',
  allowed: true, pteBefore: 0x2000_00d7n, vma: { start: 0x4000_0000, end: 0x4001_0000, perms: 'rw-p', name: '[heap]' },
  args: [1n, 0xffff_ffff_ffff_ffffn], facts: { childPid: 4, cloneFlags: 'CLONE_VM|CLONE_SIGHAND', mapped: 0x10000n },
};

describe('kernel breakpoint conditions', () => {
  it.each([
    ['refCount == 2', true],
    ['refCount == 1', false],
    ['pid == 3 && address >= 0x40000000', true],
    ['refCount > 2 || access == "write"', true],
    ['decision == "cow-copy"', true],
    ['decision != "cow-copy"', false],
    ['(address & ~0xfff) == page', true],
    ['vma.perms == "rw-p" && vma.end - vma.start == 0x10000', true],
    ['vma.name == "[stack]"', false],
    ['args[0] == 1 && args[1] == -1', true],
    ['childPid == 4 && cloneFlags == "CLONE_VM|CLONE_SIGHAND"', true],
    ['mapped >> 16', true],
    ['allowed', true],
    ['!allowed', false],
    ['pteBefore & 0x4', true],
    ['refCount == 2 ? pid == 3 : 0', true],
  ])('%s is %s', (text, want) => {
    expect(kernelConditionHolds(text, VALUES)).toBe(want);
  });

  it.each([
    ['nosuch == 1', 'No symbol "nosuch" at this kernel pause.'],
    ['decision + 1', 'cannot compare a string with a number (+)'],
    ['decision < "z"', 'strings compare only with == and != (not <)'],
    ['refCount / 0', 'Division by zero'],
    ['*address', 'kernel conditions do not read memory (*)'],
    ['vma.flags', 'vma has no member named flags'],
    ['args[7]', 'no args[7] at this pause'],
    ['vma', 'that value is a structure: name one of its members'],
  ])('%s is an error: %s', (text, message) => {
    expect(kernelConditionHolds(text, VALUES)).toEqual({ error: message });
  });

  it('a syntax error is found when the breakpoint is set', () => {
    expect(parseKernelCondition('refCount ==')).toHaveProperty('error');
    expect(parseKernelCondition('refCount == 2')).not.toHaveProperty('error');
  });

  it('a logpoint expression formats integers in decimal and strings as they are', () => {
    expect(formatKernelExpression('refCount + 1', VALUES)).toEqual({ value: '3' });
    expect(formatKernelExpression('vma.name', VALUES)).toEqual({ value: '[heap]' });
    expect(formatKernelExpression('page', VALUES)).toEqual({ value: String(0x4000_1000) });
  });
});
