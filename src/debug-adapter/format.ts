/**
 * Small formatting helpers shared by the adapter's modules: addresses as the DAP wire and the
 * sidebar want them ("0x..." lowercase hex, see protocol.ts) and parsing them back.
 */

/** `n` (an unsigned address or value, number or bigint) as lowercase "0x..." hex, no padding. */
export function hex(n: number | bigint): string {
  if (n < 0) return '-0x' + (-n).toString(16);
  return '0x' + n.toString(16);
}

/**
 * A guest address as the hardware holds it: unsigned 64-bit lowercase "0x..." hex (a
 * kernel-half address that arrives sign-extended as a negative number prints as 0xffff...).
 */
export function hexAddress(n: number | bigint): string {
  return '0x' + BigInt.asUintN(64, BigInt(n)).toString(16);
}

/** A 64-bit register value as "0x" plus exactly 16 hex digits (x0..x31 are XLEN = 64 bits wide). */
export function hex64(n: bigint): string {
  return '0x' + BigInt.asUintN(64, n).toString(16).padStart(16, '0');
}

/**
 * Parses a non-negative integer given as a "0x..." hex string, a decimal string or a number.
 * Returns undefined for anything else (negative, fractional, above 2^53, garbage): callers turn
 * that into an error response, never an exception.
 */
export function parseAddress(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  }
  if (typeof value !== 'string') return undefined;
  const s = value.trim().toLowerCase();
  let n: number;
  if (/^0x[0-9a-f]{1,14}$/.test(s)) n = parseInt(s.slice(2), 16);
  else if (/^[0-9]{1,16}$/.test(s)) n = parseInt(s, 10);
  else return undefined;
  return Number.isSafeInteger(n) ? n : undefined;
}

/** True when `value` is a safe non-negative integer (a pid, tid, line or count from the client). */
export function isIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
