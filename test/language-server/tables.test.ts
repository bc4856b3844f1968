/**
 * The language server's tables agree with the ones they describe: a doc for every directive the
 * assembler accepts, a C prototype for every syscall the kernel names, encoding layouts whose
 * fields are where `encode` puts the registers, the psABI register roles and the CSR privilege
 * bits, and instruction forms read from the one instruction table.
 */
import { describe, expect, it } from 'vitest';
import { SYSCALL_NAMES, SYSCALL_PROTOTYPES } from '../../src/abi/linux-syscalls';
import { encode, INSTRUCTIONS, PSEUDO_INSTRUCTIONS, type InstrFields, type InstrRow } from '../../src/isa';
import * as kernelNumbers from '../../src/kernel/syscall/numbers';
import { DIRECTIVE_DOCS } from '../../src/language-server/directive-docs';
import { layoutOf } from '../../src/language-server/encoding';
import { formsOf, MNEMONICS, snippetOf } from '../../src/language-server/forms';
import { csrInfo, registerInfo } from '../../src/language-server/registers';
import { parameterNames } from '../../src/language-server/syscall';
import { DIRECTIVE_NAMES } from '../../src/toolchain/asm';

describe('directive docs', () => {
  it('document exactly the directives the assembler accepts', () => {
    expect(Object.keys(DIRECTIVE_DOCS).sort()).toEqual([...DIRECTIVE_NAMES].sort());
    for (const [name, doc] of Object.entries(DIRECTIVE_DOCS)) expect(doc.usage.startsWith(name), name).toBe(true);
  });
});

describe('Linux syscall table (src/abi)', () => {
  it('has a prototype named like the syscall for every syscall name, with at most six arguments', () => {
    expect([...SYSCALL_PROTOTYPES.keys()].sort((a, b) => a - b)).toEqual([...SYSCALL_NAMES.keys()].sort((a, b) => a - b));
    for (const [nr, name] of SYSCALL_NAMES) {
      const proto = SYSCALL_PROTOTYPES.get(nr)!.prototype;
      expect(proto, name).toMatch(new RegExp(`[ *]${name}\\(`));
      expect(parameterNames(proto).length, name).toBeLessThanOrEqual(6);
    }
  });

  it('is what the kernel imports (numbers.ts re-exports it)', () => {
    expect(kernelNumbers.SYSCALL_NAMES).toBe(SYSCALL_NAMES);
    expect(kernelNumbers.SYS_write).toBe(64);
    expect(kernelNumbers.SYS_exit).toBe(93);
    expect(SYSCALL_NAMES.get(kernelNumbers.SYS_clone)).toBe('clone');
  });

  it('names C parameters in argument order', () => {
    expect(parameterNames('ssize_t write(int fd, const void *buf, size_t count);')).toEqual(['fd', 'buf', 'count']);
    expect(parameterNames('int pipe2(int pipefd[2], int flags);')).toEqual(['pipefd', 'flags']);
    expect(parameterNames('pid_t getpid(void);')).toEqual([]);
    expect(parameterNames('int fcntl(int fd, int op, ... /* arg */);')).toEqual(['fd', 'op']);
  });
});

/** Register operand kinds and the layout field name that holds them. */
const REGISTER_FIELDS: [keyof InstrFields, string][] = [['rd', 'rd'], ['rs1', 'rs1'], ['rs2', 'rs2'], ['rs3', 'rs3']];
/** Register value pairs tried when looking for two encodable values (x8..x15 first for compressed fields). */
const VALUE_PAIRS = [[8, 9], [10, 13], [1, 2], [5, 7]];

/** The layout fields covering the bits where `a` and `b` differ. */
function fieldsCovering(row: InstrRow, a: number, b: number): string[] {
  const diff = (a ^ b) >>> 0;
  return layoutOf(row).filter((f) => {
    const width = f.hi - f.lo + 1;
    return ((diff >>> f.lo) & (2 ** width - 1)) !== 0;
  }).map((f) => f.text);
}

describe('encoding layouts', () => {
  it('tile every bit of every row, with the major opcode (or quadrant) fixed', () => {
    for (const row of INSTRUCTIONS) {
      const fields = layoutOf(row);
      let next = row.length * 8 - 1;
      for (const f of fields) {
        expect(f.hi, row.mnemonic).toBe(next);
        next = f.lo - 1;
      }
      expect(next, row.mnemonic).toBe(-1);
      const low = fields[fields.length - 1]!;
      expect(low.text, row.mnemonic).toMatch(/^[01]+$/);
      expect(parseInt(low.text, 2), row.mnemonic).toBe(row.match & (2 ** (low.hi + 1) - 1));
    }
  });

  it('put each register where encode puts it', () => {
    let checked = 0;
    for (const row of INSTRUCTIONS) {
      const base: Partial<InstrFields> = { rd: 8, rs1: 8, rs2: 9, rs3: 10, imm: row.length === 2 ? 8 : 0 };
      for (const [kind, name] of REGISTER_FIELDS) {
        for (const [x, y] of VALUE_PAIRS) {
          const a = encode(row, { ...base, [kind]: x });
          const b = encode(row, { ...base, [kind]: y });
          if (a === undefined || b === undefined || a === b) continue;
          for (const text of fieldsCovering(row, a, b)) expect(text.split(/[/']/), `${row.mnemonic} ${kind}`).toContain(name);
          checked++;
          break;
        }
      }
    }
    expect(checked).toBeGreaterThan(300);
  });
});

describe('registers and CSRs', () => {
  it('follow the psABI: a and t registers caller-saved, s registers and sp callee-saved', () => {
    for (const n of ['a0', 'a7', 't0', 't6', 'ra', 'ft3', 'fa0']) expect(registerInfo(n)!.saver, n).toBe('caller');
    for (const n of ['s0', 'fp', 's11', 'sp', 'fs0', 'fs11']) expect(registerInfo(n)!.saver, n).toBe('callee');
    expect(registerInfo('x10')).toMatchObject({ file: 'x', number: 10, abiName: 'a0' });
    expect(registerInfo('f8')).toMatchObject({ file: 'f', number: 8, abiName: 'fs0' });
    expect(registerInfo('a7')!.syscallRole).toBe('syscall number');
    expect(registerInfo('nope')).toBeUndefined();
  });

  it('read privilege and access from the CSR number', () => {
    expect(csrInfo('mstatus')).toEqual({ name: 'mstatus', number: 0x300, privilege: 'Machine', readOnly: false });
    expect(csrInfo('sstatus')).toMatchObject({ privilege: 'Supervisor', readOnly: false });
    expect(csrInfo('cycle')).toMatchObject({ privilege: 'User', readOnly: true });
    expect(csrInfo('fcsr')).toMatchObject({ privilege: 'User', readOnly: false });
    expect(csrInfo('mhartid')).toMatchObject({ privilege: 'Machine', readOnly: true });
  });
});

describe('instruction forms', () => {
  it('cover every table row and pseudo-instruction, with well-formed snippets', () => {
    expect(MNEMONICS.length).toBe(new Set([...INSTRUCTIONS.map((r) => r.mnemonic), ...PSEUDO_INSTRUCTIONS.map((p) => p.mnemonic)]).size);
    for (const m of MNEMONICS) {
      for (const f of formsOf(m)) {
        const snippet = snippetOf(f);
        expect(snippet.startsWith(m), m).toBe(true);
        expect((snippet.match(/\$\{/g) ?? []).length, m).toBe(f.operands.filter((o) => !o.optional).flatMap((o) => o.label.match(/\w+/g) ?? []).length);
      }
    }
  });

  it('read pseudo-instruction operand kinds from their expansions', () => {
    expect(formsOf('fmv.s')[0]!.operands.map((o) => o.kind)).toEqual(['frd', 'frs1']);
    expect(formsOf('csrr')[0]!.operands.map((o) => o.kind)).toEqual(['rd', 'csr']);
    expect(formsOf('beqz')[0]!.operands.map((o) => o.kind)).toEqual(['rs1', 'branch']);
    expect(formsOf('sw').map((f) => f.operands.map((o) => o.kind))).toEqual([['rs2', 'mem'], ['rs2', 'symbol', 'rd']]);
    expect(formsOf('li')[0]!.operands.map((o) => o.kind)).toEqual(['rd', 'value']);
    expect(formsOf('amoadd.w.aqrl')[0]!.row!.mnemonic).toBe('amoadd.w');
  });
});
