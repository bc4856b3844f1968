/**
 * The C debugger over DAP on a program of our own (fixtures/inspect.c, -O0 and -O2): locals
 * and globals as gdb prints them, expanding structs, evaluate for watch/hover with gdb's
 * errors, setVariable and setExpression, every breakpoint kind (conditions, hit counts,
 * logpoints, function breakpoints on a static function) and stepping through inlined code.
 */
import * as path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { ROOT, buildAdapter, launchToStop, lineOf, prepareLaunch, runUntilStopped, startClient, topFrame } from './harness';

const FIXTURES = path.join(ROOT, 'test', 'debug-adapter', 'fixtures');
const SRC = path.join(FIXTURES, 'inspect.c');
const O0 = path.join(FIXTURES, 'inspect-O0');
const O2 = path.join(FIXTURES, 'inspect-O2');

type Bp = DebugProtocol.SourceBreakpoint;

/** Launches `program` with source breakpoints `bps`; resolves at the first stop. */
function launchTo(dc: DebugClient, program: string, bps: Bp[]): Promise<DebugProtocol.StoppedEvent> {
  return launchToStop(dc, { program, source: SRC, breakpoints: bps });
}

/** name -> value of the Locals (or another named scope) of the top frame of `tid`. */
async function scopeValues(dc: DebugClient, tid: number, scopeName = 'Locals'): Promise<Map<string, DebugProtocol.Variable>> {
  const frame = await topFrame(dc, tid);
  const scopes = await dc.scopesRequest({ frameId: frame.id });
  const scope = scopes.body.scopes.find((s) => s.name === scopeName);
  if (!scope) throw new Error(`no ${scopeName} scope`);
  const vars = await dc.variablesRequest({ variablesReference: scope.variablesReference });
  return new Map(vars.body.variables.map((v) => [v.name, v]));
}

const at = (marker: string): Bp => ({ line: lineOf(SRC, marker) });

describe('the C debugger on inspect.c', () => {
  let dc: DebugClient;

  beforeAll(() => buildAdapter());
  beforeEach(async () => { dc = await startClient(); });
  afterEach(async () => { await dc.stop(); });

  it('shows locals as gdb prints them and expands a struct', async () => {
    const stop = await launchTo(dc, O0, [at('BP:after_sum')]);
    const locals = await scopeValues(dc, stop.body.threadId!);
    expect(locals.get('origin')?.value).toBe('{x = 10, y = -20}');
    expect(locals.get('c')?.value).toBe('GREEN');
    expect(locals.get('letter')?.value).toBe("65 'A'");
    expect(locals.get('ratio')?.value).toBe('0.5');
    expect(locals.get('total')?.value).toBe('18');
    const origin = locals.get('origin')!;
    expect(origin.type).toBe('struct point');
    const members = await dc.variablesRequest({ variablesReference: origin.variablesReference });
    expect(members.body.variables.map((v) => [v.name, v.value, v.evaluateName])).toEqual([['x', '10', 'origin.x'], ['y', '-20', 'origin.y']]);
    const globals = await scopeValues(dc, stop.body.threadId!, 'Globals');
    expect(globals.get('items')?.value).toBe('{{name = 0x' + globals.get('items')!.value.split('{{name = 0x')[1]!.split(' ')[0] + ' "one", at = {x = 1, y = 2}, flags = 1, kind = 3}, {name = ' + globals.get('items')!.value.split('}, {name = ')[1]!.split(' ')[0] + ' "two", at = {x = 3, y = 4}, flags = 2, kind = 7}, {name = ' + globals.get('items')!.value.split('}, {name = ')[2]!.split(' ')[0] + ' "three", at = {x = 5, y = 6}, flags = 4, kind = 31}}');
    expect(globals.get('counter')?.value).toBe('0');
  });

  it('evaluates watch and hover expressions and says what failed', async () => {
    const stop = await launchTo(dc, O0, [at('BP:after_sum')]);
    const frameId = (await topFrame(dc, stop.body.threadId!)).id;
    const ev = async (expression: string, context = 'watch') => (await dc.evaluateRequest({ expression, frameId, context })).body;
    expect((await ev('origin.x * 2 + items[2].at.y')).result).toBe('26');
    expect((await ev('items[1].name')).result).toMatch(/^0x[0-9a-f]+ "two"$/);
    expect((await ev('sizeof(struct item)')).result).toBe('24');
    expect((await ev('(char)(letter + 1)')).result).toBe("66 'B'");
    expect((await ev('&items[1]')).result).toMatch(/^0x[0-9a-f]+ <items\+24>$/);
    expect((await ev('c == GREEN')).result).toBe('1');
    expect((await ev('origin', 'hover')).result).toBe('{x = 10, y = -20}');
    expect((await ev('$sp')).result).toMatch(/^0x[0-9a-f]+$/);
    await expect(ev('nosuch + 1')).rejects.toThrow('No symbol "nosuch" in current context.');
    await expect(ev('origin.z')).rejects.toThrow('There is no member named z.');
    await expect(ev('*ratio')).rejects.toThrow('Attempt to take contents of a non-pointer value.');
    await expect(ev('*origin.x')).rejects.toThrow('Cannot access memory at address 0xa');
    await expect(ev('origin +')).rejects.toThrow(/A syntax error in expression/);
    await expect(ev('counter = 5')).rejects.toThrow();
    expect((await ev('counter = 5', 'repl')).result).toBe('5');
    expect((await ev('counter')).result).toBe('5');
    const hexed = await dc.evaluateRequest({ expression: 'origin.x', frameId, context: 'watch', format: { hex: true } });
    expect(hexed.body.result).toBe('0xa');
  });

  it('setVariable writes a local, a struct member and a global; the program sees it', async () => {
    let out = '';
    dc.on('output', (e: DebugProtocol.OutputEvent) => { if (e.body.category === 'stdout') out += e.body.output; });
    const stop = await launchTo(dc, O0, [at('BP:after_sum')]);
    const tid = stop.body.threadId!;
    const frame = await topFrame(dc, tid);
    const scopes = await dc.scopesRequest({ frameId: frame.id });
    const localsRef = scopes.body.scopes.find((s) => s.name === 'Locals')!.variablesReference;
    const set = await dc.setVariableRequest({ variablesReference: localsRef, name: 'total', value: '100 + 1' });
    expect(set.body.value).toBe('101');
    const origin = (await scopeValues(dc, tid)).get('origin')!;
    expect((await dc.setVariableRequest({ variablesReference: origin.variablesReference, name: 'x', value: '-7' })).body.value).toBe('-7');
    await expect(dc.setVariableRequest({ variablesReference: localsRef, name: 'origin', value: '3' })).rejects.toThrow();
    await expect(dc.setVariableRequest({ variablesReference: localsRef, name: 'nosuch', value: '3' })).rejects.toThrow(/no variable named nosuch/);
    const args: DebugProtocol.SetExpressionArguments = { expression: 'items[1].name', value: 'items[2].name', frameId: frame.id };
    const expr = await dc.customRequest('setExpression', args) as DebugProtocol.SetExpressionResponse;
    expect(expr.body.value).toMatch(/"three"$/);
    const exited = dc.waitForEvent('exited');
    await dc.continueRequest({ threadId: tid });
    await exited;
    // total = twice(101) = 202; counter = 202 + (-7) + 5 + 65
    expect(out).toContain('202 265 three 0.5 0\n');
  });

  it('stops only where a condition holds, counts hits, and logs with logpoints', async () => {
    const logs: string[] = [];
    dc.on('output', (e: DebugProtocol.OutputEvent) => { if (e.body.category === 'console') logs.push(e.body.output); });
    const stop = await launchTo(dc, O0, [
      { ...at('BP:loop'), condition: 'i == 2' },
      { ...at('BP:scale'), logMessage: 'scale({v}, {by}) for {{item}}' },
    ]);
    const locals = await scopeValues(dc, stop.body.threadId!);
    expect(locals.get('i')?.value).toBe('2');
    expect(logs).toEqual(['scale(1, 2) for {item}\n', 'scale(3, 2) for {item}\n']);
  });

  it('a hit count stops at the N-th hit only', async () => {
    const stop = await launchTo(dc, O0, [{ ...at('BP:scale'), hitCondition: '== 3' }]);
    const locals = await scopeValues(dc, stop.body.threadId!);
    expect(locals.get('v')?.value).toBe('5');
    const exited = dc.waitForEvent('exited');
    await dc.continueRequest({ threadId: stop.body.threadId! });
    await exited;
  });

  it('reports bad conditions and hit conditions on the breakpoint, and an error from a condition stops', async () => {
    await prepareLaunch(dc, { program: O0 });
    const r = await dc.setBreakpointsRequest({ source: { path: SRC }, breakpoints: [
      { ...at('BP:loop'), hitCondition: 'often' }, { ...at('BP:scale'), condition: 'nosuch > 1' }, { ...at('BP:print'), logMessage: 'x = {x' },
    ] });
    expect(r.body.breakpoints[0]).toMatchObject({ verified: false, message: expect.stringMatching(/hit condition 'often'/) });
    expect(r.body.breakpoints[1]).toMatchObject({ verified: true });
    expect(r.body.breakpoints[2]).toMatchObject({ verified: false, message: expect.stringMatching(/unclosed '\{'/) });
    const stop = await runUntilStopped(dc, () => dc.configurationDoneRequest());
    expect((await topFrame(dc, stop.body.threadId!)).name).toBe('scale');
  });

  it('a function breakpoint stops in a static function after its prologue; unknown names are unverified', async () => {
    await prepareLaunch(dc, { program: O0 });
    const set = await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'scale' }, { name: 'no_such_function' }] });
    expect(set.body.breakpoints[0]).toMatchObject({ verified: true });
    expect(set.body.breakpoints[1]).toMatchObject({ verified: false, message: 'Function "no_such_function" not defined.' });
    const stop = await runUntilStopped(dc, () => dc.configurationDoneRequest());
    expect(stop.body.reason).toBe('breakpoint');
    expect(stop.body.hitBreakpointIds).toEqual([set.body.breakpoints[0]!.id]);
    const frame = await topFrame(dc, stop.body.threadId!);
    expect(frame).toMatchObject({ name: 'scale', line: lineOf(SRC, 'BP:scale') });
    const st = await dc.stackTraceRequest({ threadId: stop.body.threadId! });
    expect(st.body.stackFrames.map((f) => f.name)).toEqual(['scale', 'sum_items', 'main']);
  });

  it('at -O2 shows the inlined frame, steps into it, and out of it', async () => {
    const stop = await launchTo(dc, O2, [at('BP:after_sum')]);
    const tid = stop.body.threadId!;
    expect((await topFrame(dc, tid)).line).toBe(lineOf(SRC, 'BP:after_sum'));
    const into = await runUntilStopped(dc, () => dc.stepInRequest({ threadId: tid }));
    expect(into.body.reason).toBe('step');
    const st = await dc.stackTraceRequest({ threadId: tid });
    expect(st.body.stackFrames.slice(0, 2).map((f) => [f.name, f.line])).toEqual([['twice', lineOf(SRC, 'BP:twice')], ['main', lineOf(SRC, 'BP:after_sum')]]);
    const out = await runUntilStopped(dc, () => dc.stepOutRequest({ threadId: tid }));
    expect(out.body.reason).toBe('step');
    expect((await topFrame(dc, tid)).name).toBe('main');
  });

  it('`next` at -O2 never stops in the middle of a line', async () => {
    const stop = await launchTo(dc, O2, [at('BP:loop')]);
    const tid = stop.body.threadId!;
    const lines: number[] = [];
    for (let i = 0; i < 6; i++) {
      await runUntilStopped(dc, () => dc.nextRequest({ threadId: tid }));
      const f = await topFrame(dc, tid);
      lines.push(f.line);
      const pc = Number(BigInt(f.instructionPointerReference!));
      const dis = await dc.customRequest('disassemble', { memoryReference: f.instructionPointerReference, instructionCount: 1 }) as DebugProtocol.DisassembleResponse;
      // Every stop is at the first instruction the line table gives for a statement there.
      expect(dis.body!.instructions[0]!.line, `stop at ${pc.toString(16)}`).toBe(f.line);
    }
    expect(new Set(lines).size).toBeGreaterThan(1);
  });
});

describe('data breakpoints on inspect.c', () => {
  let dc: DebugClient;

  beforeAll(() => buildAdapter());
  beforeEach(async () => { dc = await startClient(); });
  afterEach(async () => { await dc.stop(); });

  /** Launches with /data/in.txt in the guest and stops at `marker`. */
  function launchWithInput(marker: string): Promise<DebugProtocol.StoppedEvent> {
    return launchToStop(dc, { program: O0, launch: { files: [{ host: SRC, guest: '/data/in.txt' }] }, source: SRC, breakpoints: [at(marker)] });
  }

  it('stops after a store to a watched global, with its old and new value', async () => {
    const stop = await launchWithInput('BP:after_sum');
    const tid = stop.body.threadId!;
    const globals = await dc.scopesRequest({ frameId: (await topFrame(dc, tid)).id });
    const ref = globals.body.scopes.find((s) => s.name === 'Globals')!.variablesReference;
    const info = await dc.dataBreakpointInfoRequest({ variablesReference: ref, name: 'counter' });
    expect(info.body).toMatchObject({ dataId: expect.stringMatching(/^2:0x[0-9a-f]+:4$/), accessTypes: ['write', 'read', 'readWrite'] });
    const set = await dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId!, accessType: 'write' }] });
    expect(set.body.breakpoints[0]).toMatchObject({ verified: true });
    await dc.setBreakpointsRequest({ source: { path: SRC }, breakpoints: [] });
    const hit = await runUntilStopped(dc, () => dc.continueRequest({ threadId: tid }));
    expect(hit.body.reason).toBe('data breakpoint');
    expect(hit.body.hitBreakpointIds).toEqual([set.body.breakpoints[0]!.id]);
    expect(hit.body.text).toBe(`Hardware watchpoint ${set.body.breakpoints[0]!.id}: counter\nOld value = 0\nNew value = 116`);
    expect((await topFrame(dc, tid)).name).toBe('main');
  });

  it('reports the kernel writing a watched buffer during read(2)', async () => {
    const stop = await launchWithInput('BP:before_read');
    const tid = stop.body.threadId!;
    const frameId = (await topFrame(dc, tid)).id;
    const info = await dc.dataBreakpointInfoRequest({ name: 'buffer[4]', frameId });
    expect(info.body.dataId).toMatch(/:1$/);
    await dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId!, accessType: 'write' }] });
    const hit = await runUntilStopped(dc, () => dc.continueRequest({ threadId: tid }));
    expect(hit.body.reason).toBe('data breakpoint');
    expect(hit.body.text).toMatch(/^Hardware watchpoint \d+: buffer\[4\]\nwritten by the kernel in read\(2\)\nOld value = 0 '\\000'\nNew value = 65 'A'$/);
  });

  it('cannot watch a register or an unknown dataId, and says why', async () => {
    const stop = await launchWithInput('BP:after_sum');
    const frameId = (await topFrame(dc, stop.body.threadId!)).id;
    const info = await dc.dataBreakpointInfoRequest({ name: '$a0', frameId });
    expect(info.body.dataId).toBeNull();
    expect(info.body.description).toMatch(/not in memory/);
    const set = await dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: '9:0x10:4' }, { dataId: 'garbage' }] });
    expect(set.body.breakpoints.map((b) => b.verified)).toEqual([false, false]);
  });
});

describe('stack frame formatting on inspect.c', () => {
  let dc: DebugClient;

  beforeAll(() => buildAdapter());
  beforeEach(async () => { dc = await startClient(); });
  afterEach(async () => { await dc.stop(); });

  it('names frames with parameters, types, values, line and module as a StackFrameFormat asks', async () => {
    const stop = await launchTo(dc, O0, [at('BP:scale')]);
    const tid = stop.body.threadId!;
    const plain = await dc.stackTraceRequest({ threadId: tid });
    expect(plain.body.stackFrames.map((f) => f.name)).toEqual(['scale', 'sum_items', 'main']);
    const named = await dc.stackTraceRequest({ threadId: tid, format: { parameters: true, parameterNames: true, parameterValues: true } });
    expect(named.body.stackFrames[0]!.name).toBe('scale(v = 1, by = 2)');
    const typed = await dc.stackTraceRequest({ threadId: tid, format: { parameters: true, parameterTypes: true, line: true, module: true, hex: true } });
    expect(typed.body.stackFrames[0]!.name).toBe(`inspect-O0!scale(int, int) Line ${lineOf(SRC, 'BP:scale')}`);
    const all = await dc.stackTraceRequest({ threadId: tid, format: { includeAll: true, hex: true } });
    expect(all.body.stackFrames[1]!.name).toMatch(/^inspect-O0!sum_items\(struct item \* list = 0x[0-9a-f]+, int n = 0x3\) Line \d+$/);
  });
});
