/**
 * A read request to the Glasskernel adapter whose failure is not the user's business at that
 * moment (a view refreshing, the guest gone meanwhile): the answer's body, or undefined with the
 * failure written to the Glasskernel output channel.
 */
import type * as vscode from 'vscode';

/** Sends custom request `command` with `args` on `session`; the body, or undefined after logging why not. */
export async function requestOrLog(session: vscode.DebugSession, command: string, args: object, log: vscode.OutputChannel): Promise<unknown> {
  try {
    return await session.customRequest(command, args);
  } catch (e) {
    log.appendLine(`${command} ${JSON.stringify(args)} failed: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}
