/**
 * The Kernel scope's syscall rows and the trap label of a syscall pause (kernel-frames.ts):
 * arguments decoded by the Linux prototypes, buffers and strings previewed from memory, and
 * unreadable or huge buffers, unknown syscalls and missing arguments shown without throwing.
 */
import { describe, expect, it } from 'vitest';
import { kernelRows, syscallArgRows, trapLabel } from '../../src/debug-adapter/kernel-frames';

const TEXT = new TextEncoder().encode('hi\n"\\\x01 and a rather long tail of text here');
const BUF = 0x1000;
const peek = (va: number, len: number): Uint8Array | undefined => (va >= BUF && va < BUF + TEXT.length ? TEXT.slice(va - BUF, va - BUF + len) : undefined);
const rows = (name: string, args: bigint[]) => Object.fromEntries(syscallArgRows(name, args, peek).map((r) => [r.name, r.value]));

describe('syscall rows of the Kernel scope', () => {
  it('decodes write with a quoted, escaped preview of its buffer', () => {
    expect(rows('write', [1n, BigInt(BUF), 5n])).toEqual({ fd: '1', buf: '0x1000 "hi\\n\\"\\\\"', count: '5' });
  });

  it('marks a buffer longer than the preview, and shows an unreadable one as a bare address', () => {
    expect(rows('write', [1n, BigInt(BUF), 100n]).buf).toMatch(/^0x1000 "hi\\n\\"\\\\\\x01 and .*"…$/);
    expect(rows('read', [0n, 0xdead0000n, 10n]).buf).toBe('0xdead0000');
    expect(rows('write', [1n, BigInt(BUF), 0xffffffffffffffffn]).buf).toMatch(/…$/);
  });

  it('decodes openat (AT_FDCWD, an unterminated string, octal mode) and shows unknown syscalls raw', () => {
    const o = rows('openat', [BigInt.asUintN(64, -100n), BigInt(BUF), 0x241n, 0o644n]);
    expect(o).toMatchObject({ dirfd: 'AT_FDCWD', flags: '0x241', mode: '0644' });
    expect(o.pathname).toMatch(/^0x1000 ".*"…$/);
    expect(rows('frobnicate', [1n, 2n, 3n, 4n, 5n, 6n])).toEqual({ a0: '0x1', a1: '0x2', a2: '0x3', a3: '0x4', a4: '0x5', a5: '0x6' });
    expect(rows('close', [])).toEqual({ fd: '0' });
  });

  it('names the syscall in the label and lists name, arguments and result in the scope', () => {
    expect(trapLabel({ syscall: 'write', nr: 64 })).toBe('system call: write (a7 = 64)');
    // A stop deep in a path (a kernel breakpoint) before its entry values are known: the outermost frame names it.
    expect(trapLabel({}, 'sys_execve')).toBe('system call: execve');
    expect(trapLabel({ signal: 10 }, 'deliverSignals')).toBe('signal delivery: SIGUSR1');
    expect(trapLabel({}, 'schedule')).toBe('slice end (timer)');
    expect(trapLabel({ scause: 15, access: 'write', stval: 0x1000 }, 'pageFault')).toBe('page fault: store at 0x1000 (scause 15)');
    const r = kernelRows({ pid: 2, tid: 2, nr: 64, syscall: 'write', args: [1n, BigInt(BUF), 2n, 0n, 0n, 0n], result: 2 }, () => 0, peek);
    expect(r.map((x) => [x.name, x.value])).toEqual([
      ['syscall', 'write (64)'], ['fd', '1'], ['buf', '0x1000 "hi"'], ['count', '2'], ['result', '2'], ['pid', '2'], ['tid', '2'],
    ]);
    expect(kernelRows({ syscall: 'wait4', nr: 260, blocked: true }, () => 0).map((x) => x.name)).toEqual(['syscall', 'blocked']);
    // An error result is named as errno(3) names it.
    expect(kernelRows({ syscall: 'openat', nr: 56, result: -2 }, () => 0).find((x) => x.name === 'result')!.value).toBe('-2 (ENOENT)');
    expect(kernelRows({ syscall: 'read', nr: 63, result: 5 }, () => 0).find((x) => x.name === 'result')!.value).toBe('5');
  });
});
