/**
 * Statement dispatch (GNU as manual, "Statements" and "Assembler Directives"): leading labels
 * (`name:`, numeric `1:`), assignments (`sym = expr`), directives, macro invocations, and
 * instructions. Directives GNU as accepts that have no effect on our output (.file, .loc, .ident,
 * .cfi_*, .attribute, .addrsig, ...) are accepted and ignored.
 */
import { SHF_MERGE, SHF_STRINGS, SHT_PROGBITS } from '../../elf/constants';
import type { Assembler } from './assembler';
import { alignDirective, dataFill, dataSpace, dataStrings, dataValues } from './data';
import {
  conditionalDirective, includeDirective, invokeMacro, irpDirective, macroDirective, messageDirective,
  optionDirective, reptDirective,
} from './control';
import { assembleInstruction } from './instructions';
import {
  assign, bindingDirective, popSection, previousSection, sectionDirective, sizeDirective, typeDirective,
} from './sections-directives';
import { operandRanges, rangeOf, type Statement } from './statement';

type Handler = (a: Assembler, stmt: Statement, name: string) => void;

const data = (size: number): Handler => (a, s) => dataValues(a, s, size);
const section = (name: string): Handler => (a) => {
  a.switchSection(name);
};
const ignored: Handler = () => undefined;

/** Every directive, by lower-case name. */
const DIRECTIVES: Readonly<Record<string, Handler>> = {
  '.text': section('.text'), '.data': section('.data'), '.bss': section('.bss'), '.rodata': section('.rodata'),
  '.section': (a, s) => sectionDirective(a, s, false), '.pushsection': (a, s) => sectionDirective(a, s, true),
  '.popsection': popSection, '.previous': previousSection,
  '.globl': bindingDirective, '.global': bindingDirective, '.local': bindingDirective, '.weak': bindingDirective,
  '.hidden': bindingDirective, '.protected': bindingDirective, '.internal': bindingDirective,
  '.type': typeDirective, '.size': sizeDirective,
  '.equ': (a, s) => assignDirective(a, s, false), '.set': (a, s) => assignDirective(a, s, false),
  '.equiv': (a, s) => assignDirective(a, s, true),
  '.byte': data(1), '.half': data(2), '.short': data(2), '.2byte': data(2), '.word': data(4), '.long': data(4),
  '.4byte': data(4), '.int': data(4), '.dword': data(8), '.quad': data(8), '.8byte': data(8),
  '.ascii': (a, s) => dataStrings(a, s, false), '.asciz': (a, s) => dataStrings(a, s, true),
  '.string': (a, s) => dataStrings(a, s, true),
  '.zero': dataSpace, '.space': dataSpace, '.skip': dataSpace, '.fill': dataFill,
  '.align': (a, s) => alignDirective(a, s, true), '.p2align': (a, s) => alignDirective(a, s, true),
  '.balign': (a, s) => alignDirective(a, s, false),
  '.option': optionDirective,
  '.macro': macroDirective, '.rept': reptDirective, '.irp': irpDirective, '.include': includeDirective,
  '.endm': (a, s) => a.warning(s, '.endm encountered without preceding .macro'),
  '.endmacro': (a, s) => a.warning(s, '.endm encountered without preceding .macro'),
  '.endr': (a, s) => a.warning(s, '.endr encountered without preceding .rept, .irp, or .irpc'),
  '.exitm': (a, s) => (a.reader.depth > 1 ? a.reader.exitMacro() : a.error(s, "unexpected `.exitm' outside a macro")),
  '.purgem': (a, s) => {
    const t = s.tokens[1];
    if (t === undefined || !a.macros.delete(t.text.toLowerCase())) a.error(s, `Macro \`${t?.text ?? ''}' was not defined`);
  },
  '.if': conditionalDirective, '.ifdef': conditionalDirective, '.ifndef': conditionalDirective,
  '.ifb': conditionalDirective, '.ifnb': conditionalDirective, '.ifeq': conditionalDirective,
  '.ifne': conditionalDirective, '.ifge': conditionalDirective, '.ifgt': conditionalDirective,
  '.ifle': conditionalDirective, '.iflt': conditionalDirective, '.ifc': conditionalDirective, '.ifnc': conditionalDirective,
  '.else': conditionalDirective,
  '.elseif': conditionalDirective, '.endif': conditionalDirective,
  '.err': messageDirective, '.error': messageDirective, '.warning': messageDirective, '.print': messageDirective,
  '.end': (a) => {
    a.stopped = true;
  },
  '.file': ignored, '.loc': ignored, '.ident': identDirective, '.attribute': ignored, '.addrsig': ignored,
  '.addrsig_sym': ignored, '.gnu_attribute': ignored, '.cfi_sections': ignored, '.cfi_startproc': ignored,
  '.cfi_endproc': ignored, '.cfi_def_cfa': ignored, '.cfi_def_cfa_offset': ignored, '.cfi_def_cfa_register': ignored,
  '.cfi_offset': ignored, '.cfi_restore': ignored, '.cfi_adjust_cfa_offset': ignored, '.cfi_rel_offset': ignored,
  '.cfi_remember_state': ignored, '.cfi_restore_state': ignored, '.cfi_signal_frame': ignored,
  '.cfi_register': ignored, '.cfi_undefined': ignored, '.cfi_same_value': ignored, '.cfi_escape': ignored,
  '.cfi_return_column': ignored,
};

/** Names of all directives the assembler accepts (for completion). */
export const DIRECTIVE_NAMES: readonly string[] = Object.keys(DIRECTIVES);

/** `.ident "text"`: appends the string to .comment (GNU as: a NUL byte, then NUL-terminated strings). */
function identDirective(a: Assembler, stmt: Statement): void {
  const t = stmt.tokens[1];
  if (t === undefined || t.kind !== 'string' || stmt.tokens.length !== 2) {
    a.error(stmt, 'expected "string"');
    return;
  }
  const comment = a.getSection('.comment', SHT_PROGBITS, SHF_MERGE | SHF_STRINGS, 1);
  const buf = comment.data().buf;
  if (buf.length === 0) buf.pushLE(0, 1);
  for (let i = 0; i < t.text.length; i++) buf.pushLE(t.text.charCodeAt(i), 1);
  buf.pushLE(0, 1);
}

function assignDirective(a: Assembler, stmt: Statement, equiv: boolean): void {
  const ops = operandRanges(stmt, 1);
  if (ops.length !== 2 || ops[0]![1] !== ops[0]![0] + 1) {
    a.error(stmt, `expected \`${stmt.tokens[0]!.text} symbol, expression'`);
    return;
  }
  assign(a, stmt, ops[0]![0], ops[1]![0], ops[1]![1], equiv);
}

/** Defines the labels at the start of `stmt`; returns the index of the first token after them. */
function labels(a: Assembler, stmt: Statement): number {
  let i = 0;
  const t = stmt.tokens;
  while (i + 1 < t.length && t[i + 1]!.kind === 'punct' && t[i + 1]!.text === ':' &&
    (t[i]!.kind === 'ident' || (t[i]!.kind === 'number' && /^[0-9]+$/.test(t[i]!.text)))) {
    const name = t[i]!;
    const span = { start: name.start, end: name.end };
    if (name.kind === 'number') {
      const sym = a.symbols.defineLocal(name.value!);
      a.symbols.defineLabel(sym, a.section, a.section.data());
      sym.definition = rangeOf(stmt, span);
    } else {
      const sym = a.symbols.get(name.text);
      if (sym.defined) {
        a.error(stmt, `symbol \`${name.text}' is already defined`, span);
      } else {
        a.symbols.defineLabel(sym, a.section, a.section.data());
        sym.definition = rangeOf(stmt, span);
      }
    }
    i += 2;
  }
  return i;
}

/** Assembles one statement. */
export function handleStatement(a: Assembler, stmt: Statement): void {
  const first = stmt.tokens[0];
  if (first === undefined) return;
  // Conditionals are seen even inside a false .if (to track nesting).
  if (!a.conds.active) {
    conditionalDirective(a, stmt, first.text.toLowerCase());
    return;
  }
  const start = labels(a, stmt);
  if (start >= stmt.tokens.length) return;
  const head = stmt.tokens[start]!;
  if (start > 0) {
    // Re-slice so handlers always see the mnemonic or directive as token 0.
    stmt = { ...stmt, tokens: stmt.tokens.slice(start), text: stmt.text.slice(head.start - stmt.column), column: head.start };
  }
  if (head.kind === 'error') {
    a.error(stmt, head.text, { start: head.start, end: head.end });
    return;
  }
  if (head.kind !== 'ident') {
    a.error(stmt, `junk at end of line, first unrecognized character is \`${head.text[0] ?? ''}'`, { start: head.start, end: head.end });
    return;
  }
  const second = stmt.tokens[1];
  if (second !== undefined && second.kind === 'punct' && (second.text === '=' || second.text === '==')) {
    assign(a, stmt, 0, 2, stmt.tokens.length, second.text === '==');
    return;
  }
  const name = head.text.toLowerCase();
  const macro = a.macros.get(name);
  if (macro !== undefined) {
    invokeMacro(a, stmt, macro);
    return;
  }
  if (name.startsWith('.')) {
    const handler = DIRECTIVES[name];
    if (handler === undefined) a.error(stmt, `unknown pseudo-op: \`${head.text}'`, { start: head.start, end: head.end });
    else handler(a, stmt, name);
    return;
  }
  assembleInstruction(a, stmt);
}
