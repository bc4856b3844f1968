/**
 * Entry point of the debug adapter (bundled to dist/adapter.js): one DAP session over
 * stdin/stdout, in its own Node process so a runaway guest can never freeze the editor.
 */
import { DebugSession } from '@vscode/debugadapter';
import { GlasskernelSession } from './session';

DebugSession.run(GlasskernelSession);
