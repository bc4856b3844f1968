/**
 * Symbol resolution (gABI "Symbol Table", binding rules; GNU ld manual on COMMON and PROVIDE):
 * every global or weak name gets one definition. A global definition beats a weak one, two
 * global definitions are an error ("multiple definition"), a COMMON symbol takes the largest
 * size and alignment and yields to a real definition, and an undefined name stays undefined
 * (0 when every reference is weak; an error at each relocation that uses it otherwise).
 */
import {
  SHF_ALLOC,
  SHF_WRITE,
  SHN_ABS,
  SHN_COMMON,
  SHN_LORESERVE,
  SHN_UNDEF,
  SHT_NOBITS,
  STB_GLOBAL,
  STB_GNU_UNIQUE,
  STB_LOCAL,
  STB_WEAK,
  STT_FILE,
  STT_SECTION,
  STV_DEFAULT,
} from '../../elf/constants';
import type { RelocatableSymbol } from '../../elf/relocatable';
import { quoted, type DiagnosticSink } from './diagnostics';
import { isPowerOfTwo } from './input';
import type { InputObject, InputSection } from './model';
import { PROVIDED_SYMBOLS, SCRIPT_SYMBOLS } from './script';

/** How a global name is defined once resolution is over. */
export type Definition =
  /** In an input section, `offset` bytes from its start. */
  | { kind: 'section'; section: InputSection; offset: bigint }
  | { kind: 'absolute'; value: bigint }
  /** A COMMON symbol; `section` is its synthetic .bss piece (filled in after resolution). */
  | { kind: 'common'; size: number; align: number; section?: InputSection }
  /** By the default linker script (`_end`, `__global_pointer$`, a PROVIDE, __start_SEC). */
  | { kind: 'script' }
  | { kind: 'undefined' };

/** One global or weak name and its winning definition. */
export interface GlobalSymbol {
  name: string;
  /** STB_GLOBAL or STB_WEAK of the winning definition; for an undefined name, STB_WEAK when every reference is weak. */
  bind: number;
  /** st_type, st_size and st_other visibility of the winning definition (visibility: the most constraining seen). */
  type: number;
  size: number;
  visibility: number;
  definition: Definition;
  /** The object whose definition won. */
  definedIn?: InputObject;
  /** Final value, set by the layout. */
  value: bigint;
}

/** The resolved global names, and for each object its symbol indices' globals. */
export interface SymbolTable {
  globals: Map<string, GlobalSymbol>;
  /** Synthetic .bss pieces of the COMMON symbols, in order of first definition. */
  commons: InputSection[];
}

/** True for bindings the resolution treats as global (GNU unique counts as global in a static link). */
function isGlobalBinding(bind: number): boolean {
  return bind === STB_GLOBAL || bind === STB_WEAK || bind === STB_GNU_UNIQUE;
}

/** Resolves every global name of `objects`, reporting multiple definitions and malformed symbols. */
export function resolveSymbols(objects: readonly InputObject[], sink: DiagnosticSink): SymbolTable {
  const globals = new Map<string, GlobalSymbol>();
  for (const object of objects) {
    for (const sym of object.symbols) {
      if (sym.index === 0) continue;
      if (sym.bind === STB_LOCAL) {
        checkLocal(object, sym, sink);
        continue;
      }
      if (!isGlobalBinding(sym.bind)) {
        sink.error(`symbol ${quoted(sym.name)} has binding ${sym.bind}, which is not local, global or weak`, { object, symbol: sym.name });
        continue;
      }
      if (sym.type === STT_SECTION || sym.type === STT_FILE) continue;
      merge(globals, object, sym, sink);
    }
  }
  const commons = commonSections(globals);
  defineScriptSymbols(globals);
  return { globals, commons };
}

function checkLocal(object: InputObject, sym: RelocatableSymbol, sink: DiagnosticSink): void {
  if (sym.shndx === SHN_COMMON) sink.error(`local symbol ${quoted(sym.name)} is COMMON, which only global symbols may be`, { object, symbol: sym.name });
}

/** Adds one global or weak symbol table entry to the resolution. */
function merge(globals: Map<string, GlobalSymbol>, object: InputObject, sym: RelocatableSymbol, sink: DiagnosticSink): void {
  const incoming = definitionOf(object, sym, sink);
  if (!incoming) return;
  const bind = sym.bind === STB_WEAK ? STB_WEAK : STB_GLOBAL;
  const existing = globals.get(sym.name);
  if (!existing) {
    globals.set(sym.name, {
      name: sym.name, bind, type: sym.type, size: sym.size, visibility: sym.visibility, definition: incoming,
      definedIn: incoming.kind === 'undefined' ? undefined : object, value: 0n,
    });
    return;
  }
  existing.visibility = mostConstraining(existing.visibility, sym.visibility);
  const old = existing.definition;
  if (incoming.kind === 'undefined') {
    if (old.kind === 'undefined' && bind === STB_GLOBAL) existing.bind = STB_GLOBAL;
    return;
  }
  const take = (): void => {
    existing.definition = incoming;
    existing.bind = bind;
    existing.type = sym.type;
    existing.size = sym.size;
    existing.definedIn = object;
  };
  if (old.kind === 'undefined') return take();
  if (incoming.kind === 'common') {
    if (old.kind === 'common') {
      old.size = Math.max(old.size, incoming.size);
      old.align = Math.max(old.align, incoming.align);
      existing.size = old.size;
    } else if (existing.bind === STB_WEAK) take();
    return;
  }
  if (bind === STB_WEAK) return; // a weak definition never replaces a global or COMMON one
  if (old.kind === 'common') return take();
  if (existing.bind === STB_WEAK) return take();
  const first = existing.definedIn?.name ?? 'another object';
  const where = incoming.kind === 'section' ? { section: incoming.section, offset: Number(incoming.offset) } : {};
  sink.error(`multiple definition of ${quoted(sym.name)}; first defined in ${first}`, { object, symbol: sym.name, ...where });
}

/** The definition an entry gives, or undefined (reported) when it names no usable section. */
function definitionOf(object: InputObject, sym: RelocatableSymbol, sink: DiagnosticSink): Definition | undefined {
  if (sym.shndx === SHN_UNDEF) return { kind: 'undefined' };
  if (sym.shndx === SHN_ABS) return { kind: 'absolute', value: sym.value };
  if (sym.shndx === SHN_COMMON) {
    const align = sym.value === 0n ? 1 : Number(sym.value);
    if (!isPowerOfTwo(align)) {
      sink.error(`common symbol ${quoted(sym.name)} has alignment ${sym.value}, which is not a power of two`, { object, symbol: sym.name });
      return undefined;
    }
    return { kind: 'common', size: sym.size, align };
  }
  const section = sym.shndx < SHN_LORESERVE ? object.sections[sym.shndx] : undefined;
  if (!section) {
    sink.error(`symbol ${quoted(sym.name)} is defined in section ${sym.shndx}, which holds no code or data`, { object, symbol: sym.name });
    return undefined;
  }
  return { kind: 'section', section, offset: sym.value };
}

/** gABI: when visibilities differ, the most constraining one (hidden < protected < default, internal most) wins. */
function mostConstraining(a: number, b: number): number {
  if (a === STV_DEFAULT) return b;
  if (b === STV_DEFAULT) return a;
  return Math.min(a, b);
}

/** One synthetic NOBITS section per symbol that is still COMMON (ld's `*(COMMON)`). */
function commonSections(globals: Map<string, GlobalSymbol>): InputSection[] {
  const commons: InputSection[] = [];
  for (const g of globals.values()) {
    const d = g.definition;
    if (d.kind !== 'common' || !g.definedIn) continue;
    d.section = {
      object: g.definedIn, index: -1, name: g.name, type: SHT_NOBITS, flags: SHF_ALLOC | SHF_WRITE,
      size: d.size, align: d.align, entsize: 0, relocations: [], common: true, address: 0,
    };
    commons.push(d.section);
  }
  return commons;
}

/**
 * The script's own assignments (`_end = .`) define their names whatever the objects say, as ld
 * evaluates them after the inputs. PROVIDE'd names are defined only when they are referenced
 * and left undefined by every object.
 */
function defineScriptSymbols(globals: Map<string, GlobalSymbol>): void {
  const script = (name: string): GlobalSymbol => ({
    name, bind: STB_GLOBAL, type: 0, size: 0, visibility: STV_DEFAULT, definition: { kind: 'script' }, value: 0n,
  });
  for (const name of SCRIPT_SYMBOLS) {
    const g = globals.get(name);
    if (g) g.definition = { kind: 'script' };
    else globals.set(name, script(name));
  }
  for (const name of PROVIDED_SYMBOLS) {
    const g = globals.get(name);
    if (g && g.definition.kind === 'undefined') g.definition = { kind: 'script' };
  }
}
