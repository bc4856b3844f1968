/**
 * A resumable DWARF expression machine (DWARF 5 sections 2.5 and 2.6). It executes decoded
 * operations (op.ts) on a stack of generic-type values; when it needs a fact only the
 * debugger has it pauses with a request (types.ts) and waits for the matching resume call.
 * It never reads memory or registers itself and never throws on malformed input: every
 * failure is an `error` step naming the operation and its byte offset.
 *
 *   const m = new ExprMachine(expr);
 *   for (let s = m.run(); ; ) {
 *     if (s.kind === 'needsRegister') s = m.resumeRegister(regs[s.regno]);
 *     else if (s.kind === 'done') return s.pieces; ...
 *   }
 */
import { Cursor } from '../cursor';
import { applyStackOp, isStackOp, pick } from './arith';
import * as K from './constants';
import { opLabel } from './names';
import { decodeOp, type Op } from './op';
import { describeRequest, executeLocationOp } from './exec';
import type { EvalRequest, EvalStep, Location, Piece } from './types';

/** Options of one evaluation. */
export interface ExprOptions {
  /** Bytes in an address and in a generic-type value (default 8, RV64). */
  addressSize?: number;
  /** Bytes in a .debug_info reference: 4 for 32-bit DWARF (default), 8 for 64-bit DWARF. */
  offsetSize?: number;
  /** Values pushed before the first operation, bottom first (CFI pushes the CFA: DWARF 5 section 6.4.2.3). */
  initialStack?: bigint[];
  /** Operations one evaluation may execute (default MAX_EXPR_STEPS). */
  maxSteps?: number;
}

/** How the machine continues once the debugger answers a request. */
interface Pending {
  request: EvalRequest;
  op: Op;
  /** Turns the answer into the value to push. */
  apply: (answer: bigint) => bigint;
}

/** The evaluation state; see the file comment for the protocol. */
export class ExprMachine {
  readonly addressSize: number;
  readonly offsetSize: number;
  /** Width in bits of the generic type (8 * addressSize). */
  readonly bits: number;
  readonly stack: bigint[];
  private pos = 0;
  private steps = 0;
  private readonly maxSteps: number;
  private readonly pieces: Piece[] = [];
  /** A location set by a terminator op (DW_OP_regN, stack_value, ...) awaiting its piece or the end. */
  private location: Location | undefined;
  /** Operations executed since the last piece (0 means the current description is empty). */
  private opsSincePiece = 0;
  private pending: Pending | undefined;
  private finished: EvalStep | undefined;

  /** Prepares to evaluate `expr` (a view of an exprloc or location-list entry's bytes). */
  constructor(readonly expr: Uint8Array, options: ExprOptions = {}) {
    this.addressSize = options.addressSize ?? K.RV64_ADDRESS_SIZE;
    this.offsetSize = options.offsetSize ?? K.DWARF32_OFFSET_SIZE;
    this.bits = this.addressSize * 8;
    this.maxSteps = options.maxSteps ?? K.MAX_EXPR_STEPS;
    this.stack = (options.initialStack ?? []).map((v) => BigInt.asUintN(this.bits, v));
  }

  /** Runs until the next request, the end (`done`), or an error. Repeats a pending request. */
  run(): EvalStep {
    if (this.finished) return this.finished;
    if (this.pending) return this.pending.request;
    while (this.pos < this.expr.length) {
      const c = new Cursor(this.expr, this.pos);
      const decoded = decodeOp(c, this.addressSize, this.offsetSize);
      if (!decoded.ok) return this.fail(decoded.error, decoded.offset);
      const op = decoded.op;
      if (++this.steps > this.maxSteps) {
        return this.failAt(op, `step limit of ${this.maxSteps} operations exceeded (does the expression loop?)`);
      }
      if (this.location && op.code !== K.DW_OP_piece && op.code !== K.DW_OP_bit_piece) {
        return this.failAt(op, `follows a complete ${this.location.kind} location; only DW_OP_piece or DW_OP_bit_piece may`);
      }
      this.pos = op.next;
      const step = this.execute(op);
      if (step) return step;
      if (this.stack.length > K.MAX_STACK_DEPTH) return this.failAt(op, `stack deeper than ${K.MAX_STACK_DEPTH} entries`);
    }
    return this.finish();
  }

  /** Answers needsRegister with the register's value (undefined: unavailable, an error). */
  resumeRegister(value: bigint | undefined): EvalStep {
    return this.answer('needsRegister', value);
  }

  /** Answers needsMemory with the little-endian value read (undefined: unreadable, an error). */
  resumeMemory(value: bigint | undefined): EvalStep {
    return this.answer('needsMemory', value);
  }

  /** Answers needsFrameBase with the frame base address (undefined: unknown, an error). */
  resumeFrameBase(address: bigint | undefined): EvalStep {
    return this.answer('needsFrameBase', address);
  }

  /** Answers needsCfa with the canonical frame address (undefined: unknown, an error). */
  resumeCfa(address: bigint | undefined): EvalStep {
    return this.answer('needsCfa', address);
  }

  /** Answers needsAddressIndex with the .debug_addr entry (undefined: missing, an error). */
  resumeAddressIndex(address: bigint | undefined): EvalStep {
    return this.answer('needsAddressIndex', address);
  }

  /** Answers needsTls with the thread-local variable's address (undefined: unknown, an error). */
  resumeTls(address: bigint | undefined): EvalStep {
    return this.answer('needsTls', address);
  }

  /**
   * Answers needsEntryValue with the value on entry, or undefined to decline: the rest of the
   * current piece's description is skipped and that piece becomes `undefined` (optimised out).
   */
  resumeEntryValue(value: bigint | undefined): EvalStep {
    if (value === undefined && this.pending?.request.kind === 'needsEntryValue') {
      this.pending = undefined;
      return this.skipToPiece() ?? this.run();
    }
    return this.answer('needsEntryValue', value);
  }

  private answer(kind: EvalRequest['kind'], value: bigint | undefined): EvalStep {
    if (this.finished) return this.finished;
    const pending = this.pending;
    if (!pending || pending.request.kind !== kind) {
      return { kind: 'error', message: `resume for ${kind} while the machine is ${pending ? `waiting for ${pending.request.kind}` : 'not waiting'}` };
    }
    this.pending = undefined;
    if (value === undefined) return this.failAt(pending.op, `${describeRequest(pending.request)} is not available`);
    if (typeof value !== 'bigint') return this.failAt(pending.op, `the answer for ${describeRequest(pending.request)} is not a bigint`);
    const step = this.push(pending.op, pending.apply(value));
    return step ?? this.run();
  }

  /** Executes one operation; returns a step to report (pause or error) or undefined to go on. */
  private execute(op: Op): EvalStep | undefined {
    this.opsSincePiece++;
    if (op.kind === 'simple' && isStackOp(op.code)) return this.check(op, applyStackOp(op.code, this.stack, this.bits));
    switch (op.kind) {
      case 'const': return this.push(op, op.value);
      case 'pick': return this.check(op, pick(this.stack, op.index));
      case 'plusUconst': {
        const top = this.pop(op);
        return typeof top === 'bigint' ? this.push(op, top + op.value) : top;
      }
      case 'branch': return this.branch(op);
      case 'piece': return this.piece(op);
      case 'register': return void (this.location = { kind: 'register', regno: op.regno });
      case 'implicitValue': return void (this.location = { kind: 'implicit', bytes: op.bytes.slice() });
      case 'implicitPointer': return void (this.location = { kind: 'implicitPointer', die: op.die, offset: op.offset });
      default: break;
    }
    if (op.code === K.DW_OP_stack_value) {
      const top = this.pop(op);
      if (typeof top !== 'bigint') return top;
      this.location = { kind: 'value', value: top };
      return undefined;
    }
    const r = executeLocationOp(op, this.stack, this.addressSize);
    if (r === undefined) return undefined;
    if (typeof r === 'string') return this.failAt(op, r);
    this.pending = { request: r.request, op, apply: r.apply };
    return r.request;
  }

  /** DW_OP_bra (pop; jump when non-zero) and DW_OP_skip (always jump), section 2.5.1.5. */
  private branch(op: Op & { kind: 'branch' }): EvalStep | undefined {
    if (op.code === K.DW_OP_bra) {
      const top = this.pop(op);
      if (typeof top !== 'bigint') return top;
      if (top === 0n) return undefined;
    }
    const target = op.next + op.delta;
    if (target < 0 || target > this.expr.length) return this.failAt(op, `branch target ${target} is outside the expression (0..${this.expr.length})`);
    this.pos = target;
    return undefined;
  }

  /** DW_OP_piece / DW_OP_bit_piece (section 2.6.1.2): closes the current simple location. */
  private piece(op: Op & { kind: 'piece' }): EvalStep | undefined {
    const described = this.opsSincePiece > 1; // this piece op itself was counted
    let location: Location = this.location ?? { kind: 'undefined' };
    if (!this.location && described && this.stack.length > 0) location = { kind: 'memory', address: this.stack.pop()! };
    const piece: Piece = { location, sizeBits: op.sizeBits };
    if (op.code === K.DW_OP_bit_piece) piece.bitOffset = op.bitOffset;
    this.pieces.push(piece);
    this.location = undefined;
    this.opsSincePiece = 0;
    return undefined;
  }

  /** After a declined entry value: skips to the next piece op (or the end); that piece is undefined. */
  private skipToPiece(): EvalStep | undefined {
    while (this.pos < this.expr.length) {
      const decoded = decodeOp(new Cursor(this.expr, this.pos), this.addressSize, this.offsetSize);
      if (!decoded.ok) return this.fail(decoded.error, decoded.offset);
      if (decoded.op.kind === 'piece') break;
      this.pos = decoded.op.next;
    }
    this.location = { kind: 'undefined' };
    return undefined;
  }

  private finish(): EvalStep {
    if (this.pieces.length > 0) {
      if (this.opsSincePiece > 0) return this.fail(`operations after the last piece (offset ${this.expr.length}) are not closed by DW_OP_piece`);
      return this.done(this.pieces);
    }
    let location: Location = this.location ?? { kind: 'undefined' };
    if (!this.location && this.stack.length > 0) location = { kind: 'memory', address: this.stack[this.stack.length - 1]! };
    return this.done([{ location }]);
  }

  private done(pieces: Piece[]): EvalStep {
    this.finished = { kind: 'done', pieces };
    return this.finished;
  }

  private push(op: Op, value: bigint): EvalStep | undefined {
    this.stack.push(BigInt.asUintN(this.bits, value));
    return undefined;
  }

  private pop(op: Op): bigint | EvalStep {
    return this.stack.length > 0 ? this.stack.pop()! : this.failAt(op, 'stack underflow');
  }

  private check(op: Op, error: string | undefined): EvalStep | undefined {
    return error === undefined ? undefined : this.failAt(op, error);
  }

  private failAt(op: Op, reason: string): EvalStep {
    return this.fail(`${opLabel(op.code)} at offset ${op.start}: ${reason}`, op.start);
  }

  private fail(message: string, offset?: number): EvalStep {
    this.pending = undefined;
    this.finished = { kind: 'error', message, offset };
    return this.finished;
  }
}
