/**
 * Glasskernel's custom DAP messages for the guest's console in a terminal (issue 12); part of
 * protocol.ts, which re-exports it. Conventions as protocol.ts says.
 */
/**
 * Launch attribute `console`: where the guest's console (its fds 0, 1, 2, /dev/tty) is.
 * - 'terminal': a terminal the editor opens for the session (the VS Code extension fills this
 *   in when a configuration names none: package.json's default). The kernel runs its N_TTY line
 *   discipline on the keys typed (echo, line editing, ^C as SIGINT to the foreground process
 *   group, ONLCR on output); output comes as {@link CONSOLE_OUTPUT_EVENT}, input goes in with
 *   {@link CONSOLE_INPUT_REQUEST}; when every thread waits for input the session waits too (no
 *   'Idle' stop).
 * - 'debugConsole': output as DAP `output` events (category stdout/stderr) in the Debug Console,
 *   input at end of file; every thread waiting for input is an 'Idle' pause stop. The adapter's
 *   default when a client names no `console` (a client that does not know the event below).
 */
export type ConsoleMode = 'terminal' | 'debugConsole';
/** The values of the `console` launch attribute. */
export const CONSOLE_MODES: readonly ConsoleMode[] = ['terminal', 'debugConsole'];

/**
 * Custom event (console 'terminal' only): what the guest's terminal shows next, raw: guest
 * output after the kernel's output processing (OPOST/ONLCR: "\n" already became "\r\n" unless
 * the guest turned that off, so the client writes it as it is) and the echo of typed input.
 * Sent once per run slice that produced any, and before each stop and the exit.
 */
export const CONSOLE_OUTPUT_EVENT = 'glasskernel/consoleOutput';

/** Body of `glasskernel/consoleOutput`. */
export interface ConsoleOutputEventBody {
  /**
   * The bytes as UTF-8 text, decoded as a stream: a character split across writes arrives whole
   * in a later event; a byte sequence that is not UTF-8 becomes U+FFFD.
   */
  data: string;
}

/**
 * Custom request (an action; console 'terminal' only): keys typed at the guest's terminal.
 * Arguments: {@link ConsoleInputArguments}. The bytes are queued for the kernel and handed to it
 * between run slices (while the guest is stopped they wait for it to resume); sleeping readers
 * wake. Errors: console 'debugConsole', the program has exited, bad arguments, the queue full.
 */
export const CONSOLE_INPUT_REQUEST = 'glasskernel/consoleInput';

/** Most bytes of `data` (UTF-8) in one `glasskernel/consoleInput`. */
export const MAX_CONSOLE_INPUT_BYTES = 64 * 1024;
/** Most bytes queued and not yet taken by the kernel; more input is refused until the guest reads. */
export const MAX_CONSOLE_QUEUE_BYTES = 1024 * 1024;

/** Arguments of `glasskernel/consoleInput`: at least one of `data` and `eof`. */
export interface ConsoleInputArguments {
  /**
   * Keys as a terminal sends them, as text (sent as its UTF-8 bytes): Enter is "\r", Backspace
   * "\x7f", Ctrl+C "\x03" (SIGINT to the foreground process group), Ctrl+D "\x04" (end of file
   * for one read at the start of a line). At most MAX_CONSOLE_INPUT_BYTES bytes.
   */
  data?: string;
  /** The terminal is gone (after `data`): reads return what is left, then 0, for good. */
  eof?: boolean;
}

/**
 * Custom request (an action; console 'terminal' only): the guest's terminal now has `columns` x
 * `rows` characters. Arguments: {@link ConsoleResizeArguments}. The console's window size
 * (TIOCGWINSZ) changes and the foreground process group gets SIGWINCH when it did, as Linux does
 * when a terminal is resized. Errors: console 'debugConsole', the program has exited, bad arguments.
 */
export const CONSOLE_RESIZE_REQUEST = 'glasskernel/consoleResize';

/** Largest terminal dimension, in characters (struct winsize's fields are unsigned shorts). */
export const MAX_CONSOLE_DIMENSION = 0xffff;

/** Arguments of `glasskernel/consoleResize`: whole numbers of characters, 1..MAX_CONSOLE_DIMENSION. */
export interface ConsoleResizeArguments {
  columns: number;
  rows: number;
}

/** Response body of `glasskernel/consoleInput`. */
export interface ConsoleInputResponseBody {
  /** Bytes of this request's `data` queued. */
  bytes: number;
}
