/**
 * The kernel's side of a stack while a thread is paused inside a steppable kernel path
 * (DESIGN.md "Steppable kernel paths"): the kernel frames of its PauseRecord, the trap-boundary
 * label frame between them and the user frames, and the rows of the `Kernel` scope (the pause's
 * live values). The kernel's `.ts` sources ship with the extension; this module installs the
 * reader the kernel finds its pause lines with and maps a repository-relative kernel file to
 * the host path of the shipped copy.
 */
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { PauseFact, PauseRecord, PauseValues } from '../kernel/api';
import { errnoName } from '../kernel/errno-names';
import { setKernelSourceReader, hasKernelSourceReader, type SourceReader } from '../kernel/steps/lines';
import { findKernelSourceRoot, nodeSourceReader } from '../host/kernel-source';
import { PAGE_SHIFT, pteFlags, ptePpn } from '../emu/sv39';
import { signalName } from '../kernel/signal';
import { pteFlagString } from './custom';
import { hex } from './format';

/** Where a thread is paused in the kernel: the pause and the number of kernel frames (1 = trap entry). */
export interface KernelPause {
  pause: PauseRecord;
  depth: number;
}

/**
 * What a kernel-side source frame shows: a kernel function at a line of the kernel's source
 * (`file` repository-relative, '' when the source was not found), or the trap-boundary label.
 */
export type KernelFrameInfo =
  | { kind: 'function'; fn: string; file: string; line: number; pause: PauseRecord }
  | { kind: 'trap'; pause: PauseRecord };

/** Kernel frames of a syscall path are named `sys_<name>` (kernel.ts steppedSyscall). */
const SYSCALL_FRAME_PREFIX = 'sys_';
/** scause of a store/AMO page fault (privileged spec 3.1.15, table 3.6). */
const SCAUSE_STORE_PAGE_FAULT = 15;
/** Names of the trap's access in the label ("page fault: store at …"). */
const ACCESS_WORDS: Record<string, string> = { write: 'store', read: 'load', execute: 'instruction fetch' };

let root: string | undefined;
let reader: SourceReader | undefined;

/**
 * Installs the reader of the kernel's shipped sources (the extension folder, or the repository
 * under a test runner) once per adapter process; returns the root folder, undefined when the
 * sources are not found (pause records then carry no file or line).
 */
export function installKernelSources(): string | undefined {
  if (reader) return root;
  root = findKernelSourceRoot();
  reader = nodeSourceReader(root);
  if (!hasKernelSourceReader()) setKernelSourceReader(reader);
  return root;
}

/** Host path of kernel source `file` (repository-relative, e.g. `src/kernel/fault.ts`); undefined when unknown. */
export function kernelHostPath(file: string): string | undefined {
  if (file === '' || !root) return undefined;
  return path.join(root, file);
}

/**
 * The text of the shipped kernel source at host path `hostPath`, when it names one of the
 * kernel's `.ts` files under the installed root (a `source` request); undefined otherwise.
 */
export function kernelSourceText(hostPath: string): string | undefined {
  const rel = kernelRelativePath(hostPath);
  return rel !== undefined && reader ? reader(rel) : undefined;
}

/** sourceReference numbers given to kernel sources, by host path (and back). */
const references = new Map<string, number>();
const referenced: string[] = [];

/**
 * The DAP `sourceReference` of kernel source `hostPath` (1, 2, … in order of first use, stable
 * for the adapter process): a frame carrying it makes VS Code fetch the text with a `source`
 * request and show it read-only, whether or not the file is on the client's disk.
 */
export function kernelSourceReference(hostPath: string): number {
  let ref = references.get(hostPath);
  if (ref === undefined) {
    referenced.push(hostPath);
    ref = referenced.length;
    references.set(hostPath, ref);
  }
  return ref;
}

/** The host path of kernel sourceReference `ref`; undefined for a number never given. */
export function kernelSourceByReference(ref: number): string | undefined {
  return Number.isInteger(ref) && ref >= 1 ? referenced[ref - 1] : undefined;
}

/** `hostPath` relative to the kernel source root (`src/kernel/fault.ts`) when it names a kernel `.ts` file there; else undefined. */
export function kernelRelativePath(hostPath: string): string | undefined {
  if (!root) return undefined;
  const rel = path.relative(root, path.resolve(hostPath)).split(path.sep).join('/');
  if (!rel.startsWith('src/kernel/') || !rel.endsWith('.ts') || rel.includes('..')) return undefined;
  return rel;
}

/** The kernel frames of `pause`, innermost first, then the trap label (the record lists frames outermost first). */
export function kernelFrames(pause: PauseRecord): KernelFrameInfo[] {
  const frames: KernelFrameInfo[] = pause.frames.slice().reverse().map((f) => ({ kind: 'function', fn: f.fn, file: f.file, line: f.line, pause }));
  frames.push({ kind: 'trap', pause });
  return frames;
}

/**
 * The kernel-boundary label under the kernel frames: `page fault: store at 0x… (scause 15)`,
 * `system call: write (a7 = 64)`, `signal delivery: SIGUSR1` or `slice end (timer)`; `root` is
 * the path's outermost kernel function, which names the entry when the values do not (a stop
 * at a kernel breakpoint deep in a path).
 */
export function trapLabel(v: PauseValues, root?: string): string {
  if (v.syscall !== undefined) return `system call: ${v.syscall}${v.nr !== undefined ? ` (a7 = ${v.nr})` : ''}`;
  if (root?.startsWith(SYSCALL_FRAME_PREFIX)) return `system call: ${root.slice(SYSCALL_FRAME_PREFIX.length)}`;
  if (root === 'deliverSignals') {
    const sig = v.signal ?? (typeof v.facts?.signal === 'number' ? v.facts.signal : undefined);
    return `signal delivery${sig !== undefined ? `: ${signalName(sig)}` : ''}`;
  }
  if (root === 'schedule') return 'slice end (timer)';
  const access = v.access !== undefined ? ACCESS_WORDS[v.access] ?? v.access
    : v.scause === SCAUSE_STORE_PAGE_FAULT ? 'store' : 'access';
  const at = v.stval ?? v.address;
  return `page fault: ${access}${at !== undefined ? ` at ${hex(at)}` : ''}${v.scause !== undefined ? ` (scause ${v.scause})` : ''}`;
}

/** A raw Sv39 PTE decoded: `0x… (ppn 0x…, V R W - U - A D)` (privileged spec 4.4.1); `0x0 (none)` for an empty entry. */
export function describePte(pte: bigint): string {
  if (pte === 0n) return '0x0 (none)';
  const letters = pteFlagString(pteFlags(pte)).split('').join(' ');
  return `${hex(pte)} (ppn ${hex(ptePpn(pte))}, ${letters})`;
}

/** A physical frame number as the physical address of its first byte: `pa 0x…`. */
export function framePa(ppn: number): string {
  return `pa ${hex(BigInt(ppn) << BigInt(PAGE_SHIFT))}`;
}

/**
 * Reads `len` bytes of the paused process's memory at virtual `va` without side effects (the
 * runtime's peekMemory); fewer or undefined when unreadable.
 */
export type PeekMemory = (va: number, len: number) => Uint8Array | undefined;

/**
 * Rows of the `Kernel` scope for `v`; `vmaRef` makes the reference of the expandable VMA row;
 * `peek` reads the process's memory for the strings and buffers of syscall arguments.
 */
export function kernelRows(v: PauseValues, vmaRef: () => number, peek?: PeekMemory): DebugProtocol.Variable[] {
  const rows: DebugProtocol.Variable[] = [];
  const add = (name: string, value: string | undefined, type?: string): void => {
    if (value !== undefined) rows.push({ name, value, variablesReference: 0, ...(type ? { type } : {}) });
  };
  if (v.syscall !== undefined) {
    add('syscall', `${v.syscall}${v.nr !== undefined ? ` (${v.nr})` : ''}`);
    if (v.args) rows.push(...syscallArgRows(v.syscall, v.args, peek));
    add('result', v.result === undefined ? undefined : resultText(v.result));
    add('blocked', v.blocked ? 'true (the call sleeps or runs again)' : undefined);
  }
  add('pid', v.pid?.toString());
  add('tid', v.tid?.toString());
  add('scause', v.scause?.toString());
  add('sepc', v.sepc !== undefined ? hex(v.sepc) : undefined);
  add('address', v.address !== undefined ? hex(v.address) : undefined);
  add('page', v.page !== undefined ? hex(v.page) : undefined);
  add('access', v.access);
  if (v.vma) rows.push({ name: 'vma', value: `${hex(v.vma.start)}-${hex(v.vma.end)} ${v.vma.perms} ${v.vma.name}`.trim(), type: 'Vma', variablesReference: vmaRef(), namedVariables: 4 });
  add('allowed', v.allowed?.toString());
  add('pteBefore', v.pteBefore !== undefined ? describePte(v.pteBefore) : undefined, 'pte');
  add('pteAfter', v.pteAfter !== undefined ? describePte(v.pteAfter) : undefined, 'pte');
  add('oldFrame', v.oldFrame !== undefined ? framePa(v.oldFrame) : undefined);
  add('newFrame', v.newFrame !== undefined ? framePa(v.newFrame) : undefined);
  add('refCount', v.refCount?.toString());
  add('oldStart', v.oldStart !== undefined ? hex(v.oldStart) : undefined);
  add('newStart', v.newStart !== undefined ? hex(v.newStart) : undefined);
  add('decision', v.decision);
  add('signal', v.signal !== undefined ? signalName(v.signal) : undefined);
  for (const [name, fact] of Object.entries(v.facts ?? {})) add(name, factValue(fact));
  return rows;
}

/** Largest errno a syscall returns as -errno (Linux MAX_ERRNO). */
const MAX_ERRNO = 4095;

/** A syscall's result as the Kernel scope shows it: `-2 (ENOENT)` for -errno, else the number. */
function resultText(result: number): string {
  const name = result < 0 && result >= -MAX_ERRNO ? errnoName(-result) : undefined;
  return name ? `${result} (${name})` : String(result);
}

/** A PauseValues fact as the Kernel scope shows it: bigints in hex, the rest as they are. */
export function factValue(fact: PauseFact): string {
  return typeof fact === 'bigint' ? hex(fact) : String(fact);
}

/** Rows of an expanded VMA: start, end, perms (`rw-p`), name. */
export function vmaRows(vma: NonNullable<PauseValues['vma']>): DebugProtocol.Variable[] {
  return [
    { name: 'start', value: hex(vma.start), variablesReference: 0 },
    { name: 'end', value: hex(vma.end), variablesReference: 0 },
    { name: 'perms', value: vma.perms, variablesReference: 0 },
    { name: 'name', value: vma.name === '' ? '[anon]' : vma.name, variablesReference: 0 },
  ];
}

/** How a syscall argument is shown: a file descriptor, an address, a count, flags, a buffer of `len` bytes, a C string. */
type ArgKind = 'fd' | 'ptr' | 'int' | 'flags' | 'mode' | { buf: number } | 'str';

/** Arguments of the syscalls decoded by name (Linux prototypes, `man 2 <name>`); others show a0..a5 raw. */
const SYSCALL_ARGS: Readonly<Record<string, ReadonlyArray<readonly [string, ArgKind]>>> = {
  read: [['fd', 'fd'], ['buf', { buf: 2 }], ['count', 'int']],
  write: [['fd', 'fd'], ['buf', { buf: 2 }], ['count', 'int']],
  openat: [['dirfd', 'fd'], ['pathname', 'str'], ['flags', 'flags'], ['mode', 'mode']],
  close: [['fd', 'fd']],
  exit: [['status', 'int']],
  exit_group: [['status', 'int']],
  brk: [['addr', 'ptr']],
  mmap: [['addr', 'ptr'], ['length', 'int'], ['prot', 'flags'], ['flags', 'flags'], ['fd', 'fd'], ['offset', 'int']],
  munmap: [['addr', 'ptr'], ['length', 'int']],
  lseek: [['fd', 'fd'], ['offset', 'int'], ['whence', 'int']],
  clone: [['flags', 'flags'], ['newsp', 'ptr'], ['parent_tid', 'ptr'], ['tls', 'ptr'], ['child_tid', 'ptr']],
  execve: [['pathname', 'str'], ['argv', 'ptr'], ['envp', 'ptr']],
  wait4: [['pid', 'int'], ['wstatus', 'ptr'], ['options', 'flags'], ['rusage', 'ptr']],
  mprotect: [['addr', 'ptr'], ['length', 'int'], ['prot', 'flags']],
};
/** The raw argument registers, in order (RISC-V psABI: a0..a5 carry syscall arguments). */
const ARG_REGISTERS = ['a0', 'a1', 'a2', 'a3', 'a4', 'a5'];
/** openat's dirfd meaning "the current directory" (Linux uapi fcntl.h AT_FDCWD). */
const AT_FDCWD = -100;
/** Most bytes of a buffer or string argument shown in its quoted preview. */
const MAX_PREVIEW_BYTES = 32;
/** Printable ASCII range shown as is in a preview (space .. tilde). */
const FIRST_PRINTABLE = 0x20;
const LAST_PRINTABLE = 0x7e;
/** Escapes of control bytes in a preview, as C writes them. */
const ESCAPES: ReadonlyMap<number, string> = new Map([[0x0a, '\\n'], [0x09, '\\t'], [0x0d, '\\r'], [0x22, '\\"'], [0x5c, '\\\\']]);

/** Rows of a syscall's arguments, decoded for the syscalls SYSCALL_ARGS knows (raw a0..a5 otherwise). */
export function syscallArgRows(name: string, args: readonly bigint[], peek?: PeekMemory): DebugProtocol.Variable[] {
  const spec = SYSCALL_ARGS[name];
  if (!spec) return args.map((a, i) => ({ name: ARG_REGISTERS[i] ?? `arg${i}`, value: hex(a), variablesReference: 0 }));
  return spec.map(([argName, kind], i) => ({ name: argName, value: argValue(kind, args[i] ?? 0n, args, peek), variablesReference: 0 }));
}

/** One argument shown by its kind. */
function argValue(kind: ArgKind, raw: bigint, args: readonly bigint[], peek?: PeekMemory): string {
  const signed = BigInt.asIntN(64, raw);
  if (kind === 'fd') return signed === BigInt(AT_FDCWD) ? 'AT_FDCWD' : signed.toString();
  if (kind === 'int') return signed.toString();
  if (kind === 'mode') return `0${raw.toString(8)}`;
  if (kind === 'ptr' || kind === 'flags') return hex(raw);
  return `${hex(raw)}${preview(kind, raw, args, peek)}`;
}

/** ` "text"` of a buffer (its first bytes, `…` when longer) or C string argument at `va`; '' when unreadable. */
function preview(kind: 'str' | { buf: number }, va: bigint, args: readonly bigint[], peek?: PeekMemory): string {
  const size = kind === 'str' ? undefined : BigInt.asUintN(64, args[kind.buf] ?? 0n);
  const len = size === undefined || size > BigInt(MAX_PREVIEW_BYTES) ? MAX_PREVIEW_BYTES : Number(size);
  const bytes = va !== 0n && len > 0 ? peek?.(Number(va), len) : undefined;
  if (!bytes) return '';
  const nul = size === undefined ? bytes.indexOf(0) : -1;
  const shown = nul >= 0 ? bytes.subarray(0, nul) : bytes;
  const whole = size === undefined ? nul >= 0 : size <= BigInt(shown.length);
  return ` ${quote(shown)}${whole ? '' : '…'}`;
}

/** `bytes` as a C string literal: printable ASCII as is, C escapes, `\xNN` for other bytes. */
function quote(bytes: Uint8Array): string {
  let s = '"';
  for (const b of bytes) {
    s += ESCAPES.get(b) ?? (b >= FIRST_PRINTABLE && b <= LAST_PRINTABLE ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`);
  }
  return `${s}"`;
}
