/**
 * The strace-style trace: argument formatting (flags by name, strings quoted and cut like
 * strace's -s 32, errors with their errno name and message), the --trace and --trace-file
 * options, and the CLI's trace of real examples.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, type CliOptions } from '../../src/cli/options';
import {
  enterCall, exitCall, formatCloneFlags, formatFlags, formatMapFlags, formatOpenFlags, formatResult,
  formatWaitStatus, quoteBytes, unfinishedCall, type PeekMemory,
} from '../../src/trace/strace-format';
import { PROT_FLAGS, WAIT_OPTIONS } from '../../src/trace/strace-constants';
import { exitText } from '../../src/cli/trace';
import { EXAMPLES_BIN, runCli } from './cli-bundle';

const dir = mkdtempSync(join(tmpdir(), 'gk-trace-'));
const enc = new TextEncoder();

/** A guest memory of one region [base, base + bytes.length); nothing else readable. */
function memory(base: number, bytes: Uint8Array): PeekMemory {
  return (va, len) => {
    if (va < base || va >= base + bytes.length) return undefined;
    return bytes.slice(va - base, Math.min(va - base + len, bytes.length));
  };
}

function line(name: string, args: number[], result: number, peek: PeekMemory): string {
  return exitCall(enterCall({ pid: 3, tid: 3, name, args }, peek), result, peek);
}

describe('syscall lines in strace style', () => {
  const BASE = 0x10000;
  const peek = memory(BASE, enc.encode('/tmp/x\0'));

  it('openat with AT_FDCWD, flags by name and an octal mode', () => {
    expect(line('openat', [-100, BASE, 0o101, 0o644], 3, peek)).toBe('[pid 3] openat(AT_FDCWD, "/tmp/x", O_WRONLY|O_CREAT, 0644) = 3');
    expect(line('openat', [-100, BASE, 0o2000000, 0], -2, peek)).toBe('[pid 3] openat(AT_FDCWD, "/tmp/x", O_RDONLY|O_CLOEXEC) = -1 ENOENT (No such file or directory)');
  });

  it('errors show the errno name and message; addresses in hex; exit_group = ?', () => {
    expect(formatResult('close', -9)).toBe('-1 EBADF (Bad file descriptor)');
    expect(formatResult('mmap', 0x3ff7000000)).toBe('0x3ff7000000');
    expect(formatResult('mmap', -12)).toBe('-1 ENOMEM (Cannot allocate memory)');
    expect(formatResult('close', -4000)).toBe('-1 E??? (Unknown error 4000)');
    expect(formatResult('exit_group', 0)).toBe('?');
  });

  it('write shows its buffer at entry, cut at 32 bytes with ...; read shows what was read at exit', () => {
    const text = enc.encode('Hello from Glasskernel, this line is longer than 32 bytes\n');
    const m = memory(BASE, text);
    expect(line('write', [1, BASE, text.length], text.length, m)).toBe(`[pid 3] write(1, "Hello from Glasskernel, this lin"..., ${text.length}) = ${text.length}`);
    expect(line('write', [1, BASE, 6], 6, m)).toBe('[pid 3] write(1, "Hello ", 6) = 6');
    expect(line('read', [0, BASE, 512], 3, m)).toBe('[pid 3] read(0, "Hel", 512) = 3');
    expect(line('read', [0, BASE, 512], -14, m)).toBe('[pid 3] read(0, 0x10000, 512) = -1 EFAULT (Bad address)');
  });

  it('reads input strings at entry, before the kernel changes the memory', () => {
    const bytes = enc.encode('abc\0');
    const call = enterCall({ pid: 3, tid: 3, name: 'write', args: [1, BASE, 3] }, memory(BASE, bytes));
    bytes.set(enc.encode('xyz'));
    expect(exitCall(call, 3, memory(BASE, bytes))).toBe('[pid 3] write(1, "abc", 3) = 3');
  });

  it('escapes quotes, backslashes, control and non-ASCII bytes like strace', () => {
    expect(quoteBytes(enc.encode('a"b\\c\t\n'), false)).toBe('"a\\"b\\\\c\\t\\n"');
    expect(quoteBytes(new Uint8Array([0, 0x41, 0, 0x31, 0xff]), false)).toBe('"\\0A\\0001\\377"');
    expect(quoteBytes(enc.encode('x'), true)).toBe('"x"...');
  });

  it('unreadable or NULL pointers print as hex or NULL, never throw', () => {
    expect(line('openat', [-100, 0xdead000, 0, 0], -14, peek)).toBe('[pid 3] openat(AT_FDCWD, 0xdead000, O_RDONLY) = -1 EFAULT (Bad address)');
    expect(line('chdir', [0], -14, peek)).toBe('[pid 3] chdir(NULL) = -1 EFAULT (Bad address)');
    expect(line('write', [1, -1, 5], -14, peek)).toBe('[pid 3] write(1, 0xffffffffffffffff, 5) = -1 EFAULT (Bad address)');
    // A path running into unmapped memory without a NUL.
    expect(line('chdir', [BASE + 1], 0, memory(BASE, enc.encode('abcdef')))).toBe('[pid 3] chdir(0x10001) = 0');
  });

  it('mmap prot and flags, clone flags with the exit signal, wait4 options and status', () => {
    expect(line('mmap', [0, 4096, 3, 0x22, -1, 0], 0x3ff7fff000, peek)).toBe('[pid 3] mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x3ff7fff000');
    expect(formatFlags(0, PROT_FLAGS, 'PROT_NONE')).toBe('PROT_NONE');
    expect(formatMapFlags(0x11)).toBe('MAP_SHARED|MAP_FIXED');
    expect(formatCloneFlags(0x11)).toBe('SIGCHLD');
    expect(formatCloneFlags(0x3d0f00)).toBe('CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID');
    expect(line('clone', [0x11, 0, 0, 0, 0], 4, peek)).toBe('[pid 3] clone(child_stack=NULL, flags=SIGCHLD) = 4');
    expect(formatFlags(1 | 0x40, WAIT_OPTIONS)).toBe('WNOHANG|0x40');
    expect(formatWaitStatus(42 << 8)).toBe('[{WIFEXITED(s) && WEXITSTATUS(s) == 42}]');
    expect(formatWaitStatus(11)).toBe('[{WIFSIGNALED(s) && WTERMSIG(s) == SIGSEGV}]');
    expect(formatWaitStatus(11 | 0x80)).toBe('[{WIFSIGNALED(s) && WTERMSIG(s) == SIGSEGV && WCOREDUMP(s)}]');
    const status = new Uint8Array(4);
    new DataView(status.buffer).setInt32(0, 3 << 8, true);
    expect(line('wait4', [-1, BASE, 1, 0], 5, memory(BASE, status))).toBe('[pid 3] wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], WNOHANG, NULL) = 5');
  });

  it('signals by name, ioctl requests in hex, sigsets, pipe2 fds, execve argv', () => {
    expect(line('kill', [4, 15], 0, peek)).toBe('[pid 3] kill(4, SIGTERM) = 0');
    expect(line('ioctl', [1, 0x5401, BASE], -25, peek)).toBe('[pid 3] ioctl(1, 0x5401, 0x10000) = -1 ENOTTY (Inappropriate ioctl for device)');
    const set = new Uint8Array(8);
    new DataView(set.buffer).setBigUint64(0, (1n << 1n) | (1n << 9n), true); // SIGINT (2), SIGUSR1 (10): bit sig - 1
    expect(line('rt_sigprocmask', [0, BASE, 0, 8], 0, memory(BASE, set))).toBe('[pid 3] rt_sigprocmask(SIG_BLOCK, [INT USR1], NULL, 8) = 0');
    const fds = new Uint8Array(8);
    new DataView(fds.buffer).setInt32(0, 3, true);
    new DataView(fds.buffer).setInt32(4, 4, true);
    expect(line('pipe2', [BASE, 0], 0, memory(BASE, fds))).toBe('[pid 3] pipe2([3, 4], 0) = 0');
    // argv at 0x10000: two pointers and NULL, then the strings; envp at the NULL slot (0 vars).
    const mem = new Uint8Array(64);
    const dv = new DataView(mem.buffer);
    dv.setBigUint64(0, BigInt(BASE + 32), true);
    dv.setBigUint64(8, BigInt(BASE + 42), true);
    mem.set(enc.encode('/bin/exec\0'), 32);
    mem.set(enc.encode('--greet\0'), 42);
    const exec = enterCall({ pid: 3, tid: 3, name: 'execve', args: [BASE + 32, BASE, BASE + 16] }, memory(BASE, mem));
    expect(unfinishedCall(exec, '0')).toBe('[pid 3] execve("/bin/exec", ["/bin/exec", "--greet"], 0x10010 /* 0 vars */) = 0');
  });

  it('openat flags: access modes and rest; unknown syscalls in hex', () => {
    expect(formatOpenFlags(2 | 0o1000 | 0o200000)).toBe('O_RDWR|O_TRUNC|O_DIRECTORY');
    expect(line('syscall 999', [1, 2], -38, peek)).toBe('[pid 3] syscall 999(0x1, 0x2) = -1 ENOSYS (Function not implemented)');
    expect(exitText(0x8b00)).toBe('+++ exited with 139 +++');
    expect(exitText(9)).toBe('+++ killed by SIGKILL +++');
  });
});

function parsed(argv: string[]): CliOptions {
  const o = parse(argv);
  if (typeof o === 'string') throw new Error(o);
  return o;
}

describe('--trace and --trace-file options', () => {
  it('accepts a comma-separated list of kinds', () => {
    expect([...parsed(['--trace=faults,syscalls,sched,signals,exec', 'p']).trace]).toEqual(['faults', 'syscalls', 'sched', 'signals', 'exec']);
    expect(parsed(['--trace=faults', 'p']).traceFaults).toBe(true);
    expect(parsed(['--trace=syscalls', '--trace-file=/tmp/t', 'p']).traceFile).toBe('/tmp/t');
  });

  it('refuses unknown kinds, empty lists and a --trace-file without --trace with a sentence', () => {
    expect(parse(['--trace=syscall', 'p'])).toBe("--trace: 'syscall' is not a trace kind; the kinds are faults, syscalls, sched, signals, exec");
    expect(parse(['--trace=faults,', 'p'])).toMatch(/^--trace: '' is not a trace kind/);
    expect(parse(['--trace=', 'p'])).toMatch(/^--trace: needs a comma-separated list/);
    expect(parse(['--trace', 'p'])).toMatch(/^--trace: needs/);
    expect(parse(['--trace-file=/tmp/t', 'p'])).toMatch(/^--trace-file: .*needs --trace=KINDS/);
    expect(parse(['--trace=syscalls', '--trace-file=', 'p'])).toMatch(/^--trace-file: needs a host path/);
    expect((parse([`--trace=${'x'.repeat(5000)}`, 'p']) as string).length).toBeLessThan(200);
  });
});

describe('glasskernel run --trace on the examples', () => {
  it('hello: write lines to stderr in strace style, program output unchanged', () => {
    const r = runCli(['run', '--trace=syscalls', join(EXAMPLES_BIN, 'hello')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Hello from Glasskernel/);
    expect(r.stderr).toContain('[pid 2] write(1, "Hello from Glasskernel!\\n", 24) = 24\n');
    expect(r.stderr).toContain('[pid 2] exit_group(0) = ?\n[pid 2] +++ exited with 0 +++\n');
  });

  it('exec: execve argv read before the image is replaced; wait4 status decoded; --trace-file gets the lines', () => {
    const file = join(dir, 'exec.trace');
    const r = runCli(['run', '--trace=syscalls,exec,faults,sched,signals', `--trace-file=${file}`, join(EXAMPLES_BIN, 'exec')]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/\[pid 3\] execve\("\/bin\/exec", \["\/bin\/exec", "--greet"\], 0x[0-9a-f]+ \/\* 2 vars \*\/\) = 0\n\[exec\] pid 3 tid 3 "\/bin\/exec" argv \["\/bin\/exec", "--greet"\]\n/);
    expect(text).toContain('wait4(3, [{WIFEXITED(s) && WEXITSTATUS(s) == 42}], 0, NULL) = 3');
    expect(text).toMatch(/^\[fault\] pid 2 /m);
    expect(text).toMatch(/^\[sched\] /m);
  });

  it('segv: the fault and the signal lines, and the killed child', () => {
    const r = runCli(['run', '--trace=faults,signals,syscalls', join(EXAMPLES_BIN, 'segv')]);
    expect(r.stderr).toMatch(/^\[fault\] pid 3 write 0x0 pc 0x[0-9a-f]+ in \(no vma\): segv$/m);
    expect(r.stderr).toMatch(/^\[signal\] pid 3 tid 3 SIGSEGV: .* \(fault\)$/m);
    expect(r.stderr).toContain('[pid 3] +++ killed by SIGSEGV +++');
  });

  it('--trace=faults alone keeps its format', () => {
    const r = runCli(['run', '--trace=faults', join(EXAMPLES_BIN, 'hello')]);
    expect(r.stderr.split('\n').filter((l) => l).every((l) => /^\[fault\] pid \d+ (read|write|execute) 0x[0-9a-f]+ pc 0x[0-9a-f]+ in .*: [a-z-]+$/.test(l))).toBe(true);
  });

  it('an unwritable --trace-file ends the run before it starts, with a sentence', () => {
    const r = runCli(['run', '--trace=syscalls', `--trace-file=${join(dir, 'no/such/dir/t')}`, join(EXAMPLES_BIN, 'hello')]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^glasskernel: --trace-file: cannot create '.*no\/such\/dir\/t': ENOENT \(no such file or directory\)\n$/);
    const d = runCli(['run', '--trace=syscalls', `--trace-file=${dir}`, join(EXAMPLES_BIN, 'hello')]);
    expect(d.status).toBe(2);
    expect(d.stderr).toMatch(/--trace-file: cannot create .*: EISDIR/);
  });
});
