/**
 * The C compiler driver behind F5 on a .c file (issue 11): finding the compiler (setting first,
 * then PATH in order), compiling with the real riscv64 cross gcc into a temporary folder and
 * running the result on our kernel, compile errors as a short message with file:line, and the
 * install help when there is no compiler.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runProgram } from '../../src/cli/runner';
import { CC_FLAGS, COMPILER_NAMES, compileC, findCompiler, installHints, noCompilerHelp, summarizeCompilerOutput } from '../../src/toolchain/cc';

const hasGcc = spawnSync('riscv64-linux-gnu-gcc', ['--version']).status === 0;
const gccTitle = hasGcc ? '' : ' (skipped: riscv64-linux-gnu-gcc is not installed)';

const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'glasskernel-cc-test-'));
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

/** A fresh folder under the test's temporary folder. */
function freshDir(): string {
  return fs.mkdtempSync(path.join(temp, 'd-'));
}

/** Writes `text` to `<dir>/<name>` and returns its path. */
function writeSource(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** A lookup where exactly `files` are executable. */
function onlyExecutable(...files: string[]): (f: string) => boolean {
  return (f) => files.includes(f);
}

describe('findCompiler', () => {
  const env = { PATH: '/opt/a:/usr/bin' };

  it('prefers glasskernel.compilerPath over anything on PATH', () => {
    const r = findCompiler({ setting: '/opt/riscv/bin/riscv64-unknown-linux-gnu-gcc', env, platform: 'linux', isExecutable: onlyExecutable('/opt/riscv/bin/riscv64-unknown-linux-gnu-gcc', '/usr/bin/riscv64-linux-gnu-gcc') });
    expect(r).toEqual({ found: true, path: '/opt/riscv/bin/riscv64-unknown-linux-gnu-gcc', source: 'setting' });
  });

  it('resolves a relative, ~ or ${workspaceFolder} setting, and looks a bare name up on PATH', () => {
    const isExecutable = onlyExecutable('/ws/tools/gcc', '/home/u/riscv/bin/gcc', '/usr/bin/my-riscv-gcc');
    expect(findCompiler({ setting: 'tools/gcc', baseDir: '/ws', env, platform: 'linux', isExecutable })).toMatchObject({ found: true, path: '/ws/tools/gcc' });
    expect(findCompiler({ setting: '${workspaceFolder}/tools/gcc', baseDir: '/ws', env, platform: 'linux', isExecutable })).toMatchObject({ found: true, path: '/ws/tools/gcc' });
    expect(findCompiler({ setting: '~/riscv/bin/gcc', homeDir: '/home/u', env, platform: 'linux', isExecutable })).toMatchObject({ found: true, path: '/home/u/riscv/bin/gcc' });
    expect(findCompiler({ setting: 'my-riscv-gcc', env, platform: 'linux', isExecutable })).toMatchObject({ found: true, path: '/usr/bin/my-riscv-gcc', source: 'setting' });
  });

  it('reports a setting that names nothing runnable instead of silently using PATH', () => {
    const r = findCompiler({ setting: '/nope/gcc', env, platform: 'linux', isExecutable: onlyExecutable('/usr/bin/riscv64-linux-gnu-gcc') });
    expect(r.found).toBe(false);
    expect(r).toMatchObject({ reason: 'badSetting' });
    expect(r.found === false && r.reason === 'badSetting' && r.message).toContain('glasskernel.compilerPath "/nope/gcc" is not an executable file');
  });

  it('takes riscv64-linux-gnu-gcc before riscv64-unknown-linux-gnu-gcc, each from the first PATH entry holding it', () => {
    const both = onlyExecutable('/opt/a/riscv64-unknown-linux-gnu-gcc', '/usr/bin/riscv64-linux-gnu-gcc');
    expect(findCompiler({ env, platform: 'linux', isExecutable: both })).toEqual({ found: true, path: '/usr/bin/riscv64-linux-gnu-gcc', source: 'path' });
    const unknownOnly = onlyExecutable('/usr/bin/riscv64-unknown-linux-gnu-gcc', '/opt/a/riscv64-unknown-linux-gnu-gcc');
    expect(findCompiler({ env, platform: 'linux', isExecutable: unknownOnly })).toEqual({ found: true, path: '/opt/a/riscv64-unknown-linux-gnu-gcc', source: 'path' });
    expect(findCompiler({ setting: '   ', env, platform: 'linux', isExecutable: both })).toMatchObject({ source: 'path' });
  });

  it('uses ; and PATHEXT on Windows', () => {
    const r = findCompiler({ env: { Path: 'C:\\tools;C:\\riscv\\bin', PATHEXT: '.EXE;.CMD' }, platform: 'win32', isExecutable: onlyExecutable('C:\\riscv\\bin\\riscv64-linux-gnu-gcc.EXE') });
    expect(r).toEqual({ found: true, path: 'C:\\riscv\\bin\\riscv64-linux-gnu-gcc.EXE', source: 'path' });
  });

  it('finds none on an empty PATH and names what it looked for', () => {
    expect(findCompiler({ env: { PATH: '' }, platform: 'linux', isExecutable: () => true })).toEqual({ found: false, reason: 'none', searched: [...COMPILER_NAMES] });
    expect(findCompiler({ env: {}, platform: 'linux', isExecutable: () => false })).toMatchObject({ found: false, reason: 'none' });
  });

  it.skipIf(!hasGcc)(`finds the installed cross gcc on the real PATH${gccTitle}`, () => {
    const r = findCompiler({});
    expect(r.found).toBe(true);
    expect(r.found && path.basename(r.path)).toBe('riscv64-linux-gnu-gcc');
  });
});

describe('compileC with the real cross compiler', () => {
  it.skipIf(!hasGcc)(`builds a static rv64gc program into the folder, and it runs on our kernel${gccTitle}`, async () => {
    const src = writeSource(freshDir(), 'greet.c', '#include <stdio.h>\n#include <stdlib.h>\nint main(int argc, char **argv) {\n  double x = 1.5 * argc;\n  printf("hello %s %.1f\\n", argv[1], x);\n  return 7;\n}\n');
    const out = freshDir();
    const lookup = findCompiler({});
    if (!lookup.found) throw new Error('no compiler');
    const r = await compileC({ compiler: lookup.path, source: src, outDir: out });
    expect(r).toMatchObject({ ok: true, executable: path.join(out, 'greet') });
    expect(r.commandLine).toContain(CC_FLAGS.join(' '));
    const elf = fs.readFileSync(path.join(out, 'greet'));
    let stdout = '';
    const run = runProgram({
      path: '/bin/greet',
      files: new Map([['/bin/greet', new Uint8Array(elf)]]),
      argv: ['greet', 'world'],
      write: (_fd, data) => (stdout += Buffer.from(data).toString()),
    });
    expect(run.error).toBeUndefined();
    expect(stdout).toBe('hello world 3.0\n');
    expect(run.exitCode).toBe(7);
  });

  it.skipIf(!hasGcc)(`a syntax error fails with file:line:column in the message and everything in the output${gccTitle}`, async () => {
    const src = writeSource(freshDir(), 'broken.c', 'int main(void) {\n  return x;\n}\n');
    const out = freshDir();
    const r = await compileC({ compiler: 'riscv64-linux-gnu-gcc', source: src, outDir: out });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toMatch(/^broken\.c:2:10: error: .*x.* undeclared/);
    expect(r.message).not.toContain(path.dirname(src));
    expect(r.output).toContain(`${src}:2:10: error`);
    expect(r.output).toContain('note:');
    expect(fs.readdirSync(out)).toEqual([]);
  });

  it.skipIf(!hasGcc)(`a link error names the undefined symbol${gccTitle}`, async () => {
    const src = writeSource(freshDir(), 'nolink.c', 'int missing(void);\nint main(void) { return missing(); }\n');
    const r = await compileC({ compiler: 'riscv64-linux-gnu-gcc', source: src, outDir: freshDir() });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/nolink\.c:2: undefined reference to `missing'/);
  });

  it('a compiler that cannot start is a failure value, not an exception', async () => {
    const src = writeSource(freshDir(), 'a.c', 'int main(void) { return 0; }\n');
    const r = await compileC({ compiler: path.join(temp, 'no-such-gcc'), source: src, outDir: freshDir() });
    expect(r).toMatchObject({ ok: false });
    expect(!r.ok && r.message).toContain('cannot run');
  });

  it.skipIf(process.platform === 'win32')('a compiler that hangs is stopped by the timeout (skipped on Windows: needs a shell script)', async () => {
    const src = writeSource(freshDir(), 'a.c', 'int main(void) { return 0; }\n');
    const r = await compileC({ compiler: sleepyCompiler(), source: src, outDir: freshDir(), timeoutMs: 300 });
    expect(r).toMatchObject({ ok: false });
    expect(!r.ok && r.message).toContain('took longer than');
  });
});

/** A "compiler" that sleeps for 30 s (a shell script). */
function sleepyCompiler(): string {
  const script = path.join(temp, 'sleepy-gcc');
  fs.writeFileSync(script, '#!/bin/sh\nexec sleep 30\n', { mode: 0o755 });
  return script;
}

describe('summarizeCompilerOutput', () => {
  it('keeps the first three error lines, with the source path shortened', () => {
    const out = [
      '/w/p.c: In function ‘main’:',
      '/w/p.c:3:5: error: ‘a’ undeclared (first use in this function)',
      '/w/p.c:3:5: note: each undeclared identifier is reported only once',
      '/w/p.c:4:5: error: ‘b’ undeclared',
      '/w/p.c:5:5: error: ‘c’ undeclared',
      '/w/p.c:6:5: error: ‘d’ undeclared',
    ].join('\n');
    expect(summarizeCompilerOutput(out, '/w/p.c').split('\n')).toEqual(["p.c:3:5: error: ‘a’ undeclared (first use in this function)", 'p.c:4:5: error: ‘b’ undeclared', 'p.c:5:5: error: ‘c’ undeclared']);
  });

  it('falls back to the first lines when no line says error, and is empty for no output', () => {
    expect(summarizeCompilerOutput('something odd\n\nhappened\n')).toBe('something odd\nhappened');
    expect(summarizeCompilerOutput('')).toBe('');
  });
});

describe('no compiler: the one message', () => {
  it('names the file and what was looked for, and lists an install route for every host', () => {
    const { message, detail } = noCompilerHelp('hello.c', 'linux');
    expect(message).toContain('hello.c');
    expect(message).toContain('glasskernel.compilerPath');
    expect(message).toContain('riscv64-linux-gnu-gcc and riscv64-unknown-linux-gnu-gcc');
    expect(detail).toContain('Debian/Ubuntu: sudo apt install gcc-riscv64-linux-gnu');
    expect(detail).toMatch(/Fedora: .*no C library.*container/);
    expect(detail).toMatch(/macOS: .*riscv64-elf-gcc targets bare metal/);
    expect(detail).toContain('riscv-collab/riscv-gnu-toolchain');
    expect(detail).toContain('make linux');
    expect(detail).toMatch(/Windows: .*WSL.*sudo apt install gcc-riscv64-linux-gnu/);
    expect(detail).toContain('examples/src');
  });

  it("puts this host's route first", () => {
    expect(installHints('darwin')[0]!.host).toBe('macOS');
    expect(installHints('win32')[0]!.host).toBe('Windows');
    expect(installHints('linux')[0]!.host).toBe('Debian/Ubuntu');
    expect(installHints('linux').map((h) => h.host).sort()).toEqual(['Debian/Ubuntu', 'Fedora', 'Windows', 'macOS']);
  });
});
