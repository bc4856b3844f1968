import { MAX_FDS } from './files';
import { STACK_LIMIT_BYTES } from './layout';

/**
 * Resource limits (getrlimit(2), prlimit64(2); include/uapi/asm-generic/resource.h). Values are
 * unsigned 64-bit; RLIM_INFINITY means no limit.
 */
export const RLIMIT_CPU = 0;
export const RLIMIT_FSIZE = 1;
export const RLIMIT_DATA = 2;
export const RLIMIT_STACK = 3;
export const RLIMIT_CORE = 4;
export const RLIMIT_RSS = 5;
export const RLIMIT_NPROC = 6;
export const RLIMIT_NOFILE = 7;
export const RLIMIT_MEMLOCK = 8;
export const RLIMIT_AS = 9;
export const RLIMIT_LOCKS = 10;
export const RLIMIT_SIGPENDING = 11;
export const RLIMIT_MSGQUEUE = 12;
export const RLIMIT_NICE = 13;
export const RLIMIT_RTPRIO = 14;
export const RLIMIT_RTTIME = 15;
/** Number of resources (RLIM_NLIMITS). */
export const RLIM_NLIMITS = 16;
/** "No limit" (RLIM_INFINITY, all 64 bits set). */
export const RLIM_INFINITY = 0xffff_ffff_ffff_ffffn;

/** One limit: soft (`cur`, enforced) and hard (`max`, the ceiling for `cur`). */
export interface Rlimit {
  cur: bigint;
  max: bigint;
}

/** Linux's defaults for a fresh process, with `nproc` as the process limit (RLIMIT_NPROC). */
export function defaultRlimits(nproc: number): Rlimit[] {
  const lim: Rlimit[] = [];
  for (let r = 0; r < RLIM_NLIMITS; r++) lim.push({ cur: RLIM_INFINITY, max: RLIM_INFINITY });
  lim[RLIMIT_STACK] = { cur: BigInt(STACK_LIMIT_BYTES), max: RLIM_INFINITY };
  lim[RLIMIT_CORE] = { cur: 0n, max: RLIM_INFINITY };
  lim[RLIMIT_NPROC] = { cur: BigInt(nproc), max: BigInt(nproc) };
  lim[RLIMIT_NOFILE] = { cur: BigInt(MAX_FDS), max: BigInt(MAX_FDS) };
  lim[RLIMIT_MEMLOCK] = { cur: 8n * 1024n * 1024n, max: 8n * 1024n * 1024n };
  lim[RLIMIT_SIGPENDING] = { cur: 1024n, max: 1024n };
  lim[RLIMIT_MSGQUEUE] = { cur: 819200n, max: 819200n };
  lim[RLIMIT_NICE] = { cur: 0n, max: 0n };
  lim[RLIMIT_RTPRIO] = { cur: 0n, max: 0n };
  return lim;
}
