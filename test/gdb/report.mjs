/**
 * Text report of comparison results: one table row per program case (stops, frames and
 * variables matched out of gdb's totals, values equal but for stack/heap addresses, values gdb
 * could not read and that were left out), then the first mismatches of each case.
 */

function pad(s, n) { return String(s).padEnd(n); }
function ratio(m, t) { return `${m}/${t}`; }

/** The summary table, one row per program case, and a total row. */
export function formatTable(results) {
  const head = ['program', 'stops gdb/ours', 'frames', 'variables', 'addr-only', 'gdb-unread', 'result'];
  const rows = results.map((r) => [
    r.id, `${r.stops.gdb}/${r.stops.ours}`, ratio(r.frames.matched, r.frames.total),
    ratio(r.vars.matched, r.vars.total), String(r.vars.addressOnly), String(r.vars.skipped), r.ok ? 'same' : r.errors.length ? 'ERROR' : 'DIFFERS',
  ]);
  const sum = (f) => results.reduce((a, r) => a + f(r), 0);
  rows.push([
    'total', `${sum((r) => r.stops.gdb)}/${sum((r) => r.stops.ours)}`,
    ratio(sum((r) => r.frames.matched), sum((r) => r.frames.total)),
    ratio(sum((r) => r.vars.matched), sum((r) => r.vars.total)), String(sum((r) => r.vars.addressOnly)),
    String(sum((r) => r.vars.skipped)),
    `${results.filter((r) => r.ok).length}/${results.length} same`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => pad(c, widths[i])).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(0, -1).map(line),
    widths.map((w) => '-'.repeat(w)).join('  '), line(rows[rows.length - 1])].join('\n');
}

/** The first `perCase` mismatches (and every error) of each differing program case. */
export function formatMismatches(results, perCase) {
  const out = [];
  if (perCase === 0) return '';
  for (const r of results.filter((x) => !x.ok)) {
    out.push(`\n${r.id}:`);
    for (const e of r.errors) out.push(`  error: ${e}`);
    for (const m of r.mismatches.slice(0, perCase)) {
      out.push(`  stop ${m.stop} ${m.what}:`, `    gdb:  ${m.gdb}`, `    ours: ${m.ours}`);
    }
    if (r.mismatches.length > perCase) out.push(`  ... ${r.mismatches.length - perCase} more`);
  }
  return out.join('\n');
}
