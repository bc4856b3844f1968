import { EBADF, EPIPE } from '../errno';
import {
  O_RDONLY, O_WRONLY, OpenFile, POLLERR, POLLHUP, POLLIN, POLLOUT, WOULD_BLOCK, type IoContext, type WouldBlock,
} from '../files';
import type { WaitReason } from '../process';
import { FIONREAD } from './devices';
import { FifoInode } from './inode';

/** Capacity of a pipe in bytes (pipe(7): 16 pages since Linux 2.6.11). */
export const PIPE_SIZE = 65536;
/** Writes of at most PIPE_BUF bytes are atomic: all or nothing (pipe(7)). */
export const PIPE_BUF = 4096;

/**
 * A pipe's buffer (pipe(7)): bytes in FIFO order, at most PIPE_SIZE, and the number of open
 * read and write descriptions. `wake` is called whenever a waiting reader, writer or poller
 * might now proceed (data arrived, space freed, an end closed).
 */
export class Pipe {
  private chunks: Uint8Array[] = [];
  /** Bytes buffered. */
  length = 0;
  readers = 0;
  writers = 0;

  constructor(readonly inode: FifoInode, private readonly wake: (pipe: Pipe) => void) {}

  /** Free space in bytes. */
  get space(): number {
    return PIPE_SIZE - this.length;
  }

  /** Removes and returns up to `max` buffered bytes (the caller checked length > 0). */
  take(max: number): Uint8Array {
    const n = Math.min(max, this.length);
    const out = new Uint8Array(n);
    let done = 0;
    while (done < n) {
      const c = this.chunks[0];
      const k = Math.min(c.length, n - done);
      out.set(c.subarray(0, k), done);
      done += k;
      if (k === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(k);
    }
    this.length -= n;
    this.wake(this);
    return out;
  }

  /** Appends `data` (the caller checked there is room). */
  put(data: Uint8Array): void {
    this.chunks.push(data.slice());
    this.length += data.length;
    this.wake(this);
  }

  /** One end closed: wakes the other side (EOF for readers, EPIPE for writers). */
  closed(): void {
    this.wake(this);
  }
}

/**
 * One end of a pipe: an open file description created by pipe2(2), O_RDONLY for the read end
 * and O_WRONLY for the write end. Reads block while the pipe is empty and a writer exists (end
 * of file once none does); writes block while the pipe is full. Under O_NONBLOCK the syscall
 * layer turns WOULD_BLOCK into -EAGAIN. Writing with no reader left gives -EPIPE (the syscall
 * layer sends SIGPIPE).
 */
export class PipeEnd extends OpenFile {
  readonly kind = 'pipe';
  private open = true;

  constructor(readonly pipe: Pipe, readonly isReadEnd: boolean, extraFlags: number) {
    super(pipe.inode, 'pipe:[' + pipe.inode.ino + ']', (isReadEnd ? O_RDONLY : O_WRONLY) | extraFlags);
    if (isReadEnd) pipe.readers++;
    else pipe.writers++;
  }

  override read(max: number): Uint8Array | number | WouldBlock {
    if (!this.isReadEnd) return -EBADF; // the write end is not open for reading
    if (max === 0) return new Uint8Array(0);
    if (this.pipe.length > 0) return this.pipe.take(max);
    return this.pipe.writers === 0 ? new Uint8Array(0) : WOULD_BLOCK;
  }

  /**
   * Writes all of `data` when it fits; a write of at most PIPE_BUF bytes waits until it fits
   * whole, a larger one writes what fits and returns the short count (0 bytes fit: it waits).
   */
  override write(data: Uint8Array): number | WouldBlock {
    if (this.isReadEnd) return -EBADF;
    const p = this.pipe;
    if (p.readers === 0) return -EPIPE;
    if (data.length === 0) return 0;
    const need = data.length <= PIPE_BUF ? data.length : 1;
    if (p.space < need) return WOULD_BLOCK;
    const n = Math.min(p.space, data.length);
    p.put(data.subarray(0, n));
    return n;
  }

  override poll(): number {
    const p = this.pipe;
    if (this.isReadEnd) return (p.length > 0 ? POLLIN : 0) | (p.writers === 0 ? POLLHUP : 0);
    return (p.space >= PIPE_BUF ? POLLOUT : 0) | (p.readers === 0 ? POLLERR : 0);
  }

  override waitReason(): WaitReason {
    return { kind: 'io', on: this.pipe };
  }

  /** FIONREAD: bytes buffered. */
  override ioctl(cmd: number, arg: number, io: IoContext): number {
    if (cmd === FIONREAD) return io.k.userMemory(io.proc).writeU32(arg, this.pipe.length);
    return super.ioctl(cmd, arg, io);
  }

  override release(): void {
    if (!this.open) return;
    this.open = false;
    if (this.isReadEnd) this.pipe.readers--;
    else this.pipe.writers--;
    this.pipe.closed();
  }
}
