/**
 * The gdb comparison harness: every program case (test/gdb/programs.mjs) under gdb-multiarch
 * + qemu-riscv64 and under our adapter, compared stop by stop. Prints a table (or JSON) and
 * returns the process exit code: 0 when everything matched, 1 when anything differs or failed.
 *
 *   --program NAME    only this program (NAME, or NAME-O0 / NAME-O2); repeatable
 *   --json            print the results as JSON instead of the table
 *   --details N       mismatches shown per program case (default 5)
 *   --exact-addresses stack/heap addresses must match too
 *   --record          also write gdb's stops to test/gdb/stops/CASE.json (the stop lists)
 *   --recorded        compare against test/gdb/stops/CASE.json instead of running gdb
 *   --past-main       gdb's `bt` goes on past main (set backtrace past-main on); not with --recorded
 *   --jobs N          program cases run at once (default 2)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OPT_LEVELS, PROGRAMS, programCase } from './programs.mjs';
import { runGdb } from './gdb-run.mjs';
import { runOurs } from './dap-run.mjs';
import { compareRuns } from './compare.mjs';
import { formatMismatches, formatTable } from './report.mjs';

const STOPS_DIR = path.join(path.dirname(new URL(import.meta.url).pathname), 'stops');
const DEFAULT_DETAILS = 5;
const DEFAULT_JOBS = 2;

/** Command-line options; `error` set on a bad argument. */
export function parseArgs(argv) {
  const o = { programs: [], json: false, details: DEFAULT_DETAILS, exactAddresses: false, record: false, recorded: false, pastMain: false, jobs: DEFAULT_JOBS };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--program') o.programs.push(argv[++i] ?? '');
    else if (a === '--json') o.json = true;
    else if (a === '--details') o.details = Number(argv[++i]);
    else if (a === '--exact-addresses') o.exactAddresses = true;
    else if (a === '--record') o.record = true;
    else if (a === '--recorded') o.recorded = true;
    else if (a === '--past-main') o.pastMain = true;
    else if (a === '--jobs') o.jobs = Number(argv[++i]);
    else return { ...o, error: `unknown argument ${a}` };
  }
  if (!(o.details >= 0) || !(o.jobs >= 1)) return { ...o, error: '--details and --jobs take a number' };
  return o;
}

/** The program cases selected by `--program` (all when none given); unknown names in `unknown`. */
export function selectCases(names) {
  const all = PROGRAMS.flatMap((spec) => OPT_LEVELS.map((opt) => programCase(spec, opt)));
  if (names.length === 0) return { cases: all, unknown: [] };
  const cases = all.filter((c) => names.includes(c.spec.name) || names.includes(c.id));
  const unknown = names.filter((n) => !all.some((c) => c.spec.name === n || c.id === n));
  return { cases, unknown };
}

async function reference(c, o) {
  const file = path.join(STOPS_DIR, `${c.id}.json`);
  if (o.recorded) {
    if (!fs.existsSync(file)) return { stops: [], error: `no recorded stops ${path.relative(process.cwd(), file)}` };
    return { stops: JSON.parse(fs.readFileSync(file, 'utf8')).stops };
  }
  const g = await runGdb(c, { pastMain: o.pastMain });
  if (o.record && !o.pastMain && !g.error) fs.writeFileSync(file, `${JSON.stringify({ program: c.id, breakpoints: c.breakpoints, stops: g.stops }, null, 1)}\n`);
  return g;
}

async function runCase(c, o) {
  const [g, ours] = [await reference(c, o), await runOurs(c)];
  return { result: compareRuns(c.id, g, ours, o), gdb: g.stops, ours: ours.stops };
}

/** Runs `fn` over `items`, at most `jobs` at once, keeping the order of results. */
async function pool(items, jobs, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => { while (next < items.length) { const i = next++; results[i] = await fn(items[i]); } };
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, worker));
  return results;
}

/** Runs the harness with command-line `argv`; resolves with the exit code. */
export async function main(argv) {
  const o = parseArgs(argv);
  if (o.error) { console.error(o.error); return 2; }
  const { cases, unknown } = selectCases(o.programs);
  if (unknown.length > 0) {
    console.error(`unknown program ${unknown.join(', ')}; known: ${PROGRAMS.map((p) => p.name).join(', ')}`);
    return 2;
  }
  const started = Date.now();
  const runs = await pool(cases, o.jobs, (c) => runCase(c, o));
  const results = runs.map((r) => r.result);
  if (o.json) {
    console.log(JSON.stringify(runs, null, 1));
  } else {
    console.log(formatTable(results));
    const details = formatMismatches(results, o.details);
    if (details) console.log(`\nFirst mismatches (gdb is the reference):${details}`);
    console.log(`\n${cases.length} program cases in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return results.every((r) => r.ok) ? 0 : 1;
}
