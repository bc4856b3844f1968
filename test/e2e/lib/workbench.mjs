// Opens the VS Code workbench served by code-server in Debian's headless Chromium (through
// playwright-core, no browser download) with the standard extension-test payload:
// extensionDevelopmentPath + extensionTestsPath. The extension host then loads the extension under
// development, calls the suite's run(), and reports the result to window.codeAutomationExit;
// console output of the extension host arrives through window.codeAutomationLog.
// openWorkbench opens it as a user does instead: a folder or an empty window, no payload.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';

/** Log lines of the workbench that only add noise to a test run. */
const NOISE = /^(Creating a socket|\[Service Worker\]|Updating additional|Ignoring fetching|Resolv|\[perf\])/;

/**
 * Runs the extension tests once. Resolves to { exitCode, timedOut, log } where log holds every
 * forwarded line; writes a screenshot to `screenshotFile` on timeout. `onPage(page)` (optional)
 * receives the workbench page before it loads, and `onPage(undefined)` before the browser closes.
 */
export async function runExtensionTests({ cacheDir, port, workspace, devPath, testsPath, timeoutMs, screenshotFile, verbose, onPage = () => {} }) {
  const { context, profile } = await launchBrowser(cacheDir);
  const log = [];
  let timer;
  try {
    const exit = new Promise((resolve) => {
      void context.exposeFunction('codeAutomationExit', (code) => resolve(code));
      void context.exposeFunction('codeAutomationLog', (type, args) => {
        const line = util.format(...args);
        log.push(line);
        if (verbose || type === 'error' || !NOISE.test(line)) console.log(line);
      });
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => console.log(`[workbench error] ${e.message}`));
    onPage(page);
    await page.goto(workbenchUrl({ port, workspace, devPath, testsPath }));
    const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve('timeout'), timeoutMs); });
    const result = await Promise.race([exit, timeout]);
    if (result === 'timeout') {
      await page.screenshot({ path: screenshotFile }).catch(() => {});
      return { exitCode: 1, timedOut: true, log };
    }
    return { exitCode: Number(result), timedOut: false, log };
  } finally {
    clearTimeout(timer);
    onPage(undefined);
    await context.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * Starts Debian's headless Chromium (playwright-core from `cacheDir`) with a fresh profile folder
 * and a 1400x900 viewport. Resolves { context, profile }; the caller closes the context and
 * removes the profile folder.
 */
async function launchBrowser(cacheDir) {
  const { chromium } = createRequire(path.join(cacheDir, 'package.json'))('playwright-core');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'glasskernel-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    env: { ...process.env, XDG_CONFIG_HOME: profile, XDG_CACHE_HOME: profile },
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-breakpad', '--disable-crash-reporter'],
  });
  return { context, profile };
}

/**
 * Opens the workbench as a user does, without any test payload: the folder `folder` when given
 * (absolute path on the code-server machine), else an empty window. Does not wait for the
 * workbench to finish loading. Resolves { page, errors, close() }: `errors` collects uncaught page
 * errors (printed too when `verbose`); close() closes the browser and removes its profile, and is
 * safe to call twice.
 */
export async function openWorkbench({ cacheDir, port, folder, verbose = false }) {
  const { context, profile } = await launchBrowser(cacheDir);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await context.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
  };
  const errors = [];
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => {
      errors.push(e.message);
      if (verbose) console.log(`[workbench error] ${e.message}`);
    });
    if (verbose) page.on('console', (m) => console.log(`[workbench ${m.type()}] ${m.text()}`));
    const query = folder === undefined ? '' : `?folder=${encodeURIComponent(folder)}`;
    await page.goto(`http://127.0.0.1:${port}/${query}`);
    return { page, errors, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** The workbench URL: folder to open plus the test payload, paths as vscode-remote URIs. */
function workbenchUrl({ port, workspace, devPath, testsPath }) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(devPath)],
    ['extensionTestsPath', remote(testsPath)],
    ['skipWelcome', 'true'],
  ];
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
