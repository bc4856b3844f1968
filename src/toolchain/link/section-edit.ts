/**
 * Removing bytes from an input section before layout, as GNU ld does when it deletes
 * R_RISCV_ALIGN padding or merges duplicate .eh_frame CIEs: the later bytes move down, and so
 * do the relocations and the object's symbols that point past the cut.
 */
import { STT_SECTION } from '../../elf/constants';
import type { InputSection } from './model';

/**
 * Removes `count` bytes at offset `at` from `section` (which must have contents). Relocations
 * inside the removed range are dropped; later ones move down. Symbols of the object defined in
 * the section after `at` move down; a symbol spanning `at` shrinks.
 */
export function deleteBytes(section: InputSection, at: number, count: number): void {
  const data = section.data!;
  const end = section.size;
  data.copyWithin(at, at + count, end);
  section.data = data.slice(0, end - count);
  section.size = end - count;
  section.relocations = section.relocations.filter((r) => r.offset < at || r.offset >= at + count);
  for (const r of section.relocations) if (r.offset > at && r.offset < end) r.offset -= count;
  const from = BigInt(at);
  const to = BigInt(end);
  for (const sym of section.object.symbols) {
    if (sym.shndx !== section.index || sym.type === STT_SECTION) continue;
    if (sym.value > from && sym.value <= to) sym.value -= BigInt(count);
    else if (sym.value <= from && sym.value + BigInt(sym.size) > from) sym.size = Math.max(0, sym.size - count);
  }
}
