/**
 * The one check of the scheduling choices a user makes (`--time-slice`/`--scheduler` of the CLI,
 * `timeSliceInstructions`/`scheduler` of the debug adapter's launch request and the matching
 * VS Code settings), so every entry point accepts the same values with the same words.
 */
import { SCHEDULER_NAMES, type SchedulerName } from '../kernel/sched';
import { shown } from './shown-value';

/** Shortest time slice accepted, in retired instructions: below it a switch costs more than the slice. */
export const MIN_TIME_SLICE_INSTRUCTIONS = 100;
/** Longest time slice accepted, in retired instructions (one second of the 1 GHz virtual CPU). */
export const MAX_TIME_SLICE_INSTRUCTIONS = 1_000_000_000;

/**
 * Checks a time slice: a number (launch request) or a string of digits (command line). Returns
 * the slice in instructions, or the sentence to show after the option's name.
 */
export function checkTimeSlice(value: unknown): { ok: true; instructions: number } | { ok: false; error: string } {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  if (Number.isInteger(n) && n >= MIN_TIME_SLICE_INSTRUCTIONS && n <= MAX_TIME_SLICE_INSTRUCTIONS) return { ok: true, instructions: n };
  return { ok: false, error: `must be a whole number of instructions from ${MIN_TIME_SLICE_INSTRUCTIONS} to ${MAX_TIME_SLICE_INSTRUCTIONS}, not ${shown(value)}` };
}

/** Checks a scheduling policy name: one of SCHEDULER_NAMES, or the sentence to show after the option's name. */
export function checkScheduler(value: unknown): { ok: true; name: SchedulerName } | { ok: false; error: string } {
  const name = SCHEDULER_NAMES.find((s) => s === value);
  if (name) return { ok: true, name };
  return { ok: false, error: `must be one of ${SCHEDULER_NAMES.join(', ')}, not ${shown(value)}` };
}
