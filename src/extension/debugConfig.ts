/**
 * The `glasskernel` debugger's registration pieces: how VS Code starts the adapter (its own Node
 * process running dist/adapter.js, so a runaway guest never freezes the editor) and how launch
 * configurations are proposed, completed and checked. F5 on a C file picks or builds its program
 * as cProgram.ts decides; the build and its messages live in cLaunch.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CLauncher, fileExists } from './cLaunch';
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

/**
 * Proposes, completes and validates `glasskernel` launch configurations. Owns the temporary
 * folders of C programs it compiled: dispose() removes them.
 */
export class ConfigurationProvider implements vscode.DebugConfigurationProvider, vscode.Disposable {
  private readonly c = new CLauncher();

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
   * F5 without a launch.json arrives as an empty configuration: debug the file in the active
   * editor. An assembly file is its own program (the adapter builds it); a C file gets its
   * example's prebuilt program or a fresh build by the cross compiler (CLauncher). Returns
   * undefined (aborting the launch, after telling the user why) when there is nothing to run.
   */
  async resolveDebugConfiguration(folder: vscode.WorkspaceFolder | undefined, config: GlasskernelLaunchConfiguration, token?: vscode.CancellationToken): Promise<vscode.DebugConfiguration | undefined> {
    if (config.type && config.request && config.name) return config;
    const editor = vscode.window.activeTextEditor;
    const source = editor?.document.uri;
    if (!source || !SOURCE_EXTENSIONS.includes(path.extname(source.fsPath))) {
      void vscode.window.showErrorMessage('Glasskernel: open a C or RISC-V assembly file (examples/src and examples/asm hold some), or add a launch configuration with "program", and press F5 again.');
      return undefined;
    }
    const program = ASSEMBLY_EXTENSIONS.includes(path.extname(source.fsPath))
      ? source
      : await this.c.programFor(folder ?? vscode.workspace.getWorkspaceFolder(source), source, token);
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

  /** Removes every folder of a compiled C program. */
  dispose(): void {
    this.c.dispose();
  }
}
