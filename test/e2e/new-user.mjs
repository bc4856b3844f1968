#!/usr/bin/env node
// "Tried as a new user would": installs the packaged glasskernel.vsix into a clean code-server
// profile, opens an empty window and does what a newcomer does, with keystrokes and clicks only
// (no test payload, no vscode API):
//
//   1. opens the walkthrough "See an operating system at work" (Ctrl+Shift+P, "Welcome: Open
//      Walkthrough...") and clicks its first step's Open Examples button: the step is ticked off;
//   2. in the folder dialog (VS Code's simple file dialog), types the path of an empty folder and
//      clicks "Copy Examples Here"; the window reopens on the copy;
//   3. the reopened window shows src/forktree.c and a greeting saying where to click; Ctrl+G to
//      the "child-only line"; clicks the gutter there;
//   4. F5 (no launch.json exists): the session must stop at that breakpoint, with `work` at
//      forktree.c:<line> on top of the thread "Paused on breakpoint" in Call Stack, and pid 1 /
//      pid 2 rows in the Processes view of the Run and Debug sidebar;
//   5. Shift+F5 ends it; no file of the copy was added or changed.
//
// Screenshots: <artifacts>/new-user-NN-<step>.png, and new-user-failed-<step>.png when a step
// fails (artifacts: GLASSKERNEL_E2E_ARTIFACTS, default test/e2e/artifacts).
//
// Standalone: `node test/e2e/new-user.mjs` prints "1 passed, 0 failed" or "0 passed, 1 failed"
// and exits 0 or 1. test/e2e/run.mjs imports runNewUser() and runs it after the suite.
// Environment: GLASSKERNEL_E2E_CACHE, GLASSKERNEL_E2E_ARTIFACTS, GLASSKERNEL_E2E_VERBOSE=1 (the
// workbench's console), GLASSKERNEL_E2E_NEW_USER_TIMEOUT_MS (whole scenario, default 480000),
// CHROMIUM_PATH.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { installExtension, startCodeServer, waitHealthy } from './lib/code-server.mjs';
import { SHOW_MS, UserSteps } from './lib/user-steps.mjs';
import { ensureVsix } from './lib/vsix.mjs';
import {
  ACTIVE_TAB, BREAKPOINT_GLYPH, DEBUG_TOOLBAR, EXPLORER_ROWS, GLYPH_MARGIN, LINE_NUMBERS, NOTIFICATION, QUICK_INPUT,
  QUICK_INPUT_BOX, QUICK_INPUT_ROWS, QUICK_INPUT_TITLE, centre, lineContent, pane, quickInputButton, rows,
} from './lib/workbench-dom.mjs';
import { openWorkbench } from './lib/workbench.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');

/** The scenario's name, as run.mjs matches GLASSKERNEL_E2E_GREP against it. */
export const NEW_USER_TITLE = 'New user: Open Examples, then F5 on forktree.c';

/** openLabel and title of the folder dialog (src/extension/openExamples.ts). */
const COPY_HERE = 'Copy Examples Here';
const DIALOG_TITLE = 'folder to copy the examples into';
/** The example a newcomer opens first, relative to the copy. */
const SOURCE = path.join('src', 'forktree.c');
/** The code line of forktree.c marked "child-only line" (the header comment also says "child-only line"). */
const CHILD_ONLY_LINE = /\S.*\/\*\s*child-only line\s*\*\//;
/** That marker as the editor draws it on the line. */
const MARKER_TEXT = '/* child-only line */';
/** The function of forktree.c that holds the child-only line. */
const FUNCTION = 'work';
/** The activity bar icon of the extension's view container (package.json viewsContainers, title "Glasskernel"). */
const ACTIVITY_GLASSKERNEL = '.part.activitybar .action-item .action-label[aria-label^="Glasskernel"]';

/** Wait for a workbench (re)load: code-server serves, the extension host starts (ms). */
const LOAD_MS = 90_000;
/** Wait from F5 to the stop at the breakpoint: adapter start, boot, forks (ms). */
const STOP_MS = 150_000;
/** Wait from Shift+F5 to the end of the session (ms). */
const END_MS = 60_000;
/** Pause between keys when typing a path into the folder dialog (ms). */
const TYPING_DELAY_MS = 40;
/** How long the folder dialog's box and listing must hold still to count as settled (ms). */
const DIALOG_SETTLE_MS = 300;

/** Every file under `dir` as relative path -> "size mtime", to tell later whether any changed. */
function fileStates(dir) {
  const states = new Map();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    const stat = fs.statSync(file);
    states.set(path.relative(dir, file), `${stat.size} ${stat.mtimeMs}`);
  }
  return states;
}

/** What differs between two fileStates() maps, as "added x", "changed y", "removed z". */
function differences(before, after) {
  const out = [];
  for (const [file, state] of after) {
    if (!before.has(file)) out.push(`added ${file}`);
    else if (before.get(file) !== state) out.push(`changed ${file}`);
  }
  for (const file of before.keys()) if (!after.has(file)) out.push(`removed ${file}`);
  return out;
}

/** The first walkthrough step's button (its description's [Open Examples](command:glasskernel.openExamples) link). */
const OPEN_EXAMPLES_BUTTON = 'Open Examples';
/** The palette command that lists the walkthroughs, and ours (package.json contributes.walkthroughs). */
const OPEN_WALKTHROUGH = 'Welcome: Open Walkthrough...';
const WALKTHROUGH_TITLE = 'See an operating system at work';
/** A walkthrough step the user has done: VS Code checks its button (aria-checked). */
const WALKTHROUGH_STEP_DONE = (id) => `.getting-started-step[aria-checked="true"][data-step-id$="#${id}"]`;

/** Opens our walkthrough from the command palette (Welcome: Open Walkthrough...) and shows its page. */
async function openWalkthrough(s) {
  await s.press('Control+Shift+P');
  await s.see('the command palette', QUICK_INPUT_BOX);
  await s.type(OPEN_WALKTHROUGH);
  await s.see(`"${OPEN_WALKTHROUGH}" as the palette's selected row`, `${QUICK_INPUT_ROWS}.focused`, { text: OPEN_WALKTHROUGH });
  await s.press('Enter');
  await s.see(`"${WALKTHROUGH_TITLE}" among the walkthroughs`, QUICK_INPUT_ROWS, { text: WALKTHROUGH_TITLE, exact: false });
  await s.page.locator(`${QUICK_INPUT_ROWS}:has-text("${WALKTHROUGH_TITLE}")`).first().click({ timeout: SHOW_MS });
  await s.page.locator('.part.editor .tab:has-text("Walkthrough")').first().click({ timeout: SHOW_MS });
}

/**
 * Types absolute folder path `folder` into the open simple file dialog as a person does: a
 * folder at a time, watching the dialog list each one. It follows every "/" by listing that
 * folder, and keys typed while it is still listing one get lost or land in the wrong place. So:
 * wait for the first listing (the home folder), select it all, type "/", then each folder name
 * and "/", each time until the box reads what was typed and the listing changed and holds still.
 * Resolves the final listing's rows joined with "|".
 */
async function typeFolderPath(s, folder) {
  const box = s.page.locator(QUICK_INPUT_BOX);
  const listed = async () => (await s.page.locator(QUICK_INPUT_ROWS).allInnerTexts()).map((t) => t.trim()).join('|');
  const settle = async (accept, what) => {
    const deadline = Date.now() + SHOW_MS;
    let previous;
    for (;;) {
      const now = { value: await box.inputValue(), rows: await listed() };
      if (accept(now) && previous?.value === now.value && previous.rows === now.rows) return now;
      if (Date.now() > deadline) {
        throw new Error(`not seen: ${what} (the box reads ${JSON.stringify(now.value)}; the dialog lists ${JSON.stringify(now.rows.split('|').slice(0, 8))})`);
      }
      previous = accept(now) ? now : undefined;
      await new Promise((r) => setTimeout(r, DIALOG_SETTLE_MS));
    }
  };
  let shown = await settle(({ value, rows: listing }) => value.endsWith('/') && listing !== '', 'the dialog listing its starting folder');
  await box.click({ timeout: SHOW_MS }); // the keys go to the path box, whatever had the focus before
  await s.press('Control+A');
  let typed = '';
  for (const part of ['', ...folder.split('/').filter(Boolean)]) {
    await s.type(`${part}/`, TYPING_DELAY_MS);
    typed += `${part}/`;
    const before = shown.rows;
    shown = await settle(({ value, rows: listing }) => value === typed && listing !== before, `the dialog listing ${typed} after typing it`);
  }
  return shown.rows;
}

/**
 * The scenario's steps on `s` (UserSteps). `runDir` holds code-server's state and the folder the
 * user picks; `started(server)` waits for a started code-server and opens the empty window on it;
 * `notes` collects what the user had to work around.
 */
async function scenario(s, { repo, cacheDir, runDir, notes, started }) {
  if (!fs.existsSync(path.join(cacheDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'))) {
    throw new Error(`code-server is not installed in ${cacheDir}: run \`npm run test:e2e\` once, or bash test/e2e/install-code-server.sh`);
  }
  const vsix = await s.step('package the extension', () => ensureVsix({ repo, cacheDir, log: s.log }));
  await s.step('install the .vsix into a clean profile', async () => {
    const installed = await installExtension({ cacheDir, runDir, vsix });
    for (const part of ['dist/extension.js', 'dist/adapter.js', 'examples/src/forktree.c', 'examples/bin/forktree']) {
      if (!fs.existsSync(path.join(installed, part))) throw new Error(`the installed extension has no ${part} (${installed})`);
    }
  });
  const chosen = path.join(runDir, 'my-os-examples');
  fs.mkdirSync(chosen);

  await s.step('open an empty window', async () => {
    await started(await startCodeServer({ cacheDir, runDir }));
  });
  await s.step('wait for the workbench', async () => {
    // The installed extension's contributions are in once its icon is in the activity bar; a
    // palette opened before that lists no Glasskernel command (and does not refresh).
    await s.see('the Glasskernel icon in the activity bar', ACTIVITY_GLASSKERNEL, { timeoutMs: LOAD_MS });
    await s.see('the status bar', '.monaco-workbench .part.statusbar');
    await s.press('Escape'); // a Welcome page, if one showed, gives way
  });

  await s.step('open the walkthrough, as Help > Welcome offers it', async () => {
    await openWalkthrough(s);
    await s.see('the walkthrough\'s "Open the examples" step, not done yet', `.getting-started-step[aria-checked="false"][data-step-id$="#openExamples"]`);
    await s.screenshot('walkthrough-start');
  });

  await s.step('click the walkthrough step\'s Open Examples button', async () => {
    const button = s.page.locator('.getting-started-step.expanded').getByRole('button', { name: OPEN_EXAMPLES_BUTTON, exact: true });
    try {
      await button.click({ timeout: SHOW_MS });
    } catch (e) {
      throw new Error(`not seen: the "${OPEN_EXAMPLES_BUTTON}" button of the walkthrough's first step (${e instanceof Error ? e.message.split('\n')[0] : e})`);
    }
    // Running the command completes the step (package.json completionEvents), under the dialog it opened.
    await s.see('the walkthrough\'s "Open the examples" step ticked off', WALKTHROUGH_STEP_DONE('openExamples'));
  });

  await s.step('choose an empty folder in the folder dialog', async () => {
    await s.see(`the folder dialog titled "...${DIALOG_TITLE}"`, QUICK_INPUT_TITLE, { text: DIALOG_TITLE });
    await s.see(`the dialog's "${COPY_HERE}" button`, quickInputButton(COPY_HERE));
    const listing = await typeFolderPath(s, chosen);
    if (listing !== '..') throw new Error(`the dialog does not list ${chosen} as empty (only ".."): ${JSON.stringify(listing.split('|').slice(0, 8))}`);
    await s.screenshot('folder-dialog');
    await s.page.locator(quickInputButton(COPY_HERE)).click({ timeout: SHOW_MS });
  });

  const copied = await s.step('let the window open the copied folder', async () => {
    try {
      await s.page.waitForURL((url) => url.searchParams.get('folder')?.endsWith(chosen) ?? false, { timeout: LOAD_MS });
    } catch {
      throw new Error(`the window did not open ${chosen} within ${LOAD_MS} ms (address: ${s.page.url()})${await s.notifications()}`);
    }
    await s.see('the copy\'s src folder in the Explorer', EXPLORER_ROWS, { text: 'src', exact: true, timeoutMs: LOAD_MS });
    await s.see('the copy\'s bin folder in the Explorer', EXPLORER_ROWS, { text: 'bin', exact: true });
    if (fs.existsSync(path.join(chosen, '.vscode', 'launch.json'))) throw new Error('the copy has a .vscode/launch.json: this scenario is F5 without one');
    await s.screenshot('opened-folder');
    return fileStates(chosen);
  });

  const line = fs.readFileSync(path.join(chosen, SOURCE), 'utf8').split('\n').findIndex((l) => CHILD_ONLY_LINE.test(l)) + 1;
  if (line === 0) throw new Error(`the copied ${SOURCE} has no "child-only line" marker`);

  await s.step('see src/forktree.c opened with the greeting that says what to do', async () => {
    // The window that opens a fresh copy opens the first example and says where to click.
    await s.see('the greeting naming the child-only line', NOTIFICATION, { text: 'child-only line', exact: false, timeoutMs: LOAD_MS });
    await s.see('the forktree.c editor tab', ACTIVE_TAB, { text: 'forktree.c' });
  });

  await s.step(`click the gutter at the child-only line (${line})`, async () => {
    await s.press('Control+G');
    await s.see('the Go to Line box', QUICK_INPUT_BOX);
    await s.type(String(line));
    await s.see(`"Go to line ${line}" offered`, `${QUICK_INPUT_ROWS}.focused`, { text: `line ${line}` });
    await s.press('Enter');
    await s.seeGone('the Go to Line box', QUICK_INPUT_BOX);
    const [number] = await s.see(`line number ${line} as the cursor line`, `${LINE_NUMBERS}.active-line-number`, { text: String(line), exact: true });
    const [content] = await s.see(`"${MARKER_TEXT}" in the editor`, lineContent(MARKER_TEXT));
    if (!number.box || !content.box || Math.abs(centre(number.box).y - centre(content.box).y) > number.box.height / 2) {
      throw new Error(`line number ${line} is not level with "${MARKER_TEXT}" (${JSON.stringify(number.box)} vs ${JSON.stringify(content.box)})`);
    }
    const [margin] = await s.see('the glyph margin', GLYPH_MARGIN);
    await s.page.mouse.click(centre(margin.box).x, centre(number.box).y);
    const [dot] = await s.see(`a breakpoint dot in the gutter at line ${line}`, BREAKPOINT_GLYPH);
    if (!dot.box || Math.abs(centre(dot.box).y - centre(number.box).y) > number.box.height / 2) {
      throw new Error(`the breakpoint dot is not on line ${line} (${JSON.stringify(dot.box)} vs line number ${JSON.stringify(number.box)})`);
    }
    await s.page.mouse.move(centre(content.box).x, centre(content.box).y); // off the gutter: no hover hint in the picture
    await s.screenshot('breakpoint-set');
  });

  await s.step('press F5 and stop at the breakpoint', async () => {
    await s.press('F5');
    // With several processes Call Stack has a row per thread and marks the one that hit the
    // breakpoint "Paused on breakpoint" (drawn in capitals); its frames follow it.
    const paused = /paused on breakpoint/i;
    try {
      await s.seeMatching('a thread "Paused on breakpoint" in Call Stack', rows('Call Stack'), paused, STOP_MS);
    } catch (e) {
      const picker = await s.page.locator(`${QUICK_INPUT} >> visible=true`).innerText({ timeout: 1000 }).catch(() => '');
      throw new Error(`${e.message}${picker ? `; a quick pick is open: ${JSON.stringify(picker.replace(/\s+/g, ' '))}` : ''}${await s.notifications()}`);
    }
    const frame = new RegExp(`^${FUNCTION} forktree\\.c ${line}:\\d+$`);
    const shown = await s.seeMatching(`the frame "${FUNCTION} forktree.c ${line}:<column>" in Call Stack`, rows('Call Stack'), frame);
    if (!frame.test(shown[shown.findIndex((t) => paused.test(t)) + 1] ?? '')) {
      throw new Error(`the top frame of the thread paused on the breakpoint is not "${FUNCTION} forktree.c ${line}:<column>"; Call Stack shows ${JSON.stringify(shown)}`);
    }
    // The first stop of a session opens the Processes view (VS Code starts it collapsed).
    await s.see('the Processes view open at the first stop', `${pane('Processes')} > .pane-header[aria-expanded="true"]`);
    // A row is "<pid> <name>", its state after it: pid 1 the kernel's init, pid 2 the forktree
    // that F5 started, and a forked child of it stopped at the breakpoint.
    const labels = `${rows('Processes')} .label-name`;
    await s.seeMatching('pid 1 in the Processes view', labels, /^1 \S+$/);
    await s.seeMatching('pid 2 (forktree) in the Processes view', labels, /^2 forktree$/);
    await s.seeMatching('a forktree process "stopped at breakpoint" in the Processes view', rows('Processes'), /^\d+ forktree ?stopped at breakpoint/);
    await s.screenshot('stopped');
  });

  await s.step('end the session with Shift+F5', async () => {
    await s.press('Shift+F5');
    await s.seeGone('the debug toolbar', DEBUG_TOOLBAR, END_MS);
    await s.seeGone('the Call Stack rows', rows('Call Stack'));
    await s.see('the Processes view saying no session is stopped', pane('Processes'), { text: 'No Glasskernel debug session is stopped' });
    await s.screenshot('ended');
  });

  await s.step('check that no file of the copy was added or changed', async () => {
    const changes = differences(copied, fileStates(chosen));
    if (changes.length) throw new Error(`the session changed the copy: ${changes.join(', ')}`);
  });
}

/**
 * Runs the scenario once. Resolves { ok, error?, notes, ms, runDir }: `error` says which step
 * failed and what was not seen; `notes` what the user had to work around (e.g. a collapsed
 * view). The run folder (code-server log, the copy) is removed when `ok` unless `keep`. Never
 * rejects and never outlives `timeoutMs` by more than the clean-up.
 */
export async function runNewUser({
  repo = repoRoot,
  cacheDir = path.resolve(process.env.GLASSKERNEL_E2E_CACHE || path.join(repo, '.cache', 'vscode-e2e')),
  artifactsDir = path.resolve(process.env.GLASSKERNEL_E2E_ARTIFACTS || path.join(here, 'artifacts')),
  timeoutMs = Number(process.env.GLASSKERNEL_E2E_NEW_USER_TIMEOUT_MS || 480_000),
  verbose = Boolean(process.env.GLASSKERNEL_E2E_VERBOSE),
  keep = false,
  log = (line) => console.log(line),
} = {}) {
  const begun = Date.now();
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'glasskernel-new-user-'));
  const s = new UserSteps({ artifactsDir, prefix: 'new-user', log: (line) => log(`new user: ${line}`) });
  s.removeOldScreenshots();
  const notes = [];
  let server;
  let workbench;
  const started = async (codeServer) => {
    server = codeServer;
    process.once('exit', server.stop); // an interrupted run leaves no code-server behind
    await waitHealthy(server.port);
    workbench = await openWorkbench({ cacheDir, port: server.port, verbose });
    s.page = workbench.page;
  };

  let timer;
  let error;
  const work = scenario(s, { repo, cacheDir, runDir, notes, started });
  work.catch(() => {}); // after a timeout it fails on its own once the browser closes
  try {
    await Promise.race([work, new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms in step "${s.current}"`)), timeoutMs);
    })]);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
    await s.failedScreenshot();
    if (s.failureShot) error += ` (screenshot: ${s.failureShot})`;
    if (server) error += ` (code-server log: ${server.logFile})`;
    if (workbench?.errors.length) error += `; workbench errors: ${JSON.stringify(workbench.errors.slice(-5))}`;
  } finally {
    clearTimeout(timer);
    await workbench?.close();
    if (server) {
      server.stop();
      process.removeListener('exit', server.stop);
      await Promise.race([server.exited, new Promise((r) => setTimeout(r, 3000))]);
    }
  }
  const ok = error === undefined;
  if (ok && !keep) fs.rmSync(runDir, { recursive: true, force: true });
  return { ok, error, notes, ms: Date.now() - begun, runDir };
}

/** Standalone: runs once, prints the result as the suite does, exits 0 or 1. */
async function main() {
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));
  const result = await runNewUser();
  for (const note of result.notes) console.log(`new user: note: ${note}`);
  if (result.ok) console.log(`new user: passed in ${Math.round(result.ms / 1000)} s`);
  else console.log(`new user: FAILED after ${Math.round(result.ms / 1000)} s: ${result.error}\nnew user: run folder kept for inspection: ${result.runDir}`);
  console.log(result.ok ? '1 passed, 0 failed' : '0 passed, 1 failed');
  process.exit(result.ok ? 0 : 1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
