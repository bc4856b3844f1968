/**
 * Directives that steer reading (GNU as manual: ".macro"/".endm"/".exitm"/".purgem", ".rept"/
 * ".irp"/".endr", ".include", ".if"/".ifdef"/".ifndef"/".ifb"/".ifnb"/".else"/".elseif"/".endif",
 * ".end", ".err"/".error"/".warning"/".print") and the RISC-V `.option` directive (RISC-V
 * Assembly Programmer's Manual, ".option": rvc, norvc, push, pop; relax/norelax, pic/nopic
 * and arch are accepted).
 */
import type { Assembler } from './assembler';
import { constantOperand } from './data';
import { bindArgs, expandBody, parseParams, type MacroDef } from './macros';
import { fileLines, MAX_NESTING, type SourceLine } from './source';
import { operandRanges, rangeOf, sourceText, tokensRange, type Statement } from './statement';

/** `.macro name params`: collects the body up to `.endm`. */
export function macroDirective(a: Assembler, stmt: Statement): void {
  const t = stmt.tokens[1];
  const range = rangeOf(stmt);
  if (t === undefined || t.kind !== 'ident') {
    a.error(stmt, "expected macro name after `.macro'");
    a.startCollecting('macro', range, () => undefined);
    return;
  }
  let paramText = stmt.text.slice(t.end - stmt.column);
  if (paramText.trimStart().startsWith(',')) paramText = paramText.trimStart().slice(1);
  const params = parseParams(paramText);
  const nameRange = rangeOf(stmt, { start: t.start, end: t.end });
  if (typeof params === 'string') {
    a.error(stmt, params);
    a.startCollecting('macro', range, () => undefined);
    return;
  }
  const name = t.text.toLowerCase();
  if (a.macros.has(name)) a.error(stmt, `Macro \`${t.text}' was already defined`, { start: t.start, end: t.end });
  a.startCollecting('macro', range, (body) => {
    a.macros.set(name, { name: t.text, params, body, definition: nameRange, references: [] });
  });
}

/** Expands macro `def` invoked by `stmt` (the operands start after token 0). */
export function invokeMacro(a: Assembler, stmt: Statement, def: MacroDef): void {
  if (a.reader.depth >= MAX_NESTING) {
    a.error(stmt, 'macros nested too deeply');
    return;
  }
  const first = stmt.tokens[1];
  const argText = first === undefined ? '' : stmt.text.slice(first.start - stmt.column);
  const values = bindArgs(def, argText);
  if (typeof values === 'string') {
    a.error(stmt, values);
    return;
  }
  def.references.push(rangeOf(stmt, { start: stmt.tokens[0]!.start, end: stmt.tokens[0]!.end }));
  const texts = expandBody(def, values, a.macroCounter++);
  const invocation = stmt.line.reportAt ?? rangeOf(stmt);
  const lines: SourceLine[] = def.body.map((l, i) => ({
    text: texts[i]!, file: l.file, line: l.line, reportAt: invocation,
    related: [{ range: { file: l.file, line: l.line, column: 0, endColumn: l.text.length }, message: `in macro \`${def.name}'` },
      ...(stmt.line.related ?? [])],
  }));
  a.reader.pushMacro(lines);
}

/** `.rept count`: collects the body up to `.endr` and replays it. */
export function reptDirective(a: Assembler, stmt: Statement): void {
  const ops = operandRanges(stmt, 1);
  const count = ops.length === 1 ? constantOperand(a, stmt, ops[0]![0], ops[0]![1]) : undefined;
  if (ops.length !== 1) a.error(stmt, 'expected .rept count');
  if (count !== undefined && count < 0n) a.error(stmt, 'negative count for REPT - ignored');
  a.startCollecting('rept', rangeOf(stmt), (body) => {
    if (count === undefined) return;
    if (a.reader.depth >= MAX_NESTING) {
      a.error(stmt, 'macros nested too deeply');
      return;
    }
    const n = count < 0n ? 0 : count > BigInt(a.maxStatements) ? a.maxStatements + 1 : Number(count);
    a.reader.pushRepeat(body, n);
  });
}

/** `.irp sym, values...`: the body once per value with `\sym` replaced. */
export function irpDirective(a: Assembler, stmt: Statement): void {
  const ops = operandRanges(stmt, 1);
  const t = stmt.tokens[1];
  if (t === undefined || t.kind !== 'ident') a.error(stmt, 'missing model parameter');
  const values = ops.slice(1).map(([f, to]) => sourceText(stmt, f, to));
  a.startCollecting('rept', rangeOf(stmt), (body) => {
    if (t === undefined || t.kind !== 'ident') return;
    const def: MacroDef = { name: '.irp', params: [{ name: t.text, required: false, vararg: false }], body, definition: rangeOf(stmt),
      references: [] };
    const lines: SourceLine[] = [];
    for (const v of values.length > 0 ? values : ['']) {
      const texts = expandBody(def, new Map([[t.text, v]]), a.macroCounter++);
      body.forEach((l, i) => lines.push({ ...l, text: texts[i]! }));
    }
    a.reader.pushRepeat(lines, 1);
  });
}

/** `.include "file"`: reads the file through the caller's reader; detects include cycles. */
export function includeDirective(a: Assembler, stmt: Statement): void {
  const t = stmt.tokens[1];
  if (t === undefined || t.kind !== 'string' || stmt.tokens.length !== 2) {
    a.error(stmt, 'expected "filename"');
    return;
  }
  const range = tokensRange(stmt, 1, 2);
  const read = a.options.readFile?.(t.text, stmt.line.file);
  if (read === undefined) {
    a.error(stmt, `can't open ${t.text} for reading: No such file or directory`, { start: t.start, end: t.end });
    return;
  }
  const path = typeof read === 'string' ? t.text : read.path;
  const text = typeof read === 'string' ? read : read.text;
  if (a.reader.isOpen(path)) {
    a.error(stmt, `recursive .include of \`${t.text}'`, { start: t.start, end: t.end });
    return;
  }
  if (a.reader.depth >= MAX_NESTING) {
    a.error(stmt, 'includes nested too deeply');
    return;
  }
  a.reader.pushFile(fileLines(text, path), path, range);
}

/**
 * `.if`, `.ifdef`, `.ifndef`, `.ifb`, `.ifnb`, `.ifc`/`.ifnc` (string compare), `.ifeq`, `.ifne`, ...
 * and `.else`, `.elseif`, `.endif`. Seen even inside a false branch, to keep the nesting.
 */
export function conditionalDirective(a: Assembler, stmt: Statement, name: string): void {
  const range = rangeOf(stmt);
  if (name === '.endif') {
    if (!a.conds.pop()) a.error(stmt, '".endif" without ".if"');
    return;
  }
  if (name === '.else') {
    if (!a.conds.switchBranch(true)) a.error(stmt, '".else" without matching ".if"');
    return;
  }
  if (name === '.elseif') {
    const value = a.conds.wantsElseIf ? conditionValue(a, stmt, name) : false;
    if (!a.conds.switchBranch(value)) a.error(stmt, '".elseif" without matching ".if"');
    return;
  }
  a.conds.push(a.conds.active ? conditionValue(a, stmt, name) : false, range);
}

function conditionValue(a: Assembler, stmt: Statement, name: string): boolean {
  const n = stmt.tokens.length;
  switch (name) {
    case '.ifdef': case '.ifndef': {
      const t = stmt.tokens[1];
      if (t === undefined || t.kind !== 'ident') {
        a.error(stmt, 'invalid identifier for ".ifdef"');
        return false;
      }
      const sym = a.symbols.byName.get(t.text);
      const defined = sym !== undefined && sym.defined;
      return name === '.ifdef' ? defined : !defined;
    }
    case '.ifb': return n === 1;
    case '.ifnb': return n > 1;
    case '.ifc': case '.ifnc': {
      const ops = operandRanges(stmt, 1).map(([f, t]) => sourceText(stmt, f, t).replace(/^'(.*)'$/, '$1'));
      const same = ops.length === 2 && ops[0] === ops[1];
      return name === '.ifc' ? same : !same;
    }
    default: {
      const v = constantOperand(a, stmt, 1, n);
      if (v === undefined) return false;
      switch (name) {
        case '.ifeq': return v === 0n;
        case '.ifge': return v >= 0n;
        case '.ifgt': return v > 0n;
        case '.ifle': return v <= 0n;
        case '.iflt': return v < 0n;
        default: return v !== 0n; // .if, .ifne, .elseif
      }
    }
  }
}

/** `.option rvc|norvc|push|pop|relax|norelax|pic|nopic|arch, ...`. */
export function optionDirective(a: Assembler, stmt: Statement): void {
  const t = stmt.tokens[1];
  const word = t?.kind === 'ident' ? t.text.toLowerCase() : '';
  switch (word) {
    case 'rvc':
      a.rvc = true;
      a.everRvc = true;
      return;
    case 'norvc': a.rvc = false; return;
    case 'push': a.optionStack.push(a.rvc); return;
    case 'pop': {
      const v = a.optionStack.pop();
      if (v === undefined) a.error(stmt, '.option pop with no .option push');
      else a.rvc = v;
      return;
    }
    case 'relax': case 'norelax': case 'pic': case 'nopic': case 'csr-check': case 'no-csr-check': return;
    case 'arch': {
      const rest = stmt.text.slice((stmt.tokens[2]?.start ?? stmt.endColumn) - stmt.column);
      if (/-c\b/.test(rest)) a.rvc = false;
      else if (/\+c\b/.test(rest)) {
        a.rvc = true;
        a.everRvc = true;
      }
      return;
    }
    default:
      a.warning(stmt, `unrecognized .option directive: ${sourceText(stmt, 1)}`);
  }
}

/** `.error "msg"`, `.warning "msg"`, `.err`, `.print "msg"` (print is ignored here). */
export function messageDirective(a: Assembler, stmt: Statement, name: string): void {
  const t = stmt.tokens[1];
  const text = t?.kind === 'string' ? t.text : undefined;
  if (name === '.err') a.error(stmt, '.err encountered');
  else if (name === '.error') a.error(stmt, text ?? '.error directive invoked in source file');
  else if (name === '.warning') a.warning(stmt, text ?? '.warning directive invoked in source file');
}
