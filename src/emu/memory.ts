import { PAGE_SHIFT, PAGE_SIZE } from './sv39';

/**
 * Something cached per physical page from that page's bytes (pre-decoded instructions).
 * When the page is written, `valid` is set to false and the cache entry is dropped.
 */
export interface CodePage {
  valid: boolean;
}

/** Largest RAM size in bytes (1 GiB): physical addresses stay int32 in the hart's fast paths. */
export const MAX_PHYSICAL_MEMORY = 2 ** 30;

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The machine's RAM: one ArrayBuffer addressed by physical address (a JavaScript number,
 * bytes from 0). Little-endian, as RISC-V is.
 *
 * All accessors throw RangeError for an address range outside [0, size): a physical address
 * is only ever produced by the kernel or by a page table the kernel built, so an out-of-range
 * one is a bug on the host side. (The MMU checks ranges itself and reports an access fault to
 * the guest instead.)
 *
 * Decoded-code coherence: pages from which the hart has pre-decoded instructions are marked in
 * `codeMark`; every write through these methods and every guest store to a marked page drops
 * the page's decoded code (`invalidateCode`), so self-modifying code and exec/loading always
 * execute what memory holds. Unmarked pages cost one byte compare per store.
 */
export class PhysicalMemory {
  /** Size in bytes (a multiple of PAGE_SIZE). */
  readonly size: number;
  /** Number of physical pages (size / PAGE_SIZE). */
  readonly pageCount: number;
  /** The raw bytes. The hart reads and writes these views directly in its hot loop. */
  readonly u8: Uint8Array;
  readonly u16: Uint16Array;
  readonly i32: Int32Array;
  private readonly view: DataView;
  /** 1 for each physical page that has decoded code cached in `codePages`. */
  readonly codeMark: Uint8Array;
  /** Decoded code per physical page number (sparse). Owned by the execution engine. */
  readonly codePages: (CodePage | undefined)[];

  /**
   * @param sizeBytes RAM size in bytes, a positive multiple of PAGE_SIZE (4096), at most
   *   MAX_PHYSICAL_MEMORY (1 GiB).
   * @throws RangeError when the size is not a positive multiple of PAGE_SIZE or too large; Error on a
   *   big-endian host (the typed-array fast paths assume little-endian, as every JS host is).
   */
  constructor(sizeBytes: number) {
    if (!Number.isInteger(sizeBytes) || sizeBytes <= 0 || sizeBytes % PAGE_SIZE !== 0 || sizeBytes > MAX_PHYSICAL_MEMORY) {
      throw new RangeError(`physical memory size ${sizeBytes} is not a positive multiple of ${PAGE_SIZE} up to ${MAX_PHYSICAL_MEMORY}`);
    }
    if (!LITTLE_ENDIAN_HOST) throw new Error('PhysicalMemory requires a little-endian host');
    const buffer = new ArrayBuffer(sizeBytes);
    this.size = sizeBytes;
    this.pageCount = sizeBytes / PAGE_SIZE;
    this.u8 = new Uint8Array(buffer);
    this.u16 = new Uint16Array(buffer);
    this.i32 = new Int32Array(buffer);
    this.view = new DataView(buffer);
    this.codeMark = new Uint8Array(this.pageCount);
    this.codePages = new Array(this.pageCount);
  }

  /** Throws RangeError unless [pa, pa+len) lies inside memory. */
  private check(pa: number, len: number): void {
    if (!Number.isInteger(pa) || pa < 0 || !(len >= 0) || pa + len > this.size) {
      throw new RangeError(`physical range 0x${pa.toString(16)}+${len} outside RAM of ${this.size} bytes`);
    }
  }

  /** Drops decoded code of every page touched by [pa, pa+len) (len > 0). */
  private touched(pa: number, len: number): void {
    const last = (pa + len - 1) >>> PAGE_SHIFT;
    for (let page = pa >>> PAGE_SHIFT; page <= last; page++) {
      if (this.codeMark[page] !== 0) this.invalidateCode(page);
    }
  }

  /** Drops the decoded code cached for physical page `ppn` (page number, not address). */
  invalidateCode(ppn: number): void {
    const cached = this.codePages[ppn];
    if (cached !== undefined) cached.valid = false;
    this.codePages[ppn] = undefined;
    this.codeMark[ppn] = 0;
  }

  /** Unsigned byte at `pa`. */
  read8(pa: number): number {
    this.check(pa, 1);
    return this.u8[pa];
  }

  /** Unsigned little-endian 16-bit value at `pa` (any alignment). */
  read16(pa: number): number {
    this.check(pa, 2);
    return this.view.getUint16(pa, true);
  }

  /** Unsigned little-endian 32-bit value at `pa` (any alignment). */
  read32(pa: number): number {
    this.check(pa, 4);
    return this.view.getUint32(pa, true);
  }

  /** Unsigned little-endian 64-bit value at `pa` (any alignment). */
  read64(pa: number): bigint {
    this.check(pa, 8);
    return this.view.getBigUint64(pa, true);
  }

  /** Stores the low 8 bits of `v` at `pa`. */
  write8(pa: number, v: number): void {
    this.check(pa, 1);
    this.u8[pa] = v;
    this.touched(pa, 1);
  }

  /** Stores the low 16 bits of `v` little-endian at `pa`. */
  write16(pa: number, v: number): void {
    this.check(pa, 2);
    this.view.setUint16(pa, v & 0xffff, true);
    this.touched(pa, 2);
  }

  /** Stores the low 32 bits of `v` little-endian at `pa`. */
  write32(pa: number, v: number): void {
    this.check(pa, 4);
    this.view.setUint32(pa, v >>> 0, true);
    this.touched(pa, 4);
  }

  /** Stores the low 64 bits of `v` (two's complement for negative values) little-endian at `pa`. */
  write64(pa: number, v: bigint): void {
    this.check(pa, 8);
    this.view.setBigUint64(pa, BigInt.asUintN(64, v), true);
    this.touched(pa, 8);
  }

  /** A copy of the `len` bytes at `pa`. */
  readBytes(pa: number, len: number): Uint8Array {
    this.check(pa, len);
    return this.u8.slice(pa, pa + len);
  }

  /** Copies `data` to `pa`. */
  writeBytes(pa: number, data: Uint8Array): void {
    this.check(pa, data.length);
    if (data.length === 0) return;
    this.u8.set(data, pa);
    this.touched(pa, data.length);
  }

  /** Sets `len` bytes at `pa` to `value` (default 0, low 8 bits used). */
  fill(pa: number, len: number, value = 0): void {
    this.check(pa, len);
    if (len === 0) return;
    this.u8.fill(value & 0xff, pa, pa + len);
    this.touched(pa, len);
  }

  /** Copies `len` bytes from `srcPa` to `dstPa` (ranges may overlap, like memmove). */
  copy(dstPa: number, srcPa: number, len: number): void {
    this.check(srcPa, len);
    this.check(dstPa, len);
    if (len === 0) return;
    this.u8.copyWithin(dstPa, srcPa, srcPa + len);
    this.touched(dstPa, len);
  }
}
