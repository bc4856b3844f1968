import type { StopReason } from '../../src/emu/trap';
import { Machine, ins, program } from './machine';

/** Code address used by single-instruction tests. */
export const CODE_VA = 0x10000;

const shared = new Machine(2 * 1024 * 1024);
shared.loadCode(CODE_VA, new Uint8Array(4096));

/**
 * Runs `instructions` (encoded bits) at CODE_VA with registers preset, followed by ecall, on a
 * shared machine. Returns the machine and the stop reason.
 */
export function exec(instructions: number[], regs: Record<number, bigint> = {}, budget = 100): { m: Machine; stop: StopReason } {
  const m = shared;
  const code = program([...instructions, ins('ecall')]);
  m.mem.writeBytes(m.pa(CODE_VA), code);
  for (let i = 1; i < 32; i++) m.hart.setX(i, regs[i] ?? 0n);
  m.hart.pc = CODE_VA;
  const stop = m.hart.run(budget);
  return { m, stop };
}

/** Value of register `r` after running one instruction with the given inputs. */
export function result(bits: number, regs: Record<number, bigint>, r: number): bigint {
  return exec([bits], regs).m.hart.getX(r);
}
