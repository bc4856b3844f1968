/**
 * Hover text (Markdown) for what is under the cursor: a mnemonic (forms, format, extension,
 * encoding, and for `ecall` the Linux syscall a7 selects), a register, a CSR, a directive, a
 * relocation function, or a symbol (label, `.equ` constant, macro).
 */
import type { Hover, Position } from 'vscode-languageserver';
import * as path from 'node:path';
import type { AsmSymbol, SourceRange } from '../toolchain/asm';
import type { Extension, InstrRow } from '../isa';
import type { Analysis } from './analysis';
import { directiveDoc } from './directive-docs';
import { layoutTable } from './encoding';
import { formsOf, formText, type InstructionForm } from './forms';
import { globalDefinitions, occurrenceAt, symbolAt } from './navigation';
import type { Project } from './project';
import { csrInfo, registerInfo, registerSummary, type CsrInfo } from './registers';
import { operandIndexAt, tokenIndexAt, type ScannedStatement } from './scan';
import { parameterNames, syscallOfEcall } from './syscall';

/** Extension names as the unprivileged spec's chapter titles give them. */
const EXTENSION_NAMES: Record<Extension, string> = {
  I: 'RV64I base integer', M: 'M (integer multiply and divide)', A: 'A (atomics)', C: 'C (compressed)',
  Zicsr: 'Zicsr (control and status registers)', Zifencei: 'Zifencei (instruction-fetch fence)',
  F: 'F (single-precision floating point)', D: 'D (double-precision floating point)',
  Priv: 'privileged (traps as an illegal instruction in U-mode, where Glasskernel programs run)',
};

/** The relocation functions of operands (RISC-V Assembly Programmer's Manual, "Assembler Relocation Functions"). */
const RELOCATION_DOCS: Record<string, string> = {
  hi: 'High 20 bits of an absolute address, rounded so that adding the signed %lo gives it (lui; R_RISCV_HI20).',
  lo: 'Low 12 bits of an absolute address (addi/load/store; R_RISCV_LO12_I / R_RISCV_LO12_S).',
  pcrel_hi: 'High 20 bits of symbol − pc (auipc; R_RISCV_PCREL_HI20).',
  pcrel_lo: 'Low 12 bits of the pc-relative offset whose %pcrel_hi is at the given label (R_RISCV_PCREL_LO12_I / _S).',
  tprel_hi: 'High 20 bits of a thread-local offset from tp (R_RISCV_TPREL_HI20).',
  tprel_lo: 'Low 12 bits of a thread-local offset from tp (R_RISCV_TPREL_LO12_I / _S).',
  tprel_add: 'Marks the add of tp for thread-local access (R_RISCV_TPREL_ADD).',
  got_pcrel_hi: 'High 20 bits of the pc-relative address of the symbol\'s GOT entry (R_RISCV_GOT_HI20).',
  tls_ie_pcrel_hi: 'High 20 bits of the pc-relative address of the GOT entry of a TLS offset (R_RISCV_TLS_GOT_HI20).',
  tls_gd_pcrel_hi: 'High 20 bits of the pc-relative address of a TLS descriptor (R_RISCV_TLS_GD_HI20).',
};

const code = (text: string) => `\`\`\`riscv-asm\n${text}\n\`\`\``;
const hex = (n: number | bigint) => (BigInt(n) < 0n ? `-0x${(-BigInt(n)).toString(16)}` : `0x${n.toString(16)}`);

/** Hover for position `pos` of the analysed document, or null when nothing there has a description. */
export function hoverAt(project: Project, analysis: Analysis, pos: Position): Hover | null {
  const s = analysis.scanned.statementAt(pos.line, pos.character);
  const i = tokenIndexAt(s, pos.character);
  if (i === undefined) return null;
  const t = s.tokens[i]!;
  const range = { start: { line: pos.line, character: t.start }, end: { line: pos.line, character: t.end } };
  const value = (markdown: string): Hover => ({ contents: { kind: 'markdown', value: markdown }, range });
  if (i === s.head && t.kind === 'ident') {
    if (t.text.startsWith('.')) {
      const doc = directiveDoc(t.text);
      return doc === undefined ? null : value(`${code(doc.usage)}\n\n${doc.doc}`);
    }
    const forms = formsOf(t.text);
    if (forms.length > 0) return value(mnemonicHover(forms) + (t.text.toLowerCase() === 'ecall' ? ecallHover(analysis, s) : ''));
  }
  if (t.kind === 'reloc') {
    const doc = RELOCATION_DOCS[t.text.toLowerCase()];
    return doc === undefined ? null : value(`**%${t.text}(…)** — ${doc}`);
  }
  const symbol = occurrenceAt(analysis, pos)?.symbol;
  if (symbol !== undefined) return value(symbolHover(project, analysis, symbol));
  if (t.kind !== 'ident') return null;
  const reg = registerInfo(t.text);
  if (reg !== undefined && i !== s.head) {
    const lines = [`**${t.text}** — ${registerSummary(reg)}`];
    if (reg.syscallRole !== undefined) lines.push(`Linux \`ecall\`: ${reg.syscallRole}.`);
    return value(lines.join('\n\n'));
  }
  const csr = csrInfo(t.text);
  if (csr !== undefined && operandIndexAt(s, pos.character) >= 0) return value(csrHover(csr));
  const named = symbolAt(analysis, pos);
  return named === undefined ? null : value(symbolHover(project, analysis, named));
}

/** The text for a mnemonic: each form, its semantics, and for table rows the format and encoding. */
function mnemonicHover(forms: readonly InstructionForm[]): string {
  return forms.map((f) => {
    const parts = [code(formText(f)), f.doc];
    if (f.row !== undefined) parts.push(rowDetails(f.row));
    if (f.pseudo !== undefined) parts.push(`Pseudo-instruction for \`${f.pseudo.expansion}\``);
    return parts.join('\n\n');
  }).join('\n\n---\n\n');
}

/** Format, extension, size and bit layout of a table row. */
function rowDetails(row: InstrRow): string {
  const size = row.length === 2 ? `16-bit, expands to \`${row.base.mnemonic}\`` : '32-bit';
  return `${row.format}-type · ${EXTENSION_NAMES[row.extension]} · ${size}\n\n${layoutTable(row)}`;
}

/** The syscall paragraph of an `ecall` hover. */
function ecallHover(analysis: Analysis, s: ScannedStatement): string {
  const guess = syscallOfEcall(analysis.scanned, s, analysis.symbols);
  const where = guess.line === undefined ? '' : ` (a7 set at line ${guess.line + 1})`;
  if (guess.number === undefined) return `\n\n---\n\nLinux syscall: unknown here — ${guess.reason ?? ''}.`;
  if (guess.name === undefined) return `\n\n---\n\nLinux syscall **${guess.number}**${where}: not a syscall Glasskernel knows (it returns -ENOSYS).`;
  const out = [`\n\n---\n\nLinux syscall **${guess.number}: ${guess.name}**${where}`];
  if (guess.prototype !== undefined) {
    out.push(`\`\`\`c\n${guess.prototype.prototype}\n\`\`\``);
    const args = parameterNames(guess.prototype.prototype).map((n, k) => `a${k} = ${n}`);
    out.push(`${args.length > 0 ? `${args.join(', ')}; ` : ''}result in a0 (-errno on failure).`);
    if (guess.prototype.note !== undefined) out.push(guess.prototype.note);
  }
  return out.join('\n\n');
}

/** A CSR's number, privilege level and access. */
function csrHover(c: CsrInfo): string {
  const access = c.readOnly ? 'read-only' : 'read/write';
  const user = c.privilege === 'User'
    ? 'Accessible from user programs (U-mode).'
    : 'Glasskernel runs programs in U-mode: accessing it there traps as an illegal instruction.';
  return `**${c.name}** — CSR ${hex(c.number)} · ${c.privilege} level · ${access}\n\n${user}`;
}

/** A label, constant, macro or undefined symbol: where it is and what it is worth. */
function symbolHover(project: Project, analysis: Analysis, s: AsmSymbol): string {
  const where = (r: SourceRange) => (r.file === analysis.file ? `line ${r.line}` : `[${path.basename(r.file)}:${r.line}](${project.uriOf(r.file)}#L${r.line})`);
  const defined = s.definition === undefined ? '' : `Defined at ${where(s.definition)}.`;
  const binding = s.global ? 'global' : 'local';
  switch (s.kind) {
    case 'label': {
      const offset = s.value === undefined ? '' : ` at offset ${hex(s.value)}`;
      const lines = [`**${s.name}** — ${binding} label in \`${s.section ?? '?'}\`${offset}`];
      const address = analysis.linkedAddress(s.name);
      if (address !== undefined) lines.push(`Address when this file is linked alone: ${hex(address)}.`);
      lines.push(defined);
      return lines.filter((l) => l !== '').join('\n\n');
    }
    case 'equ':
      return [`**${s.name}** = ${s.value === undefined ? '(not a constant)' : `${s.value} (${hex(s.value)})`} — .equ/.set symbol`, defined].filter((l) => l !== '').join('\n\n');
    case 'macro':
      return [`**${s.name}** — macro`, defined].filter((l) => l !== '').join('\n\n');
    case 'undefined': {
      const elsewhere = globalDefinitions(project, s.name).map((d) => where(d.symbol.definition!));
      return `**${s.name}** — not defined in this file: the linker takes it from another object` +
        (elsewhere.length > 0 ? `\n\nDefined globally in ${elsewhere.join(', ')}.` : '.');
    }
  }
}
