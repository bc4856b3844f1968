/**
 * Names of Linux error numbers (errno(3)): 2 → `ENOENT`. Built from the constants of errno.ts,
 * so there is one list. Used where a result is shown to a person (the strace-style trace, the
 * debugger's Kernel scope).
 */
import * as errno from './errno';

const NAMES: ReadonlyMap<number, string> = new Map(
  Object.entries(errno).filter(([k, v]) => /^E[A-Z0-9]+$/.test(k) && typeof v === 'number').map(([k, v]) => [v as number, k]),
);

/** The name of error number `n` (positive, as errno holds it), or undefined when it has none here. */
export function errnoName(n: number): string | undefined {
  return NAMES.get(n);
}
