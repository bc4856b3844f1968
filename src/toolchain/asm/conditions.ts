/**
 * Conditional assembly state (GNU as manual, ".if"): a stack with one frame per open `.if`,
 * tracking whether the current branch is assembled, whether an earlier branch was taken, and
 * whether the enclosing level is active.
 */
import type { SourceRange } from './types';

interface CondFrame {
  /** Lines of the current branch are assembled. */
  active: boolean;
  /** Some branch of this `.if` was already taken. */
  taken: boolean;
  /** The enclosing level is active. */
  parentActive: boolean;
  /** The `.if` line (for "missing .endif"). */
  range: SourceRange;
}

/** The open `.if` levels, innermost last. */
export class ConditionStack {
  private readonly frames: CondFrame[] = [];

  /** Whether lines here are assembled (true outside any `.if`). */
  get active(): boolean {
    const top = this.frames[this.frames.length - 1];
    return top === undefined || top.active;
  }

  /** Whether an `.elseif` here must evaluate its condition (enclosing level active, no branch taken yet). */
  get wantsElseIf(): boolean {
    const top = this.frames[this.frames.length - 1];
    return top !== undefined && top.parentActive && !top.taken;
  }

  /** `.if`: opens a level whose first branch is `value`. */
  push(value: boolean, range: SourceRange): void {
    const parentActive = this.active;
    this.frames.push({ active: parentActive && value, taken: value, parentActive, range });
  }

  /** `.else` (value true) or `.elseif value`: switches branch; false when no `.if` is open. */
  switchBranch(value: boolean): boolean {
    const top = this.frames[this.frames.length - 1];
    if (top === undefined) return false;
    top.active = top.parentActive && !top.taken && value;
    if (top.active) top.taken = true;
    return true;
  }

  /** `.endif`: closes a level; false when none is open. */
  pop(): boolean {
    return this.frames.pop() !== undefined;
  }

  /** Closes every level, returning the `.if` lines left open. */
  drain(): SourceRange[] {
    return this.frames.splice(0).map((f) => f.range);
  }
}
