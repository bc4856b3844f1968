// The C debugger's speed (issue 8), measured over DAP against dist/adapter.js, as VS Code drives it:
//
//   launch to a breakpoint on main's first line: from the `launch` request to the `stopped`
//     event, for a static glibc program built -g (DWARF 5) and the same built -g3 (macros);
//     target < 300 ms;
//   a full refresh of the Variables view at a stop 11 frames deep (stackTrace of every frame,
//     scopes of the top frame, variables of Locals and Globals), after each single step so no
//     answer is cached; target < 20 ms.
//
//   node scripts/bench-debugger.mjs [--runs=N]      (also run by `npm run bench`)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { adapterClient, percentile } from './bench-util.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ADAPTER = path.join(ROOT, 'dist', 'adapter.js');
const FIXTURES = path.join(ROOT, 'test', 'debug-adapter', 'fixtures');
const REFRESHES = 40;

const lineOf = (file, marker) => fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(marker)) + 1;
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const client = () => adapterClient(ADAPTER);

/** Milliseconds from `launch` to the stop at a breakpoint on main's first line. */
async function launchToMain(program) {
  const dc = await client();
  try {
    const src = path.join(FIXTURES, 'inspect.c');
    const mainLine = lineOf(src, 'struct point origin = { 10, -20 };');
    const initialized = dc.waitForEvent('initialized');
    const stopped = dc.waitForEvent('stopped');
    const t0 = process.hrtime.bigint();
    await dc.launchRequest({ program });
    await initialized;
    await dc.setBreakpointsRequest({ source: { path: src }, breakpoints: [{ line: mainLine }] });
    await dc.configurationDoneRequest();
    const stop = await stopped;
    const elapsed = ms(t0);
    const top = (await dc.stackTraceRequest({ threadId: stop.body.threadId })).body.stackFrames[0];
    if (top?.line !== mainLine) throw new Error(`stopped at line ${top?.line}, not main's first line ${mainLine}`);
    return elapsed;
  } finally {
    await dc.stop().catch(() => {});
  }
}

/** Milliseconds of one Variables-view refresh at an 11-frame stack, one sample per single step. */
async function refreshes() {
  const dc = await client();
  try {
    const src = path.join(FIXTURES, 'loops.c');
    const initialized = dc.waitForEvent('initialized');
    await dc.launchRequest({ program: path.join(FIXTURES, 'loops-O0'), args: ['deep'] });
    await initialized;
    await dc.setBreakpointsRequest({ source: { path: src }, breakpoints: [{ line: lineOf(src, 'BP:depth'), condition: 'n == 0' }] });
    const first = dc.waitForEvent('stopped');
    await dc.configurationDoneRequest();
    const threadId = (await first).body.threadId;
    const times = [];
    let depth = 0;
    for (let i = 0; i < REFRESHES; i++) {
      const t0 = process.hrtime.bigint();
      const st = await dc.stackTraceRequest({ threadId, startFrame: 0, levels: 20 });
      const scopes = await dc.scopesRequest({ frameId: st.body.stackFrames[0].id });
      for (const s of scopes.body.scopes.filter((x) => x.name === 'Locals' || x.name === 'Globals')) {
        await dc.variablesRequest({ variablesReference: s.variablesReference });
      }
      times.push(ms(t0));
      depth = Math.max(depth, st.body.stackFrames.length);
      const stepped = dc.waitForEvent('stopped');
      await dc.stepInRequest({ threadId, granularity: 'instruction' });
      await stepped;
    }
    times.sort((a, b) => a - b);
    return { p50: percentile(times, 50), p99: percentile(times, 99), depth };
  } finally {
    await dc.stop().catch(() => {});
  }
}

/** Runs every measurement `runs` times and prints the best launch times and the refresh percentiles. */
export async function benchDebugger(runs = 3) {
  if (!fs.existsSync(ADAPTER)) throw new Error('dist/adapter.js missing: run `npm run build` first');
  const fmt = (n) => n.toFixed(1);
  for (const [label, file] of [['-g', 'inspect-O0'], ['-g3', 'inspect-g3']]) {
    const times = [];
    for (let i = 0; i < runs; i++) times.push(await launchToMain(path.join(FIXTURES, file)));
    const best = Math.min(...times);
    console.log(`launch to a breakpoint on main's first line, static glibc ${label} (${file}): best ${fmt(best)} ms of ${runs} (target < 300 ms: ${best < 300 ? 'met' : 'missed'})`);
  }
  const r = await refreshes();
  console.log(`Variables view refresh at a ${r.depth}-frame stack (stackTrace + scopes + Locals + Globals), ${REFRESHES} stops: p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms (target < 20 ms: ${r.p50 < 20 ? 'met' : 'missed'})`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 3);
  benchDebugger(runs).catch((e) => { console.error(e); process.exit(1); });
}
