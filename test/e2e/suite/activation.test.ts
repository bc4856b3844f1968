/**
 * Proves the harness and the extension's static wiring without running a guest: the extension
 * activates in a real VS Code, contributes the glasskernel debugger and the seven sidebar views,
 * and its test API reports empty views while no session exists.
 */
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateExtension } from './util';

interface ContributedView { id: string; name: string }
interface ContributedDebugger { type: string; label: string }

suite('Glasskernel extension in VS Code', () => {
  test('activates and returns its test API', async () => {
    const api = await activateExtension();
    for (const name of ['processTree', 'selectedPid', 'selectProcess', 'memoryMap', 'pageTableRoots', 'pageTableChildren', 'refresh', 'onDidRefresh', 'processRows', 'memoryMapRows', 'pageTableRows', 'physicalMemory', 'faultLog', 'tlb', 'scheduler', 'guestTerminalText', 'statusBarText'] as const) {
      assert.strictEqual(typeof api[name], 'function', `api.${name}`);
    }
  });

  test('contributes the glasskernel debugger, seven views in the Run and Debug sidebar and a Start view in its own container', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as {
      contributes: { debuggers: ContributedDebugger[]; views: Record<string, ContributedView[]> };
    };
    assert.deepStrictEqual(manifest.contributes.debuggers.map((d) => d.type), ['glasskernel']);
    assert.deepStrictEqual(manifest.contributes.views.debug.map((v) => v.name), ['Processes', 'Memory Map', 'Page Table', 'Physical Memory', 'Fault Log', 'TLB', 'Scheduler']);
    assert.deepStrictEqual(manifest.contributes.views.glasskernel.map((v) => v.name), ['Start']);
  });

  test('the sidebar views open in the workbench', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.glasskernel');
    await vscode.commands.executeCommand('glasskernel.start.focus');
    await vscode.commands.executeCommand('workbench.view.debug');
    for (const view of ['glasskernel.processes', 'glasskernel.memoryMap', 'glasskernel.pageTable', 'glasskernel.physicalMemory', 'glasskernel.faultLog', 'glasskernel.tlb', 'glasskernel.scheduler']) {
      await vscode.commands.executeCommand(`${view}.focus`);
    }
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('glasskernel.refreshViews'), 'refresh command registered');
  });

  test('views are empty while no debug session runs', async () => {
    const api = await activateExtension();
    assert.strictEqual(vscode.debug.activeDebugSession, undefined);
    await api.refresh();
    assert.deepStrictEqual(api.processTree(), []);
    assert.deepStrictEqual(api.memoryMap(), []);
    assert.deepStrictEqual(api.pageTableRoots(), []);
    assert.strictEqual(api.selectedPid(), undefined);
  });
});
