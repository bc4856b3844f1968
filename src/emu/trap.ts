import type { WatchHit } from './watch';

/**
 * Trap causes as the hart reports them to the kernel.
 * Source: RISC-V Privileged Architecture, section 4.1.8 "Supervisor Cause Register (scause)",
 * table "Supervisor cause register (scause) values after trap" (interrupt bit clear).
 */
export const enum Exception {
  InstructionAddressMisaligned = 0,
  InstructionAccessFault = 1,
  IllegalInstruction = 2,
  Breakpoint = 3,
  LoadAddressMisaligned = 4,
  LoadAccessFault = 5,
  StoreAddressMisaligned = 6,
  StoreAccessFault = 7,
  EnvironmentCallFromUMode = 8,
  InstructionPageFault = 12,
  LoadPageFault = 13,
  StorePageFault = 15,
}

/** Human-readable name of an scause exception code, as the privileged spec words it. */
export function exceptionName(scause: number): string {
  switch (scause) {
    case Exception.InstructionAddressMisaligned: return 'instruction address misaligned';
    case Exception.InstructionAccessFault: return 'instruction access fault';
    case Exception.IllegalInstruction: return 'illegal instruction';
    case Exception.Breakpoint: return 'breakpoint';
    case Exception.LoadAddressMisaligned: return 'load address misaligned';
    case Exception.LoadAccessFault: return 'load access fault';
    case Exception.StoreAddressMisaligned: return 'store/AMO address misaligned';
    case Exception.StoreAccessFault: return 'store/AMO access fault';
    case Exception.EnvironmentCallFromUMode: return 'environment call from U-mode';
    case Exception.InstructionPageFault: return 'instruction page fault';
    case Exception.LoadPageFault: return 'load page fault';
    case Exception.StorePageFault: return 'store/AMO page fault';
    default: return `exception ${scause}`;
  }
}

/**
 * Why `Hart.run` returned. The hart never throws for anything the guest does; every guest
 * event is one of these values.
 *
 * - `trap`: a synchronous exception. `scause` is an {@link Exception} code, `stval` the
 *   faulting virtual address (page faults, misaligned/access faults) or the instruction bits
 *   (illegal instruction) or 0, and `sepc` the virtual address of the trapping instruction,
 *   which has NOT retired (for `ecall` too: the kernel advances pc by 4 itself, as Linux does).
 * - `breakpoint`: the hart is about to execute an instruction at an address in
 *   `Hart.breakpoints`; nothing at that pc has executed.
 * - `budget`: the instruction budget given to `run` was spent.
 * - `watchpoint`: the instruction at `pc` accessed a watched range (src/emu/watch.ts) and
 *   RETIRED; the hart's pc is the next instruction. `hit` says which watch, the accessed address
 *   and kind and the watched bytes before a write; `newBytes` the watched bytes after it.
 */
export type StopReason =
  | { kind: 'trap'; scause: Exception; stval: number; sepc: number }
  | { kind: 'breakpoint'; pc: number }
  | { kind: 'watchpoint'; pc: number; hit: WatchHit; newBytes?: Uint8Array }
  | { kind: 'budget' };
