/**
 * The source-level frames at a pc (DWARF 5 sections 3.3 and 3.4): the concrete
 * DW_TAG_subprogram whose ranges contain the pc, every DW_TAG_inlined_subroutine inside it
 * that contains the pc, and for each frame its parameters and the locals of the
 * DW_TAG_lexical_blocks containing the pc. Also the functions of a unit, for breakpoints.
 */
import type { DwarfFunction, DwarfVariable, LocationDesc, ScopeFrame } from '../model';
import {
  DW_AT_call_column, DW_AT_call_file, DW_AT_call_line, DW_AT_entry_pc, DW_AT_external, DW_AT_frame_base,
  DW_AT_low_pc, DW_AT_ranges, DW_TAG_formal_parameter, DW_TAG_inlined_subroutine, DW_TAG_lexical_block, DW_TAG_subprogram,
  DW_TAG_variable, DW_TAG_enumeration_type, DW_AT_declaration, DW_AT_abstract_origin, DW_AT_location, DW_AT_const_value,
} from './constants';
import type { Die } from './die';
import { constNumber } from './forms';
import type { AddressRange } from './lists';
import { declOf, flagOf, follow, inherited, nameOf, type DieRef, type DieResolver } from './nav';
import type { TypeBuilder } from './types';
import type { Unit } from './unit';
import { makeVariable } from './variables';

/**
 * A ScopeFrame as this reader returns it. `variables` holds exactly what gdb's `info args` +
 * `info locals` list at the pc; `unlisted` holds the other variables in scope, which
 * expressions can still name (gdb's `print third` works although `info locals` omits it):
 * non-parameter variables whose DW_AT_const_value is not an integer constant form (a block,
 * data16, string or address form: gdb keeps those as LOC_CONST_BYTES, which `info locals`
 * skips; integer forms become LOC_CONST, which it lists).
 */
export interface InfoScopeFrame extends ScopeFrame {
  unlisted: DwarfVariable[];
}

/** A function with code, and the ranges and DIE it came from. */
export interface FunctionRecord {
  fn: DwarfFunction;
  ranges: AddressRange[];
  ref: DieRef;
}

/** True when some range contains pc. */
export function rangesContain(ranges: AddressRange[], pc: number): boolean {
  return ranges.some((r) => pc >= r.start && pc < r.end);
}

/**
 * The unit's concrete functions: DW_TAG_subprogram DIEs with code, at any depth (GNU C
 * nested functions sit inside others). lowPc is the entry (DW_AT_low_pc or the first
 * range) and highPc the end of the range holding it.
 */
export function unitFunctions(r: DieResolver, unit: Unit): FunctionRecord[] {
  const out: FunctionRecord[] = [];
  const root = unit.tree().root;
  const stack: Die[] = root ? [...root.children] : [];
  while (stack.length > 0) {
    const die = stack.pop()!;
    if (die.tag !== DW_TAG_subprogram) continue;
    stack.push(...die.children);
    const ref = { unit, die };
    const ranges = unit.ranges(die);
    const name = nameOf(r, ref);
    if (ranges.length === 0 || name === undefined || die.attrs.has(DW_AT_declaration)) continue;
    const lowPc = unit.address(die.attrs.get(DW_AT_low_pc)) ?? ranges[0]!.start;
    const highPc = ranges.find((x) => lowPc >= x.start && lowPc < x.end)?.end ?? ranges[0]!.end;
    const fn: DwarfFunction = { name, lowPc, highPc, external: flagOf(r, ref, DW_AT_external), ...declOf(r, ref) };
    out.push({ fn, ranges, ref });
  }
  return out.sort((a, b) => a.fn.lowPc - b.fn.lowPc);
}

/** Builds ScopeFrames; holds what the frame and variable builders share. */
export class ScopeBuilder {
  constructor(private readonly r: DieResolver, private readonly types: TypeBuilder) {}

  /** Frames at `pc` inside function `f`, innermost first. */
  framesAt(f: FunctionRecord, pc: number): InfoScopeFrame[] {
    const { unit, die } = f.ref;
    const frameBase = die.attrs.has(DW_AT_frame_base) ? unit.location(die.attrs.get(DW_AT_frame_base)) : undefined;
    const outer = this.frame('subprogram', f.ref, f.ranges, frameBase);
    const frames: InfoScopeFrame[] = [outer];
    this.descend(f.ref, pc, outer, frames, frameBase);
    return frames.reverse();
  }

  private frame(kind: ScopeFrame['kind'], ref: DieRef, ranges: AddressRange[], frameBase: LocationDesc | undefined): InfoScopeFrame {
    const { unit, die } = ref;
    const entryPc = unit.address(die.attrs.get(DW_AT_entry_pc)) ?? unit.address(die.attrs.get(DW_AT_low_pc)) ?? ranges[0]?.start ?? 0;
    const frame: InfoScopeFrame = { kind, name: nameOf(this.r, ref) ?? '??', ranges, entryPc, variables: [], unlisted: [] };
    if (frameBase) frame.frameBase = frameBase;
    if (kind === 'inlined') {
      const file = constNumber(die.attrs.get(DW_AT_call_file));
      const callFile = file === undefined ? undefined : unit.fileName(file);
      if (callFile !== undefined) frame.callFile = callFile;
      const line = constNumber(die.attrs.get(DW_AT_call_line));
      if (line !== undefined) frame.callLine = line;
      const column = constNumber(die.attrs.get(DW_AT_call_column));
      if (column !== undefined) frame.callColumn = column;
    }
    return frame;
  }

  /**
   * Adds the variables directly inside `scope` to `frame`, then recurses into the child
   * block or inlined call containing pc (pushing a new frame for an inlined call).
   */
  private descend(scope: DieRef, pc: number, frame: InfoScopeFrame, frames: InfoScopeFrame[], frameBase: LocationDesc | undefined): void {
    const { unit } = scope;
    let current: DieRef | undefined = scope;
    let currentFrame = frame;
    for (let depth = 0; current && depth < MAX_SCOPE_DEPTH; depth++) {
      this.addVariables(current, currentFrame);
      let next: DieRef | undefined;
      for (const child of current.die.children) {
        if (child.tag !== DW_TAG_lexical_block && child.tag !== DW_TAG_inlined_subroutine) continue;
        const ranges = unit.ranges(child);
        if (!rangesContain(ranges, pc)) continue;
        next = { unit, die: child };
        if (child.tag === DW_TAG_inlined_subroutine) {
          currentFrame = this.frame('inlined', next, ranges, frameBase);
          frames.push(currentFrame);
        }
        break;
      }
      current = next;
    }
  }

  /**
   * Variables directly inside `scope`, following gdb's reading of DWARF (its
   * inherit_abstract_dies and read_lexical_block_scope):
   * - the scope's own variable, parameter and enumerator children, in DIE order; a child
   *   DW_TAG_lexical_block without any pc range is no block: its children count as the scope's;
   * - then, when the scope has a DW_AT_abstract_origin, every child of the origin that no
   *   direct child of the scope refers to: a variable or parameter (with the origin's location,
   *   or none: gdb lists it `<optimized out>`), an enum's enumerators, and the whole contents
   *   of a range-less abstract lexical block, flattened (gdb lists those too, even when a
   *   deeper concrete block covers them).
   */
  private addVariables(scope: DieRef, into: InfoScopeFrame): void {
    const covered = new Set<number>();
    for (const die of scope.die.children) {
      const origin = die.attrs.get(DW_AT_abstract_origin);
      if (origin?.kind === 'ref') covered.add(origin.offset);
    }
    this.addChildren(scope.unit, scope.die.children, into, 0);
    const origin = follow(this.r, scope, DW_AT_abstract_origin);
    if (!origin) return;
    this.addChildren(origin.unit, origin.die.children.filter((d) => !covered.has(d.offset)), into, 0);
  }

  /** Adds variables, parameters and enumerators of `dies`, flattening range-less blocks. */
  private addChildren(unit: Unit, dies: Die[], into: InfoScopeFrame, depth: number): void {
    if (depth >= MAX_SCOPE_DEPTH) return;
    for (const die of dies) {
      if (die.tag === DW_TAG_enumeration_type) this.addEnumerators({ unit, die }, into);
      else if (die.tag === DW_TAG_lexical_block && !hasPcBounds(die)) this.addChildren(unit, die.children, into, depth + 1);
      else if (isVariableTag(die.tag) && !die.attrs.has(DW_AT_declaration)) this.add({ unit, die }, into);
    }
  }

  /**
   * The enumerators of an enum declared in the block: gdb's `info locals` lists each as a
   * constant of the enum type (`FAST = FAST`), in DIE order with the block's variables.
   */
  private addEnumerators(ref: DieRef, into: InfoScopeFrame): void {
    const type = this.types.build(ref);
    if (type.kind !== 'enum') return;
    const { declFile, declLine } = declOf(this.r, ref);
    for (const e of type.enumerators) {
      const v: DwarfVariable = { name: e.name, type, location: { kind: 'const', value: e.value }, isParameter: false };
      into.variables.push({ ...v, ...(declFile !== undefined ? { declFile } : {}), ...(declLine !== undefined ? { declLine } : {}) });
    }
  }

  /** Adds one variable DIE to the frame's listed or unlisted variables. */
  private add(ref: DieRef, into: InfoScopeFrame): void {
    const v = makeVariable(this.r, this.types, ref);
    if (!v) return;
    if (gdbLists(this.r, ref)) into.variables.push(v);
    else into.unlisted.push(v);
  }
}

/**
 * True when gdb's `info args` / `info locals` would list the variable: every parameter, and
 * every local except one whose DW_AT_const_value (through its origin) is not an integer
 * constant form and that has no DW_AT_location of its own.
 */
function gdbLists(r: DieResolver, ref: DieRef): boolean {
  if (ref.die.tag === DW_TAG_formal_parameter || ref.die.attrs.has(DW_AT_location)) return true;
  const c = inherited(r, ref, DW_AT_const_value);
  return c === undefined || c.value.kind === 'const';
}

/** True when a DIE has DW_AT_low_pc or DW_AT_ranges (gdb treats a block without either as no block). */
function hasPcBounds(die: Die): boolean {
  return die.attrs.has(DW_AT_low_pc) || die.attrs.has(DW_AT_ranges);
}

function isVariableTag(tag: number): boolean {
  return tag === DW_TAG_formal_parameter || tag === DW_TAG_variable;
}

/** Deepest block nesting followed (C programs nest a few dozen levels at most). */
const MAX_SCOPE_DEPTH = 1024;
