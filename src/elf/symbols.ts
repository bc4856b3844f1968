/**
 * Address-to-symbol and name-to-symbol lookups over an ELF symbol table
 * (gABI "Symbol Table"). Indices are built once per Elf64 and cached.
 */
import {
  SHN_ABS,
  SHN_COMMON,
  SHN_UNDEF,
  STB_GLOBAL,
  STB_WEAK,
  STT_FUNC,
  STT_GNU_IFUNC,
  STT_NOTYPE,
  STT_OBJECT,
} from './constants';
import type { Elf64, ElfSymbol, Section } from './types';

/** Where an address falls: `offset` bytes past the start of `symbol` (named `name`). */
export interface SymbolLocation {
  name: string;
  offset: number;
  symbol: ElfSymbol;
}

/** One candidate symbol covering [start, end) in virtual addresses. */
interface Entry {
  start: number;
  end: number;
  symbol: ElfSymbol;
}

/** A sorted tier of candidates with, per position, the largest `end` up to it. */
interface Tier {
  entries: Entry[];
  maxEnd: number[];
}

/**
 * Sorted index for symbolizing addresses. Two tiers are searched in order: functions
 * (STT_FUNC, STT_GNU_IFUNC), then STT_NOTYPE / STT_OBJECT as a fallback. A symbol with
 * st_size > 0 covers [st_value, st_value + st_size); one with size 0 covers from its
 * value up to the next candidate in its tier, never past the end of its section (the
 * "nearest preceding label" rule). Undefined, absolute, common, mapping ($x, $d) and
 * local-label (.L) symbols are ignored. When several symbols share a value, one sized,
 * global symbol is preferred. Build: O(n log n); lookup: O(log n) plus nested ranges.
 */
export class SymbolIndex {
  private readonly tiers: Tier[];

  constructor(symbols: readonly ElfSymbol[], sections: readonly Section[] = []) {
    const candidates = symbols.filter(isCandidate);
    const functions = candidates.filter((s) => s.type === STT_FUNC || s.type === STT_GNU_IFUNC);
    const others = candidates.filter((s) => s.type === STT_NOTYPE || s.type === STT_OBJECT);
    this.tiers = [buildTier(functions, sections), buildTier(others, sections)];
  }

  /** The symbol containing virtual address `addr`, or undefined when none does. */
  lookup(addr: number): SymbolLocation | undefined {
    for (const tier of this.tiers) {
      const entry = findInTier(tier, addr);
      if (entry) return { name: entry.symbol.name, offset: addr - entry.symbol.value, symbol: entry.symbol };
    }
    return undefined;
  }
}

function isCandidate(s: ElfSymbol): boolean {
  if (s.shndx === SHN_UNDEF || s.shndx === SHN_ABS || s.shndx === SHN_COMMON) return false;
  return s.name !== '' && !s.name.startsWith('$') && !s.name.startsWith('.L');
}

/** Higher is better when symbols share an address: sized, then global, then weak. */
function preference(s: ElfSymbol): number {
  const sized = s.size > 0 ? 4 : 0;
  const bind = s.bind === STB_GLOBAL ? 2 : s.bind === STB_WEAK ? 1 : 0;
  return sized + bind;
}

function buildTier(symbols: ElfSymbol[], sections: readonly Section[]): Tier {
  const sorted = [...symbols].sort((a, b) => a.value - b.value || preference(b) - preference(a));
  const unique = sorted.filter((s, i) => i === 0 || sorted[i - 1]!.value !== s.value);
  const entries = unique.map((symbol, i): Entry => {
    if (symbol.size > 0) return { start: symbol.value, end: symbol.value + symbol.size, symbol };
    const next = unique[i + 1]?.value ?? Number.MAX_SAFE_INTEGER;
    const section = sections[symbol.shndx];
    const sectionEnd = section && section.size > 0 ? section.addr + section.size : Number.MAX_SAFE_INTEGER;
    return { start: symbol.value, end: Math.min(next, sectionEnd), symbol };
  });
  const maxEnd: number[] = [];
  entries.forEach((e, i) => maxEnd.push(Math.max(e.end, i > 0 ? maxEnd[i - 1]! : 0)));
  return { entries, maxEnd };
}

/** Innermost entry containing addr: the last start <= addr, walking back over nesting. */
function findInTier(tier: Tier, addr: number): Entry | undefined {
  const { entries, maxEnd } = tier;
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.start <= addr) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo - 1; i >= 0 && maxEnd[i]! > addr; i--) {
    if (addr < entries[i]!.end) return entries[i];
  }
  return undefined;
}

const symbolIndexCache = new WeakMap<Elf64, SymbolIndex>();
const nameIndexCache = new WeakMap<Elf64, Map<string, ElfSymbol>>();

/** The cached SymbolIndex of an ELF file (built on first use). */
export function symbolIndex(elf: Elf64): SymbolIndex {
  let index = symbolIndexCache.get(elf);
  if (!index) {
    index = new SymbolIndex(elf.symbols, elf.sections);
    symbolIndexCache.set(elf, index);
  }
  return index;
}

/**
 * The function (else data/untyped) symbol containing virtual address `addr`, with the
 * byte offset of addr from its start; see SymbolIndex for the rules. Undefined if none.
 */
export function symbolize(elf: Elf64, addr: number): SymbolLocation | undefined {
  return symbolIndex(elf).lookup(addr);
}

/**
 * The defined symbol called `name` (exact match), preferring global over weak over local
 * bindings when several share the name. Undefined when no defined symbol has it.
 */
export function findSymbol(elf: Elf64, name: string): ElfSymbol | undefined {
  let byName = nameIndexCache.get(elf);
  if (!byName) {
    byName = new Map();
    for (const s of elf.symbols) {
      if (s.shndx === SHN_UNDEF || s.name === '') continue;
      const seen = byName.get(s.name);
      if (!seen || bindRank(s) > bindRank(seen)) byName.set(s.name, s);
    }
    nameIndexCache.set(elf, byName);
  }
  return byName.get(name);
}

function bindRank(s: ElfSymbol): number {
  return s.bind === STB_GLOBAL ? 2 : s.bind === STB_WEAK ? 1 : 0;
}
