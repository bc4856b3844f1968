/**
 * Variables and formal parameters (DWARF 5 section 4.1) as model.ts DwarfVariable values.
 * Name, type, declaration and linkage come through DW_AT_abstract_origin (inlined and
 * out-of-line copies) and DW_AT_specification (a file-scope definition of a declaration);
 * the location is the DIE's own: DW_AT_location (expression or list), else
 * DW_AT_const_value, else none (optimised out).
 */
import { DW_ATE_signed, DW_ATE_signed_char, type DwarfType, type DwarfVariable, type LocationDesc } from '../model';
import {
  DW_AT_const_value, DW_AT_external, DW_AT_location, DW_AT_type, DW_OP_GNU_addr_index, DW_OP_addr, DW_OP_addrx,
  DW_TAG_compile_unit, DW_TAG_formal_parameter, DW_TAG_partial_unit,
} from './constants';
import { Cursor } from '../cursor';
import type { AttrValue } from './forms';
import { declOf, flagOf, inherited, inheritedOwner, nameOf, type DieRef, type DieResolver } from './nav';
import type { TypeBuilder } from './types';

const utf8 = new TextEncoder();
/** Typedef/qualifier links followed before giving up (a loop was already cut to 'unknown'). */
const MAX_TYPEDEF_CHAIN = 256;
const BITS_PER_BYTE = 8;

/** The DwarfVariable of a DW_TAG_variable / DW_TAG_formal_parameter DIE; undefined when it has no name. */
export function makeVariable(r: DieResolver, types: TypeBuilder, ref: DieRef): DwarfVariable | undefined {
  const name = nameOf(r, ref);
  if (name === undefined) return undefined;
  const owner = inheritedOwner(r, ref, DW_AT_type);
  const type: DwarfType = owner ? types.typeOf(owner) : { kind: 'void' };
  const location = locationOf(r, ref, type);
  const v: DwarfVariable = { name, type, location, isParameter: ref.die.tag === DW_TAG_formal_parameter };
  const parentTag = ref.die.parent?.tag;
  const atFileScope = parentTag === DW_TAG_compile_unit || parentTag === DW_TAG_partial_unit;
  if (atFileScope || (location.kind === 'expr' && isStaticAddress(location.expr, ref.unit.addressSize))) v.isStatic = true;
  if (flagOf(r, ref, DW_AT_external)) v.isExternal = true;
  return { ...v, ...declOf(r, ref) };
}

function locationOf(r: DieResolver, ref: DieRef, type: DwarfType): LocationDesc {
  const loc = ref.die.attrs.get(DW_AT_location);
  if (loc) return ref.unit.location(loc);
  const found = inherited(r, ref, DW_AT_const_value);
  return found ? constLocation(found.value, type) : { kind: 'none' };
}

/** DW_AT_const_value: an integer (sign-extended when the type is signed) or the object's bytes. */
function constLocation(v: AttrValue, type: DwarfType): LocationDesc {
  if (v.kind === 'const') {
    const value = v.signed === undefined && isSignedType(type) ? BigInt.asIntN(v.size * BITS_PER_BYTE, v.value) : v.value;
    return { kind: 'const', value };
  }
  if (v.kind === 'block') return { kind: 'const', value: v.bytes };
  if (v.kind === 'string') return { kind: 'const', value: utf8.encode(`${v.value}\0`) };
  return { kind: 'none' };
}

/** True for a signed integer, signed char, or enum type behind typedefs and qualifiers. */
function isSignedType(t: DwarfType): boolean {
  for (let i = 0; i < MAX_TYPEDEF_CHAIN; i++) {
    if (t.kind === 'typedef' || t.kind === 'qualified') t = t.target;
    else if (t.kind === 'enum') return t.signed;
    else return t.kind === 'base' && (t.encoding === DW_ATE_signed || t.encoding === DW_ATE_signed_char);
  }
  return false;
}

/** A location that is only a fixed address (`DW_OP_addr a` / `DW_OP_addrx i`): static storage. */
function isStaticAddress(expr: Uint8Array, addressSize: number): boolean {
  const op = expr[0];
  if (op === DW_OP_addr) return expr.length === 1 + addressSize;
  if (op !== DW_OP_addrx && op !== DW_OP_GNU_addr_index) return false;
  const c = new Cursor(expr, 1);
  c.uleb();
  return c.bad === undefined && c.atEnd;
}
