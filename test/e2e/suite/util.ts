/**
 * Helpers shared by the end-to-end test files: reaching the extension's exported API, waiting
 * for things the extension or the debug adapter announce with events, writing a launch
 * configuration and starting a session from the UI, and leaving the workbench clean after a suite.
 */
import * as vscode from 'vscode';
import type { GlasskernelApi } from '../../../src/extension/extension';
import type { Ui } from './ui';
import { NOTIFICATION } from './workbench-ui';

/** Marketplace id of the extension under test: `<publisher>.<name>` from package.json. */
export const EXTENSION_ID = 'glasskernel.glasskernel';

/** How long a wait may take before it fails with a description of what never happened (ms). */
export const WAIT_LIMIT_MS = 120_000;

/** Activates the extension under development and returns what activate() returned. */
export async function activateExtension(): Promise<GlasskernelApi> {
  const extension = vscode.extensions.getExtension<GlasskernelApi>(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return extension.activate();
}

/**
 * Resolves once `check()` returns a value other than undefined, testing it now and after each
 * firing of `event`. Rejects with `what` and the last observation after WAIT_LIMIT_MS.
 */
export function waitUntil<T>(event: vscode.Event<unknown>, check: () => T | undefined, what: string, describe: () => string = () => ''): Promise<T> {
  return new Promise((resolve, reject) => {
    const initial = check();
    if (initial !== undefined) return resolve(initial);
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`timed out waiting for ${what}; last seen: ${describe()}`));
    }, WAIT_LIMIT_MS);
    const listener = event(() => {
      const value = check();
      if (value === undefined) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(value);
    });
  });
}

/** Body of a DAP `stopped` event (Debug Adapter Protocol, StoppedEvent). */
export interface StoppedBody {
  reason: string;
  threadId?: number;
  description?: string;
  text?: string;
}

/**
 * Watches the messages every `debugType` adapter sends; `nextStop()` resolves with the body of the
 * next `stopped` event (or one already seen and not yet taken). Dispose when done.
 */
export class StopWatcher implements vscode.Disposable {
  private readonly seen: StoppedBody[] = [];
  private readonly arrived = new vscode.EventEmitter<void>();
  private readonly registration: vscode.Disposable;

  constructor(debugType: string) {
    this.registration = vscode.debug.registerDebugAdapterTrackerFactory(debugType, {
      createDebugAdapterTracker: () => ({
        onDidSendMessage: (m: { type?: string; event?: string; body?: StoppedBody }) => {
          if (m.type === 'event' && m.event === 'stopped' && m.body) {
            this.seen.push(m.body);
            this.arrived.fire();
          }
        },
      }),
    });
  }

  nextStop(): Promise<StoppedBody> {
    return waitUntil(this.arrived.event, () => this.seen.shift(), 'a DAP stopped event');
  }

  dispose(): void {
    this.registration.dispose();
    this.arrived.dispose();
  }
}

/** Resolves with `promise`, or rejects with `what` after `ms`. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms); });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Collects what the glasskernel adapter says besides stops (output, exit) for failure messages. */
export function recordAdapter(log: string[]): vscode.Disposable {
  return vscode.debug.registerDebugAdapterTrackerFactory('glasskernel', {
    createDebugAdapterTracker: () => ({
      onDidSendMessage: (m: { type?: string; event?: string; body?: { output?: string; exitCode?: number } }) => {
        if (m.type !== 'event') return;
        if (m.event === 'output') log.push(`output: ${m.body?.output?.trim()}`);
        if (m.event === 'exited') log.push(`exited: ${m.body?.exitCode}`);
        if (m.event === 'terminated') log.push('terminated');
      },
      onError: (e: Error) => log.push(`adapter error: ${e.message}`),
      onExit: (code: number | undefined, signal: string | undefined) => log.push(`adapter process exited: ${code ?? signal}`),
    }),
  });
}

/** Resolves when `session` ends (call it before the action that ends it). */
export function sessionEnded(session: vscode.DebugSession | undefined): Promise<void> {
  return new Promise((resolve) => {
    const sub = vscode.debug.onDidTerminateDebugSession((s) => { if (s === session) { sub.dispose(); resolve(); } });
  });
}

/** Resolves when a debug session of `type` starts (or one is already active). */
export function sessionStarted(type: string): Promise<vscode.DebugSession> {
  return new Promise((resolve) => {
    const active = vscode.debug.activeDebugSession;
    if (active?.type === type) return resolve(active);
    const sub = vscode.debug.onDidStartDebugSession((s) => { if (s.type === type) { sub.dispose(); resolve(s); } });
  });
}

/**
 * Writes launch configuration `name` (glasskernel, launching `program` with no arguments and no
 * stop on entry) into this run's user settings, so the repository's .vscode/launch.json is never touched.
 */
export async function setLaunchConfiguration(name: string, program: string): Promise<void> {
  await vscode.workspace.getConfiguration().update('launch', {
    version: '0.2.0',
    configurations: [{ type: 'glasskernel', request: 'launch', name, program, args: [], stopOnEntry: false }],
  }, vscode.ConfigurationTarget.Global);
}

/**
 * What a workbench UI suite leaves behind, undone: ends the active debug session, removes every
 * breakpoint, drops the launch configuration written to user settings, closes every editor, then
 * disposes `owned` (the suite's trackers and watchers).
 */
export async function resetWorkbench(...owned: vscode.Disposable[]): Promise<void> {
  if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
  vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
  await vscode.workspace.getConfiguration().update('launch', undefined, vscode.ConfigurationTarget.Global);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  for (const d of owned) d.dispose();
}

/** Longest wait for the UI action of `startToFirstStop` to start a debug session at all (ms). */
const START_LIMIT_MS = 15_000;

/** How `startToFirstStop` starts the session. */
export interface SessionStart {
  /** The UI action that starts it (F5, a click on Start Debugging). */
  action: () => Promise<unknown>;
  /** What it is, for the failure messages ("F5"). */
  by: string;
  /** Longest wait for the first stop once the session runs (ms); unbounded (the UI's own wait) when absent. */
  stopLimitMs?: number;
}

/**
 * Starts a glasskernel session with `start.action` and resolves with its first DAP stop (from
 * `stops`). When no session starts within START_LIMIT_MS, or no stop comes, the error adds what
 * the adapter said (`adapterLog`, from recordAdapter), the active session and the notifications shown.
 */
export async function startToFirstStop(ui: Ui, stops: StopWatcher, adapterLog: readonly string[], start: SessionStart): Promise<StoppedBody> {
  const started = sessionStarted('glasskernel');
  const first = stops.nextStop();
  first.catch(() => {}); // awaited below; this only keeps a late rejection from going unhandled
  await start.action();
  return ui.expect(`a stop after ${start.by}`, async () => {
    try {
      await within(started, START_LIMIT_MS, `glasskernel debug session started by ${start.by}`);
      return await (start.stopLimitMs === undefined ? first : within(first, start.stopLimitMs, 'DAP stopped event'));
    } catch (e) {
      const notes = (await ui.read(NOTIFICATION, undefined, 1000).catch(() => [])).map((n) => n.text);
      throw new Error(`${e instanceof Error ? e.message : e}; adapter said: ${adapterLog.join(' | ') || 'nothing'}; active session: ${vscode.debug.activeDebugSession?.name ?? 'none'}; notifications: ${JSON.stringify(notes)}`);
    }
  });
}
