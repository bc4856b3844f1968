import { ELOOP, ENOEXEC } from './errno';
import { closeOnExec } from './files';
import { futexExitCleanup } from './futex';
import { blankContext, type Kernel } from './kernel';
import { killThread, vforkRelease } from './lifecycle';
import { loadElfBinary, type LoadedImage } from './loader';
import type { Mm } from './mm';
import { AT_RANDOM_BYTES } from './auxv';
import { call, pause, runToEnd, type Steps } from './steps/path';
import { commFromPath, type Thread } from './process';
import { SS_DISABLE } from './signals/state';
import type { FileImage } from './vma';

/** Bytes of a `#!` line the kernel reads (Linux BINPRM_BUF_SIZE). */
export const BINPRM_BUF_SIZE = 256;
/** Most interpreters one execve may chain through (Linux: 4 levels of binfmt recursion, then ELOOP). */
export const MAX_INTERPRETER_DEPTH = 4;

/** What execve resolves a path to: the canonical path and the file's bytes. */
export type ExecFile = FileImage;

/** The executable at `path` (relative to thread `t`'s cwd, or absolute) through the VFS: canonical path and bytes, or -errno. */
export function findExecutable(k: Kernel, t: Thread | undefined, path: string): ExecFile | number {
  return k.vfs.lookupExecutable(t, path);
}

/**
 * A `#!` line (execve(2), "Interpreter scripts"): `#!interpreter [optional-arg]`, at most
 * BINPRM_BUF_SIZE bytes; the optional argument is the rest of the line, trimmed, as one word.
 * Undefined when `data` is not a script; -ENOEXEC for a line with no interpreter.
 */
export function parseShebang(data: Uint8Array): { interp: string; arg?: string } | number | undefined {
  if (data.length < 2 || data[0] !== 0x23 || data[1] !== 0x21) return undefined;
  const head = data.subarray(2, Math.min(data.length, BINPRM_BUF_SIZE));
  const nl = head.indexOf(0x0a);
  const line = new TextDecoder().decode(nl >= 0 ? head.subarray(0, nl) : head).replace(/[\t ]+$/, '').replace(/^[\t ]+/, '');
  if (line === '') return -ENOEXEC;
  const m = /^(\S+)(?:[\t ]+(.*))?$/.exec(line);
  if (!m) return -ENOEXEC;
  return m[2] ? { interp: m[1], arg: m[2] } : { interp: m[1] };
}

/** The file to load and the argv it gets after following `#!` lines. */
interface Resolved {
  file: ExecFile;
  argv: string[];
}

/**
 * Resolves `path` for execve, following `#!` interpreters (at most MAX_INTERPRETER_DEPTH, then
 * -ELOOP): the script's argv becomes [interpreter, optional-arg, path, argv[1]...] (argv[0] is
 * replaced by the path as given). Pauses after each lookup and at each `#!` line. Returns -errno
 * when a file is missing or not executable, or a `#!` line is bad.
 */
function* resolveImage(k: Kernel, t: Thread, path: string, argv: string[]): Steps<Resolved | number> {
  for (let depth = 0; ; depth++) {
    if (depth > MAX_INTERPRETER_DEPTH) return -ELOOP;
    const file = findExecutable(k, t, path);
    yield pause('exec.find_executable', { facts: typeof file === 'number' ? { path, depth, errno: -file } : { path, depth, found: file.path, bytes: file.data.length } });
    if (typeof file === 'number') return file;
    const script = parseShebang(file.data);
    if (script === undefined) return { file, argv };
    yield pause('exec.shebang', { facts: typeof script === 'number' ? { path, errno: -script } : { path, interpreter: script.interp, arg: script.arg ?? '' } });
    if (typeof script === 'number') return script;
    argv = [script.interp, ...(script.arg !== undefined ? [script.arg] : []), path, ...argv.slice(1)];
    path = script.interp;
  }
}

/**
 * execve(2) for thread `t`: everything that can fail (missing file, bad `#!`, malformed ELF,
 * too many arguments, no memory) fails before anything of the caller changes, returning -errno.
 * Then, past the point of no return: the other threads die; clear_child_tid and robust futexes
 * are handled in the old address space; a vfork parent resumes; the process gets the new Mm
 * (a shared old one loses one user and stays intact for the others); a shared file table is
 * unshared and its close-on-exec fds closed; shared handlers are unshared and caught signals
 * reset to SIG_DFL; the alternate signal stack is dropped; the thread starts at the entry point.
 * Returns 0 on success (the caller must not touch a0: the new image's registers are live).
 * Runs the steppable path `bprmExecve` to its end with no pause.
 */
export function execve(k: Kernel, t: Thread, path: string, argv: string[], envp: string[]): number {
  return runToEnd(bprmExecve(k, t, path, argv, envp));
}

/**
 * execve as a steppable path (steps/path.ts; Linux bprm_execve): finding the executable and its
 * `#!` interpreters (resolveImage), loading the new image into a new Mm (loader.ts
 * loadElfBinary), then the point of no return (beginNewExec). Same contract as `execve`.
 */
export function* bprmExecve(k: Kernel, t: Thread, path: string, argv: string[], envp: string[]): Steps<number> {
  const resolved = yield* call('exec.call_resolve_image', 'resolveImage', resolveImage(k, t, path, argv));
  if (typeof resolved === 'number') return resolved;
  const image = yield* call('exec.call_load_elf_binary', 'loadElfBinary', loadElfBinary(k.mmCtx, resolved.file, resolved.argv, envp, k.randomBytes(AT_RANDOM_BYTES)));
  if ('errno' in image) {
    yield pause('exec.load_failed', { facts: { errno: image.errno, reason: image.message } });
    return -image.errno;
  }
  yield* call('exec.call_begin_new_exec', 'beginNewExec', beginNewExec(k, t, path, resolved, image));
  return 0;
}

/**
 * The point of no return (Linux begin_new_exec + setup_new_exec + start_thread): thread `t`'s
 * process drops its old image for `image` (loaded from `resolved`; `path` as execve got it
 * names the process). Nothing here fails.
 */
function* beginNewExec(k: Kernel, t: Thread, path: string, resolved: Resolved, image: LoadedImage): Steps<void> {
  const p = t.process;
  const others = p.liveThreads.filter((other) => other !== t);
  yield pause('exec.point_of_no_return', { pid: p.pid, tid: t.tid, facts: { file: resolved.file.path, entry: BigInt(image.entry), sp: BigInt(image.sp), otherThreads: others.length } });
  // de_thread: the other threads die (their clear_child_tid and robust futexes in the old Mm).
  for (const other of others) { futexExitCleanup(k, other); killThread(k, other); }
  futexExitCleanup(k, t);
  t.robustListHead = 0;
  if (t.vforkParent) yield pause('exec.vfork_release', { facts: { parentTid: t.vforkParent.tid } });
  vforkRelease(k, t);
  yield* call('exec.call_exec_mmap', 'execMmap', execMmap(k, t, image.mm));
  yield pause('exec.unshare_files', { facts: { sharedFiles: t.files.users > 1, users: t.files.users } });
  if (t.files.users > 1) {
    const copy = t.files.clone();
    t.files.release();
    t.files = copy;
  }
  closeOnExec(t.files);
  yield pause('exec.flush_signal_handlers', { facts: { sharedHandlers: p.sighand.users > 1, users: p.sighand.users } });
  if (p.sighand.users > 1) { p.sighand.users--; p.sighand = p.sighand.clone(); }
  p.sighand.resetForExec();
  t.altStack = { sp: 0, size: 0, flags: SS_DISABLE };
  t.savedSigmask = undefined;
  p.name = commFromPath(path); // Linux: the basename of the filename given to execve, even for a script
  yield pause('exec.start_thread', { pid: p.pid, tid: t.tid, facts: { pc: BigInt(image.entry), sp: BigInt(image.sp), comm: p.name } });
  k.unload();
  t.ctx = blankContext(image.entry, image.sp);
  k.load(t);
  // An Execve filter stopped at the call's entry, before this (kernel.ts steppedSyscall): the event is for listeners.
  k.emit('exec', { pid: p.pid, tid: t.tid, path: resolved.file.path, argv: resolved.argv });
}

/**
 * Gives `t`'s process the new address space `mm` (Linux exec_mmap) and drops its reference on
 * the old one (mmput): an old Mm shared with a vfork parent or CLONE_VM processes loses one user
 * and stays intact for them; an unshared one is freed.
 */
function* execMmap(k: Kernel, t: Thread, mm: Mm): Steps<void> {
  const p = t.process;
  const old = p.mm;
  yield pause('exec.exec_mmap', { pid: p.pid, facts: { oldUsers: old.users, oldShared: old.users > 1, newVmas: mm.vmas.length } });
  p.mm = mm;
  k.invalidateSatp();
  yield pause('exec.mmput', { pid: p.pid, facts: { usersBefore: old.users, freed: old.users === 1, oldVmas: old.vmas.length } });
  old.release();
}
