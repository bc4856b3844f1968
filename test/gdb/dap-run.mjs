/**
 * Our side: runs a program case in the built debug adapter (dist/adapter.js) through DAP, as
 * VS Code does: breakpoints on the marker lines, configurationDone, then at each `stopped`
 * event read the stack trace and the frame-0 "Locals" scope, and `continue`. No stop on
 * exceptions (gdb is told to pass SIGUSR1 silently). A missing "Locals" scope reads as no
 * variables.
 */
import * as path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { ROOT } from './programs.mjs';
import { baseName } from './gdb-parse.mjs';

export const ADAPTER = path.join(ROOT, 'dist', 'adapter.js');
/** Milliseconds to wait for one DAP event or response: a hang guard. */
const EVENT_WAIT_MS = 30_000;
/** Name of the scope holding frame 0's arguments and locals. */
const LOCALS_SCOPE = 'Locals';

/**
 * A DAP frame as the comparison's frame: `name` up to a trailing "+0x..." offset (our name of a
 * frame without line information), the source base name and line when it has a source, and
 * its pc (`pc`, for diagnosis only: not compared).
 */
export function frameOf(f) {
  const fn = /^(.*)\+0x[0-9a-fA-F]+$/.exec(f.name)?.[1] ?? f.name;
  const file = f.source?.name ?? (f.source?.path ? baseName(f.source.path) : undefined);
  const frame = file ? { fn, file, line: f.line } : { fn };
  return f.instructionPointerReference ? { ...frame, pc: f.instructionPointerReference } : frame;
}

/**
 * A queue of the adapter's `stopped` and `terminated` events, so none is missed between a
 * request and the wait for its result. `next()` resolves with the next stopped event, or
 * undefined once the session terminated; it rejects after EVENT_WAIT_MS.
 */
function stopQueue(dc) {
  const events = [];
  let wake;
  const push = (e) => { events.push(e); wake?.(); };
  dc.on('stopped', push);
  dc.on('terminated', push);
  return {
    async next() {
      const deadline = Date.now() + EVENT_WAIT_MS;
      while (events.length === 0) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no stopped or terminated event within ${EVENT_WAIT_MS} ms`);
        let timer;
        await new Promise((resolve) => { wake = resolve; timer = setTimeout(resolve, left); });
        clearTimeout(timer);
      }
      const e = events[0];
      if (e.event === 'stopped') events.shift();
      return e.event === 'stopped' ? e : undefined;
    },
  };
}

/** Frame 0's "Locals" variables (name, value); [] and a note when there is no such scope. */
async function localsOf(dc, frameId) {
  const scopes = (await dc.scopesRequest({ frameId })).body.scopes;
  const locals = scopes.find((s) => s.name === LOCALS_SCOPE);
  if (!locals) return { vars: [], note: `no "${LOCALS_SCOPE}" scope (scopes: ${scopes.map((s) => s.name).join(', ') || 'none'})` };
  const vars = (await dc.variablesRequest({ variablesReference: locals.variablesReference })).body.variables;
  return { vars: vars.map((v) => ({ name: v.name, value: v.value })) };
}

/** Reads one stop: the stack and frame 0's locals of the stopped thread. */
async function readStop(dc, event) {
  const threadId = event.body.threadId;
  const frames = (await dc.stackTraceRequest({ threadId })).body.stackFrames;
  const top = frames[0];
  const { vars, note } = top ? await localsOf(dc, top.id) : { vars: [], note: 'no frames' };
  return { frames: frames.map(frameOf), vars, banner: `${event.body.reason} thread ${threadId}`, note };
}

/**
 * Runs one program case in our adapter, taking up to `spec.stops` stops. Errors (a failed
 * request, a timeout) come back as `error` with the stops read so far.
 */
export async function runOurs(c) {
  const dc = new DebugClient(process.execPath, ADAPTER, 'glasskernel', { cwd: ROOT });
  dc.defaultTimeout = EVENT_WAIT_MS;
  const stops = [];
  let error;
  let ended;
  try {
    await dc.start();
    const queue = stopQueue(dc);
    await Promise.all([
      dc.waitForEvent('initialized').then(async () => {
        await dc.setBreakpointsRequest({ source: { path: c.source }, breakpoints: c.breakpoints.map((b) => ({ line: b.line })) });
        await dc.setExceptionBreakpointsRequest({ filters: [] });
        await dc.configurationDoneRequest();
      }),
      dc.launch({ program: c.binary, stopOnEntry: false }),
    ]);
    let event = await queue.next();
    while (event && stops.length < c.spec.stops) {
      stops.push(await readStop(dc, event));
      if (stops.length === c.spec.stops) break;
      await dc.continueRequest({ threadId: event.body.threadId });
      event = await queue.next();
    }
    if (!event) ended = 'terminated';
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  } finally {
    await dc.stop().catch(() => {});
  }
  return { stops, ended, error };
}
