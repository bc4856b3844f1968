import { describe, expect, it } from 'vitest';
import { EACCES, EISDIR, ELOOP, ENOENT, ENOSPC, ENOTDIR, EPIPE } from '../../src/kernel/errno';
import {
  FD_CLOEXEC, FileTable, O_CREAT, O_EXCL, O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY, POLLHUP, POLLIN, POLLOUT,
  WOULD_BLOCK, closeOnExec, getFile,
} from '../../src/kernel/files';
import { Kernel, blankContext } from '../../src/kernel/kernel';
import { Process, Thread } from '../../src/kernel/process';
import { FsInfo } from '../../src/kernel/vfs/fsinfo';
import type { PageCacheHooks } from '../../src/kernel/vfs/backing';
import { RegularFile } from '../../src/kernel/vfs/file';
import { DirInode, FifoInode, RegularInode, SpaceQuota, SymlinkInode } from '../../src/kernel/vfs/inode';
import { PIPE_SIZE, Pipe, PipeEnd } from '../../src/kernel/vfs/pipe';
import type { Found } from '../../src/kernel/vfs/vfs';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array | number | typeof WOULD_BLOCK) => (b instanceof Uint8Array ? new TextDecoder().decode(b) : b);

/** A kernel with a console whose input is `input` (then end of file); output is collected. */
function boot(input?: () => Uint8Array | undefined) {
  const out: string[] = [];
  const k = new Kernel({ host: { writeConsole: (_fd, d) => out.push(new TextDecoder().decode(d)), readConsole: input } });
  return { k, out };
}

/** The inode a walk found (a failed walk is a test failure). */
function inodeOf<T>(r: Found | number): T {
  if (typeof r === 'number') throw new Error(`walk failed: ${r}`);
  return r.inode as unknown as T;
}

/** A task (thread of a process) for path walks: the VFS needs its fs info and file table, not an address space. */
function fakeTask(pid = 7): Thread {
  const proc = new Process(pid, 1, 'test', undefined as never);
  const t = new Thread(pid, proc, blankContext(0, 0), new FileTable(), new FsInfo());
  proc.threads.push(t);
  return t;
}

describe('the VFS tree and path walk', () => {
  it('addFile creates parent directories and the file reads back; /dev, /tmp and /proc exist at boot', () => {
    const { k } = boot();
    expect(k.addFile('/usr/share/doc/readme.txt', enc('hi'))).toBe(0);
    const p = fakeTask();
    const f = inodeOf<RegularInode>(k.vfs.walk(p, k.vfs.root, '/usr/share/doc/readme.txt', true));
    expect(dec(f.readAt(0, 10))).toBe('hi');
    for (const path of ['/dev/null', '/dev/zero', '/dev/console', '/dev/tty', '/dev/urandom', '/tmp', '/proc']) {
      expect(typeof k.vfs.walk(p, k.vfs.root, path, true)).toBe('object');
    }
    expect(k.addFile('/usr/share/doc/readme.txt/x', enc('no'))).toBe(-ENOTDIR);
  });

  it('walks ".", "..", relative symlinks and stops link loops with ELOOP', () => {
    const { k } = boot();
    k.addFile('/a/b/file', enc('x'));
    const p = fakeTask();
    const a = inodeOf<DirInode>(k.vfs.walk(p, k.vfs.root, '/a', true));
    a.link('up', new SymlinkInode(k.vfs.ino(), 0, '../a/b'), 0);
    a.link('self', new SymlinkInode(k.vfs.ino(), 0, 'self'), 0);
    const via = k.vfs.walk(p, k.vfs.root, '/a/./up/../b/file', true);
    expect(typeof via === 'object' && via.name).toBe('file');
    expect(k.vfs.walk(p, k.vfs.root, '/a/self', true)).toBe(-ELOOP);
    expect(typeof k.vfs.walk(p, k.vfs.root, '/a/self', false)).toBe('object');
    expect(k.vfs.walk(p, k.vfs.root, '/a/b/file/', true)).toBe(-ENOTDIR);
    expect(k.vfs.walk(p, k.vfs.root, '/a/missing/x', true)).toBe(-ENOENT);
    const top = k.vfs.walk(p, k.vfs.root, '/..', true);
    expect(typeof top === 'object' && top.inode === k.vfs.root).toBe(true);
  });

  it('lookupExecutable resolves symlinks to a canonical path and refuses directories and files without x bits', () => {
    const { k } = boot();
    k.addFile('/bin/prog', enc('\x7fELF...'));
    const bin = inodeOf<DirInode>(k.vfs.walk(undefined, k.vfs.root, '/bin', true));
    bin.link('alias', new SymlinkInode(k.vfs.ino(), 0, 'prog'), 0);
    const exe = k.vfs.lookupExecutable(undefined, '/bin/alias');
    expect(exe).toMatchObject({ path: '/bin/prog' });
    expect(typeof exe === 'object' && exe.backing.size()).toBe(7);
    expect(k.vfs.lookupExecutable(undefined, '/bin')).toBe(-EACCES);
    expect(k.vfs.lookupExecutable(undefined, '/nope')).toBe(-ENOENT);
    const p = fakeTask();
    const f = k.vfs.open(p, k.vfs.root, '/tmp/data', O_CREAT | O_WRONLY, 0o666);
    expect(f).toBeInstanceOf(RegularFile);
    expect(k.vfs.lookupExecutable(p, '/tmp/data')).toBe(-EACCES);
  });

  it('open honours O_CREAT|O_EXCL, O_TRUNC and the umask, and refuses writes to directories and /proc', () => {
    const { k } = boot();
    const p = fakeTask();
    p.fs.umask = 0o027;
    const f = k.vfs.open(p, k.vfs.root, '/tmp/new', O_CREAT | O_EXCL | O_RDWR, 0o666) as RegularFile;
    expect(f.inode.mode & 0o777).toBe(0o640);
    f.write(enc('abcdef'));
    expect(k.vfs.open(p, k.vfs.root, '/tmp/new', O_CREAT | O_EXCL | O_RDWR, 0o666)).toBe(-17);
    const g = k.vfs.open(p, k.vfs.root, '/tmp/new', O_WRONLY | O_TRUNC, 0) as RegularFile;
    expect(g.inode.size()).toBe(0);
    expect(k.vfs.open(p, k.vfs.root, '/tmp', O_WRONLY, 0)).toBe(-EISDIR);
    expect(k.vfs.open(p, k.vfs.root, '/proc/meminfo', O_WRONLY, 0)).toBe(-EACCES);
    expect(k.vfs.open(p, k.vfs.root, '/proc/new', O_CREAT | O_WRONLY, 0o644)).toBe(-EACCES);
  });

  it('guest writes to a file added from the host never change the host buffer', () => {
    const { k } = boot();
    const host = enc('original');
    k.addFile('/data', host);
    const f = k.vfs.open(fakeTask(), k.vfs.root, '/data', O_RDWR, 0) as RegularFile;
    f.write(enc('CHANGED!'));
    expect(dec(host)).toBe('original');
    expect(dec(f.pread(8, 0))).toBe('CHANGED!');
  });

  it('/proc/self names the calling process', () => {
    const { k } = boot();
    const self = inodeOf<SymlinkInode>(k.vfs.walk(fakeTask(42), k.vfs.root, '/proc/self', false));
    expect(self.readlink(fakeTask(42).process)).toBe('42');
  });
});

describe('regular files and the page-cache seam', () => {
  it('reads overlay cached pages, writes go through to the cache, truncate tells it', () => {
    const quota = new SpaceQuota();
    const inode = new RegularInode(5, 0o644, 0, quota, enc('0123456789'));
    const calls: string[] = [];
    const hooks: PageCacheHooks = {
      overlay: (off, out) => { calls.push(`overlay ${off} ${out.length}`); out[0] = 0x41; },
      writeThrough: (off, data) => calls.push(`write ${off} ${new TextDecoder().decode(data)}`),
      truncate: (size) => calls.push(`truncate ${size}`),
    };
    const f = new RegularFile(inode, '/f', O_RDWR, () => 0);
    const backing = f.backing();
    backing.cache = hooks;
    expect(inode.cache).toBe(hooks);
    expect(dec(f.read(4))).toBe('A123');
    expect(dec(backing.readAt(0, 4))).toBe('0123');
    f.write(enc('xy'));
    backing.writeAt(8, enc('ZZ'));
    inode.truncate(3);
    expect(calls).toEqual(['overlay 0 4', 'write 4 xy', 'truncate 3']);
    expect(backing.size()).toBe(3);
    expect(backing.ino).toBe(5);
  });

  it('holes read as zeros and a full quota gives ENOSPC without a partial write', () => {
    const quota = new SpaceQuota(8192);
    const inode = new RegularInode(6, 0o644, 0, quota);
    inode.truncate(1 << 30);
    expect(inode.readAt(1000, 4)).toEqual(new Uint8Array(4));
    expect(quota.used).toBe(0);
    expect(inode.writeAt(0, new Uint8Array(8192))).toBe(8192);
    expect(inode.writeAt(8192, new Uint8Array(1))).toBe(-ENOSPC);
  });
});

describe('pipes', () => {
  function pipeEnds() {
    let wakes = 0;
    const pipe = new Pipe(new FifoInode(9, 0), () => { wakes++; });
    return { pipe, r: new PipeEnd(pipe, true, 0), w: new PipeEnd(pipe, false, 0), wakes: () => wakes };
  }

  it('reads block when empty, see end of file once writers close, and wake the other side', () => {
    const { r, w, wakes } = pipeEnds();
    expect(r.read(10)).toBe(WOULD_BLOCK);
    expect(w.write(enc('abc'))).toBe(3);
    expect(r.poll()).toBe(POLLIN);
    expect(dec(r.read(2))).toBe('ab');
    expect(dec(r.read(2))).toBe('c');
    w.release();
    expect(r.poll()).toBe(POLLHUP);
    expect(dec(r.read(2))).toBe('');
    expect(wakes()).toBe(4);
  });

  it('holds PIPE_SIZE bytes; small writes are atomic, writes with no reader give EPIPE', () => {
    const { r, w } = pipeEnds();
    expect(w.write(new Uint8Array(PIPE_SIZE - 10))).toBe(PIPE_SIZE - 10);
    expect(w.write(new Uint8Array(20))).toBe(WOULD_BLOCK);
    expect(w.write(new Uint8Array(5000))).toBe(10);
    expect(w.poll() & POLLOUT).toBe(0);
    r.release();
    expect(w.write(enc('x'))).toBe(-EPIPE);
  });
});

describe('file descriptor tables', () => {
  it('dup shares the description, FD_CLOEXEC is per fd, closeOnExec closes only marked fds, the last close releases', () => {
    const { k } = boot();
    const t = new FileTable();
    const pipe = new Pipe(new FifoInode(1, 0), () => undefined);
    const w = new PipeEnd(pipe, false, 0);
    const fd = t.install(w);
    const copy = t.install(getFile(w), 10, true);
    expect(copy).toBe(10);
    expect(t.getFdFlags(copy)).toBe(FD_CLOEXEC);
    expect(t.getFdFlags(fd)).toBe(0);
    closeOnExec(t);
    expect(t.get(10)).toBeUndefined();
    expect(pipe.writers).toBe(1);
    const forked = t.clone();
    t.release();
    expect(pipe.writers).toBe(1);
    forked.release();
    expect(pipe.writers).toBe(0);
    expect(k.vfs.open(fakeTask(), k.vfs.root, '/dev/null', O_RDONLY, 0)).toMatchObject({ kind: 'null' });
  });
});

describe('the console', () => {
  it('poll learns about input without losing it; a read takes it', () => {
    const chunks = [enc('line\n'), undefined, new Uint8Array(0)];
    const { k, out } = boot(() => chunks.shift());
    const con = k.vfs.consoleFile(1);
    const io = { k, proc: fakeTask().process };
    expect(con.poll(io) & POLLIN).toBe(POLLIN);
    expect(dec(con.read(100, io))).toBe('line\n');
    expect(con.poll(io) & POLLIN).toBe(0);
    expect(dec(con.read(100, io))).toBe('');
    con.write(enc('out'), io);
    expect(out).toEqual(['out']);
  });
});
