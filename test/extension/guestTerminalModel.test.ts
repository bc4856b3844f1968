import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONSOLE, MAX_TRANSCRIPT_CHARS, TerminalScreen, isConsoleMode, terminalName, wantsTerminal,
} from '../../src/extension/guestTerminalModel';
import pkg from '../../package.json';

describe('the console attribute in launch configurations', () => {
  it('the terminal is the default console, as the glasskernel.console setting says; only "terminal" opens one', () => {
    expect(DEFAULT_CONSOLE).toBe('terminal');
    expect(pkg.contributes.configuration.properties['glasskernel.console'].default).toBe(DEFAULT_CONSOLE);
    expect(wantsTerminal({ program: '/w/forktree', console: 'terminal' })).toBe(true);
    expect(wantsTerminal({ program: 'x', console: 'debugConsole' })).toBe(false);
    // A bad value is left for the adapter to refuse (with its message), and gets no terminal.
    expect(wantsTerminal({ console: 'tty' })).toBe(false);
    expect(isConsoleMode('terminal')).toBe(true);
    expect(isConsoleMode('tty')).toBe(false);
  });

  it('names the terminal after the program\'s file', () => {
    expect(terminalName({ program: '/home/u/examples/bin/forktree' })).toBe('Glasskernel: forktree');
    expect(terminalName({ program: 'C:\\work\\bin\\cat' })).toBe('Glasskernel: cat');
    expect(terminalName({ program: 42 })).toBe('Glasskernel: program');
    expect(terminalName({})).toBe('Glasskernel: program');
  });
});

describe('TerminalScreen', () => {
  it('writes output as it comes (the kernel already made \\n into \\r\\n), keeping what came before open', () => {
    const s = new TerminalScreen();
    expect(s.output('$ ')).toBeUndefined();
    expect(s.output('')).toBeUndefined();
    expect(s.isOpen).toBe(false);
    expect(s.open()).toBe('$ ');
    expect(s.open()).toBe('');
    expect(s.output('a\nb\r\n')).toBe('a\nb\r\n');
    expect(s.text()).toBe('$ a\nb\r\n');
  });

  it('passes keys while the session lives; after the end, one exit line on its own line and no keys', () => {
    const s = new TerminalScreen();
    s.open();
    expect(s.input('ls\r')).toBe('ls\r');
    expect(s.input('')).toBeUndefined();
    s.output('$ ');
    expect(s.ended('sh exited with status 0')).toBe('\r\n[sh exited with status 0]\r\n');
    expect(s.running).toBe(false);
    expect(s.input('x')).toBeUndefined();
    expect(s.ended()).toBeUndefined();
    expect(s.text()).toBe('$ \r\n[sh exited with status 0]\r\n');
  });

  it('the statistics follow the exit line, dimmed, with terminal line ends', () => {
    const s = new TerminalScreen();
    s.open();
    const stats = '--- glasskernel stats ---\nprocesses created:      1\n';
    expect(s.ended('hello exited with status 0', stats))
      .toBe('[hello exited with status 0]\r\n\x1b[2m--- glasskernel stats ---\r\nprocesses created:      1\x1b[22m\r\n');
  });

  it('a session that ends without a summary says so; at a line start no blank line is added', () => {
    const s = new TerminalScreen();
    s.open();
    s.output('done\r\n');
    expect(s.ended()).toBe('[the debug session ended]\r\n');
  });

  it('after the user closes it nothing is written or sent, and the text so far stays readable', () => {
    const s = new TerminalScreen();
    s.open();
    s.output('spinning\r\n');
    s.close();
    expect(s.isClosed).toBe(true);
    expect(s.output('more')).toBeUndefined();
    expect(s.input('\x03')).toBeUndefined();
    expect(s.ended('spin was killed by SIGKILL (status 137)')).toBeUndefined();
    expect(s.text()).toContain('spinning\r\n');
  });

  it('keeps the latest MAX_TRANSCRIPT_CHARS characters of text', () => {
    const s = new TerminalScreen();
    s.open();
    s.output('a'.repeat(MAX_TRANSCRIPT_CHARS));
    s.output('tail');
    expect(s.text().length).toBe(MAX_TRANSCRIPT_CHARS);
    expect(s.text().endsWith('atail')).toBe(true);
  });
});
