import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { RECOMMENDED_V8_FLAGS } from '../../src/emu';

describe('RECOMMENDED_V8_FLAGS', () => {
  // v8.setFlagsFromString ignores a flag it does not know, so a Node upgrade that renamed one
  // would silently bring back the slow path; node itself rejects unknown flags (exit status 9).
  it.each(RECOMMENDED_V8_FLAGS)('%s is a flag this Node accepts', (flag) => {
    const r = spawnSync(process.execPath, [flag, '-e', 'process.exit(0)'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('a misspelt flag is rejected the same way (the check above can fail)', () => {
    const r = spawnSync(process.execPath, ['--no-use-osr-typo', '-e', 'process.exit(0)'], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
  });
});
