/**
 * RISC-V assembly as a user meets it in VS Code, through the workbench UI (issue 11): open
 * examples/asm/hello.s (a riscv-asm document, which starts the assembly language server); type a
 * line with a mistyped mnemonic and see the error squiggle under it and the assembler's message in
 * the Problems view, then Ctrl+Z it away (the file is never saved); hover the `ecall` after
 * `li a7, SYS_write` and read the syscall it makes; then debug the source itself (the adapter
 * assembles and links it): click the gutter on an assembly line, pick the launch configuration
 * and click Start Debugging, see `_start hello.s <line>:` in Call Stack, F10 to the next line, F10
 * over the write ecall, read its output in the guest terminal and its result (a0, hovered), Shift+F5.
 * A screenshot at every step goes to the artifacts folder (asm-NN-<step>.png).
 *
 * hello.s must stay as it is on disk: the suite turns code-server's default auto save
 * (afterDelay) off for its run, never saves, checks the disk while the edit is open, and reverts
 * the document after a failed step, before anything (a debug launch saves dirty editors) could save it.
 *
 * The vscode API only opens the file, writes the launch configuration (into this run's user
 * settings), observes diagnostics, the document, the DAP stops and the end of the session, and
 * cleans up.
 */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { Ui } from './ui';
import type { GlasskernelApi } from '../../../src/extension/extension';
import { activateExtension, recordAdapter, resetWorkbench, sessionEnded, setLaunchConfiguration, startToFirstStop, StopWatcher, waitUntil, within } from './util';
import {
  BREAKPOINT_GLYPH, EDITOR, EDITOR_HOVER, HOVER_VALUE, ERROR_SQUIGGLE, PROBLEM_ROWS, PROBLEMS_VIEW, START_DEBUGGING,
  boxOf, centre, clickGutter, lineContent, lineNumberBox, pane, pointAtColumn, rows, selectLaunchConfiguration, showLine,
} from './workbench-ui';

const CONFIG_NAME = 'e2e: hello.s';
/** The `li a7, SYS_write` line: the typo goes on a new line below it; the ecall after it makes that syscall. */
const SET_A7_WRITE = 'a7, SYS_write';
const TYPO = 'addd a0, a1, a2';
/** What the assembler says about it (GNU as's wording). */
const TYPO_MESSAGE = "unknown instruction `addd'";
/** The write syscall's ecall: its line is the one with this comment. */
const WRITE_ECALL = '# a0 = bytes written';
/** The breakpoint line (a pseudo-instruction: two machine instructions, one source line). */
const BREAKPOINT_LINE = 'a1, message';
/** The first line after the write ecall, and what write prints. */
const AFTER_WRITE = '# status';
const GREETING = 'Hello from RISC-V assembly!';
/** What write returns in a0: the bytes of the greeting and its newline. */
const MESSAGE_LENGTH = GREETING.length + 1;
/** Longest wait for the program to reach the breakpoint, or for the session to end (ms). */
const SESSION_LIMIT_MS = 60_000;
/** Most Ctrl+Z presses the typed line may take to undo (Enter and the typing may be separate undo stops). */
const MAX_UNDOS = 10;

/** 1-based line of the first line of `lines` holding `marker`. */
function lineOf(lines: readonly string[], marker: string): number {
  const i = lines.findIndex((l) => l.includes(marker));
  assert.ok(i >= 0, `hello.s holds ${marker}`);
  return i + 1;
}

/** Resolves when the active editor shows `uri` with its cursor on 1-based `line`. */
function editorAt(uri: vscode.Uri, line: number): Promise<true> {
  const at = (): true | undefined => {
    const e = vscode.window.activeTextEditor;
    return e && e.document.uri.toString() === uri.toString() && e.selection.active.line + 1 === line ? true : undefined;
  };
  const changed = (listener: (e: unknown) => unknown): vscode.Disposable => vscode.Disposable.from(
    vscode.window.onDidChangeActiveTextEditor(listener), vscode.window.onDidChangeTextEditorSelection(listener));
  return waitUntil(changed, at, `the editor on ${uri.fsPath}:${line}`, () => {
    const e = vscode.window.activeTextEditor;
    return e ? `${e.document.uri.fsPath}:${e.selection.active.line + 1}` : 'no editor';
  });
}

/** Resolves with the diagnostics of `uri` once `check` accepts them (tested now and on every change). */
function diagnosticsOf(uri: vscode.Uri, check: (d: readonly vscode.Diagnostic[]) => boolean, what: string): Promise<readonly vscode.Diagnostic[]> {
  const now = () => vscode.languages.getDiagnostics(uri);
  return waitUntil(vscode.languages.onDidChangeDiagnostics, () => (check(now()) ? now() : undefined), what,
    () => JSON.stringify(now().map((d) => `${d.range.start.line + 1}: ${d.message}`)));
}

/** Resolves at the next change of `document`'s text (an edit, an undo). */
function nextChange(document: vscode.TextDocument): Promise<void> {
  return new Promise((resolve) => {
    const sub = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === document && e.contentChanges.length > 0) { sub.dispose(); resolve(); }
    });
  });
}

/**
 * Puts hello.s back as it was: `original` on disk (only should something have saved an edit:
 * then it also throws, so the run reports it) and no unsaved edit in the editor (File: Revert File).
 */
async function restoreSource(source: vscode.Uri, original: string): Promise<void> {
  const onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(source));
  if (onDisk !== original) await vscode.workspace.fs.writeFile(source, new TextEncoder().encode(original));
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === source.toString());
  if (document?.isDirty) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  assert.strictEqual(onDisk, original, `${source.fsPath} was saved with an edit (now restored)`);
}

suite('RISC-V assembly in the workbench UI', () => {
  let ui: Ui;
  let api: GlasskernelApi;
  let stops: StopWatcher;
  let adapterTracker: vscode.Disposable;
  const adapterLog: string[] = [];
  let source: vscode.Uri;
  /** hello.s as it is on disk (the typed edit is undone, never saved; teardown checks). */
  let original: string | undefined;
  let lines: string[];
  /** The user setting files.autoSave before the suite turned it off (restored in teardown). */
  let savedAutoSave: unknown;

  suiteSetup(async () => {
    api = await activateExtension();
    ui = Ui.fromEnvironment('asm');
    stops = new StopWatcher('glasskernel');
    adapterTracker = recordAdapter(adapterLog);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    source = vscode.Uri.joinPath(folder.uri, 'examples', 'asm', 'hello.s');
    original = new TextDecoder().decode(await vscode.workspace.fs.readFile(source));
    lines = original.split('\n');
    await setLaunchConfiguration(CONFIG_NAME, source.fsPath);
    // code-server saves after a delay by default: typing must never reach hello.s on disk.
    savedAutoSave = vscode.workspace.getConfiguration('files').inspect('autoSave')?.globalValue;
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    try {
      if (source && original !== undefined) await restoreSource(source, original);
    } finally {
      await ui?.press('Escape').catch(() => undefined); // a hover or suggestion still open
      await vscode.commands.executeCommand('workbench.action.closePanel');
      await vscode.workspace.getConfiguration('files').update('autoSave', savedAutoSave, vscode.ConfigurationTarget.Global);
      await resetWorkbench(...[adapterTracker, stops].filter((d) => d !== undefined));
    }
  });

  test('a mistyped mnemonic gets an error squiggle and a Problems entry; Ctrl+Z takes it back', async () => {
    assert.strictEqual(vscode.workspace.getConfiguration('files', source).get('autoSave'), 'off', 'auto save is off, so typing never writes hello.s');
    const afterLine = lineOf(lines, SET_A7_WRITE);
    const typoLine = afterLine + 1;
    const editor = await showLine(ui, source, afterLine);
    const document = editor.document;
    assert.strictEqual(document.languageId, 'riscv-asm', 'a .s file opens as RISC-V assembly');
    // The server analyses the file when it opens: the example is clean.
    await ui.expect('hello.s analysed without problems', () => diagnosticsOf(source, (d) => d.length === 0, 'no diagnostics on hello.s'));

    try {
      await typeTypoAndUndo(document, typoLine);
    } finally {
      // A failed step must not leave the edit for a later debug launch (which saves dirty editors) or another suite.
      await restoreSource(source, original!);
    }
  });

  /** The typing, the squiggle, the Problems view and the undo, on `document` (hello.s). */
  async function typeTypoAndUndo(document: vscode.TextDocument, typoLine: number): Promise<void> {
    // Click the `li a7, SYS_write` line, End, Enter, type the typo.
    await ui.click({ selector: lineContent(SET_A7_WRITE) });
    await ui.press('End');
    await ui.press('Enter');
    await ui.type(TYPO);
    await ui.expect(`"${TYPO}" on line ${typoLine}`, () => waitUntil(vscode.workspace.onDidChangeTextDocument,
      () => (document.lineCount > typoLine && document.lineAt(typoLine - 1).text.trim() === TYPO ? true : undefined),
      `"${TYPO}" typed on line ${typoLine}`, () => JSON.stringify(document.lineAt(Math.min(typoLine, document.lineCount) - 1).text)));
    assert.ok(document.isDirty, 'the edit is unsaved');

    // The server's diagnostic, as the editor holds it, then as the user sees it: a squiggle on that line.
    const [problem] = await ui.expect(`the diagnostic "${TYPO_MESSAGE}"`, () => diagnosticsOf(source, (d) => d.some((x) => x.message === TYPO_MESSAGE), TYPO_MESSAGE));
    assert.strictEqual(problem.range.start.line + 1, typoLine, 'the diagnostic is on the typed line');
    assert.strictEqual(problem.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(problem.source, 'glasskernel as');
    const number = await ui.expect(`line number ${typoLine} in the editor`, () => lineNumberBox(ui, typoLine));
    const squiggles = await ui.expect('the error squiggle', () => ui.read(ERROR_SQUIGGLE));
    assert.ok(squiggles.some((s) => s.box && Math.abs(centre(s.box).y - centre(number).y) < number.height),
      `a squiggle on line ${typoLine}: ${JSON.stringify(squiggles.map((s) => s.box))}`);
    // Typing the registers opened the completion list: Escape, and wait until it is gone.
    await ui.press('Escape');
    await ui.expect('the suggestion list to close', () => ui.read(`${EDITOR}:not(:has(.suggest-widget.visible))`));
    await ui.screenshot('typo-squiggle');

    // Problems view (Ctrl+Shift+M): the message, with the assembler as its source and the position.
    await ui.press('Control+Shift+M');
    const problemRows = await ui.expect(`"${TYPO_MESSAGE}" in the Problems view`, () => ui.read(PROBLEM_ROWS, { text: TYPO_MESSAGE, exact: false }));
    const row = problemRows.find((r) => r.text.includes(TYPO_MESSAGE))!;
    assert.match(row.text, new RegExp(`glasskernel as.*Ln ${typoLine}, Col ${problem.range.start.character + 1}`), `the Problems row: ${row.text}`);
    await ui.screenshot('problems-view');
    // Seconds after the typing, the edit is still only in the editor (auto save is off).
    assert.ok(document.isDirty, 'the edit is still unsaved');
    assert.strictEqual(new TextDecoder().decode(await vscode.workspace.fs.readFile(source)), original, 'hello.s on disk is untouched while edited');

    // Back in the editor (a click on the typed line), Ctrl+Z until the text is the file's again.
    await ui.click({ selector: lineContent(TYPO) });
    for (let undos = 0; document.getText() !== original; undos += 1) {
      assert.ok(undos < MAX_UNDOS, `the edit is undone within ${MAX_UNDOS} Ctrl+Z; text now: ${JSON.stringify(document.getText())}`);
      const changed = nextChange(document);
      await ui.press('Control+Z');
      await ui.expect('the undo to change the document', () => within(changed, 10_000, 'change after Ctrl+Z'));
    }
    assert.strictEqual(document.isDirty, false, 'undone to the saved text, the document is clean');
    await ui.expect('the diagnostic to go away', () => diagnosticsOf(source, (d) => d.length === 0, 'no diagnostics after the undo'));
    await ui.expect('the squiggle to go away', () => ui.read(`${EDITOR}:not(:has(.squiggly-error))`));
    // (Other files may have problems of their own, e.g. VS Code's lint of package.json's activation events.)
    await ui.expect(`the Problems view without "${TYPO_MESSAGE}"`, () => ui.read(`${PROBLEMS_VIEW}:not(:has-text(${JSON.stringify(TYPO_MESSAGE)}))`));
    assert.strictEqual(new TextDecoder().decode(await vscode.workspace.fs.readFile(source)), original, 'hello.s on disk is unchanged');
    await ui.screenshot('typo-undone');
  }

  test('hovering the ecall after `li a7, SYS_write` names the write syscall', async () => {
    const ecallLine = lineOf(lines, WRITE_ECALL);
    const a7Line = lineOf(lines, SET_A7_WRITE);
    const text = lines[ecallLine - 1]!;
    await showLine(ui, source, ecallLine);
    const [content] = await ui.expect('the write ecall line in the editor', () => ui.read(lineContent(WRITE_ECALL)));
    await ui.hover(pointAtColumn(boxOf(content, 'the write ecall line'), text, text.indexOf('ecall') + 2));
    const hovers = await ui.expect('the hover naming the write syscall', () => ui.read(EDITOR_HOVER, { text: 'Linux syscall 64: write', exact: false }));
    const hover = hovers.find((h) => h.text.includes('Linux syscall 64: write'))!;
    assert.match(hover.text, new RegExp(`Linux syscall 64: write \\(a7 set at line ${a7Line}\\)`), `the hover: ${hover.text}`);
    assert.match(hover.text, /ssize_t write\(/, 'the hover shows write\'s prototype');
    // Only for a legible screenshot: the hover fades in over 100 ms (VS Code's .monaco-hover.fade-in
    // animation), a state no selector shows.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await ui.screenshot('ecall-hover');
    await ui.press('Escape');
  });

  test('a gutter breakpoint on an assembly line stops there, F10 steps line by line, Shift+F5 ends', async () => {
    // Debugging saves dirty editors before it starts: hello.s must have no edit left.
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === source.toString());
    assert.ok(!open?.isDirty, 'hello.s has no unsaved edit that Start Debugging would save');
    const line = lineOf(lines, BREAKPOINT_LINE);
    const ecallLine = lineOf(lines, WRITE_ECALL);
    const afterWrite = lineOf(lines, AFTER_WRITE);
    // Scrolled and drawn first, so that clickGutter's own showTextDocument moves nothing between
    // reading the line number's box and clicking level with it.
    await showLine(ui, source, line);
    const number = await clickGutter(ui, source, line);
    const [dot] = await ui.expect(`a breakpoint dot in the gutter at line ${line}`, () => ui.read(BREAKPOINT_GLYPH));
    assert.ok(Math.abs(centre(boxOf(dot, 'the breakpoint dot')).y - centre(number).y) < number.height / 2, `the breakpoint dot is on line ${line}`);
    const set = vscode.debug.breakpoints.filter((b): b is vscode.SourceBreakpoint => b instanceof vscode.SourceBreakpoint);
    assert.deepStrictEqual(set.map((b) => [b.location.uri.fsPath, b.location.range.start.line + 1]), [[source.fsPath, line]]);

    // The configuration's program is hello.s itself; Start Debugging (F5 after earlier suites'
    // sessions sometimes starts nothing in the headless workbench; the button always does).
    await selectLaunchConfiguration(ui, CONFIG_NAME);
    await ui.screenshot('breakpoint-set');
    const stop = await startToFirstStop(ui, stops, adapterLog, { action: () => ui.click({ selector: START_DEBUGGING }), by: 'Start Debugging', stopLimitMs: SESSION_LIMIT_MS });
    assert.strictEqual(stop.reason, 'breakpoint');
    await ui.expect('"Paused on breakpoint" in Call Stack', () => ui.read(`${pane('Call Stack')} .pane-header`, { text: 'Paused on breakpoint', exact: false }));
    await ui.expect(`_start at hello.s:${line} in Call Stack`, () => ui.read(rows('Call Stack'), { text: `_start hello.s ${line}:`, exact: false }));
    await ui.expect(`the editor on hello.s:${line}`, () => editorAt(source, line));
    await ui.expect('the Registers scope in Variables', () => ui.read(rows('Variables'), { text: 'Registers' }));
    await ui.screenshot('stopped');

    // F10: the next source line (the two instructions of `la` are one line).
    const step = async (expected: number, what: string) => {
      const next = stops.nextStop();
      await ui.press('F10');
      const stopped = await ui.expect(`a stop after F10 (${what})`, () => within(next, SESSION_LIMIT_MS, 'DAP stopped event'));
      assert.strictEqual(stopped.reason, 'step');
      await ui.expect(`_start at hello.s:${expected} in Call Stack`, () => ui.read(rows('Call Stack'), { text: `_start hello.s ${expected}:`, exact: false }));
      await ui.expect(`the editor on hello.s:${expected}`, () => editorAt(source, expected));
    };
    await step(line + 1, 'to the next line');
    await ui.screenshot('stepped');

    // On to the write ecall, and F10 over it: the kernel prints the greeting.
    for (let at = line + 2; at <= ecallLine; at += 1) await step(at, `to line ${at}`);
    await step(afterWrite, 'over the write ecall');
    // The guest's console is a terminal ("Glasskernel: hello"), the default.
    await ui.expect(`"${GREETING}" in the guest's terminal`, () => waitUntil(vscode.debug.onDidReceiveDebugSessionCustomEvent,
      () => (api.guestTerminalText()?.includes(GREETING) ? true : undefined), 'the greeting in the terminal', () => api.guestTerminalText() ?? 'no terminal'));
    // The ecall's result: hovering a0 on the next line shows the count written (the message's length).
    const next = lines[afterWrite - 1]!;
    const [content] = await ui.expect('the line after the write ecall', () => ui.read(lineContent(AFTER_WRITE)));
    await ui.hover(pointAtColumn(boxOf(content, 'the line after the write ecall'), next, next.indexOf('a0') + 1));
    await ui.expect(`the debug hover showing a0 = ${MESSAGE_LENGTH}`, () => ui.read(HOVER_VALUE, { text: String(MESSAGE_LENGTH) }));
    await ui.screenshot('stepped-over-ecall');
    await ui.press('Escape');

    const session = vscode.debug.activeDebugSession;
    assert.strictEqual(session?.type, 'glasskernel', 'the glasskernel session is still active');
    const ended = sessionEnded(session);
    await ui.press('Shift+F5');
    await ui.expect('the end of the session after Shift+F5', () => within(ended, SESSION_LIMIT_MS, 'session end'));
    await ui.screenshot('ended');
  });
});
