/**
 * What the three OS views (Processes, Memory Map, Page Table) are made of: plain rows a thin
 * vscode.TreeDataProvider turns into TreeItems, and the "changed since the last stop" tracker
 * that marks rows new or changed. Pure: no vscode import, so unit tests build rows from adapter
 * responses directly.
 */

/** A row's difference from the previous stop: it did not exist then, or its content differs. */
export type RowChange = 'new' | 'changed';

/** What a row stands for, so commands and lazy expansion know which process, area or page. */
export type RowRef =
  | { kind: 'process'; pid: number; live: boolean }
  | { kind: 'thread'; pid: number; tid: number }
  | { kind: 'vma'; pid: number; start: string; end: string }
  | { kind: 'page'; pid: number; va: string; pa: string }
  | { kind: 'more'; pid: number }
  /** A page-table entry: `next` is the next-level table's ppn for a pointer entry. */
  | { kind: 'pte'; pid: number; level: number; index: number; vaStart: string; leaf: boolean; next?: string; pa?: string }
  | { kind: 'legend' }
  | { kind: 'note' };

/** What every Glasskernel tree row shows (the OS views' ViewRow, the kernel views' KernelRow). */
export interface TreeRow {
  /** Stable TreeItem id: the same process, VMA, page, PTE or log entry keeps its id across stops (its expansion too). */
  id: string;
  label: string;
  /** Grey text after the label; ends with "· new" / "· changed" for rows new or changed since the last stop. */
  description?: string;
  tooltip?: string;
  /** Codicon id (https://code.visualstudio.com/api/references/icons-in-labels) and optional theme colour id. */
  icon?: string;
  iconColor?: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
}

/** One row of the Processes, Memory Map and Page Table views. */
export interface ViewRow extends TreeRow {
  /** TreeItem.contextValue: what the view/item/context menus match on. */
  contextValue?: string;
  change?: RowChange;
  ref: RowRef;
  /** Children known now; undefined means none or fetched on expansion. */
  children?: ViewRow[];
}

/** The description with the change mark appended ("· new", "· changed"). */
export function markChange(description: string, change: RowChange | undefined): string {
  if (!change) return description;
  return description ? `${description} · ${change}` : change;
}

/** One scope's rows as observed at one stop: key -> content signature. */
interface Observation {
  stop: number;
  rows: Map<string, string>;
}

/**
 * Remembers, per scope (a process list, one process's VMAs, one VMA's pages, one table page),
 * the rows seen at the current stop and at the stop before, and says which rows are new or
 * changed. A scope not observed at the stop just before gets no marks (there is nothing to
 * compare with), so selecting another process or expanding a row for the first time marks
 * nothing. Observing the same scope again at the same stop is harmless (same answers).
 */
export class ChangeTracker {
  private readonly current = new Map<string, Observation>();
  private readonly previous = new Map<string, Observation>();

  /**
   * Records row `key` of `scope` with content `signature` at stop number `stop` (increasing by
   * one per debugger stop) and returns its mark: 'new' when the scope was seen at stop - 1
   * without it, 'changed' when its signature differs from then, else undefined.
   */
  observe(scope: string, stop: number, key: string, signature: string): RowChange | undefined {
    let now = this.current.get(scope);
    if (!now || now.stop !== stop) {
      if (now && now.stop < stop) this.previous.set(scope, now);
      now = { stop, rows: new Map() };
      this.current.set(scope, now);
    }
    now.rows.set(key, signature);
    const before = this.previous.get(scope);
    if (!before || before.stop !== stop - 1) return undefined;
    const old = before.rows.get(key);
    if (old === undefined) return 'new';
    return old === signature ? undefined : 'changed';
  }

  /** Forgets everything (the session ended). */
  clear(): void {
    this.current.clear();
    this.previous.clear();
  }
}

/** Parses a "0x..." hex string as a bigint; undefined for anything else (never throws). */
export function hexBig(value: unknown): bigint | undefined {
  if (typeof value !== 'string' || !/^0x[0-9a-f]+$/i.test(value.trim())) return undefined;
  return BigInt(value.trim());
}

/** "0x" and lowercase hex of a non-negative bigint. */
export function hexOf(n: bigint): string {
  return `0x${n.toString(16)}`;
}

/** The PTE flag letters V R W X U G A D with their meaning (privileged spec 4.3.1/4.4.1). */
export const PTE_FLAG_LEGEND: ReadonlyArray<[string, string]> = [
  ['V', 'valid: the entry is used (V = 0: any access page-faults)'],
  ['R', 'readable'],
  ['W', 'writable (W without R is reserved)'],
  ['X', 'executable'],
  ['U', 'user mode may access the page'],
  ['G', 'global: mapped in every address space'],
  ['A', 'accessed: set when the page is used'],
  ['D', 'dirty: set when the page is written'],
];

/**
 * The legend row explaining the flag letters, with one child per letter. `view` prefixes the
 * ids (each view has its own legend row).
 */
export function legendRow(view: string): ViewRow {
  return {
    id: `${view}:legend`,
    label: 'PTE flags: V R W X U G A D',
    description: 'a letter per bit, "-" when clear',
    tooltip: PTE_FLAG_LEGEND.map(([l, what]) => `${l}  ${what}`).join('\n'),
    icon: 'info',
    collapsible: 'collapsed',
    ref: { kind: 'legend' },
    children: PTE_FLAG_LEGEND.map(([letter, what]) => ({
      id: `${view}:legend:${letter}`, label: letter, description: what, collapsible: 'none', ref: { kind: 'legend' },
    })),
  };
}
