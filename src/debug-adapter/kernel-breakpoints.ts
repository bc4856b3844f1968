/**
 * Breakpoints on lines of the kernel's own TypeScript source (the shipped `src/kernel/*.ts`):
 * a line holding a `pause('id', …)` statement of a steppable path becomes kernel breakpoint
 * `id` (RunControl.kernelBreakpoints), which stops any thread's path there. Any other line of a
 * kernel source is answered unverified with the reason, never an error (DESIGN.md "Steppable
 * kernel paths": only pause points can stop).
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import { pauseTable } from '../kernel/steps/lines';
import { installKernelSources, kernelRelativePath, kernelSourceText } from './kernel-frames';

/** First id of the breakpoints this module answers (kept apart from UserBreakpoints' ids). */
const FIRST_KERNEL_BREAKPOINT_ID = 1_000_000;

/** Kernel-source breakpoints of one session, by source file. */
export class KernelBreakpoints {
  /** Pause ids per repository-relative kernel file. */
  private readonly byFile = new Map<string, string[]>();
  private nextId = FIRST_KERNEL_BREAKPOINT_ID;

  /**
   * Replaces the breakpoints of host file `hostPath` with `lines` (1-based) when it is one of
   * the kernel's shipped sources; undefined when it is not (the caller handles it as a program
   * source).
   */
  set(hostPath: string, lines: readonly number[]): DebugProtocol.Breakpoint[] | undefined {
    installKernelSources();
    const rel = kernelRelativePath(hostPath);
    const text = kernelSourceText(hostPath);
    if (rel === undefined || text === undefined) return undefined;
    const sourceLines = text.split('\n');
    const ids: string[] = [];
    const answers = lines.map((line): DebugProtocol.Breakpoint => {
      const id = this.nextId++;
      const pause = pauseAt(rel, line, sourceLines[line - 1] ?? '');
      if (pause === undefined) {
        return { id, verified: false, line, message: 'no kernel pause point on this line: the kernel stops only at its pause(…) statements' };
      }
      ids.push(pause);
      return { id, verified: true, line };
    });
    if (ids.length > 0) this.byFile.set(rel, ids);
    else this.byFile.delete(rel);
    return answers;
  }

  /** Every pause id with a breakpoint. */
  ids(): Set<string> {
    return new Set([...this.byFile.values()].flat());
  }
}

/** The pause id of the `pause('…'` statement on line `line` (text `text`) of kernel file `rel`, if any. */
function pauseAt(rel: string, line: number, text: string): string | undefined {
  for (const [id, site] of pauseTable().sites) {
    if (site.file === rel && site.line === line && text.includes(`pause('${id}'`)) return id;
  }
  return undefined;
}
