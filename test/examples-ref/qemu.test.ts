/**
 * The committed example binaries (examples/bin, examples/glibc/bin) against
 * their committed reference outputs (examples/expected, examples/glibc/expected),
 * run under qemu-riscv64.
 *
 * These tests check the references themselves: that they are what the
 * binaries really print on a Linux kernel (through qemu-user), so the
 * kernel-scenario tests that compare Glasskernel's CLI output with the same
 * files compare against the truth. Regenerate with
 * `bash examples/record-expected.sh` after rebuilding the examples.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { byNameExpected, byNameScript } from './by-name';
import { binDir, EXAMPLES, exampleNames, recorded, ROOT, stdinFor, type ExampleSet } from './guest';

const BINFMT_WRAPPER = join(EXAMPLES, 'tools', 'with-riscv-binfmt');

/** Examples that execve() a riscv64 binary, so need binfmt_misc under qemu-user. */
const NEEDS_BINFMT = new Set(['exec', 'sh', 'fork_exec']);

/** ELF constants (System V gABI; EM_RISCV from the RISC-V psABI). */
const ELFMAG = [0x7f, 0x45, 0x4c, 0x46];
const EI_CLASS = 4;
const ELFCLASS64 = 2;
const E_TYPE_OFFSET = 16;
const E_MACHINE_OFFSET = 18;
const ET_EXEC = 2;
const EM_RISCV = 243;
const E_PHOFF_OFFSET = 32;
const E_PHENTSIZE_OFFSET = 54;
const E_PHNUM_OFFSET = 56;
const PT_INTERP = 3;
const PT_DYNAMIC = 2;

/** Runs a command from the repository root; true when it exits with status 0. */
function runsOk(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'ignore' });
  return result.error === undefined && result.status === 0;
}

const hasQemu = runsOk('qemu-riscv64', ['--version']);
const hasBinfmt = hasQemu && runsOk(BINFMT_WRAPPER, ['true']);
const hasObjdump = runsOk('riscv64-linux-gnu-objdump', ['--version']);

if (!hasQemu) console.warn('examples-ref: qemu-riscv64 not found (Debian package qemu-user); skipping the qemu runs');
else if (!hasBinfmt) {
  console.warn(
    'examples-ref: examples/tools/with-riscv-binfmt does not work here (needs Linux >= 6.7 with unprivileged ' +
      'user namespaces); skipping the examples that execve a riscv64 binary under qemu-riscv64',
  );
}
if (!hasObjdump) console.warn('examples-ref: riscv64-linux-gnu-objdump not found; skipping the instruction-set check');

const names = exampleNames('tiny');
const glibcNames = exampleNames('glibc');

/**
 * Guest environment lines of a program under qemu (examples/input/<name>.env, passed with -E):
 * @ROOT@ is the repository root, @HOME@ a fresh directory.
 */
function guestEnv(name: string, home: string): string[] {
  const file = join(EXAMPLES, 'input', `${name}.env`);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .flatMap((line) => ['-E', line.replaceAll('@ROOT@', ROOT.replace(/\/$/, '')).replaceAll('@HOME@', home)]);
}

/** Runs a program under qemu-riscv64 (inside the binfmt wrapper when needed), as record-expected.sh does. */
function runUnderQemu(set: ExampleSet, name: string, stdin = stdinFor(name)): { stdout: string; status: number | null } {
  const home = mkdtempSync(join(tmpdir(), 'glasskernel-qemu-'));
  try {
    const bin = join(set === 'tiny' ? 'examples/bin' : 'examples/glibc/bin', name);
    const program = ['qemu-riscv64', ...guestEnv(name, home), bin];
    const [command, ...args] = NEEDS_BINFMT.has(name) ? [BINFMT_WRAPPER, ...program] : program;
    const result = spawnSync(command, args, { cwd: ROOT, encoding: 'latin1', input: stdin ?? '', timeout: 120_000 });
    return { stdout: result.stdout, status: result.status };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

describe('example programs', () => {
  it('has the examples issues 2 and 4 promise', () => {
    for (const name of ['cow', 'exec', 'forktree', 'hello', 'segv', 'mmap_shared', 'munmap_split', 'mprotect',
      'zombie_orphan', 'pipe', 'threads', 'stack_grow', 'signal', 'unshare_files', 'sh']) {
      expect(names).toContain(name);
    }
    expect(glibcNames.length).toBeGreaterThanOrEqual(9);
  });

  const all = [...names.map((name) => ['tiny', name] as const), ...glibcNames.map((name) => ['glibc', name] as const)];

  it.each(all)('%s/%s has a committed binary and recorded stdout and status', (set, name) => {
    expect(existsSync(join(binDir(set), name))).toBe(true);
    expect(recorded(set, name).stdout.length).toBeGreaterThan(0);
    expect(Number.isInteger(recorded(set, name).status)).toBe(true);
  });

  it.each(all)('%s/%s is a static riscv64 ELF executable with no interpreter', (set, name) => {
    const elf = readFileSync(join(binDir(set), name));
    expect([...elf.subarray(0, ELFMAG.length)]).toEqual(ELFMAG);
    expect(elf[EI_CLASS]).toBe(ELFCLASS64);
    expect(elf.readUInt16LE(E_TYPE_OFFSET)).toBe(ET_EXEC);
    expect(elf.readUInt16LE(E_MACHINE_OFFSET)).toBe(EM_RISCV);
    const phoff = Number(elf.readBigUInt64LE(E_PHOFF_OFFSET));
    const phentsize = elf.readUInt16LE(E_PHENTSIZE_OFFSET);
    const types = Array.from({ length: elf.readUInt16LE(E_PHNUM_OFFSET) }, (_, i) =>
      elf.readUInt32LE(phoff + i * phentsize),
    );
    expect(types).not.toContain(PT_INTERP);
    expect(types).not.toContain(PT_DYNAMIC);
  });

  it.skipIf(!hasObjdump).each(names)('%s uses no floating-point instructions (rv64imac only)', (name) => {
    const dump = spawnSync('riscv64-linux-gnu-objdump', ['-d', '--no-show-raw-insn', `examples/bin/${name}`], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const mnemonics = dump.stdout
      .split('\n')
      .map((line) => /^\s+[0-9a-f]+:\t(\S+)/.exec(line)?.[1])
      .filter((m): m is string => m !== undefined);
    expect(mnemonics.length).toBeGreaterThan(0);
    // Every F/D mnemonic starts with "f" (c.fld, c.fsd too); fence/fence.i are base ISA.
    const floating = mnemonics.filter((m) => /^(c\.)?f/.test(m) && !/^fence(\.i)?$/.test(m));
    expect(floating).toEqual([]);
  });

  for (const [set, name] of all) {
    const runnable = hasQemu && (hasBinfmt || !NEEDS_BINFMT.has(name));
    it.skipIf(!runnable)(`${set}/${name} under qemu-riscv64 prints the recorded stdout and exits with the recorded status`, () => {
      const { stdout, status } = runUnderQemu(set, name);
      expect(stdout).toBe(recorded(set, name).stdout);
      expect(status).toBe(recorded(set, name).status);
    });
  }

  it.skipIf(!hasBinfmt)('sh under qemu-riscv64 runs every example by name, printing what each prints alone', () => {
    const { stdout, status } = runUnderQemu('tiny', 'sh', byNameScript());
    const expected = byNameExpected();
    expect(stdout).toBe(expected.stdout);
    expect(status).toBe(expected.status);
  });
});
