/**
 * Debugging information entries (DWARF 5 section 2.1 and 7.5.2): a DIE is an abbreviation
 * code followed by its attribute values; DIEs with children are followed by their children
 * and a 0 code. parseDieTree reads one unit's whole tree iteratively (deep nesting cannot
 * overflow the host stack) and stops at the first malformed byte, keeping what it read.
 */
import { Cursor } from '../cursor';
import type { AbbrevTable } from './abbrev';
import { readAttrValue, type AttrValue, type FormContext } from './forms';

/** One DIE. `offset` is absolute in .debug_info; `attrs` maps DW_AT_* to its value. */
export interface Die {
  offset: number;
  tag: number;
  attrs: Map<number, AttrValue>;
  children: Die[];
  parent: Die | undefined;
}

/** Nesting deeper than this is treated as malformed (C programs nest a few dozen levels). */
const MAX_DEPTH = 4096;

/**
 * Reads one DIE at the cursor. Returns null for a 0 code (end of siblings), a string on a
 * malformed DIE, else the DIE and whether children follow.
 */
export function readDie(
  c: Cursor,
  table: AbbrevTable,
  z: FormContext,
): { die: Die; hasChildren: boolean } | null | string {
  const offset = c.pos;
  const code = c.uleb();
  if (c.bad !== undefined) return c.bad;
  if (code === 0) return null;
  const abbrev = table.get(code);
  if (!abbrev) return `DIE at 0x${offset.toString(16)} uses abbreviation ${code}, which its table lacks`;
  const attrs = new Map<number, AttrValue>();
  for (const spec of abbrev.specs) {
    const value = readAttrValue(c, spec.form, z, spec.implicitConst);
    if (c.bad !== undefined || value === undefined) return `DIE at 0x${offset.toString(16)}: ${c.bad ?? 'bad value'}`;
    attrs.set(spec.name, value);
  }
  return { die: { offset, tag: abbrev.tag, attrs, children: [], parent: undefined }, hasChildren: abbrev.hasChildren };
}

/** A unit's DIE tree: the root, every DIE by offset, and the first problem met, if any. */
export interface DieTree {
  root: Die | undefined;
  byOffset: Map<number, Die>;
  error?: string;
}

/** Reads the DIEs of [start, end) of .debug_info. */
export function parseDieTree(info: Uint8Array, start: number, end: number, table: AbbrevTable, z: FormContext): DieTree {
  const c = new Cursor(info, start, end);
  const byOffset = new Map<number, Die>();
  const tree: DieTree = { root: undefined, byOffset };
  const stack: Die[] = [];
  while (!c.atEnd) {
    const r = readDie(c, table, z);
    if (typeof r === 'string') return { ...tree, error: r };
    if (r === null) {
      if (stack.length === 0) continue; // padding after the root's children
      stack.pop();
      if (stack.length === 0) break;
      continue;
    }
    const parent = stack[stack.length - 1];
    r.die.parent = parent;
    if (parent) parent.children.push(r.die);
    else if (tree.root) break; // a second top-level DIE: the unit has one root
    else tree.root = r.die;
    byOffset.set(r.die.offset, r.die);
    if (r.hasChildren) {
      if (stack.length >= MAX_DEPTH) return { ...tree, error: `DIEs nest deeper than ${MAX_DEPTH} levels` };
      stack.push(r.die);
    }
    if (!parent && !r.hasChildren) break;
  }
  if (stack.length > 0 && c.atEnd) tree.error = 'the unit ends before its DIE tree does';
  return tree;
}
