/**
 * The unwind table of one FDE (DWARF 5 section 6.4.1, figure 6.13; instructions in
 * section 6.4.2): run the CIE's initial instructions, keep that state as the "initial
 * rules" DW_CFA_restore returns to, then run the FDE's instructions. Each advance closes
 * the current row [loc, newLoc) and starts the next; the last row ends at the FDE's end.
 *
 * Choices (documented where the spec is silent):
 * - The CFA starts as r0+0 (no DW_CFA_def_cfa yet), as gimli and readelf start it.
 * - DW_CFA_remember_state saves the CFA rule with the register rules, as gcc's unwinder,
 *   gdb and readelf do (gcc's epilogue CFI relies on it).
 * - An advance past the FDE's end, or a DW_CFA_set_loc backwards, ends the table with an
 *   error; the rows before it stay usable. Any other bad instruction also ends the table
 *   there (its operand length is unknown), and its row is dropped.
 */
import { Cursor } from '../cursor';
import { decodeInstruction, type CfaInstruction, type DecodeContext } from './instructions';
import type { CfaRule, Fde, FrameBases, FrameSectionKind, RegisterRule, UnwindRow } from './types';

/** The rows of one FDE in pc order, and the error that cut them short, if any. */
export interface UnwindTable {
  rows: UnwindRow[];
  error?: string;
}

/** CFA rule + register rules: the state the instructions change. */
interface RowState {
  cfa: CfaRule;
  rules: Map<number, RegisterRule>;
}

const copyState = (s: RowState): RowState => ({ cfa: s.cfa, rules: new Map(s.rules) });
const INITIAL_CFA: CfaRule = { kind: 'regOffset', reg: 0, offset: 0 };

/** The machine: current state, its location, the remembered-state stack, the output. */
class TableBuilder {
  state: RowState = { cfa: INITIAL_CFA, rules: new Map() };
  initial: RowState | undefined;
  readonly stack: RowState[] = [];
  readonly rows: UnwindRow[] = [];
  loc: number;

  constructor(private readonly fde: Fde) {
    this.loc = fde.pcBegin;
  }

  /** Closes the current row at `to` (rows of no width are not kept). */
  closeRow(to: number): void {
    if (to <= this.loc) return;
    const { cie } = this.fde;
    this.rows.push({
      startPc: this.loc, endPc: to, cfa: this.state.cfa, rules: new Map(this.state.rules),
      returnAddressRegister: cie.returnAddressRegister, signalFrame: cie.signalFrame,
    });
  }

  /** Runs one instruction; an error string stops the table. */
  apply(insn: CfaInstruction, inCie: boolean): string | undefined {
    switch (insn.op) {
      case 'advance': case 'setLoc':
        return inCie ? 'location instruction in a CIE' : this.moveTo(insn.op === 'advance' ? this.loc + insn.delta : insn.address);
      case 'defCfa': this.state.cfa = { kind: 'regOffset', reg: insn.reg, offset: insn.offset }; return undefined;
      case 'defCfaRegister': case 'defCfaOffset': return this.changeCfa(insn);
      case 'defCfaExpression': this.state.cfa = { kind: 'expression', expr: insn.expr }; return undefined;
      case 'rule': this.state.rules.set(insn.reg, insn.rule); return undefined;
      case 'restore': return inCie ? 'DW_CFA_restore in a CIE' : this.restore(insn.reg);
      case 'rememberState': this.stack.push(copyState(this.state)); return undefined;
      case 'restoreState': {
        const saved = this.stack.pop();
        if (!saved) return 'DW_CFA_restore_state with no remembered state';
        this.state = saved;
        return undefined;
      }
      case 'nop': return undefined;
    }
  }

  private moveTo(next: number): string | undefined {
    if (next < this.loc) return `location moves backwards to 0x${next.toString(16)}`;
    if (next > this.fde.pcEnd) {
      this.closeRow(this.fde.pcEnd);
      this.loc = this.fde.pcEnd;
      return `advance to 0x${next.toString(16)} is past the FDE's end 0x${this.fde.pcEnd.toString(16)}`;
    }
    this.closeRow(next);
    this.loc = next;
    return undefined;
  }

  /** DW_CFA_def_cfa_register / _offset: only valid while the CFA is register + offset. */
  private changeCfa(insn: { op: 'defCfaRegister'; reg: number } | { op: 'defCfaOffset'; offset: number }): string | undefined {
    const cfa = this.state.cfa;
    if (cfa.kind !== 'regOffset') return `DW_CFA_def_cfa_${insn.op === 'defCfaRegister' ? 'register' : 'offset'} while the CFA is an expression`;
    this.state.cfa = insn.op === 'defCfaRegister' ? { ...cfa, reg: insn.reg } : { ...cfa, offset: insn.offset };
    return undefined;
  }

  private restore(reg: number): undefined {
    const rule = this.initial?.rules.get(reg);
    if (rule === undefined) this.state.rules.delete(reg);
    else this.state.rules.set(reg, rule);
    return undefined;
  }
}

/** Runs `bytes` (at section address `address`) through the builder; an error string stops it. */
function run(builder: TableBuilder, bytes: Uint8Array, address: number, ctx: Omit<DecodeContext, 'pointers'>, bases: FrameBases, inCie: boolean): string | undefined {
  const cur = new Cursor(bytes, 0);
  const pointers = { bases: { ...bases, section: address }, addressSize: ctx.cie.addressSize, funcBase: builder.loc };
  while (!cur.atEnd) {
    const insn = decodeInstruction(cur, { ...ctx, pointers });
    if (typeof insn === 'string') return insn;
    const error = builder.apply(insn, inCie);
    if (error !== undefined) return error;
  }
  return undefined;
}

/**
 * The unwind table of `fde`, read from a section of kind `kind` whose pointer bases are
 * `bases` (bases.section = the section's address). Never throws; see the file comment for
 * how errors end the table.
 */
export function unwindTable(fde: Fde, kind: FrameSectionKind, bases: FrameBases): UnwindTable {
  const builder = new TableBuilder(fde);
  const { cie } = fde;
  const where = `FDE at ${kind}+0x${fde.offset.toString(16)}`;
  const cieError = run(builder, cie.instructions, bases.section + cie.instructionsOffset, { cie, kind }, bases, true);
  if (cieError !== undefined) return { rows: [], error: `${where}: CIE initial instructions: ${cieError}` };
  builder.initial = copyState(builder.state);
  builder.stack.length = 0;
  const fdeError = run(builder, fde.instructions, bases.section + fde.instructionsOffset, { cie, kind }, bases, false);
  if (fdeError !== undefined) return { rows: builder.rows, error: `${where}: ${fdeError}` };
  builder.closeRow(fde.pcEnd);
  return { rows: builder.rows };
}
