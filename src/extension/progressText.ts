/**
 * The status bar's words for `glasskernel/progress` (pure, unit-tested): instructions retired
 * with an SI suffix and the guest's speed in MIPS while it runs.
 */
import type { ProgressEventBody } from '../debug-adapter/progress';

/** What the status bar item shows: its text (with a codicon) and tooltip. */
export interface ProgressText {
  text: string;
  tooltip: string;
}

/** SI steps for instruction counts: 1.2k, 3.4M, 5.6G. */
const SI_STEPS: readonly [number, string][] = [[1e9, 'G'], [1e6, 'M'], [1e3, 'k']];

/** A count with one decimal and an SI suffix ("12.3M"), plain below a thousand. */
export function siCount(n: number): string {
  for (const [size, suffix] of SI_STEPS) if (n >= size) return `${(n / size).toFixed(1)}${suffix}`;
  return String(Math.max(0, Math.round(n)));
}

/** The item's text and tooltip for one progress event. */
export function progressText(p: ProgressEventBody): ProgressText {
  const total = `${siCount(p.instructionsRetired)} instructions`;
  if (!p.running) {
    return { text: `$(debug-pause) ${total}`, tooltip: `Glasskernel guest stopped: ${p.instructionsRetired.toLocaleString('en-US')} instructions retired since boot` };
  }
  const speed = p.mips === undefined ? '' : ` · ${p.mips.toFixed(p.mips < 10 ? 1 : 0)} MIPS`;
  return {
    text: `$(pulse) ${total}${speed}`,
    tooltip: `Glasskernel guest running: ${p.instructionsRetired.toLocaleString('en-US')} instructions retired since boot${speed ? `, ${speed.slice(3)} over the last half second` : ''}. Click to pause.`,
  };
}
