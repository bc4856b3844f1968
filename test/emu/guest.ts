import type { StopReason } from '../../src/emu/trap';
import { Exception } from '../../src/emu/trap';
import { PAGE_SIZE, PTE_A, PTE_D } from '../../src/emu/sv39';
import { Machine, USER_RWX, R } from './machine';

/**
 * A test-only runner for static riscv64 ELF programs (not the kernel's loader): maps PT_LOAD
 * segments RWX, gives a stack, and implements write(64) and exit(93/94) on ecall.
 */
export interface GuestRun { stdout: string; exitCode: number | undefined; stop: StopReason; instret: number }

const STACK_TOP = 0x3ffff000;
const STACK_PAGES = 16;
const SYS_WRITE = 64, SYS_EXIT = 93, SYS_EXIT_GROUP = 94;

export function loadElf(m: Machine, elf: Uint8Array): void {
  const dv = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  const entry = Number(dv.getBigUint64(24, true));
  const phoff = Number(dv.getBigUint64(32, true));
  const phentsize = dv.getUint16(54, true), phnum = dv.getUint16(56, true);
  for (let i = 0; i < phnum; i++) {
    const ph = phoff + i * phentsize;
    if (dv.getUint32(ph, true) !== 1) continue; // PT_LOAD
    const off = Number(dv.getBigUint64(ph + 8, true));
    const vaddr = Number(dv.getBigUint64(ph + 16, true));
    const filesz = Number(dv.getBigUint64(ph + 32, true));
    const memsz = Number(dv.getBigUint64(ph + 40, true));
    const first = vaddr - (vaddr % PAGE_SIZE);
    for (let va = first; va < vaddr + memsz; va += PAGE_SIZE) {
      try { m.pa(va); if (m.pteFlagsAt(va) !== 0) continue; } catch { /* unmapped */ }
      m.map(va, USER_RWX | PTE_A | PTE_D);
    }
    for (let j = 0; j < filesz; j++) m.mem.write8(m.pa(vaddr + j), elf[off + j]);
  }
  for (let p = 1; p <= STACK_PAGES; p++) m.map(STACK_TOP - p * PAGE_SIZE, USER_RWX);
  m.hart.setX(R.sp, BigInt(STACK_TOP - 64));
  m.hart.pc = entry;
}

export function runGuest(m: Machine, maxInstructions = 1e9): GuestRun {
  let stdout = '';
  const h = m.hart;
  for (;;) {
    const stop = h.run(maxInstructions - h.instret);
    if (stop.kind !== 'trap' || stop.scause !== Exception.EnvironmentCallFromUMode) {
      return { stdout, exitCode: undefined, stop, instret: h.instret };
    }
    const nr = Number(h.getX(R.a7));
    if (nr === SYS_EXIT || nr === SYS_EXIT_GROUP) return { stdout, exitCode: Number(h.getX(R.a0) & 0xffn), stop, instret: h.instret };
    if (nr === SYS_WRITE) {
      const buf = Number(h.getX(R.a1)), len = Number(h.getX(R.a2));
      for (let i = 0; i < len; i++) stdout += String.fromCharCode(m.mem.read8(m.pa(buf + i)));
      h.setX(R.a0, BigInt(len));
    } else {
      h.setX(R.a0, -38n); // -ENOSYS
    }
    h.pc = stop.sepc + 4;
  }
}
