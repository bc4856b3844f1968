/**
 * Auxiliary vector entry types (include/uapi/linux/auxvec.h; getauxval(3)) and the values
 * this kernel reports.
 */
export const AT_NULL = 0;
export const AT_PHDR = 3;
export const AT_PHENT = 4;
export const AT_PHNUM = 5;
export const AT_PAGESZ = 6;
export const AT_BASE = 7;
export const AT_FLAGS = 8;
export const AT_ENTRY = 9;
export const AT_UID = 11;
export const AT_EUID = 12;
export const AT_GID = 13;
export const AT_EGID = 14;
export const AT_HWCAP = 16;
export const AT_CLKTCK = 17;
export const AT_SECURE = 23;
export const AT_RANDOM = 25;
export const AT_EXECFN = 31;

/** Bytes of random data AT_RANDOM points to. */
export const AT_RANDOM_BYTES = 16;
/** sysconf(_SC_CLK_TCK): clock ticks per second reported to user space. */
export const USER_HZ = 100;

/** The single-letter ISA extensions the hart implements (RISC-V: AT_HWCAP bit n = letter 'a'+n). */
export const HWCAP_EXTENSIONS = 'imafdc';

/** AT_HWCAP for RISC-V Linux: one bit per single-letter extension ('a' = bit 0). */
export function riscvHwcap(extensions = HWCAP_EXTENSIONS): number {
  let caps = 0;
  for (const letter of extensions) caps |= 1 << (letter.charCodeAt(0) - 'a'.charCodeAt(0));
  return caps;
}
