/**
 * F5 on a C file without VS Code (issue 11): which program runs for a source (an example's
 * prebuilt binary, a fresh build, an old-style prebuilt, or the install help), and how long the
 * temporary folder of a build lives (through a restart, gone after the session).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BuildFolders, RESTART_GRACE_MS, UNCLAIMED_BUILD_MS, chooseCProgram, exampleExecutablePath, type BuildFolderHost } from '../../src/extension/cProgram';
import type { CompilerLookup } from '../../src/toolchain/cc';

const GCC: CompilerLookup = { found: true, path: '/usr/bin/riscv64-linux-gnu-gcc', source: 'path' };
const NONE: CompilerLookup = { found: false, reason: 'none', searched: [] };
const ws = path.join(path.sep, 'ws');

describe('exampleExecutablePath', () => {
  it('maps examples/src and examples/glibc/src to their bin folders', () => {
    expect(exampleExecutablePath(path.join(ws, 'examples', 'src', 'forktree.c'))).toBe(path.join(ws, 'examples', 'bin', 'forktree'));
    expect(exampleExecutablePath(path.join(ws, 'examples', 'glibc', 'src', 'pthreads.c'))).toBe(path.join(ws, 'examples', 'glibc', 'bin', 'pthreads'));
  });

  it('leaves every other source alone, even one in a src folder', () => {
    expect(exampleExecutablePath(path.join(ws, 'src', 'main.c'))).toBeUndefined();
    expect(exampleExecutablePath(path.join(ws, 'hw1', 'src', 'hello.c'))).toBeUndefined();
    expect(exampleExecutablePath(path.join(ws, 'hello.c'))).toBeUndefined();
  });
});

describe('chooseCProgram', () => {
  const forktree = path.join(ws, 'examples', 'src', 'forktree.c');
  const mine = path.join(ws, 'hw1', 'hello.c');

  it("debugs an example's prebuilt binary even when a compiler exists (the forktree F5 path)", () => {
    const prebuilt = path.join(ws, 'examples', 'bin', 'forktree');
    expect(chooseCProgram({ source: forktree, examplePrebuilt: prebuilt, compiler: GCC })).toEqual({ kind: 'prebuilt', program: prebuilt });
  });

  it('compiles any other C file when a compiler exists, ignoring a same-named binary that may be stale', () => {
    const stale = path.join(ws, 'examples', 'bin', 'hello');
    expect(chooseCProgram({ source: mine, compiler: GCC, otherPrebuilt: stale })).toEqual({ kind: 'compile', compiler: '/usr/bin/riscv64-linux-gnu-gcc' });
  });

  it('never compiles a tiny-libc example with plain gcc: without its binary it asks for one', () => {
    expect(chooseCProgram({ source: path.join(ws, 'examples', 'src', 'newone.c'), compiler: GCC })).toEqual({ kind: 'buildExamples' });
  });

  it('treats a copy of the examples under any name as examples, when the caller recognises it (Open Examples)', () => {
    const copy = path.join(ws, 'my-course');
    const isCopy = (dir: string) => dir === copy;
    const source = path.join(copy, 'src', 'forktree.c');
    expect(exampleExecutablePath(source)).toBeUndefined();
    expect(exampleExecutablePath(source, isCopy)).toBe(path.join(copy, 'bin', 'forktree'));
    expect(exampleExecutablePath(path.join(copy, 'glibc', 'src', 'clocks.c'), isCopy)).toBe(path.join(copy, 'glibc', 'bin', 'clocks'));
    // Its tiny-libc sources are never compiled with plain gcc.
    expect(chooseCProgram({ source, compiler: GCC, isExamplesRoot: isCopy })).toEqual({ kind: 'buildExamples' });
    expect(chooseCProgram({ source, compiler: GCC })).toMatchObject({ kind: 'compile' });
  });

  it('compiles a glibc example without its binary', () => {
    expect(chooseCProgram({ source: path.join(ws, 'examples', 'glibc', 'src', 'new.c'), compiler: GCC })).toMatchObject({ kind: 'compile' });
  });

  it('stops on a bad compilerPath setting, even when a prebuilt program exists', () => {
    const message = 'glasskernel.compilerPath "x" is not a command on PATH.';
    expect(chooseCProgram({ source: mine, compiler: { found: false, reason: 'badSetting', message }, otherPrebuilt: '/ws/hw1/hello' })).toEqual({ kind: 'badSetting', message });
  });

  it('without a compiler, falls back to a prebuilt program, else to the install help', () => {
    expect(chooseCProgram({ source: mine, compiler: NONE, otherPrebuilt: '/ws/hw1/hello' })).toEqual({ kind: 'prebuilt', program: '/ws/hw1/hello' });
    expect(chooseCProgram({ source: mine, compiler: NONE })).toEqual({ kind: 'noCompiler' });
  });
});

/** A fake clock and file remover for BuildFolders. */
function fakeHost(): BuildFolderHost & { advance(ms: number): void; removed: string[] } {
  let now = 0;
  const timers: { at: number; run: () => void; live: boolean }[] = [];
  const removed: string[] = [];
  return {
    removed,
    setTimer(ms, run) {
      const t = { at: now + ms, run, live: true };
      timers.push(t);
      return { cancel: () => (t.live = false) };
    },
    remove: (dir) => removed.push(dir),
    advance(ms) {
      now += ms;
      for (const t of timers) {
        if (t.live && t.at <= now) {
          t.live = false;
          t.run();
        }
      }
    },
  };
}

describe('BuildFolders', () => {
  it('keeps a build while its adapter runs and removes it a grace period after the session', () => {
    const host = fakeHost();
    const folders = new BuildFolders(host);
    folders.add('/tmp/gk-1', '/tmp/gk-1/hello');
    const dir = folders.folderOf('/tmp/gk-1/hello')!;
    expect(dir).toBe('/tmp/gk-1');
    folders.claim(dir);
    host.advance(UNCLAIMED_BUILD_MS * 10);
    expect(host.removed).toEqual([]);
    folders.release(dir);
    host.advance(RESTART_GRACE_MS - 1);
    expect(host.removed).toEqual([]);
    host.advance(1);
    expect(host.removed).toEqual(['/tmp/gk-1']);
    expect(folders.size).toBe(0);
  });

  it('survives a restart: a new adapter on the same program before the grace ends keeps the folder', () => {
    const host = fakeHost();
    const folders = new BuildFolders(host);
    folders.add('/tmp/gk-2', '/tmp/gk-2/prog');
    folders.claim('/tmp/gk-2');
    folders.release('/tmp/gk-2');
    host.advance(500);
    folders.claim(folders.folderOf('/tmp/gk-2/prog')!);
    host.advance(RESTART_GRACE_MS * 3);
    expect(host.removed).toEqual([]);
    folders.release('/tmp/gk-2');
    folders.release('/tmp/gk-2');
    host.advance(RESTART_GRACE_MS);
    expect(host.removed).toEqual(['/tmp/gk-2']);
  });

  it('removes a build no session ever used, and everything on dispose', () => {
    const host = fakeHost();
    const folders = new BuildFolders(host);
    folders.add('/tmp/a', '/tmp/a/x');
    folders.add('/tmp/b', '/tmp/b/y');
    folders.claim('/tmp/b');
    host.advance(UNCLAIMED_BUILD_MS);
    expect(host.removed).toEqual(['/tmp/a']);
    expect(folders.folderOf('/tmp/a/x')).toBeUndefined();
    folders.dispose();
    expect(host.removed).toEqual(['/tmp/a', '/tmp/b']);
    expect(folders.folderOf(42)).toBeUndefined();
  });
});
