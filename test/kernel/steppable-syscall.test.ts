/**
 * A syscall steps as one unit (issue 10, kernel side): with RunControl.kernelStep on the thread
 * making it, the syscall pauses at `syscall.enter` (before its handler: number, name, the raw
 * arguments) and at `syscall.return` (after it: the result), in a kernel frame `sys_<name>` at
 * the pause line of src/kernel/syscall/dispatch.ts; a step (stepTid) from the return pause ends
 * back in user mode just past the ecall with a0 = the result. An unwatched run is unchanged.
 */
import { describe, expect, it } from 'vitest';
import type { Kernel } from '../../src/kernel/kernel';
import { pauseSite } from '../../src/kernel/steps/lines';
import { BUDGET, boot, expected, finish, runUntil, type Stopped } from './steppable-harness';

const DISPATCH_TS = 'src/kernel/syscall/dispatch.ts';
/** Linux riscv64 __NR_write (asm-generic/unistd.h). */
const NR_WRITE = 64;
/** Bytes of an `ecall` (a 32-bit instruction). */
const ECALL_BYTES = 4;
/** a0 (x10) in the register snapshot. */
const REG_A0 = 10;
const HELLO_STDOUT = expected('hello').stdout;
const FIRST_LINE = 'Hello from Glasskernel!\n';

/** Syscall pauses (syscall.enter, syscall.return): what `finish` counts here. */
const syscallPauses = { count: (s: Stopped) => s.pause.id.startsWith('syscall.') };

/** Runs thread `tid` kernel-stepped to the first pause of a write syscall. */
function toWrite(k: Kernel, tid: number): Stopped {
  return runUntil(k, { kernelStep: { tid } }, (s) => s.pause.values.nr === NR_WRITE, 'write');
}

describe('stepping a syscall as one unit', () => {
  it('pauses before and after the write handler in sys_write, then returns past the ecall with a0 = result', () => {
    const { k, pid, out } = boot('hello');
    const tid = pid;
    const enter = toWrite(k, tid);
    const site = pauseSite('syscall.enter');
    expect(site.file).toBe(DISPATCH_TS);
    expect(enter).toMatchObject({ tid, depth: 1, pause: { id: 'syscall.enter', stage: 'sys_write', file: DISPATCH_TS, line: site.line } });
    expect(enter.pause.frames).toEqual([{ fn: 'sys_write', file: DISPATCH_TS, line: site.line }]);
    const v = enter.pause.values;
    expect(v).toMatchObject({ pid, tid, nr: NR_WRITE, syscall: 'write' });
    expect(v.args).toHaveLength(6);
    expect(v.args![0]).toBe(1n);
    expect(v.args![2]).toBe(BigInt(FIRST_LINE.length));
    // The handler has not run: nothing printed yet, and the thread sits on its ecall.
    expect(out()).toBe('');
    const ecall = k.registers(tid)!.pc;

    const ret = k.run(BUDGET, { stepTid: tid, kernelStep: { tid } });
    expect(ret).toMatchObject({ kind: 'kernel', tid, depth: 1, pause: { id: 'syscall.return', stage: 'sys_write', line: pauseSite('syscall.return').line } });
    if (ret.kind !== 'kernel') return;
    expect(ret.pause.values).toMatchObject({ syscall: 'write', result: FIRST_LINE.length });
    expect(ret.pause.values.blocked).toBeUndefined();
    expect(out()).toBe(FIRST_LINE);
    // a0 is written when the call completes, after the return pause.
    expect(k.registers(tid)!.pc).toBe(ecall);

    const back = k.run(BUDGET, { stepTid: tid, kernelStep: { tid } });
    expect(back).toEqual({ kind: 'step', tid });
    const regs = k.registers(tid)!;
    expect(regs.pc).toBe(ecall + ECALL_BYTES);
    expect(regs.x[REG_A0]).toBe(BigInt(FIRST_LINE.length));

    expect(finish(k).status).toBe(0);
    expect(out()).toBe(HELLO_STDOUT);
  });

  it('a run paused at every syscall makes the same syscalls, output and instruction count as an unwatched one', () => {
    const runs = [false, true].map((watched) => {
      const { k, pid, out } = boot('hello');
      const calls: string[] = [];
      k.on('syscall', (e) => { calls.push(`${e.name}=${e.result}`); });
      const { status, pauses: kernelStops } = finish(k, watched ? { kernelStep: { tid: pid } } : {}, syscallPauses);
      return { status, kernelStops, calls, out: out(), instructions: k.hart.instret };
    });
    const [plain, stepped] = runs;
    expect(plain.kernelStops).toBe(0);
    // Two pauses per syscall with a `syscall` event; exit_group has none, and only its entry pause (its thread dies in it).
    expect(stepped.kernelStops).toBe(2 * stepped.calls.length + 1);
    expect(stepped.calls).toEqual(plain.calls);
    expect(stepped.out).toBe(HELLO_STDOUT);
    expect(plain.out).toBe(HELLO_STDOUT);
    expect(stepped.status).toBe(0);
    expect(stepped.instructions).toBe(plain.instructions);
  });
});
