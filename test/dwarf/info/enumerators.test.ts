import { describe, expect, it } from 'vitest';
import { DebugInfo } from '../../../src/dwarf/info';
import { loadFixture } from './fixtures';

describe.each(['scopes-O0', 'scopes-O2'])('enumerator constants by name in %s', (name) => {
  const d = loadFixture(name);
  const pcIn = (fn: string): number => d.functionsNamed(fn)[0]!.lowPc;

  it('prefers the enum declared in the function containing pc (gdb: print/d FAST gives 7 in local_enum)', () => {
    const e = d.enumerator('FAST', pcIn('local_enum'))!;
    expect(e.value).toBe(7n);
    expect(e.type).toMatchObject({ kind: 'enum', name: 'local_mode' });
  });

  it('uses the file-scope enum elsewhere in the unit and without a pc (gdb: FAST is 1 in file_enum)', () => {
    expect(d.enumerator('FAST', pcIn('file_enum'))).toMatchObject({ value: 1n, type: { kind: 'enum', name: 'mode' } });
    expect(d.enumerator('FAST')?.value).toBe(1n);
    expect(d.enumerator('SLOW', pcIn('local_enum'))?.value).toBe(2n);
  });

  it('falls back to a function-local enumerator of any scope when nothing else has the name', () => {
    expect(d.enumerator('CAREFUL', pcIn('file_enum'))?.value).toBe(9n);
    expect(d.enumerator('CAREFUL')?.value).toBe(9n);
    expect(d.enumerator('NO_SUCH_NAME', pcIn('local_enum'))).toBeUndefined();
  });
});

describe('enumerator constants of types.c', () => {
  it.each(['types-O0', 'types-O2', 'types-dwarf4-O0', 'types-dwarf4-O2'])('gives signed values of enum sign and unsigned ones of enum color (%s)', (name) => {
    const d = loadFixture(name);
    expect(d.enumerator('NEG')).toMatchObject({ value: -2n, type: { kind: 'enum', name: 'sign', signed: true } });
    expect(d.enumerator('ZERO')?.value).toBe(-1n);
    expect(d.enumerator('POS')?.value).toBe(0n);
    expect(d.enumerator('BLUE', d.functionsNamed('main')[0]!.lowPc)).toMatchObject({ value: 6n, type: { name: 'color' } });
  });
});

describe('enumerator and call site lookups over empty or missing DWARF', () => {
  it('answer undefined without throwing', () => {
    const d = new DebugInfo({ debugInfo: new Uint8Array(0), debugAbbrev: new Uint8Array(0) });
    expect(d.enumerator('RED', 0x1000)).toBeUndefined();
    expect(d.callSiteParameters(0x1000)).toBeUndefined();
    const truncated = new DebugInfo({ debugInfo: Uint8Array.of(0xff, 0xff, 0xff), debugAbbrev: new Uint8Array(0) });
    expect(truncated.enumerator('RED')).toBeUndefined();
    expect(truncated.callSiteParameters(0)).toBeUndefined();
  });
});
