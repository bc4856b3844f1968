/**
 * Entry point of the debug adapter (bundled to dist/adapter.js): one DAP session over
 * stdin/stdout, in its own Node process so a runaway guest can never freeze the editor.
 * Input frames are read by framing.ts (a malformed frame is dropped and reported, never fatal).
 */
import v8 from 'node:v8';
import { RECOMMENDED_V8_FLAGS } from '../emu';
import { serveDap } from './framing';
import { GlasskernelSession } from './session';

for (const flag of RECOMMENDED_V8_FLAGS) v8.setFlagsFromString(flag);
const session = new GlasskernelSession();
process.on('SIGTERM', () => session.shutdown());
serveDap(session, process.stdin, process.stdout);
