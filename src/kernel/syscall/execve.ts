/**
 * execve(2) as a steppable path (issue 10): reading path, argv and envp, then replacing the
 * process image (exec.ts bprmExecve, loader.ts loadElfBinary). Registered in dispatch.ts after
 * proc.ts's handlers, so the entry here replaces proc.ts's plain sysExecve.
 */
import { PAGE_SIZE } from '../../emu/sv39';
import { E2BIG, ENAMETOOLONG, ENOENT } from '../errno';
import { bprmExecve } from '../exec';
import type { Kernel } from '../kernel';
import type { Thread } from '../process';
import { call, pause, type Steps } from '../steps/path';
import { PATH_MAX } from '../vfs/vfs';
import { NO_RETURN, ptr, type SteppedSyscall, type SyscallResult } from './args';
import * as nr from './numbers';

/** Most argv or envp entries execve accepts (Linux MAX_ARG_STRINGS is far larger; this bounds guest input). */
export const MAX_ARG_STRINGS = 4096;
/** Longest argv/envp string, NUL excluded (Linux MAX_ARG_STRLEN: 32 pages); loader.ts bounds the total by MAX_ARG_BYTES. */
export const MAX_ARG_STRLEN = 32 * PAGE_SIZE;

/**
 * Reads a NULL-terminated array of string pointers (argv/envp) from user memory at `va`
 * (Linux copy_strings' count + strnlen_user). A NULL array pointer is an empty list (Linux
 * accepts it). Returns the strings, or -EFAULT (bad pointer) / -E2BIG (more than
 * MAX_ARG_STRINGS entries, or a string longer than MAX_ARG_STRLEN). Never throws.
 */
export function readStringArray(k: Kernel, t: Thread, va: number): string[] | number {
  if (va === 0) return [];
  const um = k.userMemory(t.process);
  const out: string[] = [];
  for (let i = 0; ; i++) {
    if (i >= MAX_ARG_STRINGS) return -E2BIG;
    const p = um.readU64(va + i * 8);
    if (typeof p === 'number') return p;
    if (p === 0n) return out;
    const s = um.readCString(ptr(p), MAX_ARG_STRLEN);
    if (typeof s === 'number') return s;
    if (s === undefined) return -E2BIG;
    out.push(s);
  }
}

/**
 * execve(2), riscv64 arguments filename, argv, envp (Linux do_execve): reads the path (fewer
 * than PATH_MAX bytes, not empty), argv and envp, then replaces the process image (exec.ts
 * bprmExecve). Pauses after reading the path and after the two lists. Every failure (-EFAULT,
 * -ENAMETOOLONG, -ENOENT, -EACCES, -ENOEXEC, -E2BIG, -ELOOP, -ENOMEM) leaves the caller
 * untouched; success returns NO_RETURN (the new image's registers are live).
 */
function* doExecve(k: Kernel, t: Thread, a: bigint[]): Steps<SyscallResult> {
  const um = k.userMemory(t.process);
  const path = um.readCString(ptr(a[0]), PATH_MAX - 1);
  const pathError = typeof path === 'number' ? path : path === undefined ? -ENAMETOOLONG : path === '' ? -ENOENT : 0;
  yield pause('execve.getname', { pid: t.process.pid, tid: t.tid, facts: pathError ? { errno: -pathError } : { filename: path as string } });
  if (typeof path !== 'string' || pathError) return pathError;
  const argv = readStringArray(k, t, ptr(a[1]));
  const envp = typeof argv === 'number' ? argv : readStringArray(k, t, ptr(a[2]));
  yield pause('execve.copy_strings', {
    facts: typeof argv === 'number' ? { errno: -argv } : typeof envp === 'number' ? { argc: argv.length, errno: -envp } : { argc: argv.length, envc: envp.length, argv0: argv[0] ?? '' },
  });
  if (typeof argv === 'number') return argv;
  if (typeof envp === 'number') return envp;
  const r = yield* call('execve.call_bprm_execve', 'bprmExecve', bprmExecve(k, t, path, argv, envp));
  return r === 0 ? NO_RETURN : r;
}

/** The stepped execve handler (its kernel frame is `doExecve`, under `sys_execve`). */
export const execveSteppedSyscalls: [number, SteppedSyscall][] = [
  [nr.SYS_execve, { fn: 'doExecve', steps: (k, t, a) => doExecve(k, t, a) }],
];
