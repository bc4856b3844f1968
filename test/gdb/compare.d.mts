/** Types of compare.mjs (see there for the contracts). */
import type { Frame, Stop } from './gdb-parse.mjs';
/** One difference: the stop (1-based), what differs, gdb's text and ours. */
export interface Mismatch { stop: number; what: string; gdb: string; ours: string }
export interface CaseResult {
  id: string;
  stops: { gdb: number; ours: number };
  frames: { matched: number; total: number };
  vars: { matched: number; total: number; addressOnly: number; skipped: number };
  mismatches: Mismatch[];
  errors: string[];
  ok: boolean;
}
/** Our side's stop: like gdb's, plus a note when the variables could not be read. */
export type OurStop = Omit<Stop, 'vars'> & { vars: Array<{ name: string; value: string }>; note?: string };
export declare function frameText(f: Frame | undefined): string;
export declare function compareValues(ours: string, ref: string, exactAddresses?: boolean): 'match' | 'address' | 'differ';
export declare function compareRuns(
  id: string,
  gdb: { stops: Stop[]; error?: string },
  ours: { stops: OurStop[]; error?: string },
  options?: { exactAddresses?: boolean },
): CaseResult;
