/**
 * Synchronous drivers over ExprMachine for callers that can answer every request at once
 * (the debug adapter with a stopped thread, the CFI unwinder). DWARF 5 sections 2.5 and 2.6.
 */
import { ExprMachine, type ExprOptions } from './machine';
import type { EvalStep, Piece } from './types';

/**
 * The debugger's answers. Each returns undefined when the fact is unavailable; that makes the
 * evaluation fail with an error naming the op, except `entryValue`, whose undefined (or
 * absence) declines: the piece becomes `undefined` (optimised out).
 */
export interface EvalContext {
  /** Value of DWARF register `regno` (registers.ts: 0..31 = x0..x31, 32..63 = f0..f31; raw bits). */
  register(regno: number): bigint | undefined;
  /** The `size`-byte (1..8) little-endian value at virtual `address`. */
  memory(address: bigint, size: number): bigint | undefined;
  /** The frame base address, computed by the caller from DW_AT_frame_base (DW_OP_fbreg). */
  frameBase?(): bigint | undefined;
  /** The canonical frame address from CFI (DW_OP_call_frame_cfa). */
  cfa?(): bigint | undefined;
  /** Entry `index` of the unit's .debug_addr table (DW_OP_addrx / DW_OP_constx). */
  addrx?(index: number): bigint | undefined;
  /** The value `expr` had on entry to the current function (DW_OP_entry_value). */
  entryValue?(expr: Uint8Array): bigint | undefined;
  /** The address of thread-local offset `offset` in the current thread (DW_OP_form_tls_address). */
  tls?(offset: bigint): bigint | undefined;
  /** Values pushed before the first operation, bottom first (CFI: [cfa] for DW_CFA_expression). */
  initialStack?: bigint[];
}

/** Pieces, or the evaluation error (which names the op and its byte offset). */
export type LocationResult = { ok: true; pieces: Piece[] } | { ok: false; error: string };

/** A single value, or why the expression did not produce one. */
export type ValueResult = { ok: true; value: bigint } | { ok: false; error: string };

/**
 * Evaluates location expression `expr` to its pieces (DWARF 5 section 2.6), answering the
 * machine's requests from `ctx`. A location without DW_OP_piece is one piece without
 * `sizeBits`. Never throws: malformed bytes, stack underflow, division by zero, a missing
 * register or unreadable memory, and unsupported ops all come back as `{ ok: false }`.
 */
export function evaluateLocation(expr: Uint8Array, ctx: EvalContext, options: Omit<ExprOptions, 'initialStack'> = {}): LocationResult {
  const machine = new ExprMachine(expr, { ...options, initialStack: ctx.initialStack });
  let step = machine.run();
  for (;;) {
    switch (step.kind) {
      case 'done': return { ok: true, pieces: step.pieces };
      case 'error': return { ok: false, error: step.message };
      default: step = answer(machine, step, ctx);
    }
  }
}

function answer(m: ExprMachine, step: Exclude<EvalStep, { kind: 'done' | 'error' }>, ctx: EvalContext): EvalStep {
  switch (step.kind) {
    case 'needsRegister': return m.resumeRegister(ctx.register(step.regno));
    case 'needsMemory': return m.resumeMemory(ctx.memory(step.address, step.sizeBytes));
    case 'needsFrameBase': return m.resumeFrameBase(ctx.frameBase?.());
    case 'needsCfa': return m.resumeCfa(ctx.cfa?.());
    case 'needsAddressIndex': return m.resumeAddressIndex(ctx.addrx?.(step.index));
    case 'needsEntryValue': return m.resumeEntryValue(ctx.entryValue?.(step.expr));
    case 'needsTls': return m.resumeTls(ctx.tls?.(step.offset));
  }
}

/**
 * Evaluates `expr` for a value (DWARF 5 section 2.5): the top of the stack when it ends. Used
 * for DW_CFA_def_cfa_expression (section 6.4.2.2) and DW_CFA_val_expression (6.4.2.3) and for
 * DW_AT_frame_base values. A result that is one memory location counts as its address; a
 * DW_OP_stack_value result is its value. Errors when the expression describes a register,
 * pieces, implicit bytes or nothing.
 */
export function evaluateValue(expr: Uint8Array, ctx: EvalContext, options: Omit<ExprOptions, 'initialStack'> = {}): ValueResult {
  const r = evaluateLocation(expr, ctx, options);
  if (!r.ok) return r;
  const [only, ...rest] = r.pieces;
  if (!only || rest.length > 0 || only.sizeBits !== undefined) return { ok: false, error: 'expression describes pieces, not a single value' };
  const loc = only.location;
  if (loc.kind === 'memory') return { ok: true, value: loc.address };
  if (loc.kind === 'value') return { ok: true, value: loc.value };
  return { ok: false, error: `expression yields a ${loc.kind} location, not a value` };
}
