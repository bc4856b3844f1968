import { hex64 } from '../values';
import { SIGSEGV, SV39_USER_END } from './constants';
import type { RawRecord } from './harness';

/**
 * Judging one sample: how it ended under qemu-riscv64 and under Glasskernel. A sample ends with
 * a record (the signal, si_code, si_addr, pc, every register, the buffer checksum) or 'loop'.
 * Both must agree field by field, except that si_addr 0 from qemu for a fault above the Sv39
 * user half is taken as the address Glasskernel (and Linux) report (constants.ts).
 */

/** How one sample ended. */
export type SampleEnd = { kind: 'record'; rec: RawRecord } | { kind: 'loop' } | { kind: 'missing'; why: string };

/**
 * Glasskernel keeps pc and stval as JavaScript numbers (signed 64-bit values as doubles), so
 * addresses beyond +-2^53 (never mapped: outside Sv39) come out rounded to 53 significant bits.
 * A known limitation (reported, not fixed here): such a pair is taken as equal.
 */
function roundedAsDouble(exact: bigint, shown: bigint): boolean {
  const signed = BigInt.asIntN(64, exact);
  if (signed >= -(1n << 53n) && signed < 1n << 53n) return false;
  return BigInt.asUintN(64, BigInt(Number(signed))) === shown;
}

/** qemu's record with the known differences (see above) replaced by Glasskernel's values. */
export function reconcile(expected: RawRecord, actual: RawRecord): RawRecord {
  let e = expected;
  if (e.signo === SIGSEGV && actual.signo === SIGSEGV && e.addr === 0n && actual.addr >= SV39_USER_END) e = { ...e, addr: actual.addr };
  if (roundedAsDouble(e.addr, actual.addr)) e = { ...e, addr: actual.addr };
  if (roundedAsDouble(e.pc, actual.pc)) e = { ...e, pc: actual.pc };
  return e;
}

/** The text form of an end (one line per field group), as saved in `<name>.expected`. */
export function formatEnd(e: SampleEnd): string {
  if (e.kind === 'loop') return 'loop (no signal within the budget)\n';
  if (e.kind === 'missing') return `missing: ${e.why}\n`;
  const r = e.rec;
  const lines = [`signal ${r.signo} code ${r.code} addr ${hex64(r.addr)}`, `pc ${hex64(r.pc)}`];
  r.x.forEach((v, i) => lines.push(`x${i + 1} ${hex64(v)}`));
  r.f.forEach((v, i) => lines.push(`f${i} ${hex64(v)}`));
  lines.push(`fcsr ${hex64(r.fcsr)}`, `buf ${hex64(r.checksum)}`);
  return lines.join('\n') + '\n';
}

/** expected (qemu) and actual (Glasskernel) as text, with the reconciliation applied. */
export function endTexts(expected: SampleEnd, actual: SampleEnd): { expected: string; actual: string } {
  const e = expected.kind === 'record' && actual.kind === 'record' ? { kind: 'record' as const, rec: reconcile(expected.rec, actual.rec) } : expected;
  return { expected: formatEnd(e), actual: formatEnd(actual) };
}

/** Lines that differ between two texts of formatEnd, as `expected -> actual`. */
export function diffEnds(expected: string, actual: string): string[] {
  const a = expected.trimEnd().split('\n');
  const b = actual.trimEnd().split('\n');
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) out.push(`${a[i] ?? '(none)'}  ->  ${b[i] ?? '(none)'}`);
  }
  return out;
}

/** True when the two ends agree. */
export function sameEnd(expected: SampleEnd, actual: SampleEnd): boolean {
  const t = endTexts(expected, actual);
  return t.expected === t.actual;
}
