/**
 * String merging for SHF_MERGE | SHF_STRINGS sections (gABI "Sections"; GNU ld merges them by
 * default): every NUL-terminated string of the sections an output section gathers is kept
 * once, and a string that ends another one ("world" in "hello world") is kept as that one's
 * tail. This makes .debug_str, and hand-written `.section .rodata.str1.1,"aMS",@progbits,1`
 * data, the same bytes GNU ld writes.
 *
 * As in ld, each kept string stays in the input section where it first appeared (in link
 * order), so a later section can end up empty; strings are compared from their last byte
 * backwards to find tails. Every symbol value and relocation addend that pointed into a
 * merged section is redirected to where its string went (addressIn).
 *
 * Only byte-aligned sections with 1-byte entries are merged (what assemblers emit for
 * strings); others are linked as they are.
 */
import { SHF_MERGE, SHF_STRINGS, SHT_NOBITS } from '../../elf/constants';
import type { InputSection, OutputSection } from './model';

/** One distinct string of a merge group. */
interface Entry {
  text: Uint8Array;
  /** The input section it first appeared in, where it is kept (unless it is another's tail). */
  home: InputSection;
  /** Offset in `home` once positions are assigned. */
  offset: number;
  /** The kept string this one is the tail of. */
  tailOf?: Entry;
}

/** Where the strings of a merged input section went: its string starts in order, and each one's entry. */
export interface MergedStrings {
  starts: number[];
  entries: Entry[];
  /** Size of the section before merging. */
  originalSize: number;
}

const NUL = 0;

/** Merges the string sections of every output section (see the file comment). */
export function mergeStringSections(outputs: readonly OutputSection[]): void {
  for (const output of outputs) {
    const group = output.inputs.filter(isMergeable);
    if (group.length > 0) mergeGroup(group);
  }
}

function isMergeable(s: InputSection): boolean {
  const strings = (s.flags & (SHF_MERGE | SHF_STRINGS)) === (SHF_MERGE | SHF_STRINGS);
  if (!strings || s.type === SHT_NOBITS || !s.data || s.entsize !== 1 || s.align !== 1) return false;
  return s.data.length === 0 || s.data[s.data.length - 1] === NUL;
}

function mergeGroup(group: readonly InputSection[]): void {
  const byText = new Map<string, Entry>();
  const order: Entry[] = [];
  const parsed = new Map<InputSection, MergedStrings>();
  for (const section of group) {
    const starts: number[] = [];
    const entries: Entry[] = [];
    const data = section.data!;
    for (let at = 0; at < data.length;) {
      const end = data.indexOf(NUL, at);
      const text = data.subarray(at, end);
      const key = latin1(text);
      let entry = byText.get(key);
      if (!entry) {
        entry = { text, home: section, offset: 0 };
        byText.set(key, entry);
        order.push(entry);
      }
      starts.push(at);
      entries.push(entry);
      at = end + 1;
    }
    parsed.set(section, { starts, entries, originalSize: data.length });
  }
  findTails(order);
  assignOffsets(group, order);
  for (const [section, strings] of parsed) section.merged = strings;
}

/** Marks each string that ends a longer kept one, comparing the strings from their last byte backwards. */
function findTails(order: readonly Entry[]): void {
  const sorted = [...order].sort((a, b) => compareReversed(a.text, b.text));
  let host = sorted[sorted.length - 1];
  for (let i = sorted.length - 2; i >= 0; i--) {
    const candidate = sorted[i]!;
    if (host && endsWith(host.text, candidate.text)) candidate.tailOf = host;
    else host = candidate;
  }
}

function compareReversed(a: Uint8Array, b: Uint8Array): number {
  for (let i = 1; i <= Math.min(a.length, b.length); i++) {
    const d = a[a.length - i]! - b[b.length - i]!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

function endsWith(long: Uint8Array, short: Uint8Array): boolean {
  if (short.length > long.length) return false;
  for (let i = 1; i <= short.length; i++) if (long[long.length - i] !== short[short.length - i]) return false;
  return true;
}

/** Lays the kept strings out in their home sections (in first-seen order) and rebuilds those sections' bytes. */
function assignOffsets(group: readonly InputSection[], order: readonly Entry[]): void {
  const sizes = new Map<InputSection, number>(group.map((s) => [s, 0]));
  for (const e of order) {
    if (e.tailOf) continue;
    e.offset = sizes.get(e.home)!;
    sizes.set(e.home, e.offset + e.text.length + 1);
  }
  for (const s of group) {
    s.data = new Uint8Array(sizes.get(s)!);
    s.size = s.data.length;
  }
  for (const e of order) {
    if (e.tailOf) continue;
    e.home.data!.set(e.text, e.offset);
  }
  for (const e of order) {
    let host = e.tailOf;
    while (host?.tailOf) host = host.tailOf;
    if (!host) continue;
    e.home = host.home;
    e.offset = host.offset + host.text.length - e.text.length;
  }
}

/**
 * The final address of byte `offset` of `section`: its address plus the offset, or for a
 * merged string section, where that byte's string went (ld: the string containing the offset
 * is found by looking back to the previous NUL). Layout must be done.
 */
export function addressIn(section: InputSection, offset: bigint): bigint {
  const m = section.merged;
  if (!m) return BigInt(section.address) + offset;
  if (offset < 0n || offset >= BigInt(m.originalSize)) return BigInt(section.address + section.size) + (offset < 0n ? offset : 0n);
  const at = Number(offset);
  let lo = 0;
  let hi = m.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (m.starts[mid]! <= at) lo = mid;
    else hi = mid - 1;
  }
  const entry = m.entries[lo]!;
  return BigInt(entry.home.address + entry.offset + (at - m.starts[lo]!));
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}
