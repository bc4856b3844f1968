/**
 * The row shape of the Fault Log, TLB and Scheduler views: plain data a thin
 * vscode.TreeDataProvider turns into TreeItems (kernelViews.ts). Pure: no vscode import, so
 * the models that build rows from adapter responses are unit-tested directly.
 */
import type { SourceLineInfo } from '../debug-adapter/protocol';
import type { TreeRow } from './rowModel';

/** One row of the Fault Log, TLB and Scheduler views. */
export interface KernelRow extends TreeRow {
  /** True when the row is new since the last stop. */
  isNew?: boolean;
  /** A source line clicking the row opens. */
  open?: SourceLineInfo;
  children?: KernelRow[];
}

/** Suffix of the description of a row new since the last stop. */
export const NEW_MARK = 'new';

/** `description` with " · new" appended when `isNew`. */
export function markNew(description: string, isNew: boolean): string {
  if (!isNew) return description;
  return description ? `${description} · ${NEW_MARK}` : NEW_MARK;
}

/** A count with thousands separators, as the views print instruction counts: 1234567 -> "1,234,567". */
export function count(n: number): string {
  return Number.isFinite(n) ? Math.trunc(n).toLocaleString('en-US') : String(n);
}

/** "file.c:12" for a source line (the last path component; both separators). */
export function sourceLabel(source: SourceLineInfo): string {
  const parts = source.path.split(/[\\/]/);
  return `${parts[parts.length - 1] ?? source.path}:${source.line}`;
}

/** True for a non-negative safe integer. */
export function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** True for a plain object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
