/**
 * The Variables view: a `Registers` scope (x1..x31 by ABI name, then pc, as 64-bit hex) and a
 * `Process` scope (pid, ppid, name, state, brk, threads) for each stack frame. References are
 * valid until the next resume (DAP: variablesReference lifetime is one stop).
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import { Handles } from '@vscode/debugadapter';
import type { ProcessInfo, RegisterSnapshot } from '../kernel/api';
import { formatRegister, registerRows } from './registers';
import { hex } from './format';

/** What a variables reference points at. */
type ScopeRef = { kind: 'registers'; tid: number } | { kind: 'process'; pid: number };

/** Read access the scopes need (the runtime's kernel satisfies it). */
export interface VariableSource {
  registers(tid: number): RegisterSnapshot | undefined;
  processes(): ProcessInfo[];
}

/** Issues scope references and answers `variables` for them. */
export class VariableStore {
  private handles = new Handles<ScopeRef>();

  /** Forgets every reference (call on resume). */
  reset(): void {
    this.handles.reset();
  }

  /** The two scopes of a frame of thread `tid` in process `pid`. */
  scopes(tid: number, pid: number | undefined): DebugProtocol.Scope[] {
    const scopes: DebugProtocol.Scope[] = [
      { name: 'Registers', presentationHint: 'registers', variablesReference: this.handles.create({ kind: 'registers', tid }), expensive: false },
    ];
    if (pid !== undefined) {
      scopes.push({ name: 'Process', variablesReference: this.handles.create({ kind: 'process', pid }), expensive: false });
    }
    return scopes;
  }

  /** Variables of reference `ref`; undefined when the reference is unknown or stale. */
  variables(src: VariableSource, ref: number): DebugProtocol.Variable[] | undefined {
    const scope = this.handles.get(ref);
    if (!scope) return undefined;
    if (scope.kind === 'registers') {
      const regs = src.registers(scope.tid);
      if (!regs) return [];
      return registerRows(regs).map((r) => ({
        name: r.name,
        value: formatRegister(r.value),
        type: r.arch,
        variablesReference: 0,
        memoryReference: hex(r.value),
      }));
    }
    const p = src.processes().find((q) => q.pid === scope.pid);
    if (!p) return [];
    const rows: Array<[string, string]> = [
      ['pid', String(p.pid)],
      ['ppid', String(p.ppid)],
      ['name', p.name],
      ['state', p.state],
      ['brk', hex(p.brk)],
      ['threads', p.tids.join(', ')],
    ];
    if (p.exitStatus !== undefined) rows.push(['exitStatus', hex(p.exitStatus)]);
    return rows.map(([name, value]) => ({ name, value, variablesReference: 0 }));
  }
}
