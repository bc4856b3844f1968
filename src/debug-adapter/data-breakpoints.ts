/**
 * Data breakpoints (DAP dataBreakpointInfo / setDataBreakpoints): a variable or an lvalue
 * expression in memory, watched for writes, reads or both through the kernel's watchpoints
 * (src/kernel/watch.ts: per process, through the MMU, so a write the kernel makes on the
 * process's behalf, e.g. read(2) into the buffer, is reported too). A `dataId` names the
 * bytes, not the expression: "pid:address:size". gdb calls these watchpoints and reports a
 * hit as "Old value = ... / New value = ...".
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DwarfType } from '../dwarf/model';
import type { WatchpointAccess, WatchpointRequest, WatchpointResult, WatchpointStop } from '../kernel/api';
import { hex } from './format';
import type { WatchTarget } from './inspector';

/** The access types the kernel watches (DAP DataBreakpointAccessType). */
export const DATA_ACCESS_TYPES: DebugProtocol.DataBreakpointAccessType[] = ['write', 'read', 'readWrite'];

/** One data breakpoint the client set, after the kernel accepted it. */
interface WatchRecord {
  id: number;
  target: WatchTarget;
  access: WatchpointAccess;
}

/** `dataId` for a watch target: "pid:address:size" (decimal pid and size, hex address). */
export function dataIdOf(t: WatchTarget): string {
  return `${t.pid}:${hex(t.address)}:${t.size}`;
}

/** Parses a dataId back; undefined for anything this adapter did not hand out. */
function parseDataId(id: unknown): { pid: number; address: number; size: number } | undefined {
  if (typeof id !== 'string') return undefined;
  const m = /^(\d{1,9}):0x([0-9a-f]{1,14}):(\d{1,9})$/.exec(id);
  if (!m) return undefined;
  return { pid: Number(m[1]), address: parseInt(m[2]!, 16), size: Number(m[3]) };
}

/** The client's data breakpoints and what each dataId watched when it was handed out. */
export class DataBreakpoints {
  private nextId = 1;
  private records: WatchRecord[] = [];
  /** Targets by dataId, remembered from dataBreakpointInfo (the type formats old/new values). */
  private readonly known = new Map<string, WatchTarget>();

  /** The body of dataBreakpointInfo for a target, or for a reason it cannot be watched. */
  info(target: WatchTarget | { error: string }): DebugProtocol.DataBreakpointInfoResponse['body'] {
    if ('error' in target) return { dataId: null, description: target.error };
    const dataId = dataIdOf(target);
    this.known.set(dataId, target);
    return { dataId, description: `${target.description} (${target.size} bytes at ${hex(target.address)} in pid ${target.pid})`, accessTypes: DATA_ACCESS_TYPES, canPersist: false };
  }

  /**
   * Replaces every data breakpoint: checks each request, installs the valid ones with
   * `install` (the kernel's setWatchpoints) and answers one DAP breakpoint per request.
   */
  set(requests: readonly DebugProtocol.DataBreakpoint[], install: (list: WatchpointRequest[]) => WatchpointResult[]): DebugProtocol.Breakpoint[] {
    const pending: Array<{ record?: WatchRecord; error?: string }> = requests.map((r) => {
      const id = this.nextId++;
      const parsed = parseDataId(r?.dataId);
      const target = parsed ? this.known.get(String(r.dataId)) : undefined;
      if (!parsed || !target) return { error: `unknown dataId ${JSON.stringify(r?.dataId)} (ask dataBreakpointInfo first)` };
      const access = r.accessType ?? 'write';
      if (!DATA_ACCESS_TYPES.includes(access)) return { error: `unknown access type ${JSON.stringify(access)}` };
      if (r.condition || r.hitCondition) return { error: 'conditions on data breakpoints are not supported' };
      return { record: { id, target, access } };
    });
    const records = pending.flatMap((p) => (p.record ? [p.record] : []));
    const results = install(records.map((w) => ({ id: w.id, pid: w.target.pid, address: w.target.address, length: w.target.size, access: w.access })));
    const failed = new Map(results.flatMap((r) => (r.ok ? [] : [[r.id, r.error] as const])));
    this.records = records.filter((w) => !failed.has(w.id));
    return pending.map((p) => {
      if (!p.record) return { verified: false, message: p.error };
      const error = failed.get(p.record.id);
      return error !== undefined ? { id: p.record.id, verified: false, message: error } : { id: p.record.id, verified: true, description: p.record.target.description };
    });
  }

  /**
   * The sentences of a hit, gdb's way: "Hardware watchpoint 2: total" plus the old and new
   * values for a write (formatted by `format` in the watched type), and who wrote it.
   */
  describe(stop: WatchpointStop, format: (type: DwarfType, bytes: Uint8Array) => string): { title: string; text: string } {
    const w = this.records.find((r) => r.id === stop.id);
    const name = w?.target.description ?? hex(stop.address);
    const kind = stop.access === 'read' ? 'Read watchpoint' : 'Hardware watchpoint';
    const lines = [`${kind} ${stop.id}: ${name}`];
    if (stop.byKernel) lines.push(`written by the kernel in ${stop.byKernel}(2)`);
    if (w && stop.oldBytes && stop.newBytes) {
      lines.push(`Old value = ${format(w.target.type, stop.oldBytes)}`, `New value = ${format(w.target.type, stop.newBytes)}`);
    }
    return { title: kind, text: lines.join('\n') };
  }
}
