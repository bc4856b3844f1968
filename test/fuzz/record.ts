import { recordBytes, recordFields } from './layout';
import { hex64 } from './values';

/**
 * Text form of program output records: one `field = 0x...` line per 64-bit word, then the exit
 * code. This is what reproducers store as their expected output and what mismatch reports diff.
 */

/** Splits a batch's stdout into per-program records (a short trailing record is kept, truncated). */
export function splitRecords(stdout: Uint8Array, withFp: boolean): Uint8Array[] {
  const size = recordBytes(withFp);
  const out: Uint8Array[] = [];
  for (let i = 0; i < stdout.length; i += size) out.push(stdout.subarray(i, Math.min(i + size, stdout.length)));
  return out;
}

/** Formats one program's output: its record's fields (as many as are present) and its exit code. */
export function formatOutput(record: Uint8Array, exitCode: number, withFp: boolean): string {
  const fields = recordFields(withFp);
  const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
  const lines: string[] = [];
  for (let i = 0; i < fields.length && 8 * i + 8 <= record.length; i++) {
    lines.push(`${fields[i]} = ${hex64(view.getBigUint64(8 * i, true))}`);
  }
  if (record.length !== recordBytes(withFp)) lines.push(`(record has ${record.length} bytes, expected ${recordBytes(withFp)})`);
  lines.push(`exit ${exitCode}`);
  return lines.join('\n') + '\n';
}

/** The lines where two formatted outputs differ, as `field: expected X, actual Y`. */
export function diffOutputs(expected: string, actual: string): string[] {
  const e = expected.trimEnd().split('\n');
  const a = actual.trimEnd().split('\n');
  const out: string[] = [];
  for (let i = 0; i < Math.max(e.length, a.length); i++) {
    if (e[i] !== a[i]) out.push(`expected ${e[i] ?? '(nothing)'} | actual ${a[i] ?? '(nothing)'}`);
  }
  return out;
}

/** True when two byte arrays are equal. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
