import type { Engine } from '../tools';
import { BUF_BYTES, BUS_ADRALN, SIGBUS } from './constants';
import { diffEnds, endTexts, sameEnd, type SampleEnd } from './compare';
import { parseRecords, rawBatchSource } from './harness';
import { buildRaw, runOursRaw, runQemuRaw, type RawRun } from './run';
import { isStoreConditional, makeSample, wordAt, type RawInsn, type RawSample } from './words';
import { Prng } from '../prng';

/**
 * The raw-instruction differential fuzzer: batches of random samples (words.ts) run under
 * qemu-riscv64 and Glasskernel, sample by sample verdicts, greedy minimization of a mismatch
 * (truncate, nop out instructions, zero registers) with every candidate of a round in one batch.
 */

/** Samples per ELF. */
export const RAW_BATCH = 250;

/**
 * What happened to one sample. 'inconclusive': one side looped, the other ended with a signal.
 * 'qemu-sc': Glasskernel raised SIGBUS (BUS_ADRALN) at an SC whose address is misaligned, as the
 * spec (A extension: misaligned LR/SC raise address-misaligned) and Linux on hardware do, where
 * qemu-riscv64 lets the SC fail (rd = 1) without a trap because it checks the reservation first.
 */
export interface RawVerdict {
  kind: 'match' | 'mismatch' | 'inconclusive' | 'qemu-sc';
  sample: RawSample;
  expected: SampleEnd;
  actual: SampleEnd;
}

/** The outcome of a batch: per-sample verdicts and any host exception (never acceptable). */
export interface BatchResult {
  verdicts: RawVerdict[];
  hostErrors: string[];
}

/** The buffer's initial bytes (the same for every sample: a fixed pattern). */
export function bufferInit(): Uint8Array {
  const r = new Prng(0x9b1f);
  return Uint8Array.from({ length: BUF_BYTES }, () => r.below(256));
}

/**
 * Records into `ends` what one run of a batch from sample `start` (of `n`) printed: a record per
 * sample it finished, then a loop or a lost sample for the one it ended on. Returns the sample
 * the next run starts from (n or more when the batch is complete).
 */
export function absorbRun(ends: SampleEnd[], start: number, n: number, r: RawRun): number {
  const recs = parseRecords(r.stdout);
  recs.slice(0, n - start).forEach((rec, i) => { ends[start + i] = { kind: 'record', rec }; });
  const next = start + recs.length;
  if (next >= n) return n;
  ends[next] = r.end === 'loop' ? { kind: 'loop' } : { kind: 'missing', why: `exit ${r.exitCode}${r.note ? `: ${r.note.split('\n')[0]}` : ''}` };
  return next + 1;
}

/** Runs a batch start to end on one side, restarting after a loop or a lost sample. */
async function collect(n: number, runner: (start: number) => Promise<RawRun> | RawRun, hostErrors: string[]): Promise<SampleEnd[]> {
  const ends: SampleEnd[] = [];
  for (let start = 0; start < n;) {
    const r = await runner(start);
    if (r.hostError) hostErrors.push(r.hostError);
    start = absorbRun(ends, start, n, r);
  }
  return ends;
}

/** Builds and runs `samples` in one ELF on both sides. */
export async function runBatch(samples: RawSample[], engine: Engine): Promise<BatchResult> {
  const built = await buildRaw(rawBatchSource(samples, bufferInit()));
  if (!built.elf) throw new Error(`raw harness did not assemble: ${built.error}`);
  const elf = built.elf;
  const hostErrors: string[] = [];
  const expected = await collect(samples.length, (s) => runQemuRaw(elf, s), []);
  const actual = await collect(samples.length, (s) => runOursRaw(elf, s, engine), hostErrors);
  const verdicts = samples.map((sample, i): RawVerdict => {
    const e = expected[i], a = actual[i];
    const oneLoop = (e.kind === 'loop') !== (a.kind === 'loop');
    const kind = sameEnd(e, a) ? 'match' : oneLoop ? 'inconclusive' : misalignedSc(samples, e, a) ? 'qemu-sc' : 'mismatch';
    return { kind, sample, expected: e, actual: a };
  });
  return { verdicts, hostErrors };
}

/** Glasskernel stopped with SIGBUS/BUS_ADRALN at an SC where qemu did not (see RawVerdict). */
function misalignedSc(samples: RawSample[], e: SampleEnd, a: SampleEnd): boolean {
  if (a.kind !== 'record' || a.rec.signo !== SIGBUS || a.rec.code !== BUS_ADRALN) return false;
  if (e.kind === 'record' && e.rec.signo === SIGBUS && e.rec.pc === a.rec.pc) return false;
  const w = wordAt(samples, a.rec.pc);
  return w !== undefined && isStoreConditional(w);
}

/** Options of a fuzz run. */
export interface RawFuzzOptions {
  seed: number;
  count: number;
  engine: Engine;
  /** Called after each batch (progress). */
  onBatch?: (done: number, result: BatchResult) => void;
}

/** Samples 0..count-1 of `seed`, in batches of RAW_BATCH. */
export async function fuzzRaw(opts: RawFuzzOptions): Promise<BatchResult> {
  const all: BatchResult = { verdicts: [], hostErrors: [] };
  for (let from = 0; from < opts.count; from += RAW_BATCH) {
    const samples = Array.from({ length: Math.min(RAW_BATCH, opts.count - from) }, (_, i) => makeSample(opts.seed, from + i));
    const r = await runBatch(samples, opts.engine);
    all.verdicts.push(...r.verdicts);
    all.hostErrors.push(...r.hostErrors);
    opts.onBatch?.(from + samples.length, r);
  }
  return all;
}

const NOP32 = 0x00000013;
const CNOP = 0x0001;

/** One-step simplifications of a sample (each a new sample), most aggressive first. */
function candidates(s: RawSample): RawSample[] {
  const out: RawSample[] = [];
  for (let k = 1; k < s.code.length; k++) out.push({ ...s, code: s.code.slice(0, k) });
  s.code.forEach((c, i) => {
    const nop: RawInsn = { bits: c.size === 2 ? CNOP : NOP32, size: c.size };
    if (c.bits !== nop.bits) out.push({ ...s, code: s.code.map((d, j) => (j === i ? nop : d)) });
  });
  if (s.f.some((v) => v !== 0n)) out.push({ ...s, f: s.f.map(() => 0n) });
  s.x.forEach((v, i) => { if (v !== 0n) out.push({ ...s, x: s.x.map((w, j) => (j === i ? 0n : w)) }); });
  return out;
}

/** Greedy 1-minimal shrink of a mismatching sample (rounds of one batch each). */
export async function minimizeRaw(s: RawSample, engine: Engine): Promise<RawVerdict> {
  let best = (await runBatch([s], engine)).verdicts[0];
  for (;;) {
    const cands = candidates(best.sample);
    if (cands.length === 0) return best;
    const r = await runBatch(cands, engine);
    const next = r.verdicts.find((v) => v.kind === 'mismatch');
    if (!next) return best;
    best = next;
  }
}

/** One line per verdict for reports: the sample, its words and the differences. */
export function describeRaw(v: RawVerdict): string {
  const words = v.sample.code.map((c) => (c.size === 2 ? c.bits.toString(16).padStart(4, '0') : c.bits.toString(16).padStart(8, '0'))).join(' ');
  const t = endTexts(v.expected, v.actual);
  return `${v.kind} ${v.sample.name} [${words}]: ${diffEnds(t.expected, t.actual).slice(0, 4).join('; ')}`;
}
