/**
 * The .debug_info reader (DWARF 2..5, chapters 2-7 of DWARF 5): compilation units, types,
 * variables, functions and inlined scopes, answered lazily per unit. Construction lists
 * the unit headers only; the pc -> unit index reads .debug_aranges or root DIEs; a unit's
 * DIE tree is parsed the first time a question needs it and kept. Never throws on
 * malformed input: each bad unit adds a line to `errors` and the rest still answers.
 */
import type { Elf64 } from '../../elf';
import type { DwarfFunction, DwarfType, DwarfVariable } from '../model';
import { AbbrevCache } from './abbrev';
import {
  DW_AT_declaration, DW_AT_name, DW_TAG_base_type, DW_TAG_class_type, DW_TAG_enumeration_type,
  DW_TAG_structure_type, DW_TAG_typedef, DW_TAG_union_type, DW_TAG_unspecified_type, DW_TAG_variable,
  DW_UT_partial, DW_UT_compile, DW_UT_type, DW_UT_skeleton,
} from './constants';
import type { Die } from './die';
import type { DieRef, DieResolver } from './nav';
import { PcIndex } from './pc-index';
import { unitCallSites, type CallSiteParameter } from './call-sites';
import { functionScopesAt, unitEnumerators, type EnumeratorSite } from './enumerators';
import { ScopeBuilder, rangesContain, unitFunctions, type FunctionRecord, type InfoScopeFrame } from './scopes';
import { infoSectionsOf, type InfoSections } from './sections';
import { abiBaseType, splitPointers, typeKey } from './type-names';
import { TypeBuilder } from './types';
import { Unit } from './unit';
import { readUnitHeader } from './unit-header';
import { makeVariable } from './variables';

export type { InfoSections } from './sections';
export type { AttrValue } from './forms';
export type { CallSiteParameter } from './call-sites';
export type { InfoScopeFrame } from './scopes';

/** What a DWARF expression evaluator needs for DW_OP_addrx / DW_OP_constx (DWARF 5 section 2.5.1.1). */
export interface AddressContext {
  /** Bytes in a target address (8 on RV64). */
  addressSize: number;
  /** Entry `index` of the unit's .debug_addr table, or undefined when out of range. */
  addrx(index: number): number | undefined;
}

/** Per-unit answers, computed on first use. */
interface UnitAnswers {
  functions?: FunctionRecord[];
  globals?: DwarfVariable[];
  types?: Map<string, Die>;
  callSites?: Map<number, CallSiteParameter[]>;
  enumerators?: Map<string, EnumeratorSite[]>;
}

const TYPE_TAGS = new Set([
  DW_TAG_base_type, DW_TAG_structure_type, DW_TAG_class_type, DW_TAG_union_type, DW_TAG_enumeration_type,
  DW_TAG_typedef, DW_TAG_unspecified_type,
]);
const TAG_PREFIX = new Map([
  [DW_TAG_structure_type, 'struct '], [DW_TAG_class_type, 'struct '], [DW_TAG_union_type, 'union '],
  [DW_TAG_enumeration_type, 'enum '],
]);

/** A program's .debug_info, answered lazily. See the file comment for the error contract. */
export class DebugInfo implements DieResolver {
  /** Problems found so far, one line each ("unit at 0x..: ..."); grows as units are read. */
  readonly errors: string[] = [];
  private readonly units: Unit[] = [];
  private readonly answers = new Map<Unit, UnitAnswers>();
  private readonly types: TypeBuilder;
  private readonly scopes: ScopeBuilder;
  private pcIndex: PcIndex | undefined;
  private signatures: Map<bigint, Unit> | undefined;

  /** The reader over an ELF file's sections (hasInfo false when it has no .debug_info). */
  static fromElf(elf: Elf64): DebugInfo {
    return new DebugInfo(infoSectionsOf(elf));
  }

  /** Lists the unit headers of `sections.debugInfo` (no DIE is read yet). */
  constructor(private readonly sections: InfoSections) {
    const abbrevs = new AbbrevCache(sections.debugAbbrev);
    const report = (p: string): void => { if (!this.errors.includes(p)) this.errors.push(p); };
    let offset = 0;
    while (offset < sections.debugInfo.length) {
      const h = readUnitHeader(sections.debugInfo, offset);
      if ('error' in h) {
        report(h.error);
        if (h.end === undefined) break;
        offset = h.end;
        continue;
      }
      this.units.push(new Unit(h, sections, abbrevs, report));
      offset = h.end;
    }
    this.types = new TypeBuilder(this);
    this.scopes = new ScopeBuilder(this, this.types);
  }

  /** True when the program has at least one readable unit. */
  get hasInfo(): boolean {
    return this.units.length > 0;
  }

  /** Compilation and partial units (type and skeleton units hold no code or variables). */
  private codeUnits(): Unit[] {
    return this.units.filter((u) => u.header.unitType === DW_UT_compile || u.header.unitType === DW_UT_partial || u.header.unitType === DW_UT_skeleton);
  }

  private answersOf(unit: Unit): UnitAnswers {
    let a = this.answers.get(unit);
    if (!a) this.answers.set(unit, (a = {}));
    return a;
  }

  /** The unit whose code contains pc (index built on first call, from aranges or root DIEs). */
  private unitAt(pc: number): Unit | undefined {
    this.pcIndex ??= new PcIndex(this.codeUnits(), this.sections.debugAranges, (p) => this.errors.push(p));
    return this.pcIndex.unitAt(pc);
  }

  /** DieResolver: the DIE at an absolute .debug_info offset (binary search over units). */
  dieAt(offset: number): DieRef | undefined {
    let lo = 0;
    let hi = this.units.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const u = this.units[mid]!;
      if (offset < u.header.offset) hi = mid - 1;
      else if (offset >= u.header.end) lo = mid + 1;
      else {
        const die = u.tree().byOffset.get(offset);
        return die ? { unit: u, die } : undefined;
      }
    }
    return undefined;
  }

  /** DieResolver: the type DIE of the DWARF 5 type unit with this signature. */
  typeBySignature(signature: bigint): DieRef | undefined {
    if (!this.signatures) {
      this.signatures = new Map();
      for (const u of this.units) {
        if (u.header.unitType === DW_UT_type && u.header.typeSignature !== undefined) this.signatures.set(u.header.typeSignature, u);
      }
    }
    const unit = this.signatures.get(signature);
    return unit && unit.header.typeOffset !== undefined ? this.dieAt(unit.header.typeOffset) : undefined;
  }

  private functionsOf(unit: Unit): FunctionRecord[] {
    const a = this.answersOf(unit);
    return (a.functions ??= unitFunctions(this, unit));
  }

  private functionRecordAt(pc: number): FunctionRecord | undefined {
    const unit = this.unitAt(pc);
    const candidates = unit ? this.functionsOf(unit) : [];
    // Innermost first: a nested function lies inside its parent's ranges.
    const hits = candidates.filter((f) => rangesContain(f.ranges, pc));
    return hits.sort((a, b) => span(a) - span(b))[0];
  }

  /**
   * The type described by the DIE at `dieOffset` (absolute in .debug_info), memoised;
   * 'unknown' when no DIE is there or it is not a type.
   */
  typeAt(dieOffset: number): DwarfType {
    const ref = this.dieAt(dieOffset);
    return ref ? this.types.build(ref) : { kind: 'unknown', reason: `no DIE at 0x${dieOffset.toString(16)}` };
  }

  /**
   * Frames at pc, innermost first (inlined calls, then the concrete function); [] when no
   * function covers pc. Each frame's `variables` are what gdb's `info args` + `info locals`
   * list there, parameters first, then the locals of each enclosing block, outermost block
   * first and in declaration order within a block (gdb prints the innermost block first, and
   * prints every shadowed outer declaration too); `unlisted` has the variables in scope that
   * gdb does not list (constants known only as bytes, see InfoScopeFrame).
   */
  scopeAt(pc: number): InfoScopeFrame[] {
    const f = this.functionRecordAt(pc);
    return f ? this.scopes.framesAt(f, pc) : [];
  }

  /** The concrete function whose code contains pc. */
  functionAt(pc: number): DwarfFunction | undefined {
    return this.functionRecordAt(pc)?.fn;
  }

  /** Every function with code named `name`, in every unit (static functions included). */
  functionsNamed(name: string): DwarfFunction[] {
    return this.codeUnits().flatMap((u) => this.functionsOf(u).filter((f) => f.fn.name === name).map((f) => f.fn));
  }

  /** File-scope variable definitions (globals and file statics) of one unit. */
  private globalsOf(unit: Unit): DwarfVariable[] {
    const a = this.answersOf(unit);
    if (a.globals) return a.globals;
    a.globals = [];
    for (const die of unit.tree().root?.children ?? []) {
      if (die.tag !== DW_TAG_variable || die.attrs.has(DW_AT_declaration)) continue;
      const v = makeVariable(this, this.types, { unit, die });
      if (v) a.globals.push(v);
    }
    return a.globals;
  }

  /**
   * The globals and file statics of the unit containing pc; when pc is undefined or in no
   * unit, every unit's external (non-static) globals.
   */
  globals(pc?: number): DwarfVariable[] {
    const unit = pc === undefined ? undefined : this.unitAt(pc);
    if (unit) return this.globalsOf(unit);
    return this.codeUnits().flatMap((u) => this.globalsOf(u).filter((v) => v.isExternal));
  }

  /** A global or file static named `name`: pc's unit first, then any unit's externals. */
  findVariable(name: string, pc?: number): DwarfVariable | undefined {
    const unit = pc === undefined ? undefined : this.unitAt(pc);
    const local = unit ? this.globalsOf(unit).find((v) => v.name === name) : undefined;
    return local ?? this.globals().find((v) => v.name === name);
  }

  /** A unit's named types, keyed by typeKey; complete structs win over declarations, file scope over nested. */
  private typesOf(unit: Unit): Map<string, Die> {
    const a = this.answersOf(unit);
    if (a.types) return a.types;
    const map = new Map<string, Die>();
    const rootChildren = unit.tree().root?.children ?? [];
    for (const die of [...rootChildren, ...unit.tree().byOffset.values()]) {
      if (!TYPE_TAGS.has(die.tag)) continue;
      const name = unit.str(die.attrs.get(DW_AT_name));
      if (name === undefined) continue;
      const key = typeKey((TAG_PREFIX.get(die.tag) ?? '') + name);
      const old = map.get(key);
      if (!old || (old.attrs.has(DW_AT_declaration) && !die.attrs.has(DW_AT_declaration))) map.set(key, die);
    }
    a.types = map;
    return map;
  }

  /**
   * The type a C spelling names (`int`, `unsigned long`, `struct point`, `union u`,
   * `enum color`, a typedef, each with optional trailing `*`s): pc's unit first, then any
   * unit; base types missing from the DWARF come from the LP64 ABI. Undefined when unknown.
   */
  typeByName(name: string, pc?: number): DwarfType | undefined {
    const [baseName, stars] = splitPointers(name);
    const key = typeKey(baseName);
    const first = pc === undefined ? undefined : this.unitAt(pc);
    let found: DwarfType | undefined;
    for (const unit of first ? [first, ...this.units] : this.units) {
      const die = this.typesOf(unit).get(key);
      if (die) {
        found = this.types.build({ unit, die });
        break;
      }
    }
    found ??= abiBaseType(key);
    const addressSize = (first ?? this.units[0])?.addressSize ?? DEFAULT_ADDRESS_SIZE;
    for (let i = 0; found && i < stars; i++) found = { kind: 'pointer', target: found, byteSize: addressSize };
    return found;
  }

  /**
   * The parameters of the call whose return address is `returnPc` (DWARF 5 section 3.4.2:
   * DW_TAG_call_site with DW_AT_call_return_pc; DWARF 4 GNU: DW_TAG_GNU_call_site whose
   * DW_AT_low_pc is the return pc), looked up in the unit containing returnPc (each unit's
   * call sites are indexed on first use). Used to resolve DW_OP_entry_value(DW_OP_regN) in the
   * callee: find the parameter whose `location` is that register and evaluate its `value` in
   * the caller's frame. [] when the call site lists no parameters; undefined when no call site
   * has that return pc (the caller's DWARF does not describe the call).
   */
  callSiteParameters(returnPc: number): CallSiteParameter[] | undefined {
    const unit = this.unitAt(returnPc) ?? this.unitAt(returnPc - 1);
    if (!unit) return undefined;
    const a = this.answersOf(unit);
    a.callSites ??= unitCallSites(unit);
    return a.callSites.get(returnPc);
  }

  /**
   * The enumeration constant `name` (DWARF 5 section 5.7) and its enum type: one declared in
   * the function containing pc (or in a function inlined there) first, then one at file
   * scope of pc's unit, then one at file scope of any unit, then any. Undefined when no
   * enumerator has that name.
   */
  enumerator(name: string, pc?: number): { type: DwarfType; value: bigint } | undefined {
    const first = pc === undefined ? undefined : this.unitAt(pc);
    const fn = pc === undefined ? undefined : this.functionRecordAt(pc);
    const owners = fn && pc !== undefined ? functionScopesAt(this, fn.ref, pc) : new Set<number>();
    const units = first ? [first, ...this.codeUnits().filter((u) => u !== first)] : this.codeUnits();
    const sites = units.map((unit) => ({ unit, list: this.enumeratorsOf(unit).get(name) ?? [] }));
    const pick = (ok: (s: EnumeratorSite, unit: Unit) => boolean): { type: DwarfType; value: bigint } | undefined => {
      for (const { unit, list } of sites) {
        const site = list.find((s) => ok(s, unit));
        const found = site && this.enumeratorValue(unit, site.enumDie, name);
        if (found) return found;
      }
      return undefined;
    };
    return pick((s, u) => u === first && s.owner !== undefined && owners.has(s.owner))
      ?? pick((s, u) => u === first && s.owner === undefined)
      ?? pick((s) => s.owner === undefined)
      ?? pick(() => true);
  }

  private enumeratorsOf(unit: Unit): Map<string, EnumeratorSite[]> {
    const a = this.answersOf(unit);
    return (a.enumerators ??= unitEnumerators(unit));
  }

  private enumeratorValue(unit: Unit, enumDie: Die, name: string): { type: DwarfType; value: bigint } | undefined {
    const type = this.types.build({ unit, die: enumDie });
    const e = type.kind === 'enum' ? type.enumerators.find((x) => x.name === name) : undefined;
    return e ? { type, value: e.value } : undefined;
  }

  /** DW_OP_addrx/constx resolution for the unit containing pc (else the first unit). */
  addressContext(pc: number): AddressContext {
    const unit = this.unitAt(pc) ?? this.codeUnits()[0];
    return {
      addressSize: unit?.addressSize ?? DEFAULT_ADDRESS_SIZE,
      addrx: (index) => unit?.addrx(index),
    };
  }
}

/** RV64 address size, used when the program has no unit to say otherwise. */
const DEFAULT_ADDRESS_SIZE = 8;

function span(f: FunctionRecord): number {
  return f.ranges.reduce((n, r) => n + (r.end - r.start), 0);
}
