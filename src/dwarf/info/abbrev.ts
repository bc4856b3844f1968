/**
 * Abbreviation tables of .debug_abbrev (DWARF 5 section 7.5.3): each DIE names an
 * abbreviation code giving its tag, whether it has children, and its attribute specs.
 * Tables are parsed once per offset and cached (several units may share one). Never throws.
 */
import { Cursor } from '../cursor';
import { DW_CHILDREN_yes, DW_FORM_implicit_const } from './constants';
import { readSlebBig } from '../expr/leb';

/** One attribute specification: attribute name, form, and the value of DW_FORM_implicit_const. */
export interface AttributeSpec {
  name: number;
  form: number;
  implicitConst?: bigint;
}

/** One abbreviation declaration. */
export interface Abbrev {
  code: number;
  tag: number;
  hasChildren: boolean;
  specs: AttributeSpec[];
}

/** An abbreviation table: code -> declaration. */
export type AbbrevTable = Map<number, Abbrev>;

/** Parses and caches the tables of one .debug_abbrev section. */
export class AbbrevCache {
  private readonly tables = new Map<number, AbbrevTable | string>();

  constructor(private readonly section: Uint8Array) {}

  /** The table at `offset`, or an error string when it is malformed or out of the section. */
  table(offset: number): AbbrevTable | string {
    let t = this.tables.get(offset);
    if (t === undefined) {
      t = parseAbbrevTable(this.section, offset);
      this.tables.set(offset, t);
    }
    return t;
  }
}

/** Reads declarations from `offset` until the terminating 0 code. */
export function parseAbbrevTable(section: Uint8Array, offset: number): AbbrevTable | string {
  if (offset < 0 || offset >= section.length) {
    return `abbreviation offset 0x${offset.toString(16)} lies outside .debug_abbrev`;
  }
  const c = new Cursor(section, offset);
  const table: AbbrevTable = new Map();
  for (;;) {
    const code = c.uleb();
    if (c.bad !== undefined) return `.debug_abbrev at 0x${offset.toString(16)}: ${c.bad}`;
    if (code === 0) return table;
    const tag = c.uleb();
    const hasChildren = c.u8() === DW_CHILDREN_yes;
    const specs = readSpecs(c);
    if (c.bad !== undefined) return `.debug_abbrev at 0x${offset.toString(16)}: ${c.bad}`;
    table.set(code, { code, tag, hasChildren, specs });
  }
}

function readSpecs(c: Cursor): AttributeSpec[] {
  const specs: AttributeSpec[] = [];
  for (;;) {
    const name = c.uleb();
    const form = c.uleb();
    if (c.bad !== undefined || (name === 0 && form === 0)) return specs;
    const spec: AttributeSpec = { name, form };
    if (form === DW_FORM_implicit_const) spec.implicitConst = readSlebBig(c);
    specs.push(spec);
  }
}
