/**
 * The `glasskernel` debugger's registration pieces: how VS Code starts the adapter (its own Node
 * process running dist/adapter.js, so a runaway guest never freezes the editor) and how launch
 * configurations are proposed, completed and checked. F5 on a C file picks or builds its program
 * as cProgram.ts decides; the build and its messages live in cLaunch.ts. The configurations
 * themselves come from launchConfigs.ts, the programs they name from programDiscovery.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CLauncher, executableForSource, fileExists, inRepository, workspaceRoots } from './cLaunch';
import { OPEN_EXAMPLES_COMMAND, dynamicConfigurations, initialConfigurations, isAssembly, isSource, programNotFoundMessage } from './launchConfigs';
import { DEBUG_TYPE } from './osModel';
import { DEFAULT_LIMITS, findRiscvExecutables } from './programDiscovery';
import { SETTINGS_SECTION, withSettingDefaults } from './settingDefaults';

/** Launch attributes the adapter understands (package.json `configurationAttributes.launch`). */
export interface GlasskernelLaunchConfiguration extends vscode.DebugConfiguration {
  /** Path of a statically linked RISC-V ELF64 executable, or of an assembly source (.s/.S/.asm) the adapter builds. */
  program?: string;
  args?: string[];
  stopOnEntry?: boolean;
  /** Size of the emulated machine's physical memory, in MiB. */
  memoryMiB?: number;
}

/** Runs the bundled adapter with the extension host's own Node binary. */
export class AdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly adapterPath: string) {}

  /** Throws (VS Code shows the message and aborts the launch) when the adapter was not built. */
  createDebugAdapterDescriptor(): vscode.DebugAdapterDescriptor {
    if (!fs.existsSync(this.adapterPath)) {
      throw new Error(`Glasskernel: the debug adapter is missing (${this.adapterPath}); run "npm run build".`);
    }
    // In desktop VS Code the extension host's execPath is Electron, which behaves as plain
    // Node only with ELECTRON_RUN_AS_NODE; in code-server it is Node and the variable is ignored.
    return new vscode.DebugAdapterExecutable(process.execPath, [this.adapterPath], {
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
  }
}

/** The button that runs "Glasskernel: Open Examples". */
const OPEN_EXAMPLES = 'Open Examples…';

/**
 * Proposes, completes and validates `glasskernel` launch configurations. Owns the temporary
 * folders of C programs it compiled: dispose() removes them. Constructing it also registers the
 * dynamic configuration provider (the "Glasskernel" entry of the Run and Debug dropdown),
 * released by dispose().
 */
export class ConfigurationProvider implements vscode.DebugConfigurationProvider, vscode.Disposable {
  private readonly c = new CLauncher();
  private readonly registrations: vscode.Disposable[] = [
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new DynamicConfigurationProvider(), vscode.DebugConfigurationProviderTriggerKind.Dynamic),
  ];

  /**
   * The configurations written into a new launch.json (launchConfigs.ts): the active assembly
   * file, the active C file's executable, or the folder's first executable, with paths that
   * exist; and "current file" (`${file}`).
   */
  async provideDebugConfigurations(folder: vscode.WorkspaceFolder | undefined, token?: vscode.CancellationToken): Promise<vscode.DebugConfiguration[]> {
    const active = vscode.window.activeTextEditor?.document.uri;
    const activeSource = active?.scheme === 'file' && isSource(active.fsPath) ? active.fsPath : undefined;
    const root = folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
    const activeProgram = activeSource && !isAssembly(activeSource) ? await executableForSource(vscode.Uri.file(activeSource)) : undefined;
    const firstExecutable = activeSource || activeProgram || !root || token?.isCancellationRequested ? undefined : (await findRiscvExecutables([root], { ...DEFAULT_LIMITS, maxResults: 1 }))[0];
    return initialConfigurations({ folder: root, activeSource, activeProgram, firstExecutable });
  }

  /**
   * F5 without a launch.json arrives as an empty configuration: debug the file in the active
   * editor. An assembly file is its own program (the adapter builds it); a C file gets its
   * example's prebuilt program or a fresh build by the cross compiler (CLauncher). Returns
   * undefined (aborting the launch, after telling the user why) when there is nothing to run.
   */
  async resolveDebugConfiguration(folder: vscode.WorkspaceFolder | undefined, config: GlasskernelLaunchConfiguration, token?: vscode.CancellationToken): Promise<vscode.DebugConfiguration | undefined> {
    if (config.type && config.request && config.name) return config;
    const editor = vscode.window.activeTextEditor;
    const source = editor?.document.uri;
    if (!source || !isSource(source.fsPath)) {
      const message = 'Glasskernel: open a C or RISC-V assembly file, or add a launch configuration with "program", and press F5 again.';
      void this.offerExamples(inRepository() ? `${message} examples/src and examples/asm hold some.` : message);
      return undefined;
    }
    const program = isAssembly(source.fsPath) ? source : await this.c.programFor(folder ?? vscode.workspace.getWorkspaceFolder(source), source, token);
    if (!program) return undefined;
    return {
      ...config,
      type: DEBUG_TYPE,
      request: 'launch',
      name: `Glasskernel: ${path.basename(program.fsPath)}`,
      program: program.fsPath,
      stopOnEntry: config.stopOnEntry ?? false,
    };
  }

  /**
   * Checks `program` after ${...} variables are substituted, so a typo fails with a clear
   * message. A C source as `program` (such as `${file}` on a .c file) becomes its executable, found
   * or built as F5 without a launch.json does.
   */
  async resolveDebugConfigurationWithSubstitutedVariables(folder: vscode.WorkspaceFolder | undefined, config: GlasskernelLaunchConfiguration, token?: vscode.CancellationToken): Promise<vscode.DebugConfiguration | undefined> {
    if (typeof config.program !== 'string' || config.program === '') {
      void vscode.window.showErrorMessage('Glasskernel: the launch configuration needs "program", the path of a RISC-V ELF executable or assembly file.');
      return undefined;
    }
    if (!path.isAbsolute(config.program) && folder) config.program = path.join(folder.uri.fsPath, config.program);
    if (!(await fileExists(vscode.Uri.file(config.program)))) {
      void this.offerExamples(programNotFoundMessage(config.program, inRepository()));
      return undefined;
    }
    if (path.extname(config.program) === '.c') {
      const source = vscode.Uri.file(config.program);
      const program = await this.c.programFor(folder ?? vscode.workspace.getWorkspaceFolder(source), source, token);
      if (!program) return undefined;
      config.program = program.fsPath;
    }
    return withSettingDefaults(config, (name) => vscode.workspace.getConfiguration(SETTINGS_SECTION, folder).get(name));
  }

  /** Removes every folder of a compiled C program, and the registrations. */
  dispose(): void {
    this.c.dispose();
    for (const r of this.registrations) r.dispose();
  }

  /** An error message, with a button to "Glasskernel: Open Examples" outside the repository. */
  private async offerExamples(message: string): Promise<void> {
    const answer = await (inRepository() ? vscode.window.showErrorMessage(message) : vscode.window.showErrorMessage(message, OPEN_EXAMPLES));
    if (answer === OPEN_EXAMPLES) await vscode.commands.executeCommand(OPEN_EXAMPLES_COMMAND);
  }
}

/**
 * The "Glasskernel" entry of the Run and Debug dropdown: a configuration per open assembly file
 * and per RISC-V executable of the workspace (bounded search, programDiscovery.ts).
 */
class DynamicConfigurationProvider implements vscode.DebugConfigurationProvider {
  async provideDebugConfigurations(_folder: vscode.WorkspaceFolder | undefined, token?: vscode.CancellationToken): Promise<vscode.DebugConfiguration[]> {
    const folders = workspaceRoots();
    const executables = token?.isCancellationRequested ? [] : await findRiscvExecutables(folders);
    return dynamicConfigurations({ folders, executables, openAssembly: openAssemblyFiles() });
  }
}

/** Local assembly files open in editor tabs (the active editor's first), without duplicates. */
function openAssemblyFiles(): string[] {
  const uris: vscode.Uri[] = [];
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active) uris.push(active);
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) if (tab.input instanceof vscode.TabInputText) uris.push(tab.input.uri);
  }
  const files = uris.filter((u) => u.scheme === 'file' && isAssembly(u.fsPath)).map((u) => u.fsPath);
  return [...new Set(files)];
}
