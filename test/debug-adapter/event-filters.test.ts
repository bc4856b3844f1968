/**
 * Conditions on the OS-event exception filters (src/debug-adapter/event-filters.ts): the terms
 * each filter takes, how kinds combine, which events a filter covers, and the answers a
 * setExceptionBreakpoints request gets.
 */
import { describe, expect, it } from 'vitest';
import type { KernelEventRecord } from '../../src/kernel/api';
import { eventMatches, exceptionFiltersFrom, parseEventCondition } from '../../src/debug-adapter/event-filters';
import { SIGABRT, SIGSEGV } from '../../src/kernel/signal';

const openat: KernelEventRecord = { name: 'syscall', data: { pid: 3, tid: 3, nr: 56, name: 'openat', args: [], result: 3 } };
const mmap: KernelEventRecord = { name: 'syscall', data: { pid: 4, tid: 4, nr: 222, name: 'mmap', args: [], result: 0 } };
const cow: KernelEventRecord = { name: 'pageFault', data: { pid: 2, tid: 2, address: 0x1000, access: 'write', scause: 15, sepc: 0x100, decision: 'cow-copy' } };
const zero: KernelEventRecord = { name: 'pageFault', data: { pid: 2, tid: 2, address: 0x2000, access: 'read', scause: 13, sepc: 0x100, decision: 'demand-zero' } };
const abort: KernelEventRecord = { name: 'signal', data: { pid: 5, tid: 5, signal: SIGABRT, reason: 'abort' } };
const fork: KernelEventRecord = { name: 'fork', data: { parentPid: 2, childPid: 3, childTid: 3, tid: 2, flags: 0x11 } };

function cond(filter: Parameters<typeof parseEventCondition>[0], text: string): Exclude<ReturnType<typeof parseEventCondition>, { error: string }> {
  const c = parseEventCondition(filter, text);
  if ('error' in c) throw new Error(c.error);
  return c;
}

describe('exception filter conditions', () => {
  it('syscall names are alternatives; a pid narrows them', () => {
    const c = cond('syscall', 'openat, mmap');
    expect(eventMatches(c, openat)).toBe(true);
    expect(eventMatches(c, mmap)).toBe(true);
    const c3 = cond('syscall', 'openat mmap pid 3');
    expect(eventMatches(c3, openat)).toBe(true);
    expect(eventMatches(c3, mmap)).toBe(false);
    expect(eventMatches(cond('syscall', 'pid==4'), mmap)).toBe(true);
  });

  it('fault kinds and accesses', () => {
    expect(eventMatches(cond('pageFault', 'cow-copy stack-grow'), cow)).toBe(true);
    expect(eventMatches(cond('pageFault', 'cow-copy stack-grow'), zero)).toBe(false);
    expect(eventMatches(cond('pageFault', 'read'), zero)).toBe(true);
    expect(eventMatches(cond('pageFault', 'demand-zero write'), zero)).toBe(false);
  });

  it('signals by name with or without SIG; fork by the parent pid', () => {
    expect(eventMatches(cond('signal', 'SIGABRT'), abort)).toBe(true);
    expect(eventMatches(cond('signal', 'abrt, term'), abort)).toBe(true);
    expect(eventMatches(cond('segv', 'SIGSEGV'), { name: 'signal', data: { pid: 5, tid: 5, signal: SIGSEGV, reason: '', fault: true } })).toBe(true);
    expect(eventMatches(cond('fork', 'pid 2'), fork)).toBe(true);
    expect(eventMatches(cond('fork', 'pid 3'), fork)).toBe(false);
  });

  it('a term the filter cannot use is an error naming what it takes', () => {
    expect(parseEventCondition('syscall', 'opnat')).toEqual({ error: "'opnat' is not pid N or a syscall name (openat, mmap, ...)" });
    expect(parseEventCondition('fork', 'openat')).toEqual({ error: "'openat' is not pid N" });
    expect((parseEventCondition('pageFault', 'cow') as { error: string }).error).toMatch(/^'cow' is not pid N, a fault kind \(demand-zero, .*\) or an access/);
  });

  it('a request: filters then filterOptions answered in order; conditions only narrow their own filter', () => {
    const r = exceptionFiltersFrom(['segv', 'nope'], [{ filterId: 'syscall', condition: 'openat' }, { filterId: 'pageFault', condition: 'bogus' }, { filterId: 'fork' }]);
    expect(r.answers).toEqual([
      { verified: true }, { verified: false, message: "unknown exception filter 'nope'" },
      { verified: true }, { verified: false, message: expect.stringMatching(/^condition: 'bogus' is not/) }, { verified: true },
    ]);
    expect(r.stopOn).toEqual({ segv: true, syscall: true, fork: true });
    expect(r.conditions.wants(openat)).toBe(true);
    expect(r.conditions.wants(mmap)).toBe(false);
    expect(r.conditions.wants(fork)).toBe(true);
  });

  it('a filter given with and without a condition stops on all its events', () => {
    const r = exceptionFiltersFrom(['syscall'], [{ filterId: 'syscall', condition: 'openat' }]);
    expect(r.conditions.wants(mmap)).toBe(true);
  });
});
