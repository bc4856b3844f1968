/**
 * The shipped debug adapter (dist/adapter.js) debugging examples/bin/forktree over DAP, as
 * VS Code would: a breakpoint in a forked child, the process tree, a page-fault stop, the
 * VMAs and page table of a process, and the run to its exit.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { ABI_NAMES } from '../../src/debug-adapter/registers';
import type { PageTableResponseBody, ProcessesResponseBody, VmasResponseBody } from '../../src/debug-adapter/protocol';
import {
  FORKTREE, FORKTREE_C, buildAdapter, custom, launchStoppedOnEntry, lineOf, runUntilStopped, startClient, topFrame,
} from './harness';

const CHILD_ONLY_LINE = lineOf(FORKTREE_C, 'child-only line */');

/** The process that owns thread `tid`. */
function processOfThread(list: ProcessesResponseBody, tid: number) {
  const p = list.processes.find((q) => q.tids.includes(tid));
  if (!p) throw new Error(`no process has thread ${tid}`);
  return p;
}

describe('debugging forktree through the built adapter', () => {
  let dc: DebugClient;

  beforeAll(() => buildAdapter());
  beforeEach(async () => { dc = await startClient(); });
  afterEach(async () => { await dc.stop(); });

  it('stops in a forked child at a breakpoint, shows the tree, a page fault, VMAs, the page table, and exits 0', async () => {
    let stdout = '';
    dc.on('output', (e: DebugProtocol.OutputEvent) => { if (e.body.category === 'stdout') stdout += e.body.output; });

    const entry = await launchStoppedOnEntry(dc, FORKTREE);
    expect(entry.body.reason).toBe('entry');

    // A breakpoint on the line only children execute.
    const set = await dc.setBreakpointsRequest({ source: { path: FORKTREE_C }, breakpoints: [{ line: CHILD_ONLY_LINE }] });
    expect(set.body.breakpoints[0]).toMatchObject({ verified: true, line: CHILD_ONLY_LINE });

    const stateChanged = dc.waitForEvent('glasskernel/stateChanged');
    const hit = await runUntilStopped(dc, () => dc.continueRequest({ threadId: entry.body.threadId! }));
    expect(hit.body.reason).toBe('breakpoint');
    expect(hit.body.allThreadsStopped).toBe(true);
    expect((await stateChanged).body).toEqual({ reason: 'breakpoint' });
    const frame = await topFrame(dc, hit.body.threadId!);
    expect(frame.source?.path).toBe(FORKTREE_C);
    expect(frame.line).toBe(CHILD_ONLY_LINE);
    expect(frame.name).toBe('work');

    // The process tree: init (pid 1, parent 0) runs the program; the stopped child's parent is
    // the program.
    const tree = await custom<ProcessesResponseBody>(dc, 'glasskernel/processes');
    expect(tree.processes.length).toBeGreaterThan(2);
    const child = processOfThread(tree, hit.body.threadId!);
    const init = tree.processes.find((p) => p.ppid === 0)!;
    expect(init).toMatchObject({ pid: 1, name: 'init', tids: [] });
    const root = tree.processes.find((p) => p.ppid === init.pid)!;
    expect(root.name).toBe('forktree');
    expect(child.ppid).toBe(root.pid);
    for (const p of tree.processes) {
      if (p !== init) expect(tree.processes.map((q) => q.pid)).toContain(p.ppid);
    }
    const threads = await dc.threadsRequest();
    expect(threads.body.threads.map((t) => t.name)).toContain(`pid ${child.pid} · forktree`);

    // Page-fault stop at the trap, before the kernel acts: the text names the access, the address and what the kernel will do.
    await dc.setBreakpointsRequest({ source: { path: FORKTREE_C }, breakpoints: [] });
    await dc.setExceptionBreakpointsRequest({ filters: ['pageFault'] });
    const fault = await runUntilStopped(dc, () => dc.continueRequest({ threadId: hit.body.threadId! }));
    expect(fault.body.reason).toBe('exception');
    expect(fault.body.description).toBe('Page fault');
    expect(fault.body.text).toMatch(/^Page fault: (load at|store to|instruction fetch at) 0x[0-9a-f]+ in \S+: (demand-zero|read the page|copy-on-write|grow the stack|map the frame|already mapped)/);
    const info = await dc.exceptionInfoRequest({ threadId: fault.body.threadId! });
    expect(info.body.description).toBe(fault.body.text);
    // The stop is in the kernel's trap entry, above the faulting user frame.
    const faultStack = (await dc.stackTraceRequest({ threadId: fault.body.threadId! })).body.stackFrames;
    expect(faultStack[0]!.name).toBe('pageFault');
    expect(faultStack[1]!.presentationHint).toBe('label');

    // VMAs and page table of the faulting process.
    const faulting = processOfThread(await custom<ProcessesResponseBody>(dc, 'glasskernel/processes'), fault.body.threadId!);
    const { vmas } = await custom<VmasResponseBody>(dc, 'glasskernel/vmas', { pid: faulting.pid });
    expect(vmas.some((v) => v.perms === 'r-xp' && v.name.endsWith('forktree'))).toBe(true);
    expect(vmas.some((v) => v.name === '[stack]')).toBe(true);
    for (const v of vmas) expect(BigInt(v.start) < BigInt(v.end)).toBe(true);
    const faultAddress = BigInt(/(?:at|to) (0x[0-9a-f]+)/.exec(fault.body.text!)![1]!);
    expect(vmas.some((v) => BigInt(v.start) <= faultAddress && faultAddress < BigInt(v.end))).toBe(true);

    const rootTable = await custom<PageTableResponseBody>(dc, 'glasskernel/pageTable', { pid: faulting.pid });
    expect(rootTable.level).toBe(2);
    expect(rootTable.entries.length).toBeGreaterThan(0);
    for (const e of rootTable.entries) expect(e.flags[0]).toBe('V');
    const pointer = rootTable.entries.find((e) => !e.leaf)!;
    const next = await custom<PageTableResponseBody>(dc, 'glasskernel/pageTable', { pid: faulting.pid, ppn: pointer.ppn });
    expect(next.level).toBe(1);
    expect(next.ppn).toBe(pointer.ppn);

    // No filters, no breakpoints: the program runs to its end.
    await dc.setExceptionBreakpointsRequest({ filters: [] });
    const exited = dc.waitForEvent('exited');
    const terminated = dc.waitForEvent('terminated');
    await dc.continueRequest({ threadId: fault.body.threadId! });
    expect(((await exited) as DebugProtocol.ExitedEvent).body.exitCode).toBe(0);
    await terminated;
    expect(stdout).toContain('forktree: 14 processes forked, all reaped\n');
  });

  it('single-steps one instruction: the pc changes and the Registers scope shows it', async () => {
    const entry = await launchStoppedOnEntry(dc, FORKTREE);
    const tid = entry.body.threadId!;
    const before = await topFrame(dc, tid);
    const step = await runUntilStopped(dc, () => dc.stepInRequest({ threadId: tid, granularity: 'instruction' }));
    expect(step.body.reason).toBe('step');
    const after = await topFrame(dc, tid);
    expect(after.instructionPointerReference).not.toBe(before.instructionPointerReference);

    const scopes = await dc.scopesRequest({ frameId: after.id });
    expect(scopes.body.scopes.map((s) => s.name)).toEqual(['Locals', 'Globals', 'Registers', 'Process']);
    const scope = (name: string) => scopes.body.scopes.find((s) => s.name === name)!.variablesReference;
    const regs = await dc.variablesRequest({ variablesReference: scope('Registers') });
    const byName = new Map(regs.body.variables.map((v) => [v.name, v.value]));
    expect(regs.body.variables.slice(0, 32).map((v) => v.name)).toEqual([...ABI_NAMES.slice(1), 'pc']);
    expect(BigInt(byName.get('pc')!)).toBe(BigInt(after.instructionPointerReference!));
    expect(byName.get('sp')).toMatch(/^0x[0-9a-f]{16}$/);
    expect(regs.body.variables.slice(32).map((v) => v.name)).toEqual(['Floating point', 'CSRs']);
    const proc = await dc.variablesRequest({ variablesReference: scope('Process') });
    expect(proc.body.variables.map((v) => v.name)).toEqual(expect.arrayContaining(['pid', 'ppid', 'state', 'brk']));
  });

  it('`next` over a printf line stops on a later line of main, after its output', async () => {
    const printfLine = lineOf(FORKTREE_C, 'printf("forktree: depth');
    const entry = await launchStoppedOnEntry(dc, FORKTREE);
    await dc.setBreakpointsRequest({ source: { path: FORKTREE_C }, breakpoints: [{ line: printfLine }] });
    const hit = await runUntilStopped(dc, () => dc.continueRequest({ threadId: entry.body.threadId! }));
    expect((await topFrame(dc, hit.body.threadId!)).line).toBe(printfLine);

    const output = dc.assertOutput('stdout', 'forktree: depth 3, 2 children per process\n');
    const step = await runUntilStopped(dc, () => dc.nextRequest({ threadId: hit.body.threadId! }));
    expect(step.body.reason).toBe('step');
    const frame = await topFrame(dc, hit.body.threadId!);
    expect(frame.name).toBe('main');
    expect(frame.line).toBeGreaterThan(printfLine);
    await output;
  });

  it('stepIn enters indent() past its prologue and stepOut returns to work()', async () => {
    const indentCall = lineOf(FORKTREE_C, 'indent(depth);');
    const entry = await launchStoppedOnEntry(dc, FORKTREE);
    await dc.setBreakpointsRequest({ source: { path: FORKTREE_C }, breakpoints: [{ line: indentCall }] });
    const hit = await runUntilStopped(dc, () => dc.continueRequest({ threadId: entry.body.threadId! }));
    const tid = hit.body.threadId!;
    expect(await topFrame(dc, tid)).toMatchObject({ name: 'work', line: indentCall });
    await dc.setBreakpointsRequest({ source: { path: FORKTREE_C }, breakpoints: [] });

    await runUntilStopped(dc, () => dc.stepInRequest({ threadId: tid }));
    const inside = await dc.stackTraceRequest({ threadId: tid });
    const [callee, caller] = inside.body.stackFrames;
    expect(callee!.name).toBe('indent');
    expect(callee!.line).toBeGreaterThan(lineOf(FORKTREE_C, 'static void indent(int depth)'));
    expect(caller).toMatchObject({ name: 'work', line: indentCall });

    const out = await runUntilStopped(dc, () => dc.stepOutRequest({ threadId: tid }));
    expect(out.body.reason).toBe('step');
    expect((await topFrame(dc, tid)).name).toBe('work');
  });

  it('the fork filter stops at the clone, before the kernel creates the child; next over it adds the child to the tree', async () => {
    const entry = await launchStoppedOnEntry(dc, FORKTREE);
    await dc.setExceptionBreakpointsRequest({ filters: ['fork'] });
    const fork = await runUntilStopped(dc, () => dc.continueRequest({ threadId: entry.body.threadId! }));
    expect(fork.body).toMatchObject({ reason: 'exception', description: 'Fork' });
    const [, parent] = /^Fork: pid (\d+) calls clone\(flags = 0x11, .*\): the kernel is about to create a child process$/.exec(fork.body.text!)!.map(Number);
    const before = await custom<ProcessesResponseBody>(dc, 'glasskernel/processes');
    expect(before.processes.filter((p) => p.ppid === parent)).toEqual([]);
    expect((await dc.stackTraceRequest({ threadId: fork.body.threadId! })).body.stackFrames[0]!.name).toBe('sys_clone');
    // next at the syscall's entry runs the clone to its return pause: the child exists.
    await runUntilStopped(dc, () => dc.nextRequest({ threadId: fork.body.threadId! }));
    const tree = await custom<ProcessesResponseBody>(dc, 'glasskernel/processes');
    expect(tree.processes.filter((p) => p.ppid === parent).map((p) => p.name)).toEqual(['forktree']);

    await dc.setExceptionBreakpointsRequest({ filters: ['exit'] });
    const exit = await runUntilStopped(dc, () => dc.continueRequest({ threadId: fork.body.threadId! }));
    expect(exit.body).toMatchObject({ reason: 'exception', description: 'Exit' });
    expect(exit.body.text).toMatch(/^Exit: pid \d+ finished \(exit status \d+\)$/);
    const threads = await dc.threadsRequest();
    expect(threads.body.threads.map((t) => t.id)).toContain(exit.body.threadId);
  });

  it('an instruction breakpoint at main\'s first instruction stops there', async () => {
    const mainLine = lineOf(FORKTREE_C, 'int main(void)');
    const entry = await launchStoppedOnEntry(dc, FORKTREE);
    const probe = await dc.setBreakpointsRequest({ source: { path: FORKTREE_C }, breakpoints: [{ line: mainLine }] });
    const mainAddress = probe.body.breakpoints[0]!.instructionReference!;
    await dc.setBreakpointsRequest({ source: { path: FORKTREE_C }, breakpoints: [] });
    const args: DebugProtocol.SetInstructionBreakpointsArguments = { breakpoints: [{ instructionReference: mainAddress }] };
    const set = await dc.customRequest('setInstructionBreakpoints', args) as DebugProtocol.SetInstructionBreakpointsResponse;
    expect(set.body.breakpoints[0]).toMatchObject({ verified: true, instructionReference: mainAddress });

    const hit = await runUntilStopped(dc, () => dc.continueRequest({ threadId: entry.body.threadId! }));
    expect(hit.body.reason).toBe('breakpoint');
    expect(hit.body.hitBreakpointIds).toEqual([set.body.breakpoints[0]!.id]);
    expect(await topFrame(dc, hit.body.threadId!)).toMatchObject({ name: 'main', instructionPointerReference: mainAddress });
  });
});
