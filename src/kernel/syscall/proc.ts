import { E2BIG, ECHILD, EFAULT, EINVAL, ENAMETOOLONG, ENOENT } from '../errno';
import { blankContext, type Kernel } from '../kernel';
import { clone, exitProcess, exitThread, reap } from '../lifecycle';
import { loadElf } from '../loader';
import { commFromPath, type Thread } from '../process';
import { exitedStatus } from '../signal';
import { BLOCK, NO_RETURN, int, ptr, type SyscallHandler } from './args';
import * as nr from './numbers';

/** PATH_MAX (limits.h): longest path execve accepts, NUL included. */
export const PATH_MAX = 4096;
/** Most argv or envp entries execve accepts (Linux MAX_ARG_STRINGS is far larger; this bounds guest input). */
export const MAX_ARG_STRINGS = 4096;
/** wait4(2) options. */
export const WNOHANG = 0x1;
export const WUNTRACED = 0x2;
export const WCONTINUED = 0x8;
export const __WALL = 0x40000000;
export const __WCLONE = 0x80000000;

/** exit(2): ends the calling thread (the process too when it is the last one). */
const sysExit: SyscallHandler = (k, t, a) => {
  exitThread(k, t, exitedStatus(int(a[0])));
  return NO_RETURN;
};

/** exit_group(2): ends every thread of the process with the given status. */
const sysExitGroup: SyscallHandler = (k, t, a) => {
  exitProcess(k, t.process, exitedStatus(int(a[0])));
  return NO_RETURN;
};

/** clone(2), riscv64 argument order: flags, newsp, parent_tid, tls, child_tid. */
const sysClone: SyscallHandler = (k, t, a, sepc) =>
  clone(k, t, sepc, { flags: Number(a[0] & 0xffffffffn), newsp: ptr(a[1]), ptid: ptr(a[2]), tls: a[3], ctid: ptr(a[4]) });

/**
 * Reads a NULL-terminated array of string pointers (argv/envp) from user memory. A NULL array
 * pointer is an empty list (Linux accepts it). Returns the strings, or -EFAULT / -E2BIG.
 */
function readStringArray(k: Kernel, t: Thread, va: number): string[] | number {
  if (va === 0) return [];
  const um = k.userMemory(t.process);
  const out: string[] = [];
  for (let i = 0; ; i++) {
    if (i >= MAX_ARG_STRINGS) return -E2BIG;
    const p = um.readU64(va + i * 8);
    if (typeof p === 'number') return p;
    if (p === 0n) return out;
    const s = um.readCString(ptr(p), PATH_MAX * 32);
    if (typeof s === 'number') return s;
    if (s === undefined) return -E2BIG;
    out.push(s);
  }
}

/** Resolves a guest path against the root directory (the only cwd so far): "." and ".." segments folded. */
export function resolvePath(path: string): string {
  const parts: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return '/' + parts.join('/');
}

/**
 * execve(2): replaces the calling process's image. Everything that can fail (bad pointers,
 * missing file, malformed ELF, no memory) fails before the old image is touched, returning
 * -errno; on success the other threads die, the old address space loses this process's
 * reference (a shared one is left intact for its other users) and the thread starts at the
 * new entry point.
 */
const sysExecve: SyscallHandler = (k, t, a) => {
  const um = k.userMemory(t.process);
  const path = um.readCString(ptr(a[0]), PATH_MAX - 1);
  if (typeof path === 'number') return path;
  if (path === undefined) return -ENAMETOOLONG;
  if (path === '') return -ENOENT;
  const argv = readStringArray(k, t, ptr(a[1]));
  if (typeof argv === 'number') return argv;
  const envp = readStringArray(k, t, ptr(a[2]));
  if (typeof envp === 'number') return envp;
  const resolved = resolvePath(path);
  const file = k.files.get(resolved);
  if (!file) return -ENOENT;
  const image = loadElf(k.mmCtx, file, argv, envp, k.randomBytes(16));
  if ('errno' in image) return -image.errno;
  const p = t.process;
  for (const other of p.liveThreads) if (other !== t) exitThread(k, other, 0);
  const old = p.mm;
  p.mm = image.mm;
  old.release();
  k.invalidateSatp();
  p.name = commFromPath(resolved);
  k.unload();
  t.ctx = blankContext(image.entry, image.sp);
  k.load(t);
  k.emit('exec', { pid: p.pid, tid: t.tid, path: resolved, argv }, !!k.stopOn.exec);
  return NO_RETURN;
};

/**
 * wait4(2): reaps a zombie child matching `pid` (-1 or 0: any child; > 0: that child), stores
 * its status at `wstatus` (if not NULL) and returns its pid. With no zombie yet: 0 under
 * WNOHANG, else the caller sleeps until a child exits. -ECHILD when no child matches, -EINVAL
 * for unknown options, -EFAULT for a bad status pointer (as on Linux, the child is reaped
 * all the same: the status is stored after the zombie is released).
 */
const sysWait4: SyscallHandler = (k, t, a) => {
  const pid = int(a[0]);
  const statusPtr = ptr(a[1]);
  const options = int(a[2]);
  if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WALL | __WCLONE)) return -EINVAL;
  const self = t.process;
  const candidates = [...self.children].map((c) => k.procs.get(c)).filter((c) => c && (pid <= 0 || c.pid === pid));
  if (candidates.length === 0) return -ECHILD;
  const zombie = candidates.find((c) => c!.zombie);
  if (!zombie) {
    if (options & WNOHANG) return 0;
    t.state = 'sleeping';
    t.wait = { kind: 'child' };
    return BLOCK;
  }
  reap(k, zombie);
  if (statusPtr && k.userMemory(self).writeU32(statusPtr, zombie.exitStatus ?? 0) !== 0) return -EFAULT;
  return zombie.pid;
};

/** set_tid_address(2): remembers where to clear the tid at exit; returns the caller's tid. */
const sysSetTidAddress: SyscallHandler = (_k, t, a) => {
  t.clearChildTid = ptr(a[0]);
  return t.tid;
};

/** Process-identity syscalls and their handlers. */
export const procSyscalls: [number, SyscallHandler][] = [
  [nr.SYS_exit, sysExit],
  [nr.SYS_exit_group, sysExitGroup],
  [nr.SYS_clone, sysClone],
  [nr.SYS_execve, sysExecve],
  [nr.SYS_wait4, sysWait4],
  [nr.SYS_set_tid_address, sysSetTidAddress],
  [nr.SYS_set_robust_list, () => 0],
  [nr.SYS_getpid, (_k, t) => t.process.pid],
  [nr.SYS_getppid, (_k, t) => t.process.ppid],
  [nr.SYS_gettid, (_k, t) => t.tid],
  [nr.SYS_getuid, () => 0],
  [nr.SYS_geteuid, () => 0],
  [nr.SYS_getgid, () => 0],
  [nr.SYS_getegid, () => 0],
];
