/**
 * The executable's .symtab and .strtab (gABI "Symbol Table", "String Table"), in GNU ld's
 * arrangement: the null symbol, one STT_SECTION symbol per output section, then for each
 * object an STT_FILE symbol and its local symbols, then the global ones (sh_info of .symtab is
 * the index of the first global). Like ld's default --discard-locals, assembler-internal
 * labels (names starting ".L") are left out; so are symbols of sections the link removed and
 * undefined symbols (an undefined weak one is 0 wherever it is used).
 * Hidden and internal globals become local, as ld makes them.
 */
import {
  ELF64_SYM_SIZE,
  SHN_ABS,
  SHN_UNDEF,
  STB_GLOBAL,
  STB_LOCAL,
  STB_WEAK,
  STT_FILE,
  STT_NOTYPE,
  STT_OBJECT,
  STT_SECTION,
  STV_DEFAULT,
  STV_PROTECTED,
} from '../../elf/constants';
import { StringTable } from '../elf-strings';
import { writeSymbol } from '../elf-records';
import type { Layout } from './layout';
import { addressIn } from './merge';
import type { InputObject, InputSection, OutputSection } from './model';
import type { GlobalSymbol, SymbolTable } from './resolve';

/** Prefix of the assembler's temporary labels (GNU ld -X, the default, drops them). */
const LOCAL_LABEL_PREFIX = '.L';
/** The script symbol ld defines as absolute rather than in a section. */
const ABSOLUTE_SCRIPT_SYMBOLS: ReadonlySet<string> = new Set(['__global_pointer$']);

/** One entry to write. */
interface OutSymbol {
  name: string;
  value: bigint;
  size: number;
  bind: number;
  type: number;
  visibility: number;
  shndx: number;
}

/** The encoded tables. */
export interface SymbolTables {
  symtab: Uint8Array;
  strtab: Uint8Array;
  /** sh_info of .symtab: one greater than the last local symbol's index. */
  firstGlobal: number;
}

/** Builds .symtab and .strtab; output sections must already have their header indices. */
export function buildSymbolTables(objects: readonly InputObject[], table: SymbolTable, layout: Layout): SymbolTables {
  const present = new Set(layout.sections);
  const locals: OutSymbol[] = [nullSymbol()];
  for (const o of layout.sections) {
    locals.push({ name: '', value: BigInt(o.address), size: 0, bind: STB_LOCAL, type: STT_SECTION, visibility: STV_DEFAULT, shndx: o.index });
  }
  for (const object of objects) locals.push(...objectLocals(object, present));
  const globals: OutSymbol[] = [];
  for (const g of table.globals.values()) {
    const sym = globalSymbol(g, layout, present);
    if (!sym) continue;
    if (sym.visibility !== STV_DEFAULT && sym.visibility !== STV_PROTECTED && sym.shndx !== SHN_UNDEF) locals.push({ ...sym, bind: STB_LOCAL });
    else globals.push(sym);
  }
  return encode([...locals, ...globals], locals.length);
}

function nullSymbol(): OutSymbol {
  return { name: '', value: 0n, size: 0, bind: STB_LOCAL, type: STT_NOTYPE, visibility: STV_DEFAULT, shndx: SHN_UNDEF };
}

/** An object's STT_FILE symbol (its own, or one named after it) and its kept local symbols. */
function objectLocals(object: InputObject, present: ReadonlySet<OutputSection>): OutSymbol[] {
  const out: OutSymbol[] = [];
  for (const sym of object.symbols) {
    if (sym.index === 0 || sym.bind !== STB_LOCAL || sym.type === STT_SECTION) continue;
    if (sym.type === STT_FILE) {
      out.push({ name: sym.name, value: 0n, size: 0, bind: STB_LOCAL, type: STT_FILE, visibility: STV_DEFAULT, shndx: SHN_ABS });
      continue;
    }
    if (sym.name === '' || sym.name.startsWith(LOCAL_LABEL_PREFIX)) continue;
    const place = placeOf(sym.shndx === SHN_ABS ? undefined : object.sections[sym.shndx], present);
    if (sym.shndx !== SHN_ABS && !place) continue;
    out.push({
      name: sym.name,
      value: place ? addressIn(place.section, sym.value) : sym.value,
      size: sym.size, bind: STB_LOCAL, type: sym.type, visibility: sym.visibility,
      shndx: place ? place.output.index : SHN_ABS,
    });
  }
  const hasFile = object.symbols.some((s) => s.type === STT_FILE);
  if (out.length > 0 && !hasFile) {
    out.unshift({ name: object.name, value: 0n, size: 0, bind: STB_LOCAL, type: STT_FILE, visibility: STV_DEFAULT, shndx: SHN_ABS });
  }
  return out;
}

/** The input section and its present output section, or undefined when the symbol's section was removed. */
function placeOf(section: InputSection | undefined, present: ReadonlySet<OutputSection>): { section: InputSection; output: OutputSection } | undefined {
  if (!section || !section.output || !present.has(section.output)) return undefined;
  return { section, output: section.output };
}

/** The entry for a global name, or undefined for one the executable does not list. */
function globalSymbol(g: GlobalSymbol, layout: Layout, present: ReadonlySet<OutputSection>): OutSymbol | undefined {
  const bind = g.bind === STB_WEAK ? STB_WEAK : STB_GLOBAL;
  const base = { name: g.name, value: g.value, size: g.size, bind, type: g.type, visibility: g.visibility };
  const d = g.definition;
  switch (d.kind) {
    case 'undefined':
      return undefined; // ld writes no undefined symbols into a static executable (weak ones are 0)
    case 'absolute':
      return { ...base, shndx: SHN_ABS };
    case 'common':
      return { ...base, type: STT_OBJECT, shndx: d.section?.output && present.has(d.section.output) ? d.section.output.index : SHN_ABS };
    case 'section': {
      const place = placeOf(d.section, present);
      return { ...base, shndx: place ? place.output.index : SHN_ABS };
    }
    case 'script':
      if (!layout.scriptValues.has(g.name)) return undefined;
      return { ...base, type: STT_NOTYPE, size: 0, shndx: ABSOLUTE_SCRIPT_SYMBOLS.has(g.name) ? SHN_ABS : sectionAt(layout, Number(g.value)) };
  }
}

/** Index of the last allocated output section starting at or below `address`, else SHN_ABS. */
function sectionAt(layout: Layout, address: number): number {
  let index = SHN_ABS;
  for (const o of layout.sections) if (o.address <= address && o.address !== 0) index = o.index;
  return index;
}

function encode(symbols: readonly OutSymbol[], firstGlobal: number): SymbolTables {
  const strings = new StringTable();
  const symtab = new Uint8Array(symbols.length * ELF64_SYM_SIZE);
  symbols.forEach((s, i) => {
    writeSymbol(symtab, i * ELF64_SYM_SIZE, {
      name: strings.add(s.name), bind: s.bind, type: s.type, other: s.visibility, shndx: s.shndx, value: s.value, size: BigInt(s.size),
    });
  });
  return { symtab, strtab: strings.bytes(), firstGlobal };
}
