/**
 * What the Variables view, the watch/hover/console evaluator and breakpoint conditions ask of
 * a stopped program, answered over the unwound stack (frames.ts), DWARF variables
 * (frame-scope.ts) and the C evaluator (cexpr). Knows nothing of the DAP wire beyond the
 * shapes of its answers; the session only translates.
 *
 * References (frames, scopes, expandable values) are valid for one stop (DAP: a reference's
 * lifetime ends when execution resumes); `reset` forgets them. Reading never changes guest
 * state; only setVariable/setExpression/`=` in the console write, through the kernel.
 */
import { Handles } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DwarfType, DwarfVariable } from '../dwarf/model';
import {
  assignValue, childCount, evaluateExpression, formatValue, isError, printValue, registerByName, typeName, valueChildren,
  type EvalError, type Value,
} from './cexpr';
import { readScalar, truthy } from './cexpr/scalar';
import { sizeOf, strip } from './cexpr/types';
import { FrameScope, type FrameWriter } from './frame-scope';
import { hiddenInlineFrames, sourceFrames, unwindPhysical, type SourceFrame, type UnwindSource } from './frames';
import { hex } from './format';
import { registerScopeRows, type RegisterGroup, type TrapState } from './register-view';
import type { PauseValues, ProcessInfo } from '../kernel/api';
import { kernelFrames, kernelRows, vmaRows, type KernelPause } from './kernel-frames';

/** What a variables reference points at. */
type VarRef =
  | { kind: 'locals' | 'globals'; tid: number; index: number }
  | { kind: 'registers'; tid: number; index: number; group: RegisterGroup }
  | { kind: 'process'; pid: number }
  | { kind: 'kernel'; values: PauseValues }
  | { kind: 'kernelVma'; vma: NonNullable<PauseValues['vma']> }
  | { kind: 'value'; tid: number; index: number; value: Value; expression: string };

/** Reads beyond unwinding: processes and the trap CSRs, plus the writes a scope may make. */
export interface InspectSource extends UnwindSource, FrameWriter {
  processes(): ProcessInfo[];
  trapState(tid: number): TrapState | undefined;
  /** Where thread `tid` is paused inside a steppable kernel path; undefined in user mode. */
  kernelPause?(tid: number): KernelPause | undefined;
}

/** What a data breakpoint watches: `size` bytes at virtual `address` of process `pid`, holding a `type`. */
export interface WatchTarget {
  address: number;
  size: number;
  /** The C expression the user chose (`total`, `p->next`). */
  description: string;
  pid: number;
  type: DwarfType;
}

/** A DAP frame id resolved: thread, index in the source stack, the frame. */
export interface FrameHandle {
  tid: number;
  index: number;
  frame: SourceFrame;
}

/** An evaluation's answer, as DAP's evaluate/setExpression bodies want it. */
export interface EvaluateAnswer {
  result: string;
  type: string;
  variablesReference: number;
  namedVariables?: number;
  indexedVariables?: number;
  memoryReference?: string;
}

/** Options of a formatted answer: DAP ValueFormat `hex`. */
export interface ShowOptions {
  hex?: boolean;
}

/** Answers inspection requests for one stopped runtime. */
export class Inspector {
  private readonly stacks = new Map<number, SourceFrame[]>();
  private readonly frameIds = new Handles<{ tid: number; index: number }>();
  private readonly refs = new Handles<VarRef>();

  /** `breakpointLines(pc)`: source lines of the user breakpoints at pc (which inlined frames a hit shows). */
  constructor(private readonly src: InspectSource, private readonly breakpointLines: (pc: number) => number[] = () => []) {}

  /** Inlined calls hidden at the current stop, per thread (hiddenInlineFrames); set by the session at each stop. */
  readonly hiddenInline = new Map<number, number>();

  /** Forgets stacks and references (call on every resume and stop). */
  reset(): void {
    this.stacks.clear();
    this.frameIds.reset();
    this.refs.reset();
  }

  /** Forgets the unwound stacks after the debugger wrote memory (frame ids and references stay valid). */
  invalidateStacks(): void {
    this.stacks.clear();
  }

  /**
   * The source frames of thread `tid`, innermost first (cached for this stop); while it is
   * paused in the kernel, its kernel frames and the trap label come first.
   */
  stack(tid: number): SourceFrame[] {
    let s = this.stacks.get(tid);
    if (!s) {
      s = sourceFrames(this.src.program, unwindPhysical(this.src, tid), this.hiddenInline.get(tid) ?? 0);
      const inKernel = this.src.kernelPause?.(tid);
      const user = s[0];
      if (inKernel && user) s = [...kernelFrames(inKernel.pause).map((kernel) => ({ ...user, scope: undefined, scopes: [], depth: 0, name: '', kernel })), ...s];
      this.stacks.set(tid, s);
    }
    return s;
  }

  /** Index of thread `tid`'s innermost user frame in its stack (past kernel frames). */
  private userIndex(tid: number): number {
    const i = this.stack(tid).findIndex((f) => !f.kernel);
    return i < 0 ? 0 : i;
  }

  /** A DAP frame id for frame `index` of thread `tid`. */
  frameId(tid: number, index: number): number {
    return this.frameIds.create({ tid, index });
  }

  /** Resolves a DAP frame id; undefined for an unknown or stale id. */
  frame(frameId: unknown): FrameHandle | undefined {
    if (typeof frameId !== 'number') return undefined;
    const h = this.frameIds.get(frameId);
    const frame = h ? this.stack(h.tid)[h.index] : undefined;
    return h && frame ? { ...h, frame } : undefined;
  }

  /** The parameters of frame `frameId` with their types and values (a StackFrameFormat name), in declaration order. */
  parameters(frameId: number, hex: boolean): Array<{ name: string; type: string; value: string }> {
    const h = this.frame(frameId);
    if (!h) return [];
    const scope = this.scopeOf(h);
    return scope.locals().filter((v) => v.isParameter).map((v) => {
      const value = scope.valueOf(v);
      return { name: v.name, type: typeName(v.type), value: isError(value) ? `<error: ${value.message}>` : formatValue(value, scope, { hex }) };
    });
  }

  /** The scopes of a frame: Locals, Globals, Registers, Process. */
  scopes(h: FrameHandle): DebugProtocol.Scope[] {
    if (h.frame.kernel) return this.kernelScopes(h.tid, h.frame.kernel.pause.values);
    const pid = this.src.pidOf(h.tid);
    const scopes: DebugProtocol.Scope[] = [];
    const hasInfo = this.src.program.debugInfo !== undefined;
    if (hasInfo) {
      const locals = this.scopeOf(h).locals();
      scopes.push({ name: 'Locals', presentationHint: 'locals', namedVariables: locals.length, variablesReference: this.refs.create({ kind: 'locals', tid: h.tid, index: h.index }), expensive: false });
      scopes.push({ name: 'Globals', variablesReference: this.refs.create({ kind: 'globals', tid: h.tid, index: h.index }), expensive: false });
    }
    scopes.push({ name: 'Registers', presentationHint: 'registers', variablesReference: this.refs.create({ kind: 'registers', tid: h.tid, index: h.index, group: 'x' }), expensive: false });
    if (pid !== undefined) scopes.push({ name: 'Process', variablesReference: this.refs.create({ kind: 'process', pid }), expensive: false });
    return scopes;
  }

  /** The rows of variables reference `ref`; undefined when it is unknown or stale. */
  variables(ref: number, paging: { start?: number; count?: number } = {}, show: ShowOptions = {}): DebugProtocol.Variable[] | undefined {
    const r = this.refs.get(ref);
    if (!r) return undefined;
    switch (r.kind) {
      case 'process': return this.processRows(r.pid);
      case 'kernel': {
        const pid = r.values.pid;
        const peek = pid !== undefined ? (va: number, len: number) => this.src.readMemory(pid, va, len) : undefined;
        return kernelRows(r.values, () => (r.values.vma ? this.refs.create({ kind: 'kernelVma', vma: r.values.vma }) : 0), peek);
      }
      case 'kernelVma': return vmaRows(r.vma);
      case 'registers': {
        const frame = this.stack(r.tid)[r.index];
        if (!frame) return [];
        return registerScopeRows(frame.physical, r.group, r.index === 0 || frame.physicalIndex === 0 ? this.src.trapState(r.tid) : undefined,
          (group) => this.refs.create({ kind: 'registers', tid: r.tid, index: r.index, group }));
      }
      case 'locals': case 'globals': {
        const h = this.handle(r.tid, r.index);
        if (!h) return [];
        const scope = this.scopeOf(h);
        const vars = r.kind === 'locals' ? scope.locals() : this.src.program.debugInfo?.globals(scope.pc) ?? [];
        return vars.map((v) => this.variableRow(h, scope, v, show));
      }
      case 'value': {
        const h = this.handle(r.tid, r.index);
        if (!h) return [];
        const scope = this.scopeOf(h);
        const children = valueChildren(r.value, scope, { expression: r.expression, start: paging.start, count: paging.count });
        if (isError(children)) return [{ name: '<error>', value: children.message, variablesReference: 0 }];
        return children.map((c) => this.valueRow(h, scope, c.name, c.value, childExpression(r.expression, c.name, r.value), show));
      }
    }
  }

  /**
   * Evaluates C expression `text` in frame `h` (watch, hover, console, clipboard). The Debug
   * Console (`repl`) may assign; elsewhere an expression with side effects is refused. A bare
   * register name (`sp`, `a0`, `pc`) that names no variable gives the register, as gdb's `$sp`.
   */
  evaluate(h: FrameHandle, text: string, context: string | undefined, show: ShowOptions = {}): EvaluateAnswer | { error: string } {
    const scope = this.scopeOf(h);
    let v = evaluateExpression(text, scope, { allowSideEffects: context === 'repl' });
    if (isError(v) && registerByName(text.trim())) {
      const reg = evaluateExpression(`$${text.trim()}`, scope);
      if (!isError(reg)) v = reg;
    }
    if (isError(v)) return { error: v.message };
    // gdb's print: a top-level object that cannot be read is an error, not a value.
    const printed = printValue(v, scope, { hex: show.hex });
    if (isError(printed)) return { error: printed.message };
    return this.answer(h, scope, v, text, show);
  }

  /** setExpression: evaluates `text` as an lvalue in frame `h` and assigns `value` (parsed in its type). */
  setExpression(h: FrameHandle, text: string, value: string, show: ShowOptions = {}): EvaluateAnswer | { error: string } {
    const scope = this.scopeOf(h);
    const target = evaluateExpression(text, scope);
    if (isError(target)) return { error: target.message };
    const stored = assignValue(target, value, scope);
    if (isError(stored)) return { error: stored.message };
    this.stacks.delete(h.tid);
    return this.answer(h, scope, stored, text, show);
  }

  /**
   * setVariable: assigns `value` (a C expression, converted to the variable's type) to the
   * variable `name` of container `ref` (a Locals/Globals scope or an expanded value).
   */
  setVariable(ref: number, name: string, value: string, show: ShowOptions = {}): EvaluateAnswer | { error: string } {
    const r = this.refs.get(ref);
    if (!r || r.kind === 'process' || r.kind === 'kernel' || r.kind === 'kernelVma') return { error: r ? 'process and kernel values cannot be changed' : 'unknown variablesReference' };
    const h = this.handle(r.tid, r.index);
    if (!h) return { error: 'the frame is gone' };
    const scope = this.scopeOf(h);
    let target: Value | EvalError | undefined;
    let expression = name;
    if (r.kind === 'registers') {
      const reg = evaluateExpression(`$${name}`, scope);
      target = isError(reg) ? { kind: 'error', message: `no register named ${name}` } : reg;
    } else if (r.kind === 'locals' || r.kind === 'globals') {
      const vars = r.kind === 'locals' ? scope.locals() : this.src.program.debugInfo?.globals(scope.pc) ?? [];
      const v = vars.find((x) => x.name === name);
      target = v ? scope.valueOf(v) : undefined;
    } else if (r.kind === 'value') {
      const children = valueChildren(r.value, scope, { expression: r.expression });
      if (isError(children)) return { error: children.message };
      target = children.find((c) => c.name === name)?.value;
      expression = childExpression(r.expression, name, r.value);
    }
    if (!target) return { error: `no variable named ${name}` };
    if (isError(target)) return { error: target.message };
    const stored = assignValue(target, value, scope);
    if (isError(stored)) return { error: stored.message };
    this.stacks.delete(h.tid);
    return this.answer(h, scope, stored, expression, show);
  }

  /** A breakpoint condition in thread `tid`'s innermost frame: its truth, or why it failed. */
  truth(tid: number, text: string): boolean | { error: string } {
    const scope = this.innermost(tid);
    if (!scope) return { error: 'the thread has no frame' };
    const v = evaluateExpression(text, scope);
    if (isError(v)) return { error: v.message };
    const s = readScalar(v, scope);
    if (isError(s)) return { error: s.message };
    return truthy(s);
  }

  /** A logpoint's `{expr}` in thread `tid`'s innermost frame, formatted as gdb prints it. */
  formatExpression(tid: number, text: string): { value: string } | { error: string } {
    const scope = this.innermost(tid);
    if (!scope) return { error: 'the thread has no frame' };
    const v = evaluateExpression(text, scope);
    return isError(v) ? { error: v.message } : { value: formatValue(v, scope) };
  }

  /**
   * The address and size of the object `name` in container `ref`, or of expression `text`
   * in frame `h`: what a data breakpoint watches. Undefined with a reason when it is not in memory.
   */
  watchTarget(source: { ref: number; name: string } | { h: FrameHandle; text: string }): WatchTarget | { error: string } {
    let h: FrameHandle | undefined;
    let value: Value | EvalError | undefined;
    let description: string;
    if ('ref' in source) {
      const r = this.refs.get(source.ref);
      if (!r || r.kind === 'process' || r.kind === 'registers' || r.kind === 'kernel' || r.kind === 'kernelVma') return { error: 'only variables in memory can be watched' };
      h = this.handle(r.tid, r.index);
      if (!h) return { error: 'the frame is gone' };
      const scope = this.scopeOf(h);
      description = r.kind === 'value' ? childExpression(r.expression, source.name, r.value) : source.name;
      value = evaluateExpression(description, scope);
    } else {
      h = source.h;
      description = source.text;
      value = evaluateExpression(source.text, this.scopeOf(h));
    }
    if (!value || isError(value)) return { error: value ? value.message : `no variable ${description}` };
    if (value.location?.kind !== 'memory') return { error: `${description} is not in memory (a register or an optimised-out value cannot be watched)` };
    const size = sizeOfValue(value);
    const pid = this.src.pidOf(h.tid);
    if (pid === undefined || size <= 0) return { error: `${description} has no size` };
    return { address: Number(value.location.address), size, description, pid, type: value.type };
  }

  /** `bytes` as a value of `type`, formatted as gdb prints it (a data breakpoint's old and new value). */
  formatBytes(tid: number, type: DwarfType, bytes: Uint8Array): string {
    const scope = this.innermost(tid);
    return scope ? formatValue({ type, bytes }, scope) : '<unknown>';
  }

  // ---- rows --------------------------------------------------------------------------------

  private variableRow(h: FrameHandle, scope: FrameScope, v: DwarfVariable, show: ShowOptions): DebugProtocol.Variable {
    const value = scope.valueOf(v);
    if (isError(value)) return { name: v.name, value: `<error: ${value.message}>`, type: typeName(v.type), variablesReference: 0, evaluateName: v.name };
    return this.valueRow(h, scope, v.name, value, v.name, show);
  }

  private valueRow(h: FrameHandle, scope: FrameScope, name: string, value: Value, expression: string, show: ShowOptions): DebugProtocol.Variable {
    const a = this.answer(h, scope, value, expression, show);
    const row: DebugProtocol.Variable = { name, value: a.result, type: a.type, variablesReference: a.variablesReference, evaluateName: expression };
    if (a.namedVariables) row.namedVariables = a.namedVariables;
    if (a.indexedVariables) row.indexedVariables = a.indexedVariables;
    if (a.memoryReference) row.memoryReference = a.memoryReference;
    return row;
  }

  private answer(h: FrameHandle, scope: FrameScope, value: Value, expression: string, show: ShowOptions): EvaluateAnswer {
    const counts = childCount(value);
    const expandable = counts.named + counts.indexed > 0;
    const answer: EvaluateAnswer = {
      result: formatValue(value, scope, { hex: show.hex }),
      type: typeName(value.type),
      variablesReference: expandable ? this.refs.create({ kind: 'value', tid: h.tid, index: h.index, value, expression }) : 0,
    };
    if (counts.named) answer.namedVariables = counts.named;
    if (counts.indexed) answer.indexedVariables = counts.indexed;
    const pointee = pointerTarget(value, scope);
    if (pointee !== undefined) answer.memoryReference = hex(pointee);
    else if (value.location?.kind === 'memory') answer.memoryReference = hex(value.location.address);
    return answer;
  }

  /** Scopes of a kernel frame: Kernel (the pause's values), then the innermost user frame's Registers and Process. */
  private kernelScopes(tid: number, values: PauseValues): DebugProtocol.Scope[] {
    const pid = this.src.pidOf(tid);
    const scopes: DebugProtocol.Scope[] = [
      { name: 'Kernel', presentationHint: 'locals', variablesReference: this.refs.create({ kind: 'kernel', values }), expensive: false },
      { name: 'Registers', presentationHint: 'registers', variablesReference: this.refs.create({ kind: 'registers', tid, index: this.userIndex(tid), group: 'x' }), expensive: false },
    ];
    if (pid !== undefined) scopes.push({ name: 'Process', variablesReference: this.refs.create({ kind: 'process', pid }), expensive: false });
    return scopes;
  }

  private processRows(pid: number): DebugProtocol.Variable[] {
    const p = this.src.processes().find((q) => q.pid === pid);
    if (!p) return [];
    const rows: Array<[string, string]> = [
      ['pid', String(p.pid)], ['ppid', String(p.ppid)], ['name', p.name], ['state', p.state], ['brk', hex(p.brk)], ['threads', p.tids.join(', ')],
    ];
    if (p.exitStatus !== undefined) rows.push(['exitStatus', hex(p.exitStatus)]);
    return rows.map(([name, value]) => ({ name, value, variablesReference: 0 }));
  }

  private handle(tid: number, index: number): FrameHandle | undefined {
    const frame = this.stack(tid)[index];
    return frame ? { tid, index, frame } : undefined;
  }

  private scopeOf(h: FrameHandle): FrameScope {
    return new FrameScope(this.src, h.tid, this.src.pidOf(h.tid) ?? 0, h.frame, this.src, () => this.callerScope(h));
  }

  /** The scope of the function that called `h`'s physical frame (its outermost source frame). */
  private callerScope(h: FrameHandle): FrameScope | undefined {
    const stack = this.stack(h.tid);
    const want = h.frame.physicalIndex + 1;
    let index = -1;
    stack.forEach((f, i) => { if (f.physicalIndex === want) index = i; });
    const frame = stack[index];
    return frame ? this.scopeOf({ tid: h.tid, index, frame }) : undefined;
  }

  /**
   * Frame 0 of `tid` without unwinding further (conditions and logpoints run on every hit),
   * seen from the breakpoint's own function (inlined calls starting at pc hidden, as gdb does).
   */
  private innermost(tid: number): FrameScope | undefined {
    const pid = this.src.pidOf(tid);
    const physical = unwindPhysical(this.src, tid, 1);
    const pc = physical[0]?.pc;
    const hidden = pc === undefined ? 0 : hiddenInlineFrames(this.src.program, pc, this.breakpointLines(pc));
    const frame = sourceFrames(this.src.program, physical, hidden)[0];
    return frame && pid !== undefined ? new FrameScope(this.src, tid, pid, frame, this.src) : undefined;
  }
}

/** The C expression for child `name` of the value written `parent`: `p.x`, `p->x`, `a[3]`, `*p`. */
function childExpression(parent: string, name: string, parentValue: Value): string {
  const p = SIMPLE_PATH.test(parent) ? parent : `(${parent})`;
  if (name.startsWith('[')) return `${p}${name}`;
  if (name.startsWith('*')) return `*${p}`;
  return strip(parentValue.type).kind === 'pointer' ? `${p}->${name}` : `${p}.${name}`;
}

/** An expression that needs no parentheses before `.`, `->` or `[i]`: a name followed by member and index steps. */
const SIMPLE_PATH = /^[A-Za-z_$][\w$]*(\.[A-Za-z_]\w*|->[A-Za-z_]\w*|\[\d+\])*$/;

/**
 * The address a pointer value holds (DAP: "for pointer type eval results, the memory address
 * contained in the pointer"); undefined for other values or when it cannot be read.
 */
function pointerTarget(v: Value, scope: FrameScope): bigint | undefined {
  if (strip(v.type).kind !== 'pointer') return undefined;
  const s = readScalar(v, scope);
  return isError(s) || s.kind !== 'int' ? undefined : BigInt.asUintN(64, s.n);
}

/** Bytes an object of the value's type occupies (cexpr's sizeof), 0 for a function or void: nothing to watch. */
function sizeOfValue(v: Value): number {
  const kind = strip(v.type).kind;
  return kind === 'function' || kind === 'void' ? 0 : sizeOf(v.type);
}
