import { describe, expect, it } from 'vitest';
import { progressText, siCount } from '../../src/extension/progressText';

describe('the status bar text', () => {
  it('counts instructions with SI suffixes', () => {
    expect([siCount(999), siCount(1000), siCount(12_345_678), siCount(3.2e9)]).toEqual(['999', '1.0k', '12.3M', '3.2G']);
  });

  it('shows the speed while running and a pause icon at a stop', () => {
    expect(progressText({ running: true, instructionsRetired: 12_345_678, mips: 245.4 }).text).toBe('$(pulse) 12.3M instructions · 245 MIPS');
    expect(progressText({ running: true, instructionsRetired: 5000, mips: 2.25 }).text).toBe('$(pulse) 5.0k instructions · 2.3 MIPS');
    const stopped = progressText({ running: false, instructionsRetired: 77_034 });
    expect(stopped.text).toBe('$(debug-pause) 77.0k instructions');
    expect(stopped.tooltip).toContain('77,034 instructions retired');
  });
});
