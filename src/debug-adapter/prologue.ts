/**
 * Prologue analysis: the unwinder's fallback for a function without call frame information
 * (glibc's hand-written or -fno-asynchronous-unwind-tables objects), as gdb's RISC-V
 * prologue scanner does. It decodes the function's first instructions up to the pc and
 * records what the standard prologue shapes do (RISC-V psABI, "Frame Pointer Convention"):
 *
 *   addi sp, sp, -N        (c.addi16sp / c.addi)    the frame is N bytes: CFA = sp + N
 *   sd   rX, off(sp)       (c.sdsp)                 rX saved at CFA - N + off
 *   addi s0, sp, M         (c.addi4spn is not used) s0 = sp + M: after it, CFA = s0 + N - M
 *
 * Scanning stops at the first instruction that is none of these (or at a branch or call);
 * the result describes the frame at `pc`.
 */
import { decode, instructionLength } from '../isa';

/** Most instructions scanned from a function's start. */
const MAX_PROLOGUE_INSNS = 64;
/** Bytes of an instruction's first parcel (its length is encoded there). */
const PARCEL_BYTES = 2;
/** x2 = sp, x8 = s0/fp (psABI). */
const SP = 2;
const FP = 8;

/** The frame a prologue builds, as far as the pc has executed it. */
export interface PrologueFrame {
  /** How the CFA (the caller's sp) is computed at the pc: register + offset. */
  cfaReg: number;
  cfaOffset: number;
  /** Integer registers saved so far: register number -> offset from the CFA (negative). */
  saved: Map<number, number>;
}

/**
 * Analyzes the prologue of the function starting at `start`, executed up to (not including)
 * `pc`, reading code with `read`. Without any recognised prologue step the frame is a leaf:
 * CFA = sp, nothing saved (ra still holds the return address).
 */
export function analyzePrologue(read: (va: number, len: number) => Uint8Array | undefined, start: number, pc: number): PrologueFrame {
  let frameSize = 0;
  let fpOffset: number | undefined;
  const savedAt = new Map<number, number>();
  let at = start;
  for (let i = 0; i < MAX_PROLOGUE_INSNS && at < pc; i++) {
    const parcel = read(at, PARCEL_BYTES);
    if (!parcel || parcel.length < PARCEL_BYTES) break;
    const length = instructionLength(parcel[0]! | (parcel[1]! << 8));
    const bytes = length === 4 ? read(at, 4) : parcel;
    if (!bytes || bytes.length < length) break;
    const word = length === 4 ? (bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24)) >>> 0 : parcel[0]! | (parcel[1]! << 8);
    const d = decode(word);
    if (!d) break;
    const op = d.row.expand?.base ?? d.row.mnemonic;
    if (op === 'addi' && d.rd === SP && d.rs1 === SP && d.imm < 0 && frameSize === 0) frameSize = -d.imm;
    else if (op === 'sd' && d.rs1 === SP && frameSize > 0 && !savedAt.has(d.rs2)) savedAt.set(d.rs2, d.imm);
    else if (op === 'addi' && d.rd === FP && d.rs1 === SP && frameSize > 0) fpOffset = d.imm;
    else if (op === 'addi' && d.rd === SP && d.rs1 === SP) break;
    else if (isControlTransfer(op)) break;
    at += length;
  }
  const saved = new Map<number, number>();
  for (const [reg, off] of savedAt) saved.set(reg, off - frameSize);
  if (fpOffset !== undefined) return { cfaReg: FP, cfaOffset: frameSize - fpOffset, saved };
  return { cfaReg: SP, cfaOffset: frameSize, saved };
}

function isControlTransfer(op: string): boolean {
  return op === 'jal' || op === 'jalr' || op.startsWith('b') || op === 'ecall' || op === 'ebreak';
}
