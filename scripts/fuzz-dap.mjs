// DAP fuzzing of the built adapter (issue 9): random requests and malformed frames over stdio.
// Usage: npm run fuzz:dap -- [--seed S] [--count N] [--no-save]
// Builds dist/adapter.js, bundles test/debug-adapter/fuzz/dap-fuzz.ts with esbuild into a
// temporary module (under node_modules/.cache) and runs it; each failure is shrunk and saved as a reproducer under
// test/debug-adapter/fuzz/repro/, which the suite replays.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, withTsModule } from './run-ts.mjs';

const root = ROOT;
const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? Number(argv[i + 1]) : fallback;
};
const seed = option('--seed', Date.now() % 1_000_000);
const count = option('--count', 5000);
const save = !argv.includes('--no-save');
if (!Number.isSafeInteger(seed) || !Number.isSafeInteger(count) || count < 1) {
  console.error('usage: npm run fuzz:dap -- [--seed S] [--count N] [--no-save]');
  process.exit(2);
}

execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
process.exitCode = await withTsModule('test/debug-adapter/fuzz/dap-fuzz.ts', async ({ fuzzDap, REPRO_DIR }) => {
  const t0 = Date.now();
  const report = await fuzzDap(seed, count, { shrink: true, log: (s) => console.log(s) });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  console.log(`seed ${seed}: ${report.inputs} inputs (${report.requests} requests, ${report.malformed} malformed frames) `
    + `in ${report.episodes} adapter sessions, ${seconds} s: ${report.failures.length} failures`);
  if (save) {
    report.failures.forEach((f, i) => {
      mkdirSync(REPRO_DIR, { recursive: true });
      const file = join(REPRO_DIR, `seed-${seed}-${i}.json`);
      writeFileSync(file, JSON.stringify({ seed, problem: f.problem, inputs: f.inputs }, null, 1) + '\n');
      console.log(`saved ${file}`);
    });
  }
  return report.failures.length > 0 ? 1 : 0;
}, {
  packages: 'external',
  define: { 'import.meta.url': JSON.stringify(pathToFileURL(join(root, 'test/debug-adapter/harness.ts')).href) },
});
