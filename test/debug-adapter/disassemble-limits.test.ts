/**
 * `disassemble` with hostile sizes (issue 9, finding 3): a huge instructionCount is refused
 * at once with the documented maximum, huge instruction offsets answer at once with invalid
 * rows, the largest allowed request answers in bounded time, and the adapter keeps serving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { MAX_DISASSEMBLE_INSTRUCTIONS } from '../../src/debug-adapter/disassemble';
import { FORKTREE, buildAdapter } from './harness';
import { RawDap } from './raw-dap';

/** Bound (ms) on any one answer here: a few ms each once fixed; before, they never came. */
const ANSWER_MS = 5_000;
/** Bound (ms) on the largest allowed request (about 0.2 s measured). */
const MAX_REQUEST_MS = 3_000;

type Rows = DebugProtocol.DisassembledInstruction[];

describe('disassemble with hostile counts and offsets', () => {
  let dap: RawDap;
  let pc: string;

  beforeAll(async () => {
    buildAdapter();
    dap = new RawDap();
    await dap.request('initialize', { adapterID: 'glasskernel' });
    const stopped = dap.waitFor((m) => m.type === 'event' && m.event === 'stopped', 30_000, 'entry stop');
    await dap.request('launch', { program: FORKTREE, stopOnEntry: true }, 30_000);
    await dap.request('configurationDone');
    const threadId = ((await stopped).body as DebugProtocol.StoppedEvent['body']).threadId!;
    const trace = await dap.request('stackTrace', { threadId });
    pc = (trace.body as DebugProtocol.StackTraceResponse['body']).stackFrames[0]!.instructionPointerReference!;
  });
  afterAll(async () => { await dap?.stop(); });

  const disassemble = (args: Partial<DebugProtocol.DisassembleArguments>) =>
    dap.request('disassemble', { memoryReference: pc, ...args }, ANSWER_MS);

  it('refuses instructionCount 1e6 at once, naming the maximum, and keeps answering', async () => {
    const r = await disassemble({ instructionCount: 1_000_000 });
    expect(r.success).toBe(false);
    expect(r.message).toBe(`disassemble: instructionCount 1000000 is above the maximum of ${MAX_DISASSEMBLE_INSTRUCTIONS} per request`);
    expect((await dap.request('threads')).success).toBe(true);
  });

  it.each([1e15, -1e15, 2 ** 53 - 1, -(2 ** 53 - 1)])('answers instructionOffset %d at once with invalid rows', async (instructionOffset) => {
    const r = await disassemble({ instructionOffset, instructionCount: 16 });
    expect(r.success).toBe(true);
    const rows = (r.body as DebugProtocol.DisassembleResponse['body'])!.instructions as Rows;
    expect(rows).toHaveLength(16);
    expect(rows.every((row) => row.presentationHint === 'invalid' && /^0x[0-9a-f]+$/.test(row.address))).toBe(true);
    expect(new Set(rows.map((row) => row.address)).size).toBe(16);
  });

  it('places an offset beyond the exact walk at one parcel per instruction, wrapping below 0', async () => {
    const r = await disassemble({ instructionOffset: -1e15, instructionCount: 1 });
    const [row] = (r.body as DebugProtocol.DisassembleResponse['body'])!.instructions as Rows;
    expect(BigInt(row!.address)).toBe(BigInt.asUintN(64, BigInt(pc) - 2n * 10n ** 15n));
  });

  it('answers the largest allowed count, around the pc, in bounded time with exactly that many rows', async () => {
    const t0 = Date.now();
    const r = await dap.request('disassemble', {
      memoryReference: pc, instructionOffset: -MAX_DISASSEMBLE_INSTRUCTIONS / 2, instructionCount: MAX_DISASSEMBLE_INSTRUCTIONS,
    }, ANSWER_MS);
    expect(Date.now() - t0).toBeLessThan(MAX_REQUEST_MS);
    const rows = (r.body as DebugProtocol.DisassembleResponse['body'])!.instructions as Rows;
    expect(rows).toHaveLength(MAX_DISASSEMBLE_INSTRUCTIONS);
    expect(rows.find((row) => row.address === pc)?.symbol).toBe('_start');
  });

  it('refuses non-integer offsets with an error', async () => {
    for (const bad of [{ offset: 'x' }, { offset: 1.5 }, { instructionOffset: Number.MAX_VALUE }, { instructionOffset: '3' }]) {
      const r = await disassemble({ instructionCount: 4, ...(bad as object) });
      expect(r.success).toBe(false);
      expect(r.message).toBe('disassemble: offset and instructionOffset must be integers');
    }
  });
});
