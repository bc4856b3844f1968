/**
 * Register, CSR, rounding-mode and fence-set names as GNU as accepts them, derived from the
 * instruction set layer's name lists (src/isa: X_NAMES, F_NAMES, CSR_NAMES) — no second list.
 * Sources: RISC-V psABI "Register Convention"; unprivileged spec "F" extension, "Rounding Modes";
 * "FENCE" predecessor/successor sets.
 */
import { CSR_NAMES, F_NAMES, X_NAMES } from '../../isa';

const X_COUNT = 32;
/** `fp` is the frame pointer, another name of s0 (x8). */
const FRAME_POINTER = 8;

const X_BY_NAME = new Map<string, number>();
const F_BY_NAME = new Map<string, number>();
for (let i = 0; i < X_COUNT; i++) {
  X_BY_NAME.set(`x${i}`, i);
  X_BY_NAME.set(X_NAMES[i]!, i);
  F_BY_NAME.set(`f${i}`, i);
  F_BY_NAME.set(F_NAMES[i]!, i);
}
X_BY_NAME.set('fp', FRAME_POINTER);

const CSR_BY_NAME = new Map<string, number>();
for (const [num, name] of CSR_NAMES) CSR_BY_NAME.set(name, num);

/** Integer register number of `name` (x0..x31, ABI names, fp), or undefined. */
export function xRegister(name: string): number | undefined {
  return X_BY_NAME.get(name.toLowerCase());
}

/** Floating-point register number of `name` (f0..f31, ABI names), or undefined. */
export function fRegister(name: string): number | undefined {
  return F_BY_NAME.get(name.toLowerCase());
}

/** CSR number of `name`, or undefined. */
export function csrNumber(name: string): number | undefined {
  return CSR_BY_NAME.get(name.toLowerCase());
}

/** Rounding-mode field values (unprivileged spec, "Rounding Mode encoding"); dyn = 7 is the default. */
export const ROUNDING_MODES: ReadonlyMap<string, number> = new Map([
  ['rne', 0], ['rtz', 1], ['rdn', 2], ['rup', 3], ['rmm', 4], ['dyn', 7],
]);
/** The dynamic rounding mode (use frm), GNU's default when an instruction names none. */
export const RM_DYN = 7;

/** FENCE set bits: i = device input (bit 3), o = output (2), r = memory reads (1), w = writes (0). */
const FENCE_BITS: Record<string, number> = { i: 8, o: 4, r: 2, w: 1 };

/** Parses a fence set such as `rw` or `iorw` (letters in the order i, o, r, w); undefined if bad. */
export function fenceSet(text: string): number | undefined {
  let bits = 0;
  let last = Number.MAX_SAFE_INTEGER;
  for (const ch of text.toLowerCase()) {
    const b = FENCE_BITS[ch];
    if (b === undefined || b >= last) return undefined;
    bits |= b;
    last = b;
  }
  return text.length === 0 ? undefined : bits;
}
