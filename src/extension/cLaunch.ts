/**
 * F5 on a C file, the VS Code side: gathers the facts cProgram.ts decides on (which prebuilt
 * programs exist, the glasskernel.compilerPath setting, the compiler on PATH), compiles with
 * toolchain/cc.ts into a temporary folder per launch, and tells the user what went wrong in one
 * message: the compiler's first error lines (its whole output in the "Glasskernel Build" output
 * channel), or, with no compiler, how to install one and a way to the examples.
 *
 * Build folders live as long as a debug adapter runs their program (seen through a debug adapter
 * tracker, which also sees restarts), plus a grace period; see BuildFolders.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMPILER_SETTING, compileC, findCompiler, noCompilerHelp } from '../toolchain/cc';
import { BuildFolders, chooseCProgram, exampleExecutablePath, isTinyLibcExample, nodeBuildFolderHost } from './cProgram';
import { isExamplesFolder, isRepositoryCheckout } from './examplesCopy';
import { OPEN_EXAMPLES_COMMAND, noExecutableMessage } from './launchConfigs';
import { DEBUG_TYPE } from './osModel';
import { findExecutableForSource, isRiscvExecutableFile } from './programDiscovery';

/** Output channel holding every compile's command line and full output. */
const BUILD_CHANNEL = 'Glasskernel Build';
/** The button that runs "Glasskernel: Open Examples". */
const OPEN_EXAMPLES = 'Open Examples…';

/** Finds or builds the program F5 debugs for a C source. Dispose to remove every build folder. */
export class CLauncher implements vscode.Disposable {
  private readonly folders = new BuildFolders();
  private channel?: vscode.OutputChannel;
  private tracker?: vscode.Disposable;

  /**
   * The program to debug for C source `source` (cProgram.ts's order), compiling it when that is
   * the plan. Undefined, after one message saying why, when there is nothing to run.
   */
  async programFor(folder: vscode.WorkspaceFolder | undefined, source: vscode.Uri, token?: vscode.CancellationToken): Promise<vscode.Uri | undefined> {
    const name = path.basename(source.fsPath);
    if (source.scheme !== 'file') {
      void vscode.window.showErrorMessage(`Glasskernel: ${name} is not a file on this machine's disk; save it to a folder and press F5 again.`);
      return undefined;
    }
    const example = exampleExecutablePath(source.fsPath, isExamplesFolder);
    const compiler = findCompiler({ setting: compilerSetting(source), baseDir: folder?.uri.fsPath });
    const examplePrebuilt = example && (await isRiscvExecutableFile(example)) ? example : undefined;
    // The workspace search only when its answer can matter (no example binary, no compiler build).
    const searched = !examplePrebuilt && (!compiler.found || isTinyLibcExample(source.fsPath, isExamplesFolder));
    const plan = chooseCProgram({
      source: source.fsPath,
      examplePrebuilt,
      compiler,
      otherPrebuilt: searched ? await executableForSource(source) : undefined,
      isExamplesRoot: isExamplesFolder,
    });
    switch (plan.kind) {
      case 'prebuilt':
        return vscode.Uri.file(plan.program);
      case 'compile':
        return this.build(plan.compiler, source, token);
      case 'buildExamples':
        return askForProgram(source);
      case 'badSetting':
        void showBadSetting(plan.message);
        return undefined;
      case 'noCompiler':
        return this.showNoCompiler(folder, source);
    }
  }

  /** Removes every build folder now and stops watching sessions. */
  dispose(): void {
    this.folders.dispose();
    this.tracker?.dispose();
    this.channel?.dispose();
  }

  /** Compiles `source` into a fresh temporary folder; the program, or undefined after the error message. */
  private async build(compiler: string, source: vscode.Uri, token?: vscode.CancellationToken): Promise<vscode.Uri | undefined> {
    const name = path.basename(source.fsPath);
    let dir: string;
    try {
      dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'glasskernel-cc-'));
    } catch (e) {
      void vscode.window.showErrorMessage(`Glasskernel: cannot create a temporary folder to build ${name}: ${(e as Error).message}`);
      return undefined;
    }
    const abort = new AbortController();
    const cancel = token?.onCancellationRequested(() => abort.abort());
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Glasskernel: compiling ${name}` }, () =>
      compileC({ compiler, source: source.fsPath, outDir: dir, signal: abort.signal }),
    );
    cancel?.dispose();
    const log = this.log();
    log.appendLine(`$ ${result.commandLine}`);
    if (result.output !== '') log.append(result.output.endsWith('\n') ? result.output : `${result.output}\n`);
    if (!result.ok) {
      nodeBuildFolderHost.remove(dir);
      log.appendLine(`${name}: ${result.message.split('\n')[0]}`);
      if (!abort.signal.aborted) void this.showCompileError(name, result.message);
      return undefined;
    }
    this.folders.add(dir, result.executable);
    this.watchSessions();
    return vscode.Uri.file(result.executable);
  }

  /** One error notification: the first error lines, and a button to the full output. */
  private async showCompileError(name: string, message: string): Promise<void> {
    const show = 'Show Full Output';
    const answer = await vscode.window.showErrorMessage(`Glasskernel: ${name} did not compile: ${message.split('\n').join(' • ')}`, show);
    if (answer === show) this.log().show(true);
  }

  /**
   * The one "no compiler" message (modal, so its install commands can span lines; also written
   * to the build channel for copying), with buttons that open the examples or pick a program.
   */
  private async showNoCompiler(folder: vscode.WorkspaceFolder | undefined, source: vscode.Uri): Promise<vscode.Uri | undefined> {
    const help = noCompilerHelp(path.basename(source.fsPath));
    this.log().appendLine(`${help.message}\n${help.detail}`);
    const examples = await findExamples(folder);
    const openC = 'Open C Examples';
    const openAsm = 'Open Assembly Examples';
    const choose = 'Choose Executable…';
    // The workspace's own examples when it has them, else the command that copies the bundled ones.
    const buttons = [...(examples.c ? [openC] : []), ...(examples.asm ? [openAsm] : []), ...(examples.c || examples.asm ? [] : [OPEN_EXAMPLES]), choose];
    let answer: string | undefined;
    try {
      answer = await vscode.window.showErrorMessage(help.message, { modal: true, detail: help.detail }, ...buttons);
    } catch {
      // No dialogs here (VS Code refuses them in extension tests): a notification pointing to the build channel.
      const show = 'Show Install Help';
      answer = await vscode.window.showErrorMessage(`${help.message} How to install one: the "${BUILD_CHANNEL}" output.`, show, ...buttons);
      if (answer === show) this.log().show(true);
    }
    if (answer === openC && examples.c) await openExample(examples.c, 'hello.c', '.c');
    if (answer === openAsm && examples.asm) await openExample(examples.asm, 'hello.s', '.s');
    if (answer === OPEN_EXAMPLES) await vscode.commands.executeCommand(OPEN_EXAMPLES_COMMAND);
    return answer === choose ? pickExecutable() : undefined;
  }

  /** Claims a build folder for every debug adapter started on its program (restarts included). */
  private watchSessions(): void {
    this.tracker ??= vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, {
      createDebugAdapterTracker: (session) => {
        const dir = this.folders.folderOf(session.configuration.program);
        if (!dir) return undefined;
        this.folders.claim(dir);
        let released = false;
        const release = () => {
          if (released) return;
          released = true;
          this.folders.release(dir);
        };
        return { onWillStopSession: release, onExit: release };
      },
    });
  }

  private log(): vscode.OutputChannel {
    this.channel ??= vscode.window.createOutputChannel(BUILD_CHANNEL);
    return this.channel;
  }
}

/** The glasskernel.compilerPath setting for `source`'s folder ('' when unset). */
function compilerSetting(source: vscode.Uri): string {
  const value = vscode.workspace.getConfiguration('glasskernel', source).get<unknown>('compilerPath');
  return typeof value === 'string' ? value : '';
}

/** Says the setting is wrong, with a button to it. */
async function showBadSetting(message: string): Promise<void> {
  const open = 'Open Settings';
  const answer = await vscode.window.showErrorMessage(`Glasskernel: ${message} Fix it, or clear it to use riscv64-linux-gnu-gcc from PATH.`, open);
  if (answer === open) await vscode.commands.executeCommand('workbench.action.openSettings', COMPILER_SETTING);
}

/** True when `uri` names an existing file. */
export async function fileExists(uri: vscode.Uri): Promise<boolean> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    return (stat.type & vscode.FileType.File) !== 0;
  } catch {
    return false;
  }
}

/** True when `uri` names an existing folder. */
async function folderExists(uri: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
  } catch {
    return false;
  }
}

/** The local paths of the workspace folders (folders of other file systems cannot be searched). */
export function workspaceRoots(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

/** True when a workspace folder is a checkout of the repository, where "npm run examples" works. */
export function inRepository(): boolean {
  return workspaceRoots().some(isRepositoryCheckout);
}

/**
 * The prebuilt RISC-V executable for a source file (programDiscovery.ts): next to it, in bin/,
 * build/ or ../bin/, else named by its base name anywhere in the workspace. Undefined when none.
 */
export function executableForSource(source: vscode.Uri): Promise<string | undefined> {
  return findExecutableForSource(source.fsPath, workspaceRoots());
}

/**
 * Says no executable was found for `source` (mentioning "npm run examples" only in the
 * repository) and offers to choose one, or to open the bundled examples; the chosen program, or
 * undefined.
 */
async function askForProgram(source: vscode.Uri): Promise<vscode.Uri | undefined> {
  const repo = inRepository();
  const choose = 'Choose Executable…';
  const buttons = repo ? [choose] : [choose, OPEN_EXAMPLES];
  const answer = await vscode.window.showErrorMessage(noExecutableMessage(path.basename(source.fsPath), repo), ...buttons);
  if (answer === OPEN_EXAMPLES) await vscode.commands.executeCommand(OPEN_EXAMPLES_COMMAND);
  return answer === choose ? pickExecutable() : undefined;
}

/** An open dialog for a RISC-V executable; undefined when cancelled. */
async function pickExecutable(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Debug', title: 'RISC-V ELF executable to debug' });
  return picked?.[0];
}

/**
 * The workspace's C and assembly example folders: `examples/src` and `examples/asm` of the
 * repository, or `src` and `asm` of a copy made by Open Examples (a folder holding libc/glasskernel.h).
 */
async function findExamples(folder: vscode.WorkspaceFolder | undefined): Promise<{ c?: vscode.Uri; asm?: vscode.Uri }> {
  if (!folder) return {};
  const roots = [vscode.Uri.joinPath(folder.uri, 'examples'), ...(folder.uri.scheme === 'file' && isExamplesFolder(folder.uri.fsPath) ? [folder.uri] : [])];
  const first = async (sub: string) => {
    for (const root of roots) {
      const dir = vscode.Uri.joinPath(root, sub);
      if (await folderExists(dir)) return dir;
    }
    return undefined;
  };
  return { c: await first('src'), asm: await first('asm') };
}

/** Opens `preferred` of example folder `dir` (else its first `ext` file) and reveals the folder when it is in the workspace. */
async function openExample(dir: vscode.Uri, preferred: string, ext: string): Promise<void> {
  let file: vscode.Uri | undefined = vscode.Uri.joinPath(dir, preferred);
  if (!(await fileExists(file))) {
    const entries = await vscode.workspace.fs.readDirectory(dir);
    const name = entries.map(([n]) => n).filter((n) => n.endsWith(ext)).sort()[0];
    file = name ? vscode.Uri.joinPath(dir, name) : undefined;
  }
  if (file) await vscode.window.showTextDocument(file);
  if (vscode.workspace.getWorkspaceFolder(dir)) await vscode.commands.executeCommand('revealInExplorer', dir);
}
