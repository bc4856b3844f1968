import { PAGE_SIZE } from '../emu/sv39';

/**
 * The user address space of every process (Sv39 gives user space the low 2^38 bytes; Linux
 * riscv64 calls the limit TASK_SIZE). Nothing is randomized: the same program gets the same
 * layout every run, which keeps runs deterministic.
 *
 *   TASK_SIZE   0x40_0000_0000 +----------------------------+
 *                              |  (unmapped top page)       |
 *   STACK_TOP   0x3f_ffff_f000 +----------------------------+
 *                              |  [stack]  grows down,      |  initial VMA STACK_INITIAL_BYTES,
 *                              |  argv/envp/auxv at the top |  may grow to STACK_LIMIT_BYTES
 *                              +----------------------------+
 *                              |  stack guard gap + limit   |
 *                              +----------------------------+
 *                              |  [vdso]  one page, r-x:    |  the signal trampoline
 *   MMAP_BASE   0x3f_f76f_f000 +----------------------------+  (li a7, rt_sigreturn; ecall)
 *   = VDSO_BASE
 *                              |  mmap areas, allocated     |
 *                              |  top-down below MMAP_BASE  |
 *                              |            ...             |
 *                              |  [heap]  brk grows up      |
 *   startBrk                   +----------------------------+  page after the highest segment
 *                              |  .data/.bss (PT_LOAD, RW)  |
 *                              |  .text      (PT_LOAD, RX)  |  usually from 0x10000
 *   0                          +----------------------------+
 */
export const TASK_SIZE = 2 ** 38;
/** One past the highest stack byte (a guard page below TASK_SIZE stays unmapped). */
export const STACK_TOP = TASK_SIZE - PAGE_SIZE;
/** Size of the stack VMA created by execve (bytes). */
export const STACK_INITIAL_BYTES = 128 * 1024;
/** RLIMIT_STACK default: the stack VMA never grows past this many bytes (getrlimit(2)). */
export const STACK_LIMIT_BYTES = 8 * 1024 * 1024;
/** Linux's stack_guard_gap default: 256 pages kept free below a grows-down VMA. */
export const STACK_GUARD_GAP_BYTES = 256 * PAGE_SIZE;
/** Top of the mmap area: below the largest stack plus its guard gap. */
export const MMAP_BASE = STACK_TOP - STACK_LIMIT_BYTES - STACK_GUARD_GAP_BYTES - 128 * 1024 * 1024;
/** Where every process gets its `[vdso]` page (fixed: no address randomization here). */
export const VDSO_BASE = MMAP_BASE;
/** Lowest address mmap hands out without MAP_FIXED (Linux mmap_min_addr default, 64 KiB). */
export const MMAP_MIN_ADDR = 0x10000;

/** Rounds a byte address down to its page start. */
export function pageDown(addr: number): number {
  return addr - (((addr % PAGE_SIZE) + PAGE_SIZE) % PAGE_SIZE);
}

/** Rounds a byte address up to the next page boundary. */
export function pageUp(addr: number): number {
  return pageDown(addr + PAGE_SIZE - 1);
}
