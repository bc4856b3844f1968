/**
 * What the guest's terminal of a Glasskernel session shows and passes on (no `vscode` import;
 * guestTerminal.ts adapts it to a vscode.Pseudoterminal). The adapter sends the guest's output
 * already through the kernel's output processing (ONLCR: "\n" arrives as "\r\n" unless the guest
 * turned it off), so text is written exactly as it comes: the kernel is the one place responsible
 * for line ends. Keys go to the adapter as typed (Enter "\r", Ctrl+C "\x03"): the kernel's line
 * discipline does the rest.
 */
import { CONSOLE_MODES, type ConsoleMode } from '../debug-adapter/protocol';

/** The console a launch configuration gets when it names none: the glasskernel.console setting's default (settingDefaults.ts fills it in). */
export const DEFAULT_CONSOLE: ConsoleMode = 'terminal';
/** Most characters of a terminal's text the model keeps for `text()` (the oldest go first). */
export const MAX_TRANSCRIPT_CHARS = 1024 * 1024;
/** Where a terminal's name starts: "Glasskernel: forktree". */
const NAME_PREFIX = 'Glasskernel: ';
/** A terminal line end. */
const CRLF = '\r\n';
/** SGR faint and its reset (ECMA-48 8.3.117): the statistics under the exit line. */
const DIM = '\x1b[2m';
const UNDIM = '\x1b[22m';

/** A launch configuration as far as the terminal cares. */
export interface ConsoleConfiguration {
  program?: unknown;
  console?: unknown;
  [key: string]: unknown;
}

/** True when a resolved configuration puts the guest's console in a terminal. */
export function wantsTerminal(config: ConsoleConfiguration): boolean {
  return config.console === 'terminal';
}

/** True for a value the `console` attribute may take. */
export function isConsoleMode(value: unknown): value is ConsoleMode {
  return typeof value === 'string' && (CONSOLE_MODES as readonly string[]).includes(value);
}

/** The terminal's name: "Glasskernel: " and the program's file name ("Glasskernel: forktree"). */
export function terminalName(config: ConsoleConfiguration): string {
  const program = typeof config.program === 'string' ? config.program : '';
  const base = program.split(/[\\/]/).filter((p) => p !== '').pop();
  return `${NAME_PREFIX}${base ?? 'program'}`;
}

/**
 * One guest terminal's state: text written before VS Code opened the terminal waits; after the
 * session ends, one exit line; keys pass while the session lives and the terminal is open.
 */
export class TerminalScreen {
  private transcript = '';
  private waiting = '';
  private opened = false;
  private closed = false;
  private live = true;
  private exitWritten = false;

  /** Everything written so far (output, echo, the exit line), at most MAX_TRANSCRIPT_CHARS (the latest). */
  text(): string {
    return this.transcript;
  }

  /** True while the session runs (keys are sent). */
  get running(): boolean {
    return this.live;
  }

  /** True once VS Code opened the terminal (text is written at once). */
  get isOpen(): boolean {
    return this.opened;
  }

  /** True once the user closed the terminal. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Guest output `data`: the text to write now, or undefined when it waits for `open` (or the terminal is closed). */
  output(data: string): string | undefined {
    if (data === '') return undefined;
    this.record(data);
    if (this.closed) return undefined;
    if (!this.opened) { this.waiting += data; return undefined; }
    return data;
  }

  /** VS Code opened the terminal: the text that waited, to write now ('' for none). */
  open(): string {
    this.opened = true;
    const text = this.waiting;
    this.waiting = '';
    return text;
  }

  /** The user closed the terminal: nothing more is written or sent. */
  close(): void {
    this.closed = true;
    this.waiting = '';
  }

  /** Keys typed: what to send to the adapter, or undefined (session over, terminal closed, nothing typed). */
  input(keys: string): string | undefined {
    return this.live && !this.closed && keys !== '' ? keys : undefined;
  }

  /**
   * The program ended (`summary`: the adapter's "forktree exited with status 0"; `stats`: the
   * `--stats` block, lines ending in "\n") or the session did (no summary): keys stop passing; the
   * exit line (and the statistics, dimmed) to write, on lines of their own, once; undefined
   * after the first, or while it waits for `open`, or when the terminal is closed.
   */
  ended(summary?: string, stats?: string): string | undefined {
    this.live = false;
    if (this.exitWritten) return undefined;
    this.exitWritten = true;
    const atLineStart = this.transcript === '' || this.transcript.endsWith('\n');
    const block = stats ? `${DIM}${stats.replace(/\r?\n/g, CRLF).replace(/(\r\n)?$/, '')}${UNDIM}${CRLF}` : '';
    const line = `${atLineStart ? '' : CRLF}[${summary ?? 'the debug session ended'}]${CRLF}${block}`;
    return this.output(line);
  }

  private record(data: string): void {
    this.transcript += data;
    if (this.transcript.length > MAX_TRANSCRIPT_CHARS) this.transcript = this.transcript.slice(-MAX_TRANSCRIPT_CHARS);
  }
}
