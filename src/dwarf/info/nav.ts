/**
 * Moving between DIEs: references (DW_FORM_ref*, ref_addr, ref_sig8) resolved to a DIE
 * and its unit, and attributes inherited through DW_AT_abstract_origin and
 * DW_AT_specification (DWARF 5 sections 3.3.8.3 and 2.13.2), which is where an inlined or
 * out-of-line copy, or a definition separate from its declaration, finds its name and type.
 */
import {
  DW_AT_abstract_origin, DW_AT_decl_file, DW_AT_decl_line, DW_AT_name, DW_AT_specification,
} from './constants';
import type { Die } from './die';
import type { AttrValue } from './forms';
import type { Unit } from './unit';

/** A DIE together with the unit that resolves its forms. */
export interface DieRef {
  unit: Unit;
  die: Die;
}

/** Looks up DIEs by absolute offset and type units by signature. */
export interface DieResolver {
  /** The DIE at `offset` of .debug_info (parsing its unit if needed), or undefined. */
  dieAt(offset: number): DieRef | undefined;
  /** The type DIE of the type unit with `signature` (DW_FORM_ref_sig8), or undefined. */
  typeBySignature(signature: bigint): DieRef | undefined;
}

/** Longest abstract_origin/specification chain followed (real chains have 2 or 3 links). */
const MAX_ORIGIN_CHAIN = 8;

/** The DIE that attribute `at` of `ref` refers to, or undefined when absent or unresolvable. */
export function follow(r: DieResolver, ref: DieRef, at: number): DieRef | undefined {
  const v = ref.die.attrs.get(at);
  if (v?.kind === 'ref') return v.local && !ref.unit.contains(v.offset) ? undefined : r.dieAt(v.offset);
  if (v?.kind === 'refSig8') return r.typeBySignature(v.signature);
  return undefined;
}

/**
 * Attribute `at` of the DIE, else of its abstract origin or specification (transitively),
 * with the unit that resolves it.
 */
export function inherited(r: DieResolver, ref: DieRef, at: number): { unit: Unit; value: AttrValue } | undefined {
  let current: DieRef | undefined = ref;
  for (let i = 0; current && i < MAX_ORIGIN_CHAIN; i++) {
    const value = current.die.attrs.get(at);
    if (value !== undefined) return { unit: current.unit, value };
    current = follow(r, current, DW_AT_abstract_origin) ?? follow(r, current, DW_AT_specification);
  }
  return undefined;
}

/** The DIE that owns inherited attribute `at` (for following its DW_AT_type from the right unit). */
export function inheritedOwner(r: DieResolver, ref: DieRef, at: number): DieRef | undefined {
  let current: DieRef | undefined = ref;
  for (let i = 0; current && i < MAX_ORIGIN_CHAIN; i++) {
    if (current.die.attrs.has(at)) return current;
    current = follow(r, current, DW_AT_abstract_origin) ?? follow(r, current, DW_AT_specification);
  }
  return undefined;
}

/** DW_AT_name, through origins. */
export function nameOf(r: DieResolver, ref: DieRef): string | undefined {
  const found = inherited(r, ref, DW_AT_name);
  return found ? found.unit.str(found.value) : undefined;
}

/** DW_AT_decl_file as a path and DW_AT_decl_line, through origins. */
export function declOf(r: DieResolver, ref: DieRef): { declFile?: string; declLine?: number } {
  const out: { declFile?: string; declLine?: number } = {};
  const file = inherited(r, ref, DW_AT_decl_file);
  if (file?.value.kind === 'const') {
    const path = file.unit.fileName(Number(file.value.value));
    if (path !== undefined) out.declFile = path;
  }
  const line = inherited(r, ref, DW_AT_decl_line);
  if (line?.value.kind === 'const') out.declLine = Number(line.value.value);
  return out;
}

/** True when a flag attribute is present and set, through origins. */
export function flagOf(r: DieResolver, ref: DieRef, at: number): boolean {
  const found = inherited(r, ref, at);
  return found?.value.kind === 'flag' ? found.value.value : false;
}
