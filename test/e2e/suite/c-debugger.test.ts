/**
 * The C debugger as a user meets it in VS Code, through the workbench UI (the UI bridge, ui.ts):
 * open inspect.c, click the gutter to set a breakpoint on the BP:after_sum line, pick the launch
 * configuration in the Run and Debug view and press F5; read Locals in the Variables view and
 * expand a struct by clicking it; add a Watch expression with the view's "Add Expression" action;
 * hover a variable in the editor; Shift+F5; click the breakpoint away. A screenshot at every step
 * goes to the artifacts folder (c-debugger-NN-<step>.png).
 *
 * The vscode API only opens the file, writes the launch configuration (into this run's user
 * settings, so the repository's .vscode/launch.json is never touched; its "Run Extension" entry
 * is why the test selects its own configuration before F5), observes the DAP stop and the end of
 * the session, and cleans up.
 */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { Ui } from './ui';
import { activateExtension, recordAdapter, resetWorkbench, sessionEnded, setLaunchConfiguration, startToFirstStop, StopWatcher, within } from './util';
import {
  BREAKPOINT_GLYPH, HOVER_VALUE, boxOf, centre, clickGutter, lineContent, lineNumberBox, pane, pointAtColumn, rows, selectLaunchConfiguration,
} from './workbench-ui';

const FIXTURES = ['test', 'debug-adapter', 'fixtures'];
const BREAKPOINT_MARKER = '/* BP:after_sum */';
const CONFIG_NAME = 'e2e: inspect-O0';
const WATCH_EXPRESSION = 'origin.x * 2 + items[2].at.y';
/** Longest wait for the program to reach the breakpoint after F5, or for the session to end (ms). */
const SESSION_LIMIT_MS = 60_000;

suite('C debugger in the workbench UI', () => {
  /** Set once F5 reached the breakpoint; the later tests continue from that stop and fail without it. */
  let stopped = false;
  let ui: Ui;
  let stops: StopWatcher;
  let adapterTracker: vscode.Disposable;
  const adapterLog: string[] = [];
  let source: vscode.Uri;
  let lines: string[];
  let line: number; // 1-based, as the editor shows it

  suiteSetup(async () => {
    await activateExtension();
    ui = Ui.fromEnvironment('c-debugger');
    stops = new StopWatcher('glasskernel');
    adapterTracker = recordAdapter(adapterLog);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    source = vscode.Uri.joinPath(folder.uri, ...FIXTURES, 'inspect.c');
    lines = new TextDecoder().decode(await vscode.workspace.fs.readFile(source)).split('\n');
    line = lines.findIndex((l) => l.includes(BREAKPOINT_MARKER)) + 1;
    assert.ok(line > 0, `inspect.c has the ${BREAKPOINT_MARKER} marker`);
    const program = vscode.Uri.joinPath(folder.uri, ...FIXTURES, 'inspect-O0').fsPath;
    await setLaunchConfiguration(CONFIG_NAME, program);
  });

  suiteTeardown(async () => {
    await resetWorkbench(adapterTracker, stops);
  });

  test('a click in the gutter sets a breakpoint and F5 stops on it', async () => {
    const number = await clickGutter(ui, source, line);

    const [dot] = await ui.expect(`a breakpoint dot in the gutter at line ${line}`, () => ui.read(BREAKPOINT_GLYPH));
    assert.ok(Math.abs(centre(boxOf(dot, 'the breakpoint dot')).y - centre(number).y) < number.height / 2, `the breakpoint dot is on line ${line}`);
    const set = vscode.debug.breakpoints.filter((b): b is vscode.SourceBreakpoint => b instanceof vscode.SourceBreakpoint);
    assert.deepStrictEqual(set.map((b) => [b.location.uri.fsPath, b.location.range.start.line + 1]), [[source.fsPath, line]]);

    await selectLaunchConfiguration(ui, CONFIG_NAME, `the "${CONFIG_NAME}" launch configuration in Run and Debug`);
    await ui.screenshot('breakpoint-set');
    const stop = await startToFirstStop(ui, stops, adapterLog, { action: () => ui.press('F5'), by: 'F5', stopLimitMs: SESSION_LIMIT_MS });
    assert.strictEqual(stop.reason, 'breakpoint');
    stopped = true;
    await ui.expect('"Paused on breakpoint" in Call Stack', () => ui.read(`${pane('Call Stack')} .pane-header`, { text: 'Paused on breakpoint', exact: false }));
    const [frame] = await ui.expect('the main frame in Call Stack', () => ui.read(rows('Call Stack'), { text: `main inspect.c ${line}:`, exact: false }));
    assert.match(frame.text, new RegExp(`^main inspect\\.c ${line}:\\d+$`));
    await ui.screenshot('stopped');
  });

  test('the Variables view shows the locals and expands a struct on a click', async () => {
    assert.ok(stopped, 'the first test stopped at the breakpoint (this step continues from that stop)');
    const variables = rows('Variables');
    for (const row of ['Locals', 'origin = {x = 10, y = -20}', "letter = 65 'A'", 'c = GREEN']) {
      await ui.expect(`"${row}" in the Variables view`, () => ui.read(variables, { text: row }));
    }
    await ui.click({ selector: `${variables}:has-text("origin = ")` });
    const shown = await ui.expect('origin\'s members "x = 10" and "y = -20"', async () => {
      await ui.read(variables, { text: 'y = -20' });
      return (await ui.read(variables)).map((r) => r.text);
    });
    const at = shown.indexOf('origin = {x = 10, y = -20}');
    assert.deepStrictEqual(shown.slice(at, at + 3), ['origin = {x = 10, y = -20}', 'x = 10', 'y = -20'], `rows: ${JSON.stringify(shown)}`);
    await ui.screenshot('variables-expanded');
  });

  test('an expression added with the Watch view\'s Add Expression action evaluates', async () => {
    assert.ok(stopped, 'the first test stopped at the breakpoint (this step continues from that stop)');
    const header = `${pane('Watch')} > .pane-header`;
    await ui.hover({ selector: header }); // the title actions show while the header is hovered
    await ui.expect('the Watch view\'s "Add Expression" action', () => ui.click({ selector: `${header} .action-label[aria-label="Add Expression"]` }));
    await ui.type(WATCH_EXPRESSION);
    await ui.press('Enter');
    const [row] = await ui.expect(`the watch "${WATCH_EXPRESSION} = 26"`, () => ui.read(rows('Watch'), { text: `${WATCH_EXPRESSION} = 26` }));
    assert.strictEqual(row.text, `${WATCH_EXPRESSION} = 26`);
    await ui.screenshot('watch');
  });

  test('hovering a variable in the editor shows its value', async () => {
    assert.ok(stopped, 'the first test stopped at the breakpoint (this step continues from that stop)');
    const text = lines.find((l) => l.includes('double ratio'));
    assert.ok(text, 'inspect.c declares ratio');
    const [content] = await ui.expect('the "double ratio" line in the editor', () => ui.read(lineContent('double ratio')));
    await ui.hover(pointAtColumn(boxOf(content, 'the "double ratio" line'), text, text.indexOf('ratio') + 2));
    const [value] = await ui.expect('the debug hover showing ratio', () => ui.read(HOVER_VALUE, { text: '0.5' }));
    assert.strictEqual(value.text, '0.5');
    await ui.screenshot('hover');
    await ui.press('Escape');
  });

  test('Shift+F5 ends the session and a click on the dot removes the breakpoint', async () => {
    assert.ok(stopped, 'the first test stopped at the breakpoint (this step continues from that stop)');
    const session = vscode.debug.activeDebugSession;
    assert.strictEqual(session?.type, 'glasskernel', 'the glasskernel session is still active');
    const ended = sessionEnded(session);
    await ui.press('Shift+F5');
    await ui.expect('the end of the session after Shift+F5', () => within(ended, SESSION_LIMIT_MS, 'session end'));

    const number = await ui.expect(`line number ${line} in the editor`, () => lineNumberBox(ui, line));
    const [dot] = await ui.expect(`the breakpoint dot at line ${line}`, () => ui.read(BREAKPOINT_GLYPH));
    await ui.click(centre(boxOf(dot, 'the breakpoint dot')));
    assert.ok(Math.abs(centre(boxOf(dot, 'the breakpoint dot')).y - centre(number).y) < number.height / 2, `the dot was on line ${line}`);
    await ui.expect('the breakpoint to go away', () => within(new Promise<void>((resolve) => {
      const check = () => vscode.debug.breakpoints.length === 0;
      if (check()) return resolve();
      const sub = vscode.debug.onDidChangeBreakpoints(() => { if (check()) { sub.dispose(); resolve(); } });
    }), 10_000, 'breakpoint removal'));
    await ui.hover({ selector: `${pane('Breakpoints')} > .pane-header` }); // off the gutter: no "add breakpoint" hint
    await ui.screenshot('ended');
  });
});
