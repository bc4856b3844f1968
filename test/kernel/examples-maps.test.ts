/**
 * What the examples' own /proc/self/maps output shows on Glasskernel, checked line by line.
 *
 * Where a program prints maps that match Linux by construction (munmap_split, mprotect,
 * mmap_shared, threads print only page ranges and permissions, relative to their own mapping),
 * examples.test.ts already compares them with Linux. stack_grow's stack VMA cannot match: qemu-user
 * gives its guest a fixed 8 MiB stack, Linux and Glasskernel grow it on demand. So stack_grow
 * writes its [stack] lines to stderr, and this file checks them. threads' second fault is checked
 * here too, through the kernel's fault counters.
 *
 * Cases marked `it.fails` name the kernel feature they wait for.
 */
import { describe, expect, it } from 'vitest';
import { runExample } from '../examples-ref/guest';

/** Cases Glasskernel cannot pass yet, and what is missing. */
const MISSING: Record<string, string> = {
  // One hart runs every thread, and an anonymous fault is resolved before any other thread runs,
  // so the second thread never faults on the page the first one is mapping.
  'threads-spurious': 'concurrent fault handling (a second hart, or a fault path that can sleep)',
};

function check(name: string, title: string, body: () => void): void {
  const missing = MISSING[name];
  // A missing kernel feature (named in MISSING) makes this case fail for now.
  if (missing) it.fails(`${title} [fails until: ${missing}]`, body);
  else it(title, body);
}

/** Parses "start-end perms ..." lines of /proc/<pid>/maps. */
function parseMaps(text: string): { start: bigint; end: bigint; perms: string; name: string }[] {
  return text
    .split('\n')
    .map((line) => /^(?:maps: )?([0-9a-f]+)-([0-9a-f]+) (\S{4}) \S+ \S+ \S+\s*(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ start: BigInt(`0x${m[1]}`), end: BigInt(`0x${m[2]}`), perms: m[3], name: m[4] }));
}

describe('maps printed by the examples', () => {
  check('stack-grow', 'stack_grow: the [stack] VMA grows down to cover 512 KiB of frames, its top fixed', () => {
    const r = runExample('stack_grow');
    const stacks = parseMaps(r.stderr);
    expect(stacks.map((s) => s.name)).toEqual(['[stack]', '[stack]', '[stack]']);
    const [before, deepest, after] = stacks;
    expect(deepest.start < before.start).toBe(true);
    expect(before.end - deepest.start).toBeGreaterThanOrEqual(512n * 1024n);
    expect(after.end).toBe(before.end);
    expect(before.perms).toBe('rw-p');
    expect(r.stats.faults['stack-grow']).toBeGreaterThan(0);
  });

  check('munmap-split', 'munmap_split: munmap of the middle page leaves two VMAs with a hole of one page', () => {
    const r = runExample('munmap_split');
    const after = r.stdout.split('after munmap of page 2:\n')[1]?.split('\npages 0, 1, 3, 4')[0];
    expect(after?.split('\n').map((l) => l.trim().replace(/\s+/g, ' '))).toEqual(['pages 0-1 rw-p', 'pages 3-4 rw-p']);
  });

  check('threads-spurious', 'threads: the second thread to fault on the fresh page finds it already mapped', () => {
    const r = runExample('threads');
    expect(r.stdout).toContain('"Aaa..." and "Bbb..."');
    expect(r.stats.faults.spurious).toBeGreaterThanOrEqual(1);
  });
});
