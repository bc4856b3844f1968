/**
 * When the first-steps walkthrough's steps are done (package.json `walkthroughs`, completion by
 * `onContext`): each step completes when the user really does it, not when a view merely opens.
 * Pure decisions here (unit-tested); walkthroughProgress.ts sets the context keys.
 */

/** Context keys the walkthrough's completionEvents wait for (`onContext:<key>`). */
export const WALKTHROUGH_KEYS = {
  /**
   * A window opened the copy Open Examples just made (the command itself runs in the window that
   * then reloads, so its completion event alone may be lost with it).
   */
  examplesOpened: 'glasskernel.walkthrough.examplesOpened',
  /** A debug session of the forktree example stopped (at a breakpoint or any other stop). */
  stoppedInForktree: 'glasskernel.walkthrough.stoppedInForktree',
  /** A session stopped at a copy-on-write fault (the "Copy-on-write fault" exception filter). */
  sawCowFault: 'glasskernel.walkthrough.sawCowFault',
  /** The user expanded an entry of the Page Table view at a stop. */
  readPageTable: 'glasskernel.walkthrough.readPageTable',
} as const;

/** One of WALKTHROUGH_KEYS' values. */
export type WalkthroughKey = (typeof WALKTHROUGH_KEYS)[keyof typeof WALKTHROUGH_KEYS];

/** A DAP `stopped` event's body, the fields read here. */
export interface StopSeen {
  reason?: string;
  description?: string;
}

/** The exception widget's title for copy-on-write stops (the filter's label, exceptions.ts). */
const COW_STOP_TITLE = 'Copy-on-write fault';

/** Basename of the forktree example's program (examples/bin/forktree, built from src/forktree.c). */
const FORKTREE = 'forktree';

/**
 * The steps a stop completes: `program` is the session's launch `program` (host path). A
 * forktree stop completes "Debug forktree"; a copy-on-write exception stop in any program
 * completes "Watch a copy-on-write fault".
 */
export function stepsDoneByStop(program: unknown, stop: StopSeen): WalkthroughKey[] {
  const done: WalkthroughKey[] = [];
  if (typeof program === 'string' && program.split(/[\\/]/).pop() === FORKTREE) done.push(WALKTHROUGH_KEYS.stoppedInForktree);
  if (stop.reason === 'exception' && stop.description === COW_STOP_TITLE) done.push(WALKTHROUGH_KEYS.sawCowFault);
  return done;
}
