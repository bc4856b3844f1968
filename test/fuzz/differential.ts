import { generateProgram, withItems, type FuzzProgram, type GenOptions, type Item } from './generator';
import { batchSource, type HarnessOptions } from './harness';
import { recordBytes } from './layout';
import { diffOutputs, formatOutput, sameBytes, splitRecords } from './record';
import { buildElf, runOurs, runQemu, type Engine, type Outcome } from './tools';

/** How programs are built and run: the real tools by default; tests may plant a divergence. */
export interface Engines {
  build(source: string): Promise<{ elf?: Uint8Array; error?: string }>;
  reference(elf: Uint8Array): Promise<Outcome>;
  candidate(elf: Uint8Array): Outcome;
}

/** The cross gcc, qemu-riscv64 as the reference, Glasskernel (in-process) as the candidate. */
export const REAL_ENGINES: Engines = { build: buildElf, reference: runQemu, candidate: (elf) => runOurs(elf, 'jit') };

/** REAL_ENGINES with Glasskernel running on the given execution engine. */
export function realEngines(engine: Engine): Engines {
  return { ...REAL_ENGINES, candidate: (elf) => runOurs(elf, engine) };
}

/**
 * The differential loop: generate programs, run them in batches under qemu-riscv64 and under
 * Glasskernel, compare each program's record, confirm a mismatch on the program alone and
 * shrink it (delta debugging over its units) to a minimal reproducer.
 */

/** The verdict on one program. */
export interface Verdict {
  program: FuzzProgram;
  kind: 'match' | 'mismatch' | 'invalid';
  /** For mismatches: formatted qemu and Glasskernel outputs; for invalid programs: why. */
  expected?: string;
  actual?: string;
  detail?: string;
}

/** Options of a fuzz run. */
export interface RunOptions {
  seed: number;
  count: number;
  /** Programs per ELF (default 100). */
  batch?: number;
  gen: GenOptions;
  engines?: Engines;
  /** Called after every batch with the verdicts so far (progress output). */
  onBatch?(done: number, verdicts: Verdict[]): void;
}

/** One program alone: its source, the ELF, and both outcomes. */
export interface SoloRun {
  source: string;
  elf?: Uint8Array;
  qemu?: Outcome;
  ours?: Outcome;
  buildError?: string;
}

const harnessOf = (gen: GenOptions): HarnessOptions => ({ fp: gen.fp });

/** Runs programs [0, count) of `seed` and returns one verdict per program, in order. */
export async function fuzz(opts: RunOptions): Promise<Verdict[]> {
  const batch = opts.batch ?? 100;
  const verdicts: Verdict[] = [];
  const eng = opts.engines ?? REAL_ENGINES;
  // Build and run qemu on the next batch while the emulator (synchronous) works on this one.
  const start = (from: number) => {
    const programs = [];
    for (let i = from; i < Math.min(from + batch, opts.count); i++) programs.push(generateProgram(opts.seed, i, opts.gen));
    return prepareBatch(programs, harnessOf(opts.gen), eng);
  };
  let pending = start(0);
  for (let from = 0; from < opts.count; from += batch) {
    const prepared = await pending;
    if (from + batch < opts.count) pending = start(from + batch);
    verdicts.push(...(await judgeBatch(prepared, harnessOf(opts.gen), eng)));
    opts.onBatch?.(verdicts.length, verdicts);
  }
  return verdicts;
}

interface PreparedBatch {
  programs: FuzzProgram[];
  elf?: Uint8Array;
  buildError?: string;
  qemu?: Outcome;
}

async function prepareBatch(programs: FuzzProgram[], h: HarnessOptions, eng: Engines): Promise<PreparedBatch> {
  const built = await eng.build(batchSource(programs, h));
  if (!built.elf) return { programs, buildError: built.error };
  return { programs, elf: built.elf, qemu: await eng.reference(built.elf) };
}

/** Compares every program's record; anything suspicious is re-run alone before it is called a mismatch. */
async function judgeBatch(b: PreparedBatch, h: HarnessOptions, eng: Engines): Promise<Verdict[]> {
  if (!b.elf || !b.qemu) return Promise.all(b.programs.map((p) => judgeAlone(p, h, eng)));
  const ours = eng.candidate(b.elf);
  const q = splitRecords(b.qemu.stdout, h.fp);
  const o = splitRecords(ours.stdout, h.fp);
  const size = recordBytes(h.fp);
  const out: Verdict[] = [];
  for (let i = 0; i < b.programs.length; i++) {
    const clean = q[i]?.length === size && o[i] !== undefined && sameBytes(q[i], o[i]);
    out.push(clean ? { program: b.programs[i], kind: 'match' } : await judgeAlone(b.programs[i], h, eng));
  }
  if (ours.exitCode !== b.qemu.exitCode && out.every((v) => v.kind === 'match')) {
    out[out.length - 1] = { program: b.programs[b.programs.length - 1], kind: 'mismatch',
      detail: `batch exit ${ours.exitCode}, qemu ${b.qemu.exitCode}` };
  }
  return out;
}

/** Builds and runs one program by itself. */
export async function runAlone(p: FuzzProgram, h: HarnessOptions, eng = REAL_ENGINES): Promise<SoloRun> {
  const source = batchSource([p], h);
  const built = await eng.build(source);
  if (!built.elf) return { source, buildError: built.error };
  return { source, elf: built.elf, qemu: await eng.reference(built.elf), ours: eng.candidate(built.elf) };
}

/** The verdict on one program run alone (an invalid program is a generator bug, not an emulator one). */
export async function judgeAlone(p: FuzzProgram, h: HarnessOptions, eng = REAL_ENGINES): Promise<Verdict> {
  const r = await runAlone(p, h, eng);
  if (!r.qemu || !r.ours) return { program: p, kind: 'invalid', detail: `assembler: ${r.buildError}` };
  if (r.qemu.exitCode !== 0 || r.qemu.stdout.length !== recordBytes(h.fp)) {
    return { program: p, kind: 'invalid', detail: `qemu exit ${r.qemu.exitCode}: ${r.qemu.note ?? ''}` };
  }
  const expected = formatOutput(r.qemu.stdout, r.qemu.exitCode, h.fp);
  const actual = formatOutput(r.ours.stdout, r.ours.exitCode, h.fp);
  if (expected === actual) return { program: p, kind: 'match' };
  return { program: p, kind: 'mismatch', expected, actual, detail: r.ours.note };
}

/** True when the program (run alone) is valid under qemu and Glasskernel's output differs. */
async function stillMismatches(p: FuzzProgram, h: HarnessOptions, eng: Engines): Promise<boolean> {
  return (await judgeAlone(p, h, eng)).kind === 'mismatch';
}

/**
 * Shrinks a mismatching program to a 1-minimal list of units (ddmin, Zeller & Hildebrandt):
 * removing any single remaining unit makes the mismatch disappear. Initial state is kept.
 */
export async function minimize(p: FuzzProgram, h: HarnessOptions, eng = REAL_ENGINES): Promise<FuzzProgram> {
  if (await stillMismatches(withItems(p, []), h, eng)) return withItems(p, []);
  let items: Item[] = p.items;
  let n = 2;
  while (items.length >= 2) {
    const chunk = Math.ceil(items.length / n);
    let reduced = false;
    for (let start = 0; start < items.length && !reduced; start += chunk) {
      const complement = [...items.slice(0, start), ...items.slice(start + chunk)];
      if (await stillMismatches(withItems(p, complement), h, eng)) {
        items = complement;
        n = Math.max(n - 1, 2);
        reduced = true;
      }
    }
    if (!reduced) {
      if (chunk === 1) break;
      n = Math.min(n * 2, items.length);
    }
  }
  return withItems(p, items);
}

/** Field-by-field difference of a mismatch verdict, for reports. */
export function describe(v: Verdict): string {
  const lines = [`${v.program.name}: ${v.kind}${v.detail ? ` (${v.detail})` : ''}`];
  if (v.expected !== undefined && v.actual !== undefined) {
    const diff = diffOutputs(v.expected, v.actual);
    lines.push(...diff.slice(0, 12).map((l) => '  ' + l));
    if (diff.length > 12) lines.push(`  ... ${diff.length - 12} more fields differ`);
  }
  return lines.join('\n');
}
