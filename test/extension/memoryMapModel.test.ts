/**
 * The Memory Map view's rows from `glasskernel/vmas` and `glasskernel/vmaPages` answers (shaped
 * as the adapter sends them for cow after fork): maps names kept with a student's description,
 * pages as `va → pa` with flags, reference count and sharers, the "N more" row, the legend,
 * change marks, and the hex dump.
 */
import { describe, expect, it } from 'vitest';
import type { VmaInfo, VmaPagesResponseBody } from '../../src/debug-adapter/protocol';
import { hexDump, pageRows, roleText, sharingText, vmaLabel, vmaRows, vmaSizeKiB, base64Bytes } from '../../src/extension/memoryMapModel';
import { ChangeTracker } from '../../src/extension/rowModel';

const VMAS: VmaInfo[] = [
  { start: '0x10000', end: '0x13000', perms: 'r-xp', kind: 'file', name: '/bin/cow', residentPages: 2, role: 'text' },
  { start: '0x13000', end: '0x14000', perms: 'rw-p', kind: 'anon', name: '', residentPages: 1, role: 'bss' },
  { start: '0x14000', end: '0x116000', perms: 'rw-p', kind: 'heap', name: '[heap]', residentPages: 258, role: 'heap' },
  { start: '0x3ff7000000', end: '0x3ff7001000', perms: '---p', kind: 'anon', name: '', residentPages: 0, role: 'guard' },
  { start: '0x3ff7001000', end: '0x3ff7005000', perms: 'rw-p', kind: 'anon', name: '', residentPages: 1, role: 'thread-stack', roleTid: 5 },
  { start: '0x3ffffdf000', end: '0x3ffffff000', perms: 'rw-p', kind: 'stack', name: '[stack]', residentPages: 2, role: 'stack' },
];

/** cow's child right after fork: two pages still shared with the parent (pid 2), copy-on-write. */
const SHARED: VmaPagesResponseBody = {
  pid: 3, resident: 258, more: 256,
  pages: [
    { va: '0x15000', pa: '0x80a3b000', pte: '0x000000002028ec57', flags: 'VR--U-AD', refCount: 2, pageCache: false, cow: true, sharedWith: [{ pid: 2, va: '0x15000' }] },
    { va: '0x16000', pa: '0x80a3c000', pte: '0x000000002028f057', flags: 'VR--U-AD', refCount: 2, pageCache: false, cow: true, sharedWith: [{ pid: 2, va: '0x16000' }] },
  ],
};

describe('vmaRows', () => {
  it('keeps the maps name and adds what the area is, after a legend of the flag letters', () => {
    const rows = vmaRows(3, VMAS, 1);
    expect(rows[0]).toMatchObject({ id: 'memoryMap:legend', label: 'PTE flags: V R W X U G A D', collapsible: 'collapsed' });
    expect(rows[0].children!.map((r) => r.label)).toEqual(['V', 'R', 'W', 'X', 'U', 'G', 'A', 'D']);
    expect(rows[0].children![7].description).toMatch(/dirty/);
    const byLabel = Object.fromEntries(rows.slice(1).map((r) => [r.label, r.description]));
    expect(byLabel).toEqual({
      '0x10000-0x13000 r-xp /bin/cow': '.text: program code · 2 pages resident',
      '0x13000-0x14000 rw-p': '.bss: zero-initialized data · 1 page resident',
      '0x14000-0x116000 rw-p [heap]': 'heap: brk, grown by malloc · 258 pages resident',
      '0x3ff7000000-0x3ff7001000 ---p': 'guard page: PROT_NONE, any access faults · 0 pages resident',
      '0x3ff7001000-0x3ff7005000 rw-p': 'stack of thread 5 · 1 page resident',
      '0x3ffffdf000-0x3ffffff000 rw-p [stack]': 'stack of the main thread · 2 pages resident',
    });
    expect(rows[4]).toMatchObject({ id: 'vma:3:0x3ff7000000', collapsible: 'none' });
    expect(rows[3]).toMatchObject({ id: 'vma:3:0x14000', collapsible: 'collapsed', contextValue: 'vma', ref: { kind: 'vma', pid: 3, start: '0x14000', end: '0x116000' } });
  });

  it('labels as /proc/pid/maps does and sizes in KiB', () => {
    expect(vmaLabel(VMAS[0])).toBe('0x10000-0x13000 r-xp /bin/cow');
    expect(vmaSizeKiB(VMAS[0])).toBe(12);
    expect(roleText({ ...VMAS[1], role: undefined })).toBeUndefined();
  });

  it('marks a new VMA and a grown one at the next stop', () => {
    const changes = new ChangeTracker();
    expect(vmaRows(3, VMAS, 1, changes).filter((r) => r.change)).toEqual([]);
    const grown = VMAS.map((v) => (v.role === 'heap' ? { ...v, end: '0x117000' } : v));
    grown.push({ start: '0x3ff6000000', end: '0x3ff6001000', perms: 'rw-s', kind: 'anon', name: '/dev/zero (deleted)', residentPages: 0, role: 'shared-anon' });
    const rows = vmaRows(3, grown, 2, changes);
    expect(Object.fromEntries(rows.filter((r) => r.change).map((r) => [r.id, r.change]))).toEqual({ 'vma:3:0x14000': 'changed', 'vma:3:0x3ff6000000': 'new' });
    // Another process's VMAs first seen now: nothing to compare with, no marks.
    expect(vmaRows(2, VMAS, 2, changes).filter((r) => r.change)).toEqual([]);
  });
});

describe('pageRows', () => {
  it('shows va → pa (never a bare ppn), flags, refcount and "shared with pid 2, copy-on-write", then "N more"', () => {
    const rows = pageRows(3, '0x14000', SHARED, 1);
    expect(rows[0]).toMatchObject({
      id: 'page:3:0x15000', label: 'va 0x15000 → pa 0x80a3b000',
      description: 'VR--U-AD · refcount 2 · shared with pid 2, copy-on-write', contextValue: 'vmaPage',
      ref: { kind: 'page', pid: 3, va: '0x15000', pa: '0x80a3b000' },
    });
    expect(rows[0].tooltip).toMatch(/reference count 2: this mapping, pid 2 at 0x15000/);
    expect(rows[2]).toMatchObject({ id: 'more:3:0x14000', label: '256 more resident pages', description: '258 in all; the first 2 are listed' });
  });

  it('after the child\'s write: its own copy, count 1, and the next stop marks the page changed', () => {
    const changes = new ChangeTracker();
    pageRows(3, '0x14000', SHARED, 1, changes);
    const copied: VmaPagesResponseBody = {
      ...SHARED, more: 0, pages: [{ ...SHARED.pages[0], pa: '0x80b00000', flags: 'VRW-U-AD', refCount: 1, cow: false, sharedWith: [] }],
    };
    const rows = pageRows(3, '0x14000', copied, 2, changes);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ description: 'VRW-U-AD · refcount 1 · changed', change: 'changed', label: 'va 0x15000 → pa 0x80b00000' });
  });

  it('words every kind of holder', () => {
    const page = SHARED.pages[0];
    expect(sharingText({ ...page, sharedWith: [{ pid: 2, va: '0x1' }, { pid: 4, va: '0x1' }], cow: false })).toBe('shared with pids 2, 4');
    expect(sharingText({ ...page, sharedWith: [], refCount: 1 })).toBe('copy-on-write (last reference: a write reuses it)');
    expect(sharingText({ ...page, sharedWith: [], refCount: 3, cow: false, pageCache: true })).toBe('page cache');
    expect(sharingText({ ...page, sharedWith: [], refCount: 1, cow: false })).toBe('');
  });

  it('never throws on a malformed answer', () => {
    expect(pageRows(3, '0x0', { nonsense: true } as unknown as VmaPagesResponseBody, 1)).toEqual([]);
  });
});

describe('hexDump', () => {
  it('prints 16 bytes a line with the virtual address and an ASCII column', () => {
    const bytes = new Uint8Array(32);
    bytes.set([0x00, 0x00, 0x00, 0x00, 0x45, 0x52, 0x41, 0x50], 0); // cow's "PARE" tag, little-endian
    bytes[16] = 0x41;
    const text = hexDump(3, '0x15000', '0x80a3b000', bytes);
    const lines = text.split('\n');
    expect(lines[0]).toBe('pid 3: page va 0x15000 → pa 0x80a3b000 (32 bytes; read-only snapshot at this stop)');
    expect(lines[2]).toBe('0x0000015000  00 00 00 00 45 52 41 50  00 00 00 00 00 00 00 00  |....ERAP........|');
    expect(lines[3]).toBe('0x0000015010  41 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |A...............|');
    expect(base64Bytes(Buffer.from([1, 2, 3]).toString('base64'))).toEqual(new Uint8Array([1, 2, 3]));
    expect(base64Bytes(42)).toEqual(new Uint8Array(0));
  });
});
