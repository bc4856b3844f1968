/**
 * Instruction forms for hover, completion and signature help, read from the one instruction
 * table (src/isa: INSTRUCTIONS/ROW_BY_MNEMONIC rows and PSEUDO_INSTRUCTIONS) — no second list.
 * A mnemonic has one form per table row and per pseudo-instruction row (`jal rd, label` is a row,
 * `jal label` a pseudo-instruction). Operand words follow the RISC-V Assembly Programmer's Manual.
 */
import { INSTRUCTIONS, PSEUDO_INSTRUCTIONS, ROW_BY_MNEMONIC, type InstrRow, type OperandKind, type PseudoRow } from '../isa';

/**
 * What an operand slot takes: a table operand kind, or for pseudo-instructions whose word has no
 * table counterpart, `symbol` (a label) or `value` (any 64-bit constant, `li`).
 */
export type SlotKind = OperandKind | 'symbol' | 'value';

/** One operand of a form: the word shown (`rd`, `offset(rs1)`), its kind, and a one-line doc. */
export interface OperandSlot {
  label: string;
  kind: SlotKind;
  doc: string;
  /** Optional operands (the FP rounding mode) may be left out. */
  optional?: boolean;
}

/** One way to write a mnemonic. */
export interface InstructionForm {
  mnemonic: string;
  operands: OperandSlot[];
  /** One-line semantics (the row's or pseudo row's doc). */
  doc: string;
  row?: InstrRow;
  pseudo?: PseudoRow;
}

/** Words shown for table operand kinds (RISC-V Assembly Programmer's Manual notation). */
const KIND_LABEL: Record<OperandKind, string> = {
  rd: 'rd', rs1: 'rs1', rs2: 'rs2', rs3: 'rs3', frd: 'frd', frs1: 'frs1', frs2: 'frs2', frs3: 'frs3',
  imm: 'imm', uimm20: 'imm20', shamt: 'shamt', zimm: 'uimm5', csr: 'csr', mem: 'offset(rs1)', amo: '(rs1)',
  branch: 'label', jump: 'label', pred: 'pred', succ: 'succ', rm: 'rm',
};

/** Largest 12-bit signed immediate (I/S-type). */
const IMM12_MAX = 2047;
/** Largest shift amount of RV64 (6-bit shamt) and of the W shifts (5-bit). */
const SHAMT64_MAX = 63;
const SHAMT32_MAX = 31;

/** One-line description of an operand of `kind` (in `row` when known: ranges depend on the format). */
export function operandDoc(kind: SlotKind, row?: InstrRow): string {
  switch (kind) {
    case 'rd': return 'destination integer register';
    case 'rs1': case 'rs2': case 'rs3': return 'source integer register';
    case 'frd': return 'destination floating-point register';
    case 'frs1': case 'frs2': case 'frs3': return 'source floating-point register';
    case 'imm': return row !== undefined && row.length === 2 ? 'immediate (range set by the compressed encoding)' : `signed 12-bit immediate, -${IMM12_MAX + 1}..${IMM12_MAX}`;
    case 'uimm20': return '20-bit upper immediate, 0..0xfffff (placed in bits 31:12)';
    case 'shamt': return `shift amount, 0..${row?.format === 'IS32' ? SHAMT32_MAX : SHAMT64_MAX}`;
    case 'zimm': return '5-bit unsigned immediate, 0..31';
    case 'csr': return 'CSR name (mstatus, cycle, ...) or 12-bit number';
    case 'mem': return 'address rs1 + offset (signed 12-bit; a %lo/%pcrel_lo expression works too)';
    case 'amo': return 'address in rs1, no offset';
    case 'branch': return 'target label (within ±4 KiB)';
    case 'jump': return 'target label (within ±1 MiB)';
    case 'pred': return 'predecessor set: letters of i, o, r, w';
    case 'succ': return 'successor set: letters of i, o, r, w';
    case 'rm': return 'rounding mode rne, rtz, rdn, rup, rmm or dyn (optional, default dyn)';
    case 'symbol': return 'symbol (a label)';
    case 'value': return 'any 64-bit constant or constant expression';
  }
}

/** The form of a table row. */
function rowForm(row: InstrRow): InstructionForm {
  const operands = row.operands.map((kind): OperandSlot => ({
    label: KIND_LABEL[kind], kind, doc: operandDoc(kind, row), ...(kind === 'rm' ? { optional: true } : {}),
  }));
  return { mnemonic: row.mnemonic, operands, doc: row.doc, row };
}

/** Splits `text` at commas outside parentheses (operand lists). */
export function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last !== '' || out.length > 0) out.push(last);
  return out;
}

/**
 * The table kind a pseudo-instruction's operand word stands for, found in its expansion: the
 * word's position in an expanded instruction (`mv rd, rs` = `addi rd, rs, 0`: rs is an rs1).
 * Undefined when the word appears in no table operand position.
 */
function kindInExpansion(word: string, expansion: string): OperandKind | undefined {
  const text = expansion.split(' — ')[0]!;
  for (const insn of text.split(';')) {
    const m = /^\s*(\S+)\s*(.*)$/.exec(insn);
    const row = m === null ? undefined : ROW_BY_MNEMONIC.get(m[1]!);
    if (m === null || row === undefined) continue;
    const ops = splitTopLevel(m[2]!);
    for (let i = 0; i < ops.length && i < row.operands.length; i++) {
      const op = ops[i]!;
      if (op === word) return row.operands[i];
      if (row.operands[i] === 'mem' && op.endsWith(`(${word})`)) return 'rs1';
    }
  }
  return undefined;
}

/** Slot of one pseudo-instruction operand (`rd`, `symbol`, `offset(rs)`). */
function pseudoSlot(pseudo: PseudoRow, label: string): OperandSlot {
  if (/^\w+\(\w+\)$/.test(label)) return { label, kind: 'mem', doc: 'address rs + offset' };
  let kind: SlotKind | undefined = kindInExpansion(label, pseudo.expansion);
  if (pseudo.mnemonic === 'li' && label === 'imm') kind = 'value';
  else if (label === 'symbol') kind = 'symbol';
  kind ??= label === 'offset' ? 'branch' : label.startsWith('r') ? 'rs1' : 'value';
  // A register the expansion only writes is the pseudo's destination, read ones are sources.
  const doc = kind === 'rd' && label !== 'rd' ? 'scratch integer register (overwritten)' : operandDoc(kind);
  return { label, kind, doc };
}

/** The form of a pseudo-instruction row. */
function pseudoForm(pseudo: PseudoRow): InstructionForm {
  const labels = pseudo.operands === '' ? [] : splitTopLevel(pseudo.operands);
  return { mnemonic: pseudo.mnemonic, operands: labels.map((l) => pseudoSlot(pseudo, l)), doc: pseudo.doc, pseudo };
}

/** AMO/LR/SC ordering suffixes (`amoadd.w.aqrl`): the row is the mnemonic without them. */
const ORDERING_SUFFIX = /\.(aq|rl|aqrl)$/;

/** The table row of `mnemonic` (case-insensitive; AMO ordering suffixes removed), if any. */
export function rowOf(mnemonic: string): InstrRow | undefined {
  const m = mnemonic.toLowerCase();
  return ROW_BY_MNEMONIC.get(m) ?? ROW_BY_MNEMONIC.get(m.replace(ORDERING_SUFFIX, ''));
}

const FORMS = new Map<string, InstructionForm[]>();
for (const row of INSTRUCTIONS) FORMS.set(row.mnemonic, [rowForm(row)]);
for (const pseudo of PSEUDO_INSTRUCTIONS) {
  const list = FORMS.get(pseudo.mnemonic) ?? [];
  list.push(pseudoForm(pseudo));
  FORMS.set(pseudo.mnemonic, list);
}

/** Every mnemonic the assembler accepts (rows, then pseudo-instructions), each once. */
export const MNEMONICS: readonly string[] = [...FORMS.keys()];

/** The forms of `mnemonic` (row first, then pseudo forms); [] for an unknown mnemonic. */
export function formsOf(mnemonic: string): readonly InstructionForm[] {
  const m = mnemonic.toLowerCase();
  const direct = FORMS.get(m);
  if (direct !== undefined) return direct;
  const row = rowOf(m);
  return row === undefined ? [] : [{ ...rowForm(row), mnemonic: m }];
}

/** The form as text: `addi rd, rs1, imm` (an optional operand in brackets). */
export function formText(form: InstructionForm): string {
  const ops = form.operands.map((o) => (o.optional ? `[${o.label}]` : o.label));
  return ops.length === 0 ? form.mnemonic : `${form.mnemonic} ${ops.join(', ')}`;
}

/** Escapes `$`, `}` and `\` for a snippet's literal text (LSP snippet syntax). */
function snippetEscape(text: string): string {
  return text.replace(/[$}\\]/g, (c) => `\\${c}`);
}

/**
 * A completion snippet for `form`: `addi ${1:rd}, ${2:rs1}, ${3:imm}`, `ld ${1:rd}, ${2:offset}(${3:rs1})`.
 * Optional operands are left out.
 */
export function snippetOf(form: InstructionForm): string {
  let n = 0;
  const ops = form.operands.filter((o) => !o.optional).map((o) =>
    o.label.replace(/\w+|[^\w]+/g, (part) => (/^\w+$/.test(part) ? `\${${++n}:${part}}` : snippetEscape(part))));
  return ops.length === 0 ? form.mnemonic : `${form.mnemonic} ${ops.join(', ')}`;
}
