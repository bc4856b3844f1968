/**
 * Shared pieces of the pseudo-instruction handlers (pseudo-expand.ts, pseudo-csr.ts).
 */
import { ROW_BY_MNEMONIC, type InstrFields, type InstrRow } from '../../isa';
import type { Insn } from './assembler';
import type { OpContext, OpRange } from './operands';

type Fields = Partial<InstrFields>;

/** A handler's result: instructions, undefined (the real instruction's form), or null (error reported). */
export type Result = Insn[] | undefined | null;
/** Expands one pseudo-instruction form. */
export type Handler = (ctx: OpContext, ops: readonly OpRange[], mnemonic: string) => Result;

/** The table row of a mnemonic the handlers know exists (a base instruction of src/isa). */
export const row = (m: string): InstrRow => ROW_BY_MNEMONIC.get(m)!;
/** An Insn of table row `m`; `written` is the mnemonic compression rules see (compress.ts). */
export const insn = (m: string, fields: Fields, written: string | undefined = m): Insn => ({ row: row(m), fields, written });

/** Checks the operand count is one of `counts`, reporting GNU's error otherwise. */
export function arity(ctx: OpContext, ops: readonly OpRange[], ...counts: number[]): boolean {
  if (counts.includes(ops.length)) return true;
  ctx.a.error(ctx.stmt, `illegal operands \`${ctx.stmt.text}'`);
  return false;
}

/** Runs `f` on parsed registers; null when any failed. */
export function regs(values: (number | undefined)[], f: (...r: number[]) => Insn[]): Insn[] | null {
  return values.some((v) => v === undefined) ? null : f(...(values as number[]));
}

