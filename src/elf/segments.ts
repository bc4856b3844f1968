/**
 * Segment checks and accessors (gABI "Program Header", "Program Loading").
 */
import { PT_LOAD } from './constants';
import { fits } from './reader';
import type { Elf64, ProgramHeader } from './types';

/**
 * Checks the program headers of a file of `fileSize` bytes. Returns an error message, or
 * undefined when they are acceptable:
 * - every segment's file bytes [offset, offset + filesz) lie inside the file;
 * - every segment's memory range [vaddr, vaddr + memsz) ends below 2^53;
 * - PT_LOAD: filesz <= memsz, p_align is 0 or a power of two and vaddr ≡ offset
 *   (mod p_align) as the gABI requires, and no two PT_LOAD memory ranges overlap.
 */
export function validateSegments(headers: ProgramHeader[], fileSize: number): string | undefined {
  for (const [i, ph] of headers.entries()) {
    if (ph.filesz > 0 && !fits(fileSize, ph.offset, ph.filesz)) {
      return `segment ${i} lies outside the file`;
    }
    if (!Number.isSafeInteger(ph.vaddr + ph.memsz)) return `segment ${i} ends beyond 2^53`;
    if (ph.type !== PT_LOAD) continue;
    if (ph.filesz > ph.memsz) return `loadable segment ${i} has p_filesz > p_memsz`;
    if (ph.align > 1) {
      if (!isPowerOfTwo(ph.align)) return `loadable segment ${i} has p_align that is not a power of two`;
      if (ph.vaddr % ph.align !== ph.offset % ph.align) {
        return `loadable segment ${i} has p_vaddr and p_offset not congruent modulo p_align`;
      }
    }
  }
  return findOverlap(headers.filter((ph) => ph.type === PT_LOAD && ph.memsz > 0));
}

function findOverlap(loads: ProgramHeader[]): string | undefined {
  const sorted = [...loads].sort((a, b) => a.vaddr - b.vaddr);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const next = sorted[i]!;
    if (next.vaddr < prev.vaddr + prev.memsz) {
      return `loadable segments at 0x${prev.vaddr.toString(16)} and 0x${next.vaddr.toString(16)} overlap`;
    }
  }
  return undefined;
}

function isPowerOfTwo(n: number): boolean {
  // Values may exceed 2^32, so no 32-bit bit tricks.
  let rest = n;
  while (rest > 1 && rest % 2 === 0) rest /= 2;
  return rest === 1;
}

/** The PT_LOAD headers in ascending p_vaddr order (the order the gABI requires). */
export function loadSegments(elf: Elf64): ProgramHeader[] {
  return elf.programHeaders.filter((ph) => ph.type === PT_LOAD).sort((a, b) => a.vaddr - b.vaddr);
}

/**
 * The file bytes of a segment, [p_offset, p_offset + p_filesz), as a view into elf.bytes
 * (not a copy). The loader zero-fills the remaining p_memsz - p_filesz bytes itself.
 */
export function segmentBytes(elf: Elf64, ph: ProgramHeader): Uint8Array {
  return elf.bytes.subarray(ph.offset, ph.offset + ph.filesz);
}
