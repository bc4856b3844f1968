/**
 * Malformed debug information never kills the session: copies of inspect-O0/-O2 with bytes of
 * .debug_info, .debug_abbrev, .debug_str, .debug_loclists, .debug_rnglists, .debug_frame
 * or .eh_frame overwritten (seeded, bounded) still launch, stop at a breakpoint (.debug_line is
 * left intact), and answer
 * stackTrace, scopes, variables and evaluate with a result or an error response.
 * Also: the Registers scope of an outer frame and the trap CSRs of a fault.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { parseElf64 } from '../../src/elf';
import { ROOT, buildAdapter, launchToStop, lineOf, startClient } from './harness';

const FIXTURES = path.join(ROOT, 'test', 'debug-adapter', 'fixtures');
const SRC = path.join(FIXTURES, 'inspect.c');
const O0 = path.join(FIXTURES, 'inspect-O0');
const LOOPS = path.join(FIXTURES, 'loops-O0');
const LOOPS_C = path.join(FIXTURES, 'loops.c');
const O2 = path.join(FIXTURES, 'inspect-O2');
/** Sections to corrupt, each in a build that has it (-O0 has no location lists). */
const SECTIONS: Array<[string, string]> = [
  ['.debug_info', O0], ['.debug_abbrev', O0], ['.debug_str', O0], ['.debug_loclists', O2], ['.debug_rnglists', O2],
  ['.debug_frame', O0], ['.eh_frame', O2],
];
/** Mutated copies per section, and bytes overwritten in each. */
const COPIES = 2;
const BYTES_PER_COPY = 24;

/** xorshift32 with a fixed seed: the same corruptions every run. */
function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return (x >>> 0) / 2 ** 32; };
}

/** A copy of `file` with BYTES_PER_COPY random bytes of `section` replaced; its path. */
function corrupt(file: string, section: string, seed: number, dir: string): string {
  const bytes = new Uint8Array(fs.readFileSync(file));
  const parsed = parseElf64(bytes);
  if (!parsed.ok) throw new Error(parsed.error);
  const sec = parsed.elf.sections.find((s) => s.name === section);
  if (!sec) throw new Error(`${path.basename(file)} has no ${section}`);
  const rand = prng(seed);
  for (let i = 0; i < BYTES_PER_COPY; i++) bytes[sec.offset + Math.floor(rand() * sec.size)] = Math.floor(rand() * 256);
  const out = path.join(dir, `${path.basename(file)}-${section.slice(1)}-${seed}`);
  fs.writeFileSync(out, bytes, { mode: 0o755 });
  return out;
}

describe('malformed debug information', () => {
  let dc: DebugClient;
  let dir: string;

  beforeAll(() => {
    buildAdapter();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glasskernel-dwarf-'));
  });
  beforeEach(async () => { dc = await startClient(); });
  afterEach(async () => { await dc.stop(); });

  for (const [section, original] of SECTIONS) {
    for (let seed = 1; seed <= COPIES; seed++) {
      it(`corrupted ${section} of ${path.basename(original)} (seed ${seed}): the session answers every request`, async () => {
        const program = corrupt(original, section, seed * 7919, dir);
        const stop = await launchToStop(dc, { program, source: SRC, breakpoints: [{ line: lineOf(SRC, 'BP:scale') }] });
        const tid = stop.body.threadId!;
        const st = await dc.stackTraceRequest({ threadId: tid });
        expect(st.body.stackFrames.length).toBeGreaterThan(0);
        for (const frame of st.body.stackFrames) {
          const scopes = await dc.scopesRequest({ frameId: frame.id });
          for (const scope of scopes.body.scopes) {
            const vars = await dc.variablesRequest({ variablesReference: scope.variablesReference });
            for (const v of vars.body.variables.filter((x) => x.variablesReference > 0).slice(0, 4)) {
              await dc.variablesRequest({ variablesReference: v.variablesReference });
            }
          }
          for (const expression of ['v * by', 'items[1].at', 'counter', '$pc']) {
            await dc.evaluateRequest({ expression, frameId: frame.id }).catch((e: Error) => expect(e.message).not.toMatch(/internal|TypeError|RangeError/));
          }
        }
        const exited = dc.waitForEvent('exited');
        await dc.setBreakpointsRequest({ source: { path: SRC }, breakpoints: [] });
        await dc.continueRequest({ threadId: tid });
        expect(((await exited) as DebugProtocol.ExitedEvent).body.exitCode).toBe(0);
      });
    }
  }

  it('an outer frame shows its own recovered registers; a fault shows the trap CSRs', async () => {
    const stop = await launchToStop(dc, { program: LOOPS, launch: { args: ['null'] } });
    expect(stop.body.description).toBe('Segmentation fault');
    const st = await dc.stackTraceRequest({ threadId: stop.body.threadId! });
    const registers = async (frame: DebugProtocol.StackFrame) => {
      const scopes = await dc.scopesRequest({ frameId: frame.id });
      const ref = scopes.body.scopes.find((s) => s.name === 'Registers')!.variablesReference;
      return (await dc.variablesRequest({ variablesReference: ref })).body.variables;
    };
    const top = await registers(st.body.stackFrames[0]!);
    const byName = new Map(top.map((v) => [v.name, v]));
    expect(BigInt(byName.get('pc')!.value)).toBe(BigInt(st.body.stackFrames[0]!.instructionPointerReference!));
    const csrs = await dc.variablesRequest({ variablesReference: byName.get('CSRs')!.variablesReference });
    const csr = new Map(csrs.body.variables.map((v) => [v.name, v.value]));
    expect(csr.get('scause')).toBe('15 (store/AMO page fault)');
    expect(csr.get('stval')).toBe('0x0');
    expect(csr.get('sepc')).toBe(st.body.stackFrames[0]!.instructionPointerReference);
    expect(csr.get('satp')).toMatch(/^0x8[0-9a-f]{15} \(MODE Sv39, ASID \d+, root table pa 0x[0-9a-f]+\)$/);
    // main's caller frame (none: the stack ends at main as gdb's does); use a deeper program for the outer frame.
    expect(st.body.stackFrames.map((f) => f.name)).toEqual(['main']);
    await dc.stop();
    dc = await startClient();
    const deep = await launchToStop(dc, { program: LOOPS, launch: { args: ['recurse'] }, source: LOOPS_C, breakpoints: [{ line: lineOf(LOOPS_C, 'BP:depth'), condition: 'n == 0' }] });
    const frames = (await dc.stackTraceRequest({ threadId: deep.body.threadId! })).body.stackFrames;
    expect(frames.map((f) => f.name)).toEqual(['depth', 'depth', 'depth', 'depth', 'depth', 'depth', 'main']);
    const outer = new Map((await registers(frames[1]!)).map((v) => [v.name, v.value]));
    expect(BigInt(outer.get('pc')!)).toBe(BigInt(frames[1]!.instructionPointerReference!));
    const inner = new Map((await registers(frames[0]!)).map((v) => [v.name, v.value]));
    expect(BigInt(outer.get('sp')!)).toBeGreaterThan(BigInt(inner.get('sp')!));
  });
});
