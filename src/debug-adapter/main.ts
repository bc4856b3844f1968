/**
 * Entry point of the debug adapter (bundled to dist/adapter.js): one DAP session over
 * stdin/stdout, in its own Node process so a runaway guest can never freeze the editor.
 */
import v8 from 'node:v8';
import { DebugSession } from '@vscode/debugadapter';
import { RECOMMENDED_V8_FLAGS } from '../emu';
import { GlasskernelSession } from './session';

for (const flag of RECOMMENDED_V8_FLAGS) v8.setFlagsFromString(flag);
DebugSession.run(GlasskernelSession);
