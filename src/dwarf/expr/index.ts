/**
 * The DWARF expression evaluator (DWARF 5 sections 2.5 and 2.6) for RV64: a decoder of single
 * operations (op.ts), a resumable machine that pauses for registers, memory, the frame base,
 * the CFA, entry values, .debug_addr entries and TLS addresses (machine.ts), synchronous
 * drivers (driver.ts) and a readelf-style disassembler (format.ts).
 */
export * from './constants';
export * from './registers';
export { decodeOp, decodeExpression } from './op';
export type { Op, OpPayload, OpResult, OpEncoding } from './op';
export { opName } from './names';
export { ExprMachine } from './machine';
export type { ExprOptions } from './machine';
export type { EvalRequest, EvalStep, Location, Piece } from './types';
export { evaluateLocation, evaluateValue } from './driver';
export type { EvalContext, LocationResult, ValueResult } from './driver';
export { formatExpression, formatOp } from './format';
export type { FormatOptions } from './format';
