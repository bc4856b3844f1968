/**
 * Where each pause id of a steppable kernel path sits in the kernel's own source, found by
 * scanning the source text (no hand-kept line numbers): a pause id is the first string literal
 * of a `pause('…'` or `call('…'` expression, and must occur once across STEPPABLE_SOURCES.
 * The text comes from a reader the host installs (src/host/kernel-source.ts reads the
 * repository's files; the debug adapter may install its own for the files it ships); without
 * one, pause records carry file '' and line 0.
 */

/** Kernel source files (relative to the repository root) that hold steppable paths. */
export const STEPPABLE_SOURCES: readonly string[] = [
  'src/kernel/kernel.ts', 'src/kernel/fault.ts', 'src/kernel/syscall/dispatch.ts',
  'src/kernel/lifecycle.ts', 'src/kernel/exit.ts', 'src/kernel/mm-steps.ts',
  'src/kernel/exec.ts', 'src/kernel/loader.ts', 'src/kernel/syscall/proc.ts', 'src/kernel/syscall/mem.ts',
  'src/kernel/syscall/mmap.ts', 'src/kernel/sched.ts', 'src/kernel/signals/deliver.ts',
  'src/kernel/syscall/signal.ts', 'src/kernel/syscall/execve.ts',
];

/** A pause id's place: file relative to the repository root, 1-based line; '' / 0 when unknown. */
export interface SourceSite {
  file: string;
  line: number;
}

/** Pause ids found in one file, and ids found twice (an error: each id names one statement). */
export interface ScanResult {
  sites: Map<string, SourceSite>;
  duplicates: string[];
}

/** Matches `pause('id'` and `call('id'` (the id is the first argument). */
const SITE_PATTERN = /\b(?:pause|call)\(\s*'([A-Za-z0-9_.]+)'/g;

/** Scans `text` (the contents of `file`) for pause ids; merges into `into` when given. */
export function scanPauseSites(file: string, text: string, into: ScanResult = { sites: new Map(), duplicates: [] }): ScanResult {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    for (const m of lines[i].matchAll(SITE_PATTERN)) {
      if (into.sites.has(m[1])) into.duplicates.push(m[1]);
      else into.sites.set(m[1], { file, line: i + 1 });
    }
  }
  return into;
}

/** Reads a kernel source file by repository-relative path; undefined when it is not available. */
export type SourceReader = (file: string) => string | undefined;

let reader: SourceReader | undefined;
let table: ScanResult | undefined;

/** Installs the reader of kernel source text (and forgets the table built with the previous one). */
export function setKernelSourceReader(read: SourceReader): void {
  reader = read;
  table = undefined;
}

/** True once a reader is installed. */
export function hasKernelSourceReader(): boolean {
  return reader !== undefined;
}

/** The pause-id table over STEPPABLE_SOURCES, built once on first use (empty without a reader). */
export function pauseTable(): ScanResult {
  if (table) return table;
  const t: ScanResult = { sites: new Map(), duplicates: [] };
  for (const file of STEPPABLE_SOURCES) {
    const text = reader?.(file);
    if (text !== undefined) scanPauseSites(file, text, t);
  }
  table = t;
  return t;
}

const UNKNOWN: SourceSite = { file: '', line: 0 };

/** The source place of pause id `id`, or { file: '', line: 0 } when the source is not available. */
export function pauseSite(id: string): SourceSite {
  return pauseTable().sites.get(id) ?? UNKNOWN;
}
