/**
 * The walking skeleton in a real VS Code: debug examples/bin/forktree with a breakpoint on the
 * line of forktree.c that only child processes execute, and check through the extension's test
 * API that the sidebar shows what a student expects at that stop: a process tree with
 * parent -> child links, the selected process's memory map, and its Sv39 page table.
 */
import * as assert from 'node:assert';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ProcessNode } from '../../../src/extension/processesView';
import type { GlasskernelApi } from '../../../src/extension/extension';
import { activateExtension, sessionEnded, StopWatcher, waitUntil } from './util';

/** The comment forktree.c puts at the end of its child-only printf line (see the file's header). */
const CHILD_ONLY_MARKER = /\S.*\/\*\s*child-only line\s*\*\//;
/** /proc/pid/maps permission column: r/w/x or '-', then p(rivate) or s(hared) (proc(5)). */
const MAPS_PERMS = /^[r-][w-][x-][ps]$/;

/** Every process in the forest, depth first. */
function flatten(nodes: readonly ProcessNode[]): ProcessNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}

/** [parent pid, child pid] for every edge of the forest. */
function edges(nodes: readonly ProcessNode[]): Array<[number, number]> {
  return flatten(nodes).flatMap((p) => p.children.map((c): [number, number] => [p.pid, c.pid]));
}

function describeTree(api: GlasskernelApi): string {
  return JSON.stringify(flatten(api.processTree()).map(({ pid, ppid, name, state }) => ({ pid, ppid, name, state })));
}

suite('Debugging forktree', () => {
  let api: GlasskernelApi;
  let folder: vscode.WorkspaceFolder;
  let stops: StopWatcher;

  suiteSetup(async () => {
    api = await activateExtension();
    const opened = vscode.workspace.workspaceFolders?.[0];
    assert.ok(opened, 'a workspace folder is open');
    folder = opened;
    stops = new StopWatcher('glasskernel');
  });

  suiteTeardown(async () => {
    stops?.dispose();
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    await vscode.debug.stopDebugging();
  });

  test('a breakpoint in child-only code stops in a child, and the views show the tree, VMAs and page table', async () => {
    const source = vscode.Uri.joinPath(folder.uri, 'examples', 'src', 'forktree.c');
    const lines = new TextDecoder().decode(await vscode.workspace.fs.readFile(source)).split('\n');
    const line = lines.findIndex((l) => CHILD_ONLY_MARKER.test(l)); // 0-based, as vscode.Position
    assert.ok(line >= 0, 'forktree.c has the "child-only line" marker');
    vscode.debug.addBreakpoints([new vscode.SourceBreakpoint(new vscode.Location(source, new vscode.Position(line, 0)))]);

    const program = vscode.Uri.joinPath(folder.uri, 'examples', 'bin', 'forktree').fsPath;
    const started = await vscode.debug.startDebugging(folder, {
      type: 'glasskernel', request: 'launch', name: 'e2e: forktree', program, args: [], stopOnEntry: false,
    });
    assert.ok(started, 'startDebugging accepted the launch configuration');
    const session = vscode.debug.activeDebugSession;
    assert.strictEqual(session?.type, 'glasskernel');

    // 1. The stop: at the breakpoint, top frame on the marked line of forktree.c.
    const stop = await stops.nextStop();
    assert.strictEqual(stop.reason, 'breakpoint', `stopped for ${stop.reason}: ${stop.description ?? ''}`);
    const trace = await session.customRequest('stackTrace', { threadId: stop.threadId, startFrame: 0, levels: 1 }) as {
      stackFrames: Array<{ line: number; source?: { path?: string; name?: string } }>;
    };
    const top = trace.stackFrames[0];
    assert.strictEqual(path.basename(top?.source?.path ?? top?.source?.name ?? ''), 'forktree.c');
    assert.strictEqual(top?.line, line + 1, 'top frame on the child-only line (1-based)');

    // 2. Processes view: refreshed on its own at the stop; parent -> child links, >= 2 processes.
    await waitUntil(api.onDidRefresh, () => (edges(api.processTree()).length > 0 ? true : undefined),
      'the Processes view to show a parent -> child link', () => describeTree(api));
    const all = flatten(api.processTree());
    assert.ok(all.length >= 2, `at least 2 processes, got ${describeTree(api)}`);
    for (const [parent, child] of edges(api.processTree())) {
      assert.strictEqual(all.find((p) => p.pid === child)?.ppid, parent, `child ${child} is listed under its ppid`);
    }
    const stoppedProcess = all.find((p) => stop.threadId !== undefined && p.tids.includes(stop.threadId));
    assert.ok(stoppedProcess, `the stopped thread ${stop.threadId} belongs to a listed process: ${describeTree(api)}`);
    assert.ok(all.some((p) => p.pid === stoppedProcess.ppid), 'the stopped process is a child of a listed process');
    assert.strictEqual(api.selectedPid(), stoppedProcess.pid, 'the views follow the stopped process');

    // 3. Memory Map view: the selected process's VMAs, /proc/pid/maps style.
    const vmas = api.memoryMap();
    assert.ok(vmas.length > 0, 'the Memory Map lists VMAs');
    for (const vma of vmas) {
      assert.match(vma.perms, MAPS_PERMS);
      assert.ok(Number.parseInt(vma.start, 16) < Number.parseInt(vma.end, 16), `${vma.start} < ${vma.end}`);
    }
    assert.ok(vmas.some((v) => v.perms.startsWith('r-x')), 'an executable text mapping');

    // 4. Page Table view: valid root entries, and a non-leaf one expands to the next level.
    const roots = api.pageTableRoots();
    assert.ok(roots.length > 0, 'the root page table has valid entries');
    const pointer = roots.find((e) => !e.leaf);
    assert.ok(pointer, 'a root entry points to a level-1 table');
    const next = await api.pageTableChildren(pointer);
    assert.ok(next.length > 0, 'the level-1 table has valid entries');
    for (const e of next) {
      assert.ok(Number.parseInt(e.vaStart, 16) >= Number.parseInt(pointer.vaStart, 16), 'child range inside its parent entry');
      assert.ok(Number.parseInt(e.vaEnd, 16) <= Number.parseInt(pointer.vaEnd, 16), 'child range inside its parent entry');
    }

    // 5. Selecting the parent drives the other two views.
    await api.selectProcess(stoppedProcess.ppid);
    assert.strictEqual(api.selectedPid(), stoppedProcess.ppid);
    assert.ok(api.memoryMap().length > 0, "the parent's VMAs are listed");

    // 6. Ending the session clears the views.
    const ended = sessionEnded(session);
    await vscode.debug.stopDebugging(session);
    await ended;
    await waitUntil(api.onDidRefresh, () => (api.processTree().length === 0 ? true : undefined),
      'the views to clear when the session ends', () => describeTree(api));
    assert.deepStrictEqual(api.memoryMap(), []);
    assert.deepStrictEqual(api.pageTableRoots(), []);
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
  });

  test('F5 on forktree.c without a launch configuration debugs examples/bin/forktree', async () => {
    const source = vscode.Uri.joinPath(folder.uri, 'examples', 'src', 'forktree.c');
    await vscode.window.showTextDocument(source);
    // What VS Code passes when there is no launch.json: no name or request, only what we add.
    const started = await vscode.debug.startDebugging(folder, { type: 'glasskernel', request: '', name: '', stopOnEntry: true });
    assert.ok(started, 'the configuration provider completed the empty configuration');
    const session = vscode.debug.activeDebugSession;
    assert.ok(session);
    assert.strictEqual(session.configuration.program, vscode.Uri.joinPath(folder.uri, 'examples', 'bin', 'forktree').fsPath);
    const stop = await stops.nextStop();
    assert.strictEqual(stop.reason, 'entry');
    await waitUntil(api.onDidRefresh, () => (api.processTree().length > 0 ? true : undefined),
      'the Processes view to show the first process', () => describeTree(api));
    // pid 1 is the kernel's init; the program runs as its only child, pid 2, with no children yet.
    const describe = (p: { pid: number; name: string; children: unknown[] }): [string, number, number] => [p.name, p.pid, p.children.length];
    const tree = api.processTree();
    assert.deepStrictEqual(tree.map(describe), [['init', 1, 1]]);
    assert.deepStrictEqual(tree[0].children.map(describe), [['forktree', 2, 0]]);
    await vscode.debug.stopDebugging(session);
  });
});
