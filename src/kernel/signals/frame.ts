import type { HartContext } from '../../emu/hart';
import { XLEN_REGS } from '../abi';
import type { UserMemory } from '../uaccess';
import { TASK_SIZE } from '../layout';
import { SIGRETURN_TRAMPOLINE } from '../vdso';
import type { AltStack, SigInfo, SigSet } from './state';

/**
 * Linux riscv64's signal frame, built on the user stack when a handler runs
 * (arch/riscv/kernel/signal.c; uapi asm/sigcontext.h, asm/ucontext.h, asm/ptrace.h):
 *
 *   struct rt_sigframe {                 offset  bytes
 *     siginfo_t info;                        0    128
 *     struct ucontext uc {                 128
 *       unsigned long uc_flags;            +0      8
 *       struct ucontext *uc_link;          +8      8
 *       stack_t uc_stack;                  +16    24   { ss_sp; int ss_flags; size_t ss_size }
 *       sigset_t uc_sigmask;               +40     8
 *       __u8 __unused[120];                +48   120   (room for a 1024-bit sigset)
 *       struct sigcontext uc_mcontext {    +176        (16-byte aligned)
 *         struct user_regs_struct sc_regs; +0    256   pc, ra, sp, gp, tp, t0..t2, s0, s1, a0..a7, s2..s11, t3..t6
 *         union __riscv_fp_state sc_fpregs;+256  528   d-extension view: f[32] (u64), fcsr (u32)
 *       }
 *     }
 *   }                                   total 1088
 *
 * The handler starts with pc = handler, sp = &frame, ra = the vDSO rt_sigreturn trampoline,
 * a0 = signo, a1 = &frame.info, a2 = &frame.uc (glibc's SA_SIGINFO handlers read all three).
 */
export const SIGINFO_BYTES = 128;
export const UC_OFFSET = SIGINFO_BYTES;
export const UC_FLAGS = 0;
export const UC_LINK = 8;
export const UC_STACK = 16;
export const UC_SIGMASK = 40;
export const UC_MCONTEXT = 176;
export const SC_REGS_BYTES = XLEN_REGS * 8;
/** Offset of fcsr in __riscv_d_ext_state (after f[32]). */
export const SC_FCSR_OFFSET = SC_REGS_BYTES + XLEN_REGS * 8;
/** sizeof(union __riscv_fp_state): the q-extension view, f[64] + fcsr + reserved[3]. */
export const SC_FPREGS_BYTES = 528;
export const UCONTEXT_BYTES = UC_MCONTEXT + SC_REGS_BYTES + SC_FPREGS_BYTES;
export const RT_SIGFRAME_BYTES = SIGINFO_BYTES + UCONTEXT_BYTES;
/** The psABI's stack alignment. */
const STACK_ALIGN = 16;

/** Sv39's user half spans TASK_SIZE = 2^38 bytes: the bits of a user virtual address. */
const USER_ADDRESS_MASK = BigInt(TASK_SIZE) - 1n;

/**
 * A register or sigaction value (64-bit) as a user virtual address: the bits above the user
 * half are dropped, so a garbage sp or handler still becomes a number below TASK_SIZE (whose
 * access then faults), never NaN or a host-precision loss.
 */
export function userAddress(v: bigint): number {
  return Number(BigInt.asUintN(64, v) & USER_ADDRESS_MASK);
}

/** Where a handler returns: the `[vdso]` trampoline (`li a7, 139; ecall`). */
export function sigreturnTrampoline(): number {
  return SIGRETURN_TRAMPOLINE;
}

/** siginfo_t as the kernel lays it out for riscv64 (asm-generic siginfo.h, 64-bit). */
export function encodeSiginfo(info: SigInfo): Uint8Array {
  const b = new Uint8Array(SIGINFO_BYTES);
  const v = new DataView(b.buffer);
  v.setInt32(0, info.signo, true);
  v.setInt32(4, info.errno ?? 0, true);
  v.setInt32(8, info.code, true);
  if (info.addr !== undefined) {
    v.setBigUint64(16, BigInt(info.addr), true);          // _sigfault.si_addr
  } else {
    v.setInt32(16, info.pid ?? 0, true);                   // si_pid
    v.setUint32(20, info.uid ?? 0, true);                  // si_uid
    if (info.status !== undefined) {
      v.setInt32(24, info.status, true);                   // _sigchld.si_status
      v.setBigInt64(32, BigInt(info.utime ?? 0), true);    // si_utime
    }
  }
  return b;
}

/** What the frame records besides the registers. */
export interface FrameExtras {
  info: SigInfo;
  /** The mask to restore at rt_sigreturn. */
  mask: SigSet;
  /** The alternate stack as seen at delivery (uc_stack). */
  stack: AltStack;
}

/** Encodes the rt_sigframe for context `ctx` (the interrupted user state). */
export function encodeFrame(ctx: HartContext, extra: FrameExtras): Uint8Array {
  const b = new Uint8Array(RT_SIGFRAME_BYTES);
  const v = new DataView(b.buffer);
  b.set(encodeSiginfo(extra.info), 0);
  const uc = UC_OFFSET;
  v.setBigUint64(uc + UC_STACK, BigInt(extra.stack.sp), true);
  v.setInt32(uc + UC_STACK + 8, extra.stack.flags, true);
  v.setBigUint64(uc + UC_STACK + 16, BigInt(extra.stack.size), true);
  v.setBigUint64(uc + UC_SIGMASK, extra.mask, true);
  const sc = uc + UC_MCONTEXT;
  v.setBigUint64(sc, BigInt(ctx.pc), true);
  for (let i = 1; i < XLEN_REGS; i++) v.setBigUint64(sc + i * 8, BigInt.asUintN(64, ctx.x[i]), true);
  for (let i = 0; i < XLEN_REGS; i++) v.setBigUint64(sc + SC_REGS_BYTES + i * 8, BigInt.asUintN(64, ctx.f[i] ?? 0n), true);
  v.setUint32(sc + SC_FCSR_OFFSET, ctx.fcsr >>> 0, true);
  return b;
}

/** The state rt_sigreturn reads back from a frame. */
export interface RestoredFrame {
  ctx: HartContext;
  mask: SigSet;
  stack: AltStack;
}

/** Decodes the ucontext at user address `ucAddr`; -EFAULT (a number) when unreadable. */
export function readUcontext(um: UserMemory, ucAddr: number): RestoredFrame | number {
  const b = um.read(ucAddr, UCONTEXT_BYTES);
  if (typeof b === 'number') return b;
  const v = new DataView(b.buffer);
  const sc = UC_MCONTEXT;
  const x: bigint[] = [0n];
  for (let i = 1; i < XLEN_REGS; i++) x.push(v.getBigUint64(sc + i * 8, true));
  const f: bigint[] = [];
  for (let i = 0; i < XLEN_REGS; i++) f.push(v.getBigUint64(sc + SC_REGS_BYTES + i * 8, true));
  const pc = v.getBigUint64(sc, true);
  return {
    ctx: { pc: pc < 2n ** 53n ? Number(pc) : 0, x, f, fcsr: v.getUint32(sc + SC_FCSR_OFFSET, true) },
    mask: v.getBigUint64(UC_SIGMASK, true),
    stack: {
      sp: Number(v.getBigUint64(UC_STACK, true) & 0x1f_ffff_ffff_ffffn),
      flags: v.getInt32(UC_STACK + 8, true),
      size: Number(v.getBigUint64(UC_STACK + 16, true) & 0x1f_ffff_ffff_ffffn),
    },
  };
}

/** Address of a new frame below `sp`, 16-byte aligned (Linux get_sigframe). */
export function frameAddress(sp: number): number {
  return Math.floor((sp - RT_SIGFRAME_BYTES) / STACK_ALIGN) * STACK_ALIGN;
}
