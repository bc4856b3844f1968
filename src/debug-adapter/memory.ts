/**
 * DAP readMemory and writeMemory over guest virtual memory, page by page: reads go through the
 * kernel's side-effect-free accessor and stop at the first unmapped page (DAP
 * `unreadableBytes`); writes stop at the first page the process may not write.
 */
import { PAGE_SIZE } from '../emu/sv39';

/** Largest read served in one request (bytes); larger counts are truncated. */
export const MAX_READ_BYTES = 1 << 20;

/** Result of a read: the readable prefix and how many requested bytes follow it unread. */
export interface MemoryRead {
  data: Uint8Array;
  unreadableBytes: number;
}

/**
 * Reads `count` bytes at virtual `address` with `read(va, len)` (undefined = unmapped).
 * Never reads across a page boundary in one call, so a partly mapped range yields its
 * mapped prefix.
 */
export function readGuestMemory(read: (va: number, len: number) => Uint8Array | undefined, address: number, count: number): MemoryRead {
  const total = Math.min(Math.max(0, Math.floor(count)), MAX_READ_BYTES);
  const out = new Uint8Array(total);
  let done = 0;
  while (done < total) {
    const va = address + done;
    const len = Math.min(total - done, PAGE_SIZE - (va % PAGE_SIZE));
    const bytes = read(va, len);
    if (!bytes || bytes.length < len) break;
    out.set(bytes, done);
    done += len;
  }
  return { data: out.subarray(0, done), unreadableBytes: total - done };
}

/**
 * Writes `data` at virtual `address` page by page with `write(va, bytes)` (false = refused:
 * unmapped or read-only). Returns the bytes written: all of them, or with `allowPartial` the
 * prefix before the first refused page; undefined when nothing may be written.
 */
export function writeGuestMemory(write: (va: number, bytes: Uint8Array) => boolean, address: number, data: Uint8Array, allowPartial: boolean): number | undefined {
  let done = 0;
  while (done < data.length) {
    const va = address + done;
    const len = Math.min(data.length - done, PAGE_SIZE - (va % PAGE_SIZE));
    if (!write(va, data.subarray(done, done + len))) break;
    done += len;
  }
  if (done === data.length || (allowPartial && done > 0)) return done;
  return undefined;
}
