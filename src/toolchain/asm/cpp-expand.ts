/**
 * Macro expansion and `#if` expressions of the small C preprocessor used for `.S` files
 * (C11 6.10.3 "Macro replacement", 6.10.1 "Conditional inclusion"), in assembler-with-cpp
 * style: a quote does not start a character constant. Bounded: each line's expansion stops
 * after MAX_EXPANSIONS replacements or MAX_LINE_GROWTH characters.
 */

/** A `#define`: object-like when `params` is undefined. */
export interface CppMacro {
  name: string;
  params?: string[];
  variadic?: boolean;
  body: string;
}

/** Most macro replacements while expanding one line. */
export const MAX_EXPANSIONS = 10_000;
/** Most characters an expanded line may have beyond its source. */
export const MAX_LINE_GROWTH = 1 << 20;

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;

/** Result of expanding a line: the text, and an error when a bound was hit or a call was malformed. */
export interface Expansion {
  text: string;
  error?: string;
}

/** Expands the macros of `text` (strings and `#`/`//` comments are left alone by the caller). */
export function expandMacros(text: string, macros: ReadonlyMap<string, CppMacro>): Expansion {
  const state = { count: 0, limit: text.length + MAX_LINE_GROWTH, error: undefined as string | undefined };
  const out = expand(text, macros, new Set(), state);
  return state.error === undefined ? { text: out } : { text: out, error: state.error };
}

interface State {
  count: number;
  limit: number;
  error?: string;
}

function expand(text: string, macros: ReadonlyMap<string, CppMacro>, active: ReadonlySet<string>, st: State): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (st.error !== undefined || out.length > st.limit) {
      st.error ??= 'macro expansion too large';
      return out + text.slice(i);
    }
    const ch = text[i]!;
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    IDENT.lastIndex = i;
    const m = /[A-Za-z_]/.test(ch) && (i === 0 || !/[A-Za-z0-9_.$]/.test(text[i - 1]!)) ? IDENT.exec(text) : null;
    if (m === null) {
      out += ch;
      i++;
      continue;
    }
    const name = m[0];
    const end = i + name.length;
    const mac = macros.get(name);
    if (mac === undefined || active.has(name) || (end < text.length && /[.$]/.test(text[end]!))) {
      out += name;
      i = end;
      continue;
    }
    if (++st.count > MAX_EXPANSIONS) {
      st.error = 'too many macro expansions';
      continue;
    }
    if (mac.params === undefined) {
      out += expand(mac.body, macros, new Set([...active, name]), st);
      i = end;
      continue;
    }
    let j = end;
    while (j < text.length && /\s/.test(text[j]!)) j++;
    if (text[j] !== '(') {
      out += name;
      i = end;
      continue;
    }
    const call = readArgs(text, j);
    if (call === undefined) {
      st.error = `unterminated argument list invoking macro "${name}"`;
      out += text.slice(i);
      return out;
    }
    const args = call.args.map((s) => s.trim());
    if (args.length === 1 && args[0] === '' && mac.params.length === 0) args.length = 0;
    if (!mac.variadic && args.length !== mac.params.length) {
      const given = args.length;
      const wanted = mac.params.length;
      st.error = given > wanted
        ? `macro "${name}" passed ${given} arguments, but takes just ${wanted}`
        : `macro "${name}" requires ${wanted} arguments, but only ${given} given`;
      out += text.slice(i, call.end);
      i = call.end;
      continue;
    }
    const body = substitute(mac, args, (s) => expand(s, macros, active, st));
    out += expand(body, macros, new Set([...active, name]), st);
    i = call.end;
  }
  return out;
}

/** Reads `( a, b, (c, d) )` at text[open] === '('; args split at depth-1 commas. */
function readArgs(text: string, open: number): { args: string[]; end: number } | undefined {
  const args: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = open; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '(') {
      if (depth++ > 0) cur += ch;
    } else if (ch === ')') {
      if (--depth === 0) {
        args.push(cur);
        return { args, end: i + 1 };
      }
      cur += ch;
    } else if (ch === ',' && depth === 1) {
      args.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  return undefined;
}

/** The macro body with parameters replaced: `#p` stringified, `a ## b` pasted, others expanded first. */
function substitute(mac: CppMacro, args: string[], pre: (s: string) => string): string {
  const params = mac.params!;
  const value = (name: string): string | undefined => {
    if (name === '__VA_ARGS__' && mac.variadic) return args.slice(params.length).join(', ');
    const k = params.indexOf(name);
    return k < 0 ? undefined : args[k];
  };
  let out = '';
  let i = 0;
  const body = mac.body;
  while (i < body.length) {
    if (body[i] === '#' && body[i + 1] !== '#' && body[i - 1] !== '#') {
      IDENT.lastIndex = i + 1 + (body.slice(i + 1).length - body.slice(i + 1).trimStart().length);
      const m = IDENT.exec(body);
      const v = m ? value(m[0]) : undefined;
      if (m && v !== undefined) {
        out += JSON.stringify(v);
        i = m.index + m[0].length;
        continue;
      }
    }
    IDENT.lastIndex = i;
    const m = /[A-Za-z_]/.test(body[i]!) ? IDENT.exec(body) : null;
    if (m) {
      const v = value(m[0]);
      const pasted = /^\s*##/.test(body.slice(i + m[0].length)) || /##\s*$/.test(out);
      out += v === undefined ? m[0] : pasted ? v : pre(v);
      i += m[0].length;
      continue;
    }
    out += body[i];
    i++;
  }
  return out.replace(/\s*##\s*/g, '');
}

/** Evaluates a `#if` expression (after `defined` and macro replacement); undefined identifiers are 0. */
export function evalCondition(text: string): bigint | string {
  const tokens = text.match(COND_TOKEN) ?? [];
  const p = new CondParser(tokens);
  const v = p.ternary();
  if (p.error !== undefined) return p.error;
  if (p.pos < tokens.length) return `missing binary operator before token "${tokens[p.pos]}"`;
  return v;
}

/** Tokens of a #if expression: numbers (with u/l suffixes), names, character constants, operators. */
const COND_TOKEN = new RegExp([
  '0[xX][0-9a-fA-F]+[uUlL]*', '[0-9]+[uUlL]*', '[A-Za-z_][A-Za-z0-9_]*', "'(?:\\\\.|[^'])'",
  '<<|>>|<=|>=|==|!=|&&|\\|\\|', '[-+*/%<>!~&|^?:()]', '\\S',
].join('|'), 'g');

const BINARY_LEVELS: readonly (readonly string[])[] = [
  ['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '>', '<=', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%'],
];
const MAX_COND_DEPTH = 256;

class CondParser {
  pos = 0;
  error?: string;
  private depth = 0;
  constructor(private readonly t: string[]) {}

  ternary(): bigint {
    const c = this.binary(0);
    if (this.t[this.pos] !== '?') return c;
    this.pos++;
    const a = this.ternary();
    if (this.t[this.pos] !== ':') {
      this.error ??= "expected ':' in #if";
      return 0n;
    }
    this.pos++;
    const b = this.ternary();
    return c !== 0n ? a : b;
  }

  private binary(level: number): bigint {
    if (level >= BINARY_LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    while (this.error === undefined && BINARY_LEVELS[level]!.includes(this.t[this.pos] ?? '')) {
      const op = this.t[this.pos++]!;
      const right = this.binary(level + 1);
      left = this.apply(op, left, right);
    }
    return left;
  }

  private apply(op: string, a: bigint, b: bigint): bigint {
    const B = (x: boolean) => (x ? 1n : 0n);
    switch (op) {
      case '||': return B(a !== 0n || b !== 0n);
      case '&&': return B(a !== 0n && b !== 0n);
      case '|': return a | b;
      case '^': return a ^ b;
      case '&': return a & b;
      case '==': return B(a === b);
      case '!=': return B(a !== b);
      case '<': return B(a < b);
      case '>': return B(a > b);
      case '<=': return B(a <= b);
      case '>=': return B(a >= b);
      case '<<': return b < 0n || b > 63n ? 0n : BigInt.asIntN(64, a << b);
      case '>>': return b < 0n || b > 63n ? 0n : a >> b;
      case '+': return BigInt.asIntN(64, a + b);
      case '-': return BigInt.asIntN(64, a - b);
      case '*': return BigInt.asIntN(64, a * b);
      default:
        if (b === 0n) {
          this.error ??= 'division by zero in #if';
          return 0n;
        }
        return op === '/' ? a / b : a % b;
    }
  }

  private unary(): bigint {
    const tok = this.t[this.pos];
    if (tok === undefined) {
      this.error ??= '#if with no expression';
      return 0n;
    }
    if (this.depth >= MAX_COND_DEPTH) {
      this.error ??= '#if expression too deeply nested';
      return 0n;
    }
    this.depth++;
    try {
      this.pos++;
      if (tok === '!') return this.unary() === 0n ? 1n : 0n;
      if (tok === '~') return ~this.unary();
      if (tok === '-') return BigInt.asIntN(64, -this.unary());
      if (tok === '+') return this.unary();
      if (tok === '(') {
        const v = this.ternary();
        if (this.t[this.pos] !== ')') this.error ??= "missing ')' in expression";
        else this.pos++;
        return v;
      }
      if (/^[0-9]/.test(tok)) {
        const digits = tok.replace(/[uUlL]+$/, '');
        return BigInt(/^0[0-7]+$/.test(digits) ? `0o${digits.slice(1)}` : /^0[0-9]+$/.test(digits) ? digits.slice(1) : digits);
      }
      if (/^'/.test(tok)) return BigInt(tok.length === 3 ? tok.charCodeAt(1) : 0);
      if (/^[A-Za-z_]/.test(tok)) return 0n;
      this.error ??= `token "${tok}" is not valid in preprocessor expressions`;
      return 0n;
    } finally {
      this.depth--;
    }
  }
}
