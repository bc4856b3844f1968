/**
 * The Processes view's rows from `glasskernel/processes` detail answers (shaped as the adapter
 * sends them at cow's breakpoint in the child): state words as an instructor writes them,
 * threads as children with function+offset, resident set and faults, stable ids, and the
 * "changed since the last stop" marks.
 */
import { describe, expect, it } from 'vitest';
import type { ProcessInfo } from '../../src/debug-adapter/protocol';
import {
  debugStopText, faultText, flattenRows, processDescription, processRows, processStateText, residentText, threadStateText,
} from '../../src/extension/processesModel';
import { ChangeTracker } from '../../src/extension/rowModel';

/** The adapter's answer at cow's breakpoint in the child (pid 3), the parent (2) in wait4. */
function atChildBreakpoint(): ProcessInfo[] {
  return [
    { pid: 1, ppid: 0, name: 'init', state: 'sleeping', tids: [], pgid: 1, residentPages: 0, minorFaults: 0, cowFaults: 0, threads: [] },
    {
      pid: 2, ppid: 1, name: 'cow', state: 'sleeping', tids: [2], pgid: 2, residentPages: 262, minorFaults: 263, cowFaults: 1,
      threads: [{ tid: 2, state: 'sleeping', waitReason: 'wait4', pc: '0x104be', location: 'wait4+18' }],
    },
    {
      pid: 3, ppid: 2, name: 'cow', state: 'running', tids: [3], pgid: 2, residentPages: 262, minorFaults: 2, cowFaults: 2,
      threads: [{ tid: 3, state: 'running', debugStop: 'breakpoint', pc: '0x101da', location: 'child+30' }],
    },
  ];
}

describe('state words', () => {
  it('say "stopped at breakpoint" for the thread the debugger stopped, never "running"', () => {
    const [, parent, child] = atChildBreakpoint();
    expect(processStateText(child)).toBe('stopped at breakpoint');
    expect(threadStateText(child.threads![0])).toBe('stopped at breakpoint');
    expect(processStateText(parent)).toBe('sleeping (wait4)');
    expect(threadStateText(parent.threads![0])).toBe('sleeping (wait4)');
  });

  it('name zombies by exit status or killing signal, and job-control stops', () => {
    const base = { ppid: 1, name: 'segv', tids: [] as number[] };
    expect(processStateText({ ...base, pid: 4, state: 'zombie', exitCode: 0x300, termination: { exitCode: 3 } })).toBe('zombie, exit status 3');
    expect(processStateText({ ...base, pid: 5, state: 'zombie', exitCode: 11, termination: { signal: 'SIGSEGV' } })).toBe('zombie, killed by SIGSEGV');
    expect(processStateText({ ...base, pid: 6, state: 'zombie' })).toBe('zombie');
    const stopped: ProcessInfo = { ...base, pid: 7, state: 'stopped', tids: [7], threads: [{ tid: 7, state: 'stopped', pc: '0x1000' }] };
    expect(processStateText(stopped)).toBe('stopped (job control)');
    expect(threadStateText(stopped.threads![0])).toBe('stopped (job control)');
    expect(debugStopText('step')).toBe('stopped after a step');
    expect(debugStopText('something else')).toBe('stopped (something else)');
  });

  it('falls back to the plain state without detail (an older adapter)', () => {
    expect(processStateText({ pid: 2, ppid: 1, name: 'x', state: 'running', tids: [2] })).toBe('running');
    expect(processDescription({ pid: 2, ppid: 1, name: 'x', state: 'runnable', tids: [2] })).toBe('runnable');
  });

  it('gives sizes in pages and KiB and faults with their copy-on-write share', () => {
    expect(residentText(3)).toBe('3 pages (12 KiB)');
    expect(residentText(1)).toBe('1 page (4 KiB)');
    expect(faultText(30, 2)).toBe('30 minor faults (2 copy-on-write)');
    expect(faultText(1, 0)).toBe('1 minor fault');
    expect(processDescription(atChildBreakpoint()[2])).toBe('stopped at breakpoint · 262 pages (1048 KiB) · 2 minor faults (2 copy-on-write)');
  });
});

describe('processRows', () => {
  it('nests threads first, then child processes, with stable ids and context values', () => {
    const rows = processRows(atChildBreakpoint(), 1);
    expect(rows.map((r) => r.id)).toEqual(['proc:1']);
    const init = rows[0];
    expect(init.children!.map((r) => r.id)).toEqual(['proc:2']);
    const parent = init.children![0];
    expect(parent.label).toBe('2 cow');
    expect(parent.children!.map((r) => r.id)).toEqual(['thread:2', 'proc:3']);
    expect(parent.collapsible).toBe('expanded');
    expect(parent.contextValue).toBe('process.live');
    const child = parent.children![1];
    expect(child.collapsible).toBe('collapsed');
    expect(child.children![0]).toMatchObject({ id: 'thread:3', label: 'tid 3 (main)', description: 'stopped at breakpoint · child+30' });
    expect(parent.children![0].description).toBe('sleeping (wait4) · wait4+18');
    expect(child.ref).toEqual({ kind: 'process', pid: 3, live: true });
  });

  it('shows a thread without a symbol by its pc, and a zombie without threads', () => {
    const list = atChildBreakpoint();
    delete list[2].threads![0].location;
    list.push({ pid: 4, ppid: 2, name: 'segv', state: 'zombie', tids: [], exitCode: 11, termination: { signal: 'SIGSEGV' }, threads: [] });
    const all = flattenRows(processRows(list, 1));
    expect(all.find((r) => r.id === 'thread:3')!.description).toBe('stopped at breakpoint · pc 0x101da');
    const zombie = all.find((r) => r.id === 'proc:4')!;
    expect(zombie).toMatchObject({ description: 'zombie, killed by SIGSEGV', contextValue: 'process.zombie', collapsible: 'none' });
  });

  it('marks rows new or changed since the previous stop, and nothing at the first stop', () => {
    const changes = new ChangeTracker();
    const first = flattenRows(processRows(atChildBreakpoint(), 1, changes));
    expect(first.filter((r) => r.change)).toEqual([]);
    // The same stop observed again (stopped + stateChanged both refresh): still no marks.
    expect(flattenRows(processRows(atChildBreakpoint(), 1, changes)).filter((r) => r.change)).toEqual([]);

    const next = atChildBreakpoint();
    next[2].minorFaults = 258;
    next[2].cowFaults = 258;
    next.push({ pid: 4, ppid: 3, name: 'cow', state: 'runnable', tids: [4], threads: [{ tid: 4, state: 'runnable', pc: '0x1000' }] });
    const second = flattenRows(processRows(next, 2, changes));
    const marked = Object.fromEntries(second.filter((r) => r.change).map((r) => [r.id, r.change]));
    expect(marked).toEqual({ 'proc:3': 'changed', 'proc:4': 'new', 'thread:4': 'new' });
    expect(second.find((r) => r.id === 'proc:3')!.description).toMatch(/· changed$/);
    // A stop later with nothing different: no marks.
    expect(flattenRows(processRows(next, 3, changes)).filter((r) => r.change)).toEqual([]);
  });

  it('never throws on malformed answers', () => {
    const junk = [null, { pid: 'x' }, { pid: 9, ppid: 1, name: 'ok', state: 'sleeping', tids: [9], threads: 'nope' }] as unknown as ProcessInfo[];
    const rows = processRows(junk, 1);
    expect(rows.map((r) => r.id)).toEqual(['proc:9']);
    expect(rows[0].description).toBe('sleeping');
  });
});
