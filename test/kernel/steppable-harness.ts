/**
 * Shared plumbing of the steppable-kernel tests (issue 10, kernel side: steppable-*.test.ts,
 * fault-preview.test.ts): boot an example with its console collected, read an example's
 * recorded stdout and status, and drive a Kernel: to the end counting its kernel pauses, to a
 * pause a predicate accepts (or to a pause id), and kernel-stepping one thread pause by pause;
 * and read the leaf PTE mapping an address through the inspection API.
 *
 * Importing this module installs the host's kernel-source reader, as the adapter does, so that
 * pause records and pauseSite/pauseTable name the kernel's own source lines.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { KernelStop, PageTableEntryInfo, RunControl } from '../../src/kernel/api';
import { Kernel, type KernelOptions } from '../../src/kernel/kernel';
import { parseElf64, type Elf64 } from '../../src/elf';
import { setKernelSourceReader } from '../../src/kernel/steps/lines';
import { nodeSourceReader } from '../../src/host/kernel-source';

setKernelSourceReader(nodeSourceReader());

/** The repository root. */
export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
/** Instructions one Kernel.run may execute before it returns a `budget` stop. */
export const BUDGET = 1_000_000_000;
/** Most run() calls a helper makes before it gives up (a hang guard, not an assertion). */
const MAX_RUNS = 1_000_000;
/** Where the examples' binaries and recorded outputs live (relative to ROOT). */
const EXAMPLES_BIN = 'examples/bin';
const EXAMPLES_EXPECTED = 'examples/expected';

/** A kernel pause: the `kernel` KernelStop. */
export type Stopped = Extract<KernelStop, { kind: 'kernel' }>;

/** How `boot` starts an example. */
export interface BootOptions {
  /** The folder holding the binary, absolute or relative to ROOT (default examples/bin). */
  dir?: string;
  /** The whole argv (default [`/bin/<name>`]). */
  argv?: string[];
  /** Kernel options besides the console host (scheduler, time slice, ...). */
  kernel?: Partial<KernelOptions>;
}

/** A booted example. */
export interface Booted {
  k: Kernel;
  /** The first process's pid (its main thread's tid). */
  pid: number;
  /** Everything written to the console so far. */
  out: () => string;
  /** The binary's parsed ELF (parsed when read; throws when the file is not ELF). */
  readonly elf: Elf64;
}

/** Boots `<dir>/<name>` installed at /bin/<name> in a new Kernel whose console writes are collected. */
export function boot(name: string, opts: BootOptions = {}): Booted {
  const chunks: Uint8Array[] = [];
  const k = new Kernel({ host: { writeConsole: (_fd, d) => { chunks.push(d.slice()); } }, ...opts.kernel });
  const bytes = new Uint8Array(fs.readFileSync(path.resolve(ROOT, opts.dir ?? EXAMPLES_BIN, name)));
  k.addFile(`/bin/${name}`, bytes);
  const started = k.start(`/bin/${name}`, opts.argv ?? [`/bin/${name}`], []);
  if (!started.ok) throw new Error(started.error);
  return {
    k,
    pid: started.pid,
    out: () => Buffer.concat(chunks).toString('utf8'),
    get elf() {
      const parsed = parseElf64(bytes);
      if (!parsed.ok) throw new Error(parsed.error);
      return parsed.elf;
    },
  };
}

/** The recorded stdout and exit status of example `name` (`<dir>/<name>.stdout`, `.status`; dir relative to ROOT, default examples/expected). */
export function expected(name: string, dir = EXAMPLES_EXPECTED): { stdout: string; status: number } {
  const at = path.resolve(ROOT, dir);
  return { stdout: fs.readFileSync(path.join(at, `${name}.stdout`), 'utf8'), status: Number(fs.readFileSync(path.join(at, `${name}.status`), 'utf8').trim()) };
}

/** How `finish` treats the kernel pauses of the run. */
export interface FinishOptions {
  /** Which kernel pauses to count (default every one). */
  count?: (s: Stopped) => boolean;
  /** A kernel pause is an error: the run must reach its end without one. */
  noPauses?: boolean;
}

/**
 * Runs to the end under `control`, resuming after each kernel pause; the exit status and the
 * number of kernel pauses counted. Any other stop than `budget`, `kernel` and `exited` is an error.
 */
export function finish(k: Kernel, control: RunControl = {}, opts: FinishOptions = {}): { status: number; pauses: number } {
  let pauses = 0;
  for (let i = 0; i < MAX_RUNS; i++) {
    const s = k.run(BUDGET, control);
    if (s.kind === 'exited') return { status: s.status, pauses };
    if (s.kind === 'kernel' && !opts.noPauses) { if (opts.count?.(s) ?? true) pauses++; }
    else if (s.kind !== 'budget') throw new Error(`unexpected stop ${s.kind}`);
  }
  throw new Error('no exit');
}

/**
 * Runs under `control` to the first kernel pause `pick` accepts; other kernel pauses are resumed,
 * and so are `budget` and `event` stops (the event stops `control.stopOn` asks for). Any other
 * stop is an error naming `what`.
 */
export function runUntil(k: Kernel, control: RunControl, pick: (s: Stopped) => boolean, what = 'pause'): Stopped {
  for (let i = 0; i < MAX_RUNS; i++) {
    const s = k.run(BUDGET, control);
    if (s.kind === 'kernel') { if (pick(s)) return s; }
    else if (s.kind !== 'budget' && s.kind !== 'event') throw new Error(`no ${what} (stop ${s.kind})`);
  }
  throw new Error(`no ${what}`);
}

/** A run under `control` with a kernel breakpoint on `id` added, to the first pause `id` of any thread. */
export function runToPause(k: Kernel, id: string, control: RunControl = {}): Stopped {
  const kernelBreakpoints = new Set([...control.kernelBreakpoints ?? [], id]);
  return runUntil(k, { ...control, kernelBreakpoints }, (s) => s.pause.id === id, `pause ${id}`);
}

/**
 * Kernel-steps thread `tid` (RunControl.kernelStep): every pause from the next one on, through the
 * first for which `last` is true; `at` sees each pause while it is live. A stop that is not a pause
 * of `tid` (besides `budget`) is an error.
 */
export function stepUntil(k: Kernel, tid: number, last: (s: Stopped) => boolean, at: (s: Stopped) => void = () => {}): Stopped[] {
  const seen: Stopped[] = [];
  for (let i = 0; i < MAX_RUNS; i++) {
    const s = k.run(BUDGET, { kernelStep: { tid } });
    if (s.kind === 'budget') continue;
    if (s.kind !== 'kernel' || s.tid !== tid) throw new Error(`unexpected stop ${s.kind} while stepping tid ${tid}`);
    seen.push(s);
    at(s);
    if (last(s)) return seen;
  }
  throw new Error('the path did not end');
}

/** The pause ids of `stops`, in order. */
export const ids = (stops: Stopped[]): string[] => stops.map((s) => s.pause.id);

/** The valid leaf PTE mapping `va` in `pid`'s page table (walked through Kernel.pageTable from the root), or undefined. */
export function leaf(k: Kernel, pid: number, va: number): PageTableEntryInfo | undefined {
  let table = k.pageTable(pid);
  while (table) {
    const e = table.entries.find((x) => va >= x.vaStart && va < x.vaEnd);
    if (!e) return undefined;
    if (e.leaf) return e;
    table = k.pageTable(pid, e.ppn);
  }
  return undefined;
}
