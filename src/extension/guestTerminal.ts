/**
 * The guest's console in a terminal (launch attribute `console: "terminal"`, the default the
 * glasskernel.console setting fills in): when such a Glasskernel session starts, a vscode.Pseudoterminal named after the
 * program ("Glasskernel: forktree") opens and shows; `glasskernel/consoleOutput` events are
 * written to it as they come, typed keys go to the adapter as `glasskernel/consoleInput` (the
 * kernel's line discipline echoes them, turns Ctrl+C into SIGINT...). When the session ends the
 * terminal gets the exit line and stays open until the next session reuses it (renamed).
 * Closing it while the guest runs ends the guest's input (reads return 0). The state lives in
 * guestTerminalModel.ts.
 */
import * as vscode from 'vscode';
import {
  CONSOLE_INPUT_REQUEST, CONSOLE_OUTPUT_EVENT, CONSOLE_RESIZE_REQUEST, type ConsoleInputArguments, type ConsoleOutputEventBody,
  type ConsoleResizeArguments,
} from '../debug-adapter/protocol';
import { SESSION_ENDED_EVENT, type SessionEndedEventBody } from '../debug-adapter/session-end';
import { DEBUG_TYPE } from './osModel';
import { TerminalScreen, terminalName, wantsTerminal } from './guestTerminalModel';

/** One guest terminal and the session it serves now. */
class GuestTerminal implements vscode.Disposable {
  screen = new TerminalScreen();
  readonly terminal: vscode.Terminal;
  private readonly writer = new vscode.EventEmitter<string>();
  private readonly renamer = new vscode.EventEmitter<string>();
  /** The terminal's last known size, and whether the current session was told it. */
  private size: vscode.TerminalDimensions | undefined;
  private sizeSent = false;

  constructor(public name: string, public session: vscode.DebugSession, private readonly log: vscode.OutputChannel) {
    const pty: vscode.Pseudoterminal = {
      onDidWrite: this.writer.event,
      onDidChangeName: this.renamer.event,
      open: (size) => {
        this.size = size; // sent with the first output: the adapter may not be running the program yet
        this.write(this.screen.open());
      },
      setDimensions: (size) => this.resize(size),
      close: () => this.closedByUser(),
      handleInput: (keys) => this.send({ data: keys }, this.screen.input(keys)),
    };
    // Transient: a window reload does not bring back a terminal whose guest is gone.
    this.terminal = vscode.window.createTerminal({ name, pty, isTransient: true, iconPath: new vscode.ThemeIcon('terminal') });
  }

  /** Serves `session` next (a reused terminal, renamed `name`): a fresh screen, already open. */
  reuse(session: vscode.DebugSession, name: string): void {
    this.session = session;
    this.sizeSent = false;
    if (name !== this.name) {
      this.name = name;
      this.renamer.fire(name);
    }
    const opened = this.screen.isOpen;
    this.screen = new TerminalScreen();
    if (opened) {
      this.screen.open();
      // The last session's output stays above a rule naming the new program.
      this.writer.fire(`\r\n\x1b[2m── ${name} ──\x1b[0m\r\n`);
    }
  }

  output(data: string): void {
    if (!this.sizeSent && this.size) this.resize(this.size);
    this.write(this.screen.output(data));
  }

  ended(summary?: string, stats?: string): void {
    this.write(this.screen.ended(summary, stats));
  }

  dispose(): void {
    this.writer.dispose();
    this.renamer.dispose();
    this.terminal.dispose();
  }

  private write(text: string | undefined): void {
    if (text) this.writer.fire(text);
  }

  /** The user closed the terminal: a running guest's input ends (as a hangup would). */
  private closedByUser(): void {
    const running = this.screen.running && !this.screen.isClosed;
    this.screen.close();
    if (running) this.send({ eof: true }, true);
  }

  /**
   * Tells a running guest the terminal's size (TIOCGWINSZ, SIGWINCH); a finished one has no use
   * for it. The size is kept, and sent again with a reused terminal's first output (its session's
   * program is running by then).
   */
  private resize(size: vscode.TerminalDimensions): void {
    this.size = size;
    if (!this.screen.running || this.screen.isClosed) return;
    this.sizeSent = true;
    const args: ConsoleResizeArguments = { columns: size.columns, rows: size.rows };
    this.session.customRequest(CONSOLE_RESIZE_REQUEST, args).then(undefined, (e: unknown) => {
      this.log.appendLine(`Glasskernel: terminal size not delivered: ${e instanceof Error ? e.message : String(e)}`);
    });
  }

  /** Sends keys (when `allowed`) to the adapter; an error only goes to the log (the guest may just have exited). */
  private send(args: ConsoleInputArguments, allowed: unknown): void {
    if (allowed === undefined || allowed === false) return;
    this.session.customRequest(CONSOLE_INPUT_REQUEST, args).then(undefined, (e: unknown) => {
      this.log.appendLine(`Glasskernel: typed input not delivered: ${e instanceof Error ? e.message : String(e)}`);
    });
  }
}

/** The guest terminals of this window; see the module comment. Dispose to stop. */
export class GuestTerminals implements vscode.Disposable {
  private readonly terminals: GuestTerminal[] = [];
  private readonly bySession = new Map<string, GuestTerminal>();
  private latest: GuestTerminal | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly log: vscode.OutputChannel) {
    this.subscriptions = [
      vscode.debug.onDidStartDebugSession((session) => {
        if (session.type === DEBUG_TYPE && wantsTerminal(session.configuration)) this.attach(session).terminal.show(true);
      }),
      vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => this.onEvent(e)),
      vscode.debug.onDidTerminateDebugSession((session) => {
        const t = this.bySession.get(session.id);
        this.bySession.delete(session.id);
        t?.ended();
      }),
      vscode.window.onDidCloseTerminal((closed) => {
        const i = this.terminals.findIndex((t) => t.terminal === closed);
        if (i >= 0) this.terminals.splice(i, 1)[0]!.dispose();
      }),
    ];
  }

  /** The text the latest guest terminal got so far (output, echo, exit line); undefined before any. */
  text(): string | undefined {
    return this.latest?.screen.text();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    for (const t of this.terminals) t.dispose();
    this.terminals.length = 0;
    this.bySession.clear();
  }

  /**
   * The terminal of `session`: its own, else a finished one (reused and renamed after the new
   * program, so finished sessions do not pile up terminals), else a new one.
   */
  private attach(session: vscode.DebugSession): GuestTerminal {
    let t = this.bySession.get(session.id);
    if (!t) {
      const name = terminalName(session.configuration);
      t = this.terminals.find((x) => !x.screen.running && !x.screen.isClosed);
      if (t) t.reuse(session, name);
      else {
        t = new GuestTerminal(name, session, this.log);
        this.terminals.push(t);
      }
      this.bySession.set(session.id, t);
    }
    this.latest = t;
    return t;
  }

  private onEvent(e: vscode.DebugSessionCustomEvent): void {
    if (e.session.type !== DEBUG_TYPE) return;
    if (e.event === CONSOLE_OUTPUT_EVENT) {
      const data = (e.body as Partial<ConsoleOutputEventBody> | undefined)?.data;
      if (typeof data === 'string') this.attach(e.session).output(data);
    } else if (e.event === SESSION_ENDED_EVENT) {
      const body = e.body as Partial<SessionEndedEventBody> | undefined;
      const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
      this.bySession.get(e.session.id)?.ended(text(body?.summary), text(body?.stats));
    }
  }
}
