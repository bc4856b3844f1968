/** Loads the committed .debug_info fixtures (see fixtures/build.sh). */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DebugInfo } from '../../../src/dwarf/info';
import type { DwarfType } from '../../../src/dwarf/model';
import { parseElf64 } from '../../../src/elf';

export const INFO_FIXTURE_DIR = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
/** The four builds of fixtures/types.c: DWARF 5 and DWARF 4, at -O0 and -O2. */
export const FIXTURES = ['types-O0', 'types-O2', 'types-dwarf4-O0', 'types-dwarf4-O2'] as const;

export const fixturePath = (name: string): string => join(INFO_FIXTURE_DIR, name);

/** The -O2 builds of fixtures/types.c (inlining, location lists, call sites). */
export const OPTIMISED_FIXTURES = FIXTURES.filter((n) => n.endsWith('O2'));

/** The debugger comparison programs (test/fixtures/cdebug/build.sh), static glibc, DWARF 5. */
export const CDEBUG_BIN_DIR = join(INFO_FIXTURE_DIR, '../../../fixtures/cdebug/bin');
export const cdebugPath = (name: string): string => join(CDEBUG_BIN_DIR, name);

/** A DebugInfo over a fixture ELF. */
export function loadFixture(name: string): DebugInfo {
  return loadElf(fixturePath(name));
}

/** A DebugInfo over the ELF at `path`. */
export function loadElf(path: string): DebugInfo {
  const parsed = parseElf64(new Uint8Array(readFileSync(path)));
  if (!parsed.ok) throw new Error(`${path}: ${parsed.error}`);
  return DebugInfo.fromElf(parsed.elf);
}

/** Strips typedefs and qualifiers. */
export function strip(t: DwarfType): DwarfType {
  while (t.kind === 'typedef' || t.kind === 'qualified') t = t.target;
  return t;
}

/** Narrowing helper: the struct/union behind a type, or a test failure. */
export function aggregate(t: DwarfType | undefined): Extract<DwarfType, { kind: 'struct' | 'union' }> {
  const s = t && strip(t);
  if (!s || (s.kind !== 'struct' && s.kind !== 'union')) throw new Error(`not a struct: ${JSON.stringify(s)}`);
  return s;
}

/** Little-endian address operand of a `DW_OP_addr a` expression, or undefined. */
export function staticAddress(expr: Uint8Array): number | undefined {
  const DW_OP_addr = 0x03;
  if (expr[0] !== DW_OP_addr || expr.length !== 9) return undefined;
  let a = 0;
  for (let i = 8; i >= 1; i--) a = a * 256 + expr[i]!;
  return a;
}
