/**
 * The committed example binaries (examples/bin) against their committed
 * reference outputs (examples/expected), run under qemu-riscv64.
 *
 * These tests check the references themselves: that they are what the
 * binaries really print on a Linux kernel (through qemu-user), so the
 * kernel-scenario tests that compare Glasskernel's CLI output with the same
 * files compare against the truth. Regenerate with
 * `bash examples/record-expected.sh` after rebuilding the examples.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EXAMPLES = join(ROOT, 'examples');
const BINFMT_WRAPPER = join(EXAMPLES, 'tools', 'with-riscv-binfmt');

/** Examples that execve() a riscv64 binary, so need binfmt_misc under qemu-user. */
const NEEDS_BINFMT = new Set(['exec']);

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

/** Example names: every examples/src/<name>.c. */
const names = readdirSync(join(EXAMPLES, 'src'))
  .filter((file) => file.endsWith('.c'))
  .map((file) => file.slice(0, -'.c'.length))
  .sort();

function expectedStdout(name: string): string {
  return readFileSync(join(EXAMPLES, 'expected', `${name}.stdout`), 'latin1');
}

function expectedStatus(name: string): number {
  return Number.parseInt(readFileSync(join(EXAMPLES, 'expected', `${name}.status`), 'utf8').trim(), 10);
}

/** Runs examples/bin/<name> under qemu-riscv64 (inside the binfmt wrapper when needed). */
function runUnderQemu(name: string): { stdout: string; status: number | null } {
  const program = ['qemu-riscv64', `examples/bin/${name}`];
  const [command, ...args] = NEEDS_BINFMT.has(name) ? [BINFMT_WRAPPER, ...program] : program;
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'latin1', timeout: 60_000 });
  return { stdout: result.stdout, status: result.status };
}

describe('example programs', () => {
  it('has the five examples the walking skeleton promises', () => {
    expect(names).toEqual(['cow', 'exec', 'forktree', 'hello', 'segv']);
  });

  it.each(names)('%s has a committed binary and recorded stdout and status', (name) => {
    expect(existsSync(join(EXAMPLES, 'bin', name))).toBe(true);
    expect(expectedStdout(name).length).toBeGreaterThan(0);
    expect(Number.isInteger(expectedStatus(name))).toBe(true);
  });

  it.each(names)('%s is a static riscv64 ELF executable with no interpreter', (name) => {
    const elf = readFileSync(join(EXAMPLES, 'bin', name));
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

  for (const name of names) {
    const runnable = hasQemu && (hasBinfmt || !NEEDS_BINFMT.has(name));
    it.skipIf(!runnable)(`${name} under qemu-riscv64 prints the recorded stdout and exits with the recorded status`, () => {
      const { stdout, status } = runUnderQemu(name);
      expect(stdout).toBe(expectedStdout(name));
      expect(status).toBe(expectedStatus(name));
    });
  }
});
