/**
 * Collects diagnostics. At most MAX_DIAGNOSTICS are kept (a pathological file cannot make an
 * unbounded list); the rest are counted and summarised in one last message.
 */
import type { Diagnostic, Severity, SourceRange } from './types';

/** Most diagnostics kept per assembly. */
export const MAX_DIAGNOSTICS = 1000;

/** An ordered, bounded list of errors and warnings; `hasErrors` decides whether an object is written. */
export class DiagnosticSink {
  readonly list: Diagnostic[] = [];
  private dropped = 0;
  private errorCount = 0;

  get hasErrors(): boolean {
    return this.errorCount > 0;
  }

  report(severity: Severity, range: SourceRange, message: string, related?: Diagnostic['related']): void {
    if (severity === 'error') this.errorCount++;
    if (this.list.length >= MAX_DIAGNOSTICS) {
      this.dropped++;
      return;
    }
    this.list.push(related && related.length > 0 ? { severity, message, range, related } : { severity, message, range });
  }

  error(range: SourceRange, message: string, related?: Diagnostic['related']): void {
    this.report('error', range, message, related);
  }

  warning(range: SourceRange, message: string, related?: Diagnostic['related']): void {
    this.report('warning', range, message, related);
  }

  /** The collected list, with a summary of dropped messages at `end` when there were any. */
  finish(end: SourceRange): Diagnostic[] {
    if (this.dropped > 0) {
      this.list.push({ severity: this.errorCount > 0 ? 'error' : 'warning', range: end,
        message: `${this.dropped} more diagnostics not shown` });
      this.dropped = 0;
    }
    return this.list;
  }
}
