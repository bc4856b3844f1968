/**
 * What a breakpoint does when it is hit, besides stopping (DAP SourceBreakpoint / FunctionBreakpoint
 * `condition`, `hitCondition`, `logMessage`): the C condition must be true, the hit count must
 * satisfy the hit condition, and a logpoint prints its message instead of stopping. The C
 * expressions themselves are evaluated by the caller (cexpr over the stopped frame); this module
 * parses hit conditions and log-message templates and keeps the counts.
 */

/** A parsed hit condition: stop when `test(hits)` is true, `hits` counting from 1. */
export interface HitCondition {
  /** The text as the user wrote it. */
  text: string;
  test(hits: number): boolean;
}

/**
 * Parses a hit condition: `N` or `>= N` (stop from the N-th hit on, gdb's ignore count),
 * `> N`, `== N` / `= N` (only the N-th hit), `< N`, `<= N`, `% N` (every N-th hit). N is a
 * positive decimal integer. Returns an error sentence for anything else.
 */
export function parseHitCondition(text: string): HitCondition | { error: string } {
  const m = /^\s*(>=|<=|==|=|>|<|%)?\s*([0-9]{1,9})\s*$/.exec(text);
  if (!m) return { error: `hit condition '${text}' is not one of N, >= N, > N, == N, < N, <= N, % N` };
  const n = Number(m[2]);
  const op = m[1] ?? '>=';
  if (op === '%' && n === 0) return { error: `hit condition '${text}': % 0 divides by zero` };
  const tests: Record<string, (h: number) => boolean> = {
    '>=': (h) => h >= n, '>': (h) => h > n, '==': (h) => h === n, '=': (h) => h === n,
    '<': (h) => h < n, '<=': (h) => h <= n, '%': (h) => h % n === 0,
  };
  return { text, test: tests[op]! };
}

/** One piece of a log message: literal text, or a C expression to interpolate. */
export type LogPart = { kind: 'text'; text: string } | { kind: 'expr'; expr: string };

/**
 * Splits a logpoint message into text and `{expression}` parts (DAP: "Expressions within {} are
 * interpolated"). `{{` and `}}` stand for literal braces. An unbalanced brace gives an error.
 */
export function parseLogMessage(message: string): LogPart[] | { error: string } {
  const parts: LogPart[] = [];
  let text = '';
  for (let i = 0; i < message.length; i++) {
    const c = message[i]!;
    if ((c === '{' || c === '}') && message[i + 1] === c) {
      text += c;
      i++;
    } else if (c === '{') {
      const close = message.indexOf('}', i + 1);
      if (close < 0) return { error: `log message has an unclosed '{' at column ${i + 1}` };
      if (text) parts.push({ kind: 'text', text });
      text = '';
      parts.push({ kind: 'expr', expr: message.slice(i + 1, close) });
      i = close;
    } else if (c === '}') {
      return { error: `log message has an unmatched '}' at column ${i + 1}` };
    } else {
      text += c;
    }
  }
  if (text) parts.push({ kind: 'text', text });
  return parts;
}

/**
 * Renders parsed log-message parts with `evaluate(expr)` giving each expression's formatted
 * value or an error; errors appear inline as `<error: message>` so the log still prints.
 */
export function renderLogMessage(parts: readonly LogPart[], evaluate: (expr: string) => { value: string } | { error: string }): string {
  return parts.map((p) => {
    if (p.kind === 'text') return p.text;
    const r = evaluate(p.expr);
    return 'value' in r ? r.value : `<error: ${r.error}>`;
  }).join('');
}

/** The options of one breakpoint beyond its location, parsed once when it is set. */
export interface BreakpointOptions {
  condition?: string;
  hit?: HitCondition;
  log?: LogPart[];
}

/**
 * Parses a breakpoint's `condition`, `hitCondition` and `logMessage` (each optional; empty
 * strings count as absent). Returns the options, or the first problem as a sentence for the
 * breakpoint's `message` (the breakpoint is then reported unverified).
 */
export function parseBreakpointOptions(raw: { condition?: unknown; hitCondition?: unknown; logMessage?: unknown }): BreakpointOptions | { error: string } {
  const opts: BreakpointOptions = {};
  if (raw.condition !== undefined && raw.condition !== null && raw.condition !== '') {
    if (typeof raw.condition !== 'string') return { error: 'condition must be a string' };
    opts.condition = raw.condition;
  }
  if (raw.hitCondition !== undefined && raw.hitCondition !== null && raw.hitCondition !== '') {
    if (typeof raw.hitCondition !== 'string') return { error: 'hitCondition must be a string' };
    const hit = parseHitCondition(raw.hitCondition);
    if ('error' in hit) return hit;
    opts.hit = hit;
  }
  if (raw.logMessage !== undefined && raw.logMessage !== null && raw.logMessage !== '') {
    if (typeof raw.logMessage !== 'string') return { error: 'logMessage must be a string' };
    const log = parseLogMessage(raw.logMessage);
    if ('error' in log) return log;
    opts.log = log;
  }
  return opts;
}

/** What a hit of a breakpoint with options decides. */
export type HitDecision = { kind: 'stop' } | { kind: 'continue' } | { kind: 'log'; text: string } | { kind: 'error'; message: string };

/**
 * Decides one hit (gdb's order: the condition first; only hits whose condition holds are
 * counted; then the hit condition; then a logpoint logs and continues). `evalCondition` answers
 * whether the C condition is non-zero, or an error (gdb then stops and says why).
 * `counts` holds the hit count per breakpoint id and is updated here.
 */
export function decideHit(
  id: number,
  opts: BreakpointOptions,
  counts: Map<number, number>,
  evalCondition: (expr: string) => boolean | { error: string },
  renderLog: (parts: readonly LogPart[]) => string,
): HitDecision {
  if (opts.condition !== undefined) {
    const ok = evalCondition(opts.condition);
    if (typeof ok !== 'boolean') return { kind: 'error', message: `Error in testing condition for breakpoint ${id}: ${ok.error}` };
    if (!ok) return { kind: 'continue' };
  }
  const hits = (counts.get(id) ?? 0) + 1;
  counts.set(id, hits);
  if (opts.hit && !opts.hit.test(hits)) return { kind: 'continue' };
  if (opts.log) return { kind: 'log', text: renderLog(opts.log) };
  return { kind: 'stop' };
}
