/**
 * The Registers scope of a frame: x1..x31 by ABI name and the pc (RISC-V psABI "Integer
 * Register Convention"), then two expandable groups: the FP registers f0..f31 by ABI name as
 * doubles and raw bits with fcsr/fflags/frm (Unprivileged spec, "F" chapter: fcsr = frm << 5 |
 * fflags), and the supervisor CSRs as the kernel saw them at the thread's last trap (scause,
 * stval, sepc, sstatus, satp with MODE/ASID/PPN decoded; privileged spec 4.1).
 *
 * An outer frame shows the registers recovered for it by unwinding; a register unwinding
 * could not recover shows `<not saved>`, as gdb prints it.
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import { exceptionName } from '../emu/trap';
import { PAGE_SIZE, satpAsid, satpMode, satpPpn, SATP_MODE_SV39 } from '../emu/sv39';
import { F_NAMES } from '../isa';
import { ABI_NAMES } from './registers';
import { hex, hex64 } from './format';
import { RISCV_DWARF_F0 } from '../dwarf/expr';
import type { PhysicalFrame } from './frames';

/** Which rows a Registers reference lists. */
export type RegisterGroup = 'x' | 'f' | 'csr';

/** What the kernel reports of a thread's FP control and last trap (frame 0 only). */
export interface TrapState {
  scause: number;
  stval: number;
  sepc: number;
  sstatus: bigint;
  satp: bigint;
  /** frm << 5 | fflags. */
  fcsr?: number;
}

/** ABI names of f0..f31 (psABI "Floating-point Register Convention"). */
export const FP_ABI_NAMES: readonly string[] = F_NAMES;

/** fcsr fields (Unprivileged spec, "Floating-Point Control and Status Register"). */
const FFLAGS_MASK = 0x1f;
const FRM_SHIFT = 5;
const FRM_MASK = 0x7;
/** Rounding-mode names by frm value (table "Rounding mode encoding"). */
const FRM_NAMES = ['RNE', 'RTZ', 'RDN', 'RUP', 'RMM', 'reserved', 'reserved', 'DYN'];
/** Accrued exception flag letters, bit 4 down to 0: NV DZ OF UF NX. */
const FFLAG_NAMES = ['NX', 'UF', 'OF', 'DZ', 'NV'];
/** The interrupt bit of scause (XLEN-1). */
const SCAUSE_INTERRUPT = 1n << 63n;
/** Number of integer and FP registers. */
const REG_COUNT = 32;

const NOT_SAVED = '<not saved>';

/** The rows of one register group of `frame`; `group` rows link to sub-groups through `refFor`. */
export function registerScopeRows(frame: PhysicalFrame, group: RegisterGroup, trap: TrapState | undefined, refFor: (g: RegisterGroup) => number): DebugProtocol.Variable[] {
  if (group === 'f') return fpRows(frame, trap);
  if (group === 'csr') return trap ? csrRows(trap) : [];
  const rows: DebugProtocol.Variable[] = [];
  for (let i = 1; i < REG_COUNT; i++) rows.push(intRow(ABI_NAMES[i]!, `x${i}`, frame.regs[i]));
  rows.push(intRow('pc', 'pc', BigInt(frame.pc)));
  rows.push({ name: 'Floating point', value: 'f0..f31, fcsr', variablesReference: refFor('f'), presentationHint: { kind: 'virtual' } });
  if (trap) rows.push({ name: 'CSRs', value: `scause ${trap.scause} (${exceptionName(trap.scause)})`, variablesReference: refFor('csr'), presentationHint: { kind: 'virtual' } });
  return rows;
}

function intRow(name: string, arch: string, v: bigint | undefined): DebugProtocol.Variable {
  if (v === undefined) return { name, value: NOT_SAVED, type: arch, variablesReference: 0 };
  return { name, value: hex64(v), type: arch, variablesReference: 0, memoryReference: hex(BigInt.asUintN(64, v)), evaluateName: `$${name}` };
}

/** f0..f31 as gdb's `info registers float` shows them: the double and the raw bits. */
function fpRows(frame: PhysicalFrame, trap: TrapState | undefined): DebugProtocol.Variable[] {
  const rows: DebugProtocol.Variable[] = [];
  for (let i = 0; i < REG_COUNT; i++) {
    const raw = frame.regs[RISCV_DWARF_F0 + i];
    const name = FP_ABI_NAMES[i]!;
    rows.push(raw === undefined
      ? { name, value: NOT_SAVED, type: `f${i}`, variablesReference: 0 }
      : { name, value: `${formatDouble(raw)} (raw ${hex64(raw)})`, type: `f${i}`, variablesReference: 0, evaluateName: `$${name}` });
  }
  if (trap?.fcsr !== undefined) {
    const fflags = trap.fcsr & FFLAGS_MASK;
    const frm = (trap.fcsr >> FRM_SHIFT) & FRM_MASK;
    rows.push({ name: 'fcsr', value: hex(trap.fcsr), type: 'csr 0x003', variablesReference: 0 });
    rows.push({ name: 'fflags', value: `${hex(fflags)} [${FFLAG_NAMES.filter((_, b) => fflags & (1 << b)).reverse().join(' ')}]`, type: 'csr 0x001', variablesReference: 0 });
    rows.push({ name: 'frm', value: `${frm} (${FRM_NAMES[frm]})`, type: 'csr 0x002', variablesReference: 0 });
  }
  return rows;
}

/** The supervisor CSRs of the last trap, decoded. */
function csrRows(t: TrapState): DebugProtocol.Variable[] {
  const interrupt = (BigInt(t.scause) & SCAUSE_INTERRUPT) !== 0n;
  const mode = satpMode(t.satp);
  return [
    { name: 'scause', value: `${t.scause} (${interrupt ? 'interrupt' : exceptionName(t.scause)})`, type: 'csr 0x142', variablesReference: 0 },
    { name: 'stval', value: hex(t.stval), type: 'csr 0x143', variablesReference: 0 },
    { name: 'sepc', value: hex(t.sepc), type: 'csr 0x141', variablesReference: 0 },
    { name: 'sstatus', value: hex64(t.sstatus), type: 'csr 0x100', variablesReference: 0 },
    {
      name: 'satp',
      value: `${hex64(t.satp)} (MODE ${mode === SATP_MODE_SV39 ? 'Sv39' : mode}, ASID ${satpAsid(t.satp)}, root table pa ${hex(satpPpn(t.satp) * PAGE_SIZE)})`,
      type: 'csr 0x180', variablesReference: 0,
    },
  ];
}

/** A raw 64-bit FP register as a double, gdb's %.17g style (NaN-boxed singles show as NaN). */
function formatDouble(raw: bigint): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt.asUintN(64, raw), true);
  const x = view.getFloat64(0, true);
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return Number(x.toPrecision(17)).toString();
}
