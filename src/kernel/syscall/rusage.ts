import { NS_PER_INSTRUCTION } from '../kernel';

/**
 * struct rusage as riscv64 lays it out (getrusage(2)): ru_utime and ru_stime (struct timeval:
 * seconds, microseconds; 16 bytes each), then 14 longs (ru_maxrss ... ru_nivcsw). 144 bytes.
 */
export const RUSAGE_BYTES = 144;
/** getrusage(2) `who` values. */
export const RUSAGE_SELF = 0;
export const RUSAGE_CHILDREN = -1;
export const RUSAGE_THREAD = 1;

const NS_PER_USEC = 1000;
const USEC_PER_SEC = 1_000_000;

/**
 * A struct rusage for `instructions` retired user instructions: they are all user time on the
 * virtual clock (NS_PER_INSTRUCTION each); system time is 0 (the kernel runs outside the
 * machine's clock); the other fields are 0.
 */
export function rusageBytes(instructions: number): Uint8Array {
  const b = new Uint8Array(RUSAGE_BYTES);
  const v = new DataView(b.buffer);
  const usec = Math.floor((instructions * NS_PER_INSTRUCTION) / NS_PER_USEC);
  v.setBigInt64(0, BigInt(Math.floor(usec / USEC_PER_SEC)), true);
  v.setBigInt64(8, BigInt(usec % USEC_PER_SEC), true);
  return b;
}
