import { describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../../src/emu/sv39';
import { maps, meminfo, status, stat } from '../../src/kernel/vfs/procfs';
import { expected, hasQemu, qemu, runGuest } from './proc-guest';

/** Runs a guest whose file-system behaviour must match Linux, checking frames come back. */
function runFs(name: string) {
  const run = runGuest(name);
  expect(run.kernel.stats().framesInUse).toBe(run.kernel.stats().framesAtBoot);
  expect(run.status).toBe(0);
  return run;
}

describe('file syscalls on guest programs', () => {
  it('fsfiles: open flags, offsets, links, symlinks, renames, directories and cwd behave as on Linux', () => {
    const out = runFs('fsfiles').out;
    expect(out).toBe(expected('fsfiles'));
    expect(out).toContain('dup shares offset: 2');
    expect(out).toContain('symlink loop: -1 ELOOP');
    expect(out).toContain('cwd follows rename: 1');
    expect(out).toContain('ls: ../ ./ d/ dangle@ loop1@ loop2@ renamed sym@');
  });

  it('fspipe: pipes block, report EOF, raise SIGPIPE, hold 64 KiB and poll as on Linux', () => {
    const out = runFs('fspipe').out;
    expect(out).toBe(expected('fspipe'));
    expect(out).toContain('filled: 65536 bytes, then EAGAIN');
    expect(out).toContain('child wrote 204800');
    expect(out).toContain('writer with no reader: killed 1 by signal 13');
  });

  it('fsproc: /proc, the console as a terminal and statfs print the recorded output', () => {
    const out = runFs('fsproc').out;
    expect(out).toBe(expected('fsproc'));
    expect(out).toContain('State:\tZ (zombie)');
    expect(out).toContain('rename across file systems: -1 EXDEV');
  });

  it.skipIf(!hasQemu)('fsfiles and fspipe print exactly what qemu-riscv64 prints', () => {
    expect(runGuest('fsfiles').out).toBe(qemu('fsfiles').out);
    expect(runGuest('fspipe').out).toBe(qemu('fspipe').out);
  });
});

describe('/proc formats', () => {
  it('/proc/<pid>/maps lines follow show_map_vma: hex range, perms, offset, dev, inode, name at column 73', () => {
    let text = '';
    const run = runGuest('fsproc', {
      setup: (k) => k.on('syscall', (e) => {
        if (!text && e.name === 'getpid') text = maps(k.procs.get(e.pid)!);
      }),
    });
    expect(run.status).toBe(0);
    const lines = text.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) {
      expect(line).toMatch(/^[0-9a-f]{8,}-[0-9a-f]{8,} [r-][w-][x-][ps] [0-9a-f]{8} [0-9a-f]{2}:[0-9a-f]{2} \d+ /);
      const name = line.length > 73 ? line.slice(73) : '';
      if (name) expect(line.slice(0, 73).trimEnd().length).toBeLessThan(73);
    }
    const text0 = lines.find((l) => l.endsWith('/bin/fsproc'))!;
    expect(text0.indexOf('/bin/fsproc')).toBe(73);
    expect(text0).toMatch(/ 00:1a [1-9]\d* +\/bin\/fsproc$/);
    const stack = lines.find((l) => l.endsWith('[stack]'))!;
    expect(stack).toMatch(/ rw-p 00000000 00:00 0 +\[stack\]$/);
    const anon = lines.find((l) => / 00:00 0 $/.test(l));
    if (anon) expect(anon.endsWith(' 0 ')).toBe(true);
  });

  it('/proc/<pid>/status, /proc/<pid>/stat and /proc/meminfo use Linux field formats', () => {
    let st = '';
    let sta = '';
    let mem = '';
    runGuest('fsproc', {
      setup: (k) => k.on('syscall', (e) => {
        if (st || e.name !== 'getpid') return;
        const p = k.procs.get(e.pid)!;
        st = status(k, p);
        sta = stat(k, p);
        mem = meminfo(k);
      }),
    });
    expect(st).toMatch(/^Name:\tfsproc\nUmask:\t0022\nState:\tR \(running\)\nTgid:\t\d+\n/);
    expect(st).toMatch(/\nVmRSS:\t {0,7}\d{1,8} kB\n/);
    expect(st).toMatch(/\nVmSize:\t[ \d]{8} kB\n/);
    expect(st).toMatch(/\nThreads:\t1\n/);
    expect(st).toMatch(/\nSigBlk:\t[0-9a-f]{16}\n/);
    const fields = sta.trimEnd().split(' ');
    expect(fields).toHaveLength(52);
    expect(fields[1]).toBe('(fsproc)');
    expect(fields[2]).toBe('R');
    expect(Number(fields[22]) % PAGE_SIZE).toBe(0); // vsize in bytes, whole pages
    expect(mem.split('\n')[0]).toMatch(/^MemTotal: {7}[ \d]{8} kB$/);
    expect(mem).toMatch(/\nMemFree: {8}[ \d]{8} kB\n/);
    expect(mem).toMatch(/\nMemAvailable:   [ \d]{8} kB\n/);
  });
});
