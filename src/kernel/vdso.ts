import { PAGE_SIZE } from '../emu/sv39';
import { encodeByName } from '../isa';
import { REG_A7 } from './abi';
import type { FrameAllocator } from './frames';
import type { PhysicalMemory } from '../emu/memory';
import { VDSO_BASE } from './layout';
import { SYS_rt_sigreturn } from './syscall/numbers';
import { VM_EXEC, VM_READ, Vma } from './vma';

/** The x0 register (hard-wired zero), the source of `li`'s `addi rd, x0, imm` expansion. */
const REG_ZERO = 0;

/** Byte offset of the signal trampoline inside the vDSO page (Linux: __vdso_rt_sigreturn). */
export const VDSO_SIGRETURN_OFFSET = 0;

/**
 * Virtual address of the signal trampoline in every process: a signal handler returns to it
 * (the kernel puts it in `ra` when it builds the signal frame), and it runs
 * `li a7, 139; ecall`, i.e. rt_sigreturn(2). Linux riscv64 has no SA_RESTORER: its handlers
 * always return through the vDSO's __vdso_rt_sigreturn, exactly like this.
 */
export const SIGRETURN_TRAMPOLINE = VDSO_BASE + VDSO_SIGRETURN_OFFSET;

/** The trampoline's instructions as 32-bit words: `addi a7, zero, 139` (li a7, 139) and `ecall`. */
export function trampolineCode(): number[] {
  const li = encodeByName('addi', { rd: REG_A7, rs1: REG_ZERO, imm: SYS_rt_sigreturn });
  const ecall = encodeByName('ecall', {});
  if (li === undefined || ecall === undefined) throw new Error('vdso: cannot encode the trampoline');
  return [li, ecall];
}

/**
 * Allocates and fills the vDSO frame at boot: the trampoline at VDSO_SIGRETURN_OFFSET, zeros
 * elsewhere. The kernel owns this one reference for its whole life; every process maps the
 * same frame read-execute (each PTE holds its own reference). Returns the physical page
 * number, or undefined when no frame is free.
 */
export function createVdsoFrame(mem: PhysicalMemory, frames: FrameAllocator): number | undefined {
  const ppn = frames.alloc();
  if (ppn === undefined) return undefined;
  trampolineCode().forEach((word, i) => mem.write32(ppn * PAGE_SIZE + VDSO_SIGRETURN_OFFSET + i * 4, word));
  return ppn;
}

/** The `[vdso]` VMA every execve maps: one page at VDSO_BASE, r-x, filled from the vDSO frame on first touch. */
export function vdsoVma(): Vma {
  return new Vma(VDSO_BASE, VDSO_BASE + PAGE_SIZE, VM_READ | VM_EXEC, 'vdso', '[vdso]');
}
