/**
 * Reads the syscall lists the trace comparison needs: qemu-riscv64's `-strace` log and our
 * `--trace=syscalls` lines, each as per-process sequences of { name, result }.
 *
 * qemu prints a call's name and arguments when it enters and ` = result` when it returns, and
 * processes run in parallel, so with several processes a log holds fragments of two calls on
 * one line (`31750 0close(4)`) and results on the wrong line (a parent's blocked `read(` line
 * finished by the child's ` = 4096`). Names are always attributable (each starts `PID name(`);
 * a result is kept only from a whole line `PID name(args) = R` of a call that cannot block
 * (BLOCKING) when several processes ran.
 */
import * as errno from '../../src/kernel/errno';

/** One syscall as a trace reports it; `result` undefined where the trace does not say. */
export interface TracedCall { name: string; result?: number; interrupted?: boolean }

/** Calls that may block (their result may be printed on another process's line by qemu). */
export const BLOCKING = new Set(['read', 'write', 'readv', 'writev', 'wait4', 'futex', 'rt_sigsuspend', 'nanosleep', 'clock_nanosleep', 'pread64', 'pwrite64']);
/** Calls whose result is a process or thread id (they differ between qemu and us): compared as "succeeded". */
export const PID_RESULTS = new Set(['clone', 'wait4', 'getpid', 'getppid', 'gettid', 'set_tid_address', 'kill']);
/** Calls whose result is an address (placement differs): compared as "succeeded". */
export const ADDRESS_RESULTS = new Set(['mmap', 'brk', 'mremap']);
/** Calls whose result qemu prints in its own way (rt_sigreturn: -513 TARGET_QEMU_ESIGRETURN). */
export const NOT_COMPARED = new Set(['rt_sigreturn', 'exit', 'exit_group']);

const ERRNO_BY_NAME = new Map(Object.entries(errno).filter(([, v]) => typeof v === 'number') as [string, number][]);

/**
 * A process's `PID ` prefix in a qemu -strace log: digits and one space, not inside a number
 * (`0x1f`, `a1`), not a negative result (`-1 errno=`), not followed by `errno=`
 * or a result's `(` description.
 */
const PID_PREFIX = /(?<![\w\-.])(\d+) (?!errno=|\()/g;
/** A call's name where qemu prints it: `name(`. */
const CALL_NAME = /(?<![A-Za-z_.])([a-z_][a-z0-9_]*)\(/g;

/**
 * Per-pid calls of a qemu -strace log (pids in order of first appearance). qemu prints a pid
 * prefix and the call's name as separate writes, so with several processes another process's
 * output can come between them, even a newline. The log is read as one stream: each name is
 * given to the oldest prefix still waiting for its name (the order in which qemu's processes
 * wrote them, as every mixed log we have seen shows).
 */
export function parseQemuStrace(log: string): Map<number, TracedCall[]> {
  const multi = new Set(log.match(/^\d+ /gm) ?? []).size > 1;
  // Results: only from a whole line `PID name(args) = R` with one call on it, whose call cannot
  // block (a blocking call's result may be another process's) when several processes ran.
  const resultAt = new Map<number, number>();
  let lineStart = 0;
  for (const line of log.split('\n')) {
    const clean = /^(\d+) ([a-z_][a-z0-9_]*)\(.*\) = (-?\d+|0x[0-9a-f]+)(?: errno=(\d+) \(.*\))?$/.exec(line);
    if (clean && [...line.matchAll(CALL_NAME)].length === 1 && !(multi && BLOCKING.has(clean[2]))) {
      resultAt.set(lineStart + clean[1].length + 1, clean[4] ? -Number(clean[4]) : Number(clean[3]));
    }
    lineStart += line.length + 1;
  }
  // A prefix counts only with the pid of a process the log names: one with a line of its own
  // (`PID name(`), a clone's result or a pid waited for. The guest's own output on stderr
  // (`00:00 0 [stack]`) is in the same log.
  const named = [/^(\d+) [a-z_][a-z0-9_]*\(/gm, /clone\(.*\) = (\d+)$/gm, /wait4\((\d+),/g];
  // (Not 0: the child's `= 0` can end its parent's clone line, and no process has pid 0.)
  const pids = new Set(named.flatMap((re) => [...log.matchAll(re)].map((m) => Number(m[1]))).filter((pid) => pid > 0));
  const tokens = [
    ...[...log.matchAll(PID_PREFIX)].filter((m) => pids.has(Number(m[1]))).map((m) => ({ at: m.index!, pid: Number(m[1]) })),
    ...[...log.matchAll(CALL_NAME)].map((m) => ({ at: m.index!, name: m[1] })),
  ].sort((x, y) => x.at - y.at);
  const byPid = new Map<number, TracedCall[]>();
  const waiting: number[] = [];
  for (const t of tokens) {
    if ('pid' in t) { waiting.push(t.pid); continue; }
    const pid = waiting.shift();
    if (pid === undefined) continue;
    if (!byPid.has(pid)) byPid.set(pid, []);
    byPid.get(pid)!.push({ name: t.name, ...(resultAt.has(t.at) ? { result: resultAt.get(t.at) } : {}) });
  }
  return byPid;
}

/** Per-thread calls of our `--trace=syscalls` output (other lines ignored). */
export function parseOurTrace(text: string): Map<number, TracedCall[]> {
  const byPid = new Map<number, TracedCall[]>();
  for (const line of text.split('\n')) {
    const m = /^\[pid (\d+)\] ([a-z_][a-z0-9_]*)\(.*\) = (.*)$/.exec(line);
    if (!m) continue;
    const pid = Number(m[1]);
    if (!byPid.has(pid)) byPid.set(pid, []);
    byPid.get(pid)!.push({ name: m[2], result: parseResult(m[3]), ...(m[3].startsWith('? ERESTARTSYS') ? { interrupted: true } : {}) });
  }
  return byPid;
}

function parseResult(text: string): number | undefined {
  const err = /^-1 (E[A-Z0-9]+) /.exec(text);
  if (err) return ERRNO_BY_NAME.has(err[1]) ? -ERRNO_BY_NAME.get(err[1])! : undefined;
  if (/^0x[0-9a-f]+$/.test(text)) return Number(BigInt.asIntN(64, BigInt(text)));
  if (/^-?\d+$/.test(text)) return Number(text);
  return undefined;
}

/**
 * A process's calls as both traces can agree on them: without rt_sigreturn (when a signal
 * arrives from another process depends on scheduling) and, where a signal handler interrupted a
 * call that then restarted (strace shows `= ? ERESTARTSYS` and the call again; qemu restarts it
 * unseen), with the interrupted call taking the restarted one's result.
 */
export function normalize(calls: TracedCall[]): TracedCall[] {
  const out: TracedCall[] = [];
  let restartOf: TracedCall | undefined;
  for (const c of calls) {
    if (c.name === 'rt_sigreturn') continue;
    if (restartOf && c.name === restartOf.name) { restartOf.result = c.result; restartOf.interrupted = false; restartOf = undefined; continue; }
    restartOf = undefined;
    const copy = { ...c };
    out.push(copy);
    if (c.interrupted) restartOf = copy;
  }
  return out;
}

/** The result as compared: pids and addresses only as "ok" or their error. */
export function comparable(c: TracedCall): string | undefined {
  if (c.result === undefined || NOT_COMPARED.has(c.name)) return undefined;
  if ((PID_RESULTS.has(c.name) || ADDRESS_RESULTS.has(c.name)) && c.result >= 0) return 'ok';
  return String(c.result);
}

/** A process's calls as one string of names, for matching processes between the traces. */
export function nameKey(calls: TracedCall[]): string {
  return calls.map((c) => c.name).join(' ');
}
