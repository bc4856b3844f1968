/**
 * DAP base-protocol framing for the adapter's input, in place of the input half of
 * `@vscode/debugadapter`'s ProtocolServer (which buffers quadratically and ends the adapter
 * on one bad frame). A frame is a header block, `Content-Length: N` CRLF CRLF, then N bytes
 * of UTF-8 JSON (DAP specification, "Base Protocol").
 *
 * A malformed frame is dropped and reported (never thrown), and reading resynchronises on the
 * next `Content-Length:` header: a bad header, a doubled or non-numeric Content-Length, a body
 * that is not a JSON protocol message, a body cut short by the next header (a truncated frame
 * or a Content-Length too large) or one too long (a Content-Length too small). Input is held
 * in one growable buffer and scanned once, so time is linear in the bytes received.
 */
import type { DebugProtocol } from '@vscode/debugprotocol';

/** Largest body (bytes) accepted; a frame declaring more is dropped unread. */
export const MAX_CONTENT_LENGTH = 64 * 1024 * 1024;
/** Largest header block (bytes, without its blank line); more without CRLF CRLF is garbage. */
export const MAX_HEADER_BYTES = 1024;
/** The one header field the base protocol defines. */
const CONTENT_LENGTH = 'Content-Length';
/** How a header that begins a frame is found while resynchronising. */
const CONTENT_LENGTH_FIELD = Buffer.from(`${CONTENT_LENGTH}:`, 'latin1');
/** End of the header block. */
const HEADER_END = Buffer.from('\r\n\r\n', 'latin1');
/** Separator of header lines. */
const CRLF = '\r\n';
/** A header line: field name (an RFC 9110 token), colon, value. */
const HEADER_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.*?)[ \t]*$/;
/** A Content-Length value: decimal digits only. */
const DECIMAL = /^[0-9]+$/;
/** What follows `Content-Length:` when it starts a header line (never inside valid JSON: raw CR is not allowed in strings). */
const HEADER_VALUE = /^ *[0-9]+\r\n/;
/** A prefix of HEADER_VALUE still waiting for bytes. */
const HEADER_VALUE_PREFIX = /^ *[0-9]*\r?$/;
/** Bytes after `Content-Length:` looked at to decide HEADER_VALUE. */
const HEADER_VALUE_WINDOW = 24;
/** Starting capacity (bytes) of the input buffer, and the size it shrinks back to when empty. */
const INITIAL_CAPACITY = 64 * 1024;

/** Where decoded messages and problems go. */
export interface FrameSink {
  /** A well-formed protocol message (an object with a string `type`). */
  message(msg: DebugProtocol.ProtocolMessage): void;
  /** A dropped frame or skipped bytes, described for the user. */
  problem(text: string): void;
}

/** Growable byte buffer: appends amortised O(1) per byte; offsets are relative to its start. */
class ByteQueue {
  private buf = Buffer.alloc(INITIAL_CAPACITY);
  private start = 0;
  private end = 0;

  get length(): number {
    return this.end - this.start;
  }

  append(chunk: Uint8Array): void {
    if (this.end + chunk.length > this.buf.length) this.makeRoom(chunk.length);
    this.buf.set(chunk, this.end);
    this.end += chunk.length;
  }

  private makeRoom(extra: number): void {
    const live = this.length;
    const target = live + extra <= this.buf.length / 2 ? this.buf : Buffer.alloc(Math.max(2 * this.buf.length, live + extra));
    this.buf.copy(target, 0, this.start, this.end);
    this.buf = target;
    this.start = 0;
    this.end = live;
  }

  /** Drops the first `n` bytes. */
  drop(n: number): void {
    this.start += Math.min(n, this.length);
    if (this.start === this.end) {
      this.start = this.end = 0;
      if (this.buf.length > INITIAL_CAPACITY) this.buf = Buffer.alloc(INITIAL_CAPACITY);
    }
  }

  /** Offset of `pattern` at or after `from`, or -1. */
  indexOf(pattern: Buffer, from: number): number {
    return this.view().indexOf(pattern, from);
  }

  /** Bytes [from, to) as text. */
  text(from: number, to: number, encoding: BufferEncoding): string {
    return this.view().toString(encoding, from, Math.min(to, this.length));
  }

  private view(): Buffer {
    return this.buf.subarray(this.start, this.end);
  }
}

/** What the reader waits for: a header block, or the body of a frame (`keep` false: dropped unread). */
type ReadState = { kind: 'header' } | { kind: 'body'; length: number; keep: boolean; scanned: number };

/**
 * Result of reading a header block: the body length, or a problem with the length of the
 * body to skip when known, and whether the whole block is to be skipped (doubled lengths that disagree: resuming at the
 * second would take a frame already reported dropped); otherwise a next header may hide in it.
 */
type HeaderResult = { length: number } | { problem: string; length?: number; skipBlock?: boolean };

/**
 * Reads DAP frames from chunks of a byte stream: `push` each chunk as it arrives; messages and
 * problems go to the sink in stream order. Never throws.
 */
export class FrameReader {
  private readonly queue = new ByteQueue();
  private state: ReadState = { kind: 'header' };
  /** True while skipping bytes after a problem: further header problems are not reported again. */
  private resyncing = false;

  constructor(private readonly sink: FrameSink) {}

  push(chunk: Uint8Array): void {
    this.queue.append(chunk);
    while (this.state.kind === 'header' ? this.readHeader() : this.readBody(this.state)) { /* next frame */ }
  }

  private report(text: string): void {
    this.sink.problem(text);
  }

  /** Consumes one header block if complete; true when progress was made. */
  private readHeader(): boolean {
    const q = this.queue;
    if (q.length === 0) return false;
    const end = q.indexOf(HEADER_END, 0);
    if (end < 0 && q.length <= MAX_HEADER_BYTES) return false;
    if (end < 0 || end > MAX_HEADER_BYTES) {
      return this.resync(`no end of header (CRLF CRLF) within ${MAX_HEADER_BYTES} bytes`, 1);
    }
    const header = parseHeader(q.text(0, end, 'latin1'));
    const blockEnd = end + HEADER_END.length;
    if ('problem' in header) {
      // A well-formed block with a bad length: the body is skipped when its size is known.
      if (header.length === undefined) return this.resync(header.problem, header.skipBlock ? blockEnd : 1);
      this.report(`${header.problem}; frame dropped`);
      q.drop(blockEnd);
      this.state = { kind: 'body', length: header.length, keep: false, scanned: 0 };
      return true;
    }
    this.resyncing = false;
    q.drop(blockEnd);
    this.state = { kind: 'body', length: header.length, keep: true, scanned: 0 };
    return true;
  }

  /**
   * Reports `problem` (unless already resynchronising) and drops bytes up to the next
   * `Content-Length:` at or after offset `from`. Always makes progress.
   */
  private resync(problem: string, from: number): boolean {
    if (!this.resyncing) this.report(`${problem}; bytes skipped up to the next Content-Length header`);
    this.resyncing = true;
    const q = this.queue;
    const next = q.indexOf(CONTENT_LENGTH_FIELD, from);
    // Without a next header, keep only a tail that may be the start of one.
    q.drop(next >= 0 ? next : Math.max(from, q.length - (CONTENT_LENGTH_FIELD.length - 1)));
    return next >= 0;
  }

  /** Consumes the body of the current frame if complete, or a frame cut short; true on progress. */
  private readBody(state: Extract<ReadState, { kind: 'body' }>): boolean {
    const q = this.queue;
    const available = Math.min(q.length, state.length);
    const cut = this.nextHeaderIn(state, available);
    if (cut >= 0) {
      this.report(`frame cut short: Content-Length ${state.length}, but a new header began after ${cut} bytes; frame dropped`);
      return this.finishBody(cut);
    }
    if (q.length < state.length) return false;
    if (state.keep) this.deliver(q.text(0, state.length, 'utf8'));
    return this.finishBody(state.length);
  }

  private finishBody(consumed: number): boolean {
    this.queue.drop(consumed);
    this.state = { kind: 'header' };
    return true;
  }

  /**
   * Offset below `limit` of a `Content-Length: N` CRLF header line inside the body being
   * read, or -1. Such a line cannot occur in JSON, so it means the frame was cut short. Scans
   * each byte once across calls (state.scanned).
   */
  private nextHeaderIn(state: Extract<ReadState, { kind: 'body' }>, limit: number): number {
    const q = this.queue;
    let at = state.scanned;
    for (;;) {
      const hit = q.indexOf(CONTENT_LENGTH_FIELD, at);
      if (hit < 0 || hit >= limit) {
        state.scanned = Math.max(at, limit - (CONTENT_LENGTH_FIELD.length - 1));
        return -1;
      }
      const valueStart = hit + CONTENT_LENGTH_FIELD.length;
      const value = q.text(valueStart, valueStart + HEADER_VALUE_WINDOW, 'latin1');
      if (HEADER_VALUE.test(value)) return hit;
      if (HEADER_VALUE_PREFIX.test(value) && valueStart + value.length === q.length) {
        state.scanned = hit; // undecided until more bytes arrive
        return -1;
      }
      at = hit + 1;
    }
  }

  /** Parses one body and hands it on, or reports why it is not a protocol message. */
  private deliver(body: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(body);
    } catch (e) {
      this.report(`body is not JSON (${(e as Error).message}); frame dropped`);
      this.resyncing = true;
      return;
    }
    const problem = messageProblem(msg);
    if (problem !== undefined) {
      this.report(`${problem}; frame dropped`);
      return;
    }
    this.sink.message(msg as DebugProtocol.ProtocolMessage);
  }
}

/** The Content-Length of a header block (its lines without the final blank line), or the problem. */
function parseHeader(block: string): HeaderResult {
  const lengths: string[] = [];
  for (const line of block.split(CRLF)) {
    const m = HEADER_LINE.exec(line);
    if (!m) return { problem: `bad header line ${JSON.stringify(line.slice(0, 40))}` };
    if (m[1]!.toLowerCase() === CONTENT_LENGTH.toLowerCase()) lengths.push(m[2]!);
  }
  if (lengths.length === 0) return { problem: `header without ${CONTENT_LENGTH}` };
  const valid = lengths.every((v) => DECIMAL.test(v));
  const length = valid ? Number(lengths[0]) : NaN;
  const agreed = valid && lengths.every((v) => Number(v) === length);
  if (lengths.length > 1) {
    return agreed && length <= MAX_CONTENT_LENGTH
      ? { problem: `${lengths.length} ${CONTENT_LENGTH} headers`, length }
      : { problem: `${lengths.length} different ${CONTENT_LENGTH} headers (${lengths.join(', ').slice(0, 60)})`, skipBlock: true };
  }
  if (!valid) return { problem: `${CONTENT_LENGTH} ${JSON.stringify(lengths[0]!.slice(0, 20))} is not a byte count` };
  if (length > MAX_CONTENT_LENGTH) return { problem: `${CONTENT_LENGTH} ${lengths[0]} is above the limit of ${MAX_CONTENT_LENGTH} bytes` };
  return { length };
}

/** Why a parsed body is not a DAP ProtocolMessage, or undefined when it is one. */
function messageProblem(msg: unknown): string | undefined {
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) return `body is JSON ${msg === null ? 'null' : Array.isArray(msg) ? 'array' : typeof msg}, not a message object`;
  const m = msg as Record<string, unknown>;
  if (typeof m.type !== 'string') return "message has no string 'type'";
  if (m.type === 'request' && !Number.isSafeInteger(m.seq)) return "request has no integer 'seq' (a response could not name it)";
  return undefined;
}

/** The parts of a DebugSession that {@link serveDap} drives. */
export interface DapEndpoint {
  start(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): void;
  handleMessage(msg: DebugProtocol.ProtocolMessage): void;
  sendEvent(event: DebugProtocol.Event): void;
}

/** Category of the output events that report dropped frames (shown in the Debug Console). */
const PROBLEM_CATEGORY = 'console';

/**
 * Runs `session` over `input`/`output` with {@link FrameReader} reading the input: the
 * session writes its output and sees the input's close and error events as before, but
 * never reads the input itself. Each problem becomes a DAP `output` event on the console.
 */
export function serveDap(session: DapEndpoint, input: NodeJS.ReadableStream, output: NodeJS.WritableStream): void {
  const reader = new FrameReader({
    message: (msg) => {
      try {
        session.handleMessage(msg);
      } catch (e) {
        report(`message ${JSON.stringify(String((msg as { command?: unknown }).command ?? msg.type)).slice(0, 60)} failed: ${(e as Error)?.message}`);
      }
    },
    problem: (text) => report(text),
  });
  function report(text: string): void {
    const event: DebugProtocol.OutputEvent = {
      seq: 0, type: 'event', event: 'output', body: { category: PROBLEM_CATEGORY, output: `Glasskernel: malformed DAP input: ${text}\n` },
    };
    session.sendEvent(event);
  }
  // The session subscribes to everything but 'data', which the reader handles.
  const events: Pick<NodeJS.ReadableStream, 'on' | 'resume'> = {
    on(event: string, listener: (...args: unknown[]) => void) {
      if (event !== 'data') input.on(event, listener);
      return this as NodeJS.ReadableStream;
    },
    resume() {
      return this as NodeJS.ReadableStream;
    },
  };
  session.start(events as NodeJS.ReadableStream, output);
  input.on('data', (chunk: Buffer | string) => reader.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk));
  input.resume();
}
