/**
 * The inspection half of the DAP session (session.ts has lifecycle, breakpoints, execution and
 * events): threads, stack traces, scopes and variables, evaluate and the writes (setVariable,
 * setExpression, writeMemory), memory, disassembly, sources and modules. Each handler checks
 * its arguments, asks the Inspector or the Runtime, and answers or sends an error response.
 */
import * as path from 'node:path';
import { DebugSession, ErrorDestination, Event, Thread } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DataBreakpoints } from './data-breakpoints';
import { MAX_DISASSEMBLE_INSTRUCTIONS, disassembleRange } from './disassemble';
import { hex, isIndex, parseAddress } from './format';
import type { SourceFrame } from './frames';
import { Inspector, type FrameHandle } from './inspector';
import { readGuestMemory, writeGuestMemory } from './memory';
import { programModule, readTextFile } from './resources';
import type { Runtime, RuntimeStop } from './runtime';
import { EXCEPTION_FILTERS } from './exceptions';
import type { SourceResolver } from './sources';
import { kernelHostPath, kernelSourceByReference, kernelSourceReference, kernelSourceText, trapLabel, type KernelFrameInfo } from './kernel-frames';

/** MIME type of the kernel's TypeScript sources in a `source` response. */
const KERNEL_SOURCE_MIME = 'text/x-typescript';

/** Error ids of our error responses (DAP `Message.id`). */
export const enum ErrorId {
  Launch = 3001,
  NotRunning = 3002,
  BadArguments = 3003,
  Custom = 3004,
  Evaluate = 3005,
  Unsupported = 3006,
  Internal = 3007,
}

/** The error id the DebugSession base class gives a handler's exception (debugSession.js dispatchRequest). */
const LIBRARY_HANDLER_EXCEPTION = 1104;

/** State shared by both halves of the session, and the inspection requests. */
export abstract class InspectingSession extends DebugSession {
  protected runtime: Runtime | undefined;
  protected resolver: SourceResolver | undefined;
  protected inspector: Inspector | undefined;
  protected readonly dataBreakpoints = new DataBreakpoints();
  /** The thread that last stopped: the default for requests without a frame or thread. */
  protected focusTid: number | undefined;
  /** The OS-event stop of each thread, for exceptionInfo. */
  protected readonly exceptions = new Map<number, RuntimeStop>();

  // ---- inspection --------------------------------------------------------------------------

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    const threads = this.runtime?.kernel.threads() ?? [];
    response.body = { threads: threads.map((t) => new Thread(t.tid, t.name)) };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    const tid = args?.threadId;
    const ins = this.inspector;
    if (!ins || !isIndex(tid)) return this.fail(response, ErrorId.BadArguments, 'stackTrace: threadId is required');
    const stack = ins.stack(tid);
    const start = isIndex(args.startFrame) ? args.startFrame : 0;
    const levels = isIndex(args.levels) && args.levels > 0 ? args.levels : stack.length;
    const format = typeof args.format === 'object' && args.format !== null ? args.format : undefined;
    const frames = stack.slice(start, start + levels).map((f, i) => this.dapFrame(ins, tid, f, start + i, format));
    response.body = { stackFrames: frames, totalFrames: stack.length };
    this.sendResponse(response);
  }

  /**
   * One DAP frame: the function (or inlined call), its source line, its pc. With a
   * StackFrameFormat, the name carries what it asks for: the module, the parameters (names,
   * types, values: gdb's `fact (n=3)`), the line.
   */
  protected dapFrame(ins: Inspector, tid: number, f: SourceFrame, index: number, format?: DebugProtocol.StackFrameFormat): DebugProtocol.StackFrame {
    if (f.kernel) return kernelDapFrame(ins.frameId(tid, index), f.kernel);
    const pc = f.physical.pc;
    const loc = f.location;
    const fn = this.runtime?.program.functionAt(f.physical.lookupPc);
    const id = ins.frameId(tid, index);
    const name = f.name !== '' ? f.name : fn ? fn.name : hex(pc);
    const frame: DebugProtocol.StackFrame = {
      id,
      name: format ? decorateFrameName(name, format, ins.parameters(id, format.hex === true), loc?.line, this.runtime?.program.hostPath) : name,
      line: loc?.line ?? 0,
      column: loc ? Math.max(1, loc.column) : 0,
      instructionPointerReference: hex(pc),
    };
    if (f.physical.kind === 'sigtramp') frame.presentationHint = 'label';
    else if (loc && this.resolver) {
      const hostPath = this.resolver.toHost(loc.file);
      frame.source = { name: path.basename(hostPath), path: hostPath };
    } else {
      frame.presentationHint = 'subtle';
    }
    return frame;
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const h = this.inspector?.frame(args?.frameId);
    if (!h) return this.fail(response, ErrorId.BadArguments, 'scopes: unknown frameId');
    response.body = { scopes: this.inspector!.scopes(h) };
    this.sendResponse(response);
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    const paging = { start: isIndex(args?.start) ? args.start : undefined, count: isIndex(args?.count) && args.count > 0 ? args.count : undefined };
    const vars = isIndex(args?.variablesReference) ? this.inspector?.variables(args.variablesReference, paging, { hex: args.format?.hex === true }) : undefined;
    if (!vars) return this.fail(response, ErrorId.BadArguments, 'variables: unknown variablesReference');
    response.body = { variables: vars };
    this.sendResponse(response);
  }

  /** Watch, hover, Debug Console and clipboard: a C expression in the frame (the stopped thread's innermost by default). */
  protected override evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    const ins = this.inspector;
    if (!ins) return this.fail(response, ErrorId.NotRunning, 'evaluate: no program is running');
    if (typeof args?.expression !== 'string') return this.fail(response, ErrorId.BadArguments, 'evaluate: expression must be a string');
    const h = this.frameOrFocus(args.frameId);
    if (!h) return this.fail(response, ErrorId.Evaluate, args.frameId !== undefined ? 'evaluate: unknown frameId' : 'evaluate: no stopped thread');
    const r = ins.evaluate(h, args.expression, args.context, { hex: args.format?.hex === true });
    if ('error' in r) return this.fail(response, ErrorId.Evaluate, r.error);
    response.body = r;
    this.sendResponse(response);
  }

  protected override setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): void {
    const ins = this.inspector;
    if (!ins || !isIndex(args?.variablesReference) || typeof args.name !== 'string' || typeof args.value !== 'string') {
      return this.fail(response, ErrorId.BadArguments, 'setVariable: variablesReference, name and value are required');
    }
    const r = ins.setVariable(args.variablesReference, args.name, args.value, { hex: args.format?.hex === true });
    if ('error' in r) return this.fail(response, ErrorId.Evaluate, r.error);
    response.body = { value: r.result, type: r.type, variablesReference: r.variablesReference, namedVariables: r.namedVariables, indexedVariables: r.indexedVariables };
    this.sendResponse(response);
    this.sendEvent(new Event('invalidated', { areas: ['variables'] }));
  }

  protected override setExpressionRequest(response: DebugProtocol.SetExpressionResponse, args: DebugProtocol.SetExpressionArguments): void {
    const ins = this.inspector;
    if (!ins || typeof args?.expression !== 'string' || typeof args.value !== 'string') {
      return this.fail(response, ErrorId.BadArguments, 'setExpression: expression and value are required');
    }
    const h = this.frameOrFocus(args.frameId);
    if (!h) return this.fail(response, ErrorId.BadArguments, 'setExpression: unknown frameId');
    const r = ins.setExpression(h, args.expression, args.value, { hex: args.format?.hex === true });
    if ('error' in r) return this.fail(response, ErrorId.Evaluate, r.error);
    response.body = { value: r.result, type: r.type, variablesReference: r.variablesReference, namedVariables: r.namedVariables, indexedVariables: r.indexedVariables };
    this.sendResponse(response);
    this.sendEvent(new Event('invalidated', { areas: ['variables'] }));
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse, args: DebugProtocol.ExceptionInfoArguments): void {
    const stop = isIndex(args?.threadId) ? this.exceptions.get(args.threadId) : undefined;
    if (!stop) return this.fail(response, ErrorId.BadArguments, 'no OS event stopped this thread');
    response.body = {
      // VS Code titles the exception widget with this: the filter's label ("Copy-on-write fault"), not its id.
      exceptionId: EXCEPTION_FILTERS.find((f) => f.filter === stop.filter)?.label ?? stop.description ?? 'OS event',
      description: stop.text,
      breakMode: 'always',
      details: { message: stop.text, typeName: stop.description },
    };
    this.sendResponse(response);
  }

  /**
   * Memory references are "0x..." virtual addresses in the process of the focused thread (the
   * one that last stopped, or whose stack was last requested). Only resident pages are read;
   * the rest is reported as unreadable (reading never faults a page in).
   */
  protected override readMemoryRequest(response: DebugProtocol.ReadMemoryResponse, args: DebugProtocol.ReadMemoryArguments): void {
    const rt = this.runtime;
    const base = parseAddress(args?.memoryReference);
    const offset = typeof args?.offset === 'number' && Number.isSafeInteger(args.offset) ? args.offset : 0;
    const pid = this.focusTid !== undefined ? rt?.pidOf(this.focusTid) : undefined;
    if (!rt || base === undefined || !isIndex(args.count) || base + offset < 0) {
      return this.fail(response, ErrorId.BadArguments, 'readMemory: memoryReference must be a "0x..." address and count a non-negative integer');
    }
    if (pid === undefined) return this.fail(response, ErrorId.NotRunning, 'readMemory: no stopped thread to read memory of');
    const address = base + offset;
    const read = readGuestMemory((va, len) => rt.readMemory(pid, va, len), address, args.count);
    response.body = { address: hex(address), data: Buffer.from(read.data).toString('base64'), unreadableBytes: read.unreadableBytes };
    this.sendResponse(response);
  }

  /**
   * Writes guest memory of the focused thread's process as the process could (pages faulted
   * in, copy-on-write broken; read-only memory refused). With allowPartial, the bytes before
   * the first refused page are written and counted.
   */
  protected override writeMemoryRequest(response: DebugProtocol.WriteMemoryResponse, args: DebugProtocol.WriteMemoryArguments): void {
    const rt = this.runtime;
    const base = parseAddress(args?.memoryReference);
    const offset = typeof args?.offset === 'number' && Number.isSafeInteger(args.offset) ? args.offset : 0;
    const pid = this.focusTid !== undefined ? rt?.pidOf(this.focusTid) : undefined;
    if (!rt || base === undefined || typeof args.data !== 'string' || base + offset < 0) {
      return this.fail(response, ErrorId.BadArguments, 'writeMemory: memoryReference must be a "0x..." address and data base64 bytes');
    }
    if (pid === undefined || rt.running) return this.fail(response, ErrorId.NotRunning, 'writeMemory: no stopped thread to write memory of');
    const data = new Uint8Array(Buffer.from(args.data, 'base64'));
    const written = writeGuestMemory((va, bytes) => rt.writeMemory(pid, va, bytes), base + offset, data, args.allowPartial === true);
    if (written === undefined) return this.fail(response, ErrorId.BadArguments, `writeMemory: cannot write ${data.length} bytes at ${hex(base + offset)} (unmapped or read-only)`);
    response.body = { offset, bytesWritten: written };
    this.sendResponse(response);
    this.inspector?.invalidateStacks();
    this.sendEvent(new Event('invalidated', { areas: ['variables'] }));
  }

  /** The program's source files (from its line table), as host paths where they are found. */
  protected override loadedSourcesRequest(response: DebugProtocol.LoadedSourcesResponse): void {
    const rt = this.runtime;
    if (!rt) return this.fail(response, ErrorId.NotRunning, 'loadedSources: no program is launched');
    const hosts = new Set(rt.program.sourceFiles().map((f) => this.resolver?.toHost(f) ?? f));
    response.body = { sources: [...hosts].sort().map((p) => ({ name: path.basename(p), path: p })) };
    this.sendResponse(response);
  }

  /**
   * The text of a source the client names by path: a file the line table lists and the host
   * has, or one of the kernel's own `.ts` sources (served from the copy shipped with the adapter).
   */
  protected override sourceRequest(response: DebugProtocol.SourceResponse, args: DebugProtocol.SourceArguments): void {
    const byRef = typeof args?.sourceReference === 'number' && args.sourceReference > 0 ? kernelSourceByReference(args.sourceReference) : undefined;
    const p = args?.source?.path ?? byRef;
    const kernelText = typeof p === 'string' ? kernelSourceText(p) : undefined;
    if (kernelText !== undefined) {
      response.body = { content: kernelText, mimeType: KERNEL_SOURCE_MIME };
      return this.sendResponse(response);
    }
    const known = this.runtime?.program.sourceFiles().some((f) => (this.resolver?.toHost(f) ?? f) === p);
    if (typeof p !== 'string' || !known) return this.fail(response, ErrorId.BadArguments, `source: ${JSON.stringify(p)} is not a source of the program`);
    const content = readTextFile(p);
    if (content === undefined) return this.fail(response, ErrorId.BadArguments, `source: ${p} is not on this machine`);
    response.body = { content };
    this.sendResponse(response);
  }

  /** The one module: the launched ELF, with its address range and whether it has debug information. */
  protected modulesRequest(response: DebugProtocol.ModulesResponse): void {
    const rt = this.runtime;
    if (!rt) return this.fail(response, ErrorId.NotRunning, 'modules: no program is launched');
    response.body = { modules: [programModule(rt.program)], totalModules: 1 };
    this.sendResponse(response);
  }

  /** Disassembles the focused thread's process; code pages not yet resident come from the ELF image. */
  protected override disassembleRequest(response: DebugProtocol.DisassembleResponse, args: DebugProtocol.DisassembleArguments): void {
    const rt = this.runtime;
    const base = parseAddress(args?.memoryReference);
    const pid = this.focusTid !== undefined ? rt?.pidOf(this.focusTid) : undefined;
    if (!rt || base === undefined || pid === undefined || !isIndex(args.instructionCount)) {
      return this.fail(response, ErrorId.BadArguments, 'disassemble: memoryReference must be a "0x..." address of a stopped process');
    }
    const offset = args.offset ?? 0;
    const instructionOffset = args.instructionOffset ?? 0;
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(instructionOffset)) {
      return this.fail(response, ErrorId.BadArguments, 'disassemble: offset and instructionOffset must be integers');
    }
    if (args.instructionCount > MAX_DISASSEMBLE_INSTRUCTIONS) {
      return this.fail(response, ErrorId.BadArguments,
        `disassemble: instructionCount ${args.instructionCount} is above the maximum of ${MAX_DISASSEMBLE_INSTRUCTIONS} per request`);
    }
    const instructions = disassembleRange({
      read: (va, len) => rt.readCode(pid, va, len),
      program: rt.program,
      toHost: (file) => this.resolver?.toHost(file) ?? file,
    }, base + offset, instructionOffset, args.instructionCount);
    response.body = { instructions };
    this.sendResponse(response);
  }

  /** The frame `frameId` names, else the stopped thread's innermost frame when no id is given. */
  protected frameOrFocus(frameId: unknown): FrameHandle | undefined {
    const ins = this.inspector;
    if (!ins) return undefined;
    if (frameId !== undefined) return ins.frame(frameId);
    return this.focusTid !== undefined ? ins.frame(ins.frameId(this.focusTid, 0)) : undefined;
  }

  /**
   * The DebugSession base class answers a handler's exception with error 1104 whose text is
   * the JavaScript stack: answer with the command and the exception's message instead (a
   * thrown exception is our bug, never the client's; its stack is no business of the client).
   */
  protected override sendErrorResponse(response: DebugProtocol.Response, codeOrMessage: number | DebugProtocol.Message, format?: string,
    variables?: Record<string, string>, dest?: ErrorDestination): void {
    if (codeOrMessage === LIBRARY_HANDLER_EXCEPTION) {
      const why = typeof variables?._exception === 'string' ? variables._exception : 'unknown error';
      return super.sendErrorResponse(response, { id: ErrorId.Internal, format: `${response.command}: internal error: ${why}`.replace(/[{}]/g, '') });
    }
    super.sendErrorResponse(response, codeOrMessage, format, variables, dest);
  }

  protected fail(response: DebugProtocol.Response, id: ErrorId, message: string): void {
    this.sendErrorResponse(response, { id, format: message, showUser: id === ErrorId.Launch });
  }
}

/**
 * A kernel frame as DAP shows it: the kernel function at its line of the shipped `.ts` source
 * (with a sourceReference: the client shows it read-only, fetched by a `source` request), or
 * the trap boundary as a `label` frame. Not `deemphasize`d: VS Code would fold the frames away.
 */
function kernelDapFrame(id: number, k: KernelFrameInfo): DebugProtocol.StackFrame {
  if (k.kind === 'trap') return { id, name: trapLabel(k.pause.values, k.pause.frames[0]?.fn), line: 0, column: 0, presentationHint: 'label' };
  const hostPath = kernelHostPath(k.file);
  const frame: DebugProtocol.StackFrame = { id, name: k.fn, line: k.line, column: hostPath ? 1 : 0 };
  if (hostPath) frame.source = { name: path.basename(hostPath), path: hostPath, sourceReference: kernelSourceReference(hostPath), origin: 'Glasskernel kernel' };
  else frame.presentationHint = 'subtle';
  return frame;
}

/** A frame name decorated as a StackFrameFormat asks: `module!name(int n = 3) Line 12`. */
function decorateFrameName(name: string, f: DebugProtocol.StackFrameFormat, params: Array<{ name: string; type: string; value: string }>,
  line: number | undefined, module: string | undefined): string {
  const all = f.includeAll === true;
  let out = name;
  if ((f.parameters || all) && params.length >= 0) {
    const parts = params.map((p) => [
      f.parameterTypes || all ? p.type : '',
      f.parameterNames || all ? p.name : '',
      f.parameterValues || all ? ((f.parameterNames || all) ? `= ${p.value}` : p.value) : '',
    ].filter((x) => x !== '').join(' '));
    out += `(${parts.join(', ')})`;
  }
  if ((f.line || all) && line !== undefined && line > 0) out += ` Line ${line}`;
  if ((f.module || all) && module) out = `${path.basename(module)}!${out}`;
  return out;
}
