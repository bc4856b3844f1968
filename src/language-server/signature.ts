/**
 * Signature help: while operands are typed, the forms of the instruction (from the instruction
 * table and the pseudo-instruction table, forms.ts) or the usage of the directive, with the
 * operand under the cursor highlighted and described.
 */
import type { ParameterInformation, Position, SignatureHelp, SignatureInformation } from 'vscode-languageserver';
import { directiveDoc } from './directive-docs';
import { formsOf, formText, type InstructionForm } from './forms';
import { operandIndexAt, operandTokenRanges, type ScannedDocument } from './scan';

/** Parameters of `label` whose texts are `parts`, located left to right after the mnemonic. */
function parameters(label: string, parts: readonly { text: string; doc?: string }[]): ParameterInformation[] {
  let at = label.indexOf(' ');
  return parts.map((p) => {
    const start = Math.max(0, label.indexOf(p.text, at));
    at = start + p.text.length;
    return { label: [start, at] as [number, number], ...(p.doc === undefined ? {} : { documentation: p.doc }) };
  });
}

function formSignature(f: InstructionForm): SignatureInformation {
  const label = formText(f);
  const params = parameters(label, f.operands.map((o) => ({ text: o.optional ? `[${o.label}]` : o.label, doc: o.doc })));
  return { label, documentation: f.doc, parameters: params };
}

/** Signature help at `pos` of document `doc`, or null outside the operands of a statement. */
export function signatureAt(doc: ScannedDocument, pos: Position): SignatureHelp | null {
  if (doc.inCommentAt(pos.line, pos.character)) return null;
  const s = doc.statementAt(pos.line, pos.character);
  const index = operandIndexAt(s, pos.character);
  const head = s.tokens[s.head];
  if (index < 0 || head === undefined || head.kind !== 'ident') return null;
  if (head.text.startsWith('.')) {
    const d = directiveDoc(head.text);
    if (d === undefined) return null;
    const space = d.usage.indexOf(' ');
    const parts = space < 0 ? [] : d.usage.slice(space + 1).split(',').map((t) => t.replace(/[[\]]/g, '').trim()).filter((t) => t !== '').map((text) => ({ text }));
    return { signatures: [{ label: d.usage, documentation: d.doc, parameters: parameters(d.usage, parts) }], activeSignature: 0, activeParameter: Math.min(index, Math.max(0, parts.length - 1)) };
  }
  const forms = formsOf(head.text);
  if (forms.length === 0) return null;
  const written = Math.max(index + 1, operandTokenRanges(s).length);
  let active = forms.findIndex((f) => f.operands.length === written);
  if (active < 0) active = forms.findIndex((f) => f.operands.length > index);
  return { signatures: forms.map(formSignature), activeSignature: Math.max(0, active), activeParameter: index };
}
