// Generates syntaxes/riscv-asm.tmLanguage.json, the TextMate grammar of GNU as RISC-V assembly
// (scope source.riscv-asm), from the one instruction table: the mnemonics of src/isa INSTRUCTIONS
// and src/isa/pseudo.ts PSEUDO_INSTRUCTIONS, the register names X_NAMES/F_NAMES, the CSR names
// CSR_NAMES and the rounding modes ROUNDING_MODE_NAMES are read from the table, never typed here.
// What the table does not hold (directive names, relocation functions, `.option` arguments,
// symbol and section types, preprocessor words) is listed below with its source.
//
//   node scripts/gen-grammar.mjs           writes the grammar
//   node scripts/gen-grammar.mjs --check   exits 1 when the committed grammar differs from the table's
//   node scripts/gen-grammar.mjs --lists   prints the hand-kept lists as JSON (for the tests)
//
// How a line is read (GNU as manual, "Syntax" and "RISC-V Dependent Features"): statements are
// separated by `;`; a statement may start with labels (`name:`, numeric local labels `1:`), then
// holds an instruction, a directive (`.name`), a macro invocation or `symbol = expression`. `#`
// starts a comment anywhere; `/* */` is a comment; `//` is shown as a comment because the C
// preprocessor removes it from .S files (plain GNU as would read `/` `/` as division). At the start
// of a line, `#` immediately followed by a preprocessor word (`#include`, `#define`, `#if`...) is a
// C preprocessor line, while `#` followed by a space or any other word is a comment: one grammar
// serves .s and .S, and this is the reading both conventions share.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './run-ts.mjs';

/** Where the generated grammar is committed. */
const GRAMMAR_FILE = join(ROOT, 'syntaxes', 'riscv-asm.tmLanguage.json');
const SCOPE = 'riscv-asm';

/**
 * Directive names without the dot: the ones the built-in assembler accepts
 * (src/toolchain/asm DIRECTIVE_NAMES, the one list the language server documents too), read
 * with the table in loadTable. Any other `.name` is highlighted as an unknown directive.
 */
let DIRECTIVES = [];

/**
 * Relocation functions of operands (RISC-V Assembly Programmer's Manual, "Assembler Relocation
 * Functions"; RISC-V ELF psABI, "Relocations"): %hi -> R_RISCV_HI20, %lo -> R_RISCV_LO12_I/S,
 * %pcrel_hi -> R_RISCV_PCREL_HI20, %pcrel_lo -> R_RISCV_PCREL_LO12_I/S, %tprel_* -> R_RISCV_TPREL_*,
 * %got_pcrel_hi -> R_RISCV_GOT_HI20, %tls_ie_pcrel_hi -> R_RISCV_TLS_GOT_HI20,
 * %tls_gd_pcrel_hi -> R_RISCV_TLS_GD_HI20.
 */
const RELOCATION_FUNCTIONS = [
  'hi', 'lo', 'pcrel_hi', 'pcrel_lo', 'tprel_hi', 'tprel_lo', 'tprel_add', 'got_pcrel_hi', 'tls_ie_pcrel_hi',
  'tls_gd_pcrel_hi',
];

/** Arguments of `.option` (GNU as manual, "RISC-V Directives"). */
const OPTION_ARGUMENTS = ['rvc', 'norvc', 'pic', 'nopic', 'relax', 'norelax', 'push', 'pop', 'arch', 'csr-check', 'no-csr-check'];

/** Symbol types written `@type` or `%type` in `.type` (GNU as manual, ".type"; ELF spec STT_* names). */
const SYMBOL_TYPES = ['function', 'object', 'tls_object', 'common', 'notype', 'gnu_indirect_function', 'gnu_unique_object'];

/** Section types written `@type` or `%type` in `.section` (GNU as manual, ".section name (ELF Version)"; SHT_*). */
const SECTION_TYPES = ['progbits', 'nobits', 'note', 'init_array', 'fini_array', 'preinit_array'];

/** C preprocessor directive words (C standard, "Preprocessing directives", plus GNU cpp's). */
const PREPROCESSOR_WORDS = [
  'include', 'include_next', 'define', 'undef', 'if', 'ifdef', 'ifndef', 'elif', 'elifdef', 'elifndef', 'else',
  'endif', 'error', 'warning', 'pragma', 'line',
];

/** Memory-ordering suffixes of A-extension mnemonics (unprivileged spec, "A" chapter, aq/rl bits). */
const ORDERING_SUFFIXES = ['aqrl', 'aq', 'rl'];
/** Letters of a FENCE predecessor/successor set (unprivileged spec, "Memory Ordering Instructions"). */
const FENCE_SET = '[iorw]+';
/** The psABI's second name for x8 ("Integer Register Convention": s0/fp), next to X_NAMES' `s0`. */
const FRAME_POINTER_ALIAS = { index: 8, name: 'fp' };

// Regex pieces. GNU as symbol characters are letters, digits, `_`, `.` and `$`.
const NOT_AFTER = '(?![A-Za-z0-9_.$])';
const NOT_BEFORE = '(?<![A-Za-z0-9_.$])';
const SYMBOL = '[A-Za-z_.$][A-Za-z0-9_.$]*';
/** Start of a statement: line start, after `;`, after a label's `:`, or after a block comment. */
const STATEMENT_START = String.raw`(?:^|(?<=[;:]|\*/))\s*`;
/** End of a statement: before `;` or at the end of the line. */
const STATEMENT_END = '(?=;)|$';

const escapeRegex = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** An alternation of `words`, longest first, sorted and deduplicated so the output is stable. */
const anyOf = (words) => [...new Set(words)].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).map(escapeRegex).join('|');
/** `name` with the language suffix, e.g. `comment.block.riscv-asm`. */
const scope = (name) => `${name}.${SCOPE}`;
/** Include rules of the repository by key. */
const include = (...keys) => keys.map((k) => ({ include: `#${k}` }));

/** Bundles the table modules of src/isa (they import nothing) and imports them. */
async function loadTable() {
  const contents = [
    "export { INSTRUCTIONS, X_NAMES, F_NAMES, CSR_NAMES } from './src/isa/index';",
    "export { ROUNDING_MODE_NAMES } from './src/isa/disasm-fd';",
    "export { PSEUDO_INSTRUCTIONS } from './src/isa/pseudo';",
    "export { DIRECTIVE_NAMES } from './src/toolchain/asm/index';",
  ].join('\n');
  const out = await build({
    stdin: { contents, resolveDir: ROOT, loader: 'ts' }, bundle: true, write: false, platform: 'neutral', format: 'esm', logLevel: 'warning',
  });
  const table = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
  DIRECTIVES = [...table.DIRECTIVE_NAMES].map((name) => name.slice(1)).sort();
  return table;
}

/**
 * Sorts the mnemonics into statement kinds by the operands they take: CSR names are highlighted
 * only where a `csr` operand stands, rounding modes only after an `rm` operand, fence sets only
 * in FENCE, and .aq/.rl/.aqrl suffixes only on AMO and LR/SC rows. A mnemonic that is both a
 * table row and a pseudo-instruction (`jal`, `lw`, `fence`) is scoped as the instruction.
 */
function statementKinds(table) {
  const rows = table.INSTRUCTIONS;
  const rowNames = new Set(rows.map((r) => r.mnemonic));
  const pseudo = table.PSEUDO_INSTRUCTIONS.filter((p) => !rowNames.has(p.mnemonic));
  const pseudoTakesCsr = (p) => /\bcsr\b/.test(p.operands);
  const rowsWhere = (test) => rows.filter(test).map((r) => r.mnemonic);
  const ordered = (r) => r.format === 'AMO' || r.format === 'LR';
  const plain = (r) => !ordered(r) && !['csr', 'rm', 'pred'].some((k) => r.operands.includes(k));
  const instruction = scope('keyword.other.instruction');
  const pseudoScope = scope('keyword.other.instruction.pseudo');
  return [
    { key: 'instruction-ordered', mnemonics: rowsWhere(ordered), scope: instruction, suffixes: ORDERING_SUFFIXES },
    { key: 'instruction-csr', mnemonics: rowsWhere((r) => r.operands.includes('csr')), scope: instruction, extra: ['csr-name'] },
    { key: 'instruction-rounding', mnemonics: rowsWhere((r) => r.operands.includes('rm')), scope: instruction, extra: ['rounding-mode'] },
    { key: 'instruction-fence', mnemonics: rowsWhere((r) => r.operands.includes('pred')), scope: instruction, extra: ['fence-set'] },
    { key: 'instruction', mnemonics: rowsWhere(plain), scope: instruction },
    { key: 'pseudo-instruction-csr', mnemonics: pseudo.filter(pseudoTakesCsr).map((p) => p.mnemonic), scope: pseudoScope, extra: ['csr-name'] },
    { key: 'pseudo-instruction', mnemonics: pseudo.filter((p) => !pseudoTakesCsr(p)).map((p) => p.mnemonic), scope: pseudoScope },
  ];
}

/** The begin/end rule of one statement kind: the mnemonic, then operands up to `;` or line end. */
function statementRule(kind) {
  const suffix = kind.suffixes ? `(\\.(?:${anyOf(kind.suffixes)}))?` : '';
  return {
    name: scope('meta.instruction'),
    begin: `${STATEMENT_START}((?i:${anyOf(kind.mnemonics)})${kind.suffixes ? `(?i:${suffix})` : ''})${NOT_AFTER}`,
    beginCaptures: { 1: { name: kind.scope }, ...(kind.suffixes ? { 2: { name: scope('storage.modifier.ordering') } } : {}) },
    end: STATEMENT_END,
    patterns: include(...(kind.extra ?? []), 'operands'),
  };
}

/** A directive with a name operand scoped `nameScope` (.macro NAME, .section NAME, .equ NAME). */
function namingDirective(directives, nameScope, patterns) {
  return {
    name: scope('meta.directive'),
    begin: `${STATEMENT_START}(?i:(\\.(?:${anyOf(directives)})))${NOT_AFTER}(?:\\s+(${SYMBOL}|"[^"]*"))?`,
    beginCaptures: { 1: { name: scope('keyword.control.directive') }, 2: { name: nameScope } },
    end: STATEMENT_END,
    patterns,
  };
}

/**
 * Directive statements: the ones whose first operand is a name (.macro, .section, .equ/.set), `.option`
 * with its arguments, then any known directive, then any other `.name` at a statement's start.
 */
function directiveRules() {
  const directive = (name, directives) => ({
    name: scope('meta.directive'),
    begin: `${STATEMENT_START}(${directives})${NOT_AFTER}`,
    beginCaptures: { 1: { name } },
    end: STATEMENT_END,
    patterns: include('symbol-type', 'operands'),
  });
  return {
    'directive-macro': namingDirective(['macro'], scope('entity.name.function.macro'), [
      ...include('comments'),
      { match: '(:)(req|vararg)\\b', captures: { 1: { name: scope('punctuation.separator.macro') }, 2: { name: scope('storage.modifier.macro') } } },
      { match: `${NOT_BEFORE}[A-Za-z_][A-Za-z0-9_]*${NOT_AFTER}`, name: scope('variable.parameter.macro') },
      ...include('operands'),
    ]),
    'directive-section': namingDirective(['section', 'pushsection'], scope('entity.name.section'), include('symbol-type', 'operands')),
    'directive-constant': namingDirective(['equ', 'equiv', 'eqv', 'set'], scope('entity.name.constant'), include('operands')),
    'directive-option': {
      name: scope('meta.directive'),
      begin: `${STATEMENT_START}(?i:(\\.option))${NOT_AFTER}`,
      beginCaptures: { 1: { name: scope('keyword.control.directive') } },
      end: STATEMENT_END,
      patterns: [{ match: `(?<![A-Za-z0-9_.$-])(?:${anyOf(OPTION_ARGUMENTS)})(?![A-Za-z0-9_.$-])`, name: scope('support.constant.option') }, ...include('operands')],
    },
    'directive-known': directive(scope('keyword.control.directive'), `(?i:\\.(?:${anyOf(DIRECTIVES)}))`),
    'directive-other': directive(scope('keyword.control.directive.other'), '\\.[A-Za-z_][A-Za-z0-9_.$]*'),
  };
}

/**
 * C preprocessor lines: `#word` at a line's start (indentation allowed) with a word of
 * PREPROCESSOR_WORDS; a line ending in a backslash continues the directive on the next line.
 */
function preprocessorRules() {
  const opening = (words) => `^\\s*((#)(?:${anyOf(words)}))\\b`;
  const captures = { 1: { name: scope('keyword.control.directive.preprocessor') }, 2: { name: scope('punctuation.definition.directive') } };
  const rule = (begin, patterns, extraCaptures = {}) => ({
    name: scope('meta.preprocessor'), begin, beginCaptures: { ...captures, ...extraCaptures }, end: '(?<!\\\\)(?=\\n)', patterns,
  });
  return {
    preprocessor: { patterns: include('preprocessor-include', 'preprocessor-define', 'preprocessor-other') },
    'preprocessor-include': rule(opening(['include', 'include_next']), [
      { match: '<[^>]*>', name: scope('string.quoted.other.lt-gt.include') },
      { match: '"[^"]*"', name: scope('string.quoted.double.include') },
      ...include('preprocessor-body'),
    ]),
    'preprocessor-define': rule(`${opening(['define', 'undef'])}(?:\\s+([A-Za-z_][A-Za-z0-9_]*))?`, include('preprocessor-body'),
      { 3: { name: scope('entity.name.function.preprocessor') } }),
    'preprocessor-other': rule(opening(PREPROCESSOR_WORDS), include('preprocessor-body')),
    'preprocessor-body': {
      patterns: [
        { match: '\\\\$', name: scope('constant.character.escape.line-continuation') },
        ...include('block-comment', 'double-slash-comment'),
        { match: '\\bdefined\\b', name: scope('keyword.control.directive.conditional.defined') },
        ...include('string', 'character', 'relocation-function', 'number', 'register', 'symbol', 'operator', 'punctuation'),
      ],
    },
  };
}

/** Operands: registers, CSRs, rounding modes, fence sets, relocation functions, numbers, strings, symbols. */
function operandRules(table) {
  const xRegisters = [...table.X_NAMES.map((_, i) => `x${i}`), ...table.X_NAMES, FRAME_POINTER_ALIAS.name];
  const fRegisters = [...table.F_NAMES.map((_, i) => `f${i}`), ...table.F_NAMES];
  const word = (alternatives) => `${NOT_BEFORE}(?:${alternatives})${NOT_AFTER}`;
  return {
    operands: {
      patterns: include('comments', 'string', 'character', 'macro-parameter', 'relocation-function', 'number', 'register',
        'location-counter', 'symbol', 'operator', 'punctuation'),
    },
    register: {
      patterns: [
        { match: word(anyOf(xRegisters)), name: scope('variable.language.register.integer') },
        { match: word(anyOf(fRegisters)), name: scope('variable.language.register.floating-point') },
      ],
    },
    'csr-name': { match: word(anyOf([...table.CSR_NAMES.values()])), name: scope('variable.language.csr') },
    'rounding-mode': { match: word(anyOf(table.ROUNDING_MODE_NAMES.filter(Boolean))), name: scope('constant.language.rounding-mode') },
    'fence-set': { match: word(FENCE_SET), name: scope('constant.language.fence-set') },
    'relocation-function': { match: `%(?:${anyOf(RELOCATION_FUNCTIONS)})(?=\\s*\\()`, name: scope('support.function.relocation') },
    'symbol-type': { match: `[@%](?:${anyOf([...SYMBOL_TYPES, ...SECTION_TYPES])})${NOT_AFTER}`, name: scope('support.constant.symbol-type') },
    number: {
      patterns: [
        { match: word('0[xX][0-9A-Fa-f]+'), name: scope('constant.numeric.integer.hexadecimal') },
        { match: word('0[bB][01]+'), name: scope('constant.numeric.integer.binary') },
        { match: word('0[fFdD][-+]?[0-9]+(?:\\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|[0-9]+\\.[0-9]+(?:[eE][-+]?[0-9]+)?'), name: scope('constant.numeric.float') },
        { match: word('[0-9]+[bf]'), name: scope('variable.other.label.local') },
        { match: word('0[0-7]+'), name: scope('constant.numeric.integer.octal') },
        { match: word('[0-9]+'), name: scope('constant.numeric.integer.decimal') },
      ],
    },
    character: {
      match: "(')(?:(\\\\(?:[0-7]{1,3}|x[0-9A-Fa-f]+|.))|[^\\\\\\n])(')?",
      name: scope('constant.character'),
      captures: { 1: { name: scope('punctuation.definition.character.begin') }, 2: { name: scope('constant.character.escape') }, 3: { name: scope('punctuation.definition.character.end') } },
    },
    string: {
      name: scope('string.quoted.double'),
      begin: '"',
      beginCaptures: { 0: { name: scope('punctuation.definition.string.begin') } },
      end: '(")|$',
      endCaptures: { 1: { name: scope('punctuation.definition.string.end') } },
      patterns: [{ match: '\\\\(?:[0-7]{1,3}|x[0-9A-Fa-f]+|[bfnrtv\\\\"\'])', name: scope('constant.character.escape') }],
    },
    'macro-parameter': {
      patterns: [
        { match: '\\\\@', name: scope('variable.language.macro-counter') },
        { match: '\\\\\\(\\)', name: scope('punctuation.separator.macro') },
        { match: '\\\\[A-Za-z_][A-Za-z0-9_]*', name: scope('variable.parameter.macro') },
      ],
    },
    'location-counter': { match: `${NOT_BEFORE}\\.${NOT_AFTER}`, name: scope('variable.language.location-counter') },
    symbol: { match: `${NOT_BEFORE}${SYMBOL}`, name: scope('variable.other.symbol') },
    operator: { match: '<<|>>|&&|\\|\\||==|!=|<>|<=|>=|[-+*/%&|^~!<>=]', name: scope('keyword.operator') },
    punctuation: {
      patterns: [
        { match: ',', name: scope('punctuation.separator.delimiter') },
        { match: '\\(', name: scope('punctuation.section.parens.begin') },
        { match: '\\)', name: scope('punctuation.section.parens.end') },
      ],
    },
  };
}

/** `/* */` block comments, `//` and `#` line comments. */
function commentRules() {
  const line = (start, kind) => ({ match: `(${start}).*$`, name: scope(`comment.line.${kind}`), captures: { 1: { name: scope('punctuation.definition.comment') } } });
  return {
    comments: { patterns: include('block-comment', 'double-slash-comment', 'number-sign-comment') },
    'block-comment': {
      name: scope('comment.block'), begin: '/\\*', end: '\\*/',
      beginCaptures: { 0: { name: scope('punctuation.definition.comment.begin') } },
      endCaptures: { 0: { name: scope('punctuation.definition.comment.end') } },
    },
    'double-slash-comment': line('//', 'double-slash'),
    'number-sign-comment': line('#', 'number-sign'),
  };
}

/** Builds the grammar object from the loaded table modules. */
function grammarFor(table) {
  const kinds = statementKinds(table);
  const label = (pattern, name) => ({
    match: `${STATEMENT_START}(${pattern})\\s*(:)`, captures: { 1: { name: scope(name) }, 2: { name: scope('punctuation.separator.label') } },
  });
  const directives = directiveRules();
  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    information_for_contributors: [
      'Generated by scripts/gen-grammar.mjs from the instruction table in src/isa: do not edit by hand.',
      'Run `npm run grammar` after changing the table; test/syntaxes checks the two agree.',
    ],
    name: 'RISC-V Assembly',
    scopeName: `source.${SCOPE}`,
    patterns: include('preprocessor', 'comments', 'statement', 'operands'),
    repository: {
      statement: {
        patterns: [
          { match: ';', name: scope('punctuation.terminator.statement') },
          ...include('numeric-label', 'label', 'assignment', ...Object.keys(directives), ...kinds.map((k) => k.key), 'macro-call'),
        ],
      },
      'numeric-label': label('[0-9]+', 'entity.name.function.label.local'),
      label: label(SYMBOL, 'entity.name.function.label'),
      assignment: {
        begin: `${STATEMENT_START}(${SYMBOL})\\s*(=)(?!=)`,
        beginCaptures: { 1: { name: scope('entity.name.constant') }, 2: { name: scope('keyword.operator.assignment') } },
        end: STATEMENT_END,
        patterns: include('operands'),
      },
      ...directives,
      ...Object.fromEntries(kinds.map((k) => [k.key, statementRule(k)])),
      'macro-call': {
        begin: `${STATEMENT_START}([A-Za-z_$][A-Za-z0-9_.$]*)${NOT_AFTER}`,
        beginCaptures: { 1: { name: scope('entity.name.function.call') } },
        end: STATEMENT_END,
        patterns: include('operands'),
      },
      ...preprocessorRules(),
      ...commentRules(),
      ...operandRules(table),
    },
  };
}

/** The grammar file's text: the grammar as 2-space JSON with a final newline. */
async function grammarText() {
  return `${JSON.stringify(grammarFor(await loadTable()), null, 2)}\n`;
}

async function main(argv) {
  if (argv.includes('--lists')) {
    await loadTable();
    const lists = { DIRECTIVES, RELOCATION_FUNCTIONS, OPTION_ARGUMENTS, SYMBOL_TYPES, SECTION_TYPES, PREPROCESSOR_WORDS, ORDERING_SUFFIXES, FRAME_POINTER_ALIAS };
    process.stdout.write(`${JSON.stringify(lists)}\n`);
    return 0;
  }
  const text = await grammarText();
  if (argv.includes('--check')) {
    let committed = '';
    try { committed = readFileSync(GRAMMAR_FILE, 'utf8'); } catch { /* missing: reported below */ }
    if (committed === text) return 0;
    process.stderr.write('syntaxes/riscv-asm.tmLanguage.json differs from the instruction table: run `npm run grammar`\n');
    return 1;
  }
  writeFileSync(GRAMMAR_FILE, text);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
