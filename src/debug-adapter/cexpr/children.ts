/**
 * The expandable parts of a value for the Variables view, produced lazily (no memory is read
 * until a child is formatted): struct and union members by name (an anonymous member as
 * `<anonymous union>`), array elements `[i]` (a window of them for DAP paging), and for a
 * pointer its pointee: a pointer to a struct shows the struct's members directly (the VS Code
 * convention), any other data pointer one child `*name`. Char pointers, void pointers and
 * function pointers have no children (their text says it all).
 */
import { dereference, indexValue, memberValue } from './evaluate';
import { isCharType, strip } from './types';
import { type EvalError, type EvalScope, type Value, isError } from './value';

/** One child: its display name and its (lazy) value. */
export interface ValueChild {
  name: string;
  value: Value;
}

/** Which children to produce. */
export interface ChildrenOptions {
  /** The parent's expression text, used to name a pointee child `*expr`. */
  expression?: string;
  /** First array element to list (DAP `start`); default 0. */
  start?: number;
  /** How many array elements to list (DAP `count`); default all. */
  count?: number;
}

/** How a value expands: named children (struct members, a pointee) or indexed ones (array elements). */
export function childCount(value: Value): { named: number; indexed: number } {
  const t = strip(value.type);
  if (value.optimizedOut) return { named: 0, indexed: 0 };
  if (t.kind === 'struct' || t.kind === 'union') return { named: t.members.length, indexed: 0 };
  if (t.kind === 'array') return { named: 0, indexed: t.counts[0] ?? 0 };
  if (t.kind === 'pointer') {
    const target = strip(t.target);
    if (target.kind === 'struct' || target.kind === 'union') return { named: target.members.length, indexed: 0 };
    if (target.kind === 'void' || target.kind === 'function' || target.kind === 'unknown' || isCharType(target)) return { named: 0, indexed: 0 };
    return { named: 1, indexed: 0 };
  }
  return { named: 0, indexed: 0 };
}

/** The children of `value` (see the file comment); an error when a pointer cannot be read. */
export function valueChildren(value: Value, scope: EvalScope, options: ChildrenOptions = {}): ValueChild[] | EvalError {
  const t = strip(value.type);
  if (value.optimizedOut) return [];
  if (t.kind === 'struct' || t.kind === 'union') {
    return t.members.map((m) => ({ name: m.name ?? `<anonymous ${strip(m.type).kind}>`, value: memberValue(value, m, m.offset) }));
  }
  if (t.kind === 'array') {
    const total = t.counts[0] ?? 0;
    const start = Math.max(0, options.start ?? 0);
    const end = Math.min(total, options.count === undefined ? total : start + options.count);
    const out: ValueChild[] = [];
    for (let i = start; i < end; i++) {
      const element = indexValue(value, BigInt(i), scope);
      if (isError(element)) return element;
      out.push({ name: `[${i}]`, value: element });
    }
    return out;
  }
  if (t.kind === 'pointer' && childCount(value).named > 0) {
    const pointee = dereference(value, scope);
    if (isError(pointee)) return pointee;
    const target = strip(t.target);
    if (target.kind === 'struct' || target.kind === 'union') return valueChildren(pointee, scope);
    return [{ name: `*${options.expression ?? ''}`, value: pointee }];
  }
  return [];
}
