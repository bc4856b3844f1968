/**
 * Runs the real CLI (src/cli/main.ts bundled with esbuild into a temporary file, once per
 * test file, so the tests do not depend on a stale dist/). GLASSKERNEL_CLI=<path> runs another
 * build instead (used to check that a test fails on the code before a fix).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The repository (GLASSKERNEL_ROOT when this file runs bundled elsewhere, as scripts/fuzz-cli.mjs does). */
export const REPO = process.env.GLASSKERNEL_ROOT ?? resolve(HERE, '../..');
export const FIXTURES = join(REPO, 'test/cli/fixtures');
export const EXAMPLES_BIN = join(REPO, 'examples/bin');

let bundled: string | undefined;

/** Path of a runnable CLI script. */
export function cliPath(): string {
  if (process.env.GLASSKERNEL_CLI) return process.env.GLASSKERNEL_CLI;
  if (!bundled) {
    bundled = join(mkdtempSync(join(tmpdir(), 'gk-cli-')), 'cli.js');
    buildSync({ entryPoints: [join(REPO, 'src/cli/main.ts')], outfile: bundled, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error' });
  }
  return bundled;
}

/** Host memory cap for every CLI child (MiB of V8 old space): a run that reads a huge file dies instead of swapping. */
export const CHILD_HEAP_MIB = 1536;

/** Runs `glasskernel <args>` with a time limit (ms); the result's `status` is null when it was killed. */
export function runCli(args: string[], timeoutMs = 20_000): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [`--max-old-space-size=${CHILD_HEAP_MIB}`, cliPath(), ...args], {
    encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL', stdio: ['ignore', 'pipe', 'pipe'],
  });
}
