/**
 * Section and symbol directives (GNU as manual: ".section" (ELF version), ".text", ".data",
 * ".bss", ".pushsection"/".popsection"/".previous", ".globl"/".global", ".local", ".weak",
 * ".hidden"/".protected"/".internal", ".type", ".size", ".equ"/".set"/".equiv", `sym = expr`).
 */
import {
  SHF_ALLOC, SHF_EXECINSTR, SHF_MERGE, SHF_STRINGS, SHF_TLS, SHF_WRITE, SHT_FINI_ARRAY, SHT_INIT_ARRAY,
  SHT_NOBITS, SHT_NOTE, SHT_PREINIT_ARRAY, SHT_PROGBITS, STT_COMMON, STT_FUNC, STT_GNU_IFUNC, STT_NOTYPE,
  STT_OBJECT, STT_TLS, STV_HIDDEN, STV_INTERNAL, STV_PROTECTED,
} from '../../elf/constants';
import type { Assembler } from './assembler';
import { constantOperand } from './data';
import { isConstant } from './eval';
import { operandRanges, rangeOf, type Statement } from './statement';
import type { Sym } from './symbols';

const SECTION_TYPES: Readonly<Record<string, number>> = {
  progbits: SHT_PROGBITS, nobits: SHT_NOBITS, note: SHT_NOTE, init_array: SHT_INIT_ARRAY,
  fini_array: SHT_FINI_ARRAY, preinit_array: SHT_PREINIT_ARRAY,
};

const SECTION_FLAGS: Readonly<Record<string, number>> = {
  a: SHF_ALLOC, w: SHF_WRITE, x: SHF_EXECINSTR, M: SHF_MERGE, S: SHF_STRINGS, T: SHF_TLS,
};

const SYMBOL_TYPES: Readonly<Record<string, number>> = {
  function: STT_FUNC, object: STT_OBJECT, notype: STT_NOTYPE, tls_object: STT_TLS, common: STT_COMMON,
  gnu_indirect_function: STT_GNU_IFUNC, STT_FUNC, STT_OBJECT, STT_NOTYPE, STT_TLS, STT_COMMON,
};

const VISIBILITY: Readonly<Record<string, number>> = { '.hidden': STV_HIDDEN, '.protected': STV_PROTECTED, '.internal': STV_INTERNAL };

/** A section name operand: an identifier, a string, or a run of tokens such as `.text.foo`. */
function sectionName(stmt: Statement, from: number, to: number): string | undefined {
  const t = stmt.tokens[from];
  if (t === undefined || from >= to) return undefined;
  if (t.kind === 'string') return t.text;
  return stmt.text.slice(t.start - stmt.column, stmt.tokens[to - 1]!.end - stmt.column);
}

/** `.section name[, "flags"[, @type[, entsize]]]`. */
export function sectionDirective(a: Assembler, stmt: Statement, push: boolean): void {
  const ops = operandRanges(stmt, 1);
  const name = ops[0] ? sectionName(stmt, ops[0][0], ops[0][1]) : undefined;
  if (name === undefined) {
    a.error(stmt, 'missing name');
    return;
  }
  let flags: number | undefined;
  let type: number | undefined;
  let entsize = 0;
  if (ops[1]) {
    const t = stmt.tokens[ops[1][0]];
    if (t === undefined || t.kind !== 'string') {
      a.error(stmt, 'expected section flags string', t ? { start: t.start, end: t.end } : undefined);
      return;
    }
    flags = 0;
    for (const ch of t.text) {
      const f = SECTION_FLAGS[ch];
      if (f === undefined && !/[GoRd?e]/.test(ch)) {
        a.error(stmt, `unknown section attribute \`${ch}'`, { start: t.start, end: t.end });
        return;
      }
      flags |= f ?? 0;
    }
  }
  if (ops[2]) {
    const toks = stmt.tokens.slice(ops[2][0], ops[2][1]);
    const word = toks.map((t) => t.text).join('').replace(/^[@%]/, '');
    type = SECTION_TYPES[word];
    if (type === undefined) {
      a.error(stmt, `unrecognized section type \`${word}'`);
      return;
    }
  }
  if (ops[3]) entsize = Number(constantOperand(a, stmt, ops[3][0], ops[3][1]) ?? 0n);
  if (push) a.sectionStack.push(a.section);
  const existing = a.sections.find((s) => s.name === name);
  a.switchSection(name, type, flags, entsize);
  if (existing !== undefined && flags !== undefined && flags !== existing.flags) {
    a.warning(stmt, `ignoring changed section attributes for ${name}`);
  }
}

/** `.popsection`. */
export function popSection(a: Assembler, stmt: Statement): void {
  const s = a.sectionStack.pop();
  if (s === undefined) {
    a.error(stmt, '.popsection without corresponding .pushsection; ignored');
    return;
  }
  a.switchSection(s.name);
}

/** `.previous`: swaps the current and the previous section. */
export function previousSection(a: Assembler, stmt: Statement): void {
  if (a.previous === undefined) {
    a.error(stmt, '.previous without corresponding .section; ignored');
    return;
  }
  a.switchSection(a.previous.name);
}

/** The symbols named by a comma-separated list of identifiers, each recorded as a reference. */
function symbolList(a: Assembler, stmt: Statement): Sym[] {
  const out: Sym[] = [];
  for (const [from, to] of operandRanges(stmt, 1)) {
    const t = stmt.tokens[from];
    if (t === undefined || t.kind !== 'ident' || to !== from + 1) {
      a.error(stmt, 'expected symbol name', t ? { start: t.start, end: t.end } : undefined);
      continue;
    }
    const sym = a.symbols.get(t.text);
    sym.references.push(rangeOf(stmt, { start: t.start, end: t.end }));
    out.push(sym);
  }
  return out;
}

/** `.globl`, `.local`, `.weak`, `.hidden`, `.protected`, `.internal`. */
export function bindingDirective(a: Assembler, stmt: Statement, which: string): void {
  for (const sym of symbolList(a, stmt)) {
    if (which === '.globl' || which === '.global') sym.global = true;
    else if (which === '.local') sym.global = false;
    else if (which === '.weak') {
      sym.global = true;
      sym.weak = true;
    } else sym.visibility = VISIBILITY[which] ?? 0;
  }
}

/** `.type sym, @function` (also %function, "function", STT_FUNC). */
export function typeDirective(a: Assembler, stmt: Statement): void {
  const ops = operandRanges(stmt, 1);
  const t = ops[0] ? stmt.tokens[ops[0][0]] : undefined;
  if (t === undefined || t.kind !== 'ident' || ops.length !== 2) {
    a.error(stmt, 'expected `.type symbol, @type\'');
    return;
  }
  const toks = stmt.tokens.slice(ops[1]![0], ops[1]![1]);
  const word = toks.map((k) => k.text).join('').replace(/^[@%]/, '');
  const type = SYMBOL_TYPES[word];
  if (type === undefined) {
    a.error(stmt, `unrecognized symbol type "${word}"`);
    return;
  }
  const sym = a.symbols.get(t.text);
  sym.references.push(rangeOf(stmt, { start: t.start, end: t.end }));
  sym.elfType = type;
}

/** `.size sym, expr` (usually `. - sym`), resolved after layout. */
export function sizeDirective(a: Assembler, stmt: Statement): void {
  const ops = operandRanges(stmt, 1);
  const t = ops[0] ? stmt.tokens[ops[0][0]] : undefined;
  if (t === undefined || t.kind !== 'ident' || ops.length !== 2) {
    a.error(stmt, 'expected `.size symbol, expression\'');
    return;
  }
  const r = a.evalTokens(stmt, ops[1]![0], ops[1]![1], 'frag');
  if ('error' in r) {
    a.error(stmt, r.error, r.span);
    return;
  }
  const sym = a.symbols.get(t.text);
  sym.references.push(rangeOf(stmt, { start: t.start, end: t.end }));
  sym.size = r.value;
}

/**
 * `.equ sym, expr` / `.set sym, expr` / `sym = expr` (redefinable) and `.equiv sym, expr`
 * (an error when already defined). A constant gives an absolute symbol; `label + n` an alias.
 */
export function assign(a: Assembler, stmt: Statement, nameIndex: number, exprFrom: number, exprTo: number, equiv: boolean): void {
  const t = stmt.tokens[nameIndex];
  if (t === undefined || t.kind !== 'ident') {
    a.error(stmt, 'expected symbol name', t ? { start: t.start, end: t.end } : undefined);
    return;
  }
  const sym = a.symbols.get(t.text);
  if (sym.kind === 'label' || (equiv && sym.kind === 'equ')) {
    a.error(stmt, `symbol \`${t.text}' is already defined`, { start: t.start, end: t.end });
    return;
  }
  const r = a.evalTokens(stmt, exprFrom, exprTo, 'frag');
  if ('error' in r) {
    a.error(stmt, r.error, r.span);
    return;
  }
  if (r.reloc !== undefined) {
    a.error(stmt, `%${r.reloc} is not allowed here`, r.span);
    return;
  }
  if (r.value.sym === sym) {
    a.error(stmt, `symbol definition loop encountered at \`${t.text}'`, r.span);
    return;
  }
  sym.kind = 'equ';
  sym.value = isConstant(r.value) ? { add: r.value.add } : r.value;
  sym.definition = rangeOf(stmt, { start: t.start, end: t.end });
}
