import { PAGE_SIZE, PTE_A, PTE_D, PTE_R, PTE_V, PTE_W, pteFlags, ptePpn } from '../emu/sv39';
import type { AccessKind } from './api';
import { EFAULT } from './errno';
import type { FaultResult } from './fault';
import { isCanonicalSv39 } from '../emu/sv39';
import type { Mm } from './mm';

/**
 * Called when a user copy touches a page that is absent or not writable, exactly as a user
 * access would fault (Linux fixes such faults in copy_{from,to}_user through the same
 * handle_mm_fault). Returns the fault's outcome; anything but a mapped page ends the copy.
 */
export type UserFaultHandler = (va: number, access: AccessKind) => FaultResult;

/**
 * Kernel access to one address space's user memory (Linux copy_from_user / copy_to_user /
 * strncpy_from_user). Walks the Sv39 table in software, sets PTE_A (and PTE_D on writes) like
 * the MMU would, and takes page faults through `onFault`. Bad user pointers give -EFAULT, never
 * a host exception.
 */
export class UserMemory {
  /**
   * @param onWrite called before each page-sized piece of a `write` lands, with its user address
   *   and bytes (data watchpoints: src/kernel/watch.ts kernelWriteHook); undefined when nothing watches.
   */
  constructor(
    private readonly mm: Mm,
    private readonly onFault: UserFaultHandler,
    private readonly onWrite?: (va: number, data: Uint8Array) => void,
  ) {}

  /** Physical address backing user byte `va` for `access`, faulting it in; -EFAULT if impossible. */
  private physical(va: number, access: AccessKind): number {
    if (!isCanonicalSv39(va) || va < 0) return -EFAULT;
    const page = va - (va % PAGE_SIZE);
    const need = access === 'write' ? PTE_W : PTE_R;
    for (let attempt = 0; attempt < 2; attempt++) {
      const addr = this.mm.pt.pteAddress(page, false);
      const pte = addr === undefined ? 0n : this.mm.ctx.mem.read64(addr);
      const flags = pteFlags(pte);
      if ((flags & PTE_V) && (flags & need)) {
        const set = PTE_A | (access === 'write' ? PTE_D : 0);
        if ((flags & set) !== set) this.mm.ctx.mem.write64(addr!, pte | BigInt(set));
        return ptePpn(pte) * PAGE_SIZE + (va - page);
      }
      const r = this.onFault(va, access);
      if (r.decision === 'segv' || r.decision === 'oom') return -EFAULT;
    }
    return -EFAULT;
  }

  /** Copies `len` bytes from user `va`; returns them, or -EFAULT if any byte is inaccessible. */
  read(va: number, len: number): Uint8Array | number {
    const out = new Uint8Array(len);
    let done = 0;
    while (done < len) {
      const pa = this.physical(va + done, 'read');
      if (pa < 0) return pa;
      const n = Math.min(len - done, PAGE_SIZE - ((va + done) % PAGE_SIZE));
      out.set(this.mm.ctx.mem.readBytes(pa, n), done);
      done += n;
    }
    return out;
  }

  /** Copies `data` to user `va`; returns 0, or -EFAULT (bytes before the bad page are written, as on Linux). */
  write(va: number, data: Uint8Array): number {
    let done = 0;
    while (done < data.length) {
      const pa = this.physical(va + done, 'write');
      if (pa < 0) return pa;
      const n = Math.min(data.length - done, PAGE_SIZE - ((va + done) % PAGE_SIZE));
      if (this.onWrite !== undefined) this.onWrite(va + done, data.subarray(done, done + n));
      this.mm.ctx.mem.writeBytes(pa, data.subarray(done, done + n));
      done += n;
    }
    return 0;
  }

  /** Reads an unsigned 64-bit little-endian word at user `va`, or -EFAULT (as a number). */
  readU64(va: number): bigint | number {
    const b = this.read(va, 8);
    if (typeof b === 'number') return b;
    return new DataView(b.buffer).getBigUint64(0, true);
  }

  /** Writes a 64-bit little-endian word to user `va`; 0 or -EFAULT. */
  writeU64(va: number, v: bigint): number {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v), true);
    return this.write(va, b);
  }

  /** Writes a 32-bit little-endian integer to user `va`; 0 or -EFAULT. */
  writeU32(va: number, v: number): number {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v >>> 0, true);
    return this.write(va, b);
  }

  /**
   * Reads a NUL-terminated string of at most `max` bytes (excluding the NUL) from user `va`.
   * Returns the decoded UTF-8 text, -EFAULT for a bad pointer, or `undefined` when no NUL came
   * within `max` bytes (callers return -ENAMETOOLONG or -E2BIG).
   */
  readCString(va: number, max: number): string | number | undefined {
    const bytes: number[] = [];
    while (bytes.length <= max) {
      const pa = this.physical(va + bytes.length, 'read');
      if (pa < 0) return pa;
      const n = Math.min(max + 1 - bytes.length, PAGE_SIZE - ((va + bytes.length) % PAGE_SIZE));
      const chunk = this.mm.ctx.mem.readBytes(pa, n);
      const nul = chunk.indexOf(0);
      if (nul >= 0) {
        for (let i = 0; i < nul; i++) bytes.push(chunk[i]);
        return new TextDecoder().decode(new Uint8Array(bytes));
      }
      for (const c of chunk) bytes.push(c);
    }
    return undefined;
  }
}
