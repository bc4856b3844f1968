/**
 * Enumeration constants by name (DWARF 5 section 5.7: DW_TAG_enumerator children of a
 * DW_TAG_enumeration_type). C scoping: an enum declared inside a function is visible only
 * there; one at file scope (or inside a struct at file scope) everywhere in its unit.
 */
import { DW_AT_abstract_origin, DW_TAG_enumeration_type, DW_TAG_enumerator, DW_TAG_inlined_subroutine, DW_TAG_lexical_block, DW_TAG_subprogram, DW_AT_name } from './constants';
import type { Die } from './die';
import { follow, type DieRef, type DieResolver } from './nav';
import { rangesContain } from './scopes';
import type { Unit } from './unit';

/** Where one enumerator name is declared: its enum type DIE and the function owning it. */
export interface EnumeratorSite {
  /** The DW_TAG_enumeration_type DIE. */
  enumDie: Die;
  /** Offset of the nearest enclosing DW_TAG_subprogram, undefined at file scope. */
  owner: number | undefined;
}

/** Deepest nesting walked (C programs nest a few dozen levels). */
const MAX_NESTING = 1024;

/** A unit's enumerators by name; a name declared twice (in two functions) keeps both sites. */
export function unitEnumerators(unit: Unit): Map<string, EnumeratorSite[]> {
  const out = new Map<string, EnumeratorSite[]>();
  for (const die of unit.tree().byOffset.values()) {
    if (die.tag !== DW_TAG_enumerator || die.parent?.tag !== DW_TAG_enumeration_type) continue;
    const name = unit.str(die.attrs.get(DW_AT_name));
    if (name === undefined) continue;
    const site: EnumeratorSite = { enumDie: die.parent, owner: ownerOf(die.parent) };
    const list = out.get(name);
    if (list) list.push(site);
    else out.set(name, [site]);
  }
  return out;
}

function ownerOf(die: Die): number | undefined {
  let p = die.parent;
  for (let i = 0; p && i < MAX_NESTING; i++, p = p.parent) {
    if (p.tag === DW_TAG_subprogram) return p.offset;
  }
  return undefined;
}

/**
 * Offsets of the subprogram DIEs whose declarations are in scope at pc inside concrete
 * function `fn`: the function itself, its abstract origin (an out-of-line copy), and the
 * abstract origin of every inlined call containing pc.
 */
export function functionScopesAt(r: DieResolver, fn: DieRef, pc: number): Set<number> {
  const owners = new Set<number>([fn.die.offset]);
  const addOrigin = (ref: DieRef): void => {
    const origin = follow(r, ref, DW_AT_abstract_origin);
    if (origin) owners.add(origin.die.offset);
  };
  addOrigin(fn);
  let current: Die | undefined = fn.die;
  for (let depth = 0; current && depth < MAX_NESTING; depth++) {
    let next: Die | undefined;
    for (const child of current.children) {
      if (child.tag !== DW_TAG_lexical_block && child.tag !== DW_TAG_inlined_subroutine) continue;
      if (!rangesContain(fn.unit.ranges(child), pc)) continue;
      if (child.tag === DW_TAG_inlined_subroutine) addOrigin({ unit: fn.unit, die: child });
      next = child;
      break;
    }
    current = next;
  }
  return owners;
}
