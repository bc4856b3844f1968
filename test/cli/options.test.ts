import { describe, expect, it } from 'vitest';
import { faultLine, hexAddress, parse, type CliOptions } from '../../src/cli/options';
import { checkGuestMemoryMiB, MAX_GUEST_MEMORY_MIB } from '../../src/host/guest-memory';
import { MAX_PHYSICAL_MEMORY } from '../../src/emu/memory';

function parsed(argv: string[]): CliOptions {
  const o = parse(argv);
  if (typeof o === 'string') throw new Error(o);
  return o;
}

describe('--memory-mib accepts exactly what the machine can boot', () => {
  it('accepts 1 to 1024 MiB (the emulator limit, MAX_PHYSICAL_MEMORY)', () => {
    expect(MAX_GUEST_MEMORY_MIB * 1024 * 1024).toBe(MAX_PHYSICAL_MEMORY);
    expect(parsed(['--memory-mib=1', 'p']).memoryMiB).toBe(1);
    expect(parsed(['--memory-mib=1024', 'p']).memoryMiB).toBe(1024);
  });

  it('refuses 0, 1025, 4096, negative, non-numeric and huge values with one sentence', () => {
    for (const v of ['0', '1025', '4096', '-1', '12.5', 'abc', '', '0x10', '1e3', '99999999999999999999999']) {
      expect(parse([`--memory-mib=${v}`, 'p'])).toMatch(/^--memory-mib must be an integer number of MiB of guest RAM from 1 to 1024, not /);
    }
  });

  it('gives the adapter the same check and the same words', () => {
    expect(checkGuestMemoryMiB(2048)).toEqual({ ok: false, error: 'must be an integer number of MiB of guest RAM from 1 to 1024, not 2048' });
    expect(checkGuestMemoryMiB(512)).toEqual({ ok: true, mib: 512 });
    for (const v of [0, -4, 1.5, NaN, Infinity, null, true, [], {}, '1025']) expect(checkGuestMemoryMiB(v).ok).toBe(false);
  });
});

describe('other options refuse bad values with a sentence', () => {
  it('--max-instructions: positive safe integers only', () => {
    expect(parsed(['--max-instructions=5', 'p']).maxInstructions).toBe(5);
    for (const v of ['0', '-1', 'x', '', '1.5', '99999999999999999999']) expect(parse([`--max-instructions=${v}`, 'p'])).toMatch(/^--max-instructions: must be a whole number/);
  });

  it('--trace only knows its kinds; --stats takes no value; unknown options are named (clipped)', () => {
    expect(parse(['--trace=syscall', 'p'])).toMatch(/^--trace:/);
    expect(parse(['--stats=1', 'p'])).toMatch(/unknown or malformed option/);
    expect((parse(['--' + 'x'.repeat(10_000), 'p']) as string).length).toBeLessThan(200);
  });
});

describe('addresses are shown as unsigned 64-bit hex (finding 9)', () => {
  it('prints a kernel-half fault address as 0xfffffffffffff818, not 0x-7e8', () => {
    const line = faultLine({ pid: 2, tid: 2, access: 'write', address: -0x7e8, sepc: 0x100b4, vma: undefined, decision: 'segv' } as never);
    expect(line).toContain('write 0xfffffffffffff818 pc 0x100b4');
    expect(line).not.toContain('-');
    expect(hexAddress(0)).toBe('0x0');
    expect(hexAddress(-1)).toBe('0xffffffffffffffff');
    expect(hexAddress(0x3f_ffff_f000)).toBe('0x3ffffff000');
  });
});
