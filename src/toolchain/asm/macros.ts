/**
 * `.macro` definitions and their expansion (GNU as manual, ".macro"): parameters with defaults
 * (`p=1`), required (`p:req`) and rest (`p:vararg`) parameters; arguments by position or by
 * keyword (`p=value`); in the body `\p` is the argument, `\@` the count of expansions so far and
 * `\()` separates a parameter from following text. Pure text substitution: never throws.
 */
import type { SourceLine } from './source';
import type { SourceRange } from './types';

/** One parameter. */
export interface MacroParam {
  name: string;
  defaultValue?: string;
  required: boolean;
  vararg: boolean;
}

/** A defined macro: its parameters and body lines (between `.macro` and `.endm`). */
export interface MacroDef {
  name: string;
  params: MacroParam[];
  body: SourceLine[];
  definition: SourceRange;
  /** Ranges of the invocations' macro names. */
  references: SourceRange[];
}

/** Splits `text` at top-level commas (outside quotes and parentheses), trimming each piece. */
export function splitArgs(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      cur += ch;
      if (ch === '\\' && i + 1 < text.length) cur += text[++i];
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (cur.trim() !== '' || out.length > 0) out.push(cur.trim());
  return out;
}

/** Parses the parameter list of `.macro name p1, p2=def, p3:req`; an error message on bad syntax. */
export function parseParams(text: string): MacroParam[] | string {
  const pieces = text.includes(',') ? splitArgs(text) : text.trim().split(/\s+/).filter((s) => s !== '');
  const params: MacroParam[] = [];
  for (const piece of pieces) {
    const m = /^([A-Za-z_.$][A-Za-z0-9_.$]*)\s*(?::\s*(req|vararg))?\s*(?:=\s*(.*))?$/.exec(piece);
    if (!m) return `bad macro parameter \`${piece}'`;
    if (params.some((p) => p.name === m[1])) return `duplicate macro parameter \`${m[1]}'`;
    params.push({ name: m[1]!, required: m[2] === 'req', vararg: m[2] === 'vararg', defaultValue: m[3]?.trim() });
  }
  return params;
}

/** Binds invocation arguments to parameters; an error message when they do not fit. */
export function bindArgs(def: MacroDef, argText: string): Map<string, string> | string {
  const values = new Map<string, string>();
  let args = splitArgs(argText);
  if (args.length === 1 && args[0] === '') args = [];
  // Without commas, GNU also separates arguments by spaces.
  if (!argText.includes(',') && args.length === 1 && def.params.length > 1) args = args[0]!.split(/\s+/);
  let position = 0;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const kw = /^([A-Za-z_.$][A-Za-z0-9_.$]*)\s*=(?!=)\s*(.*)$/.exec(arg);
    if (kw && def.params.some((p) => p.name === kw[1])) {
      values.set(kw[1]!, kw[2]!);
      continue;
    }
    const p = def.params[position];
    if (p === undefined) return `too many positional arguments for macro \`${def.name}'`;
    if (p.vararg) {
      values.set(p.name, args.slice(i).join(', '));
      break;
    }
    values.set(p.name, arg);
    position++;
  }
  for (const p of def.params) {
    const v = values.get(p.name);
    if (v === undefined || v === '') {
      if (p.required) return `Missing value for required parameter \`${p.name}' of macro \`${def.name}'`;
      values.set(p.name, p.defaultValue ?? '');
    }
  }
  return values;
}

/** The body of `def` with `\param`, `\@` and `\()` replaced. */
export function expandBody(def: MacroDef, values: Map<string, string>, counter: number): string[] {
  return def.body.map((l) => substitute(l.text, values, counter));
}

const PARAM_NAME = /[A-Za-z_.$][A-Za-z0-9_$]*/y;

function substitute(text: string, values: Map<string, string>, counter: number): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    if (text[i + 1] === '@') {
      out += String(counter);
      i += 1;
      continue;
    }
    if (text[i + 1] === '(' && text[i + 2] === ')') {
      i += 2;
      continue;
    }
    PARAM_NAME.lastIndex = i + 1;
    const m = PARAM_NAME.exec(text);
    if (m && values.has(m[0])) {
      out += values.get(m[0]);
      i += m[0].length;
      continue;
    }
    out += ch;
  }
  return out;
}
