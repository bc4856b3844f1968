/**
 * The guest's console for one session (launch attribute `console`, protocol.ts ConsoleMode): the
 * kernel's host side of it. In 'terminal' mode the kernel runs its N_TTY line discipline; keys
 * from `glasskernel/consoleInput` wait in a queue until the runtime hands them to the kernel
 * between run slices (`deliver`), and what the terminal shows is gathered and sent as one
 * `glasskernel/consoleOutput` event per slice (`flush`). In 'debugConsole' mode output goes to
 * the runtime's Debug Console path and input is at end of file, as before.
 */
import { TextDecoder, TextEncoder } from 'node:util';
import type { KernelHost } from '../kernel/api';
import { MAX_CONSOLE_DIMENSION, MAX_CONSOLE_INPUT_BYTES, MAX_CONSOLE_QUEUE_BYTES, type ConsoleInputResponseBody, type ConsoleMode } from './protocol';

/** Outcome of a custom request: the response body, or the message of an error response. */
export type ConsoleResult = { ok: true; body: ConsoleInputResponseBody } | { ok: false; error: string };

/**
 * Bytes typed and not yet taken by the kernel, in order; `end` marks the end of input (after
 * what is queued). `take` is O(bytes taken): the queue keeps chunks and an offset into the first.
 */
export class ConsoleInputQueue {
  private readonly chunks: Uint8Array[] = [];
  private offset = 0;
  private size = 0;
  private ended = false;

  /** Bytes queued. */
  get queued(): number { return this.size; }

  /** True once `end` was called. */
  get hasEnded(): boolean { return this.ended; }

  /** Appends `bytes` (copied); false (nothing queued) when the queue would pass `limit` bytes. */
  push(bytes: Uint8Array, limit = MAX_CONSOLE_QUEUE_BYTES): boolean {
    if (this.size + bytes.length > limit) return false;
    if (bytes.length > 0) { this.chunks.push(bytes.slice()); this.size += bytes.length; }
    return true;
  }

  /** No more input after what is queued. */
  end(): void { this.ended = true; }

  /**
   * KernelHost.readConsole: up to `max` bytes; undefined when none is queued yet, an empty
   * array once the queue is empty after `end`.
   */
  take(max: number): Uint8Array | undefined {
    if (this.size === 0) return this.ended ? new Uint8Array(0) : undefined;
    const out = new Uint8Array(Math.min(max, this.size));
    let n = 0;
    while (n < out.length) {
      const head = this.chunks[0]!;
      const part = head.subarray(this.offset, this.offset + out.length - n);
      out.set(part, n);
      n += part.length;
      this.offset += part.length;
      if (this.offset >= head.length) { this.chunks.shift(); this.offset = 0; }
    }
    this.size -= n;
    return out;
  }
}

/** Checked `glasskernel/consoleInput` arguments: the bytes (maybe none) and the end of input. */
export type ConsoleInputArgs = { ok: true; data: Uint8Array; eof: boolean } | { ok: false; error: string };

/** Checks `glasskernel/consoleInput`'s raw arguments (protocol.ts ConsoleInputArguments). */
export function consoleInputArguments(args: unknown): ConsoleInputArgs {
  if (args === undefined || args === null) return { ok: false, error: 'missing argument: data (or eof)' };
  if (typeof args !== 'object' || Array.isArray(args)) {
    return { ok: false, error: 'arguments must be an object { data?: string, eof?: boolean }' };
  }
  const a = args as { data?: unknown; eof?: unknown };
  if (a.data !== undefined && typeof a.data !== 'string') return { ok: false, error: `bad argument: data must be a string, got ${JSON.stringify(a.data)}` };
  if (a.eof !== undefined && typeof a.eof !== 'boolean') return { ok: false, error: `bad argument: eof must be a boolean, got ${JSON.stringify(a.eof)}` };
  if (a.data === undefined && a.eof === undefined) return { ok: false, error: 'missing argument: data (or eof)' };
  const data = new TextEncoder().encode(a.data ?? '');
  if (data.length > MAX_CONSOLE_INPUT_BYTES) {
    return { ok: false, error: `bad argument: data is ${data.length} bytes of UTF-8, more than ${MAX_CONSOLE_INPUT_BYTES} in one request` };
  }
  return { ok: true, data, eof: a.eof === true };
}

/** The guest's console of one runtime; see the module comment. */
export class GuestConsole {
  private readonly input = new ConsoleInputQueue();
  /** New input (or its end) not yet handed to the kernel. */
  private inputPending = false;
  private readonly decoder = new TextDecoder('utf-8');
  private screen = '';

  /**
   * `mode`: the launch attribute; `show`: sends terminal text (a `glasskernel/consoleOutput`
   * event); `debugOutput`: the Debug Console path for 'debugConsole' mode (fd 1 or 2).
   */
  constructor(
    readonly mode: ConsoleMode,
    private readonly show: (text: string) => void,
    private readonly debugOutput: (fd: number, data: Uint8Array) => void,
  ) {}

  /** True in 'terminal' mode: the kernel's line discipline is on and idle means "wait for input". */
  get terminal(): boolean { return this.mode === 'terminal'; }

  /** The kernel's console I/O for this mode. */
  host(): KernelHost {
    if (!this.terminal) {
      // The adapter's stdin carries DAP, so the guest's console input is at end of file.
      return { writeConsole: (fd, data) => this.debugOutput(fd, data), readConsole: () => new Uint8Array(0) };
    }
    return {
      writeConsole: (_fd, data) => { this.screen += this.decoder.decode(data, { stream: true }); },
      readConsole: (max) => this.input.take(max),
    };
  }

  /**
   * `glasskernel/consoleInput`: checks the arguments and queues the bytes (and the end of
   * input). `exited`: the program has ended. The caller wakes a runtime waiting for input.
   */
  request(args: unknown, exited: boolean): ConsoleResult {
    if (!this.terminal) {
      return { ok: false, error: 'the guest\'s console is the Debug Console (launch attribute console: "debugConsole"): its input is at end of file; launch with console: "terminal" to type at it' };
    }
    if (exited) return { ok: false, error: 'the program has exited' };
    const a = consoleInputArguments(args);
    if (!a.ok) return a;
    if (this.input.hasEnded && (a.data.length > 0 || !a.eof)) return { ok: false, error: 'the console\'s input has ended (eof was sent)' };
    if (!this.input.push(a.data)) {
      return { ok: false, error: `the console's input queue is full (${this.input.queued} bytes not yet read by the guest)` };
    }
    if (a.eof) this.input.end();
    this.inputPending = true;
    return { ok: true, body: { bytes: a.data.length } };
  }

  /**
   * `glasskernel/consoleResize`: the checked size, or why not (console 'debugConsole', the
   * program has exited, arguments not whole numbers 1..MAX_CONSOLE_DIMENSION).
   */
  resizeRequest(args: unknown, exited: boolean): { ok: true; rows: number; columns: number } | { ok: false; error: string } {
    if (!this.terminal) return { ok: false, error: 'the guest\'s console is the Debug Console (launch attribute console: "debugConsole"): it has no window size to change' };
    if (exited) return { ok: false, error: 'the program has exited' };
    const a = (typeof args === 'object' && args !== null ? args : {}) as Record<string, unknown>;
    const dimension = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_CONSOLE_DIMENSION;
    if (!dimension(a.columns) || !dimension(a.rows)) {
      return { ok: false, error: `columns and rows must be whole numbers of characters from 1 to ${MAX_CONSOLE_DIMENSION}` };
    }
    return { ok: true, rows: a.rows, columns: a.columns };
  }

  /** Hands new input to the kernel (between run slices only): the line discipline takes it and readers wake. */
  deliver(kernel: { consoleInputReady(): void }): void {
    if (!this.inputPending) return;
    this.inputPending = false;
    kernel.consoleInputReady();
  }

  /** Sends what the terminal got since the last flush; `final` also ends the UTF-8 stream (the guest is gone). */
  flush(final = false): void {
    if (final) this.screen += this.decoder.decode();
    if (this.screen === '') return;
    const text = this.screen;
    this.screen = '';
    this.show(text);
  }
}
