/**
 * The operations that need the debugger (DWARF 5 sections 2.5.1.1-2.5.1.3, 2.5.1.6, 2.5.1.7):
 * each either changes the stack, or pops its operands and returns the request the machine
 * pauses with plus how to turn the answer into the value it pushes.
 */
import * as K from './constants';
import type { Op } from './op';
import { riscvRegisterName } from './registers';
import type { EvalRequest } from './types';

/** A pause: the request and how the answer becomes the pushed value. */
export interface OpRequest {
  request: EvalRequest;
  apply: (answer: bigint) => bigint;
}

const identity = (v: bigint): bigint => v;
const plus = (offset: bigint) => (v: bigint): bigint => v + offset;
const mask = (sizeBytes: number) => (v: bigint): bigint => BigInt.asUintN(sizeBytes * 8, v);

/** The value of a typed constant's bytes (little-endian), as its raw bits. */
function littleEndian(bytes: Uint8Array): bigint {
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!);
  return v;
}

/**
 * Executes `op` (not a stack/arithmetic op, piece, branch or terminator: the machine handles
 * those). Returns undefined when done, a request to pause with, or an error reason.
 * Typed-stack ops are supported minimally: values are kept as their raw bits in the generic
 * type; DW_OP_convert/reinterpret to a base type needs .debug_info and is refused.
 */
export function executeLocationOp(op: Op, stack: bigint[], addressSize: number): OpRequest | string | undefined {
  switch (op.kind) {
    case 'addressIndex': return { request: { kind: 'needsAddressIndex', index: op.index }, apply: identity };
    case 'registerOffset': return { request: { kind: 'needsRegister', regno: op.regno }, apply: plus(op.offset) };
    case 'frameOffset': return { request: { kind: 'needsFrameBase' }, apply: plus(op.offset) };
    case 'regvalType': return { request: { kind: 'needsRegister', regno: op.regno }, apply: identity };
    case 'entryValue': return { request: { kind: 'needsEntryValue', expr: op.expr }, apply: identity };
    case 'constType':
      if (op.bytes.length > addressSize) return `typed constant of ${op.bytes.length} bytes is wider than the ${addressSize}-byte generic type (not supported)`;
      stack.push(littleEndian(op.bytes));
      return undefined;
    case 'deref':
    case 'derefType':
      return deref(op, stack, addressSize);
    case 'convert':
      if (op.typeOffset === 0) return undefined; // to the generic type: the bits are unchanged
      return `conversion to the base type at unit offset 0x${op.typeOffset.toString(16)} needs .debug_info type information (not supported)`;
    case 'dieRef':
      return op.code === K.DW_OP_GNU_parameter_ref
        ? 'not supported (needs the caller\'s DW_TAG_call_site_parameter)'
        : 'not supported (calls into other DIEs\' expressions are not implemented)';
    default: return simpleOp(op, stack);
  }
}

/** DW_OP_deref, deref_size, deref_type (section 2.5.1.3); the xderef family is refused. */
function deref(op: Op & { kind: 'deref' | 'derefType' }, stack: bigint[], addressSize: number): OpRequest | string {
  if (op.code === K.DW_OP_xderef || op.code === K.DW_OP_xderef_size || op.code === K.DW_OP_xderef_type) {
    return 'address spaces are not supported (RISC-V has one address space)';
  }
  if (op.sizeBytes < 1 || op.sizeBytes > addressSize) return `size ${op.sizeBytes} is not 1..${addressSize} bytes`;
  if (stack.length < 1) return 'stack underflow';
  const address = stack.pop()!;
  return { request: { kind: 'needsMemory', address, sizeBytes: op.sizeBytes }, apply: mask(op.sizeBytes) };
}

/** Operand-free ops that are not stack arithmetic. */
function simpleOp(op: Op, stack: bigint[]): OpRequest | string | undefined {
  switch (op.code) {
    case K.DW_OP_nop:
    case K.DW_OP_GNU_uninit: // marks the variable as not yet initialised; no effect on the location
      return undefined;
    case K.DW_OP_call_frame_cfa: return { request: { kind: 'needsCfa' }, apply: identity };
    case K.DW_OP_form_tls_address:
    case K.DW_OP_GNU_push_tls_address: {
      if (stack.length < 1) return 'stack underflow';
      return { request: { kind: 'needsTls', offset: stack.pop()! }, apply: identity };
    }
    case K.DW_OP_push_object_address: return 'no object address (only valid in type attributes; not supported)';
    default: return `not supported by this evaluator`;
  }
}

/** A request in words, for "... is not available" errors. */
export function describeRequest(r: EvalRequest): string {
  switch (r.kind) {
    case 'needsRegister': return `register ${r.regno} (${riscvRegisterName(r.regno)})`;
    case 'needsMemory': return `memory at 0x${r.address.toString(16)} (${r.sizeBytes} bytes)`;
    case 'needsFrameBase': return 'the frame base';
    case 'needsCfa': return 'the canonical frame address';
    case 'needsEntryValue': return 'the entry value';
    case 'needsAddressIndex': return `.debug_addr entry ${r.index}`;
    case 'needsTls': return `the thread-local address for offset 0x${r.offset.toString(16)}`;
  }
}
