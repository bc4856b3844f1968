/**
 * The symbol table of one assembly: labels (a section, fragment and offset), assignments
 * (`.equ`/`.set`: a value), and undefined names left to the linker. Numeric local labels
 * (GNU as manual, "Local Symbol Names") are stored under GNU's internal names `.L<n>\x02<k>`,
 * the k-th definition of `<n>:`, which is also how they appear in the ELF symbol table.
 */
import type { DataFrag, Frag, Section } from './sections';
import type { SourceRange } from './types';
import type { Value } from './eval';

/** Separates a numeric local label's number from its instance count (GNU: LOCAL_LABEL_CHAR \002). */
export const LOCAL_LABEL_SEPARATOR = '\x02';
/** Name GNU as gives the labels it creates for %pcrel_lo of la/lla and friends. */
export const FAKE_LABEL_NAME = '.L0 ';

/** One symbol. */
export class Sym {
  kind: 'label' | 'equ' | 'undefined' = 'undefined';
  /** Labels: where. */
  section?: Section;
  frag?: Frag;
  offset = 0;
  /** Assignments: the value (constant, or symbol + addend). */
  value?: Value;
  global = false;
  /** `.local` or `.weak` seen. */
  weak = false;
  /** ELF symbol type from `.type` (STT_FUNC, STT_OBJECT, ...). */
  elfType?: number;
  /** `.size` value, resolved after layout. */
  size?: Value;
  /** Created by the assembler (fake labels, `.`): never listed for navigation. */
  internal = false;
  /** A relocation names it: it goes into .symtab even when local `.L`. */
  usedInReloc = false;
  /** A reference was seen (undefined ones go into .symtab as globals, as GNU as does). */
  referenced = false;
  definition?: SourceRange;
  readonly references: SourceRange[] = [];
  /** For a mapping symbol ($x, $d): its name in .symtab (GNU as RISC-V mapping symbols). */
  mappingName?: string;
  /** Symbol visibility from .hidden/.protected/.internal (STV_*). */
  visibility = 0;
  /** Index in the ELF symbol table (set by the writer). */
  elfIndex = 0;

  constructor(readonly name: string) {}

  get defined(): boolean {
    return this.kind !== 'undefined';
  }

  /** The label's section offset after layout. */
  address(): number {
    return (this.frag?.address ?? 0) + this.offset;
  }

  /** A local-label name (`.L...`), kept out of .symtab unless a relocation needs it. */
  get isLocalLabelName(): boolean {
    return this.name.startsWith('.L');
  }
}

/** Symbols by name, plus numeric local label bookkeeping. */
export class SymbolTable {
  readonly byName = new Map<string, Sym>();
  /** Internal symbols that have no unique name (fake labels). */
  readonly anonymous: Sym[] = [];
  private readonly localCounts = new Map<string, number>();

  get(name: string): Sym {
    let s = this.byName.get(name);
    if (s === undefined) {
      s = new Sym(name);
      this.byName.set(name, s);
    }
    return s;
  }

  /** Defines a label at the current end of `frag` in `section`. */
  defineLabel(s: Sym, section: Section, frag: DataFrag): void {
    s.kind = 'label';
    s.section = section;
    s.frag = frag;
    s.offset = frag.buf.length;
    s.value = undefined;
  }

  /** A fresh label at the current position, named as GNU's fake labels. */
  fakeLabel(section: Section, frag: DataFrag): Sym {
    const s = new Sym(FAKE_LABEL_NAME);
    s.internal = true;
    this.defineLabel(s, section, frag);
    this.anonymous.push(s);
    return s;
  }

  /** A fake label (`.L0 `) not yet placed: an instruction defines it when emitted. */
  newFake(): Sym {
    const s = new Sym(FAKE_LABEL_NAME);
    s.internal = true;
    this.anonymous.push(s);
    return s;
  }

  /** The symbol `n:` defines next (and increments the count). */
  defineLocal(n: bigint): Sym {
    const key = n.toString();
    const count = (this.localCounts.get(key) ?? 0) + 1;
    this.localCounts.set(key, count);
    return this.get(localName(key, count));
  }

  /** The symbol `nb` (latest definition; undefined when none yet) or `nf` (the next one) names. */
  localRef(n: bigint, direction: 'b' | 'f'): Sym | undefined {
    const key = n.toString();
    const count = this.localCounts.get(key) ?? 0;
    if (direction === 'b') return count === 0 ? undefined : this.get(localName(key, count));
    return this.get(localName(key, count + 1));
  }

  all(): Sym[] {
    return [...this.byName.values(), ...this.anonymous];
  }
}

function localName(n: string, count: number): string {
  return `.L${n}${LOCAL_LABEL_SEPARATOR}${count}`;
}

/** Most `.equ` aliases followed when resolving a symbol to a label. */
const MAX_ALIAS_DEPTH = 64;

/**
 * Where a symbol lives after layout: a label's section and offset, or for an `.equ` alias of a
 * label (`.equ x, y + 4`) the label's section and offset plus the addend; undefined otherwise.
 */
export function labelOf(s: Sym, depth = 0): { section: Section; address: number } | undefined {
  if (s.kind === 'label') return { section: s.section!, address: s.address() };
  const v = s.value;
  if (s.kind !== 'equ' || v === undefined || v.sym === undefined || v.sub !== undefined || depth >= MAX_ALIAS_DEPTH) return undefined;
  const inner = labelOf(v.sym, depth + 1);
  return inner && { section: inner.section, address: inner.address + Number(v.add) };
}

/**
 * A relocation's symbol and addend: an `.equ` alias that does not end at a label here (an alias of
 * an undefined symbol) is replaced by what it stands for, as GNU as does.
 */
export function relocTarget(sym: Sym | undefined, add: bigint): { sym?: Sym; add: bigint } {
  let s = sym;
  let a = add;
  for (let i = 0; s !== undefined && i < MAX_ALIAS_DEPTH; i++) {
    const v = s.value;
    if (s.kind !== 'equ' || v === undefined || v.sub !== undefined || labelOf(s) !== undefined) break;
    a += v.add;
    s = v.sym;
  }
  return { sym: s, add: a };
}

/** The name a numeric local label shows to users: `.L1\x023` → `1`. */
export function displayName(name: string): string {
  const m = /^\.L([0-9]+)\x02[0-9]+$/.exec(name);
  return m ? m[1]! : name;
}
