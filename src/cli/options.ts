/**
 * The command line of `glasskernel run` and the text it prints: parsing (every bad value gives
 * a sentence, never an exception) and the --trace/--stats lines. No I/O here.
 */
import { checkGuestMemoryMiB, MAX_GUEST_MEMORY_MIB, MIN_GUEST_MEMORY_MIB } from '../host/guest-memory';
import { checkScheduler, checkTimeSlice, MAX_TIME_SLICE_INSTRUCTIONS, MIN_TIME_SLICE_INSTRUCTIONS } from '../host/sched-options';
import { DEFAULT_TIME_SLICE } from '../kernel/kernel';
import { SCHEDULER_NAMES, type SchedulerName } from '../kernel/sched';
import type { KernelEvents } from '../kernel/api';
import { TRACE_KINDS, type TraceKind } from '../trace/strace-constants';
import { hexAddress } from '../trace/address';

export { hexAddress } from '../trace/address';

export const USAGE = `usage: glasskernel run [options] <program.elf|program.s> [args...]

Runs a statically linked RISC-V RV64 Linux program on the Glasskernel kernel (an assembly
source .s/.S/.asm is first assembled and linked in memory with the built-in toolchain).
The program appears in the guest as /bin/<name> and is started with argv[0] = /bin/<name>.

options:
  --stats               after the run, print processes created, page faults by kind,
                        frames in use at boot and at exit, instructions retired (to stderr)
  --trace=KINDS         print one line per event, KINDS a comma-separated list of
                        faults, syscalls (strace's style), sched, signals, exec (to stderr)
  --trace-file=PATH     write the trace to PATH on the host instead (created or truncated)
  --memory-mib=N        guest RAM in MiB, ${MIN_GUEST_MEMORY_MIB} to ${MAX_GUEST_MEMORY_MIB} (default 128)
  --time-slice=N        instructions a thread runs before the scheduler may switch,
                        ${MIN_TIME_SLICE_INSTRUCTIONS} to ${MAX_TIME_SLICE_INSTRUCTIONS} (default ${DEFAULT_TIME_SLICE})
  --scheduler=NAME      scheduling policy: ${SCHEDULER_NAMES.join(' (default) or ')} (CPU share by nice)
  --max-instructions=N  kill every process after N retired instructions (for autograders;
                        the exit status is then 137, SIGKILL)
  --file=HOST:GUEST     copy a host file into the guest file system (repeatable)
  -h, --help            this text

exit status: the program's exit code, or 128 + signal number when it was killed.`;

/** Parsed command line of `glasskernel run`. */
export interface CliOptions {
  stats: boolean;
  traceFaults: boolean;
  /** Event classes to trace (--trace); `traceFaults` is `trace.has('faults')`. */
  trace: Set<TraceKind>;
  /** Host file the trace goes to (--trace-file); stderr without it. */
  traceFile?: string;
  memoryMiB?: number;
  /** Instructions per time slice (--time-slice); the kernel's default without it. */
  timeSliceInstructions?: number;
  /** Scheduling policy (--scheduler); round robin without it. */
  scheduler?: SchedulerName;
  maxInstructions?: number;
  files: [string, string][];
  program: string;
  args: string[];
}

/** Parses argv (after `run`); options come before the program, everything after it goes to the guest. */
export function parse(argv: string[]): CliOptions | string {
  const o: CliOptions = { stats: false, traceFaults: false, trace: new Set(), files: [], program: '', args: [] };
  let i = 0;
  for (; i < argv.length && argv[i].startsWith('-'); i++) {
    const a = argv[i];
    const [key, value] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    if (a === '--stats') o.stats = true;
    else if (key === '--trace') {
      const kinds = parseTraceKinds(value);
      if (typeof kinds === 'string') return kinds;
      for (const kind of kinds) o.trace.add(kind);
      o.traceFaults = o.trace.has('faults');
    } else if (key === '--trace-file' && value !== undefined) {
      if (value === '') return '--trace-file: needs a host path, as in --trace-file=trace.txt';
      o.traceFile = value;
    } else if (key === '--memory-mib' && value !== undefined) {
      const mib = checkGuestMemoryMiB(value);
      if (!mib.ok) return `--memory-mib ${mib.error}`;
      o.memoryMiB = mib.mib;
    } else if (key === '--time-slice' && value !== undefined) {
      const slice = checkTimeSlice(value);
      if (!slice.ok) return `--time-slice ${slice.error}`;
      o.timeSliceInstructions = slice.instructions;
    } else if (key === '--scheduler' && value !== undefined) {
      const policy = checkScheduler(value);
      if (!policy.ok) return `--scheduler ${policy.error}`;
      o.scheduler = policy.name;
    } else if (key === '--max-instructions' && value !== undefined) {
      const n = /^\d{1,16}$/.test(value) ? Number(value) : NaN;
      if (!(n > 0 && Number.isSafeInteger(n))) return `--max-instructions: must be a whole number from 1 to ${Number.MAX_SAFE_INTEGER}, not '${clip(value)}'`;
      o.maxInstructions = n;
    } else if (key === '--file' && value && value.includes(':')) {
      const c = value.lastIndexOf(':');
      const guest = value.slice(c + 1);
      if (!guest.startsWith('/')) return `--file: guest path must be absolute: ${clip(guest)}`;
      o.files.push([value.slice(0, c), guest]);
    } else return `unknown or malformed option: ${clip(a)}`;
  }
  if (o.traceFile !== undefined && o.trace.size === 0) return '--trace-file: says where the trace goes, so it needs --trace=KINDS too';
  if (i >= argv.length) return 'missing program';
  o.program = argv[i];
  o.args = argv.slice(i + 1);
  return o;
}

/** The kinds of `--trace=a,b`: each one of TRACE_KINDS, at least one; otherwise the sentence saying what is wrong. */
export function parseTraceKinds(value: string | undefined): TraceKind[] | string {
  const known = TRACE_KINDS.join(', ');
  if (!value) return `--trace: needs a comma-separated list of ${known}, as in --trace=syscalls,faults`;
  const kinds: TraceKind[] = [];
  for (const part of value.split(',')) {
    const kind = TRACE_KINDS.find((k) => k === part);
    if (!kind) return `--trace: '${clip(part)}' is not a trace kind; the kinds are ${known}`;
    kinds.push(kind);
  }
  return kinds;
}

/** Longest piece of a bad option echoed back in an error. */
const MAX_ECHO = 40;

function clip(text: string): string {
  return text.length > MAX_ECHO ? `${text.slice(0, MAX_ECHO)}...` : text;
}



/** One --trace=faults line: pid, address, access, VMA, decision. */
export function faultLine(e: KernelEvents['pageFault']): string {
  return `[fault] pid ${e.pid} ${e.access} ${hexAddress(e.address)} pc ${hexAddress(e.sepc)} in ${e.vma ?? '(no vma)'}: ${e.decision}`;
}
