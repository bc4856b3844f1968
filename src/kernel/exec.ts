import { ELOOP, ENOEXEC } from './errno';
import { closeOnExec } from './files';
import { futexExitCleanup } from './futex';
import { blankContext, type Kernel } from './kernel';
import { killThread, vforkRelease } from './lifecycle';
import { loadElf } from './loader';
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
 * Resolves `path` for execve, following `#!` interpreters: the script's argv becomes
 * [interpreter, optional-arg, path, argv[1]...] (argv[0] is replaced by the path as given).
 */
function resolveImage(k: Kernel, t: Thread, path: string, argv: string[], depth = 0): Resolved | number {
  if (depth > MAX_INTERPRETER_DEPTH) return -ELOOP;
  const file = findExecutable(k, t, path);
  if (typeof file === 'number') return file;
  const script = parseShebang(file.data);
  if (script === undefined) return { file, argv };
  if (typeof script === 'number') return script;
  const next = [script.interp, ...(script.arg !== undefined ? [script.arg] : []), path, ...argv.slice(1)];
  return resolveImage(k, t, script.interp, next, depth + 1);
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
 */
export function execve(k: Kernel, t: Thread, path: string, argv: string[], envp: string[]): number {
  const p = t.process;
  const resolved = resolveImage(k, t, path, argv);
  if (typeof resolved === 'number') return resolved;
  const image = loadElf(k.mmCtx, resolved.file, resolved.argv, envp, k.randomBytes(16));
  if ('errno' in image) return -image.errno;
  for (const other of p.liveThreads) if (other !== t) { futexExitCleanup(k, other); killThread(k, other); }
  futexExitCleanup(k, t);
  t.robustListHead = 0;
  vforkRelease(k, t);
  const old = p.mm;
  p.mm = image.mm;
  old.release();
  k.invalidateSatp();
  if (t.files.users > 1) {
    const copy = t.files.clone();
    t.files.release();
    t.files = copy;
  }
  closeOnExec(t.files);
  if (p.sighand.users > 1) { p.sighand.users--; p.sighand = p.sighand.clone(); }
  p.sighand.resetForExec();
  t.altStack = { sp: 0, size: 0, flags: SS_DISABLE };
  t.savedSigmask = undefined;
  p.name = commFromPath(path); // Linux: the basename of the filename given to execve, even for a script
  k.unload();
  t.ctx = blankContext(image.entry, image.sp);
  k.load(t);
  k.emit('exec', { pid: p.pid, tid: t.tid, path: resolved.file.path, argv: resolved.argv }, !!k.stopOn.exec);
  return 0;
}
