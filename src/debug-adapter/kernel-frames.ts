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
import type { PauseRecord, PauseValues } from '../kernel/api';
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

/** The trap-boundary label: `page fault: store at 0x… (scause 15)`. */
export function trapLabel(v: PauseValues): string {
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

/** Rows of the `Kernel` scope for `v`; `vmaRef` makes the reference of the expandable VMA row. */
export function kernelRows(v: PauseValues, vmaRef: () => number): DebugProtocol.Variable[] {
  const rows: DebugProtocol.Variable[] = [];
  const add = (name: string, value: string | undefined, type?: string): void => {
    if (value !== undefined) rows.push({ name, value, variablesReference: 0, ...(type ? { type } : {}) });
  };
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
  return rows;
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
