/**
 * Extension-test entry point (the `run()` contract of VS Code's extensionTestsPath, the same one
 * @vscode/test-electron uses): the extension host loads this file after activating the extension
 * under development, awaits run(), and reports success or failure to the test runner.
 * Runs every `*.test.js` bundled next to this file with mocha's tdd interface and prints
 * "N passed, N failed" (test/e2e/run.mjs picks that line up).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The part of mocha's API used here (mocha lives in the e2e cache, see mocha-tdd.d.ts). */
interface MochaRunner {
  addFile(file: string): void;
  run(done: (failures: number) => void): { stats?: { passes: number; failures: number; pending: number } };
}
type MochaConstructor = new (options: { ui: string; color: boolean; timeout: number; grep?: string }) => MochaRunner;

/** Per-test timeout in ms: generous, a debug session boots a whole emulated machine. */
const TEST_TIMEOUT_MS = 180_000;

export function run(): Promise<void> {
  const Mocha = require('mocha') as MochaConstructor;
  const grep = process.env.GLASSKERNEL_E2E_GREP || undefined;
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: TEST_TIMEOUT_MS, grep });
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const stats = runner.stats;
      const passed = stats ? stats.passes : 0;
      const skipped = stats && stats.pending > 0 ? ` (${stats.pending} skipped, not counted)` : '';
      console.log(`${passed} passed, ${failures} failed${skipped}`);
      if (failures > 0) reject(new Error(`${failures} end-to-end test(s) failed`));
      else resolve();
    });
  });
}
