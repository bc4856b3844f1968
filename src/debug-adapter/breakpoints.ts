/**
 * The user's breakpoints. Source lines (DAP setBreakpoints): each requested line is resolved
 * through the program's line table to virtual addresses, moved to the next line with code
 * (gdb's rule), and reported unverified with the reason when it cannot be placed. Functions
 * (DAP setFunctionBreakpoints): by name, after the prologue, static functions included.
 * Instructions (the Disassembly view, DAP setInstructionBreakpoints). Each may carry a
 * condition, a hit condition and a log message (conditions.ts), honoured by the session.
 */
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { bestPathMatches } from '../dwarf';
import type { Program } from './program';
import { hex, parseAddress } from './format';
import { parseBreakpointOptions, type BreakpointOptions } from './conditions';

/** A breakpoint as the client asks for it: its place and its options. */
export interface BreakpointRequest {
  condition?: unknown;
  hitCondition?: unknown;
  logMessage?: unknown;
}

/** A breakpoint placed at addresses, with its options: what a hit consults. */
export interface PlacedBreakpoint {
  id: number;
  options: BreakpointOptions;
  /**
   * True for an instruction breakpoint: it is an address, honoured in whatever code runs there.
   * Line and function breakpoints belong to the launched program's image and are honoured only
   * where that program runs (the first process, forked children, new images of the same file).
   */
  anyImage?: boolean;
}

/** One breakpoint the client set, after resolution. */
interface BreakpointRecord {
  id: number;
  /** Line the user asked for. */
  requested: number;
  /** Line it was placed on (may be later than `requested`). */
  line: number;
  addresses: number[];
  message?: string;
  options: BreakpointOptions;
  /** The options as requested, kept to re-resolve at launch. */
  request: BreakpointRequest;
}

/** A function breakpoint after resolution. */
interface FunctionRecord {
  id: number;
  name: string;
  addresses: number[];
  message?: string;
  options: BreakpointOptions;
  request: BreakpointRequest;
}

/** The user's breakpoints: source lines (by host source path) and instructions. */
export class UserBreakpoints {
  private nextId = 1;
  private readonly bySource = new Map<string, BreakpointRecord[]>();
  /** Instruction breakpoints (Disassembly view): id, virtual address and options. */
  private instructions: Array<{ id: number; address: number; options: BreakpointOptions }> = [];
  /** Function breakpoints (DAP setFunctionBreakpoints). */
  private functions: FunctionRecord[] = [];

  /**
   * Replaces every instruction breakpoint (DAP setInstructionBreakpoints): each at
   * `instructionReference` ("0x..." address) plus `offset` bytes. Unparsable references are
   * returned unverified.
   */
  setInstructions(requests: ReadonlyArray<{ instructionReference?: unknown; offset?: unknown } & BreakpointRequest>): DebugProtocol.Breakpoint[] {
    this.instructions = [];
    return requests.map((r) => {
      const id = this.nextId++;
      const base = parseAddress(r?.instructionReference);
      const offset = typeof r?.offset === 'number' && Number.isSafeInteger(r.offset) ? r.offset : 0;
      if (base === undefined || base + offset < 0) {
        return { id, verified: false, message: `bad instruction reference ${JSON.stringify(r?.instructionReference)}` };
      }
      const options = parseBreakpointOptions(r ?? {});
      if ('error' in options) return { id, verified: false, message: options.error };
      this.instructions.push({ id, address: base + offset, options });
      return { id, verified: true, instructionReference: hex(base + offset) };
    });
  }

  /**
   * Replaces every function breakpoint (DAP setFunctionBreakpoints). `program` undefined means
   * not launched yet: they stay unverified until {@link resolveAll}.
   */
  setFunctions(program: Program | undefined, requests: ReadonlyArray<{ name?: unknown } & BreakpointRequest>): DebugProtocol.Breakpoint[] {
    this.functions = requests.map((r) => this.resolveFunction(program, typeof r?.name === 'string' ? r.name : '', r ?? {}, this.nextId++));
    return this.functions.map(functionToDap);
  }

  private resolveFunction(program: Program | undefined, name: string, request: BreakpointRequest, id: number): FunctionRecord {
    const base = { id, name, request, addresses: [] as number[], options: {} };
    const options = parseBreakpointOptions(request);
    if ('error' in options) return { ...base, message: options.error };
    if (name.trim() === '') return { ...base, options, message: 'a function breakpoint needs a function name' };
    if (!program) return { ...base, options, message: 'The program is not loaded yet' };
    const addresses = program.functionBreakpointAddresses(name.trim());
    if (addresses.length === 0) return { ...base, options, message: `Function "${name.trim()}" not defined.` };
    return { ...base, options, addresses };
  }

  /**
   * Replaces the breakpoints of `sourcePath` with `lines` (1-based). `program` undefined means
   * not launched yet: the breakpoints stay unverified until {@link resolveAll}.
   */
  set(program: Program | undefined, sourcePath: string, lines: number[], requests: readonly BreakpointRequest[] = []): DebugProtocol.Breakpoint[] {
    const records = lines.map((line, i) => this.resolve(program, sourcePath, line, this.nextId++, requests[i] ?? {}));
    this.bySource.set(sourcePath, records);
    return records.map((r) => toDap(sourcePath, r));
  }

  /** Re-resolves every breakpoint against a newly loaded program; returns them all for `changed` events. */
  resolveAll(program: Program): DebugProtocol.Breakpoint[] {
    const all: DebugProtocol.Breakpoint[] = [];
    for (const [source, records] of this.bySource) {
      const updated = records.map((r) => this.resolve(program, source, r.requested, r.id, r.request));
      this.bySource.set(source, updated);
      all.push(...updated.map((r) => toDap(source, r)));
    }
    this.functions = this.functions.map((f) => this.resolveFunction(program, f.name, f.request, f.id));
    all.push(...this.functions.map(functionToDap));
    return all;
  }

  /** Host paths of the sources that have breakpoints. */
  sourcePaths(): string[] {
    return [...this.bySource.keys()];
  }

  /** Every address carrying a user breakpoint. */
  addresses(): Set<number> {
    const set = new Set<number>();
    for (const records of this.bySource.values()) for (const r of records) for (const a of r.addresses) set.add(a);
    for (const i of this.instructions) set.add(i.address);
    for (const f of this.functions) for (const a of f.addresses) set.add(a);
    return set;
  }

  /** The breakpoints placed at `pc` with their options, in id order (what a hit there consults). */
  placedAt(pc: number): PlacedBreakpoint[] {
    const placed: PlacedBreakpoint[] = [];
    for (const records of this.bySource.values()) for (const r of records) if (r.addresses.includes(pc)) placed.push(r);
    for (const f of this.functions) if (f.addresses.includes(pc)) placed.push(f);
    for (const i of this.instructions) if (i.address === pc) placed.push({ id: i.id, options: i.options, anyImage: true });
    return placed.sort((a, b) => a.id - b.id);
  }

  /** Source lines of the line breakpoints placed at `pc`. */
  linesAt(pc: number): number[] {
    const lines: number[] = [];
    for (const records of this.bySource.values()) for (const r of records) if (r.addresses.includes(pc)) lines.push(r.line);
    return lines;
  }

  /** Ids of the breakpoints placed at `pc` (for a `stopped` event's hitBreakpointIds). */
  idsAt(pc: number): number[] {
    return this.placedAt(pc).map((b) => b.id);
  }

  private resolve(program: Program | undefined, sourcePath: string, line: number, id: number, request: BreakpointRequest): BreakpointRecord {
    const parsed = parseBreakpointOptions(request);
    const options = 'error' in parsed ? {} : parsed;
    const unverified = (message: string): BreakpointRecord => ({ id, requested: line, line, addresses: [], message, options, request });
    if ('error' in parsed) return unverified(parsed.error);
    if (!program) return unverified('The program is not loaded yet');
    if (!program.lines) return unverified(`No line table in ${path.basename(program.hostPath)}: ${program.lineError ?? 'compile with -g'}`);
    const base = path.basename(sourcePath);
    if (bestPathMatches(sourcePath, program.sourceFiles()).length === 0) {
      return unverified(`${base} is not part of ${path.basename(program.hostPath)} (no line-table entries for it)`);
    }
    const resolved = program.resolveBreakpoint(sourcePath, line);
    if (!resolved || resolved.addresses.length === 0) return unverified(`No code at or after line ${line} of ${base}`);
    return { id, requested: line, line: resolved.line, addresses: resolved.addresses, options, request };
  }
}

function functionToDap(f: FunctionRecord): DebugProtocol.Breakpoint {
  const bp: DebugProtocol.Breakpoint = { id: f.id, verified: f.addresses.length > 0 };
  if (f.message !== undefined) bp.message = f.message;
  if (f.addresses.length > 0) bp.instructionReference = hex(f.addresses[0]!);
  return bp;
}

function toDap(sourcePath: string, r: BreakpointRecord): DebugProtocol.Breakpoint {
  const bp: DebugProtocol.Breakpoint = {
    id: r.id,
    verified: r.addresses.length > 0,
    line: r.line,
    source: { name: path.basename(sourcePath), path: sourcePath },
  };
  if (r.message !== undefined) bp.message = r.message;
  if (r.addresses.length > 0) bp.instructionReference = hex(r.addresses[0]!);
  return bp;
}
