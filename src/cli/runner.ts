import type { KernelEvents, KernelStats } from '../kernel/api';
import { Kernel } from '../kernel/kernel';
import { shellExitCode } from '../kernel/signal';
import type { SchedulerName } from '../kernel/sched';

/** Instructions per `Kernel.run` call in headless mode (the loop checks for the end between calls). */
export const RUN_CHUNK_INSTRUCTIONS = 50_000_000;

/** A headless run: the program image and where its console goes. */
export interface RunOptions {
  /** Guest path of the program (e.g. /bin/forktree); must be among `files`. */
  path: string;
  /** Files placed in the guest file system: guest path -> bytes. */
  files: Map<string, Uint8Array>;
  /** argv (argv[0] included) and envp. */
  argv: string[];
  envp?: string[];
  memoryBytes?: number;
  /** Guest console output (fd 1 or 2). */
  write(fd: number, data: Uint8Array): void;
  /** Console input: bytes, an empty array at end of file. Without it, reads see end of file. */
  read?(max: number): Uint8Array;
  /** Called for every page fault (for --trace=faults). */
  onFault?(e: KernelEvents['pageFault']): void;
  /** Called for every fatal signal the kernel raises (segfault, out-of-memory kill, ...). */
  onSignal?(e: KernelEvents['signal']): void;
  /**
   * Most instructions the whole run may retire (all processes together). When they are spent
   * every process is killed with SIGKILL and the result says `timedOut`. Default: no limit.
   */
  maxInstructions?: number;
  /** Instructions per time slice; the kernel's default (DEFAULT_TIME_SLICE) without it. */
  timeSliceInstructions?: number;
  /** Scheduling policy; round robin without it. */
  scheduler?: SchedulerName;
  /** Called with the kernel before the program starts (to subscribe to events, e.g. --trace). */
  attach?(kernel: Kernel): void;
}

/** How a headless run ended. */
export interface RunResult {
  /** wait4 status of the program (Linux encoding). */
  status: number;
  /** Exit code a shell would report: the exit code, or 128 + signal. */
  exitCode: number;
  stats: KernelStats;
  /** Set when the program could not start (missing file, bad ELF): then nothing ran. */
  error?: string;
  /** True when `maxInstructions` ran out and the run was ended by killing every process. */
  timedOut?: boolean;
}

/**
 * Boots a kernel, runs `opts.path` as the first process until it and every process it created
 * are gone, and reports the result. Console reads that find no input see end of file, so a
 * headless run can never hang waiting for a user. Linux-compatible statuses throughout.
 */
export function runProgram(opts: RunOptions): RunResult {
  const kernel = new Kernel({
    memoryBytes: opts.memoryBytes,
    timeSliceInstructions: opts.timeSliceInstructions,
    scheduler: opts.scheduler,
    host: { writeConsole: opts.write, readConsole: (max) => opts.read?.(max) ?? new Uint8Array(0) },
  });
  for (const [path, data] of opts.files) {
    if (kernel.addFile(path, data) < 0) return { status: 0, exitCode: 127, stats: kernel.stats(), error: `${path}: cannot place it in the guest file system` };
  }
  if (opts.onFault) kernel.on('pageFault', opts.onFault);
  if (opts.onSignal) kernel.on('signal', opts.onSignal);
  opts.attach?.(kernel);
  const started = kernel.start(opts.path, opts.argv, opts.envp ?? []);
  if (!started.ok) return { status: 0, exitCode: 127, stats: kernel.stats(), error: started.error };
  const limit = opts.maxInstructions ?? Infinity;
  let timedOut = false;
  for (;;) {
    const left = limit - kernel.stats().instructionsRetired;
    if (left <= 0 && !timedOut) {
      timedOut = true;
      kernel.shutdown();
    }
    const stop = kernel.run(Math.max(1, Math.min(left, RUN_CHUNK_INSTRUCTIONS)));
    if (stop.kind === 'exited') {
      return { status: stop.status, exitCode: shellExitCode(stop.status), stats: kernel.stats(), ...(timedOut ? { timedOut } : {}) };
    }
    if (stop.kind === 'idle') {
      // Every thread waits for console input that will never come: end the run like a hangup.
      kernel.shutdown();
    }
  }
}
