/**
 * What a register or CSR name means, for hover and completion. Names and numbers come from the
 * instruction set layer (src/isa X_NAMES, F_NAMES, CSR_NAMES, read through the assembler's name
 * lookups); the roles are the calling convention of the RISC-V ELF psABI ("Integer Register
 * Convention", "Floating-point Register Convention") and the Linux syscall convention
 * (syscall(2): a7 = number, a0..a5 = arguments, a0 = result). CSR privilege and access come from
 * the CSR number itself (privileged spec, "CSR Address Mapping Conventions").
 */
import { CSR_NAMES, F_NAMES, X_NAMES } from '../isa';
import { csrNumber, fRegister, xRegister } from '../toolchain/asm/registers';

/** Who preserves a register across a call: the caller saves it if it needs it, or the callee restores it. */
export type Saver = 'caller' | 'callee' | 'none';

/** A register as a student looks it up. */
export interface RegisterInfo {
  /** `x` for integer registers, `f` for floating-point ones. */
  file: 'x' | 'f';
  number: number;
  /** psABI name (`a0`, `fs1`). */
  abiName: string;
  /** What the calling convention uses it for. */
  role: string;
  saver: Saver;
  /** Its part in a Linux system call (`ecall`), when it has one. */
  syscallRole?: string;
}

/** Number of syscall argument registers (a0..a5). */
const SYSCALL_ARG_COUNT = 6;

/** Role and saver of integer register `n` from its ABI name (psABI Table "Integer register convention"). */
function xRole(n: number, name: string): [string, Saver] {
  switch (name) {
    case 'zero': return ['hard-wired zero (writes are ignored)', 'none'];
    case 'ra': return ['return address', 'caller'];
    case 'sp': return ['stack pointer (16-byte aligned at calls)', 'callee'];
    case 'gp': return ['global pointer (set once by the start-up code; linker relaxation uses it)', 'none'];
    case 'tp': return ['thread pointer (thread-local storage)', 'none'];
    case 's0': return ['saved register / frame pointer (fp)', 'callee'];
  }
  const index = Number(name.slice(1));
  if (name[0] === 't') return [n === 5 ? 'temporary (alternate link register)' : 'temporary', 'caller'];
  if (name[0] === 's') return ['saved register', 'callee'];
  return [index < 2 ? 'function argument / return value' : 'function argument', 'caller'];
}

/** Role of a floating-point register from its ABI name (psABI "Floating-point register convention"). */
function fRole(name: string): [string, Saver] {
  const index = Number(name.slice(2));
  if (name.startsWith('fs')) return ['FP saved register', 'callee'];
  if (name.startsWith('fa')) return [index < 2 ? 'FP function argument / return value' : 'FP function argument', 'caller'];
  return ['FP temporary', 'caller'];
}

/** The syscall role of integer register `name` (a0..a5 arguments, a0 result, a7 number). */
function syscallRole(name: string): string | undefined {
  if (name === 'a7') return 'syscall number';
  if (name === 'a0') return 'syscall argument 1 and result (-errno on failure)';
  const m = /^a([0-9])$/.exec(name);
  return m !== null && Number(m[1]) < SYSCALL_ARG_COUNT ? `syscall argument ${Number(m[1]) + 1}` : undefined;
}

/** What register `name` is (x0..x31, f0..f31, ABI names, `fp`; case-insensitive), or undefined. */
export function registerInfo(name: string): RegisterInfo | undefined {
  const x = xRegister(name);
  if (x !== undefined) {
    const abiName = X_NAMES[x]!;
    const [role, saver] = xRole(x, abiName);
    const sc = syscallRole(abiName);
    return { file: 'x', number: x, abiName, role, saver, ...(sc === undefined ? {} : { syscallRole: sc }) };
  }
  const f = fRegister(name);
  if (f === undefined) return undefined;
  const abiName = F_NAMES[f]!;
  const [role, saver] = fRole(abiName);
  return { file: 'f', number: f, abiName, role, saver };
}

/** Privilege levels in CSR number bits 9:8 (privileged spec, Table "Allocation of RISC-V CSR address ranges"). */
const PRIVILEGE_NAMES = ['User', 'Supervisor', 'Hypervisor', 'Machine'] as const;
const CSR_PRIVILEGE_SHIFT = 8;
const CSR_PRIVILEGE_MASK = 0b11;
/** Bits 11:10 equal to 0b11 mark a read-only CSR. */
const CSR_ACCESS_SHIFT = 10;
const CSR_READ_ONLY = 0b11;

/** A CSR as hover shows it. */
export interface CsrInfo {
  name: string;
  number: number;
  /** Lowest privilege level that may access it (bits 9:8 of the number). */
  privilege: typeof PRIVILEGE_NAMES[number];
  readOnly: boolean;
}

/** What CSR `name` is (a name CSR_NAMES lists; case-insensitive), or undefined. */
export function csrInfo(name: string): CsrInfo | undefined {
  const number = csrNumber(name);
  if (number === undefined) return undefined;
  return {
    name: CSR_NAMES.get(number)!,
    number,
    privilege: PRIVILEGE_NAMES[(number >>> CSR_PRIVILEGE_SHIFT) & CSR_PRIVILEGE_MASK]!,
    readOnly: ((number >>> CSR_ACCESS_SHIFT) & CSR_READ_ONLY) === CSR_READ_ONLY,
  };
}

/** One line saying what a register is, e.g. `x10 (a0): function argument / return value; caller-saved`. */
export function registerSummary(r: RegisterInfo): string {
  const saved = r.saver === 'none' ? 'not allocated by the compiler' : `${r.saver}-saved`;
  return `${r.file}${r.number} (${r.abiName}): ${r.role}; ${saved}`;
}
