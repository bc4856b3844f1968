/**
 * Steppable kernel paths (DESIGN.md "Steppable kernel paths"). A path is a generator: at each
 * statement that changes or decides something it yields a `pause` (a stable id and the live
 * values); where it calls a sub-stage that may pause it delegates through `call`, which yields
 * `enter`/`leave` markers so the driver knows the kernel call stack. The driver below is the
 * only code that asks "does anyone stop here?": unwatched, `runToEnd` runs the very same
 * generator to completion at once.
 */
import type { PauseRecord, PauseValues } from '../api';
import { pauseSite } from './lines';

/** What a steppable path yields: a pause point, or a call-stack marker (see `call`). */
export type Step =
  | { kind: 'pause'; id: string; values: PauseValues }
  | { kind: 'enter'; site: string; fn: string }
  | { kind: 'leave' };

/** A steppable stage returning `T`. */
export type Steps<T> = Generator<Step, T, void>;

const LEAVE: Step = { kind: 'leave' };

/**
 * How many `runToEnd` drivers are running (nested ones count): while one runs, nobody watches
 * the stages it drives, so `call` adds no frame markers and `pause` no record (see runToEnd).
 */
let unwatchedDrivers = 0;
/** What `pause` yields when nobody watches: the driver ignores it. */
const SKIPPED: Step = { kind: 'pause', id: '', values: {} };

/** The pause `id` (a string literal at the yield: src/kernel/steps/lines.ts finds its line) with `values`. */
export function pause(id: string, values: PauseValues): Step {
  return unwatchedDrivers > 0 ? SKIPPED : { kind: 'pause', id, values };
}

/**
 * Runs sub-stage `g` (function `fn`) as a kernel frame called from the statement marked by the
 * call-site id `site` (a string literal on the call's line, like a pause id); returns its value.
 * Under `runToEnd` it is `g` itself (no markers: nobody keeps the kernel call stack).
 */
export function call<T>(site: string, fn: string, g: Steps<T>): Steps<T> {
  return unwatchedDrivers > 0 ? g : framed(site, fn, g);
}

/** `g` between the enter and leave markers of its kernel frame (what `drive` counts). */
function* framed<T>(site: string, fn: string, g: Steps<T>): Steps<T> {
  yield { kind: 'enter', site, fn };
  const value = yield* g;
  yield LEAVE;
  return value;
}

/**
 * Runs a path to its end with no pause (nobody watches): the fast path. The stages resumed
 * here skip building frame markers and pause records (a `call` or `pause` evaluated while it
 * runs); a path suspended by `drive` and finished here may still yield markers made before,
 * which are ignored.
 */
export function runToEnd<T>(g: Steps<T>): T {
  unwatchedDrivers++;
  try {
    let r = g.next();
    while (!r.done) r = g.next();
    return r.value;
  } finally {
    unwatchedDrivers--;
  }
}

/** One kernel frame of a path: its function and the call-site id it was called from (none for the root). */
interface PathFrame {
  fn: string;
  site?: string;
}

/** A path in progress on one thread: its generator and its kernel call stack (outermost first). */
export interface KernelPath {
  readonly gen: Steps<void>;
  readonly stack: PathFrame[];
  /**
   * Set by a path whose end retires the trapping instruction (a syscall that completed): a
   * step (RunControl.stepTid) then ends with the path, before another user instruction runs.
   */
  retired?: boolean;
}

/** A new path whose outermost kernel frame is `rootFn`. */
export function startPath(rootFn: string, gen: Steps<void>): KernelPath {
  return { gen, stack: [{ fn: rootFn }] };
}

/**
 * Runs `path` until a pause for which `wants(id)` is true, and returns that pause as a record
 * (with file, line and frames) and the kernel frame depth; undefined when the path ended.
 */
export function drive(path: KernelPath, wants: (id: string) => boolean): { pause: PauseRecord; depth: number } | undefined {
  for (let r = path.gen.next(); !r.done; r = path.gen.next()) {
    const step = r.value;
    if (step.kind === 'enter') path.stack.push({ fn: step.fn, site: step.site });
    else if (step.kind === 'leave') path.stack.pop();
    else if (wants(step.id)) return { pause: record(path, step.id, step.values), depth: path.stack.length };
  }
  return undefined;
}

/** The PauseRecord of pause `id` with the path's current stack. */
function record(path: KernelPath, id: string, values: PauseValues): PauseRecord {
  const here = pauseSite(id);
  const frames = path.stack.map((f, i) => {
    const next = path.stack[i + 1];
    const at = next?.site ? pauseSite(next.site) : here;
    return { fn: f.fn, file: at.file, line: at.line };
  });
  return { id, stage: path.stack[path.stack.length - 1].fn, file: here.file, line: here.line, values, frames };
}
