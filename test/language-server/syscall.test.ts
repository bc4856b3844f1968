/**
 * Which syscall an `ecall` makes: the constant put in a7 earlier in the same basic block, as a
 * student reading the code by hand would find it.
 */
import { describe, expect, it } from 'vitest';
import { Analysis } from '../../src/language-server/analysis';
import { syscallOfEcall } from '../../src/language-server/syscall';

/** The guess for the last `ecall` of `source`. */
function guess(source: string) {
  const a = new Analysis('/virtual/test.s', source, () => undefined);
  const doc = a.scanned;
  const ecalls = [...doc.all()].filter((s) => s.tokens[s.head]?.text === 'ecall');
  return syscallOfEcall(doc, ecalls[ecalls.length - 1]!, a.symbols);
}

describe('syscall of an ecall', () => {
  it('li a7, N right before', () => {
    expect(guess('    li a7, 64\n    li a0, 1\n    ecall\n')).toMatchObject({ number: 64, name: 'write', line: 0 });
  });

  it('an .equ constant, addi from zero, and the compressed c.li', () => {
    expect(guess('    .equ SYS_EXIT, 93\n    li a7, SYS_EXIT\n    ecall\n')).toMatchObject({ number: 93, name: 'exit' });
    expect(guess('    addi a7, zero, 172\n    ecall\n')).toMatchObject({ number: 172, name: 'getpid' });
    expect(guess('    c.li a7, 24\n    ecall\n')).toMatchObject({ number: 24, name: 'dup3' });
    expect(guess('    li x17, 214; ecall\n')).toMatchObject({ number: 214, name: 'brk' });
  });

  it('a7 survives an earlier ecall in the block (Linux preserves it)', () => {
    expect(guess('    li a7, 64\n    ecall\n    li a0, 2\n    ecall\n')).toMatchObject({ number: 64 });
  });

  it('stops at a label, a branch or a call: the number is unknown there', () => {
    expect(guess('    li a7, 64\nagain:\n    ecall\n').number).toBeUndefined();
    expect(guess('    li a7, 64\n    beqz a0, 1f\n    ecall\n1:\n').reason).toMatch(/beqz/);
    expect(guess('    li a7, 64\n    call f\n    ecall\nf: ret\n').reason).toMatch(/call/);
  });

  it('another write to a7 makes the number unknown before run time', () => {
    expect(guess('    li a7, 64\n    mv a7, t0\n    ecall\n').reason).toMatch(/mv/);
  });

  it('a number Glasskernel does not name has no name', () => {
    expect(guess('    li a7, 4095\n    ecall\n')).toMatchObject({ number: 4095, name: undefined });
  });
});
