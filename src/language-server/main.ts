/**
 * Entry point of the RISC-V assembly language server (bundled to dist/asm-server.js): one LSP
 * connection, over IPC or stdio as the client asks on the command line (`--node-ipc`,
 * `--stdio`, `--socket=N`, `--pipe=NAME`), stdio when nothing is asked. The extension starts it
 * through vscode-languageclient on the first riscv-asm document; tests spawn it with `--stdio`.
 */
import { createConnection } from 'vscode-languageserver/node';
import { startServer } from './server';

/** Command-line flags that name a transport vscode-languageserver understands. */
const TRANSPORT_FLAGS = ['--node-ipc', '--stdio', '--socket=', '--pipe='];

const named = process.argv.some((a) => TRANSPORT_FLAGS.some((f) => a.startsWith(f)));
startServer(named ? createConnection() : createConnection(process.stdin, process.stdout));
