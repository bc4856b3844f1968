/**
 * A memo over the instruction table's encoder (src/isa `encode`, which checks every encoding by
 * decoding it back — about half of all assembly time). Sources repeat instructions, and the
 * language server re-assembles the same file on each keystroke, so most encodings are already
 * known. Keys are small integers (no strings); the memo is emptied at MAX_ENTRIES encodings.
 */
import { encode, type InstrFields, type InstrRow } from '../../isa';

/** Most remembered encodings. */
export const MAX_ENTRIES = 1 << 17;

/** Stored for "the row cannot hold these fields". */
const NO_ENCODING = -1;
/** Per row: registers → other small fields → immediate and CSR → bits (or NO_ENCODING). */
let memo: Map<number, Map<number, Map<number, number>>>[] = [];
let entries = 0;

/** A field plus one (0 = absent: compressed rows then use the register their encoding fixes). */
const opt = (v: number | undefined) => (v === undefined ? 0 : v + 1);
const REG_SLOT = 64;
const SMALL_SLOT = 32;
/** Offsets keeping the immediate and CSR parts apart in one safe integer. */
const IMM_ABSENT = -(2 ** 40);
const CSR_SCALE = 2 ** 41;

/** `encode(row, fields)`, remembered. */
export function encodeCached(row: InstrRow, f: Partial<InstrFields>): number | undefined {
  const regs = ((opt(f.rd) * REG_SLOT + opt(f.rs1)) * REG_SLOT + opt(f.rs2)) * REG_SLOT + opt(f.rs3);
  const small = ((((opt(f.rm) * 4 + opt(f.aq)) * 4 + opt(f.rl)) * SMALL_SLOT + opt(f.pred)) * SMALL_SLOT + opt(f.succ)) * SMALL_SLOT
    + opt(f.fm);
  const immKey = (f.imm ?? IMM_ABSENT) + opt(f.csr) * CSR_SCALE;
  const byRow = (memo[row.index] ??= new Map());
  let bySmall = byRow.get(regs);
  if (bySmall === undefined) byRow.set(regs, (bySmall = new Map()));
  let byImm = bySmall.get(small);
  if (byImm === undefined) bySmall.set(small, (byImm = new Map()));
  const known = byImm.get(immKey);
  if (known !== undefined) return known === NO_ENCODING ? undefined : known;
  const bits = encode(row, f);
  if (++entries > MAX_ENTRIES) {
    memo = [];
    entries = 0;
  } else {
    byImm.set(immKey, bits ?? NO_ENCODING);
  }
  return bits;
}
