import type { Elf64 } from '../elf';
import type { PhysicalMemory } from '../emu/memory';
import { PAGE_SIZE } from '../emu/sv39';
import type { FrameAllocator } from './frames';
import type { FrameSource } from './pagetable';
import type { FileBacking, PageCacheHooks } from './vfs/backing';

/**
 * The cached pages of one file (Linux address_space): page index -> frame. The cache holds one
 * reference on each frame; every PTE mapping a cached page holds another. `dirty` lists the
 * pages a shared writable mapping has written (or may still write): they are written back to
 * the file at munmap, msync and when the last mapping goes.
 */
export class CachedFile {
  readonly pages = new Map<number, number>();
  readonly dirty = new Set<number>();
  /** VMAs (pieces of mappings, in every address space) that map this file. */
  mappings = 0;
  /** Every FileBacking object seen for this inode (each gets the hooks). */
  readonly backings = new Set<FileBacking>();
  /**
   * The file's ELF headers as execve parsed them from the stored bytes, for the next execve of
   * the file while it stays mapped (a chain of execs, a shell running one program again). Any
   * change to the stored bytes drops it: write(2), truncate(2), write-back of a shared mapping.
   */
  elf?: Elf64;

  constructor(readonly ino: number) {}
}

/**
 * The page cache: one copy of each file page that any mapping uses, keyed by inode number and
 * page index, so every shared mapping of a file sees the same bytes and read(2)/write(2) see
 * them too (through PageCacheHooks, which the VFS calls on every read, write and truncate).
 *
 * Lifetime (what keeps "frames in use after every exit == at boot" true): a file's cached pages
 * live while at least one VMA maps the file. When the last such VMA goes (munmap, exit, exec),
 * dirty pages are written back with FileBacking.writeAt and every frame reference the cache
 * holds is dropped; the VFS's own copy of the file is then up to date, so nothing is lost.
 * Open file descriptors do not keep pages cached: read(2) reads the VFS copy directly.
 */
export class PageCache {
  private readonly files = new Map<number, CachedFile>();

  constructor(private readonly mem: PhysicalMemory, private readonly frames: FrameAllocator) {}

  /** One more VMA maps `backing` (mmap, a split piece, fork's copy). Attaches the VFS hooks. */
  attach(backing: FileBacking): void {
    let f = this.files.get(backing.ino);
    if (!f) { f = new CachedFile(backing.ino); this.files.set(backing.ino, f); }
    f.mappings++;
    if (!f.backings.has(backing)) {
      f.backings.add(backing);
      backing.cache = this.hooks(f);
    }
  }

  /**
   * One VMA mapping `backing` went away. The last one writes dirty pages back, drops the
   * cache's frame references and detaches the hooks.
   */
  detach(backing: FileBacking): void {
    const f = this.files.get(backing.ino);
    if (!f || --f.mappings > 0) return;
    this.writeback(backing);
    for (const ppn of f.pages.values()) this.frames.put(ppn);
    f.pages.clear();
    for (const b of f.backings) b.cache = undefined;
    this.files.delete(backing.ino);
  }

  /**
   * The frame caching page `index` of `backing` (bytes [index*PAGE_SIZE, +PAGE_SIZE) of the
   * file, zeros past its end), read from the file on first use into a frame from `alloc`.
   * The caller takes its own reference (frames.get) for a mapping. `fresh` tells whether the
   * file was read (a major fault) or the page was already cached (minor). Undefined when no
   * frame is available. The file must be attached.
   */
  page(backing: FileBacking, index: number, alloc: FrameSource): { ppn: number; fresh: boolean } | undefined {
    const f = this.files.get(backing.ino);
    if (!f) return undefined;
    const cached = f.pages.get(index);
    if (cached !== undefined) return { ppn: cached, fresh: false };
    const ppn = alloc();
    if (ppn === undefined) return undefined;
    const bytes = backing.readAt(index * PAGE_SIZE, PAGE_SIZE);
    this.mem.writeBytes(ppn * PAGE_SIZE, bytes.subarray(0, PAGE_SIZE));
    f.pages.set(index, ppn);
    return { ppn, fresh: true };
  }

  /** The frame caching page `index` of `backing`, if cached; never reads or allocates (inspection). */
  cachedPage(backing: FileBacking, index: number): number | undefined {
    return this.files.get(backing.ino)?.pages.get(index);
  }

  /** The ELF headers remembered for `backing` (see CachedFile.elf), if it is mapped and unchanged since. */
  parsedElf(backing: FileBacking): Elf64 | undefined {
    const elf = this.files.get(backing.ino)?.elf;
    return elf && elf.bytes.length === backing.size() ? elf : undefined;
  }

  /** Remembers `elf`, parsed from the current bytes of the mapped file `backing`, for the next execve. */
  rememberElf(backing: FileBacking, elf: Elf64): void {
    const f = this.files.get(backing.ino);
    if (f) f.elf = elf;
  }

  /** Records that page `index` of `backing` is mapped writable by a shared mapping. */
  markDirty(backing: FileBacking, index: number): void {
    this.files.get(backing.ino)?.dirty.add(index);
  }

  /**
   * Writes the dirty pages of `backing` back to the file (msync(2), munmap, exit), never past
   * the file's current size (a mapping cannot extend a file). Pages stay marked: a writable PTE
   * may still change them, and writing a page twice is harmless.
   */
  writeback(backing: FileBacking): void {
    const f = this.files.get(backing.ino);
    if (!f) return;
    const size = backing.size();
    for (const index of [...f.dirty].sort((a, b) => a - b)) {
      const ppn = f.pages.get(index);
      const off = index * PAGE_SIZE;
      const n = Math.min(PAGE_SIZE, size - off);
      if (ppn === undefined || n <= 0) continue;
      backing.writeAt(off, this.mem.readBytes(ppn * PAGE_SIZE, n));
      f.elf = undefined;
    }
  }

  /** Frames the cache holds (for statistics and tests). */
  get residentPages(): number {
    let n = 0;
    for (const f of this.files.values()) n += f.pages.size;
    return n;
  }

  /** Every cached file (read-only use: the debugger's frame map, inspect-frames.ts). */
  cachedFiles(): IterableIterator<CachedFile> {
    return this.files.values();
  }

  /** The cache entry of inode `ino`, if any file with it is mapped (read-only use: tests, /proc). */
  file(ino: number): CachedFile | undefined {
    return this.files.get(ino);
  }

  /** The hooks the VFS calls so read/write/truncate and the mappings see one copy. */
  private hooks(f: CachedFile): PageCacheHooks {
    const each = (offset: number, len: number, fn: (ppn: number, pageOff: number, bufOff: number, n: number) => void): void => {
      let done = 0;
      while (done < len) {
        const pos = offset + done;
        const index = Math.floor(pos / PAGE_SIZE);
        const pageOff = pos - index * PAGE_SIZE;
        const n = Math.min(len - done, PAGE_SIZE - pageOff);
        const ppn = f.pages.get(index);
        if (ppn !== undefined) fn(ppn, pageOff, done, n);
        done += n;
      }
    };
    return {
      overlay: (offset, out) => each(offset, out.length, (ppn, po, bo, n) => out.set(this.mem.readBytes(ppn * PAGE_SIZE + po, n), bo)),
      writeThrough: (offset, data) => {
        f.elf = undefined;
        each(offset, data.length, (ppn, po, bo, n) => this.mem.writeBytes(ppn * PAGE_SIZE + po, data.subarray(bo, bo + n)));
      },
      truncate: (size) => {
        f.elf = undefined;
        for (const [index, ppn] of f.pages) {
          const from = Math.max(0, size - index * PAGE_SIZE);
          if (from < PAGE_SIZE) this.mem.fill(ppn * PAGE_SIZE + from, PAGE_SIZE - from, 0);
        }
      },
    };
  }
}
