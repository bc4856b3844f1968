import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CallFrameInfo } from '../../../src/dwarf/cfi';
import { findSymbol, parseElf64, type Elf64 } from '../../../src/elf';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const RA = 1, S0 = 8, S3 = 19, S4 = 20, SP = 2;
const DW_OP_breg2 = 0x72;

function load(name: string): { elf: Elf64; cfi: CallFrameInfo } {
  const parsed = parseElf64(new Uint8Array(readFileSync(join(FIXTURES, name))));
  if (!parsed.ok) throw new Error(parsed.error);
  return { elf: parsed.elf, cfi: CallFrameInfo.fromElf(parsed.elf) };
}
const addr = (elf: Elf64, name: string): number => {
  const sym = findSymbol(elf, name);
  if (!sym) throw new Error(`no symbol ${name}`);
  return sym.value;
};

describe('committed fixtures (no external tools needed)', () => {
  it('ops.S: expression rule data, personality, LSDA and the signal frame flag', () => {
    const { elf, cfi } = load('ops');
    const allOps = addr(elf, 'all_ops');
    const fde = cfi.ehFrame!.fdeAt(allOps)!;
    expect(fde.cie.augmentation).toBe('zPLR');
    expect(fde.cie.personality).toEqual({ address: addr(elf, 'my_personality'), indirect: false });
    expect(fde.lsda).toBe(addr(elf, 'my_lsda'));
    const rows = cfi.ehFrame!.table(fde).rows;
    const withExpressions = rows.find((r) => r.rules.get(S3)?.kind === 'expression')!;
    expect(withExpressions.rules.get(S3)).toEqual({ kind: 'expression', expr: new Uint8Array([DW_OP_breg2, 8]) });
    expect(withExpressions.rules.get(S4)).toEqual({ kind: 'valExpression', expr: new Uint8Array([DW_OP_breg2, 16]) });
    const cfaExpression = rows.find((r) => r.cfa.kind === 'expression')!;
    expect(cfaExpression.cfa).toEqual({ kind: 'expression', expr: new Uint8Array([DW_OP_breg2, 0]) });
    expect(rows.every((r) => !r.signalFrame)).toBe(true);
    const signal = cfi.rowAt(addr(elf, 'signal_frame'))!;
    expect(signal).toMatchObject({ signalFrame: true, cfa: { kind: 'regOffset', reg: SP, offset: 16 } });
    expect(signal.rules.get(RA)).toEqual({ kind: 'offset', offset: -8 });
    expect(cfi.rowAt(addr(elf, '_start'))!.rules.get(RA)).toEqual({ kind: 'undefined' });
  });

  it('-fno-asynchronous-unwind-tables: our functions come from .debug_frame, glibc from .eh_frame', () => {
    const { elf, cfi } = load('frames-debugframe');
    const main = addr(elf, 'main');
    expect(cfi.ehFrame!.fdeAt(main)).toBeUndefined();
    expect(cfi.debugFrame!.fdeAt(main)?.cie.version).toBe(3);
    expect(cfi.rowAt(main)).toEqual(cfi.debugFrame!.rowAt(main));
    const printf = addr(elf, 'printf');
    expect(cfi.ehFrame!.fdeAt(printf)).toBeDefined();
    expect(cfi.rowAt(printf)).toEqual(cfi.ehFrame!.rowAt(printf));
    expect(cfi.errors).toEqual([]);
  });

  it('-O0: after the prologue of vla the CFA is s0+0 and ra, s0 are saved below it', () => {
    const { elf, cfi } = load('frames-O0');
    const vla = addr(elf, 'vla');
    const fde = cfi.ehFrame!.fdeAt(vla)!;
    const last = cfi.ehFrame!.table(fde).rows.find((r) => r.cfa.kind === 'regOffset' && r.cfa.reg === S0)!;
    expect(last.cfa).toEqual({ kind: 'regOffset', reg: S0, offset: 0 });
    expect(last.rules.get(RA)).toEqual({ kind: 'offset', offset: -8 });
    expect(last.rules.get(S0)).toEqual({ kind: 'offset', offset: -16 });
    expect(cfi.rowAt(vla)).toMatchObject({ startPc: vla, cfa: { reg: SP, offset: 0 } });
  });
});
