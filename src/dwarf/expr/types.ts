/**
 * The evaluator's result shapes: location pieces (DWARF 5 section 2.6) and the pauses of the
 * resumable machine (requests for facts only the debugger has).
 */

/**
 * Where (part of) an object is (DWARF 5 section 2.6.1.1):
 * - memory: at virtual address `address` in the debuggee;
 * - register: in DWARF register `regno` itself (DW_OP_regN / regx; see registers.ts);
 * - value: the object's value is `value` (DW_OP_stack_value), not stored anywhere;
 * - implicit: the object's bytes are `bytes` (DW_OP_implicit_value, target byte order);
 * - implicitPointer: a pointer to `offset` bytes into the object the DIE at .debug_info
 *   offset `die` describes, which has no address (DW_OP_implicit_pointer);
 * - undefined: optimised out (an empty description, or a declined DW_OP_entry_value).
 */
export type Location =
  | { kind: 'memory'; address: bigint }
  | { kind: 'register'; regno: number }
  | { kind: 'value'; value: bigint }
  | { kind: 'implicit'; bytes: Uint8Array }
  | { kind: 'implicitPointer'; die: number; offset: bigint }
  | { kind: 'undefined' };

/**
 * One piece of a location (section 2.6.1.2). `sizeBits` is absent for a location that has no
 * DW_OP_piece (the whole object); DW_OP_piece gives 8 * its byte size. `bitOffset` is set by
 * DW_OP_bit_piece only: the piece starts that many bits into the location (little-endian
 * bit numbering, bit 0 = least significant bit of a register or value, or of the byte at the
 * memory address).
 */
export interface Piece {
  location: Location;
  sizeBits?: number;
  bitOffset?: number;
}

/**
 * A pause: the machine needs a fact from the debugger and waits for the matching resume call.
 * - needsRegister: value of DWARF register `regno` in the frame (resumeRegister);
 * - needsMemory: the `sizeBytes`-byte little-endian value at virtual `address` (resumeMemory);
 * - needsFrameBase: the frame base address from DW_AT_frame_base (resumeFrameBase);
 * - needsCfa: the canonical frame address from CFI (resumeCfa);
 * - needsEntryValue: the value `expr` (a DWARF expression, usually DW_OP_regN) had on entry to
 *   the current function (resumeEntryValue; undefined declines: the piece is optimised out);
 * - needsAddressIndex: entry `index` of the unit's .debug_addr table (resumeAddressIndex);
 * - needsTls: the address of thread-local offset `offset` in the current thread (resumeTls).
 */
export type EvalRequest =
  | { kind: 'needsRegister'; regno: number }
  | { kind: 'needsMemory'; address: bigint; sizeBytes: number }
  | { kind: 'needsFrameBase' }
  | { kind: 'needsCfa' }
  | { kind: 'needsEntryValue'; expr: Uint8Array }
  | { kind: 'needsAddressIndex'; index: number }
  | { kind: 'needsTls'; offset: bigint };

/**
 * What the machine returns from run() and every resume call: a request, the finished list of
 * pieces, or an error whose message names the operation and its byte offset
 * ("DW_OP_div at offset 3: division by zero"). `offset` is that byte offset when known.
 */
export type EvalStep =
  | EvalRequest
  | { kind: 'done'; pieces: Piece[] }
  | { kind: 'error'; message: string; offset?: number };
