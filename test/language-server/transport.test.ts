/**
 * The server over Node IPC, the transport the extension's language client uses
 * (vscode-languageclient TransportKind.ipc forks the module with `--node-ipc`): it initializes,
 * publishes diagnostics and answers a hover, then exits on shutdown/exit.
 */
import { fork } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createProtocolConnection, DidOpenTextDocumentNotification, ExitNotification, HoverRequest, InitializeRequest,
  IPCMessageReader, IPCMessageWriter, PublishDiagnosticsNotification, ShutdownRequest, type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { bundleServer, FIXTURES, hoverText, uriOf } from './lsp-client';

describe('language server over IPC', () => {
  it('initializes, publishes diagnostics, answers a hover and exits when told', async () => {
    const child = fork(await bundleServer(), ['--node-ipc'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    const published = new Promise<PublishDiagnosticsParams>((resolve) => connection.onNotification(PublishDiagnosticsNotification.type, resolve));
    connection.listen();
    const init = await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: uriOf(FIXTURES), capabilities: {}, workspaceFolders: null });
    expect(init.capabilities.hoverProvider).toBe(true);
    const uri = uriOf(path.join(FIXTURES, 'ipc.s'));
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'riscv-asm', version: 1, text: '    subb a0, a0, a1\n' } });
    const d = await published;
    expect(d.diagnostics.map((x) => x.message)).toEqual(["unknown instruction `subb'"]);
    expect(hoverText(await connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 10 } }))).toContain('x10 (a0)');
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await connection.sendRequest(ShutdownRequest.type);
    await connection.sendNotification(ExitNotification.type);
    expect(await exited).toBe(0);
    connection.dispose();
  });
});
