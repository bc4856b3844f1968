import { describe, expect, it } from 'vitest';
import type { FaultLogEntry, FaultLogResponseBody } from '../../src/debug-adapter/protocol';
import { FaultLogModel, entryLabel } from '../../src/extension/faultLogModel';

const COW_C = '/work/examples/src/cow.c';

/** A fault as the adapter sends it (cow's child breaking copy-on-write in fill() by default). */
function fault(seq: number, over: Partial<Extract<FaultLogEntry, { kind: 'fault' }>> = {}): FaultLogEntry {
  return {
    seq, kind: 'fault', pid: 3, tid: 3, pc: '0x1014c', source: { path: COW_C, line: 29 },
    address: `0x${(0x14000 + (seq - 1) * 0x1000).toString(16)}`, access: 'store', vma: '[heap]', decision: 'cow-copy', ...over,
  };
}

function syscall(seq: number, pid: number, text: string): FaultLogEntry {
  return { seq, kind: 'syscall', pid, tid: pid, name: text.slice(0, text.indexOf('(')), text, pc: '0x103a2', source: { path: '/work/examples/libc/syscall.h', line: 97 } };
}

function body(entries: FaultLogEntry[], over: Partial<FaultLogResponseBody> = {}): FaultLogResponseBody {
  return {
    entries, lastSeq: entries.length ? entries[entries.length - 1].seq : 0, newSince: 1, dropped: 0, capacity: 10_000, syscalls: false, ...over,
  };
}

describe('FaultLogModel', () => {
  it('shows entries newest first, "pid 3 store 0x14000 [heap] cow-copy" with the source line as description', () => {
    const m = new FaultLogModel();
    m.merge(body([fault(1, { pid: 2, tid: 2, decision: 'demand-zero' }), fault(2), syscall(3, 2, 'write(1, "hi\\n", 3) = 3')], { newSince: 4 }));
    const rows = m.rows();
    expect(rows.map((r) => r.label)).toEqual([
      'pid 2 write(1, "hi\\n", 3) = 3',
      'pid 3 store 0x15000 [heap] cow-copy',
      'pid 2 store 0x14000 [heap] demand-zero',
    ]);
    expect(rows[1]).toMatchObject({ description: 'cow.c:29', open: { path: COW_C, line: 29 }, icon: 'copy', isNew: false, collapsible: 'none' });
    expect(rows[0].description).toBe('syscall.h:97');
    expect(rows.map((r) => r.id)).toEqual(['faultLog:3', 'faultLog:2', 'faultLog:1']);
  });

  it('marks the entries recorded since the last stop, with "· new" and a sparkle', () => {
    const m = new FaultLogModel();
    m.merge(body([fault(1), fault(2), fault(3)], { newSince: 3 }));
    const [third, second] = m.rows();
    expect(third).toMatchObject({ description: 'cow.c:29 · new', icon: 'sparkle', isNew: true });
    expect(third.tooltip).toMatch(/recorded since the last stop/);
    expect(second).toMatchObject({ description: 'cow.c:29', isNew: false });
    // The next stop: the adapter moves newSince, nothing old is new any more.
    m.merge(body([fault(4)], { newSince: 4 }));
    expect(m.rows().filter((r) => r.isNew).map((r) => r.id)).toEqual(['faultLog:4']);
  });

  it('a fault outside the launched program has no source line, no click, and says why', () => {
    const m = new FaultLogModel();
    const { source: _none, ...noSource } = fault(1, { vma: undefined, decision: 'segv', access: 'load', address: '0x0' }) as Extract<FaultLogEntry, { kind: 'fault' }>;
    m.merge(body([noSource], { newSince: 2 }));
    const [row] = m.rows();
    expect(row.label).toBe('pid 3 load 0x0 (no VMA) SIGSEGV');
    expect(row.open).toBeUndefined();
    expect(row.description).toBe('');
    expect(row.iconColor).toBe('errorForeground');
    expect(row.tooltip).toMatch(/not in the launched program's line table/);
  });

  it('merges incremental fetches: older or repeated entries are ignored, the capacity keeps the newest', () => {
    const m = new FaultLogModel();
    expect(m.lastSeq).toBe(0);
    m.merge(body([fault(1), fault(2)], { capacity: 3 }));
    m.merge(body([fault(2), fault(3), fault(4)], { capacity: 3, dropped: 1 }));
    expect(m.lastSeq).toBe(4);
    expect(m.rows().map((r) => r.id)).toEqual(['faultLog:4', 'faultLog:3', 'faultLog:2']);
    expect(m.dropped).toBe(1);
    expect(m.summary()).toBe('3 · 1 dropped');
  });

  it('says when the adapter\'s log restarted (behind this one) and changes nothing then', () => {
    const m = new FaultLogModel();
    m.merge(body([fault(1), fault(2), fault(3)]));
    expect(m.merge(body([fault(1)]))).toBe(false);
    expect(m.size).toBe(3);
    expect(m.merge(body([], { lastSeq: 3 }))).toBe(true);
  });

  it('filters by process and by decision, with the filter choices and counts', () => {
    const m = new FaultLogModel();
    m.merge(body([
      fault(1, { pid: 2, decision: 'demand-zero' }), fault(2, { pid: 2, decision: 'demand-zero' }), fault(3), fault(4),
      fault(5, { pid: 2, decision: 'cow-reuse' }), syscall(6, 2, 'wait4(3, 0x3fffffee3c, 0, NULL) = 3'),
    ], { syscalls: true }));
    expect(m.processChoices()).toEqual([{ value: 2, count: 4 }, { value: 3, count: 2 }]);
    expect(m.decisionChoices()).toEqual([
      { value: 'cow-copy', count: 2 }, { value: 'demand-zero', count: 2 }, { value: 'cow-reuse', count: 1 }, { value: 'syscall', count: 1 },
    ]);
    m.filter = { pid: 2 };
    expect(m.rows().map((r) => r.id)).toEqual(['faultLog:6', 'faultLog:5', 'faultLog:2', 'faultLog:1']);
    m.filter = { pid: 2, decision: 'demand-zero' };
    expect(m.rows().map((r) => r.id)).toEqual(['faultLog:2', 'faultLog:1']);
    expect(m.summary()).toBe('pid 2 · demand-zero · 2 of 6');
    m.filter = { decision: 'syscall' };
    expect(m.rows().map((r) => r.label)).toEqual(['pid 2 wait4(3, 0x3fffffee3c, 0, NULL) = 3']);
    expect(m.syscalls).toBe(true);
    m.reset();
    expect(m.rows()).toEqual([]);
    expect(m.filter).toEqual({});
    expect(m.syscalls).toBe(false);
  });

  it('names decisions in the view\'s words', () => {
    expect(entryLabel(fault(1, { decision: 'stack-grow', vma: '[stack]', address: '0x3fffffe000' }))).toBe('pid 3 store 0x3fffffe000 [stack] stack growth');
    expect(entryLabel(fault(1, { decision: 'file', access: 'fetch', vma: '/bin/cow', address: '0x10000' }))).toBe('pid 3 fetch 0x10000 /bin/cow file page');
    expect(entryLabel(fault(1, { decision: 'sigbus', access: 'load', vma: '/data', address: '0x20000' }))).toBe('pid 3 load 0x20000 /data SIGBUS');
  });

  it('never throws on a malformed response: bad entries are skipped, a bad body changes nothing', () => {
    const m = new FaultLogModel();
    for (const bad of [undefined, null, 3, 'x', [], { entries: 'no' }, { entries: null }]) expect(m.merge(bad)).toBe(true);
    m.merge({
      entries: [
        null, 7, { seq: -1, kind: 'fault' }, { seq: 1, kind: 'fault', pid: 2, tid: 2, address: '0x1', access: 'jump', decision: 'cow-copy' },
        { seq: 2, kind: 'fault', pid: 2, tid: 2, address: '0x1', access: 'load', decision: 'nonsense' },
        { seq: 3, kind: 'syscall', pid: 2, tid: 2 },
        { seq: 4, kind: 'fault', pid: 2, tid: 2, address: '0x2000', access: 'load', decision: 'file', source: { path: '', line: 3 } },
      ],
      newSince: 'soon', dropped: -4,
    });
    expect(m.rows().map((r) => r.label)).toEqual(['pid 2 load 0x2000 (no VMA) file page']);
    expect(m.rows()[0].open).toBeUndefined();
    expect(m.dropped).toBe(0);
  });
});
