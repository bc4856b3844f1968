/**
 * The Glasskernel Output channel's session log (issue 12): each session's kernel messages
 * (`glasskernel/kernelLog`: boot, execve, faults that raise signals, OOM kills) and a launch
 * that failed with the adapter's reason, each line prefixed by the session's name.
 */
import * as vscode from 'vscode';
import { KERNEL_LOG_EVENT, type KernelLogEventBody } from '../debug-adapter/kernel-log';
import { DEBUG_TYPE } from './osModel';

/** A DAP message as a tracker sees it (only the fields read here). */
interface SentMessage {
  type?: string;
  command?: string;
  success?: boolean;
  message?: string;
}

/** Follows Glasskernel sessions into `log`; dispose to stop. */
export function logKernelMessages(log: vscode.OutputChannel): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
      if (e.session.type !== DEBUG_TYPE || e.event !== KERNEL_LOG_EVENT) return;
      log.appendLine(`[${e.session.name}] ${(e.body as KernelLogEventBody).text}`);
    }),
    vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, {
      createDebugAdapterTracker: (session) => ({
        onDidSendMessage: (m: SentMessage) => {
          if (m.type === 'response' && m.command === 'launch' && m.success === false) log.appendLine(`[${session.name}] launch failed: ${m.message ?? 'no reason given'}`);
        },
      }),
    }),
  );
}
