/**
 * DAP framing under malformed input (issue 9, finding 6): a bad frame is dropped with a
 * console `output` event naming the problem and the session goes on; large frames parse in
 * linear time; `initialize` without arguments gets a clean error. The first half drives
 * FrameReader directly; the second talks raw bytes to the built adapter over stdio.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { FrameReader, MAX_CONTENT_LENGTH, MAX_HEADER_BYTES } from '../../src/debug-adapter/framing';
import { buildAdapter } from './harness';
import { RawDap, frame } from './raw-dap';

/** Feeds `input` (in pieces of `piece` bytes) and returns what came out. */
function read(input: string | Buffer, piece = Infinity): { messages: unknown[]; problems: string[] } {
  const messages: unknown[] = [];
  const problems: string[] = [];
  const reader = new FrameReader({ message: (m) => messages.push(m), problem: (p) => problems.push(p) });
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  for (let i = 0; i < bytes.length; i += Math.min(piece, bytes.length)) reader.push(bytes.subarray(i, i + piece));
  return { messages, problems };
}

/** Piece size (bytes) of the large-frame writes: small pieces are what made the old buffering quadratic. */
const WRITE_PIECE = 16 * 1024;
/** Size (bytes) of the large request: big enough that quadratic buffering cannot pass the bound. */
const LARGE_FRAME_BYTES = 32 * 1024 * 1024;
/** Bound (ms) for the large request to be read, parsed and answered (about 0.5 s measured; the quadratic reader took 7 s). */
const LARGE_FRAME_MS = 3_000;

const req = (seq: number, command = 'threads') => ({ seq, type: 'request', command });
const good = (seq: number) => frame(req(seq));

describe('FrameReader', () => {
  it('reads consecutive frames, whole or split into single bytes, with UTF-8 bodies', () => {
    const input = good(1) + frame({ seq: 2, type: 'request', command: 'evaluate', arguments: { expression: 'ünïcødé €' } }) + good(3);
    for (const piece of [Infinity, 1, 7]) {
      const out = read(input, piece);
      expect(out.problems).toEqual([]);
      expect(out.messages.map((m) => (m as { seq: number }).seq)).toEqual([1, 2, 3]);
    }
    expect((read(input).messages[1] as DebugProtocol.EvaluateRequest).arguments.expression).toBe('ünïcødé €');
  });

  it.each([
    ['invalid JSON', frame('{"seq":1,'), /body is not JSON/],
    ['a JSON null body', frame('null'), /body is JSON null/],
    ['a JSON array body', frame('[1,2]'), /body is JSON array/],
    ['a message without type', frame('{"seq":1}'), /no string 'type'/],
    ['a request without seq', frame('{"type":"request","command":"threads"}'), /no integer 'seq'/],
    ['an empty body', 'Content-Length: 0\r\n\r\n', /body is not JSON/],
    ['a doubled Content-Length', `Content-Length: 46\r\nContent-Length: 46\r\n\r\n${JSON.stringify(req(1))}`, /2 Content-Length headers/],
    ['two different Content-Lengths', `Content-Length: 30\r\nContent-Length: 31\r\n\r\n${JSON.stringify(req(1))}`, /2 different Content-Length/],
    ['a non-numeric Content-Length', `Content-Length: ten\r\n\r\n${JSON.stringify(req(1))}`, /"ten" is not a byte count/],
    ['a negative Content-Length', `Content-Length: -5\r\n\r\n${JSON.stringify(req(1))}`, /"-5" is not a byte count/],
    ['a huge Content-Length', `Content-Length: ${MAX_CONTENT_LENGTH + 1}\r\n\r\n${JSON.stringify(req(1))}`, /above the limit/],
    ['a header without Content-Length', `Content-Type: x\r\n\r\n${JSON.stringify(req(1))}`, /without Content-Length/],
    ['a garbage header line', `hello world\r\n\r\n`, /bad header line "hello world"/],
    ['a header that never ends', 'x'.repeat(MAX_HEADER_BYTES + 10), /no end of header/],
    ['a truncated body', `Content-Length: 500\r\n\r\n{"seq":1,"type":"requ`, /frame cut short: Content-Length 500/],
    ['a Content-Length too small', `Content-Length: 10\r\n\r\n${JSON.stringify(req(1))}`, /body is not JSON/],
  ])('drops %s with one problem report and reads the next frame', (_name, bad, problem) => {
    for (const piece of [Infinity, 1]) {
      const out = read(good(1) + bad + good(7) + good(8), piece);
      expect(out.problems).toHaveLength(1);
      expect(out.problems[0]).toMatch(problem);
      expect(out.messages.map((m) => (m as { seq: number }).seq)).toEqual([1, 7, 8]);
    }
  });

  it('reports a run of garbage once, however long', () => {
    const junk = Buffer.alloc(5_000_000, '\r\n\r\nxx');
    const out = read(Buffer.concat([junk, Buffer.from(good(4))]), 65536);
    expect(out.problems).toHaveLength(1);
    expect(out.messages).toEqual([req(4)]);
  });

  it('a JSON string mentioning Content-Length is not taken for a header', () => {
    const text = 'Content-Length: 12 is what a header says\\r\\n';
    const out = read(frame({ seq: 1, type: 'request', command: 'evaluate', arguments: { expression: text } }), 3);
    expect(out.problems).toEqual([]);
    expect(out.messages).toHaveLength(1);
  });

  it('parses a 20 MiB frame arriving in 64 KiB chunks in linear time', () => {
    const big = frame({ seq: 1, type: 'request', command: 'evaluate', arguments: { expression: 'x'.repeat(20 * 1024 * 1024) } });
    const t0 = performance.now();
    const out = read(big, 64 * 1024);
    const ms = performance.now() - t0;
    expect(out.messages).toHaveLength(1);
    expect(ms).toBeLessThan(3_000);
  });
});

describe('the built adapter reading malformed frames over stdio', () => {
  let dap: RawDap;
  beforeAll(() => buildAdapter());
  beforeEach(() => { dap = new RawDap(); });
  afterEach(async () => { await dap.stop(); });

  /** A bad frame costs one console output event; the adapter answers the next request. */
  async function survives(bad: string | Buffer, problem: RegExp): Promise<void> {
    const before = dap.outputs().length;
    dap.write(bad);
    const reply = await dap.request('threads');
    expect(reply.success).toBe(true);
    const reports = dap.messages.filter((m) => m.type === 'event' && m.event === 'output').slice(before);
    expect(reports.map((m) => (m.body as DebugProtocol.OutputEvent['body']).category)).toEqual(['console']);
    expect((reports[0]!.body as DebugProtocol.OutputEvent['body']).output).toMatch(problem);
    expect(dap.alive).toBe(true);
  }

  it('drops invalid JSON, a null body, a doubled Content-Length, a truncated body and a bad Content-Length, and goes on', async () => {
    expect((await dap.request('initialize', { adapterID: 'glasskernel' })).success).toBe(true);
    await survives(frame('{"seq": 1, "type": "request", "comm'), /body is not JSON/);
    await survives(frame('null'), /body is JSON null/);
    const body = JSON.stringify({ seq: dap.nextSeq(), type: 'request', command: 'threads' });
    await survives(`Content-Length: ${body.length}\r\nContent-Length: ${body.length}\r\n\r\n${body}`, /2 Content-Length headers/);
    await survives(`Content-Length: 400\r\n\r\n{"seq": 99, "type": "req`, /frame cut short/);
    await survives(`Content-Length: 5\r\n\r\n${body}`, /body is not JSON/);
    await survives(`Content-Length: x1\r\n\r\n${body}`, /"x1" is not a byte count/);
    await survives(Buffer.from([0xff, 0xfe, 0, 1, 2, 13, 10, 13, 10]), /bad header line/);
  });

  it('answers initialize without arguments with a clean error, then initializes', async () => {
    const bare = await dap.request('initialize');
    expect(bare.success).toBe(false);
    expect(bare.message).toBe('initialize: arguments must be an InitializeRequestArguments object');
    const odd = await dap.request('initialize', 42);
    expect(odd.message).toMatch(/^initialize: arguments must be/);
    const ok = await dap.request('initialize', { adapterID: 'glasskernel' });
    expect(ok.success).toBe(true);
    expect((ok.body as DebugProtocol.Capabilities).supportsDisassembleRequest).toBe(true);
  });

  it('reads, parses and answers a 32 MiB request, written in 16 KiB pieces, within 3 s', async () => {
    const seq = dap.nextSeq();
    const big = frame({ seq, type: 'request', command: 'evaluate', arguments: { expression: '1'.repeat(LARGE_FRAME_BYTES) } });
    const t0 = Date.now();
    for (let i = 0; i < big.length; i += WRITE_PIECE) dap.write(big.slice(i, i + WRITE_PIECE));
    const reply = await dap.responseTo(seq, 60_000);
    const ms = Date.now() - t0;
    expect(reply.request_seq).toBe(seq);
    expect(ms).toBeLessThan(LARGE_FRAME_MS);
    expect((await dap.request('threads')).success).toBe(true);
  });
});
