/**
 * The source-level frames at a pc (DWARF 5 sections 3.3 and 3.4): the concrete
 * DW_TAG_subprogram whose ranges contain the pc, every DW_TAG_inlined_subroutine inside it
 * that contains the pc, and for each frame its parameters and the locals of the
 * DW_TAG_lexical_blocks containing the pc. Also the functions of a unit, for breakpoints.
 */
import type { DwarfFunction, DwarfVariable, LocationDesc, ScopeFrame } from '../model';
import {
  DW_AT_call_column, DW_AT_call_file, DW_AT_call_line, DW_AT_entry_pc, DW_AT_external, DW_AT_frame_base,
  DW_AT_low_pc, DW_TAG_formal_parameter, DW_TAG_inlined_subroutine, DW_TAG_lexical_block, DW_TAG_subprogram,
  DW_TAG_variable, DW_AT_declaration, DW_AT_abstract_origin, DW_AT_location, DW_AT_const_value,
} from './constants';
import type { Die } from './die';
import { constNumber } from './forms';
import type { AddressRange } from './lists';
import { declOf, flagOf, follow, nameOf, type DieRef, type DieResolver } from './nav';
import type { TypeBuilder } from './types';
import type { Unit } from './unit';
import { makeVariable } from './variables';

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
  framesAt(f: FunctionRecord, pc: number): ScopeFrame[] {
    const { unit, die } = f.ref;
    const frameBase = die.attrs.has(DW_AT_frame_base) ? unit.location(die.attrs.get(DW_AT_frame_base)) : undefined;
    const outer = this.frame('subprogram', f.ref, f.ranges, frameBase);
    const frames: ScopeFrame[] = [outer];
    this.descend(f.ref, pc, outer, frames, frameBase);
    return frames.reverse();
  }

  private frame(kind: ScopeFrame['kind'], ref: DieRef, ranges: AddressRange[], frameBase: LocationDesc | undefined): ScopeFrame {
    const { unit, die } = ref;
    const entryPc = unit.address(die.attrs.get(DW_AT_entry_pc)) ?? unit.address(die.attrs.get(DW_AT_low_pc)) ?? ranges[0]?.start ?? 0;
    const frame: ScopeFrame = { kind, name: nameOf(this.r, ref) ?? '??', ranges, entryPc, variables: [] };
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
  private descend(scope: DieRef, pc: number, frame: ScopeFrame, frames: ScopeFrame[], frameBase: LocationDesc | undefined): void {
    const { unit } = scope;
    let current: DieRef | undefined = scope;
    let currentFrame = frame;
    for (let depth = 0; current && depth < MAX_SCOPE_DEPTH; depth++) {
      this.addVariables(current, currentFrame.variables);
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
   * Variables directly inside `scope`. A concrete copy (DW_AT_abstract_origin) may leave
   * out children that have a location of their own in the abstract instance, such as a
   * function-static local of an out-of-line copy: those are added from the origin.
   */
  private addVariables(scope: DieRef, into: DwarfVariable[]): void {
    const covered = new Set<number>();
    for (const die of scope.die.children) {
      if (!isVariableTag(die.tag) || die.attrs.has(DW_AT_declaration)) continue;
      const origin = die.attrs.get(DW_AT_abstract_origin);
      if (origin?.kind === 'ref') covered.add(origin.offset);
      const v = makeVariable(this.r, this.types, { unit: scope.unit, die });
      if (v) into.push(v);
    }
    const origin = follow(this.r, scope, DW_AT_abstract_origin);
    if (!origin) return;
    for (const die of origin.die.children) {
      if (!isVariableTag(die.tag) || covered.has(die.offset)) continue;
      if (!die.attrs.has(DW_AT_location) && !die.attrs.has(DW_AT_const_value)) continue;
      const v = makeVariable(this.r, this.types, { unit: origin.unit, die });
      if (v) into.push(v);
    }
  }
}

function isVariableTag(tag: number): boolean {
  return tag === DW_TAG_formal_parameter || tag === DW_TAG_variable;
}

/** Deepest block nesting followed (C programs nest a few dozen levels at most). */
const MAX_SCOPE_DEPTH = 1024;
