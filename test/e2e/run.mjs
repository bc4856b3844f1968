#!/usr/bin/env node
// `npm run test:e2e`: runs test/e2e/suite inside a real VS Code (code-server in headless Chromium)
// with this repository as the extension under development and as the opened workspace.
//
//   1. installs code-server, playwright-core and mocha into the cache folder when missing
//      ($GLASSKERNEL_E2E_CACHE, default .cache/vscode-e2e; see install-code-server.sh);
//   2. builds dist/ (npm run build) when it is missing or older than src/;
//   3. type-checks and bundles the suite into <cache>/suite-out;
//   4. starts the UI bridge (lib/ui-bridge.mjs) on a random 127.0.0.1 port and code-server on
//      another, with the bridge's URL in GLASSKERNEL_E2E_UI; opens the workbench with the test
//      payload and hands its page to the bridge; waits for window.codeAutomationExit, prints
//      "N passed, N failed" and the artifacts folder; always stops code-server and the bridge.
//   5. then runs the new-user scenario (new-user.mjs: the packaged .vsix in a clean profile, Open
//      Examples, F5 on forktree.c, with keys and clicks only) and counts it as one more test in
//      the summary; GLASSKERNEL_E2E_GREP selects it as mocha does (a substring of its title).
//
// Environment: GLASSKERNEL_E2E_TIMEOUT_MS (whole run, default 600000), GLASSKERNEL_E2E_GREP (mocha
// grep passed to the suite), GLASSKERNEL_E2E_VERBOSE=1 (every workbench log line), CHROMIUM_PATH,
// GLASSKERNEL_E2E_ARTIFACTS (screenshots, default test/e2e/artifacts; emptied of *.png per run).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { startCodeServer, waitHealthy } from './lib/code-server.mjs';
import { startUiBridge } from './lib/ui-bridge.mjs';
import { runExtensionTests } from './lib/workbench.mjs';
import { NEW_USER_TITLE, runNewUser } from './new-user.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const cacheDir = path.resolve(process.env.GLASSKERNEL_E2E_CACHE || path.join(repo, '.cache', 'vscode-e2e'));
const timeoutMs = Number(process.env.GLASSKERNEL_E2E_TIMEOUT_MS || 600_000);
const artifactsDir = path.resolve(process.env.GLASSKERNEL_E2E_ARTIFACTS || path.join(here, 'artifacts'));
const SUMMARY = /^(\d+) passed, (\d+) failed\b/;

/** Runs a command in the repo with inherited output; throws when it fails. */
function sh(command, args, env = process.env) {
  execFileSync(command, args, { cwd: repo, stdio: 'inherit', env });
}

/** Newest modification time (ms) of any file under `dir`; 0 when it does not exist. */
function newestMtime(dir) {
  if (!fs.existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return newest;
}

function ensureTools() {
  if (fs.existsSync(path.join(cacheDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'))
    && fs.readdirSync(cacheDir).some((f) => f.startsWith('installed-code-server-'))) return;
  console.log(`e2e: installing code-server into ${cacheDir} (first run only, several minutes)`);
  sh('bash', [path.join(here, 'install-code-server.sh')], { ...process.env, GLASSKERNEL_E2E_CACHE: cacheDir });
}

function ensureBuilt() {
  const outputs = ['extension.js', 'adapter.js'].map((f) => path.join(repo, 'dist', f));
  const builtAt = Math.min(...outputs.map((f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0)));
  if (builtAt > newestMtime(path.join(repo, 'src'))) return;
  console.log('e2e: building dist/ (npm run build)');
  sh('npm', ['run', 'build']);
}

/** Type-checks the suite, then bundles each suite file to <cache>/suite-out (mocha resolves from the cache). */
async function bundleSuite() {
  sh(process.execPath, [path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(here, 'tsconfig.json')]);
  const outdir = path.join(cacheDir, 'suite-out');
  fs.rmSync(outdir, { recursive: true, force: true });
  const suiteDir = path.join(here, 'suite');
  const entryPoints = fs.readdirSync(suiteDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).map((f) => path.join(suiteDir, f));
  await esbuild.build({
    entryPoints, outdir, bundle: true, platform: 'node', target: 'node20', format: 'cjs',
    sourcemap: 'inline', external: ['vscode', 'mocha'], logLevel: 'warning',
  });
  return path.join(outdir, 'index.js');
}

/** Creates the artifacts folder and removes the screenshots an earlier run left there. */
function freshArtifacts() {
  fs.mkdirSync(artifactsDir, { recursive: true });
  for (const f of fs.readdirSync(artifactsDir)) if (f.endsWith('.png')) fs.rmSync(path.join(artifactsDir, f));
}

/** Says where the screenshots are and how many this run saved. */
function reportArtifacts() {
  const shots = fs.existsSync(artifactsDir) ? fs.readdirSync(artifactsDir).filter((f) => f.endsWith('.png')) : [];
  console.log(`e2e: ${shots.length} screenshot(s) in ${artifactsDir}`);
}

/**
 * The suite's counts from its own summary line: { passed, failed }, with one failure counted when
 * the suite never reported, timed out, or exited non-zero without a failed test.
 */
function report({ exitCode, timedOut, log }, runDir, logFile) {
  const summary = log.map((l) => l.trim().match(SUMMARY)).filter(Boolean).pop();
  if (timedOut) console.log(`e2e: timed out after ${timeoutMs} ms; screenshot ${path.join(artifactsDir, 'timeout.png')}`);
  if (summary) console.log(`e2e: suite: ${summary[1]} passed, ${summary[2]} failed`);
  else console.log(`e2e: suite: the suite did not report a result; code-server log: ${logFile}`);
  const passed = summary ? Number(summary[1]) : 0;
  const failed = summary ? Number(summary[2]) : 1;
  return { passed, failed: failed === 0 && (timedOut || exitCode !== 0) ? 1 : failed };
}

/**
 * Runs the new-user scenario when GLASSKERNEL_E2E_GREP is unset or a substring of its title (as
 * mocha treats a grep string). Resolves true (passed), false (failed, after saying why) or
 * undefined (not selected).
 */
async function newUser() {
  const grep = process.env.GLASSKERNEL_E2E_GREP;
  if (grep && !NEW_USER_TITLE.includes(grep)) return undefined;
  console.log(`e2e: ${NEW_USER_TITLE}`);
  const result = await runNewUser({ repo, cacheDir, artifactsDir });
  for (const note of result.notes) console.log(`e2e: new user: note: ${note}`);
  if (result.ok) console.log(`e2e: new user: passed in ${Math.round(result.ms / 1000)} s`);
  else console.log(`e2e: new user: FAILED after ${Math.round(result.ms / 1000)} s: ${result.error}\ne2e: new user: run folder kept for inspection: ${result.runDir}`);
  return result.ok;
}

/** Installs, builds and bundles; undefined (after saying why) when a step fails. */
async function prepare() {
  try {
    ensureTools();
    ensureBuilt();
    return await bundleSuite();
  } catch (e) {
    console.error(`e2e: preparation failed: ${e instanceof Error ? e.message.split('\n')[0] : e}`);
    return undefined;
  }
}

async function main() {
  const testsPath = await prepare();
  if (!testsPath) {
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'glasskernel-e2e-'));
  freshArtifacts();
  const bridge = await startUiBridge({ artifactsDir });
  const server = await startCodeServer({ cacheDir, runDir, env: { GLASSKERNEL_E2E_UI: bridge.url } });
  const stopOnSignal = (signal) => { server.stop(); process.exit(signal === 'SIGINT' ? 130 : 143); };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  process.once('exit', server.stop);
  let counts = { passed: 0, failed: 1 };
  try {
    await waitHealthy(server.port);
    const result = await runExtensionTests({
      cacheDir, port: server.port, workspace: repo, devPath: repo, testsPath, timeoutMs,
      screenshotFile: path.join(artifactsDir, 'timeout.png'), verbose: Boolean(process.env.GLASSKERNEL_E2E_VERBOSE),
      onPage: (page) => (page ? bridge.attach(page) : bridge.detach()),
    });
    counts = report(result, runDir, server.logFile);
  } catch (e) {
    console.error(`e2e: ${e instanceof Error ? e.message : e}; code-server log: ${server.logFile}`);
  } finally {
    server.stop();
    await bridge.close();
    await Promise.race([server.exited, new Promise((r) => setTimeout(r, 3000))]);
  }
  const suiteOk = counts.failed === 0;
  const newUserPassed = await newUser();
  if (newUserPassed !== undefined) counts = { passed: counts.passed + (newUserPassed ? 1 : 0), failed: counts.failed + (newUserPassed ? 0 : 1) };
  console.log(`${counts.passed} passed, ${counts.failed} failed`);
  reportArtifacts();
  if (suiteOk) fs.rmSync(runDir, { recursive: true, force: true });
  else console.log(`e2e: run folder kept for inspection: ${runDir}`);
  process.exit(counts.failed === 0 ? 0 : 1);
}

await main();
