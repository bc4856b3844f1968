/**
 * The DAP session: a thin translator between Debug Adapter Protocol requests/events and the
 * {@link Runtime} (vscode-mock-debug's shape). This half has the lifecycle, breakpoints,
 * execution control and runtime events; session-inspect.ts has the inspection requests.
 * DAP specification:
 * https://microsoft.github.io/debug-adapter-protocol/specification
 *
 * Every request either answers or sends an error response; bad arguments never throw.
 */
import {
  Event, ExitedEvent, InitializedEvent, OutputEvent, Response, StoppedEvent, TerminatedEvent, ThreadEvent, BreakpointEvent,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { shellExitCode } from '../kernel/signal';
import type { StopOn } from '../kernel/api';
import { UserBreakpoints } from './breakpoints';
import { isCustomRequest, handleCustomRequest, sessionFacts } from './custom';
import { EXCEPTION_FILTERS, defaultStopOn } from './exceptions';
import { EventConditions, exceptionFiltersFrom } from './event-filters';
import { isIndex } from './format';
import { Program } from './program';
import { STATE_CHANGED_EVENT, type StateChangedEventBody } from './protocol';
import { CONSOLE_INPUT_REQUEST, CONSOLE_OUTPUT_EVENT, CONSOLE_RESIZE_REQUEST, type ConsoleOutputEventBody } from './protocol';
import { SESSION_ENDED_EVENT, sessionEnded } from './session-end';
import { PROGRESS_EVENT, ProgressReporter } from './progress';
import { KERNEL_LOG_EVENT, attachKernelLog, programMessage, type KernelLogEventBody } from './kernel-log';
import { Runtime, type RuntimeStop } from './runtime';
import { SourceResolver } from './sources';
import { Inspector } from './inspector';
import { hiddenInlineFrames } from './frames';
import { launchOptions } from './launch';
import { decideHit, renderLogMessage, type HitDecision } from './conditions';
import { ErrorId, InspectingSession } from './session-inspect';
import { KernelBreakpoints } from './kernel-breakpoints';

/**
 * The DAP requests this adapter implements. Any other standard request is answered with an
 * error that says so (the DebugSession base class would answer `success: true` and do
 * nothing); custom requests go to customRequest.
 */
const SUPPORTED_REQUESTS: ReadonlySet<string> = new Set([
  'initialize', 'launch', 'restart', 'disconnect', 'terminate', 'configurationDone',
  'setBreakpoints', 'setExceptionBreakpoints', 'setInstructionBreakpoints', 'setFunctionBreakpoints',
  'dataBreakpointInfo', 'setDataBreakpoints',
  'continue', 'next', 'stepIn', 'stepOut', 'pause',
  'threads', 'stackTrace', 'scopes', 'variables', 'evaluate', 'setVariable', 'setExpression', 'exceptionInfo',
  'readMemory', 'writeMemory', 'disassemble', 'loadedSources', 'source', 'modules',
]);

/** DAP session driving one Glasskernel runtime. */
export class GlasskernelSession extends InspectingSession {
  private readonly breakpoints = new UserBreakpoints();
  /** Breakpoints on pause lines of the kernel's own sources (kernel-breakpoints.ts). */
  private readonly kernelBreakpoints = new KernelBreakpoints();
  private stopOn: StopOn = defaultStopOn();
  /** Conditions of the enabled exception filters (none until the client sets some). */
  private eventConditions = new EventConditions(new Set(), new Map());
  private stopOnEntry = false;
  private configured = false;
  private started = false;
  /** The arguments of the last launch (for restart). */
  private launchArgs: DebugProtocol.LaunchRequestArguments | undefined;
  private knownTids = new Set<number>();
  /** Hits counted per breakpoint id (for hit conditions; gdb counts only hits whose condition held). */
  private readonly hitCounts = new Map<number, number>();
  /** The thread and DAP reason of the last stop reported (the Processes view's "stopped at breakpoint"). */
  private lastStop: { tid: number; reason: string } | undefined;
  /** The guest's speed for the status bar (`glasskernel/progress`). */
  private readonly progress = new ProgressReporter((body) => this.sendEvent(new Event(PROGRESS_EVENT, body)), Date.now);

  constructor() {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  /**
   * Every request passes here: unsupported standard requests get an error naming them, and an
   * exception in a handler (a bug of ours, or arguments of an unexpected shape) becomes an error
   * response instead of ending the adapter.
   */
  protected override dispatchRequest(request: DebugProtocol.Request): void {
    const command = typeof request?.command === 'string' ? request.command : '';
    if (!SUPPORTED_REQUESTS.has(command) && !isCustomRequest(command)) {
      return this.fail(new Response(request), ErrorId.Unsupported, `Glasskernel does not support the '${command}' request`);
    }
    if (command === 'initialize') {
      // The base class reads the arguments unchecked (and refuses a missing pathFormat, whose DAP default is 'path').
      const args: unknown = request.arguments;
      if (typeof args !== 'object' || args === null || Array.isArray(args)) {
        return this.fail(new Response(request), ErrorId.BadArguments, 'initialize: arguments must be an InitializeRequestArguments object');
      }
      request.arguments = { pathFormat: 'path', ...args };
    }
    try {
      super.dispatchRequest(request);
    } catch (e) {
      this.fail(new Response(request), ErrorId.Internal, `${command}: ${(e as Error).message}`);
    }
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      ...response.body,
      supportsConfigurationDoneRequest: true,
      exceptionBreakpointFilters: EXCEPTION_FILTERS,
      supportsSteppingGranularity: true,
      supportsReadMemoryRequest: true,
      supportsDisassembleRequest: true,
      supportsInstructionBreakpoints: true,
      supportsExceptionInfoRequest: true,
      supportsExceptionFilterOptions: true,
      supportsTerminateRequest: true,
      supportsEvaluateForHovers: true,
      supportsSetVariable: true,
      supportsSetExpression: true,
      supportsFunctionBreakpoints: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsValueFormattingOptions: true,
      supportsRestartRequest: true,
      supportsWriteMemoryRequest: true,
      supportsLoadedSourcesRequest: true,
      supportsModulesRequest: true,
      supportsDataBreakpoints: true,
    };
    this.sendResponse(response);
  }

  protected override launchRequest(response: DebugProtocol.LaunchResponse, args: DebugProtocol.LaunchRequestArguments): void {
    if (this.runtime) return this.fail(response, ErrorId.Launch, 'a program is already launched in this session');
    const error = this.boot(args);
    if (error !== undefined) return this.fail(response, ErrorId.Launch, error);
    this.launchArgs = args;
    this.sendResponse(response);
    const note = (this.runtime as Runtime | undefined)?.program.debugInfoNote();
    if (note) this.sendEvent(new OutputEvent(`${note}\n`, 'console'));
    this.noteThreads();
    this.sendEvent(new InitializedEvent());
    if (this.configured) this.startRunning();
  }

  /**
   * DAP restart: the guest is killed and the program booted afresh (the new launch arguments
   * when the client sends them, else the previous ones), keeping breakpoints and filters.
   */
  protected override restartRequest(response: DebugProtocol.RestartResponse, args: DebugProtocol.RestartArguments): void {
    if (!this.launchArgs) return this.fail(response, ErrorId.NotRunning, 'restart: nothing was launched');
    const launchArgs = (args?.arguments ?? this.launchArgs) as DebugProtocol.LaunchRequestArguments;
    const old = this.runtime;
    if (old && !old.hasExited) old.terminate();
    this.runtime = undefined;
    this.started = false;
    this.hitCounts.clear();
    const error = this.boot(launchArgs);
    if (error !== undefined) return this.fail(response, ErrorId.Launch, error);
    this.launchArgs = launchArgs;
    this.sendResponse(response);
    this.noteThreads();
    this.startRunning();
  }

  /** Loads the program and boots a kernel running it (not yet running); an error sentence on failure. */
  private boot(args: unknown): string | undefined {
    const options = launchOptions(args);
    if (!options.ok) return options.error;
    const loaded = Program.load(options.program);
    if (!loaded.ok) return loaded.error;
    let runtime: Runtime;
    try {
      runtime = new Runtime(loaded.program, options, {
        onStop: (stop) => this.onStop(stop),
        onOutput: (fd, text) => this.sendEvent(new OutputEvent(text, fd === 2 ? 'stderr' : 'stdout')),
        onConsoleOutput: (text) => this.sendEvent(new Event(CONSOLE_OUTPUT_EVENT, { data: text } satisfies ConsoleOutputEventBody)),
        onExit: (status) => this.onExit(status),
        onLog: (message) => this.sendEvent(new OutputEvent(message, 'console')),
        onProgress: () => { this.noteThreads(); this.progress.tick(this.instructionsRetired()); },
        onThreadStarted: (tid) => this.threadStarted(tid),
        onBreakpointHit: (tid, pc) => this.breakpointHit(tid, pc),
        onKernelBreakpointHit: (_tid, pause) => this.applyHitDecisions(this.kernelBreakpoints.hit(pause)),
      });
    } catch (e) {
      return `cannot boot the kernel: ${(e as Error).message}`;
    }
    const kernelLog = (text: string): void => this.sendEvent(new Event(KERNEL_LOG_EVENT, { text } satisfies KernelLogEventBody));
    attachKernelLog(runtime.kernel, kernelLog);
    const started = runtime.start();
    if (!started.ok) return `cannot start ${loaded.program.guestPath}: ${started.error}`;
    kernelLog(programMessage('start', runtime.kernel.threadsById.get(started.tid)?.process.pid ?? started.tid, loaded.program.guestPath, [loaded.program.guestPath, ...options.args]));
    this.runtime = runtime;
    this.inspector = new Inspector(runtime, (pc) => this.breakpoints.linesAt(pc));
    this.resolver = new SourceResolver(loaded.program.hostPath);
    for (const p of this.breakpoints.sourcePaths()) this.resolver.noteClientPath(p);
    this.stopOnEntry = options.stopOnEntry;
    runtime.stopOn = this.stopOn;
    runtime.eventConditions = this.eventConditions;
    runtime.kernelBreakpoints = this.kernelBreakpoints.ids();
    for (const bp of this.breakpoints.resolveAll(loaded.program)) this.sendEvent(new BreakpointEvent('changed', bp));
    runtime.breakpoints.setUser(this.breakpoints.addresses());
    this.focusTid = started.tid;
    return undefined;
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.configured = true;
    this.sendResponse(response);
    if (this.runtime) this.startRunning();
  }

  private startRunning(): void {
    const rt = this.runtime;
    if (!rt || this.started) return;
    this.started = true;
    if (this.stopOnEntry) this.onStop({ reason: 'entry', tid: this.focusTid ?? rt.currentTid() ?? 0 });
    else rt.continue();
  }

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse, args: DebugProtocol.DisconnectArguments): void {
    this.runtime?.dispose();
    super.disconnectRequest(response, args); // responds, then ends the adapter process
  }

  /** Kills every guest process (SIGKILL), reports the program's exit, then ends the session. */
  protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
    const rt = this.runtime;
    const status = rt && !rt.hasExited ? rt.terminate() : undefined;
    this.sendResponse(response);
    if (status !== undefined) {
      this.noteThreads();
      this.sendEvent(new ExitedEvent(shellExitCode(status)));
    }
    this.sendEvent(new TerminatedEvent());
  }

  // ---- breakpoints -------------------------------------------------------------------------

  protected override setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    const sourcePath = args?.source?.path;
    if (typeof sourcePath !== 'string' || sourcePath === '') return this.fail(response, ErrorId.BadArguments, 'setBreakpoints: source.path is required');
    const requests = Array.isArray(args.breakpoints) ? args.breakpoints : undefined;
    const raw = requests ? requests.map((b) => b?.line) : Array.isArray(args.lines) ? args.lines : [];
    if (!raw.every((l) => isIndex(l) && l > 0)) return this.fail(response, ErrorId.BadArguments, 'setBreakpoints: every line must be a positive integer');
    const lines = raw as number[];
    const inKernel = this.kernelBreakpoints.set(sourcePath, lines, requests ?? []);
    if (inKernel) {
      if (this.runtime) this.runtime.kernelBreakpoints = this.kernelBreakpoints.ids();
      response.body = { breakpoints: inKernel };
      return this.sendResponse(response);
    }
    this.resolver?.noteClientPath(sourcePath);
    const result = this.breakpoints.set(this.runtime?.program, sourcePath, lines, requests ?? []);
    this.runtime?.breakpoints.setUser(this.breakpoints.addresses());
    response.body = { breakpoints: result };
    this.sendResponse(response);
  }

  protected override setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): void {
    if (!Array.isArray(args?.breakpoints)) return this.fail(response, ErrorId.BadArguments, 'setFunctionBreakpoints: breakpoints must be an array');
    const result = this.breakpoints.setFunctions(this.runtime?.program, args.breakpoints);
    this.runtime?.breakpoints.setUser(this.breakpoints.addresses());
    response.body = { breakpoints: result };
    this.sendResponse(response);
  }

  /** What a variable (in a Variables container) or an expression (in a frame) would watch. */
  protected override dataBreakpointInfoRequest(response: DebugProtocol.DataBreakpointInfoResponse, args: DebugProtocol.DataBreakpointInfoArguments): void {
    const ins = this.inspector;
    if (!ins) return this.fail(response, ErrorId.NotRunning, 'dataBreakpointInfo: no program is running');
    if (typeof args?.name !== 'string') return this.fail(response, ErrorId.BadArguments, 'dataBreakpointInfo: name is required');
    let target: ReturnType<Inspector['watchTarget']>;
    if (isIndex(args.variablesReference)) target = ins.watchTarget({ ref: args.variablesReference, name: args.name });
    else {
      const h = this.frameOrFocus(args.frameId);
      target = h ? ins.watchTarget({ h, text: args.name }) : { error: 'no stopped frame to evaluate the expression in' };
    }
    response.body = this.dataBreakpoints.info(target);
    this.sendResponse(response);
  }

  protected override setDataBreakpointsRequest(response: DebugProtocol.SetDataBreakpointsResponse, args: DebugProtocol.SetDataBreakpointsArguments): void {
    const rt = this.runtime;
    if (!rt) return this.fail(response, ErrorId.NotRunning, 'setDataBreakpoints: no program is running');
    if (!Array.isArray(args?.breakpoints)) return this.fail(response, ErrorId.BadArguments, 'setDataBreakpoints: breakpoints must be an array');
    response.body = { breakpoints: this.dataBreakpoints.set(args.breakpoints, (list) => rt.kernel.setWatchpoints(list)) };
    this.sendResponse(response);
  }

  protected override setInstructionBreakpointsRequest(response: DebugProtocol.SetInstructionBreakpointsResponse, args: DebugProtocol.SetInstructionBreakpointsArguments): void {
    const requests = Array.isArray(args?.breakpoints) ? args.breakpoints : [];
    const result = this.breakpoints.setInstructions(requests);
    this.runtime?.breakpoints.setUser(this.breakpoints.addresses());
    response.body = { breakpoints: result };
    this.sendResponse(response);
  }

  protected override setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    const filters: unknown[] = Array.isArray(args?.filters) ? args.filters : [];
    const options: unknown[] = Array.isArray(args?.filterOptions) ? args.filterOptions : [];
    const set = exceptionFiltersFrom(filters, options);
    this.stopOn = set.stopOn;
    this.eventConditions = set.conditions;
    if (this.runtime) { this.runtime.stopOn = set.stopOn; this.runtime.eventConditions = set.conditions; }
    response.body = { breakpoints: set.answers };
    this.sendResponse(response);
  }

  // ---- execution control -------------------------------------------------------------------

  protected override continueRequest(response: DebugProtocol.ContinueResponse, args: DebugProtocol.ContinueArguments): void {
    if (!isIndex(args?.threadId)) return this.fail(response, ErrorId.BadArguments, 'continue: threadId must be a thread id');
    const rt = this.resumable(response);
    if (!rt) return;
    response.body = { allThreadsContinued: true };
    this.sendResponse(response);
    rt.continue(args.threadId);
  }

  protected override nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    this.stepRequest(response, args, 'over');
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): void {
    this.stepRequest(response, args, 'into');
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse, args: DebugProtocol.StepOutArguments): void {
    this.stepRequest(response, args, 'out');
  }

  private stepRequest(response: DebugProtocol.Response, args: { threadId?: unknown; granularity?: unknown }, kind: 'over' | 'into' | 'out'): void {
    const rt = this.resumable(response);
    if (!rt) return;
    const tid = args?.threadId;
    if (!isIndex(tid) || !rt.registers(tid)) return this.fail(response, ErrorId.BadArguments, `no thread ${JSON.stringify(tid)} to step`);
    const granularity = args.granularity === 'instruction' ? 'instruction' : 'line';
    const ins = this.inspector!;
    const hidden = ins.hiddenInline.get(tid) ?? 0;
    this.sendResponse(response);
    if (kind === 'into' && granularity === 'line' && hidden > 0) {
      // gdb's step into an inlined call that begins at the pc: show its frame, run nothing.
      ins.hiddenInline.set(tid, hidden - 1);
      ins.reset();
      this.sendEvent(new StoppedEvent('step', tid) as DebugProtocol.StoppedEvent);
      return;
    }
    // A line step starts from the line the user sees (the call site when inlined calls are hidden).
    const line = granularity === 'line' && hidden > 0 ? ins.stack(tid)[0]?.location : undefined;
    rt.step(tid, kind, granularity, { hiddenInline: hidden, line });
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.runtime?.pause();
    this.sendResponse(response);
  }

  /** The runtime when it can be resumed; otherwise sends an error response. */
  private resumable(response: DebugProtocol.Response): Runtime | undefined {
    const rt = this.runtime;
    if (!rt || rt.hasExited) {
      this.fail(response, ErrorId.NotRunning, 'the program is not running');
      return undefined;
    }
    if (rt.running) {
      this.fail(response, ErrorId.NotRunning, 'the program is already running');
      return undefined;
    }
    this.inspector?.reset();
    return rt;
  }

  protected override customRequest(command: string, response: DebugProtocol.Response, args: unknown): void {
    // The DebugSession base class has no handler of its own for `modules`.
    if (command === 'modules') return this.modulesRequest(response as DebugProtocol.ModulesResponse);
    if (!isCustomRequest(command)) return super.customRequest(command, response, args);
    if (!this.runtime) return this.fail(response, ErrorId.NotRunning, `${command}: no program is running`);
    if (command === CONSOLE_INPUT_REQUEST) { // an action on the runtime (guest-console.ts), not a kernel inspection
      const typed = this.runtime.consoleInput(args);
      if (!typed.ok) return this.fail(response, ErrorId.Custom, `${command}: ${typed.error}`);
      response.body = typed.body;
      return this.sendResponse(response);
    }
    if (command === CONSOLE_RESIZE_REQUEST) {
      const resized = this.runtime.consoleResize(args);
      if (!resized.ok) return this.fail(response, ErrorId.Custom, `${command}: ${resized.error}`);
      response.body = resized.body;
      return this.sendResponse(response);
    }
    const recorded = this.runtime.recorded((file) => this.resolver?.toHost(file) ?? file);
    const result = handleCustomRequest(this.runtime.kernel, command, args, sessionFacts(this.runtime, this.lastStop), recorded);
    if (!result.ok) return this.fail(response, ErrorId.Custom, `${command}: ${result.error}`);
    response.body = result.body;
    this.sendResponse(response);
  }

  // ---- runtime events ----------------------------------------------------------------------

  private onStop(stop: RuntimeStop): void {
    this.inspector?.reset();
    this.hideInlineCalls(stop);
    this.focusTid = stop.tid;
    this.lastStop = { tid: stop.tid, reason: stop.reason };
    this.exceptions.clear();
    if (stop.reason === 'exception') this.exceptions.set(stop.tid, stop);
    this.noteThreads();
    const event = new StoppedEvent(stop.reason, stop.tid, stop.text) as DebugProtocol.StoppedEvent;
    event.body.allThreadsStopped = true;
    if (stop.description !== undefined) event.body.description = stop.description;
    if (stop.reason === 'breakpoint' && stop.pc !== undefined) event.body.hitBreakpointIds = this.breakpoints.idsAt(stop.pc);
    if (stop.watch) {
      const w = stop.watch;
      const said = this.dataBreakpoints.describe(w, (type, bytes) => this.inspector?.formatBytes(stop.tid, type, bytes) ?? '');
      event.body.hitBreakpointIds = [w.id];
      event.body.description = said.title;
      event.body.text = said.text;
      this.sendEvent(new OutputEvent(`${said.text}\n`, 'console'));
    }
    this.sendEvent(event);
    this.progress.stopped(this.instructionsRetired());
    const changed: StateChangedEventBody = { reason: stop.reason };
    this.sendEvent(new Event(STATE_CHANGED_EVENT, changed));
  }

  private onExit(status: number): void {
    this.noteThreads();
    this.progress.stopped(this.instructionsRetired());
    if (this.runtime) {
      const end = sessionEnded(this.runtime.program.guestPath.split('/').pop() ?? '', status, this.runtime.kernel.stats());
      this.sendEvent(new OutputEvent(`${end.summary}\n${end.stats}`, 'console'));
      this.sendEvent(new Event(SESSION_ENDED_EVENT, end));
    }
    this.sendEvent(new ExitedEvent(shellExitCode(status)));
    this.sendEvent(new TerminatedEvent());
  }

  /**
   * A user breakpoint at `pc` is about to run in thread `tid`: true when the debuggee stops
   * (some breakpoint there stops, or a condition could not be evaluated: gdb stops then too);
   * logpoints print their message to the Debug Console.
   */
  private breakpointHit(tid: number, pc: number): boolean {
    const ours = this.runtime?.runsProgram(tid, pc) ?? false;
    const placed = this.breakpoints.placedAt(pc).filter((bp) => bp.anyImage || ours);
    return this.applyHitDecisions(placed.map((bp) => decideHit(bp.id, bp.options, this.hitCounts,
      (expr) => this.inspector?.truth(tid, expr) ?? { error: 'no program' },
      (parts) => renderLogMessage(parts, (expr) => this.inspector?.formatExpression(tid, expr) ?? { error: 'no program' }))));
  }

  /** Prints the logs and errors of breakpoint hit decisions; true when one of them stops. */
  private applyHitDecisions(decisions: readonly HitDecision[]): boolean {
    let stop = false;
    for (const d of decisions) {
      if (d.kind === 'stop') stop = true;
      else if (d.kind === 'log') this.sendEvent(new OutputEvent(`${d.text}\n`, 'console'));
      else if (d.kind === 'error') {
        this.sendEvent(new OutputEvent(`${d.message}\n`, 'console'));
        stop = true;
      }
    }
    return stop;
  }

  /** Records which inlined calls the stopped thread's stack hides (frames.ts hiddenInlineFrames). */
  private hideInlineCalls(stop: RuntimeStop): void {
    const ins = this.inspector;
    const pc = this.runtime?.registers(stop.tid)?.pc;
    if (!ins || !this.runtime) return;
    ins.hiddenInline.clear();
    if (pc === undefined || stop.kernel) return;
    const lines = stop.reason === 'breakpoint' ? this.breakpoints.linesAt(pc) : [];
    const hidden = hiddenInlineFrames(this.runtime.program, pc, lines);
    if (hidden > 0) ins.hiddenInline.set(stop.tid, hidden);
  }

  /** Instructions retired by the guest since boot (0 without a program). */
  private instructionsRetired(): number {
    return this.runtime?.kernel.hart.instret ?? 0;
  }

  /** Announces a thread the moment the kernel creates it. */
  private threadStarted(tid: number): void {
    if (this.knownTids.has(tid)) return;
    this.knownTids.add(tid);
    this.sendEvent(new ThreadEvent('started', tid));
  }

  /** Sends `thread` started/exited events for threads that appeared or went since the last look. */
  private noteThreads(): void {
    const rt = this.runtime;
    const now = new Set(rt && !rt.hasExited ? rt.kernel.threads().map((t) => t.tid) : []);
    for (const tid of now) if (!this.knownTids.has(tid)) this.sendEvent(new ThreadEvent('started', tid));
    for (const tid of this.knownTids) if (!now.has(tid)) this.sendEvent(new ThreadEvent('exited', tid));
    this.knownTids = now;
  }

}
