/**
 * The C debugger as a user meets it in VS Code: open inspect.c, click the gutter to set a
 * breakpoint, pick the launch configuration in the Run and Debug view and press F5, then read
 * the Variables view, add a Watch expression and hover a variable, all through the workbench UI
 * (the UI bridge, see ui.ts), with a screenshot at every step. The vscode API only opens the
 * file, writes the launch configuration (into the run's user settings, never the repository's
 * .vscode/launch.json), observes the DAP stop, and cleans up.
 */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { Ui } from './ui';
import { StopWatcher, activateExtension } from './util';

const FIXTURES = ['test', 'debug-adapter', 'fixtures'];
const BREAKPOINT_MARKER = '/* BP:after_sum */';
const CONFIG_NAME = 'e2e: inspect-O0';

/** Workbench selectors (VS Code 1.100's DOM). */
const EDITOR = '.part.editor .editor-instance .monaco-editor';
const LINE_NUMBERS = `${EDITOR} .margin-view-overlays .line-numbers`;
const GLYPH_MARGIN = `${EDITOR} .glyph-margin`;
const BREAKPOINT_GLYPH = `${EDITOR} .codicon-debug-breakpoint`;
const CONFIG_SELECT = '.part.sidebar .debug-view-content select.monaco-select-box, .part.sidebar select.monaco-select-box';
const pane = (title: string): string => `.part.sidebar .pane:has(> .pane-header:has-text("${title}"))`;
const VARIABLES_ROWS = `${pane('Variables')} .monaco-list-row`;
const WATCH_ROWS = `${pane('Watch')} .monaco-list-row`;
const CALL_STACK_ROWS = `${pane('Call Stack')} .monaco-list-row`;
const HOVER = '.debug-hover-widget';

const centre = (b: { x: number; y: number; width: number; height: number }) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });

suite('C debugger in the workbench UI', () => {
  let ui: Ui;
  let stops: StopWatcher;
  let folder: vscode.WorkspaceFolder;
  let source: vscode.Uri;
  let lines: string[];
  let line: number; // 1-based, as the editor shows it

  suiteSetup(async () => {
    await activateExtension();
    ui = Ui.fromEnvironment('c-debugger');
    stops = new StopWatcher('glasskernel');
    const first = vscode.workspace.workspaceFolders?.[0];
    assert.ok(first, 'a workspace folder is open');
    folder = first;
    source = vscode.Uri.joinPath(folder.uri, ...FIXTURES, 'inspect.c');
    lines = new TextDecoder().decode(await vscode.workspace.fs.readFile(source)).split('\n');
    line = lines.findIndex((l) => l.includes(BREAKPOINT_MARKER)) + 1;
    assert.ok(line > 0, `inspect.c has the ${BREAKPOINT_MARKER} marker`);
    const program = vscode.Uri.joinPath(folder.uri, ...FIXTURES, 'inspect-O0').fsPath;
    await vscode.workspace.getConfiguration().update('launch', {
      version: '0.2.0',
      configurations: [{ type: 'glasskernel', request: 'launch', name: CONFIG_NAME, program, args: [], stopOnEntry: false }],
    }, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    await vscode.workspace.getConfiguration().update('launch', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    stops.dispose();
  });

  test('a click in the gutter sets a breakpoint and F5 stops there', async () => {
    await vscode.window.showTextDocument(source, { selection: new vscode.Range(line - 1, 0, line - 1, 0) });
    const dump = async (sel: string) => console.log('DUMP', sel, JSON.stringify(await ui.read(sel, undefined, 3000).catch((e) => String(e))));

    const [number] = await ui.expect(`line number ${line} in the editor`, () => ui.read(LINE_NUMBERS, { text: String(line) }));
    const numbers = await ui.read(LINE_NUMBERS, { text: String(line) });
    const lineBox = numbers.find((e) => e.text === String(line))?.box;
    const [margin] = await ui.expect('the glyph margin', () => ui.read(GLYPH_MARGIN));
    assert.ok(number && lineBox && margin.box, 'the line number and the glyph margin are rendered');
    await ui.click({ x: centre(margin.box).x, y: centre(lineBox).y });
    const [glyph] = await ui.expect('the breakpoint dot in the gutter', () => ui.read(BREAKPOINT_GLYPH));
    assert.ok(glyph.box && Math.abs(centre(glyph.box).y - centre(lineBox).y) < lineBox.height / 2, `the breakpoint dot is on line ${line}`);
    const set = vscode.debug.breakpoints.filter((b): b is vscode.SourceBreakpoint => b instanceof vscode.SourceBreakpoint);
    assert.deepStrictEqual(set.map((b) => [b.location.uri.fsPath, b.location.range.start.line + 1]), [[source.fsPath, line]]);

    await ui.press('Control+Shift+D');
    await ui.expect(`the "${CONFIG_NAME}" configuration in Run and Debug`, () => ui.select(CONFIG_SELECT, CONFIG_NAME));
    await ui.screenshot('breakpoint-set');
    await ui.press('F5');
    const stop = await stops.nextStop();
    assert.strictEqual(stop.reason, 'breakpoint');
    await dump(CALL_STACK_ROWS);
    await dump(VARIABLES_ROWS);
    await ui.screenshot('stopped');
  });

  test('the Variables view shows the locals and expands a struct', async () => {
    await ui.expect('origin in Locals', () => ui.read(VARIABLES_ROWS, { text: 'origin', exact: false }));
    await dump2(ui, VARIABLES_ROWS);
    await ui.click({ selector: `${VARIABLES_ROWS}:has-text("origin")` });
    await new Promise((r) => setTimeout(r, 1000));
    await dump2(ui, VARIABLES_ROWS);
    await ui.screenshot('variables');
  });

  test('a watch expression added through the Watch view evaluates', async () => {
    await ui.hover({ selector: `${pane('Watch')} > .pane-header` });
    await ui.click({ selector: `${pane('Watch')} > .pane-header .action-label[aria-label="Add Expression"]` });
    await ui.type('origin.x * 2 + items[2].at.y');
    await ui.press('Enter');
    await new Promise((r) => setTimeout(r, 1000));
    await dump2(ui, WATCH_ROWS);
    await ui.screenshot('watch');
  });

  test('hovering a variable in the editor shows its value', async () => {
    const [inner] = await ui.read(`${EDITOR} .view-line:has-text("double ratio") > span`);
    const text = lines.find((l) => l.includes('double ratio'))!;
    const w = inner.box!.width / text.length;
    await ui.hover({ x: inner.box!.x + (text.indexOf('ratio') + 2) * w, y: centre(inner.box!).y });
    await new Promise((r) => setTimeout(r, 2000));
    await dump2(ui, `${HOVER}, .monaco-hover`);
    await dump2(ui, `${HOVER} *`);
    await ui.screenshot('hover');
    await ui.press('Shift+F5');
  });
});

async function dump2(ui: Ui, sel: string) {
  console.log('DUMP', sel, JSON.stringify(await ui.read(sel, undefined, 3000).catch((e) => String(e))));
}
