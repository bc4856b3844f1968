/**
 * Parser for `riscv64-linux-gnu-readelf --debug-dump=frames-interp` (readelf -wF), the
 * reference the CFI tests compare with, and the same notation for our rows.
 *
 * readelf prints, per section, each CIE and FDE header line and then a table: a header
 * "LOC CFA reg reg ..." naming the registers that appear, then one line per row. A row is
 * printed at each advance with the state before it, so two lines may share a LOC (an
 * advance by 0): the later one is what holds at that pc. Cells: "u" undefined/no rule,
 * "s" same value, "c-8" offset(-8), "v+8" val_offset, a register name, "exp", "vexp";
 * the CFA as "sp+32" or "exp". An FDE with only nops prints no table.
 */
import { spawnSync } from 'node:child_process';
import type { CfaRule, RegisterRule, UnwindRow } from '../../../src/dwarf/cfi';

export const READELF = 'riscv64-linux-gnu-readelf';

/** One readelf row: LOC, CFA cell, and a cell per register column. */
export interface ReadelfRow {
  loc: number;
  cfa: string;
  cells: Map<number, string>;
}

/** One CIE or FDE of readelf's dump. */
export interface ReadelfEntry {
  section: '.eh_frame' | '.debug_frame';
  offset: number;
  kind: 'CIE' | 'FDE';
  /** FDE only. */
  cie?: number;
  pcBegin?: number;
  pcEnd?: number;
  rows: ReadelfRow[];
}

/** DWARF register names of binutils' RISC-V table (DWARF numbers 0..63). */
const X_NAMES = ['zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7',
  's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6'];
const F_NAMES = ['ft0', 'ft1', 'ft2', 'ft3', 'ft4', 'ft5', 'ft6', 'ft7', 'fs0', 'fs1', 'fa0', 'fa1', 'fa2', 'fa3', 'fa4', 'fa5',
  'fa6', 'fa7', 'fs2', 'fs3', 'fs4', 'fs5', 'fs6', 'fs7', 'fs8', 'fs9', 'fs10', 'fs11', 'ft8', 'ft9', 'ft10', 'ft11'];
const NAMES = [...X_NAMES, ...F_NAMES];

/** readelf's name of DWARF register `reg`. */
export function regName(reg: number): string {
  return NAMES[reg] ?? `r${reg}`;
}

/** The DWARF number of a readelf register name. */
export function regNumber(name: string): number {
  const i = NAMES.indexOf(name);
  if (i >= 0) return i;
  const m = /^r(\d+)$/.exec(name);
  if (!m) throw new Error(`unknown register name ${name}`);
  return Number(m[1]);
}

const signed = (n: number): string => (n >= 0 ? `+${n}` : `${n}`);

/** Our CFA rule in readelf's notation. */
export function showCfa(cfa: CfaRule): string {
  return cfa.kind === 'expression' ? 'exp' : `${regName(cfa.reg)}${signed(cfa.offset)}`;
}

/** Our register rule in readelf's notation ("u" for no rule). */
export function showRule(rule: RegisterRule | undefined): string {
  if (rule === undefined) return 'u';
  switch (rule.kind) {
    case 'undefined': return 'u';
    case 'sameValue': return 's';
    case 'offset': return `c${signed(rule.offset)}`;
    case 'valOffset': return `v${signed(rule.offset)}`;
    case 'register': return regName(rule.reg);
    case 'expression': return 'exp';
    case 'valExpression': return 'vexp';
  }
}

/** Our row in readelf's notation, for the register columns `columns`. */
export function showRow(row: UnwindRow, columns: Iterable<number>): { cfa: string; cells: Map<number, string> } {
  const cells = new Map<number, string>();
  for (const reg of columns) cells.set(reg, showRule(row.rules.get(reg)));
  return { cfa: showCfa(row.cfa), cells };
}

const ENTRY = /^([0-9a-f]{8,16}) [0-9a-f]{8,16} ([0-9a-f]{8,16}) (CIE|FDE)(?: cie=([0-9a-f]+) pc=([0-9a-f]+)\.\.([0-9a-f]+))?/;
const SECTION = /^Contents of the (\.eh_frame|\.debug_frame) section:/;

/** Parses readelf -wF text. */
export function parseFramesInterp(text: string): ReadelfEntry[] {
  const entries: ReadelfEntry[] = [];
  let section: ReadelfEntry['section'] = '.eh_frame';
  let columns: number[] = [];
  let current: ReadelfEntry | undefined;
  for (const line of text.split('\n')) {
    const s = SECTION.exec(line);
    if (s) { section = s[1] as ReadelfEntry['section']; current = undefined; continue; }
    const e = ENTRY.exec(line);
    if (e) {
      current = { section, offset: parseInt(e[1]!, 16), kind: e[3] as 'CIE' | 'FDE', rows: [] };
      if (e[4] !== undefined) Object.assign(current, { cie: parseInt(e[4], 16), pcBegin: parseInt(e[5]!, 16), pcEnd: parseInt(e[6]!, 16) });
      entries.push(current);
      continue;
    }
    // A DW_CFA_register cell reads "r5 (t0)": keep the name so cells stay one word.
    const fields = line.replace(/\br\d+ \((\w+)\)/g, '$1').trim().split(/\s+/);
    if (fields[0] === 'LOC' && fields[1] === 'CFA') { columns = fields.slice(2).map(regNumber); continue; }
    if (current && /^[0-9a-f]{16}$/.test(fields[0] ?? '') && fields.length === columns.length + 2) {
      const cells = new Map(columns.map((reg, i) => [reg, fields[i + 2]!]));
      current.rows.push({ loc: parseInt(fields[0]!, 16), cfa: fields[1]!, cells });
    }
  }
  return entries;
}

/** readelf -wF of `path` (throws when readelf fails). */
export function readelfFramesInterp(path: string): ReadelfEntry[] {
  const r = spawnSync(READELF, ['--debug-dump=frames-interp', path], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${READELF} failed: ${r.stderr}`);
  return parseFramesInterp(r.stdout);
}

/** True when readelf runs; warns (naming it) when it does not. */
export function haveReadelf(): boolean {
  const ok = spawnSync(READELF, ['--version']).status === 0;
  if (!ok) console.warn(`${READELF} is not installed: skipping the comparisons with readelf -wF`);
  return ok;
}
