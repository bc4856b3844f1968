/**
 * The `glasskernel` debugger's registration pieces: how VS Code starts the adapter (its own Node
 * process running dist/adapter.js, so a runaway guest never freezes the editor) and how launch
 * configurations are proposed, completed and checked.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEBUG_TYPE } from './osModel';

/** Launch attributes the adapter understands (package.json `configurationAttributes.launch`). */
export interface GlasskernelLaunchConfiguration extends vscode.DebugConfiguration {
  /** Path of a statically linked RISC-V ELF64 executable, or of an assembly source (.s/.S/.asm) the adapter builds. */
  program?: string;
  args?: string[];
  stopOnEntry?: boolean;
  /** Size of the emulated machine's physical memory, in MiB. */
  memoryMiB?: number;
}

/** Where prebuilt example executables live, relative to the workspace folder. */
const EXAMPLES_BIN = ['examples', 'bin'];
const SOURCE_EXTENSIONS = ['.c', '.s', '.S', '.asm'];
/** Assembly sources: the adapter assembles and links them itself (src/toolchain), so they are their own program. */
const ASSEMBLY_EXTENSIONS = ['.s', '.S', '.asm'];

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

/** True when `uri` names an existing file. */
async function fileExists(uri: vscode.Uri): Promise<boolean> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    return (stat.type & vscode.FileType.File) !== 0;
  } catch {
    return false;
  }
}

/**
 * The executable built from a source file: `<workspace>/examples/bin/<basename>` first, then a
 * file with the same basename next to the source. Undefined when neither exists.
 */
export async function executableForSource(folder: vscode.WorkspaceFolder | undefined, source: vscode.Uri): Promise<vscode.Uri | undefined> {
  const base = path.basename(source.fsPath, path.extname(source.fsPath));
  const candidates: vscode.Uri[] = [];
  if (folder) candidates.push(vscode.Uri.joinPath(folder.uri, ...EXAMPLES_BIN, base));
  candidates.push(vscode.Uri.joinPath(source, '..', base));
  for (const candidate of candidates) if (await fileExists(candidate)) return candidate;
  return undefined;
}

/** Proposes, completes and validates `glasskernel` launch configurations. */
export class ConfigurationProvider implements vscode.DebugConfigurationProvider {
  /** The configuration written into a new launch.json. */
  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    return [
      {
        type: DEBUG_TYPE,
        request: 'launch',
        name: 'Glasskernel: debug current example',
        program: '${workspaceFolder}/examples/bin/${fileBasenameNoExtension}',
        args: [],
        stopOnEntry: false,
      },
    ];
  }

  /**
   * F5 without a launch.json arrives as an empty configuration: debug the executable built from
   * the C or assembly file in the active editor. Returns undefined (aborting the launch, after
   * telling the user why) when there is nothing to run.
   */
  async resolveDebugConfiguration(folder: vscode.WorkspaceFolder | undefined, config: GlasskernelLaunchConfiguration): Promise<vscode.DebugConfiguration | undefined> {
    if (config.type && config.request && config.name) return config;
    const editor = vscode.window.activeTextEditor;
    const source = editor?.document.uri;
    if (!source || !SOURCE_EXTENSIONS.includes(path.extname(source.fsPath))) {
      void vscode.window.showErrorMessage('Glasskernel: open a C or RISC-V assembly file of examples/src (or add a launch configuration with "program") and press F5 again.');
      return undefined;
    }
    const program = ASSEMBLY_EXTENSIONS.includes(path.extname(source.fsPath))
      ? source
      : (await executableForSource(folder, source)) ?? (await askForProgram(source));
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

  /** Checks `program` after ${...} variables are substituted, so a typo fails with a clear message. */
  async resolveDebugConfigurationWithSubstitutedVariables(folder: vscode.WorkspaceFolder | undefined, config: GlasskernelLaunchConfiguration): Promise<vscode.DebugConfiguration | undefined> {
    if (typeof config.program !== 'string' || config.program === '') {
      void vscode.window.showErrorMessage('Glasskernel: the launch configuration needs "program", the path of a RISC-V ELF executable or assembly file.');
      return undefined;
    }
    if (!path.isAbsolute(config.program) && folder) config.program = path.join(folder.uri.fsPath, config.program);
    if (!(await fileExists(vscode.Uri.file(config.program)))) {
      void vscode.window.showErrorMessage(`Glasskernel: program not found: ${config.program}. Build the examples with "npm run examples" or fix "program" in launch.json.`);
      return undefined;
    }
    return config;
  }
}

/** Asks the user to pick the executable built from `source`; undefined if they decline. */
async function askForProgram(source: vscode.Uri): Promise<vscode.Uri | undefined> {
  const base = path.basename(source.fsPath, path.extname(source.fsPath));
  const choose = 'Choose executable…';
  const answer = await vscode.window.showErrorMessage(`Glasskernel: no RISC-V executable found for ${path.basename(source.fsPath)} (looked for examples/bin/${base}). Build it with "npm run examples" or choose one.`, choose);
  if (answer !== choose) return undefined;
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Debug', title: 'RISC-V ELF executable to debug' });
  return picked?.[0];
}
