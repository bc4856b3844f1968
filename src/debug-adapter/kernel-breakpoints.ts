/**
 * Breakpoints on lines of the kernel's own TypeScript source (the shipped `src/kernel/*.ts`):
 * a line holding a `pause('id', …)` statement of a steppable path becomes kernel breakpoint
 * `id` (RunControl.kernelBreakpoints), which stops any thread's path there. Any other line of a
 * kernel source is answered unverified with the reason, never an error (DESIGN.md "Steppable
 * kernel paths": only pause points can stop). A breakpoint may carry a condition, a hit
 * condition and a log message over the kernel's values at its pause (kernel-condition.ts).
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { PauseRecord } from '../kernel/api';
import { pauseTable } from '../kernel/steps/lines';
import { decideHit, parseBreakpointOptions, renderLogMessage, type BreakpointOptions, type HitDecision } from './conditions';
import { formatKernelExpression, kernelConditionHolds, parseKernelCondition } from './kernel-condition';
import { installKernelSources, kernelRelativePath, kernelSourceText } from './kernel-frames';

/** One kernel breakpoint: its DAP id, the pause it stops at, and its condition / hit condition / log message. */
interface KernelBreakpoint {
  id: number;
  pause: string;
  options: BreakpointOptions;
}

/** First id of the breakpoints this module answers (kept apart from UserBreakpoints' ids). */
const FIRST_KERNEL_BREAKPOINT_ID = 1_000_000;

/** Kernel-source breakpoints of one session, by source file. */
export class KernelBreakpoints {
  /** Breakpoints per repository-relative kernel file. */
  private readonly byFile = new Map<string, KernelBreakpoint[]>();
  /** Hits counted per breakpoint id (for hit conditions). */
  private readonly hitCounts = new Map<number, number>();
  private nextId = FIRST_KERNEL_BREAKPOINT_ID;

  /**
   * Replaces the breakpoints of host file `hostPath` with `lines` (1-based; `requests[i]` holds
   * line i's condition, hitCondition and logMessage when given) when it is one of the kernel's
   * shipped sources; undefined when it is not (the caller handles it as a program source). A
   * line with no pause point, or a condition that does not parse, is answered unverified with
   * the reason.
   */
  set(hostPath: string, lines: readonly number[], requests: readonly Partial<DebugProtocol.SourceBreakpoint>[] = []): DebugProtocol.Breakpoint[] | undefined {
    installKernelSources();
    const rel = kernelRelativePath(hostPath);
    const text = kernelSourceText(hostPath);
    if (rel === undefined || text === undefined) return undefined;
    const sourceLines = text.split('\n');
    const placed: KernelBreakpoint[] = [];
    const answers = lines.map((line, i): DebugProtocol.Breakpoint => {
      const id = this.nextId++;
      const pause = pauseAt(rel, line, sourceLines[line - 1] ?? '');
      if (pause === undefined) {
        return { id, verified: false, line, message: 'no kernel pause point on this line: the kernel stops only at its pause(…) statements' };
      }
      const options = parseBreakpointOptions(requests[i] ?? {});
      if ('error' in options) return { id, verified: false, line, message: options.error };
      const bad = options.condition !== undefined ? parseKernelCondition(options.condition) : undefined;
      if (bad && 'error' in bad) return { id, verified: false, line, message: `condition: ${bad.error}` };
      placed.push({ id, pause, options });
      return { id, verified: true, line };
    });
    if (placed.length > 0) this.byFile.set(rel, placed);
    else this.byFile.delete(rel);
    return answers;
  }

  /** Every pause id with a breakpoint. */
  ids(): Set<string> {
    return new Set([...this.byFile.values()].flat().map((b) => b.pause));
  }

  /**
   * Decides a hit of the kernel breakpoints at `pause` (gdb's order, conditions.ts decideHit):
   * one decision per breakpoint there; the caller stops when any says stop or error, and prints
   * logs and errors.
   */
  hit(pause: PauseRecord): HitDecision[] {
    return [...this.byFile.values()].flat().filter((b) => b.pause === pause.id).map((b) => decideHit(b.id, b.options, this.hitCounts,
      (expr) => kernelConditionHolds(expr, pause.values),
      (parts) => renderLogMessage(parts, (expr) => formatKernelExpression(expr, pause.values))));
  }
}

/** The pause id of the `pause('…'` statement on line `line` (text `text`) of kernel file `rel`, if any. */
function pauseAt(rel: string, line: number, text: string): string | undefined {
  for (const [id, site] of pauseTable().sites) {
    if (site.file === rel && site.line === line && text.includes(`pause('${id}'`)) return id;
  }
  return undefined;
}
