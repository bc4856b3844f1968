/**
 * The client side of the RISC-V assembly language server (src/language-server, bundled to
 * dist/asm-server.js): started, through vscode-languageclient, when the first `riscv-asm`
 * document opens (the extension may have activated earlier for the debugger or the views), and
 * stopped with the extension. The server runs in its own Node process over IPC, so assembling a
 * large file never blocks the extension host.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/** Language id of RISC-V assembly (package.json `contributes.languages`). */
export const ASM_LANGUAGE_ID = 'riscv-asm';

/** Files whose changes on disk the server hears about (its definitions, references and includes read them). */
const WATCHED_FILES = '**/*.{s,S,asm}';

/**
 * The server program: the bundled dist/asm-server.js, or the file named by the environment
 * variable GLASSKERNEL_ASM_SERVER (to try a server under development without repackaging).
 */
function serverPath(context: vscode.ExtensionContext): string {
  return process.env.GLASSKERNEL_ASM_SERVER || context.asAbsolutePath('dist/asm-server.js');
}

/** Creates (does not start) the language client for `context`. */
function createClient(context: vscode.ExtensionContext): LanguageClient {
  const module = serverPath(context);
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: ASM_LANGUAGE_ID }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher(WATCHED_FILES) },
  };
  return new LanguageClient('glasskernel.asm', 'Glasskernel RISC-V Assembly', serverOptions, clientOptions);
}

/** The running client, for tests: undefined until the first riscv-asm document opened. */
export interface AsmClientHandle extends vscode.Disposable {
  client(): LanguageClient | undefined;
}

/**
 * Starts the language client as soon as a riscv-asm document is open (now, if one already is).
 * Disposing the handle stops the client and its server process. A server that fails to start
 * is reported in `log`, never thrown.
 */
export function startAsmLanguageClient(context: vscode.ExtensionContext, log: vscode.OutputChannel): AsmClientHandle {
  let client: LanguageClient | undefined;
  const start = (doc: vscode.TextDocument) => {
    if (client !== undefined || doc.languageId !== ASM_LANGUAGE_ID) return;
    client = createClient(context);
    client.start().catch((e: unknown) => log.appendLine(`RISC-V assembly language server did not start: ${e instanceof Error ? e.message : String(e)}`));
  };
  const opened = vscode.workspace.onDidOpenTextDocument(start);
  for (const doc of vscode.workspace.textDocuments) start(doc);
  return {
    client: () => client,
    dispose: () => {
      opened.dispose();
      client?.stop().catch(() => undefined);
    },
  };
}
