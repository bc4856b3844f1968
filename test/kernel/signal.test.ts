import { describe, expect, it } from 'vitest';
import { SIGTERM, signaledStatus } from '../../src/kernel/signal';
import { RT_SIGFRAME_BYTES, UC_MCONTEXT, UC_OFFSET, UCONTEXT_BYTES, encodeFrame, readUcontext } from '../../src/kernel/signals/frame';
import { UserMemory } from '../../src/kernel/uaccess';
import { expected, hasQemu, qemu, runGuest } from './proc-guest';

if (!hasQemu) console.warn('qemu-riscv64 not installed: live Linux comparisons of the signal guests are skipped (apt-get install qemu-user)');

describe('signals', () => {
  it('a handler runs on Linux\'s riscv64 frame and rt_sigreturn restores every register', () => {
    const run = runGuest('sighandler');
    expect(run.out).toBe(expected('sighandler'));
    expect(run.out).toContain('registers after a handler that trashed them: restored (kill returned 0)');
    expect(run.out).toContain('recovered from SIGSEGV: si_addr 0x10, si_code 1 (SEGV_MAPERR)');
    expect(run.status).toBe(signaledStatus(SIGTERM));
    expect(run.kernel.stats().framesInUse).toBe(run.kernel.stats().framesAtBoot);
  });

  it('a blocked wait4 fails with EINTR without SA_RESTART and restarts with it; sleeps always get EINTR', () => {
    const run = runGuest('sigrestart');
    expect(run.out).toBe(expected('sigrestart'));
    expect(run.out).toContain('wait4 without SA_RESTART: -1, errno 4 (EINTR), handler ran 1');
    expect(run.out).toContain('wait4 with SA_RESTART: returned the child: yes, exit status 7, handler ran 1');
  });

  it('SIGCHLD reaches the parent with CLD_* codes; stop/continue/kill show in wait4; groups get kill(-pgid)', () => {
    const run = runGuest('sigchld');
    expect(run.out).toBe(expected('sigchld'));
    expect(run.out).toContain('SIGCHLD: si_code 1 (CLD_EXITED), si_status 5, si_pid is the child: yes');
    expect(run.kernel.stats().framesInUse).toBe(run.kernel.stats().framesAtBoot);
  });

  for (const name of ['sighandler', 'sigrestart', 'sigchld']) {
    it.skipIf(!hasQemu)(`${name} prints exactly what qemu-riscv64 prints`, () => {
      const live = qemu(name);
      expect(runGuest(name).out).toBe(live.out);
    });
  }

  it('lays out struct rt_sigframe as Linux riscv64 does and reads back the ucontext it wrote', () => {
    expect(UC_OFFSET).toBe(128);
    expect(UC_MCONTEXT).toBe(176);
    expect(UCONTEXT_BYTES).toBe(960);
    expect(RT_SIGFRAME_BYTES).toBe(1088);
    const x = Array.from({ length: 32 }, (_, i) => BigInt(i * 0x1111));
    const f = Array.from({ length: 32 }, (_, i) => BigInt(i) << 40n);
    const bytes = encodeFrame({ pc: 0x1234, x, f, fcsr: 0xe1 }, {
      info: { signo: 10, code: 0, pid: 7 }, mask: 1n << 11n, stack: { sp: 0x5000, size: 8192, flags: 2 },
    });
    const v = new DataView(bytes.buffer);
    expect(v.getInt32(0, true)).toBe(10);
    expect(v.getInt32(16, true)).toBe(7);
    expect(v.getBigUint64(UC_OFFSET + UC_MCONTEXT, true)).toBe(0x1234n);          // sc_regs.pc
    expect(v.getBigUint64(UC_OFFSET + UC_MCONTEXT + 8 * 10, true)).toBe(x[10]);  // sc_regs.a0
    expect(v.getUint32(UC_OFFSET + UC_MCONTEXT + 256 + 256, true)).toBe(0xe1);   // fcsr after f[32]
    const fake = { read: (va: number, len: number) => bytes.slice(va, va + len) } as unknown as UserMemory;
    const back = readUcontext(fake, UC_OFFSET);
    if (typeof back === 'number') throw new Error('unreadable');
    expect(back.ctx.pc).toBe(0x1234);
    expect(back.ctx.x.slice(1)).toEqual(x.slice(1));
    expect(back.ctx.f).toEqual(f);
    expect(back.mask).toBe(1n << 11n);
    expect(back.stack).toEqual({ sp: 0x5000, size: 8192, flags: 2 });
  });
});
