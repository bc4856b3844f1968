/**
 * The DAP `stopped` events of Glasskernel sessions, seen once through one debug adapter tracker
 * and handed to whoever follows them (the OS model, the walkthrough, the first-stop reveal).
 */
import * as vscode from 'vscode';
import { DEBUG_TYPE } from './osModel';

/** One stop: the session and the `stopped` event's body as sent (reason, threadId, description...). */
export interface SessionStop {
  session: vscode.DebugSession;
  body: { reason?: string; threadId?: number; description?: string };
}

/** Follows every Glasskernel session's stops; dispose to stop. */
export class SessionStops implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<SessionStop>();
  /** Fires for each `stopped` event, in order, synchronously as the adapter sends it. */
  readonly onDidStop = this.emitter.event;
  private readonly registration = vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, {
    createDebugAdapterTracker: (session) => ({
      onDidSendMessage: (m: { type?: string; event?: string; body?: SessionStop['body'] }) => {
        if (m?.type === 'event' && m.event === 'stopped') this.emitter.fire({ session, body: m.body ?? {} });
      },
    }),
  });

  dispose(): void {
    this.registration.dispose();
    this.emitter.dispose();
  }
}
