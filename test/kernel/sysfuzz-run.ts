import fs from 'node:fs';
import path from 'node:path';
import { Kernel } from '../../src/kernel/kernel';

/** The syscall fuzzer guest (test/fixtures/guest/sysfuzz.c), built by build.sh. */
export const SYSFUZZ = path.resolve(__dirname, '../fixtures/guest/bin/sysfuzz');
/** Instructions per k.run slice, and slices before a run counts as hung. */
const SLICE = 100_000_000;
const MAX_SLICES_PER_ROUND = 4;

/** What one fuzzer run found: counts, and the first failure (host exception, hang, leak). */
export interface SysfuzzResult {
  seed: number;
  first: number;
  rounds: number;
  /** Syscalls the guest issued (kernel `syscall` events), and how many distinct numbers. */
  syscalls: number;
  distinct: number;
  /** clone and execve calls among them. */
  clones: number;
  execs: number;
  /** The guest's last line (its own summary), or '' when it never printed one. */
  summary: string;
  /** 'ok', or what went wrong: a host exception, a run that never ended, frames not returned. */
  outcome: 'ok' | 'threw' | 'hung' | 'leaked' | 'bad-exit';
  /** The round running when it went wrong (rounds are numbered from `first`). */
  round?: number;
  error?: string;
  framesInUse: number;
  framesAtBoot: number;
}

const SYS_clone = 220;
const SYS_execve = 221;

/**
 * Runs rounds `first`..`first+rounds-1` of `seed` in a fresh kernel. Never throws: a host
 * exception from the kernel is the finding it reports (outcome 'threw', with the round).
 */
export function runSysfuzz(seed: number, first: number, rounds: number, binary = fs.readFileSync(SYSFUZZ)): SysfuzzResult {
  let out = '';
  const dec = new TextDecoder();
  const k = new Kernel({ host: { writeConsole: (_fd, d) => { out += dec.decode(d); } } });
  k.addFile('/bin/sysfuzz', binary);
  const nrs = new Set<number>();
  let syscalls = 0, clones = 0, execs = 0, round = first - 1, mainPid = -1;
  k.on('syscall', (e) => { syscalls++; nrs.add(e.nr); if (e.nr === SYS_clone) clones++; if (e.nr === SYS_execve) execs++; });
  k.on('fork', (e) => { if (e.parentPid === mainPid && e.tid === mainPid) round++; });
  const base = { seed, first, rounds, framesInUse: 0, framesAtBoot: 0 };
  const result = (outcome: SysfuzzResult['outcome'], error?: string): SysfuzzResult => {
    const stats = k.stats();
    return {
      ...base, syscalls, distinct: nrs.size, clones, execs, outcome, error,
      summary: /sysfuzz: seed [^\n]*/.exec(out)?.[0] ?? '', round: outcome === 'ok' ? undefined : round,
      framesInUse: stats.framesInUse, framesAtBoot: stats.framesAtBoot,
    };
  };
  try {
    const started = k.start('/bin/sysfuzz', ['/bin/sysfuzz', 'run', String(seed), String(first), String(rounds)], []);
    if (!started.ok) return result('threw', started.error);
    mainPid = k.programPid;
    let stop = k.run(SLICE);
    for (let i = 0; i < MAX_SLICES_PER_ROUND * (rounds + 1) && stop.kind !== 'exited'; i++) stop = k.run(SLICE);
    if (stop.kind !== 'exited') return result('hung', `still ${stop.kind} after the run's budget`);
    if (stop.status !== 0) return result('bad-exit', `wait status ${stop.status}`);
  } catch (e) {
    return result('threw', e instanceof Error ? e.stack ?? e.message : String(e));
  }
  const r = result('ok');
  return r.framesInUse === r.framesAtBoot ? r : { ...result('leaked'), round: undefined };
}

/** A saved reproducer: one round of one seed that went wrong (test/kernel/sysfuzz-repro/*.json). */
export interface SysfuzzRepro {
  seed: number;
  round: number;
  outcome: SysfuzzResult['outcome'];
  error?: string;
}

/** Directory of saved reproducers; sysfuzz.test.ts replays each one. */
export const REPRO_DIR = path.resolve(__dirname, 'sysfuzz-repro');

/** Reproducers saved so far. */
export function savedRepros(): SysfuzzRepro[] {
  if (!fs.existsSync(REPRO_DIR)) return [];
  return fs.readdirSync(REPRO_DIR).filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(fs.readFileSync(path.join(REPRO_DIR, f), 'utf8')) as SysfuzzRepro);
}

/** Rounds per batch of a long run: each batch is a fresh kernel (a failure is found within one). */
const BATCH = 250;

/**
 * `npm run fuzz:syscalls -- --seed S --count N`: N rounds of seed S in batches; a batch that
 * throws, hangs or leaks is narrowed to its single failing round (replayed alone), saved as a
 * reproducer that the suite then replays, and reported. Prints the counts; returns the exit code.
 */
export function sysfuzzCli(argv: string[], log: (line: string) => void = console.log): number {
  const opt = (name: string, dflt: number) => {
    const i = argv.indexOf(`--${name}`);
    const v = i >= 0 ? Number(argv[i + 1]) : dflt;
    return Number.isSafeInteger(v) && v >= 0 ? v : dflt;
  };
  const seed = opt('seed', Date.now() % 1_000_000), count = opt('count', 2000);
  const binary = fs.readFileSync(SYSFUZZ);
  const t0 = Date.now();
  let syscalls = 0, clones = 0, execs = 0, failures = 0;
  for (let first = 0; first < count; first += BATCH) {
    const r = runSysfuzz(seed, first, Math.min(BATCH, count - first), binary);
    syscalls += r.syscalls; clones += r.clones; execs += r.execs;
    if (r.outcome === 'ok') continue;
    failures++;
    const round = r.round ?? first;
    const alone = runSysfuzz(seed, round, 1, binary);
    const repro: SysfuzzRepro = { seed, round, outcome: alone.outcome === 'ok' ? r.outcome : alone.outcome, error: (alone.error ?? r.error)?.split('\n').slice(0, 6).join('\n') };
    fs.mkdirSync(REPRO_DIR, { recursive: true });
    const file = path.join(REPRO_DIR, `seed${seed}-round${round}.json`);
    fs.writeFileSync(file, `${JSON.stringify(repro, null, 2)}\n`);
    log(`FOUND ${r.outcome} in round ${round}${alone.outcome === 'ok' ? ' (only with the rounds before it)' : ''}: ${repro.error ?? ''}`);
    log(`  saved ${path.relative(process.cwd(), file)}`);
  }
  log(`fuzz:syscalls seed ${seed}: ${count} rounds, ${syscalls} syscalls (${clones} clone, ${execs} execve), ` +
    `${failures} failing batch(es), ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return failures ? 1 : 0;
}
