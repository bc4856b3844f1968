/**
 * Compares our adapter's stops with gdb's, stop by stop in order: every frame (function,
 * source base name, line) and every variable of frame 0 (arguments, then locals, by name;
 * a name seen twice, a shadowed local, is matched by occurrence). Values compare as exact
 * strings; a value that differs only in hexadecimal addresses without a `<symbol>` after them
 * (stack and heap addresses, which differ between qemu-user's memory layout and ours) counts
 * as matched and is tallied as `addressOnly`, unless `exactAddresses` is set. gdb's side is the
 * reference: totals are gdb's counts, and anything extra on our side is a mismatch. A value
 * gdb itself failed to read ("<error reading variable ...>") is no reference: it is left out
 * of the totals and counted in `vars.skipped`.
 */

/** How gdb prints a variable it could not read. */
const GDB_READ_ERROR = /^<error reading variable/;

/** An address as gdb prints a pointer, not followed by a symbol annotation. */
const BARE_ADDRESS = /\b0x[0-9a-fA-F]+\b(?! <)/g;

/** @param {{ fn: string, file?: string, line?: number } | undefined} f */
export function frameText(f) {
  if (!f) return '(none)';
  return f.file ? `${f.fn} at ${f.file}:${f.line}` : f.fn;
}

function sameFrame(a, b) {
  return a.fn === b.fn && a.file === b.file && (a.file === undefined || a.line === b.line);
}

/** 'match' | 'address' (differs only in bare addresses) | 'differ'. */
export function compareValues(ours, ref, exactAddresses = false) {
  if (ours === ref) return 'match';
  if (!exactAddresses && ours.replace(BARE_ADDRESS, '0x…') === ref.replace(BARE_ADDRESS, '0x…')) return 'address';
  return 'differ';
}

/** Variables keyed "name#occurrence" in order. */
function keyed(vars) {
  const seen = new Map();
  return vars.map((v) => {
    const n = seen.get(v.name) ?? 0;
    seen.set(v.name, n + 1);
    return [n === 0 ? v.name : `${v.name}#${n + 1}`, v];
  });
}

function compareFrames(stopNo, ref, ours, out) {
  ref.frames.forEach((f, i) => {
    const o = ours.frames[i];
    if (o && sameFrame(o, f)) out.frames.matched++;
    else out.mismatches.push({ stop: stopNo, what: `frame #${i}`, gdb: frameText(f), ours: frameText(o) });
  });
  for (let i = ref.frames.length; i < ours.frames.length; i++) {
    out.mismatches.push({ stop: stopNo, what: `frame #${i}`, gdb: '(none)', ours: frameText(ours.frames[i]) });
  }
  out.frames.total += ref.frames.length;
}

function compareVars(stopNo, refStop, ours, out, exactAddresses) {
  const ref = { vars: refStop.vars.filter((v) => !GDB_READ_ERROR.test(v.value)) };
  out.vars.skipped += refStop.vars.length - ref.vars.length;
  out.vars.total += ref.vars.length;
  if (ours.note && ours.vars.length === 0) {
    // No variables to read (no "Locals" scope yet): one mismatch for the stop, not one per variable.
    if (ref.vars.length > 0) out.mismatches.push({ stop: stopNo, what: 'variables', gdb: ref.vars.map((v) => `${v.name} = ${v.value}`).join('; '), ours: `(${ours.note})` });
    return;
  }
  const mine = new Map(keyed(ours.vars));
  const unread = new Set(keyed(refStop.vars).filter(([, v]) => GDB_READ_ERROR.test(v.value)).map(([k]) => k));
  for (const k of unread) mine.delete(k);
  for (const [key, v] of keyed(refStop.vars).filter(([k]) => !unread.has(k))) {
    const o = mine.get(key);
    mine.delete(key);
    const verdict = o ? compareValues(o.value, v.value, exactAddresses) : 'missing';
    if (verdict === 'match' || verdict === 'address') out.vars.matched++;
    if (verdict === 'address') out.vars.addressOnly++;
    if (verdict === 'differ' || verdict === 'missing') {
      out.mismatches.push({ stop: stopNo, what: `${v.kind} ${key}`, gdb: v.value, ours: o ? o.value : '(missing)' });
    }
  }
  for (const [key, o] of mine) out.mismatches.push({ stop: stopNo, what: `variable ${key}`, gdb: '(none)', ours: o.value });
}

/**
 * The comparison of one program case.
 * @param {string} id program case id ("recursion-O2")
 * @param {{ stops: object[], error?: string }} gdb  parsed reference run
 * @param {{ stops: object[], error?: string }} ours our adapter's run
 * @param {{ exactAddresses?: boolean }} [options]
 */
export function compareRuns(id, gdb, ours, options = {}) {
  const out = {
    id,
    stops: { gdb: gdb.stops.length, ours: ours.stops.length },
    frames: { matched: 0, total: 0 },
    vars: { matched: 0, total: 0, addressOnly: 0, skipped: 0 },
    mismatches: [],
    errors: [gdb.error && `gdb: ${gdb.error}`, ours.error && `ours: ${ours.error}`].filter(Boolean),
  };
  gdb.stops.forEach((ref, i) => {
    const mine = ours.stops[i];
    if (!mine) {
      out.mismatches.push({ stop: i + 1, what: 'stop', gdb: ref.banner || frameText(ref.frames[0]), ours: '(program did not stop)' });
      out.frames.total += ref.frames.length;
      out.vars.total += ref.vars.filter((v) => !GDB_READ_ERROR.test(v.value)).length;
      return;
    }
    compareFrames(i + 1, ref, mine, out);
    compareVars(i + 1, ref, mine, out, options.exactAddresses);
  });
  for (let i = gdb.stops.length; i < ours.stops.length; i++) {
    out.mismatches.push({ stop: i + 1, what: 'stop', gdb: '(no stop)', ours: frameText(ours.stops[i].frames[0]) });
  }
  out.ok = out.mismatches.length === 0 && out.errors.length === 0;
  return out;
}
