/**
 * Queries over a decoded line-number matrix (DWARF 5 section 6.2): pc -> source line,
 * source line -> breakpoint addresses. Built once; all queries are read-only.
 */
import { bestPathMatches } from './paths';
import type { LineRow, LineSequence } from './line-program';

/** Where a pc is in the source, and the address range of that row. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  /** Address of the row containing the pc (the start of its range). */
  address: number;
  /** First address past the row's range (the next row's address in the sequence). */
  endAddress: number;
  /** The row is a recommended breakpoint location (DWARF is_stmt). */
  isStmt: boolean;
}

/** A breakpoint request moved, if needed, to the next line that has code. */
export interface ResolvedBreakpoint {
  line: number;
  /** Ascending virtual addresses to plant the breakpoint at. */
  addresses: number[];
}

/** Maps an address to the function containing it (any key: its start address, its name). */
export type FunctionOf = (address: number) => number | string | undefined;

/**
 * The decoded line-number matrix of a program: sequences of rows, each sequence covering
 * [start, end) of virtual addresses. Build it with parseDebugLine or loadLineTable.
 * Files are full normalized guest paths; queries accept host paths (suffix matching).
 */
export class LineTable {
  /** Sequences ordered by start address. */
  readonly sequences: readonly LineSequence[];
  /** All rows, sequence after sequence (each in address order, ending with an end row). */
  readonly rows: readonly LineRow[];
  /** maxEnd[i]: the largest end among sequences[0..i], to search overlapping sequences. */
  private readonly maxEnd: number[];
  /** file -> line -> entry addresses, built on first breakpoint query. */
  private lineIndex: Map<string, Map<number, number[]>> | undefined;

  /** Takes sequences in any order; each one's rows must already be in address order. */
  constructor(sequences: readonly LineSequence[]) {
    this.sequences = [...sequences].sort((a, b) => a.start - b.start);
    this.rows = this.sequences.flatMap((s) => s.rows);
    this.maxEnd = [];
    this.sequences.forEach((s, i) => this.maxEnd.push(Math.max(s.end, this.maxEnd[i - 1] ?? 0)));
  }

  /**
   * The row whose [address, next row's address) contains `pc` within a sequence, or
   * undefined when pc is in no sequence. Among rows sharing an address, the last is_stmt row
   * wins (gdb's find_pc_line rule: a row the compiler marked "not a statement" only names the
   * pc when no statement row starts there), else the last row.
   */
  lookup(pc: number): SourceLocation | undefined {
    const last = lastAtOrBefore(this.sequences.length, (i) => this.sequences[i]!.start <= pc);
    for (let i = last; i >= 0 && this.maxEnd[i]! > pc; i--) {
      const seq = this.sequences[i]!;
      if (pc >= seq.end) continue;
      const rows = seq.rows;
      const k = lastAtOrBefore(rows.length - 1, (j) => rows[j]!.address <= pc);
      if (k < 0) continue;
      const row = rows[statementAt(rows, k)]!;
      let next = k + 1;
      while (next < rows.length - 1 && rows[next]!.address <= row.address) next++;
      const endAddress = next < rows.length ? Math.max(rows[next]!.address, row.address) : seq.end;
      return { file: row.file, line: row.line, column: row.column, address: row.address, endAddress, isStmt: row.isStmt };
    }
    return undefined;
  }

  /** Distinct file paths that have rows, sorted. */
  files(): string[] {
    return [...this.index().keys()].sort();
  }

  /**
   * Breakpoint addresses for exactly `line` of `file`: for every run of consecutive rows
   * on that line, the address of its first is_stmt row (the point where execution enters
   * the line), ascending. `file` may be a host path: it matches the table's files that
   * share the longest path suffix with it (at least the base name).
   */
  addressesForLine(file: string, line: number): number[] {
    return this.linesOf(file).get(line) ?? [];
  }

  /**
   * Like addressesForLine, but when `line` has no code moves to the next line below it
   * that has some (as gdb does). With `functionOf`, keeps only the lowest address per
   * function, so a `for` line stops once rather than at each of its parts (gdb's rule).
   * Undefined when the file is unknown or no line at or after `line` has code.
   */
  resolveBreakpoint(file: string, line: number, functionOf?: FunctionOf): ResolvedBreakpoint | undefined {
    const lines = this.linesOf(file);
    let best: number | undefined;
    for (const candidate of lines.keys()) {
      if (candidate >= line && (best === undefined || candidate < best)) best = candidate;
    }
    if (best === undefined) return undefined;
    let addresses = lines.get(best)!;
    if (functionOf) {
      const seen = new Set<number | string>();
      addresses = addresses.filter((a) => {
        const fn = functionOf(a);
        if (fn === undefined) return true;
        if (seen.has(fn)) return false;
        seen.add(fn);
        return true;
      });
    }
    return { line: best, addresses };
  }

  /** line -> addresses for every table file best matching `file`, merged. */
  private linesOf(file: string): Map<number, number[]> {
    const index = this.index();
    const matches = bestPathMatches(file, [...index.keys()]);
    if (matches.length === 1) return index.get(matches[0]!)!;
    const merged = new Map<number, number[]>();
    for (const m of matches) {
      for (const [line, addrs] of index.get(m)!) merged.set(line, [...(merged.get(line) ?? []), ...addrs]);
    }
    for (const addrs of merged.values()) addrs.sort((a, b) => a - b);
    return merged;
  }

  private index(): Map<string, Map<number, number[]>> {
    if (this.lineIndex) return this.lineIndex;
    const index = new Map<string, Map<number, number[]>>();
    for (const seq of this.sequences) addEntryPoints(seq.rows, index);
    for (const lines of index.values()) {
      for (const [line, addrs] of lines) lines.set(line, [...new Set(addrs)].sort((a, b) => a - b));
    }
    this.lineIndex = index;
    return index;
  }
}

/** Records the first is_stmt address of each run of same-file, same-line rows. */
function addEntryPoints(rows: readonly LineRow[], index: Map<string, Map<number, number[]>>): void {
  let runKey = '';
  let recorded = false;
  for (const row of rows) {
    if (row.endSequence) break;
    const key = `${row.line}\u0000${row.file}`;
    if (key !== runKey) {
      runKey = key;
      recorded = false;
    }
    let lines = index.get(row.file);
    if (!lines) index.set(row.file, (lines = new Map()));
    if (recorded || !row.isStmt || row.line === 0) continue;
    const addrs = lines.get(row.line);
    if (addrs) addrs.push(row.address);
    else lines.set(row.line, [row.address]);
    recorded = true;
  }
}

/** Index of the last is_stmt row among the rows sharing rows[k]'s address (ending at k), else k. */
function statementAt(rows: readonly LineRow[], k: number): number {
  const address = rows[k]!.address;
  for (let j = k; j >= 0 && rows[j]!.address === address; j--) {
    if (rows[j]!.isStmt && rows[j]!.line !== 0) return j;
  }
  return k;
}

/** The largest i in [0, n) with pred(i) true, for pred true-then-false; -1 if none. */
function lastAtOrBefore(n: number, pred: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pred(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
