/**
 * Re-records gdb's answers live (fixtures/gdb-probe.sh: qemu-riscv64 -g + gdb-multiarch) and
 * checks they still equal the committed fixtures/gdb-expected.txt that gdb-reference.test.ts
 * compares against. Skips, saying why, when either tool is missing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const FIXTURES = join(__dirname, 'fixtures');
/** Answers that hold stack addresses, which move with the environment qemu passes the guest. */
const STACK_DEPENDENT = new Set(['$sp', '&local']);
const have = (tool: string): boolean => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const missing = ['qemu-riscv64', 'gdb-multiarch'].filter((t) => !have(t));

describe('live gdb recording', () => {
  // Named for what is missing when it skips; CI installs both tools, so there it always runs.
  const title = missing.length ? ` (skipped: ${missing.join(' and ')} not installed)` : '';
  it.skipIf(missing.length > 0)(`gdb 13 still answers exactly what fixtures/gdb-expected.txt records${title}`, () => {
    const live = execFileSync(join(FIXTURES, 'gdb-probe.sh'), { encoding: 'utf8', timeout: 60_000 });
    // gdb's stdout and stderr (error answers) are merged, and their interleaving can split a
    // line now and then; compare the answers of every expression whose line came out whole.
    const answers = (s: string): Map<string, string> =>
      new Map(s.replace(/qemu-riscv64: .*$/gm, '').split('\n').filter((l) => l.includes('\t')).map((l) => [l.slice(0, l.indexOf('\t')), l.slice(l.indexOf('\t') + 1)]));
    const now = answers(live);
    const recorded = answers(readFileSync(join(FIXTURES, 'gdb-expected.txt'), 'utf8'));
    let compared = 0;
    for (const [expr, answer] of recorded) {
      if (!now.has(expr) || STACK_DEPENDENT.has(expr)) continue;
      compared++;
      expect(`${expr}\t${now.get(expr)}`).toBe(`${expr}\t${answer}`);
    }
    expect(compared).toBeGreaterThan(recorded.size - 5);
  });
});
