import { EAGAIN, EBADF, EINVAL, EPIPE, ESPIPE } from '../errno';
import {
  FD_CLOEXEC, O_APPEND, O_NONBLOCK, OpenFile, POLLERR, POLLHUP, POLLNVAL, POLL_WAIT, WOULD_BLOCK, type IoContext,
} from '../files';
import type { Kernel } from '../kernel';
import type { Thread } from '../process';
import { SIGPIPE } from '../signal';
import { FIONBIO } from '../vfs/devices';
import { BLOCK, int, long, ptr, size, type SyscallHandler, type SyscallResult } from './args';
import { fileOf } from './fs';
import * as nr from './numbers';

/** Largest single read or write (Linux MAX_RW_COUNT is INT_MAX rounded to pages; bounding host copies). */
export const MAX_RW_BYTES = 1 << 20;
/** Most iovec entries readv/writev accept (UIO_MAXIOV). */
export const UIO_MAXIOV = 1024;
/** Bytes of struct iovec { void *iov_base; size_t iov_len; }. */
const IOVEC_BYTES = 16;
/** Bytes of struct pollfd { int fd; short events; short revents; }. */
const POLLFD_BYTES = 8;
/** ioctl(2) requests that set/clear FD_CLOEXEC (asm-generic/ioctls.h). */
export const FIONCLEX = 0x5450;
export const FIOCLEX = 0x5451;
const NSEC_PER_SEC = 1_000_000_000;

/**
 * Puts `t` to sleep on what `f` waits for, or returns -EAGAIN under O_NONBLOCK. The ecall
 * re-executes when the thread wakes (see BLOCK).
 */
function blockOn(t: Thread, f: OpenFile): SyscallResult {
  if (f.flags & O_NONBLOCK) return -EAGAIN;
  t.state = 'sleeping';
  t.wait = f.waitReason();
  return BLOCK;
}

/** Reading side of read/readv/pread: checks the fd, reads, blocks when needed. */
function readFrom(k: Kernel, t: Thread, fd: number, count: number, offset?: number): Uint8Array | SyscallResult {
  const f = fileOf(t, fd);
  if (!f || !f.readable) return -EBADF;
  if (offset !== undefined) {
    if (offset < 0) return -EINVAL;
    return f.pread(count, offset);
  }
  if (count === 0 && f.kind !== 'directory') return new Uint8Array(0);
  const io: IoContext = { k, proc: t.process };
  const data = f.read(count, io);
  return data === WOULD_BLOCK ? blockOn(t, f) : data;
}

/** A blocked write's progress (bytes already written), kept while its ecall re-executes. */
const partialWrites = new WeakMap<Thread, { sepc: number; retired: number; done: number }>();

/**
 * Writing side of write/writev/pwrite: checks the fd, writes, raises SIGPIPE on EPIPE. A
 * blocking write to a pipe returns only once every byte is written (pipe(7)): what fits goes
 * now, the thread sleeps, and the re-executed ecall (`sepc`) continues after the bytes already
 * written. Under O_NONBLOCK it returns the short count, or -EAGAIN when nothing fitted.
 */
function writeTo(k: Kernel, t: Thread, fd: number, data: Uint8Array, sepc: number, offset?: number): SyscallResult {
  const f = fileOf(t, fd);
  if (!f || !f.writable) return -EBADF;
  if (offset !== undefined) return offset < 0 ? -EINVAL : f.pwrite(data, offset);
  if (data.length === 0 && f.kind !== 'pipe') return 0;
  const prev = partialWrites.get(t);
  partialWrites.delete(t);
  let done = prev && prev.sepc === sepc && prev.retired === retired(t) ? prev.done : 0;
  for (;;) {
    const n = f.write(data.subarray(done), { k, proc: t.process });
    if (n === WOULD_BLOCK) {
      if (f.flags & O_NONBLOCK) return done > 0 ? done : -EAGAIN;
      partialWrites.set(t, { sepc, retired: retired(t), done });
      return blockOn(t, f);
    }
    if (n < 0) {
      if (n === -EPIPE && done === 0) k.sendSignal(t.process, SIGPIPE);
      return done > 0 ? done : n;
    }
    done += n;
    if (done >= data.length || f.kind !== 'pipe') return done;
  }
}

/** Emits the console output event for a write to the console. */
function emitOutput(k: Kernel, t: Thread, fd: number, data: Uint8Array): void {
  const f = fileOf(t, fd);
  if (f?.kind === 'console' && data.length > 0 && k.listens('output')) k.emit('output', { pid: t.process.pid, fd, data });
}

/** Copies what was read to the user buffer; on -EFAULT a seekable file's offset is restored. */
function deliver(k: Kernel, t: Thread, fd: number, va: number, data: Uint8Array): number {
  const err = k.userMemory(t.process).write(va, data);
  if (err === 0) return data.length;
  const f = fileOf(t, fd);
  if (f && (f.kind === 'regular' || f.kind === 'proc')) f.pos -= data.length;
  return err;
}

/** read(2): up to `count` bytes at the file offset; sleeps on an empty pipe or the console. */
const sysRead: SyscallHandler = (k, t, a) => {
  const r = readFrom(k, t, int(a[0]), Math.min(size(a[2]), MAX_RW_BYTES));
  return r instanceof Uint8Array ? deliver(k, t, int(a[0]), ptr(a[1]), r) : r;
};

/** pread64(2): like read at `offset`, the file offset unchanged; -ESPIPE on pipes and ttys. */
const sysPread64: SyscallHandler = (k, t, a) => {
  const r = readFrom(k, t, int(a[0]), Math.min(size(a[2]), MAX_RW_BYTES), long(a[3]));
  if (!(r instanceof Uint8Array)) return r;
  return k.userMemory(t.process).write(ptr(a[1]), r) || r.length;
};

/** write(2): copies the user buffer to the file; -EFAULT for a bad buffer, nothing written. */
const sysWrite: SyscallHandler = (k, t, a, sepc) => {
  const f = fileOf(t, int(a[0]));
  if (!f || !f.writable) return -EBADF;
  const data = k.userMemory(t.process).read(ptr(a[1]), Math.min(size(a[2]), MAX_RW_BYTES));
  if (typeof data === 'number') return data;
  emitOutput(k, t, int(a[0]), data);
  return writeTo(k, t, int(a[0]), data, sepc);
};

/** pwrite64(2): like write at `offset`, the file offset unchanged. */
const sysPwrite64: SyscallHandler = (k, t, a, sepc) => {
  const f = fileOf(t, int(a[0]));
  if (!f || !f.writable) return -EBADF;
  const data = k.userMemory(t.process).read(ptr(a[1]), Math.min(size(a[2]), MAX_RW_BYTES));
  if (typeof data === 'number') return data;
  return writeTo(k, t, int(a[0]), data, sepc, long(a[3]));
};

/** Reads an iovec array: [base, len] pairs, or -EINVAL (count, total) / -EFAULT. */
function readIovecs(k: Kernel, t: Thread, va: number, count: number): [number, number][] | number {
  if (count < 0 || count > UIO_MAXIOV) return -EINVAL;
  const raw = k.userMemory(t.process).read(va, count * IOVEC_BYTES);
  if (typeof raw === 'number') return raw;
  const v = new DataView(raw.buffer);
  const out: [number, number][] = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    const len = v.getBigUint64(i * IOVEC_BYTES + 8, true);
    if (len > 0x7fffffffffffffffn) return -EINVAL;
    const n = Math.min(Number(len), MAX_RW_BYTES - total);
    total += n;
    out.push([ptr(v.getBigUint64(i * IOVEC_BYTES, true)), n]);
  }
  return out;
}

/** readv(2)/preadv(2): one read of the total length, scattered over the iovecs in order. */
function doReadv(k: Kernel, t: Thread, a: bigint[], offset?: number): SyscallResult {
  const iov = readIovecs(k, t, ptr(a[1]), int(a[2]));
  if (typeof iov === 'number') return iov;
  const total = iov.reduce((s, [, n]) => s + n, 0);
  const r = readFrom(k, t, int(a[0]), total, offset);
  if (!(r instanceof Uint8Array)) return r;
  const um = k.userMemory(t.process);
  let done = 0;
  for (const [base, n] of iov) {
    if (done >= r.length) break;
    const part = r.subarray(done, done + n);
    const err = um.write(base, part);
    if (err) return done > 0 ? done : err;
    done += part.length;
  }
  return r.length;
}

/** writev(2)/pwritev(2): gathers the iovecs and writes them as one write. */
function doWritev(k: Kernel, t: Thread, a: bigint[], sepc: number, offset?: number): SyscallResult {
  const f = fileOf(t, int(a[0]));
  if (!f || !f.writable) return -EBADF;
  const iov = readIovecs(k, t, ptr(a[1]), int(a[2]));
  if (typeof iov === 'number') return iov;
  const um = k.userMemory(t.process);
  const all = new Uint8Array(iov.reduce((s, [, n]) => s + n, 0));
  let off = 0;
  for (const [base, n] of iov) {
    const part = um.read(base, n);
    if (typeof part === 'number') return part;
    all.set(part, off);
    off += n;
  }
  emitOutput(k, t, int(a[0]), all);
  return writeTo(k, t, int(a[0]), all, sepc, offset);
}

/** lseek(2): the new offset, -ESPIPE for pipes and ttys, -EINVAL for a bad whence or negative result. */
const sysLseek: SyscallHandler = (_k, t, a) => {
  const f = fileOf(t, int(a[0]));
  if (!f) return -EBADF;
  return f.lseek(long(a[1]), int(a[2]));
};

/**
 * sendfile(2): copies up to `count` bytes from `in_fd` (a seekable file) to `out_fd`, at
 * *offset when the pointer is not NULL (then in_fd's offset stays and *offset advances).
 * -EINVAL for an unseekable input or an O_APPEND output, -EBADF, -EFAULT.
 */
const sysSendfile: SyscallHandler = (k, t, a) => {
  const out = fileOf(t, int(a[0]));
  const input = fileOf(t, int(a[1]));
  if (!out || !out.writable || !input || !input.readable) return -EBADF;
  if (out.flags & O_APPEND) return -EINVAL;
  const offPtr = ptr(a[2]);
  const um = k.userMemory(t.process);
  let offset = input.pos;
  if (offPtr) {
    const o = um.readU64(offPtr);
    if (typeof o === 'number') return o;
    offset = Number(BigInt.asIntN(64, o));
    if (offset < 0) return -EINVAL;
  }
  const data = input.pread(Math.min(size(a[3]), MAX_RW_BYTES), offset);
  if (data === -ESPIPE) return -EINVAL;
  if (typeof data === 'number') return data;
  const n = data.length === 0 ? 0 : out.write(data, { k, proc: t.process });
  if (n === WOULD_BLOCK) return blockOn(t, out);
  if (n === -EPIPE) k.sendSignal(t.process, SIGPIPE);
  if (n < 0) return n;
  if (offPtr) {
    const err = um.writeU64(offPtr, BigInt(offset + n));
    if (err) return err;
  } else input.pos = offset + n;
  return n;
};

/** ioctl(2): FIONBIO, FIOCLEX/FIONCLEX on any fd; the rest by file type (terminal ioctls on the console), else -ENOTTY. */
const sysIoctl: SyscallHandler = (k, t, a) => {
  const fd = int(a[0]);
  const f = fileOf(t, fd);
  if (!f) return -EBADF;
  const cmd = Number(a[1] & 0xffffffffn);
  const arg = ptr(a[2]);
  switch (cmd) {
    case FIOCLEX: return t.files.setFdFlags(fd, FD_CLOEXEC);
    case FIONCLEX: return t.files.setFdFlags(fd, 0);
    case FIONBIO: {
      const b = k.userMemory(t.process).read(arg, 4);
      if (typeof b === 'number') return b;
      const on = new DataView(b.buffer).getInt32(0, true) !== 0;
      f.flags = on ? f.flags | O_NONBLOCK : f.flags & ~O_NONBLOCK;
      return 0;
    }
    default: return f.ioctl(cmd, arg, { k, proc: t.process });
  }
}

/** A blocked ppoll's deadline, kept while its ecall re-executes (same thread, same ecall, no instruction retired since). */
const pollDeadlines = new WeakMap<Thread, { sepc: number; retired: number; deadlineNs?: number }>();

/** Instructions `t` has retired (0 when the scheduler does not count them). */
function retired(t: Thread): number {
  return (t as { instructions?: number }).instructions ?? 0;
}

/**
 * ppoll(2): checks each struct pollfd, stores revents, returns how many fds are ready. With
 * none ready it sleeps until a file changes or the timeout (virtual time; NULL = forever)
 * passes, then returns 0. Negative fds are skipped; closed ones report POLLNVAL. The signal
 * mask argument is accepted and not applied. -EINVAL for too many fds or a bad timeout, -EFAULT.
 */
const sysPpoll: SyscallHandler = (k, t, a, sepc) => {
  const nfds = size(a[1]);
  if (!(nfds <= t.files.limit)) return -EINVAL;
  const um = k.userMemory(t.process);
  const raw = um.read(ptr(a[0]), nfds * POLLFD_BYTES);
  if (typeof raw === 'number') return raw;
  const prev = pollDeadlines.get(t);
  let deadlineNs: number | undefined;
  if (prev && prev.sepc === sepc && prev.retired === retired(t)) deadlineNs = prev.deadlineNs;
  else if (ptr(a[2])) {
    const ts = um.read(ptr(a[2]), 16);
    if (typeof ts === 'number') return ts;
    const sec = new DataView(ts.buffer).getBigInt64(0, true);
    const nsec = new DataView(ts.buffer).getBigInt64(8, true);
    if (sec < 0n || nsec < 0n || nsec >= BigInt(NSEC_PER_SEC)) return -EINVAL;
    deadlineNs = k.clockNs + Number(sec) * NSEC_PER_SEC + Number(nsec);
  }
  pollDeadlines.delete(t);
  const v = new DataView(raw.buffer);
  const io: IoContext = { k, proc: t.process };
  let ready = 0;
  for (let i = 0; i < nfds; i++) {
    const fd = v.getInt32(i * POLLFD_BYTES, true);
    const events = v.getUint16(i * POLLFD_BYTES + 4, true);
    let revents = 0;
    if (fd >= 0) {
      const f = t.files.get(fd);
      revents = f ? f.poll(io) & (events | POLLERR | POLLHUP) : POLLNVAL;
    }
    v.setUint16(i * POLLFD_BYTES + 6, revents, true);
    if (revents) ready++;
  }
  const err = um.write(ptr(a[0]), raw);
  if (err) return err;
  if (ready > 0 || (deadlineNs !== undefined && k.clockNs >= deadlineNs)) return ready;
  pollDeadlines.set(t, { sepc, retired: retired(t), deadlineNs });
  t.state = 'sleeping';
  t.wait = deadlineNs === undefined ? { kind: 'io', on: POLL_WAIT } : { kind: 'io', on: POLL_WAIT, untilNs: deadlineNs, timeoutResult: 0 };
  return BLOCK;
};

/** fsync(2)/fdatasync(2): everything is in memory already; -EBADF for a closed fd, -EINVAL for pipes and ttys. */
const sysFsync: SyscallHandler = (_k, t, a) => {
  const f = fileOf(t, int(a[0]));
  if (!f) return -EBADF;
  return f.kind === 'pipe' || f.kind === 'console' ? -EINVAL : 0;
};

/** Read/write syscalls: plain, vectored, positioned, sendfile, lseek, ioctl, ppoll, fsync. */
export const ioSyscalls: [number, SyscallHandler][] = [
  [nr.SYS_read, sysRead],
  [nr.SYS_write, sysWrite],
  [nr.SYS_readv, (k, t, a) => doReadv(k, t, a)],
  [nr.SYS_writev, (k, t, a, sepc) => doWritev(k, t, a, sepc)],
  [nr.SYS_pread64, sysPread64],
  [nr.SYS_pwrite64, sysPwrite64],
  [nr.SYS_preadv, (k, t, a) => doReadv(k, t, a, long(a[3]))],
  [nr.SYS_pwritev, (k, t, a, sepc) => doWritev(k, t, a, sepc, long(a[3]))],
  [nr.SYS_lseek, sysLseek],
  [nr.SYS_sendfile, sysSendfile],
  [nr.SYS_ioctl, sysIoctl],
  [nr.SYS_ppoll, sysPpoll],
  [nr.SYS_fsync, sysFsync],
  [nr.SYS_fdatasync, sysFsync],
  [nr.SYS_sync, () => 0],
];
