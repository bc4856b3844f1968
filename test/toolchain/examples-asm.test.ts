/**
 * The assembly examples (examples/asm) built with the built-in assembler and linker (issue 11):
 * each runs under the kernel with the output and exit status recorded here, which are what the
 * GNU-built program prints under qemu-riscv64; and where the GNU tools are installed, our
 * executable's .text, .rodata and .data bytes, section addresses, entry and symbol values equal
 * those of `riscv64-linux-gnu-as -march=rv64gc -mno-relax` (`gcc -c` for .S) + `ld -static
 * --no-relax`, and both run alike.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProgram } from '../../src/cli/runner';
import { STT_FILE, findSection, parseElf64, type Elf64 } from '../../src/elf';
import { hostIncludeReader } from '../../src/host/asm-sources';
import { buildExecutable } from '../../src/toolchain/build';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const ASM = path.join(ROOT, 'examples', 'asm');
const hasGnu = spawnSync('riscv64-linux-gnu-as', ['--version']).status === 0 && spawnSync('riscv64-linux-gnu-gcc', ['--version']).status === 0;
const hasQemu = spawnSync('qemu-riscv64', ['--version']).status === 0;

/** What each example prints and its exit status (as the GNU-built program does under qemu-riscv64). */
const EXPECTED: Record<string, { stdout: string; status: number }> = {
  'hello.s': { stdout: 'Hello from RISC-V assembly!\n', status: 0 },
  'forkwait.s': { stdout: 'child: hello\nparent: child exited\n', status: 3 },
  'mmap_touch.s': { stdout: 'mmap_touch: the new page holds what was stored\n', status: 0 },
  'recursion.s': { stdout: '3628800\n', status: 120 },
  'macros.S': { stdout: 'a line from a macro\n'.repeat(3), status: 0 },
};
/** Loaded sections compared byte for byte with GNU's. */
const COMPARED_SECTIONS = ['.text', '.rodata', '.data'];

function ours(name: string): Uint8Array {
  const file = path.join(ASM, name);
  const r = buildExecutable([{ path: file, text: fs.readFileSync(file, 'utf8') }], { readFile: hostIncludeReader });
  expect(r.assembly.filter((d) => d.severity === 'error')).toEqual([]);
  expect(r.link.filter((d) => d.severity === 'error')).toEqual([]);
  return r.executable!;
}

function runOurs(name: string, exe: Uint8Array): { stdout: string; status: number } {
  let stdout = '';
  const guest = `/bin/${name.replace(/\.(s|S)$/, '')}`;
  const r = runProgram({ path: guest, files: new Map([[guest, exe]]), argv: [guest], write: (fd, d) => { if (fd === 1) stdout += Buffer.from(d).toString('utf8'); } });
  return { stdout, status: r.exitCode };
}

function gnu(name: string, dir: string): string {
  const src = path.join(ASM, name);
  const obj = path.join(dir, `${name}.o`);
  const exe = path.join(dir, `${name}.gnu`);
  const compile = name.endsWith('.S')
    // -fno-pic: Debian's gcc builds PIE by default, and in PIC mode `la` loads from the GOT; static, as ours.
    ? spawnSync('riscv64-linux-gnu-gcc', ['-c', '-fno-pic', '-march=rv64gc', '-mabi=lp64d', '-mno-relax', '-o', obj, src])
    : spawnSync('riscv64-linux-gnu-as', ['-march=rv64gc', '-mno-relax', '-o', obj, src]);
  expect(compile.status, compile.stderr.toString()).toBe(0);
  const ld = spawnSync('riscv64-linux-gnu-ld', ['-static', '--no-relax', '-o', exe, obj]);
  expect(ld.status, ld.stderr.toString()).toBe(0);
  return exe;
}

function elf(bytes: Uint8Array): Elf64 {
  const r = parseElf64(bytes);
  if (!r.ok) throw new Error(r.error);
  return r.elf;
}

/**
 * Symbols by name with their values: the named ones, without STT_FILE entries, local .L labels
 * and the psABI's mapping symbols (`$x`, `$d`, `$x<isa string>`), which GNU as emits only in
 * some modes.
 */
function symbolValues(e: Elf64): Record<string, bigint> {
  const out: Record<string, bigint> = {};
  for (const s of e.symbols) if (s.name && s.type !== STT_FILE && !s.name.startsWith('.L') && !/^\$[xd]/.test(s.name)) out[s.name] = BigInt(s.value);
  return out;
}

describe('the assembly examples, built with the built-in toolchain', () => {
  it.each(Object.keys(EXPECTED))('%s runs under the kernel with its recorded output and status', (name) => {
    expect(runOurs(name, ours(name))).toEqual(EXPECTED[name]);
  });
});

describe.skipIf(!hasGnu)('the assembly examples against GNU as + ld (needs riscv64-linux-gnu-as, -gcc, -ld)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-asm-examples-'));

  it.each(Object.keys(EXPECTED))('%s: same loaded bytes, addresses, entry and symbols as GNU\'s executable', (name) => {
    const mine = elf(ours(name));
    const theirs = elf(new Uint8Array(fs.readFileSync(gnu(name, dir))));
    expect(mine.entry).toBe(theirs.entry);
    for (const sec of COMPARED_SECTIONS) {
      const a = findSection(mine, sec);
      const b = findSection(theirs, sec);
      expect(a?.addr, `${name} ${sec} address`).toBe(b?.addr);
      const bytes = (e: Elf64, s: typeof a) => (s ? Buffer.from(e.bytes.subarray(Number(s.offset), Number(s.offset) + Number(s.size))).toString('hex') : undefined);
      expect(bytes(mine, a), `${name} ${sec} bytes`).toBe(bytes(theirs, b));
    }
    const want = symbolValues(theirs);
    const got = symbolValues(mine);
    for (const [sym, value] of Object.entries(want)) expect(got[sym], `${name}: ${sym}`).toBe(value);
  });

  it.skipIf(!hasQemu).each(Object.keys(EXPECTED))('%s: the GNU-built program prints the recorded output under qemu-riscv64', (name) => {
    const r = spawnSync('qemu-riscv64', [gnu(name, dir)]);
    expect({ stdout: r.stdout.toString(), status: r.status }).toEqual(EXPECTED[name]);
  });
});
