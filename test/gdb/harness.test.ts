/**
 * The pure parts of the gdb comparison harness (test/gdb): reading gdb's CLI output and
 * comparing stops. Needs no gdb, qemu or adapter; `npm run test:gdb` runs the real comparison.
 */
import { describe, expect, it } from 'vitest';
import { SECTION, parseFrameLine, parseGdbOutput, parseVariables } from './gdb-parse.mjs';
import { compareRuns, compareValues } from './compare.mjs';

const S = SECTION;

describe('reading gdb bt lines', () => {
  it('reads the innermost frame without an address', () => {
    expect(parseFrameLine('#0  fact (n=n@entry=1) at ./recursion.c:8')).toEqual({ fn: 'fact', file: 'recursion.c', line: 8 });
  });
  it('reads a caller frame with an address', () => {
    expect(parseFrameLine('#5  0x0000000000010536 in main () at ./recursion.c:26')).toEqual({ fn: 'main', file: 'recursion.c', line: 26 });
  });
  it('reads frames without line information and gdb\'s signal frame', () => {
    expect(parseFrameLine('#2  0x000000000001f24a in __pthread_kill_implementation.constprop.0 ()')).toEqual({ fn: '__pthread_kill_implementation.constprop.0' });
    expect(parseFrameLine('#1  <signal handler called>')).toEqual({ fn: '<signal handler called>' });
  });
  it('takes the location from the end even when an argument string contains " at "', () => {
    expect(parseFrameLine('#0  f (s=0x51f28 "look at me:3") at /src/a.c:4')).toEqual({ fn: 'f', file: 'a.c', line: 4 });
  });
  it('reads an inlined caller frame (no address)', () => {
    expect(parseFrameLine('#1  caller (v=4) at ./inline.c:13')).toEqual({ fn: 'caller', file: 'inline.c', line: 13 });
  });
  it('rejects lines that are not frames', () => {
    expect(parseFrameLine('Backtrace stopped: frame did not save the PC')).toBeUndefined();
    expect(parseFrameLine('')).toBeUndefined();
    expect(parseFrameLine('#x garbage')).toBeUndefined();
  });
});

describe('reading info args / info locals', () => {
  it('reads one-line values, including structs and strings with " = " inside', () => {
    const text = 'r = {lo = {x = 1, y = 2}, label = 0x51f48 "a = b"}\np = 14\n';
    expect(parseVariables(text, 'local')).toEqual([
      { name: 'r', value: '{lo = {x = 1, y = 2}, label = 0x51f48 "a = b"}', kind: 'local' },
      { name: 'p', value: '14', kind: 'local' },
    ]);
  });
  it('reads "No arguments." and "No locals." as no variables', () => {
    expect(parseVariables('No arguments.\n', 'arg')).toEqual([]);
    expect(parseVariables('No locals.', 'local')).toEqual([]);
  });
  it('appends a stray continuation line to the previous value instead of dropping it', () => {
    expect(parseVariables('a = {1,\n 2}', 'local')).toEqual([{ name: 'a', value: '{1,\n 2}', kind: 'local' }]);
  });
});

describe('reading a whole gdb session', () => {
  const session = [
    'warning: noise before the first stop', S.stop,
    '[New Thread 1.9192]', 'Thread 2 hit Breakpoint 1, crunch (j=0x4000800688, n=10) at ./threads.c:12', '12\tsource line',
    S.bt, '#0  crunch (j=0x4000800688, n=10) at ./threads.c:12', '#1  0x00000000000106c2 in worker (arg=0x4000800688) at ./threads.c:18',
    S.args, 'j = 0x4000800688', 'n = 10', S.locals, 's = 165',
    S.stop, '[Inferior 1 (process 1) exited normally]', S.bt, 'No stack.', S.args, 'No frame selected.', S.locals, 'No frame selected.',
    S.end,
  ].join('\n');

  it('yields one stop per continue that stopped, with frames, args then locals', () => {
    const r = parseGdbOutput(session);
    expect(r.ended).toBe('exited normally');
    expect(r.stops).toHaveLength(1);
    expect(r.stops[0].banner).toBe('Thread 2 hit Breakpoint 1, crunch (j=0x4000800688, n=10) at ./threads.c:12');
    expect(r.stops[0].frames.map((f) => f.fn)).toEqual(['crunch', 'worker']);
    expect(r.stops[0].vars.map((v) => `${v.kind} ${v.name}`)).toEqual(['arg j', 'arg n', 'local s']);
  });
  it('never throws on malformed or truncated output', () => {
    for (const text of ['', S.bt, `${S.stop}\n${S.locals}\nx = `, session.slice(0, 200), '\0\0@@GK-ST', `${S.args}\n${S.args}`]) {
      expect(() => parseGdbOutput(text)).not.toThrow();
    }
    expect(parseGdbOutput(`${S.stop}\n${S.locals}\nx = 1`).stops[0].vars).toEqual([{ name: 'x', value: '1', kind: 'local' }]);
  });
});

describe('comparing our stops with gdb\'s', () => {
  const gdbStop = {
    banner: 'Breakpoint 1, ...',
    frames: [{ fn: 'f', file: 'a.c', line: 3 }, { fn: 'main', file: 'a.c', line: 9 }],
    vars: [{ name: 'n', value: '1', kind: 'arg' as const }, { name: 'p', value: '0x4000800688', kind: 'local' as const }],
  };

  it('counts everything matched when frames and values agree (stack addresses masked)', () => {
    const ours = { banner: '', frames: gdbStop.frames, vars: [{ name: 'n', value: '1' }, { name: 'p', value: '0x3ffffff0' }] };
    const r = compareRuns('a-O0', { stops: [gdbStop] }, { stops: [ours] });
    expect(r).toMatchObject({ ok: true, frames: { matched: 2, total: 2 }, vars: { matched: 2, total: 2, addressOnly: 1, skipped: 0 } });
    expect(compareRuns('a-O0', { stops: [gdbStop] }, { stops: [ours] }, { exactAddresses: true }).ok).toBe(false);
  });
  it('treats a missing Locals scope as no variables matched, one mismatch per stop', () => {
    const r = compareRuns('a-O0', { stops: [gdbStop] }, { stops: [{ banner: '', frames: gdbStop.frames, vars: [], note: 'no "Locals" scope' }] });
    expect(r.vars).toEqual({ matched: 0, total: 2, addressOnly: 0, skipped: 0 });
    expect(r.mismatches).toHaveLength(1);
    expect(r.mismatches[0].what).toBe('variables');
  });
  it('reports wrong lines, missing and extra frames, extra stops and extra variables', () => {
    const ours = {
      banner: '',
      frames: [{ fn: 'f', file: 'a.c', line: 4 }, { fn: 'main', file: 'a.c', line: 9 }, { fn: '__libc_start_call_main' }],
      vars: [{ name: 'n', value: '2' }, { name: 'p', value: '0x1' }, { name: 'q', value: '5' }],
    };
    const r = compareRuns('a-O0', { stops: [gdbStop] }, { stops: [ours, ours] });
    expect(r.ok).toBe(false);
    expect(r.frames).toEqual({ matched: 1, total: 2 });
    expect(r.mismatches.map((m) => m.what)).toEqual(['frame #0', 'frame #2', 'arg n', 'variable q', 'stop']);
  });
  it('leaves out values gdb could not read, on both sides', () => {
    const unread = { ...gdbStop, vars: [...gdbStop.vars, { name: 'r', value: '<error reading variable r (Cannot access memory at address 0xe)>', kind: 'arg' as const }] };
    const ours = { banner: '', frames: gdbStop.frames, vars: [{ name: 'n', value: '1' }, { name: 'p', value: '0x10' }, { name: 'r', value: '{x = 1}' }] };
    const r = compareRuns('a-O2', { stops: [unread] }, { stops: [ours] });
    expect(r).toMatchObject({ ok: true, vars: { matched: 2, total: 2, skipped: 1 } });
  });
  it('keeps a symbolised address exact: 0x1062a <mul> must match itself', () => {
    expect(compareValues('0x1062a <mul>', '0x1062a <mul>')).toBe('match');
    expect(compareValues('0x1062c <add>', '0x1062a <mul>')).toBe('differ');
    expect(compareValues('0x40 "hi"', '0x50 "ho"')).toBe('differ');
  });
});
