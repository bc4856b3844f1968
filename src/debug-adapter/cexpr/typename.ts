/**
 * C type names as gdb's C type printer spells them (`whatis`, and the `(type)` prefix of a
 * printed pointer): the specifier, then the abstract declarator wrapped around it
 * (C11 6.7.7): `int [3]`, `int (*)[3]`, `int (*)(int, int)`, `const char *`, `char * const`.
 */
import type { DwarfType } from '../../dwarf/model';

/** Depth past which a malformed (cyclic) type stops being spelled. */
const MAX_TYPE_DEPTH = 32;

/**
 * gdb's spelling of `type`. Named types print their name (DWARF's own spelling for base types,
 * e.g. `long unsigned int`, as gdb does), anonymous aggregates `struct {...}`. A function type
 * with no parameters prints `(void)`, or `()` when it is variadic (an unprototyped function).
 */
export function typeName(type: DwarfType): string {
  return spell(type, '', 0);
}

/** The specifier of `t` followed by the declarator text `inner` built so far. */
function spell(t: DwarfType, inner: string, depth: number): string {
  if (depth > MAX_TYPE_DEPTH) return '...' + (inner ? ' ' + inner : '');
  const named = (name: string): string => name + (inner ? ' ' + inner : '');
  switch (t.kind) {
    case 'base':
    case 'typedef':
      return named(t.name);
    case 'void':
      return named('void');
    case 'struct':
    case 'union':
    case 'enum':
      return named(`${t.kind} ${t.name ?? '{...}'}`);
    case 'unknown':
      return named('<unknown type>');
    case 'pointer': {
      const target = t.target;
      const star = '*' + inner;
      const wrapped = target.kind === 'array' || target.kind === 'function' ? `(${star})` : star;
      return spell(target, wrapped, depth + 1);
    }
    case 'array': {
      const dims = t.counts.map((c) => `[${c ?? ''}]`).join('');
      return spell(t.element, inner + dims, depth + 1);
    }
    case 'function':
      return spell(t.returnType, inner + `(${paramList(t, depth)})`, depth + 1);
    case 'qualified':
      if (t.target.kind === 'pointer') return spell(t.target, ` ${t.qualifier}` + (inner ? ' ' + inner : ''), depth + 1);
      return `${t.qualifier} ` + spell(t.target, inner, depth + 1);
  }
}

function paramList(t: Extract<DwarfType, { kind: 'function' }>, depth: number): string {
  const params = t.params.map((p) => spell(p, '', depth + 1));
  if (params.length === 0) return t.variadic ? '' : 'void';
  return params.join(', ') + (t.variadic ? ', ...' : '');
}
