/**
 * A small C preprocessor for `.S` files (C11 6.10 "Preprocessing directives", as gcc runs it with
 * -x assembler-with-cpp): comments removed, `\` line splicing, #define (object-like and
 * function-like, # and ##), #undef, #include "file"/<file> through the caller's reader, #if /
 * #ifdef / #ifndef / #elif / #else / #endif with defined() and integer expressions, #error,
 * #warning. Unknown directives pass through unchanged (to the assembler `#` starts a comment).
 * Output lines keep their file and line numbers.
 */
import { evalCondition, expandMacros, type CppMacro } from './cpp-expand';
import type { DiagnosticSink } from './diagnostics';
import { MAX_NESTING, splitLines, type SourceLine } from './source';
import type { AssembleOptions, SourceRange } from './types';

/** Macros gcc predefines for riscv64 assembler-with-cpp that programs test. */
function predefined(options: AssembleOptions): Map<string, CppMacro> {
  const defs: Record<string, string> = {
    __riscv: '1', __riscv_xlen: '64', __ASSEMBLER__: '1', __riscv_float_abi_double: '1', __riscv_flen: '64',
    __riscv_mul: '1', __riscv_div: '1', __riscv_atomic: '1', __linux__: '1', __ELF__: '1', __riscv_fdiv: '1',
    ...((options.march ?? 'rv64gc') === 'rv64gc' ? { __riscv_compressed: '1' } : {}),
    ...options.defines,
  };
  return new Map(Object.entries(defs).map(([name, body]) => [name, { name, body }]));
}

interface Cond {
  active: boolean;
  taken: boolean;
  parentActive: boolean;
  seenElse: boolean;
  range: SourceRange;
}

interface State {
  macros: Map<string, CppMacro>;
  conds: Cond[];
  out: SourceLine[];
  diags: DiagnosticSink;
  options: AssembleOptions;
  stack: string[];
}

/** Preprocesses `source` (the text of options.file) into assembler lines. */
export function preprocess(source: string, options: AssembleOptions, diags: DiagnosticSink): SourceLine[] {
  const st: State = { macros: predefined(options), conds: [], out: [], diags, options, stack: [] };
  processFile(st, source, options.file);
  for (const c of st.conds) diags.error(c.range, 'unterminated #if');
  return st.out;
}

const active = (st: State) => st.conds.length === 0 || st.conds[st.conds.length - 1]!.active;

/** Splices `\`-continued lines and removes comments; yields logical lines with their first line number. */
function logicalLines(text: string): { text: string; line: number }[] {
  const physical = splitLines(text);
  const out: { text: string; line: number }[] = [];
  let inComment = false;
  for (let i = 0; i < physical.length; i++) {
    const first = i;
    let t = physical[i]!;
    while (t.endsWith('\\') && i + 1 < physical.length) t = t.slice(0, -1) + physical[++i]!;
    const stripped = stripComments(t, inComment);
    inComment = stripped.inComment;
    out.push({ text: stripped.text, line: first + 1 });
  }
  return out;
}

/** Removes C and C++ comments (outside strings); a block comment may continue on later lines. */
function stripComments(t: string, inComment: boolean): { text: string; inComment: boolean } {
  let out = '';
  let i = 0;
  while (i < t.length) {
    if (inComment) {
      const end = t.indexOf('*/', i);
      if (end < 0) return { text: out, inComment: true };
      out += ' '.repeat(end + 2 - i);
      i = end + 2;
      inComment = false;
      continue;
    }
    const ch = t[i]!;
    if (ch === '"') {
      let j = i + 1;
      while (j < t.length && t[j] !== '"') j += t[j] === '\\' ? 2 : 1;
      out += t.slice(i, j + 1);
      i = j + 1;
    } else if (ch === '/' && t[i + 1] === '*') {
      inComment = true;
      out += '  ';
      i += 2;
    } else if (ch === '/' && t[i + 1] === '/') {
      break;
    } else {
      out += ch;
      i++;
    }
  }
  return { text: out, inComment };
}

function processFile(st: State, text: string, file: string): void {
  st.stack.push(file);
  for (const { text: line, line: n } of logicalLines(text)) {
    const range: SourceRange = { file, line: n, column: 0, endColumn: line.length };
    const d = /^\s*#\s*([A-Za-z_]*)(.*)$/.exec(line);
    if (d) {
      if (directive(st, d[1]!, d[2]!.trim(), range)) continue;
    }
    if (!active(st)) continue;
    const expanded = expandMacros(line, st.macros);
    if (expanded.error !== undefined) st.diags.error(range, expanded.error);
    st.out.push({ text: expanded.text, file, line: n });
  }
  st.stack.pop();
}

/** Handles a directive line; false when it is not a directive (it then passes through). */
function directive(st: State, name: string, rest: string, range: SourceRange): boolean {
  const conds = st.conds;
  switch (name) {
    case 'if': case 'ifdef': case 'ifndef': {
      const parentActive = active(st);
      const value = parentActive && condition(st, name, rest, range);
      conds.push({ active: value, taken: value, parentActive, seenElse: false, range });
      return true;
    }
    case 'elif': case 'else': {
      const top = conds[conds.length - 1];
      if (top === undefined || top.seenElse) {
        st.diags.error(range, top === undefined ? `#${name} without #if` : `#${name} after #else`);
        return true;
      }
      const value = top.parentActive && !top.taken && (name === 'else' || condition(st, 'if', rest, range));
      top.active = value;
      top.taken ||= value;
      top.seenElse = name === 'else';
      return true;
    }
    case 'endif':
      if (conds.pop() === undefined) st.diags.error(range, '#endif without #if');
      return true;
    default:
      break;
  }
  if (!active(st)) return true;
  switch (name) {
    case 'define': define(st, rest, range); return true;
    case 'undef': st.macros.delete(rest.split(/\s/)[0] ?? ''); return true;
    case 'include': include(st, rest, range); return true;
    case 'error': st.diags.error(range, `#error ${rest}`); return true;
    case 'warning': st.diags.warning(range, `#warning ${rest}`); return true;
    case 'line': case 'pragma': case 'ident': case '': return true;
    default:
      return false;
  }
}

function condition(st: State, name: string, rest: string, range: SourceRange): boolean {
  if (name === 'ifdef' || name === 'ifndef') {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
    if (!m) {
      st.diags.error(range, `no macro name given in #${name} directive`);
      return false;
    }
    return st.macros.has(m[1]!) === (name === 'ifdef');
  }
  const withDefined = rest.replace(/\bdefined\s*(?:\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)|([A-Za-z_][A-Za-z0-9_]*))/g,
    (_, a?: string, b?: string) => (st.macros.has((a ?? b)!) ? '1' : '0'));
  const expanded = expandMacros(withDefined, st.macros);
  const v = evalCondition(expanded.text);
  if (typeof v === 'string') {
    st.diags.error(range, v);
    return false;
  }
  return v !== 0n;
}

function define(st: State, rest: string, range: SourceRange): void {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(\(([^)]*)\))?\s*(.*)$/.exec(rest);
  if (!m) {
    st.diags.error(range, 'macro names must be identifiers');
    return;
  }
  const name = m[1]!;
  if (m[2] === undefined) {
    st.macros.set(name, { name, body: m[4]!.trim() });
    return;
  }
  const params = m[3]!.split(',').map((p) => p.trim()).filter((p) => p !== '');
  const variadic = params[params.length - 1] === '...';
  if (variadic) params.pop();
  if (params.some((p) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(p))) {
    st.diags.error(range, `bad parameter list in macro "${name}"`);
    return;
  }
  st.macros.set(name, { name, params, variadic, body: m[4]!.trim() });
}

function include(st: State, rest: string, range: SourceRange): void {
  const m = /^(?:"([^"]*)"|<([^>]*)>)/.exec(rest);
  if (!m) {
    st.diags.error(range, '#include expects "FILENAME" or <FILENAME>');
    return;
  }
  const path = (m[1] ?? m[2])!;
  const from = st.stack[st.stack.length - 1]!;
  const read = st.options.readFile?.(path, from);
  if (read === undefined) {
    st.diags.error(range, `${path}: No such file or directory`);
    return;
  }
  const resolved = typeof read === 'string' ? path : read.path;
  if (st.stack.includes(resolved)) {
    st.diags.error(range, `#include nested in itself: ${path}`);
    return;
  }
  if (st.stack.length >= MAX_NESTING) {
    st.diags.error(range, '#include nested too deeply');
    return;
  }
  processFile(st, typeof read === 'string' ? read : read.text, resolved);
}
