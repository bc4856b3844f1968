/**
 * The memory picture every fuzz program runs against (shared by the generator and the harness):
 *
 *   buf                 buf+256 (s0)        buf+512 (sp)                 buf+1024
 *   |-------------------|-------------------|----------------------------|-- record (dump) ...
 *   the scratch buffer the generated instructions may load from and store to
 *
 * Two registers are pinned for the whole sequence and never written by it: sp (x2) points at
 * buf + SP_BIAS and s0 (x8) at buf + S0_BIAS, so every memory operand is `offset(sp)` or
 * `offset(s0)` with the offset chosen to stay inside [buf, buf + BUF_BYTES). Two bases make both
 * the stack-pointer compressed forms (c.lwsp, c.sdsp, ...) and the x8..x15 ones (c.lw, c.fsd, ...)
 * reachable. buf + SP_BIAS is page aligned, so misaligned accesses just below sp cross a page
 * boundary. After the sequence the harness stores the registers into the record right after
 * the buffer, addressed from the (still pinned) sp.
 */

/** Bytes of the scratch buffer. */
export const BUF_BYTES = 1024;
/** sp = buf + SP_BIAS during the sequence. */
export const SP_BIAS = 512;
/** s0 = buf + S0_BIAS during the sequence. */
export const S0_BIAS = 256;
/** Register numbers of the pinned bases. */
export const REG_SP = 2;
export const REG_S0 = 8;

/** ABI names of x0..x31, as the assembler and objdump spell them. */
export const XNAMES = [
  'zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
  'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6',
];

/** ABI names of f0..f31. */
export const FNAMES = [
  'ft0', 'ft1', 'ft2', 'ft3', 'ft4', 'ft5', 'ft6', 'ft7', 'fs0', 'fs1', 'fa0', 'fa1', 'fa2', 'fa3', 'fa4', 'fa5',
  'fa6', 'fa7', 'fs2', 'fs3', 'fs4', 'fs5', 'fs6', 'fs7', 'fs8', 'fs9', 'fs10', 'fs11', 'ft8', 'ft9', 'ft10', 'ft11',
];

/**
 * One program's output record, in bytes, little-endian 64-bit words in this order:
 * x1..x31, then (only when the harness dumps FP state) f0..f31 as raw bits, then fcsr, then the
 * buffer checksum.
 */
export function recordBytes(withFp: boolean): number {
  return 8 * (31 + (withFp ? 32 : 0) + 2);
}

/** Names of the record's 64-bit fields, in order (x1..x31, f0..f31, fcsr, checksum). */
export function recordFields(withFp: boolean): string[] {
  const names = XNAMES.slice(1).map((n, i) => `x${i + 1}/${n}`);
  if (withFp) names.push(...FNAMES.map((n, i) => `f${i}/${n}`));
  names.push('fcsr', 'checksum');
  return names;
}
