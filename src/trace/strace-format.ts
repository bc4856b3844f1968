/**
 * strace-style text for one syscall (strace(1) default output): input arguments are decoded
 * when the call enters (guest memory still holds them), output arguments and the result when
 * it returns. Pure functions over a side-effect-free memory reader; no I/O, never throws on
 * any argument value or memory content (unreadable memory prints as the pointer).
 */
import { errnoName } from '../kernel/errno-names';
import { signalName } from '../kernel/signal';
import { hexAddress } from './address';
import {
  AT_FDCWD, AT_FLAGS, BYTE_MASK, CLOCK_IDS, CLONE_CHILD_TID_FLAGS, CLONE_FLAGS, CLONE_PARENT_SETTID,
  CLONE_SETTLS, CSIGNAL, ERRNO_MESSAGES, FCNTL_CMDS, INT_BYTES, MAP_FLAGS, MAP_TYPE, MAP_TYPES,
  MAX_ARGV_SHOWN, O_ACCESS_MODES, OPEN_MODE_FLAGS, O_ACCMODE, OPEN_FLAGS, PATH_MAX, POINTER_BYTES, PROT_FLAGS,
  PROT_NONE_NAME, SEEK_WHENCE, SIGPROCMASK_HOW, SIGSET_BYTES, STRACE_STRING_LIMIT, type FlagTable,
  W_BYTE_SHIFT, W_CONTINUED, W_COREDUMP, W_SIGNAL_MASK, W_STOPPED, WAIT_OPTIONS,
} from './strace-constants';

/** Reads `len` bytes of the calling process at virtual address `va`; shorter (or undefined) where memory is not readable. Must not change guest state. */
export type PeekMemory = (va: number, len: number) => Uint8Array | undefined;

/**
 * How one argument is shown. `wbuf` is an input buffer whose length is the next argument;
 * `rbuf` an output buffer whose length is the result; `out*` kinds are read after the call.
 */
export type ArgKind =
  | 'int' | 'uint' | 'hex' | 'ptr' | 'fd' | 'dirfd' | 'path' | 'wbuf' | 'rbuf' | 'oflags' | 'mode'
  | 'prot' | 'mflags' | 'wopts' | 'wstatus' | 'sig' | 'atflags' | 'argv' | 'envp' | 'pipefds'
  | 'how' | 'sigset' | 'whence' | 'fcntl' | 'clock' | 'clone';

/** Argument kinds of the calls decoded by name; other calls show their six arguments in hex. */
export const SYSCALL_ARGS: ReadonlyMap<string, readonly ArgKind[]> = new Map<string, readonly ArgKind[]>([
  ['read', ['fd', 'rbuf', 'uint']], ['write', ['fd', 'wbuf', 'uint']],
  ['pread64', ['fd', 'rbuf', 'uint', 'int']], ['pwrite64', ['fd', 'wbuf', 'uint', 'int']],
  ['readv', ['fd', 'ptr', 'int']], ['writev', ['fd', 'ptr', 'int']],
  ['openat', ['dirfd', 'path', 'oflags', 'mode']], ['close', ['fd']], ['lseek', ['fd', 'int', 'whence']],
  ['dup', ['fd']], ['dup3', ['fd', 'fd', 'oflags']], ['fcntl', ['fd', 'fcntl', 'hex']], ['ioctl', ['fd', 'hex', 'ptr']],
  ['pipe2', ['pipefds', 'oflags']], ['getdents64', ['fd', 'ptr', 'uint']], ['ftruncate', ['fd', 'int']],
  ['newfstatat', ['dirfd', 'path', 'ptr', 'atflags']], ['fstat', ['fd', 'ptr']],
  ['unlinkat', ['dirfd', 'path', 'atflags']], ['mkdirat', ['dirfd', 'path', 'mode']],
  ['faccessat', ['dirfd', 'path', 'int']], ['readlinkat', ['dirfd', 'path', 'rbuf', 'uint']],
  ['symlinkat', ['path', 'dirfd', 'path']], ['renameat2', ['dirfd', 'path', 'dirfd', 'path', 'hex']],
  ['chdir', ['path']], ['getcwd', ['rbuf', 'uint']],
  ['mmap', ['ptr', 'uint', 'prot', 'mflags', 'fd', 'uint']], ['munmap', ['ptr', 'uint']],
  ['mprotect', ['ptr', 'uint', 'prot']], ['brk', ['ptr']], ['madvise', ['ptr', 'uint', 'int']],
  ['mremap', ['ptr', 'uint', 'uint', 'hex', 'ptr']], ['msync', ['ptr', 'uint', 'hex']],
  ['clone', ['clone']], ['execve', ['path', 'argv', 'envp']], ['wait4', ['int', 'wstatus', 'wopts', 'ptr']],
  ['exit', ['int']], ['exit_group', ['int']], ['kill', ['int', 'sig']], ['tgkill', ['int', 'int', 'sig']],
  ['tkill', ['int', 'sig']], ['rt_sigaction', ['sig', 'ptr', 'ptr', 'uint']],
  ['rt_sigprocmask', ['how', 'sigset', 'ptr', 'uint']], ['rt_sigreturn', []], ['rt_sigpending', ['ptr', 'uint']],
  ['rt_sigsuspend', ['sigset', 'uint']], ['sigaltstack', ['ptr', 'ptr']],
  ['getpid', []], ['getppid', []], ['gettid', []], ['sched_yield', []], ['set_tid_address', ['ptr']],
  ['set_robust_list', ['ptr', 'uint']], ['futex', ['ptr', 'int', 'int', 'ptr', 'ptr', 'int']],
  ['clock_gettime', ['clock', 'ptr']], ['clock_getres', ['clock', 'ptr']], ['clock_nanosleep', ['clock', 'int', 'ptr', 'ptr']],
  ['nanosleep', ['ptr', 'ptr']], ['getrandom', ['rbuf', 'uint', 'hex']], ['prlimit64', ['int', 'int', 'ptr', 'ptr']],
  ['times', ['ptr']], ['uname', ['ptr']], ['unshare', ['clone']],
]);

/** Calls whose result is an address (printed in hex). */
const POINTER_RESULTS = new Set(['mmap', 'brk', 'mremap']);
/** Calls that do not return to the caller on success (strace prints `= ?`). */
export const NO_RETURN_CALLS = new Set(['exit', 'exit_group']);
/** Largest errno a syscall returns as -errno (Linux MAX_ERRNO). */
const MAX_ERRNO = 4095;


/** A syscall between its entry and its return: input arguments already as text, `undefined` where the text needs the result. */
export interface PendingCall {
  pid: number;
  tid: number;
  name: string;
  args: number[];
  shown: (string | undefined)[];
}

/** Decodes the input arguments of a call as it enters (reading guest memory now, before the kernel acts). */
export function enterCall(e: { pid: number; tid: number; name: string; args: number[] }, peek: PeekMemory): PendingCall {
  const kinds = kindsOf(e.name, e.args);
  const shown = kinds.map((kind, i) => (isOutput(kind) ? undefined : formatArg(kind, e.args, i, peek, e.name)));
  return { pid: e.pid, tid: e.tid, name: e.name, args: e.args, shown };
}

/** The whole line once the call returned `result` (output arguments read from memory now). */
export function exitCall(c: PendingCall, result: number, peek: PeekMemory): string {
  const kinds = kindsOf(c.name, c.args);
  const parts = kinds.map((kind, i) => c.shown[i] ?? formatOutput(kind, c.args, i, result, peek));
  return `${callText(c, parts)} = ${formatResult(c.name, result)}`;
}

/** The line of a call that ended without a result: `= ?` (exit_group) or `extra` (interrupted, or `?`). */
export function unfinishedCall(c: PendingCall, extra = '?'): string {
  return `${callText(c, c.shown.map((s, i) => s ?? formatPointer(c.args[i])))} = ${extra}`;
}

/** The argument kinds shown for one call: openat(2) shows its mode only with O_CREAT or O_TMPFILE (as strace does). */
function kindsOf(name: string, args: number[]): readonly ArgKind[] {
  const kinds = SYSCALL_ARGS.get(name);
  if (!kinds) return args.map(() => 'hex' as const);
  if (name === 'openat' && !(args[2] & OPEN_MODE_FLAGS)) return kinds.slice(0, 3);
  return kinds;
}

function callText(c: PendingCall, parts: string[]): string {
  return `[pid ${c.tid}] ${c.name}(${parts.join(', ')})`;
}

function isOutput(kind: ArgKind): boolean {
  return kind === 'rbuf' || kind === 'wstatus' || kind === 'pipefds';
}

/** A syscall result: `-1 ENOENT (No such file or directory)` for -errno, hex for addresses, else decimal. */
export function formatResult(name: string, result: number): string {
  if (NO_RETURN_CALLS.has(name)) return '?';
  if (result < 0 && result >= -MAX_ERRNO) {
    const n = errnoName(-result);
    return n ? `-1 ${n} (${ERRNO_MESSAGES[n] ?? 'Unknown error'})` : `-1 E??? (Unknown error ${-result})`;
  }
  return POINTER_RESULTS.has(name) ? hexAddress(result) : String(result);
}

/** Pointer argument: NULL or unsigned hex. */
export function formatPointer(v: number): string {
  return v === 0 ? 'NULL' : hexAddress(v);
}

/** `A|B|0x40` for the bits of `value` named in `table`, then the unnamed rest in hex; `zero` when no bit is set. */
export function formatFlags(value: number, table: FlagTable, zero = '0'): string {
  let rest = BigInt.asUintN(64, BigInt(Math.trunc(value)));
  const names: string[] = [];
  for (const [mask, name] of table) {
    const m = BigInt(mask);
    if ((rest & m) === m) { names.push(name); rest &= ~m; }
  }
  if (rest !== 0n) names.push('0x' + rest.toString(16));
  return names.length ? names.join('|') : zero;
}

/** open(2) flags: the access mode by name, then the other flags (`O_WRONLY|O_CREAT|O_TRUNC`). */
export function formatOpenFlags(v: number): string {
  const rest = formatFlags(v & ~O_ACCMODE, OPEN_FLAGS, '');
  return [O_ACCESS_MODES[v & O_ACCMODE], rest].filter((s) => s).join('|');
}

/** mmap(2) flags: the mapping type, then the other flags (`MAP_PRIVATE|MAP_ANONYMOUS`). */
export function formatMapFlags(v: number): string {
  const type = MAP_TYPES[v & MAP_TYPE] ?? hexAddress(v & MAP_TYPE);
  const rest = formatFlags(v & ~MAP_TYPE, MAP_FLAGS, '');
  return rest ? `${type}|${rest}` : type;
}

/** clone(2) flags with the exit signal by name (`CLONE_VM|CLONE_THREAD|SIGCHLD`). */
export function formatCloneFlags(v: number): string {
  const sig = v & CSIGNAL;
  const rest = formatFlags(v & ~CSIGNAL, CLONE_FLAGS, '');
  return [rest, sig ? signalName(sig) : ''].filter((s) => s).join('|') || '0';
}

/** A wait(2) status as strace shows it: `[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]`. */
export function formatWaitStatus(s: number): string {
  const sig = s & W_SIGNAL_MASK;
  if (s === W_CONTINUED) return '[{WIFCONTINUED(s)}]';
  if ((s & BYTE_MASK) === W_STOPPED) return `[{WIFSTOPPED(s) && WSTOPSIG(s) == ${signalName((s >> W_BYTE_SHIFT) & BYTE_MASK)}}]`;
  if (sig === 0) return `[{WIFEXITED(s) && WEXITSTATUS(s) == ${(s >> W_BYTE_SHIFT) & BYTE_MASK}}]`;
  return `[{WIFSIGNALED(s) && WTERMSIG(s) == ${signalName(sig)}${s & W_COREDUMP ? ' && WCOREDUMP(s)' : ''}}]`;
}

/**
 * Bytes as a C string literal the way strace prints them: `"` and `\` escaped, \t \n \v \f \r,
 * other non-printable bytes in octal (three digits when a digit follows), and `...` after the
 * closing quote when `truncated`.
 */
export function quoteBytes(bytes: Uint8Array, truncated: boolean): string {
  const SHORT: Record<number, string> = { 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 34: '\\"', 92: '\\\\' };
  let out = '"';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (SHORT[b]) out += SHORT[b];
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else {
      const next = bytes[i + 1];
      const digitFollows = next !== undefined && next >= 0x30 && next <= 0x37;
      out += '\\' + (digitFollows ? b.toString(8).padStart(3, '0') : b.toString(8));
    }
  }
  return out + '"' + (truncated ? '...' : '');
}

/** A buffer of `len` bytes at `va`, cut at `limit` (strace -s); the pointer when it cannot be read. */
export function formatBuffer(va: number, len: number, peek: PeekMemory, limit = STRACE_STRING_LIMIT): string {
  if (va === 0) return 'NULL';
  if (!(len > 0)) return '""';
  const shown = Math.min(len, limit);
  const bytes = peek(va, shown);
  if (!bytes || bytes.length < shown) return hexAddress(va);
  return quoteBytes(bytes, len > limit);
}

/** A NUL-terminated string at `va`, at most `limit` bytes shown (`"..."...` when longer). */
export function formatCString(va: number, peek: PeekMemory, limit: number): string {
  if (va === 0) return 'NULL';
  const bytes = peek(va, limit + 1);
  if (!bytes || bytes.length === 0) return hexAddress(va);
  const nul = bytes.indexOf(0);
  if (nul >= 0) return quoteBytes(bytes.subarray(0, nul), false);
  if (bytes.length <= limit) return hexAddress(va); // the string runs into unreadable memory
  return quoteBytes(bytes.subarray(0, limit), true);
}

function readU64(va: number, peek: PeekMemory): number | undefined {
  const b = peek(va, POINTER_BYTES);
  if (!b || b.length < POINTER_BYTES) return undefined;
  return Number(new DataView(b.buffer, b.byteOffset, POINTER_BYTES).getBigUint64(0, true));
}

/** execve's argv: `["/bin/x", "a"]`, each string cut at the strace limit. */
function formatArgv(va: number, peek: PeekMemory): string {
  if (va === 0) return 'NULL';
  const items: string[] = [];
  for (let i = 0; i <= MAX_ARGV_SHOWN; i++) {
    const p = readU64(va + i * POINTER_BYTES, peek);
    if (p === undefined) return hexAddress(va);
    if (p === 0) return `[${items.join(', ')}]`;
    if (i === MAX_ARGV_SHOWN) break;
    items.push(formatCString(p, peek, STRACE_STRING_LIMIT));
  }
  return `[${items.join(', ')}, ...]`;
}

/** execve's envp as strace abbreviates it: `0x3ffffffe10 /* 2 vars *\/`. */
function formatEnvp(va: number, peek: PeekMemory): string {
  if (va === 0) return 'NULL';
  let n = 0;
  for (; n <= PATH_MAX; n++) {
    const p = readU64(va + n * POINTER_BYTES, peek);
    if (p === undefined) return hexAddress(va);
    if (p === 0) break;
  }
  return `${hexAddress(va)} /* ${n} var${n === 1 ? '' : 's'} */`;
}

/** A signal set (8 bytes) as strace shows it: `[INT TERM]`, `[]`, `~[KILL STOP]` for most-set masks. */
export function formatSigset(va: number, peek: PeekMemory): string {
  if (va === 0) return 'NULL';
  const b = peek(va, SIGSET_BYTES);
  if (!b || b.length < SIGSET_BYTES) return hexAddress(va);
  const mask = new DataView(b.buffer, b.byteOffset, SIGSET_BYTES).getBigUint64(0, true);
  const names = (set: bigint): string[] => {
    const out: string[] = [];
    for (let sig = 1; sig <= SIGSET_BYTES * 8; sig++) if (set & (1n << BigInt(sig - 1))) out.push(signalName(sig).replace(/^SIG/, ''));
    return out;
  };
  const set = names(mask);
  return set.length > SIGSET_BYTES * 4 ? `~[${names(BigInt.asUintN(64, ~mask)).join(' ')}]` : `[${set.join(' ')}]`;
}

function named(list: readonly string[] | Readonly<Record<number, string>>, v: number): string {
  return (list as Record<number, string>)[v] ?? String(v);
}

/** One input argument `args[i]` of kind `kind`, as text. */
export function formatArg(kind: ArgKind, args: number[], i: number, peek: PeekMemory, name = ''): string {
  const v = args[i];
  switch (kind) {
    case 'int': case 'fd': return String(v);
    case 'uint': return v < 0 ? hexAddress(v) : String(v);
    case 'hex': return hexAddress(v);
    case 'ptr': return formatPointer(v);
    case 'dirfd': return v === AT_FDCWD ? 'AT_FDCWD' : String(v);
    case 'path': return formatCString(v, peek, PATH_MAX);
    case 'wbuf': return formatBuffer(v, args[i + 1], peek);
    case 'oflags': return name === 'openat' ? formatOpenFlags(v) : formatFlags(v, OPEN_FLAGS);
    case 'mode': return '0' + (v >>> 0).toString(8).padStart(3, '0');
    case 'prot': return formatFlags(v, PROT_FLAGS, PROT_NONE_NAME);
    case 'mflags': return formatMapFlags(v);
    case 'wopts': return formatFlags(v, WAIT_OPTIONS);
    case 'sig': return v === 0 ? '0' : signalName(v);
    case 'atflags': return formatFlags(v, AT_FLAGS);
    case 'argv': return formatArgv(v, peek);
    case 'envp': return formatEnvp(v, peek);
    case 'how': return named(SIGPROCMASK_HOW, v);
    case 'sigset': return formatSigset(v, peek);
    case 'whence': return named(SEEK_WHENCE, v);
    case 'fcntl': return named(FCNTL_CMDS, v);
    case 'clock': return named(CLOCK_IDS, v);
    case 'clone': return name === 'unshare' ? formatCloneFlags(v) : formatCloneArgs(args);
    default: return formatPointer(v);
  }
}

/** clone(flags, stack, parent_tid, tls, child_tid) in strace's order and words. */
function formatCloneArgs(a: number[]): string {
  const [flags, stack, ptid, tls, ctid] = a;
  const parts = [`child_stack=${formatPointer(stack)}`, `flags=${formatCloneFlags(flags)}`];
  if (flags & CLONE_PARENT_SETTID) parts.push(`parent_tid=${formatPointer(ptid)}`);
  if (flags & CLONE_SETTLS) parts.push(`tls=${formatPointer(tls)}`);
  if (flags & CLONE_CHILD_TID_FLAGS) parts.push(`child_tidptr=${formatPointer(ctid)}`);
  return parts.join(', ');
}

/** One output argument, read after the call returned `result`. */
function formatOutput(kind: ArgKind, args: number[], i: number, result: number, peek: PeekMemory): string {
  const v = args[i];
  const failed = result < 0;
  if (failed || v === 0) return formatPointer(v);
  if (kind === 'rbuf') return formatBuffer(v, result, peek);
  if (kind === 'wstatus') {
    const b = peek(v, INT_BYTES);
    return result > 0 && b && b.length === INT_BYTES ? formatWaitStatus(new DataView(b.buffer, b.byteOffset, INT_BYTES).getInt32(0, true)) : formatPointer(v);
  }
  const b = peek(v, 2 * INT_BYTES);
  if (!b || b.length < 2 * INT_BYTES) return formatPointer(v);
  const dv = new DataView(b.buffer, b.byteOffset, 2 * INT_BYTES);
  return `[${dv.getInt32(0, true)}, ${dv.getInt32(INT_BYTES, true)}]`;
}
