/**
 * `glasskernel run --trace=syscalls` against `qemu-riscv64 -strace` on the same binaries
 * (issue 10, "Headless"): every process makes the same syscalls in the same order, and every
 * result qemu prints unambiguously is ours too (pids and addresses compared as success).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, EXAMPLES_BIN, REPO } from './cli-bundle';
import { comparable, nameKey, normalize, parseOurTrace, parseQemuStrace, type TracedCall } from './qemu-strace';

const hasQemu = spawnSync('qemu-riscv64', ['--version']).status === 0;
if (!hasQemu) console.warn('trace-qemu.test.ts: qemu-riscv64 not found, the comparison with qemu -strace is skipped');
const dir = mkdtempSync(join(tmpdir(), 'gk-trace-qemu-'));

/**
 * Examples compared. Not here: exec and sh (they execve /bin/<name>, which qemu-user cannot run
 * without binfmt_misc), threads and unshare_files (threads: qemu prints every thread under one
 * pid), pipe (the reader's number of read calls depends on how far the writer got),
 * zombie_orphan (it polls /proc with sched_yield until its child is a zombie: how many polls
 * depends on scheduling).
 */
const EXAMPLES = ['hello', 'cat', 'echo', 'wc', 'forktree', 'cow', 'segv', 'signal', 'mmap_shared', 'munmap_split', 'mprotect', 'stack_grow'];

/**
 * Results that differ by design, by example: read(2) of /proc/self/maps returns a different
 * length under qemu (its maps list the emulator's own view: other stack size, no [vdso] line...).
 */
const RESULTS_DIFFER: Record<string, ReadonlySet<string>> = {
  munmap_split: new Set(['read']), stack_grow: new Set(['read']), mmap_shared: new Set(['read']), mprotect: new Set(['read']),
};

function stdinOf(name: string): string {
  const p = join(REPO, 'examples/input', `${name}.stdin`);
  return existsSync(p) ? p : '/dev/null';
}

function runQemu(name: string): Map<number, TracedCall[]> {
  // The log goes to stderr, not to -D FILE: that file would take the guest's fd 3 (qemu-user shares the host's fd table).
  const log = join(dir, `${name}.qemu.log`);
  spawnSync('sh', ['-c', `exec qemu-riscv64 -strace "${join(EXAMPLES_BIN, name)}" <"${stdinOf(name)}" >/dev/null 2>"${log}"`], { timeout: 60_000 });
  return parseQemuStrace(readFileSync(log, 'utf8'));
}

function runOurs(name: string): Map<number, TracedCall[]> {
  const trace = join(dir, `${name}.ours.trace`);
  spawnSync('sh', ['-c', `exec "${process.execPath}" "$0" run --trace=syscalls --trace-file="${trace}" "${join(EXAMPLES_BIN, name)}" <"${stdinOf(name)}" >/dev/null 2>&1`, cliPath()], { timeout: 60_000 });
  return parseOurTrace(readFileSync(trace, 'utf8'));
}

/**
 * Pairs processes with the same call names (in each trace's order of appearance); a sentence
 * saying what did not pair when the name lists differ.
 */
function pairProcesses(ours: Map<number, TracedCall[]>, qemu: Map<number, TracedCall[]>): [TracedCall[], TracedCall[]][] | string {
  const pool = [...ours.values()].map(normalize);
  const pairs: [TracedCall[], TracedCall[]][] = [];
  for (const q of [...qemu.values()].map(normalize)) {
    const i = pool.findIndex((o) => nameKey(o) === nameKey(q));
    if (i < 0) return `no process of ours made the calls ${nameKey(q)}\nours:\n${[...ours.values()].map(nameKey).join('\n')}`;
    pairs.push([pool[i], q]);
    pool.splice(i, 1);
  }
  return pool.length === 0 ? pairs : `processes of ours that qemu did not run: ${pool.map(nameKey).join(' | ')}`;
}

/**
 * qemu runs of `name` until its log pairs with our trace. qemu prints each call in pieces and
 * concurrent processes write to one log, so now and then two processes' pieces interleave in a
 * way no reading can untangle (two pid prefixes, then two names); such a run is repeated, at
 * most QEMU_ATTEMPTS times. A real difference fails every attempt.
 */
function pairWithQemu(name: string, ours: Map<number, TracedCall[]>): [TracedCall[], TracedCall[]][] {
  let why = '';
  for (let attempt = 0; attempt < QEMU_ATTEMPTS; attempt++) {
    const paired = pairProcesses(ours, runQemu(name));
    if (typeof paired !== 'string') return paired;
    why = paired;
  }
  throw new Error(`${name}: ${why}`);
}

/** qemu runs per example before a mismatch counts (see pairWithQemu). */
const QEMU_ATTEMPTS = 5;

describe.skipIf(!hasQemu)('--trace=syscalls makes the syscalls qemu-riscv64 -strace shows', () => {
  it.each(EXAMPLES)('%s: same calls per process, same results where qemu prints them', (name) => {
    const ours = runOurs(name);
    let compared = 0;
    for (const [o, q] of pairWithQemu(name, ours)) {
      for (let i = 0; i < q.length; i++) {
        const want = comparable(q[i]);
        if (want === undefined || RESULTS_DIFFER[name]?.has(q[i].name)) continue;
        expect(comparable(o[i]), `${name}: call ${i} ${q[i].name}`).toBe(want);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(0);
  }, 120_000);
});
