/**
 * The OS views and the guest's terminal as a student meets them in VS Code (issue 12), through
 * the workbench UI: a gutter breakpoint in cow.c's child and F5; at the stop the Run and Debug
 * sidebar holds the views; a click on a process keeps its subtree; the child's heap pages are
 * shared copy-on-write with the parent; F10 over the child's writes fills the Fault Log with
 * cow-copy faults at cow.c's store line; the Page Table, Physical Memory, TLB and Scheduler views
 * show the stop; the program's output is in its terminal. Then cat reads a line typed into the
 * terminal, and Ctrl+C in the terminal interrupts a program that never stops. A screenshot of
 * each view goes to the artifacts folder (os-views-NN-<step>.png).
 *
 * The vscode API only opens files, writes the launch configurations (user settings), watches DAP
 * stops and reads the extension's test API to check what the rows mean.
 */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { GlasskernelApi } from '../../../src/extension/extension';
import { Ui } from './ui';
import { activateExtension, recordAdapter, resetWorkbench, sessionEnded, sessionStarted, startToFirstStop, StopWatcher, waitUntil, within } from './util';
import { boxOf, centre, clickGutter, pane, rows, selectLaunchConfiguration } from './workbench-ui';

/** Longest wait for a program to reach a stop after F5/F10, or for a session to end (ms). */
const SESSION_LIMIT_MS = 60_000;
/** The child's line in cow.c whose stores break copy-on-write, page by page. */
const CHILD_FILL = 'fill(region, CHILD_TAG);';
/** The store in fill() that faults (the Fault Log's source line). */
const STORE_LINE = 'region[i] = tag | i;';
/** cow's region: 1 MiB, 256 pages, each copied once by the child's writes. */
const REGION_PAGES = 256;
/** SIGINT's number; a shell reports death by it as 128 + 2. */
const SIGINT_STATUS = 130;

/** The launch configurations this suite writes into the run's user settings. */
const CONFIGS = { cow: 'e2e: cow', cat: 'e2e: cat', spin: 'e2e: spin' } as const;

/** A sidebar view's header (click it to expand or collapse the view). */
function header(title: string): string {
  return `${pane(title)} > .pane-header`;
}

/** Longest wait for a new session's terminal to be drawn in the panel, and the polling step (ms). */
const TERMINAL_SHOWN_MS = 10_000;
const POLL_MS = 250;
/** Time the Physical Memory webview is given to draw before its screenshot (ms; a picture, not a check). */
const PICTURE_SETTLE_MS = 1500;
/** How long a look for an already expanded or collapsed header may take (ms). */
const HEADER_LOOK_MS = 2000;

suite('The OS views and the guest terminal in the workbench UI', () => {
  let api: GlasskernelApi;
  let ui: Ui;
  let stops: StopWatcher;
  let adapterTracker: vscode.Disposable;
  const adapterLog: string[] = [];
  let folder: vscode.WorkspaceFolder;
  let cowSource: vscode.Uri;
  let cowLines: string[];
  /** Set once F5 reached the breakpoint in cow's child; the later view tests continue from that stop. */
  let stopped = false;

  suiteSetup(async () => {
    api = await activateExtension();
    ui = Ui.fromEnvironment('os-views');
    stops = new StopWatcher('glasskernel');
    adapterTracker = recordAdapter(adapterLog);
    const opened = vscode.workspace.workspaceFolders?.[0];
    assert.ok(opened, 'a workspace folder is open');
    folder = opened;
    cowSource = vscode.Uri.joinPath(folder.uri, 'examples', 'src', 'cow.c');
    cowLines = new TextDecoder().decode(await vscode.workspace.fs.readFile(cowSource)).split('\n');
    const program = (...p: string[]): string => vscode.Uri.joinPath(folder.uri, ...p).fsPath;
    await vscode.workspace.getConfiguration().update('launch', {
      version: '0.2.0',
      configurations: [
        { type: 'glasskernel', request: 'launch', name: CONFIGS.cow, program: program('examples', 'bin', 'cow') },
        { type: 'glasskernel', request: 'launch', name: CONFIGS.cat, program: program('examples', 'bin', 'cat') },
        { type: 'glasskernel', request: 'launch', name: CONFIGS.spin, program: program('test', 'debug-adapter', 'fixtures', 'spin') },
      ],
    }, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    for (const view of ['Variables', 'Watch', 'Breakpoints']) await expandView(view).catch(() => undefined);
    await resetWorkbench(adapterTracker, stops);
  });

  /**
   * Opens a sidebar view as a user does: a click on its header when it is collapsed (with seven
   * Glasskernel views beside Variables, Watch, Call Stack and Breakpoints, VS Code starts some
   * collapsed).
   */
  async function expandView(title: string): Promise<void> {
    const collapsed = await ui.read(`${header(title)}[aria-expanded="false"]`, undefined, HEADER_LOOK_MS).catch(() => []);
    if (collapsed.length > 0) await ui.click({ selector: header(title) });
    await ui.expect(`the ${title} view expanded`, () => ui.read(`${header(title)}[aria-expanded="true"]`));
  }

  /** Closes a sidebar view again (a click on its header), to leave room for the next one. */
  async function collapseView(title: string): Promise<void> {
    const expanded = await ui.read(`${header(title)}[aria-expanded="true"]`, undefined, HEADER_LOOK_MS).catch(() => []);
    if (expanded.length > 0) await ui.click({ selector: header(title) });
  }

  /** The 1-based line of cow.c holding `text`. */
  function cowLine(text: string): number {
    const line = cowLines.findIndex((l) => l.includes(text)) + 1;
    assert.ok(line > 0, `cow.c has "${text}"`);
    return line;
  }

  test('at a breakpoint in cow\'s child the Processes view shows the tree; a click on a process keeps its subtree', async () => {
    await clickGutter(ui, cowSource, cowLine(CHILD_FILL));
    await selectLaunchConfiguration(ui, CONFIGS.cow);
    const stop = await startToFirstStop(ui, stops, adapterLog, { action: () => ui.press('F5'), by: 'F5', stopLimitMs: SESSION_LIMIT_MS });
    assert.strictEqual(stop.reason, 'breakpoint');
    stopped = true;
    for (const view of ['Variables', 'Watch', 'Breakpoints']) await collapseView(view);
    await expandView('Processes');
    const processRows = rows('Processes');
    // pid 1 init > pid 2 cow (the parent, in wait4) > pid 3 cow (the child, stopped here).
    await ui.expect('the child "3 cow" stopped at the breakpoint in the Processes view', () => ui.read(processRows, { text: '3 cow', exact: false }));
    const parent = api.processRows().flatMap((r) => [r, ...(r.children ?? [])]).find((r) => r.label === '2 cow');
    assert.ok(parent, `the parent's row: ${JSON.stringify(api.processRows().map((r) => r.label))}`);
    await ui.screenshot('processes');

    await ui.click({ selector: `${processRows}:has-text("2 cow")` });
    await waitUntil(api.onDidRefresh, () => (api.selectedPid() === 2 ? true : undefined), 'pid 2 selected by the click', () => String(api.selectedPid()));
    // The click selected the parent; its child is still listed under it (the subtree did not collapse).
    const after = (await ui.expect('the rows after the click', () => ui.read(processRows))).map((r) => r.text);
    assert.ok(after.some((t) => t.startsWith('3 cow')), `the child row stays visible: ${JSON.stringify(after)}`);
    assert.ok(after.some((t) => t.startsWith('2 cow')), `the parent row: ${JSON.stringify(after)}`);
    await ui.screenshot('process-selected');
  });

  test('the Memory Map shows the child\'s heap pages shared copy-on-write with the parent', async () => {
    assert.ok(stopped, 'the first test stopped at the breakpoint (this step continues from that stop)');
    await api.selectProcess(3);
    await collapseView('Processes');
    await expandView('Memory Map');
    const heap = api.memoryMapRows().find((r) => r.label.includes('[heap]'));
    assert.ok(heap, `a [heap] row: ${JSON.stringify(api.memoryMapRows().map((r) => r.label))}`);
    await ui.click({ selector: `${rows('Memory Map')}:has-text("[heap]")` });
    const pages = await api.rowChildren('memoryMap', heap);
    const shared = pages.filter((p) => p.description?.includes('shared with pid 2'));
    assert.ok(shared.length >= REGION_PAGES, `at least ${REGION_PAGES} heap pages shared with pid 2: ${JSON.stringify(pages.slice(0, 3))}`);
    assert.ok(shared.every((p) => /refcount 2/.test(p.description ?? '')), 'each shared frame has refcount 2');
    await ui.expect('a heap page row "va 0x… → pa 0x…" in the Memory Map view', () => ui.read(rows('Memory Map'), { text: '→ pa 0x', exact: false }));
    await ui.screenshot('memory-map-shared');
  });

  test('F10 over the child\'s fill: the Fault Log lists its copy-on-write faults at the store line, and the pages are private', async () => {
    assert.ok(stopped, 'the first test stopped at the breakpoint (this step continues from that stop)');
    const next = stops.nextStop();
    await ui.press('F10');
    const step = await ui.expect('a stop after F10 over fill()', () => within(next, SESSION_LIMIT_MS, 'DAP stopped event'));
    assert.strictEqual(step.reason, 'step');
    await collapseView('Memory Map');
    await expandView('Fault Log');
    const storeLine = cowLine(STORE_LINE);
    const cowFaults = await waitUntil(api.onDidRefresh, () => {
      const found = api.faultLog().filter((r) => r.label.startsWith('pid 3 store') && r.label.endsWith('cow-copy'));
      return found.length >= REGION_PAGES ? found : undefined;
    }, `${REGION_PAGES} cow-copy faults by pid 3 in the Fault Log`, () => JSON.stringify(api.faultLog().slice(0, 3)));
    assert.ok(cowFaults.every((r) => r.open?.line === storeLine), `each at cow.c:${storeLine}`);
    await ui.expect('a "pid 3 store … cow-copy" row in the Fault Log view', () => ui.read(rows('Fault Log'), { text: 'cow-copy', exact: false }));
    await ui.screenshot('fault-log');
    await collapseView('Fault Log');

    await api.selectProcess(3);
    const heap = api.memoryMapRows().find((r) => r.label.includes('[heap]'));
    assert.ok(heap);
    const pages = await api.rowChildren('memoryMap', heap);
    assert.ok(pages.filter((p) => /refcount 1/.test(p.description ?? '')).length >= REGION_PAGES, 'the child now has its own copies (refcount 1)');
  });

  test('the Page Table, Physical Memory, TLB and Scheduler views show the stop', async () => {
    assert.ok(stopped, 'the first test stopped at the breakpoint (this step continues from that stop)');
    await expandView('Page Table');
    await ui.expect('the Page Table view\'s root entries', () => ui.read(rows('Page Table'), { text: 'VPN[2]', exact: false }));
    await ui.screenshot('page-table');
    await collapseView('Page Table');
    const vmprint = await api.vmprint();
    assert.match(vmprint ?? '', /^page table 0x[0-9a-f]+\n \.\.\d+: pte 0x[0-9a-f]+ pa 0x[0-9a-f]+/, 'vmprint text in xv6\'s format');

    await expandView('Physical Memory');
    const memory = await api.physicalMemory();
    assert.ok(memory.available && memory.inUse > 0, `frames in use: ${JSON.stringify(memory)}`);
    // Parent and child still share their text and read-only pages.
    assert.ok(memory.sharedFrames > 0, `frames mapped by both processes: ${JSON.stringify(memory.shared.slice(0, 3))}`);
    await ui.screenshot('physical-memory');
    // The view's title-bar action opens the same picture as an editor, where the grid has room.
    await ui.hover({ selector: header('Physical Memory') });
    await ui.expect('the "Show Physical Memory" action', () => ui.click({ selector: `${header('Physical Memory')} .action-label[aria-label*="Show Physical Memory"]` }));
    await ui.expect('the Physical Memory editor tab', () => ui.read('.part.editor .tab', { text: 'Physical Memory', exact: false }));
    await new Promise((r) => setTimeout(r, PICTURE_SETTLE_MS)); // the webview draws its canvas
    await ui.screenshot('physical-memory-editor');
    await ui.press('Control+W');
    await collapseView('Physical Memory');

    await expandView('TLB');
    await ui.expect('a "va 0x… → pa 0x…" entry in the TLB view', () => ui.read(rows('TLB'), { text: '→ pa 0x', exact: false }));
    await ui.screenshot('tlb');
    await collapseView('TLB');

    await expandView('Scheduler');
    await ui.expect('thread 3 in the Scheduler view', () => ui.read(rows('Scheduler'), { text: 'tid 3', exact: false }));
    assert.ok(api.scheduler().length > 0, 'scheduler rows');
    await ui.screenshot('scheduler');
    await collapseView('Scheduler');
  });

  test('the program\'s output is in its terminal, exactly as written; Shift+F5 ends the session', async () => {
    assert.ok(stopped, 'the first test stopped at the breakpoint (this step continues from that stop)');
    const text = api.guestTerminalText() ?? '';
    assert.match(text, /parent: filled .*\r\n/, `the parent's line, with the tty's \\r\\n: ${JSON.stringify(text)}`);
    const session = vscode.debug.activeDebugSession;
    const ended = sessionEnded(session);
    await ui.press('Shift+F5');
    await within(ended, SESSION_LIMIT_MS, 'the session to end after Shift+F5');
    await ui.screenshot('ended');
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
  });

  test('a line typed into the terminal reaches cat, which prints it back; Ctrl+D ends its input', async () => {
    await selectLaunchConfiguration(ui, CONFIGS.cat);
    const session = await runInTerminal();
    await ui.type('hello from the keyboard');
    await ui.press('Enter');
    // The tty echoes the typed line, then cat writes it: the line appears twice.
    await ui.expect('the typed line echoed and printed back by cat', () => waitUntil(vscode.debug.onDidReceiveDebugSessionCustomEvent, () => {
      const text = api.guestTerminalText() ?? '';
      return text.split('hello from the keyboard').length - 1 >= 2 ? true : undefined;
    }, 'the line twice in the terminal', () => JSON.stringify(api.guestTerminalText())));
    await ui.screenshot('cat-typed');
    const ended = sessionEnded(session);
    await ui.press('Control+D');
    await within(ended, SESSION_LIMIT_MS, 'cat to end at Ctrl+D');
  });

  test('Ctrl+C in the terminal interrupts a program that never stops (SIGINT)', async () => {
    await selectLaunchConfiguration(ui, CONFIGS.spin);
    const session = await runInTerminal();
    // The adapter's glasskernel/sessionEnded report: the exit code a shell shows, and the signal.
    const exited = new Promise<{ exitCode: number; signal?: string }>((resolve) => {
      const sub = vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
        if (e.session === session && e.event === 'glasskernel/sessionEnded') { sub.dispose(); resolve(e.body as { exitCode: number; signal?: string }); }
      });
    });
    // While it runs the status bar shows the instructions retired and the guest's speed.
    await ui.expect('the status bar item with the guest\'s MIPS', () => ui.read('.part.statusbar .statusbar-item', { text: 'MIPS', exact: false }));
    await ui.screenshot('spin-running');
    const stop = stops.nextStop();
    await ui.press('Control+C');
    // The Fatal signal filter (on by default) stops before SIGINT ends the program, as gdb does.
    const caught = await ui.expect('a stop before SIGINT takes effect', () => within(stop, SESSION_LIMIT_MS, 'DAP stopped event'));
    assert.strictEqual(caught.reason, 'exception');
    assert.match(`${caught.description ?? ''} ${caught.text ?? ''}`, /SIGINT/);
    await ui.expect('the stop on SIGINT in Call Stack', () => ui.read(`${pane('Call Stack')} .pane-header`, { text: 'SIGINT', exact: false }));
    await ui.screenshot('spin-sigint-stop');
    await ui.press('F5');
    const end = await ui.expect('spin to end after F5 lets SIGINT act', () => within(exited, SESSION_LIMIT_MS, 'the session-end report'));
    assert.deepStrictEqual([end.exitCode, end.signal], [SIGINT_STATUS, 'SIGINT']);
    await ui.expect('the exit line in the terminal', () => waitUntil(vscode.debug.onDidReceiveDebugSessionCustomEvent,
      () => (api.guestTerminalText()?.includes('killed by SIGINT') ? true : undefined), 'killed by SIGINT in the terminal', () => JSON.stringify(api.guestTerminalText())));
    await ui.screenshot('spin-interrupted');
  });

  /** Starts the selected configuration with F5 and focuses its terminal; resolves with the running session. */
  async function runInTerminal(): Promise<vscode.DebugSession> {
    const started = sessionStarted('glasskernel');
    await ui.press('F5');
    const session = await within(started, SESSION_LIMIT_MS, 'a glasskernel session started by F5');
    // Earlier sessions' terminals stay open in other tabs: the one shown is the one with a box.
    const shown = await ui.expect('the guest terminal in the panel', async () => {
      for (const started = Date.now(); Date.now() - started < TERMINAL_SHOWN_MS; await new Promise((r) => setTimeout(r, POLL_MS))) {
        const found = (await ui.read('.part.panel .terminal-wrapper')).find((t) => t.box && t.box.width > 0 && t.box.height > 0);
        if (found) return found;
      }
      throw new Error(`no terminal was shown within ${TERMINAL_SHOWN_MS} ms`);
    });
    await ui.click(centre(boxOf(shown, 'the guest terminal')));
    const focused = '.part.panel .terminal-wrapper .xterm.focus';
    // A terminal drawn a moment ago may not take the click; Ctrl+` (Terminal: Focus) does.
    if ((await ui.read(focused, undefined, HEADER_LOOK_MS).catch(() => [])).length === 0) await ui.press('Control+`');
    await ui.expect('the keyboard focus in the terminal', () => ui.read(focused));
    return session;
  }
});
