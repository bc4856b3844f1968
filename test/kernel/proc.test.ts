import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { VmaInfo } from '../../src/kernel/api';
import { Kernel } from '../../src/kernel/kernel';
import { exitedStatus } from '../../src/kernel/signal';
import { GUEST, expected, runGuest } from './proc-guest';

const enc = new TextEncoder();

describe('processes: init, clone, execve, exit, wait4', () => {
  it('pid 1 is init, the program is pid 2 under it, and the run ends with the program\'s status', () => {
    const k = new Kernel({ host: { writeConsole: () => {} } });
    k.addFile('/bin/execargs', fs.readFileSync(path.join(GUEST, 'bin/execargs')));
    const started = k.start('/bin/execargs', ['/bin/execargs'], []);
    expect(started).toEqual({ ok: true, pid: 2 });
    const procs = k.processes();
    expect(procs.map(({ pid, ppid, name }) => ({ pid, ppid, name }))).toEqual([
      { pid: 1, ppid: 0, name: 'init' }, { pid: 2, ppid: 1, name: 'execargs' },
    ]);
    expect(procs[0].tids).toEqual([]);
    expect(k.threads().map((t) => t.tid)).toEqual([2]);
    const stop = k.run(10_000_000);
    expect(stop).toEqual({ kind: 'exited', status: exitedStatus(0) });
    expect(k.processes()).toEqual([]);
    expect(k.stats().framesInUse).toBe(k.stats().framesAtBoot);
  });

  it('execve from a vfork child (shared Mm) gives the child a new Mm and leaves the parent\'s intact', () => {
    let before: VmaInfo[] | undefined;
    let parentPid = 0;
    let childExecs = 0;
    let parentAfterExec: VmaInfo[] | undefined;
    const run = runGuest('vforkexec', {
      setup: (k) => {
        k.on('fork', (e) => { parentPid = e.parentPid; before = k.vmas(e.parentPid); });
        k.on('exec', (e) => { if (e.pid !== parentPid) { childExecs++; parentAfterExec = k.vmas(parentPid); } });
      },
    });
    expect(run.out).toBe(expected('vforkexec'));
    expect(run.out).toContain('child wrote shared_word = 42 before execve');
    expect(childExecs).toBe(1);
    expect(parentAfterExec).toEqual(before);
    expect(run.kernel.stats().framesInUse).toBe(run.kernel.stats().framesAtBoot);
  });

  it('a file table shared with CLONE_FILES survives a sharer\'s exit; unshare(CLONE_FILES) makes a private copy', () => {
    const run = runGuest('sharedfiles');
    expect(run.out).toBe(expected('sharedfiles'));
    expect(run.out).toContain('parent: writing through fd 4, opened by a child that has exited');
    expect(run.out).toContain('parent: write(4) after the sharing child closed it = -9');
    expect(run.kernel.stats().framesInUse).toBe(run.kernel.stats().framesAtBoot);
  });

  it('an orphan is re-parented to init, which reaps it', () => {
    const ppidAtExit: number[] = [];
    const run = runGuest('orphan', {
      setup: (k) => k.on('exit', (e) => {
        const p = k.processes().find((q) => q.pid === e.pid);
        if (p && e.pid > 3) ppidAtExit.push(p.ppid);
      }),
    });
    expect(run.out).toBe(expected('orphan'));
    expect(run.out).toContain('getppid() = 1');
    expect(ppidAtExit).toEqual([1]);
    expect(run.kernel.stats().framesInUse).toBe(run.kernel.stats().framesAtBoot);
  });

  it('execve runs #! scripts through their interpreter, by absolute and relative path', () => {
    const files = {
      '/scripts/hi.sh': enc.encode('#!/bin/execargs  -opt one\necho not run\n'),
      '/scripts/plain.sh': enc.encode('#!bin/execargs\n'),
      '/scripts/junk': enc.encode('\x7fELF but not really'),
      '/scripts/empty.sh': enc.encode('#!\n'),
    };
    const abs = runGuest('execargs', { argv: ['/bin/execargs', 'exec', '/scripts/hi.sh', 'a', 'b'], files });
    expect(abs.out).toBe('argv[0] = /bin/execargs\nargv[1] = -opt one\nargv[2] = /scripts/hi.sh\nargv[3] = a\nargv[4] = b\n');
    const rel = runGuest('execargs', { argv: ['/bin/execargs', 'exec', 'scripts/plain.sh', 'x'], files });
    expect(rel.out).toBe('argv[0] = bin/execargs\nargv[1] = scripts/plain.sh\nargv[2] = x\n');
    expect(runGuest('execargs', { argv: ['/bin/execargs', 'exec', '/nope'], files }).out).toBe('execve(/nope) failed: errno 2\n');
    expect(runGuest('execargs', { argv: ['/bin/execargs', 'exec', '/scripts/junk'], files }).out).toBe('execve(/scripts/junk) failed: errno 8\n');
    expect(runGuest('execargs', { argv: ['/bin/execargs', 'exec', '/scripts/empty.sh'], files }).out).toBe('execve(/scripts/empty.sh) failed: errno 8\n');
  });

  it('names the process after the file given to execve', () => {
    const names: string[] = [];
    runGuest('execargs', {
      argv: ['/bin/execargs', 'exec', '/scripts/hi.sh'],
      files: { '/scripts/hi.sh': enc.encode('#!/bin/execargs\n') },
      setup: (k) => k.on('exec', (e) => names.push(k.processes().find((p) => p.pid === e.pid)!.name)),
    });
    expect(names).toEqual(['hi.sh']);
  });
});
