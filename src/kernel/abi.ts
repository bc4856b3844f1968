/**
 * Integer register numbers the kernel touches, by their RISC-V psABI names
 * (RISC-V ELF psABI, "Integer Register Convention"; syscall(2) for the Linux riscv64 ABI:
 * a7 = number, a0..a5 = arguments, a0 = result).
 */
export const REG_RA = 1;
export const REG_SP = 2;
export const REG_GP = 3;
export const REG_TP = 4;
export const REG_S0 = 8;
export const REG_A0 = 10;
export const REG_A7 = 17;
/** Number of syscall argument registers (a0..a5). */
export const SYSCALL_ARGS = 6;
/** Bytes of an ecall instruction (sepc + 4 resumes after it). */
export const ECALL_BYTES = 4;
/** Number of integer (x) registers. */
export const XLEN_REGS = 32;
