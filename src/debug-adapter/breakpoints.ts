/**
 * Source-line breakpoints (DAP setBreakpoints): resolves each requested line through the
 * program's line table to virtual addresses, moving it to the next line with code (gdb's
 * rule), and reports lines it cannot place as unverified with the reason. Also holds the
 * instruction breakpoints of the Disassembly view (DAP setInstructionBreakpoints).
 */
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { bestPathMatches } from '../dwarf';
import type { Program } from './program';
import { hex, parseAddress } from './format';

/** One breakpoint the client set, after resolution. */
interface BreakpointRecord {
  id: number;
  /** Line the user asked for. */
  requested: number;
  /** Line it was placed on (may be later than `requested`). */
  line: number;
  addresses: number[];
  message?: string;
}

/** The user's breakpoints: source lines (by host source path) and instructions. */
export class UserBreakpoints {
  private nextId = 1;
  private readonly bySource = new Map<string, BreakpointRecord[]>();
  /** Instruction breakpoints (Disassembly view): id and virtual address. */
  private instructions: Array<{ id: number; address: number }> = [];

  /**
   * Replaces every instruction breakpoint (DAP setInstructionBreakpoints): each at
   * `instructionReference` ("0x..." address) plus `offset` bytes. Unparsable references are
   * returned unverified.
   */
  setInstructions(requests: ReadonlyArray<{ instructionReference?: unknown; offset?: unknown }>): DebugProtocol.Breakpoint[] {
    this.instructions = [];
    return requests.map((r) => {
      const id = this.nextId++;
      const base = parseAddress(r?.instructionReference);
      const offset = typeof r?.offset === 'number' && Number.isSafeInteger(r.offset) ? r.offset : 0;
      if (base === undefined || base + offset < 0) {
        return { id, verified: false, message: `bad instruction reference ${JSON.stringify(r?.instructionReference)}` };
      }
      this.instructions.push({ id, address: base + offset });
      return { id, verified: true, instructionReference: hex(base + offset) };
    });
  }

  /**
   * Replaces the breakpoints of `sourcePath` with `lines` (1-based). `program` undefined means
   * not launched yet: the breakpoints stay unverified until {@link resolveAll}.
   */
  set(program: Program | undefined, sourcePath: string, lines: number[]): DebugProtocol.Breakpoint[] {
    const records = lines.map((line) => this.resolve(program, sourcePath, line, this.nextId++));
    this.bySource.set(sourcePath, records);
    return records.map((r) => toDap(sourcePath, r));
  }

  /** Re-resolves every breakpoint against a newly loaded program; returns them all for `changed` events. */
  resolveAll(program: Program): DebugProtocol.Breakpoint[] {
    const all: DebugProtocol.Breakpoint[] = [];
    for (const [source, records] of this.bySource) {
      const updated = records.map((r) => this.resolve(program, source, r.requested, r.id));
      this.bySource.set(source, updated);
      all.push(...updated.map((r) => toDap(source, r)));
    }
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
    return set;
  }

  /** Ids of the breakpoints placed at `pc` (for a `stopped` event's hitBreakpointIds). */
  idsAt(pc: number): number[] {
    const ids: number[] = [];
    for (const records of this.bySource.values()) for (const r of records) if (r.addresses.includes(pc)) ids.push(r.id);
    for (const i of this.instructions) if (i.address === pc) ids.push(i.id);
    return ids;
  }

  private resolve(program: Program | undefined, sourcePath: string, line: number, id: number): BreakpointRecord {
    const unverified = (message: string): BreakpointRecord => ({ id, requested: line, line, addresses: [], message });
    if (!program) return unverified('The program is not loaded yet');
    if (!program.lines) return unverified(`No line table in ${path.basename(program.hostPath)}: ${program.lineError ?? 'compile with -g'}`);
    const base = path.basename(sourcePath);
    if (bestPathMatches(sourcePath, program.sourceFiles()).length === 0) {
      return unverified(`${base} is not part of ${path.basename(program.hostPath)} (no line-table entries for it)`);
    }
    const resolved = program.resolveBreakpoint(sourcePath, line);
    if (!resolved || resolved.addresses.length === 0) return unverified(`No code at or after line ${line} of ${base}`);
    return { id, requested: line, line: resolved.line, addresses: resolved.addresses };
  }
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
