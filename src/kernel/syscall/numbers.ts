/**
 * Linux riscv64 syscall numbers and names for the kernel's syscall tables. The data lives in the
 * neutral layer src/abi/linux-syscalls.ts (shared with the language server); this module keeps
 * the kernel's import path.
 */
export * from '../../abi/linux-syscalls';
