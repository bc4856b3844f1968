/**
 * A raw DAP client over stdio for the framing and fuzz tests: it writes arbitrary bytes to a
 * fresh `node dist/adapter.js` (DebugClient can only send well-formed frames) and reads the
 * adapter's frames back, recording every message and whether the process exited.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { ADAPTER, ROOT } from './harness';

/** What the adapter sent: a response, event or request. */
export type Message = DebugProtocol.ProtocolMessage & Record<string, unknown>;

/** `json` (text or a value) as one well-formed frame. */
export function frame(json: string | object): string {
  const text = typeof json === 'string' ? json : JSON.stringify(json);
  return `Content-Length: ${Buffer.byteLength(text, 'utf8')}\r\n\r\n${text}`;
}

/** One adapter process and everything it has said. */
export class RawDap {
  readonly messages: Message[] = [];
  exitCode: number | null | undefined;
  stderr = '';
  private readonly proc: ChildProcessWithoutNullStreams;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private seq = 1;
  private waiters: Array<{ pred: (m: Message) => boolean; resolve: (m: Message) => void }> = [];
  private readonly exited: Promise<void>;

  /** `adapter` defaults to dist/adapter.js, or GLASSKERNEL_TEST_ADAPTER (to check a test against an older build). */
  constructor(adapter = process.env.GLASSKERNEL_TEST_ADAPTER ?? ADAPTER) {
    this.proc = spawn(process.execPath, [adapter], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stdout.on('data', (d: Buffer) => this.onData(d));
    this.proc.stderr.on('data', (d: Buffer) => { this.stderr += d.toString(); });
    this.proc.stdin.on('error', () => { /* the adapter exited: recorded by 'exit' */ });
    this.exited = new Promise((resolve) => this.proc.on('exit', (code) => { this.exitCode = code; resolve(); }));
  }

  /** True while the adapter process runs. */
  get alive(): boolean {
    return this.exitCode === undefined;
  }

  /** Writes raw bytes. */
  write(bytes: string | Buffer): void {
    if (this.alive) this.proc.stdin.write(bytes);
  }

  /** Sends a well-formed request and returns its seq. */
  send(command: string, args?: unknown): number {
    const seq = this.seq++;
    this.write(frame({ seq, type: 'request', command, ...(args === undefined ? {} : { arguments: args }) }));
    return seq;
  }

  /** The next seq `send` would use (for hand-made frames). */
  nextSeq(): number {
    return this.seq++;
  }

  /** Sends a request and waits for its response (rejects after `ms` or when the adapter exits). */
  request(command: string, args?: unknown, ms = 10_000): Promise<DebugProtocol.Response> {
    const seq = this.send(command, args);
    return this.responseTo(seq, ms);
  }

  responseTo(seq: number, ms = 10_000): Promise<DebugProtocol.Response> {
    return this.waitFor((m) => m.type === 'response' && m.request_seq === seq, ms, `response to request ${seq}`) as unknown as Promise<DebugProtocol.Response>;
  }

  /** The first message (already received or coming) matching `pred`. */
  waitFor(pred: (m: Message) => boolean, ms = 10_000, what = 'message'): Promise<Message> {
    const found = this.messages.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = { pred, resolve: (m: Message) => { clearTimeout(timer); resolve(m); } };
      const fail = (why: string) => { this.waiters = this.waiters.filter((w) => w !== waiter); reject(new Error(`${what}: ${why}`)); };
      const timer = setTimeout(() => fail(`none within ${ms} ms`), ms);
      this.waiters.push(waiter);
      void this.exited.then(() => { clearTimeout(timer); fail(`adapter exited (code ${this.exitCode}); stderr: ${this.stderr.slice(0, 500)}`); });
    });
  }

  /** Output events sent so far (the text of each). */
  outputs(): string[] {
    return this.messages.filter((m) => m.type === 'event' && m.event === 'output')
      .map((m) => (m.body as DebugProtocol.OutputEvent['body']).output);
  }

  /** Kills the adapter (if still running) and waits for it to end. */
  async stop(): Promise<void> {
    if (this.alive) this.proc.kill('SIGKILL');
    await this.exited;
  }

  private onData(d: Buffer): void {
    this.chunks.push(d);
    this.buffered += d.length;
    let buf = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.buffered);
    for (;;) {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) break;
      const length = Number(/Content-Length: *(\d+)/.exec(buf.toString('latin1', 0, end))?.[1]);
      if (buf.length < end + 4 + length) break;
      const msg = JSON.parse(buf.toString('utf8', end + 4, end + 4 + length)) as Message;
      buf = buf.subarray(end + 4 + length);
      this.messages.push(msg);
      for (const w of this.waiters.filter((x) => x.pred(msg))) {
        this.waiters = this.waiters.filter((x) => x !== w);
        w.resolve(msg);
      }
    }
    this.chunks = buf.length > 0 ? [buf] : [];
    this.buffered = buf.length;
  }
}
