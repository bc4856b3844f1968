/**
 * Stepping from a user store into the kernel and back, as a student does it in VS Code (issue 10):
 * open cow.c, click the gutter on the child's call of fill, pick the launch configuration and
 * click Start Debugging; click the gutter on fill's store and press F5 again; click that breakpoint away and
 * press F11: the store faults, the editor opens the kernel's own kernel.ts at the trap entry, the
 * Call Stack shows the kernel frame above the "page fault: store at 0x…" label and cow.c's
 * frames, and the Variables view has the Kernel scope; F11 enters handleMmFault in fault.ts and
 * F10 walks it to the access check; Shift+F11 twice returns through the trap entry to cow.c's
 * store line; Shift+F5 ends the session. A screenshot at every step goes to
 * the artifacts folder (kernel-step-NN-<step>.png).
 */
import * as assert from 'node:assert';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Ui } from './ui';
import { activateExtension, recordAdapter, resetWorkbench, sessionEnded, setLaunchConfiguration, startToFirstStop, StopWatcher, waitUntil } from './util';
import { BREAKPOINT_GLYPH, START_DEBUGGING, boxOf, centre, clickGutter, lineNumberBox, rows, selectLaunchConfiguration } from './workbench-ui';

const CONFIG_NAME = 'e2e: cow';
/** The child's call of fill in cow.c (only the child runs it) and the store in fill's loop. */
const CHILD_FILL = 'fill(region, CHILD_TAG);';
const STORE = 'region[i] = tag | i;';
/** The trap-entry pause of the page-fault path in the kernel's source. */
const TRAP_PAUSE = "pause('trap.page_fault'";
/** Where stepping out of handleMmFault lands: the trap path's return pause. */
const TRAP_RETURN_PAUSE = "pause('trap.return'";
/** The page-fault handler's first two pauses in fault.ts. */
const FIND_VMA_PAUSE = "pause('fault.find_vma'";
const ACCESS_CHECK_PAUSE = "pause('fault.access_check'";
const FAULT_TS = path.join('src', 'kernel', 'fault.ts');

/** 1-based line of the first line of `lines` holding `marker`. */
function lineOf(lines: readonly string[], marker: string, file: string): number {
  const i = lines.findIndex((l) => l.includes(marker));
  assert.ok(i >= 0, `${file} holds ${marker}`);
  return i + 1;
}

/** Resolves when the active editor shows `file` (a path ending) with its cursor on 1-based `line`. */
function editorAt(file: string, line: number): Promise<true> {
  const at = (): true | undefined => {
    const e = vscode.window.activeTextEditor;
    return e && e.document.uri.fsPath.endsWith(file) && e.selection.active.line + 1 === line ? true : undefined;
  };
  const changed = (listener: (e: unknown) => unknown): vscode.Disposable => vscode.Disposable.from(
    vscode.window.onDidChangeActiveTextEditor(listener), vscode.window.onDidChangeTextEditorSelection(listener));
  return waitUntil(changed, at, `the editor on ${file}:${line}`, () => {
    const e = vscode.window.activeTextEditor;
    return e ? `${e.document.uri.fsPath}:${e.selection.active.line + 1}` : 'no editor';
  });
}

suite('Stepping into the kernel in the workbench UI', () => {
  let ui: Ui;
  let stops: StopWatcher;
  let adapterTracker: vscode.Disposable;
  const adapterLog: string[] = [];
  let cowC: vscode.Uri;
  let fillLine: number;
  let storeLine: number;
  let trapLine: number;
  let trapReturnLine: number;
  let findVmaLine: number;
  let accessCheckLine: number;

  /** Presses `key` and returns the next DAP stop. */
  async function pressToStop(key: string): Promise<{ reason: string; threadId?: number }> {
    const next = stops.nextStop();
    await ui.press(key);
    return ui.expect(`a stop after ${key}`, () => next);
  }

  suiteSetup(async () => {
    await activateExtension();
    ui = Ui.fromEnvironment('kernel-step');
    stops = new StopWatcher('glasskernel');
    adapterTracker = recordAdapter(adapterLog);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    cowC = vscode.Uri.joinPath(folder.uri, 'examples', 'src', 'cow.c');
    const cowLines = new TextDecoder().decode(await vscode.workspace.fs.readFile(cowC)).split('\n');
    fillLine = lineOf(cowLines, CHILD_FILL, 'cow.c');
    storeLine = lineOf(cowLines, STORE, 'cow.c');
    const kernelTs = vscode.Uri.joinPath(folder.uri, 'src', 'kernel', 'kernel.ts');
    const kernelLines = new TextDecoder().decode(await vscode.workspace.fs.readFile(kernelTs)).split('\n');
    trapLine = lineOf(kernelLines, TRAP_PAUSE, 'kernel.ts');
    trapReturnLine = lineOf(kernelLines, TRAP_RETURN_PAUSE, 'kernel.ts');
    const faultLines = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, FAULT_TS))).split('\n');
    findVmaLine = lineOf(faultLines, FIND_VMA_PAUSE, 'fault.ts');
    accessCheckLine = lineOf(faultLines, ACCESS_CHECK_PAUSE, 'fault.ts');
    await setLaunchConfiguration(CONFIG_NAME, vscode.Uri.joinPath(folder.uri, 'examples', 'bin', 'cow').fsPath);
  });

  suiteTeardown(async () => {
    await resetWorkbench(adapterTracker, stops);
  });

  test('F11 at a faulting store opens the kernel source at the trap; F10 walks it; Shift+F11 returns to the store', async () => {
    // Breakpoint on the child's fill call, F5 from the chosen configuration.
    await clickGutter(ui, cowC, fillLine);
    await selectLaunchConfiguration(ui, CONFIG_NAME);
    // The green Start Debugging button beside the configuration (F5 after the earlier suites'
    // sessions sometimes started nothing in the headless workbench; the button always does).
    const stop = await startToFirstStop(ui, stops, adapterLog, { action: () => ui.click({ selector: START_DEBUGGING }), by: 'Start Debugging' });
    assert.strictEqual(stop.reason, 'breakpoint');
    await ui.screenshot('child-fill');

    // Breakpoint on the store, F5 (continue) to it, then click its dot away.
    await clickGutter(ui, cowC, storeLine);
    const atStore = await pressToStop('F5');
    assert.strictEqual(atStore.reason, 'breakpoint');
    await ui.expect(`the editor on cow.c:${storeLine}`, () => editorAt('cow.c', storeLine));
    const number = await lineNumberBox(ui, storeLine);
    const dots = await ui.expect('the breakpoint dots', () => ui.read(BREAKPOINT_GLYPH));
    const dot = dots.find((d) => d.box && Math.abs(centre(d.box).y - centre(number).y) < number.height / 2);
    await ui.click(centre(boxOf(dot, `the breakpoint dot on line ${storeLine}`)));
    await ui.screenshot('at-store');

    // F11: the store faults into the kernel; the editor opens the kernel's source at the trap entry.
    assert.strictEqual((await pressToStop('F11')).reason, 'step');
    await ui.expect(`the editor on kernel.ts:${trapLine}`, () => editorAt(path.join('src', 'kernel', 'kernel.ts'), trapLine));
    await ui.expect('the pageFault frame in Call Stack', () => ui.read(rows('Call Stack'), { text: `pageFault kernel.ts ${trapLine}:`, exact: false }));
    await ui.expect('the trap label in Call Stack', () => ui.read(rows('Call Stack'), { text: 'page fault: store at 0x', exact: false }));
    await ui.expect('the fill frame of cow.c below it', () => ui.read(rows('Call Stack'), { text: `fill cow.c ${storeLine}:`, exact: false }));
    await ui.expect('the Kernel scope in Variables', () => ui.read(rows('Variables'), { text: 'Kernel' }));
    await ui.expect('the store fault cause in the Kernel scope', () => ui.read(rows('Variables'), { text: 'scause = 15', exact: false }));
    assert.ok(vscode.window.activeTextEditor?.document.isUntitled === false, 'the kernel source is a file, not an untitled buffer');
    await ui.screenshot('kernel-trap');

    // F11 enters handleMmFault in fault.ts; F10 walks it to the access check.
    assert.strictEqual((await pressToStop('F11')).reason, 'step');
    await ui.expect(`the editor on fault.ts:${findVmaLine}`, () => editorAt(FAULT_TS, findVmaLine));
    await ui.expect('the handleMmFault frame above pageFault', () => ui.read(rows('Call Stack'), { text: `handleMmFault fault.ts ${findVmaLine}:`, exact: false }));
    await ui.screenshot('kernel-find-vma');
    assert.strictEqual((await pressToStop('F10')).reason, 'step');
    await ui.expect(`the editor on fault.ts:${accessCheckLine}`, () => editorAt(FAULT_TS, accessCheckLine));
    await ui.expect('handleMmFault at the access check in Call Stack', () => ui.read(rows('Call Stack'), { text: `handleMmFault fault.ts ${accessCheckLine}:`, exact: false }));
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.scheme, 'debug', 'the kernel source comes from the adapter, read-only');
    await ui.screenshot('kernel-access-check');

    // Shift+F11 twice: out of handleMmFault to the trap entry's frame, then out of the kernel to the store, which retries and completes.
    assert.strictEqual((await pressToStop('Shift+F11')).reason, 'step');
    await ui.expect(`the editor on kernel.ts:${trapReturnLine}`, () => editorAt(path.join('src', 'kernel', 'kernel.ts'), trapReturnLine));
    await ui.expect('pageFault at the trap return on top of Call Stack', () => ui.read(rows('Call Stack'), { text: `pageFault kernel.ts ${trapReturnLine}:`, exact: false }));
    const back = await pressToStop('Shift+F11');
    assert.strictEqual(back.reason, 'step');
    const top = await vscode.debug.activeDebugSession!.customRequest('stackTrace', { threadId: back.threadId, startFrame: 0, levels: 1 }) as { stackFrames: Array<{ name: string; line: number }> };
    assert.deepStrictEqual(top.stackFrames.map((f) => [f.name, f.line]), [['fill', storeLine]], 'back in user mode on the store');
    await ui.expect(`the editor back on cow.c:${storeLine}`, () => editorAt('cow.c', storeLine));
    await ui.expect('fill on top of Call Stack', () => ui.read(rows('Call Stack'), { text: `fill cow.c ${storeLine}:`, exact: false }));
    await ui.screenshot('back-in-user');

    const session = vscode.debug.activeDebugSession;
    const ended = sessionEnded(session);
    await ui.press('Shift+F5');
    await ui.expect('the end of the session', () => ended);
    await ui.screenshot('ended');
  });
});
