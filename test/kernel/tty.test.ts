/**
 * The console's N_TTY line discipline (src/kernel/vfs/tty.ts, devices.ts): each termios rule on
 * the line discipline alone (a fake port records signals and what reaches the screen), then
 * guests typed at through a kernel with `console: { lineDiscipline: true }`: examples/bin/cat,
 * examples/bin/sh, ^C on a looping guest, and test/fixtures/guest/ttyctl (foreground process
 * group, raw reads, EINTR/SA_RESTART, ^D).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Kernel } from '../../src/kernel/kernel';
import { SIGINT, SIGQUIT, SIGTSTP, SIGWINCH, shellExitCode, signaledStatus } from '../../src/kernel/signal';
import { NS_PER_VTIME_UNIT, N_TTY_BUF_SIZE, NTty } from '../../src/kernel/vfs/tty';
import {
  C_IFLAG, C_LFLAG, C_OFLAG, C_CC, ECHO, ECHOCTL, ECHOE, ECHOKE, ECHONL, ICANON, ICRNL, IEXTEN, IGNCR, INLCR, ISIG, ISTRIP,
  IUTF8, IXON, NOFLSH, OCRNL, ONLCR, ONLRET, ONOCR, OPOST, VEOL, VMIN, VTIME, defaultTermios, termiosFlags,
} from '../../src/kernel/vfs/termios';
import { GUEST } from './proc-guest';
import { Console } from '../../src/kernel/vfs/console';
import { WOULD_BLOCK } from '../../src/kernel/files';

const ROOT = path.resolve(__dirname, '../..');
const enc = new TextEncoder();
/** Bytes as a string, one character per byte. */
const text = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

/** A line discipline on a fresh default termios (plus IUTF8), with what it signalled and showed. */
function setup() {
  const termios = defaultTermios(IUTF8);
  const signals: number[] = [];
  let screen = '';
  let now = 0;
  const tty = new NTty(termios, {
    signalForeground: (sig) => signals.push(sig),
    display: (b) => { screen += text(b); },
    nowNs: () => now,
  });
  return {
    tty, termios, signals,
    /** What reached the screen since the last call. */
    screen: (): string => { const s = screen; screen = ''; return s; },
    type: (s: string | number[]): number => tty.receive(typeof s === 'string' ? enc.encode(s) : Uint8Array.from(s)),
    read: (max = 100): string | 'block' => { const r = tty.read(max); return r === 'block' ? r : text(r); },
    setNow: (ns: number): void => { now = ns; },
    /** Sets or clears `bits` of the tcflag_t at `field`, as TCSETS would. */
    flags: (field: number, bits: number, on: boolean): void => {
      const old = termiosFlags(termios, C_LFLAG);
      const v = new DataView(termios.buffer);
      const cur = v.getUint32(field, true);
      v.setUint32(field, on ? cur | bits : cur & ~bits, true);
      tty.termiosChanged(old);
    },
    cc: (index: number, value: number): void => { termios[C_CC + index] = value; },
  };
}

describe('N_TTY input processing', () => {
  it('ICRNL turns the Enter key\'s \\r into \\n, which ends a line; without it \\r is data', () => {
    const t = setup();
    t.type('ab\r');
    expect(t.read()).toBe('ab\n');
    expect(t.screen()).toBe('ab\r\n');
    t.flags(C_IFLAG, ICRNL, false);
    t.type('cd\r');
    expect(t.read()).toBe('block');
    t.type('\n');
    expect(t.read()).toBe('cd\r\n');
  });

  it('IGNCR drops \\r, INLCR turns \\n into \\r, ISTRIP clears the eighth bit', () => {
    const t = setup();
    t.flags(C_IFLAG, IGNCR, true);
    t.type('a\rb\n');
    expect(t.read()).toBe('ab\n');
    t.flags(C_IFLAG, IGNCR, false);
    t.flags(C_IFLAG, INLCR | ISTRIP, true);
    t.flags(C_LFLAG, ICANON, false);
    t.type([0x0a, 0xc1]);
    expect(t.read()).toBe('\rA');
  });

  it('IXON takes ^S and ^Q out of the input', () => {
    const t = setup();
    t.type('a\x13b\x11c\n');
    expect(t.read()).toBe('abc\n');
    t.flags(C_IFLAG, IXON, false);
    t.type('\x13\n');
    expect(t.read()).toBe('\x13\n');
  });
});

describe('ISIG', () => {
  it('^C sends SIGINT to the foreground group, flushes the input not yet read and echoes "^C"', () => {
    const t = setup();
    t.type('one\ntwo');
    t.screen();
    t.type('\x03');
    expect(t.signals).toEqual([SIGINT]);
    expect(t.screen()).toBe('^C');
    expect(t.read()).toBe('block');
    expect(t.tty.inq).toBe(0);
    t.type('x\n');
    expect(t.read()).toBe('x\n');
  });

  it('^Z sends SIGTSTP and ^\\ SIGQUIT; bytes after the signal character in the same chunk stay', () => {
    const t = setup();
    t.type('a\x1ab\x1cc\n');
    expect(t.signals).toEqual([SIGTSTP, SIGQUIT]);
    expect(t.read()).toBe('c\n');
  });

  it('NOFLSH keeps the input; without ISIG ^C is an ordinary byte', () => {
    const t = setup();
    t.flags(C_LFLAG, NOFLSH, true);
    t.type('ab\x03c\n');
    expect(t.signals).toEqual([SIGINT]);
    expect(t.read()).toBe('abc\n');
    t.flags(C_LFLAG, ISIG, false);
    t.type('\x03\n');
    expect(t.signals).toEqual([SIGINT]);
    expect(t.read()).toBe('\x03\n');
  });
});

describe('ICANON line editing', () => {
  it('a read waits for a whole line and returns one line at a time, a short buffer taking the rest later', () => {
    const t = setup();
    t.type('hello');
    expect(t.read()).toBe('block');
    expect(t.tty.readable()).toBe(false);
    t.type('\nworld\n');
    expect(t.tty.readable()).toBe(true);
    expect(t.tty.inq).toBe(12);
    expect(t.read(3)).toBe('hel');
    expect(t.read()).toBe('lo\n');
    expect(t.read()).toBe('world\n');
    expect(t.read()).toBe('block');
  });

  it('VERASE (DEL) and ^H erase one character, echoing "\\b \\b" (ECHOE); at the line start nothing happens', () => {
    const t = setup();
    t.type('\x7f');
    expect(t.screen()).toBe('');
    t.type('abx\x7fc\x08d\n');
    expect(t.read()).toBe('abd\n');
    expect(t.screen()).toBe('abx\b \bc\b \bd\r\n');
  });

  it('without ECHOE the erase character is echoed instead ("^?")', () => {
    const t = setup();
    t.flags(C_LFLAG, ECHOE, false);
    t.type('ab\x7f\n');
    expect(t.read()).toBe('a\n');
    expect(t.screen()).toBe('ab^?\r\n');
  });

  it('erasing a control character shown as ^X takes two columns; IUTF8 erases a whole UTF-8 character', () => {
    const t = setup();
    t.type('\x01\x7f');
    expect(t.screen()).toBe('^A\b \b\b \b');
    t.type('é\x7f\n');
    expect(t.read()).toBe('\n');
    expect(t.screen()).toBe('\xc3\xa9\b \b\r\n'); // é is two bytes in UTF-8
  });

  it('erasing a tab backs up to where the tab began, counting from the line\'s first column', () => {
    const t = setup();
    expect(text(t.tty.output(enc.encode('$ ')))).toBe('$ ');
    t.type('a\t');
    t.screen();
    t.type('\x7f');
    // "$ a" ends at column 3; the tab moved to column 8: five columns back.
    expect(t.screen()).toBe('\b'.repeat(5));
  });

  it('VKILL (^U) erases the line: "\\b \\b" per character with ECHOKE, else the echo of ^U and a newline (ECHOK)', () => {
    const t = setup();
    t.type('abc\x15x\n');
    expect(t.read()).toBe('x\n');
    expect(t.screen()).toBe(`abc${'\b \b'.repeat(3)}x\r\n`);
    t.flags(C_LFLAG, ECHOKE, false);
    t.type('abc\x15y\n');
    expect(t.read()).toBe('y\n');
    expect(t.screen()).toBe('abc^U\r\ny\r\n');
  });

  it('VWERASE (^W) erases the last word and the blanks after it', () => {
    const t = setup();
    t.type('one two  \x17x\n');
    expect(t.read()).toBe('one x\n');
    expect(t.screen()).toBe(`one two  ${'\b \b'.repeat(5)}x\r\n`);
  });

  it('VEOF (^D) releases the line without a newline, and at the start of a line gives one read of 0', () => {
    const t = setup();
    t.type('abc\x04');
    expect(t.read()).toBe('abc');
    expect(t.screen()).toBe('abc');
    t.type('\x04');
    expect(t.read()).toBe('');
    expect(t.read()).toBe('block');
    t.type('x\n');
    expect(t.read()).toBe('x\n');
  });

  it('VEOL ends a line too (echoed), VLNEXT (^V) quotes the next byte, VREPRINT (^R) reprints the line', () => {
    const t = setup();
    t.cc(VEOL, 0x3b); // ';'
    t.type('ab;');
    expect(t.read()).toBe('ab;');
    t.screen();
    t.type('\x16\x03');
    expect(t.signals).toEqual([]);
    expect(t.screen()).toBe('^\b^C');
    t.type('\x12');
    expect(t.screen()).toBe('^R\r\n^C');
    t.type('\n');
    expect(t.read()).toBe('\x03\n');
  });

  it('without IEXTEN ^W, ^V and ^R are ordinary bytes', () => {
    const t = setup();
    t.flags(C_LFLAG, IEXTEN, false);
    t.type('a\x17\x16\x12\n');
    expect(t.read()).toBe('a\x17\x16\x12\n');
  });

  it('ECHO off shows nothing; ECHONL still echoes the newline; ECHOCTL off echoes control bytes raw', () => {
    const t = setup();
    t.flags(C_LFLAG, ECHO, false);
    t.type('secret\n');
    expect(t.screen()).toBe('');
    t.flags(C_LFLAG, ECHONL, true);
    t.type('x\n');
    expect(t.screen()).toBe('\r\n');
    t.flags(C_LFLAG, ECHO, true);
    t.flags(C_LFLAG, ECHOCTL, false);
    t.type('\x01\x03');
    expect(t.screen()).toBe('\x01\x03');
  });
});

describe('non-canonical reads (VMIN/VTIME)', () => {
  it('VMIN 1, VTIME 0: blocks until a byte, then returns what is there; no line editing', () => {
    const t = setup();
    t.flags(C_LFLAG, ICANON, false);
    expect(t.read()).toBe('block');
    t.type('ab\x7f');
    expect(t.read()).toBe('ab\x7f');
  });

  it('VMIN 3: waits for three bytes (or as many as the buffer asks for)', () => {
    const t = setup();
    t.flags(C_LFLAG, ICANON, false);
    t.cc(VMIN, 3);
    t.type('ab');
    expect(t.tty.readable()).toBe(false);
    expect(t.read()).toBe('block');
    expect(t.read(2)).toBe('ab');
    t.type('cde');
    expect(t.read()).toBe('cde');
  });

  it('VMIN 0, VTIME 0 polls: a read returns at once, 0 bytes when nothing is there', () => {
    const t = setup();
    t.flags(C_LFLAG, ICANON, false);
    t.cc(VMIN, 0);
    expect(t.read()).toBe('');
    t.type('x');
    expect(t.read()).toBe('x');
  });

  it('VMIN 0, VTIME 5: waits half a second of virtual time for a byte, then returns 0', () => {
    const t = setup();
    t.flags(C_LFLAG, ICANON, false);
    t.cc(VMIN, 0);
    t.cc(VTIME, 5);
    expect(t.read()).toBe('block');
    expect(t.tty.readDeadline).toBe(5 * NS_PER_VTIME_UNIT);
    t.setNow(5 * NS_PER_VTIME_UNIT);
    expect(t.read()).toBe('');
    expect(t.tty.readDeadline).toBeUndefined();
    expect(t.read()).toBe('block');
    t.type('y');
    expect(t.read()).toBe('y');
  });

  it('VMIN 2, VTIME 1: after the first byte, VTIME bounds the wait for the second', () => {
    const t = setup();
    t.flags(C_LFLAG, ICANON, false);
    t.cc(VMIN, 2);
    t.cc(VTIME, 1);
    expect(t.read()).toBe('block');
    expect(t.tty.readDeadline).toBeUndefined();
    t.type('a');
    expect(t.read()).toBe('block');
    t.setNow(NS_PER_VTIME_UNIT);
    expect(t.read()).toBe('a');
  });

  it('leaving ICANON makes a half-typed line readable; entering it makes raw bytes one line', () => {
    const t = setup();
    t.type('par');
    t.flags(C_LFLAG, ICANON, false);
    expect(t.read()).toBe('par');
    t.type('raw');
    t.flags(C_LFLAG, ICANON, true);
    expect(t.read()).toBe('raw');
  });
});

describe('output processing, end of input, full buffer', () => {
  it('OPOST|ONLCR turns \\n into \\r\\n; OCRNL, ONOCR, ONLRET; nothing changes without OPOST', () => {
    const t = setup();
    expect(text(t.tty.output(enc.encode('a\nb\n')))).toBe('a\r\nb\r\n');
    t.flags(C_OFLAG, ONLCR, false);
    t.flags(C_OFLAG, OCRNL, true);
    expect(text(t.tty.output(enc.encode('x\r')))).toBe('x\n');
    t.flags(C_OFLAG, OCRNL, false);
    t.flags(C_OFLAG, ONOCR | ONLRET, true);
    expect(text(t.tty.output(enc.encode('\n\ry\n\r')))).toBe('\ny\n');
    t.flags(C_OFLAG, OPOST, false);
    t.flags(C_OFLAG, ONLCR, true);
    expect(text(t.tty.output(enc.encode('\n')))).toBe('\n');
  });

  it('after the host ends its input, a read returns the half-typed line, then 0 every time', () => {
    const t = setup();
    t.type('tail');
    t.tty.hangup();
    expect(t.tty.readable()).toBe(true);
    expect(t.read()).toBe('tail');
    expect(t.read()).toBe('');
    expect(t.read()).toBe('');
  });

  it('a full buffer stops taking bytes until a read makes room; one long line still ends', () => {
    const t = setup();
    const line = 'x'.repeat(N_TTY_BUF_SIZE / 2 - 1) + '\n';
    expect(t.type(line + line + line)).toBeLessThan(3 * line.length);
    expect(t.read(N_TTY_BUF_SIZE)).toBe(line);
    const u = setup();
    expect(u.type('y'.repeat(2 * N_TTY_BUF_SIZE) + '\n')).toBe(2 * N_TTY_BUF_SIZE + 1);
    const got = u.read(2 * N_TTY_BUF_SIZE);
    expect(got).toBe('y'.repeat(N_TTY_BUF_SIZE - 1) + '\n');
  });
});

describe('the console with the line discipline', () => {
  it('TCSETSF and tcflush drop input not yet read, including bytes the host handed over; ^C goes to the foreground group', () => {
    const queue = [enc.encode('abc\ndef\n')];
    let screen = '';
    const signalled: [number, number][] = [];
    const c = new Console({ writeConsole: (_fd, d) => { screen += text(d); }, readConsole: () => queue.shift() });
    c.enableLineDiscipline({ signalGroup: (pgrp, sig) => signalled.push([pgrp, sig]), nowNs: () => 0 });
    expect(termiosFlags(c.termios, C_IFLAG) & IUTF8).toBe(IUTF8);
    expect(c.readReady()).toBe(true);
    expect(c.buffered).toBe(8);
    c.setTermios(c.termios.slice(), true);
    expect(c.buffered).toBe(0);
    c.foregroundPgrp = 7;
    queue.push(enc.encode('\x03'));
    c.receive();
    expect(signalled).toEqual([[7, SIGINT]]);
    expect(c.read(10)).toBe(WOULD_BLOCK);
    expect(screen).toBe('abc\r\ndef\r\n^C');
    c.write(2, enc.encode('err\n'));
    expect(screen.endsWith('err\r\n')).toBe(true);
  });
});

// ---- guests typed at -------------------------------------------------------------------------

/** Instructions per kernel run before the test looks again. */
const RUN_BUDGET = 2_000_000;
/** Kernel runs before a guest counts as hung (a guard, not a timing). */
const MAX_RUNS = 200;

/** A kernel with the line discipline on, running `program` (host path) as /bin/<name>; keys go in by `type`. */
function interactive(program: string, argv?: string[], extra: Record<string, string> = {}) {
  const queue: Uint8Array[] = [];
  let screen = '';
  let ended = false;
  const k = new Kernel({
    console: { lineDiscipline: true },
    host: {
      writeConsole: (_fd, d) => { screen += text(d); },
      readConsole: (max) => {
        const head = queue.shift();
        if (!head) return ended ? new Uint8Array(0) : undefined;
        if (head.length > max) queue.unshift(head.subarray(max));
        return head.subarray(0, max);
      },
    },
  });
  const name = path.basename(program);
  k.addFile(`/bin/${name}`, fs.readFileSync(program));
  for (const [guest, host] of Object.entries(extra)) k.addFile(guest, fs.readFileSync(host));
  const started = k.start(`/bin/${name}`, argv ?? [`/bin/${name}`], ['PATH=/bin']);
  if (!started.ok) throw new Error(started.error);
  let status: number | undefined;
  return {
    k,
    /** Runs until every thread waits for input (or the program exits); the screen since the last call. */
    settle: (): string => {
      for (let i = 0; i < MAX_RUNS && status === undefined; i++) {
        const stop = k.run(RUN_BUDGET);
        if (stop.kind === 'exited') status = stop.status;
        if (stop.kind === 'idle') break;
      }
      const s = screen; screen = '';
      return s;
    },
    /** Runs a bounded number of instructions (a guest that never waits). */
    runFor: (budget: number): void => { const stop = k.run(budget); if (stop.kind === 'exited') status = stop.status; },
    type: (s: string): void => { queue.push(enc.encode(s)); k.consoleInputReady(); },
    hangup: (): void => { ended = true; k.consoleInputReady(); },
    status: (): number | undefined => status,
  };
}

const EXAMPLE = (name: string): string => path.join(ROOT, 'examples', 'bin', name);

describe('guests at a terminal', () => {
  it('cat: a typed line is echoed as typed, then copied by cat; ^D at a line start ends it', () => {
    const g = interactive(EXAMPLE('cat'));
    expect(g.settle()).toBe('');
    g.type('hello, tty\r');
    expect(g.settle()).toBe('hello, tty\r\nhello, tty\r\n');
    g.type('abc\x7f\x7fz\r');
    expect(g.settle()).toBe('abc\b \b\b \bz\r\naz\r\n');
    g.type('\x04');
    g.settle();
    expect(g.status()).toBe(0);
    expect(g.k.stats().framesInUse).toBe(g.k.stats().framesAtBoot);
  });

  it('sh: isatty, so it prompts; a command typed runs; exit ends it with its status', () => {
    const g = interactive(EXAMPLE('sh'), undefined, { '/bin/echo': EXAMPLE('echo') });
    expect(g.settle()).toBe('$ ');
    g.type('echo typed at a terminal\r');
    expect(g.settle()).toBe('echo typed at a terminal\r\ntyped at a terminal\r\n$ ');
    g.type('exit 3\r');
    g.settle();
    expect(g.status()).toBe(3 << 8);
  });

  it('^C kills a looping program that never reads: SIGINT to the foreground group, echoed "^C", status 130', () => {
    const g = interactive(path.join(GUEST, 'bin', 'spin'));
    g.runFor(RUN_BUDGET);
    expect(g.status()).toBeUndefined();
    g.type('\x03');
    g.settle();
    expect(g.status()).toBe(signaledStatus(SIGINT));
    expect(shellExitCode(g.status()!)).toBe(128 + SIGINT);
    expect(g.settle()).toBe('');
  });

  it('ttyctl: the foreground group, raw and polling reads, EINTR vs SA_RESTART, ^C to the foreground group only, ^D', () => {
    const g = interactive(path.join(GUEST, 'bin', 'ttyctl'));
    expect(g.settle()).toBe('isatty 1, foreground is my group: yes\r\nraw:\r\n');
    g.type('x\ry'); // raw: no echo; ICRNL (an input flag) still turns \r into \n
    expect(g.settle()).toBe(' 1:78 1:0a 1:79\r\npoll read: 0\r\nline? ');
    g.type('abc\x03');
    expect(g.settle()).toBe('abc^Cread -1 errno 4 handler 1\r\nline? ');
    g.type('lost\x03kept\r');
    expect(g.settle()).toBe('lost^Ckept\r\nread 5 [kept\r\n] handler 2\r\nchild in front: 0 yes\r\n');
    g.type('\x03');
    expect(g.settle()).toBe('^Cchild killed by signal 2, my handler ran 2 times\r\nback in front: 0, no such group: -1 errno 3\r\neof? ');
    g.type('\x04');
    expect(g.settle()).toBe('read 0\r\n');
    g.hangup();
    expect(g.settle()).toBe('then read 0\r\n');
    expect(g.status()).toBe(0);
  });

  it('a resized terminal changes TIOCGWINSZ\'s size and sends SIGWINCH to the foreground group, only when it changed', () => {
    const g = interactive(EXAMPLE('cat'));
    g.settle();
    const cat = [...g.k.procs.values()].find((p) => p.name === 'cat')!;
    const rowsCols = (): [number, number] => {
      const v = new DataView(g.k.vfs.console.winsize.buffer);
      return [v.getUint16(0, true), v.getUint16(2, true)];
    };
    // cat leaves SIGWINCH at its default (ignore), which Linux discards when sent; blocked, it stays pending to be seen.
    const bit = 1n << BigInt(SIGWINCH - 1);
    cat.threads[0]!.sigBlocked |= bit;
    const winch = (): boolean => (cat.sigPending.set & bit) !== 0n;
    g.k.resizeConsole(24, 80); // the default size: no change, no signal
    expect(winch()).toBe(false);
    g.k.resizeConsole(40, 132);
    expect(rowsCols()).toEqual([40, 132]);
    expect(winch()).toBe(true);
    g.type('still here\r');
    expect(g.settle()).toBe('still here\r\nstill here\r\n');
  });

  it('without the line discipline (the default) bytes pass unchanged both ways', () => {
    let out = '';
    const k = new Kernel({ host: { writeConsole: (_fd, d) => { out += text(d); }, readConsole: (() => { let sent = false; return () => { if (sent) return new Uint8Array(0); sent = true; return enc.encode('a\x03\x7f\r\n'); }; })() } });
    k.addFile('/bin/cat', fs.readFileSync(EXAMPLE('cat')));
    expect(k.start('/bin/cat', ['/bin/cat'], []).ok).toBe(true);
    let stop = k.run(RUN_BUDGET);
    for (let i = 0; stop.kind !== 'exited' && i < MAX_RUNS; i++) stop = k.run(RUN_BUDGET);
    expect(stop).toEqual({ kind: 'exited', status: 0 });
    expect(out).toBe('a\x03\x7f\r\n');
  });
});
