/**
 * Completion: at the start of a statement, mnemonics (with snippets of their operands),
 * directives and macros; in an operand, what that operand of the instruction takes — integer or
 * FP registers, CSRs, labels, `.equ` constants, rounding modes, fence sets, relocation functions —
 * and the fitting words after a directive. Lists come from the instruction table (forms.ts), the
 * register and CSR names (src/isa), the assembler's directive list, and the document's symbols.
 */
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type Position, type Range } from 'vscode-languageserver';
import { CSR_NAMES, F_NAMES, X_NAMES } from '../isa';
import { DIRECTIVE_NAMES, type AsmSymbol } from '../toolchain/asm';
import { RELOC_FUNCTIONS } from '../toolchain/asm/expr';
import { ROUNDING_MODES } from '../toolchain/asm/registers';
import { directiveDoc } from './directive-docs';
import { formsOf, formText, MNEMONICS, rowOf, snippetOf, type SlotKind } from './forms';
import { csrInfo, registerInfo, registerSummary } from './registers';
import { insideParens, operandIndexAt, tokenIndexAt, type ScannedDocument, type ScannedStatement } from './scan';

/** What an operand position accepts, for completion. */
type Want = 'x' | 'f' | 'csr' | 'label' | 'constant' | 'reloc' | 'rm' | 'fence' | 'option' | 'section' | 'symtype';

const OPTION_WORDS = ['rvc', 'norvc', 'push', 'pop', 'relax', 'norelax', 'pic', 'nopic'];
const SECTION_WORDS = ['.text', '.data', '.rodata', '.bss', '.sdata', '.sbss', '.init_array', '.fini_array'];
const SYMBOL_TYPES = ['@function', '@object', '@notype'];
const FENCE_SETS = ['iorw', 'rw', 'r', 'w', 'io', 'i', 'o'];
/** Directives whose operands are symbol names. */
const SYMBOL_DIRECTIVES = new Set(['.globl', '.global', '.local', '.weak', '.hidden', '.protected', '.internal', '.size', '.ifdef', '.ifndef', '.purgem']);

/** What slot kind `k` accepts. */
function wantsOf(k: SlotKind): Want[] {
  switch (k) {
    case 'rd': case 'rs1': case 'rs2': case 'rs3': return ['x'];
    case 'frd': case 'frs1': case 'frs2': case 'frs3': return ['f'];
    case 'csr': return ['csr', 'constant'];
    case 'branch': case 'jump': case 'symbol': return ['label'];
    case 'imm': case 'uimm20': case 'mem': return ['constant', 'reloc'];
    case 'shamt': case 'zimm': case 'value': return ['constant'];
    case 'rm': return ['rm'];
    case 'pred': case 'succ': return ['fence'];
    case 'amo': return [];
  }
}

/** What a directive's operand `index` accepts. */
function directiveWants(name: string, index: number): Want[] {
  if (name === '.option') return ['option'];
  if (name === '.section' || name === '.pushsection') return index === 0 ? ['section'] : [];
  if (name === '.type') return index === 0 ? ['label'] : ['symtype'];
  if (SYMBOL_DIRECTIVES.has(name)) return index === 0 ? ['label'] : ['constant'];
  if (name === '.equ' || name === '.set' || name === '.equiv') return index === 0 ? [] : ['constant', 'label'];
  if (name === '.include' || name.startsWith('.ascii') || name === '.string') return [];
  return ['constant', 'label'];
}

/**
 * The items for `pos` in document `doc` ([] inside comments and strings); `symbols` are the
 * document's (possibly from a slightly older text) and the other open documents' global ones.
 */
export function completionsAt(doc: ScannedDocument, pos: Position, symbols: readonly AsmSymbol[]): CompletionItem[] {
  if (doc.inCommentAt(pos.line, pos.character)) return [];
  const s = doc.statementAt(pos.line, pos.character);
  const i = tokenIndexAt(s, pos.character);
  const t = i === undefined ? undefined : s.tokens[i];
  if (t !== undefined && (t.kind === 'string' || t.kind === 'error' || t.kind === 'char')) return [];
  const word: Range = { start: { line: pos.line, character: t !== undefined && t.end >= pos.character ? t.start : pos.character }, end: pos };
  const index = operandIndexAt(s, pos.character);
  if (index < 0) return statementStart(s, word, symbols);
  if (t?.kind === 'reloc') return relocItems(word);
  const head = s.tokens[s.head]!;
  let wants: Want[];
  if (head.text.startsWith('.')) wants = directiveWants(head.text.toLowerCase(), index);
  else if (insideParens(s, pos.character)) wants = ['x'];
  else {
    const forms = formsOf(head.text);
    wants = forms.length === 0 ? ['x', 'label', 'constant'] : [...new Set(forms.flatMap((f) => (f.operands[index] === undefined ? [] : wantsOf(f.operands[index]!.kind))))];
  }
  return wants.flatMap((w) => itemsFor(w, word, symbols));
}

/** Mnemonics, directives and macros for the head of a statement. */
function statementStart(s: ScannedStatement, word: Range, symbols: readonly AsmSymbol[]): CompletionItem[] {
  const withOperands = s.tokens.length > s.head + 1;
  const items: CompletionItem[] = MNEMONICS.map((m) => {
    const form = formsOf(m)[0]!;
    const row = rowOf(m);
    return {
      label: m, kind: CompletionItemKind.Function, detail: formText(form),
      documentation: { kind: 'markdown', value: formsOf(m).map((f) => `\`${formText(f)}\` — ${f.doc}`).join('\n\n') },
      sortText: `${row === undefined || row.length === 4 ? (row?.extension === 'Priv' ? 2 : 0) : 1}${m}`,
      textEdit: { range: word, newText: withOperands ? m : snippetOf(form) }, insertTextFormat: withOperands ? InsertTextFormat.PlainText : InsertTextFormat.Snippet,
    };
  });
  for (const name of DIRECTIVE_NAMES) {
    const doc = directiveDoc(name);
    items.push({ label: name, kind: CompletionItemKind.Keyword, detail: doc?.usage, documentation: doc?.doc, sortText: `3${name}`, textEdit: { range: word, newText: name } });
  }
  for (const m of symbols) {
    if (m.kind === 'macro') items.push({ label: m.name, kind: CompletionItemKind.Module, detail: 'macro', sortText: `0${m.name}`, textEdit: { range: word, newText: m.name } });
  }
  return items;
}

function relocItems(word: Range): CompletionItem[] {
  return RELOC_FUNCTIONS.map((f) => ({
    label: `%${f}`, kind: CompletionItemKind.Function, textEdit: { range: word, newText: `%${f}($1)` }, insertTextFormat: InsertTextFormat.Snippet,
  }));
}

/** Plain items of one kind, each replacing the word being typed. */
function plain(words: readonly string[], kind: CompletionItemKind, word: Range, detail?: (w: string) => string | undefined, sort?: (w: string, i: number) => string): CompletionItem[] {
  return words.map((w, i) => ({ label: w, kind, detail: detail?.(w), sortText: sort?.(w, i) ?? `${i}`.padStart(4, '0'), textEdit: { range: word, newText: w } }));
}

function itemsFor(want: Want, word: Range, symbols: readonly AsmSymbol[]): CompletionItem[] {
  switch (want) {
    case 'x': return plain(X_NAMES, CompletionItemKind.Variable, word, (w) => registerSummary(registerInfo(w)!));
    case 'f': return plain(F_NAMES, CompletionItemKind.Variable, word, (w) => registerSummary(registerInfo(w)!));
    case 'csr': {
      const names = [...CSR_NAMES.values()];
      return plain(names, CompletionItemKind.Constant, word, (w) => {
        const c = csrInfo(w)!;
        return `CSR 0x${c.number.toString(16)} · ${c.privilege}${c.readOnly ? ' · read-only' : ''}`;
      }, (w) => `${csrInfo(w)!.privilege === 'User' ? 0 : 1}${w}`);
    }
    case 'label': return symbolItems(symbols, (s) => s.kind === 'label' || s.kind === 'undefined', word);
    case 'constant': return symbolItems(symbols, (s) => s.kind === 'equ', word);
    case 'reloc': return relocItems(word);
    case 'rm': return plain([...ROUNDING_MODES.keys()], CompletionItemKind.EnumMember, word);
    case 'fence': return plain(FENCE_SETS, CompletionItemKind.EnumMember, word);
    case 'option': return plain(OPTION_WORDS, CompletionItemKind.EnumMember, word);
    case 'section': return plain(SECTION_WORDS, CompletionItemKind.Module, word);
    case 'symtype': return plain(SYMBOL_TYPES, CompletionItemKind.EnumMember, word);
  }
}

/** Items for the named symbols passing `keep`, each name once (numeric local labels left out). */
function symbolItems(symbols: readonly AsmSymbol[], keep: (s: AsmSymbol) => boolean, word: Range): CompletionItem[] {
  const names = new Map<string, AsmSymbol>();
  for (const s of symbols) if (keep(s) && !/^[0-9]/.test(s.name) && !names.has(s.name)) names.set(s.name, s);
  return [...names.values()].map((s) => ({
    label: s.name,
    kind: s.kind === 'equ' ? CompletionItemKind.Constant : CompletionItemKind.Reference,
    detail: s.kind === 'equ' ? `.equ ${s.value ?? ''}` : s.kind === 'label' ? `label in ${s.section ?? '?'}` : 'symbol',
    sortText: `0${s.name}`,
    textEdit: { range: word, newText: s.name },
  }));
}
