/**
 * Finding RISC-V programs for F5 and the debug dropdown (issue 12): the ELF header test, the
 * search order for a source (next to it, bin/, build/, ../bin/, then the workspace by name), the
 * bounded workspace walk, with temporary folders of fake ELF headers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_LIMITS,
  EM_RISCV,
  findExecutableForSource,
  findRiscvExecutables,
  isRiscvElfHeader,
  isRiscvExecutableFile,
  mayBeProgram,
  nearbyCandidates,
} from '../../src/extension/programDiscovery';

/** A 64-byte ELF64 header (plus `extra` bytes) with the given fields. */
function elf(opts: { machine?: number; type?: number; cls?: number; data?: number; extra?: number } = {}): Buffer {
  const b = Buffer.alloc(64 + (opts.extra ?? 64));
  b.set([0x7f, 0x45, 0x4c, 0x46, opts.cls ?? 2, opts.data ?? 1, 1], 0);
  b.writeUInt16LE(opts.type ?? 2, 16);
  b.writeUInt16LE(opts.machine ?? EM_RISCV, 18);
  return b;
}

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-discovery-'));
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

/** Writes `content` at `rel` under the temp root, creating folders; returns the absolute path. */
function put(rel: string, content: Buffer | string = elf()): string {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

describe('isRiscvElfHeader', () => {
  it('accepts RV64 little-endian executables and static-pie (ET_DYN)', () => {
    expect(isRiscvElfHeader(elf())).toBe(true);
    expect(isRiscvElfHeader(elf({ type: 3 }))).toBe(true);
  });

  it('rejects other machines, object files, RV32, big-endian, short and non-ELF data', () => {
    expect(isRiscvElfHeader(elf({ machine: 62 }))).toBe(false); // x86-64
    expect(isRiscvElfHeader(elf({ type: 1 }))).toBe(false); // ET_REL
    expect(isRiscvElfHeader(elf({ type: 4 }))).toBe(false); // ET_CORE
    expect(isRiscvElfHeader(elf({ cls: 1 }))).toBe(false);
    expect(isRiscvElfHeader(elf({ data: 2 }))).toBe(false);
    expect(isRiscvElfHeader(elf().subarray(0, 63))).toBe(false);
    expect(isRiscvElfHeader(Buffer.alloc(64))).toBe(false);
  });

  it('accepts the committed example binaries', async () => {
    const forktree = path.resolve(__dirname, '../../examples/bin/forktree');
    if (fs.existsSync(forktree)) expect(await isRiscvExecutableFile(forktree)).toBe(true);
  });
});

describe('isRiscvExecutableFile', () => {
  it('reads the header of regular files only', async () => {
    expect(await isRiscvExecutableFile(put('a/prog'))).toBe(true);
    expect(await isRiscvExecutableFile(put('a/x86', elf({ machine: 62 })))).toBe(false);
    expect(await isRiscvExecutableFile(put('a/text', '#!/bin/sh\necho hi\n'))).toBe(false);
    expect(await isRiscvExecutableFile(put('a/short', elf().subarray(0, 40)))).toBe(false);
    fs.mkdirSync(path.join(root, 'a/dir'));
    expect(await isRiscvExecutableFile(path.join(root, 'a/dir'))).toBe(false);
    expect(await isRiscvExecutableFile(path.join(root, 'missing'))).toBe(false);
  });
});

describe('nearbyCandidates', () => {
  it('lists next to the source, bin/, build/, ../bin/, in that order', () => {
    const src = path.join(root, 'ex', 'src', 'forktree.c');
    expect(nearbyCandidates(src)).toEqual([
      path.join(root, 'ex', 'src', 'forktree'),
      path.join(root, 'ex', 'src', 'bin', 'forktree'),
      path.join(root, 'ex', 'src', 'build', 'forktree'),
      path.join(root, 'ex', 'src', '..', 'bin', 'forktree'),
    ]);
  });
});

describe('findExecutableForSource', () => {
  it('finds ../bin/<name> for src/<name>.c (the examples folder opened as the workspace)', async () => {
    const src = put('src/forktree.c', 'int main(void) { return 0; }\n');
    const bin = put('bin/forktree');
    expect(await findExecutableForSource(src, [root])).toBe(bin);
  });

  it('prefers next to the source, then bin/, then build/, then ../bin/', async () => {
    const src = put('p/hello.c', '');
    put('bin/hello');
    const build = put('p/build/hello');
    expect(await findExecutableForSource(src, [root])).toBe(build);
    const bin = put('p/bin/hello');
    expect(await findExecutableForSource(src, [root])).toBe(bin);
    const next = put('p/hello');
    expect(await findExecutableForSource(src, [root])).toBe(next);
  });

  it('skips candidates that are not RISC-V executables', async () => {
    const src = put('p/hello.c', '');
    put('p/hello', elf({ machine: 62 }));
    put('p/bin/hello', elf({ type: 1 }));
    const ok = put('bin/hello');
    expect(await findExecutableForSource(src, [root])).toBe(ok);
  });

  it('falls back to a file of the same base name anywhere in the workspace, shallowest first', async () => {
    const src = put('hw/one/cow.c', '');
    put('z/deep/er/cow');
    const shallow = put('out/cow');
    put('out/cow.o', elf({ type: 1 }));
    expect(await findExecutableForSource(src, [root])).toBe(shallow);
  });

  it('never looks in node_modules or hidden folders, and gives up beyond the bounds', async () => {
    const src = put('hw/cow.c', '');
    put('node_modules/x/cow');
    put('.git/cow');
    put('.cache/bin/cow');
    expect(await findExecutableForSource(src, [root])).toBeUndefined();
    const deep = put('a/b/c/cow');
    expect(await findExecutableForSource(src, [root], { ...DEFAULT_LIMITS, maxDepth: 2 })).toBeUndefined();
    expect(await findExecutableForSource(src, [root])).toBe(deep);
  });

  it('is undefined with nothing to find', async () => {
    expect(await findExecutableForSource(put('x.c', ''), [root])).toBeUndefined();
  });
});

describe('findRiscvExecutables', () => {
  it('lists every RISC-V executable of the roots, shallow first, skipping sources, objects and other machines', async () => {
    const a = put('forktree');
    const b = put('bin/cow');
    const c = put('glibc/bin/pthreads');
    put('src/cow.c', elf()); // a source extension: never read
    put('lib/x86', elf({ machine: 62 }));
    put('obj/cow.o', elf({ type: 1 }));
    put('node_modules/pkg/riscv');
    expect(await findRiscvExecutables([root])).toEqual([a, b, c]);
  });

  it('stops at maxResults and maxHeaderReads', async () => {
    for (let i = 0; i < 5; i++) put(`bin/p${i}`);
    expect(await findRiscvExecutables([root], { ...DEFAULT_LIMITS, maxResults: 2 })).toHaveLength(2);
    expect(await findRiscvExecutables([root], { ...DEFAULT_LIMITS, maxHeaderReads: 3 })).toHaveLength(3);
  });

  it('searches several roots and survives a missing one', async () => {
    const a = put('one/bin/a');
    const b = put('two/b');
    expect(await findRiscvExecutables([path.join(root, 'one'), path.join(root, 'missing'), path.join(root, 'two')])).toEqual([b, a]);
  });
});

describe('mayBeProgram', () => {
  it('reads files with no extension or an executable-like one, not sources and text', () => {
    expect(mayBeProgram('forktree')).toBe(true);
    expect(mayBeProgram('a.out')).toBe(true);
    expect(mayBeProgram('hello.elf')).toBe(true);
    expect(mayBeProgram('hello.c')).toBe(false);
    expect(mayBeProgram('macros.S')).toBe(false);
    expect(mayBeProgram('cow.o')).toBe(false);
  });
});
