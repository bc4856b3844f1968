import { PAGE_SIZE } from '../../emu/sv39';
import { DirInode, type Inode } from './inode';
import { PROC_DEV, PROC_SUPER_MAGIC } from './procfs';

/**
 * The structs the stat family fills, in Linux riscv64's layouts:
 *
 *   struct stat (asm-generic/stat.h), 128 bytes          struct statx (linux/stat.h), 256 bytes
 *     0 st_dev      u64    64 st_blocks  i64              0 stx_mask   u32   40 stx_size       u64
 *     8 st_ino      u64    72 st_atime   i64              4 stx_blksize u32  48 stx_blocks     u64
 *    16 st_mode     u32    80 st_atime_nsec               8 stx_attributes   56 stx_attributes_mask
 *    20 st_nlink    u32    88 st_mtime   i64             16 stx_nlink  u32   64 stx_atime {i64 sec, u32 nsec, pad}
 *    24 st_uid      u32    96 st_mtime_nsec              20 stx_uid    u32   80 stx_btime
 *    28 st_gid      u32   104 st_ctime   i64             24 stx_gid    u32   96 stx_ctime
 *    32 st_rdev     u64   112 st_ctime_nsec              28 stx_mode   u16  112 stx_mtime
 *    40 __pad1            120 __unused4, __unused5       32 stx_ino    u64  128 rdev major, minor (u32 each)
 *    48 st_size     i64                                                      136 dev major, minor
 *    56 st_blksize  i32, 60 __pad2
 */
export const STAT_BYTES = 128;
export const STATX_BYTES = 256;
/** struct statfs (asm-generic/statfs.h, 64-bit words): 120 bytes. */
export const STATFS_BYTES = 120;

/** statx(2) mask bits. */
export const STATX_TYPE = 0x1;
export const STATX_MODE = 0x2;
export const STATX_NLINK = 0x4;
export const STATX_UID = 0x8;
export const STATX_GID = 0x10;
export const STATX_ATIME = 0x20;
export const STATX_MTIME = 0x40;
export const STATX_CTIME = 0x80;
export const STATX_INO = 0x100;
export const STATX_SIZE = 0x200;
export const STATX_BLOCKS = 0x400;
export const STATX_BASIC_STATS = 0x7ff;
export const STATX__RESERVED = 0x80000000;

/** TMPFS_MAGIC (statfs(2) f_type of the root file system). */
export const TMPFS_MAGIC = 0x01021994;
/** Preferred I/O size reported in st_blksize (bytes). */
export const BLKSIZE = PAGE_SIZE;
/** Bytes per st_blocks unit. */
const BLOCK_UNIT = 512;

const NS = 1_000_000_000;

/** 512-byte blocks a file occupies (tmpfs counts whole pages). */
function blocks(inode: Inode): number {
  if (inode instanceof DirInode) return 0;
  return Math.ceil(inode.size() / PAGE_SIZE) * (PAGE_SIZE / BLOCK_UNIT);
}

/** Splits a device number into major and minor (Linux new_decode_dev). */
export function devParts(dev: number): [number, number] {
  return [(dev >> 8) & 0xfff, (dev & 0xff) | ((dev >> 12) & 0xfff00)];
}

/** A struct stat for `inode` (stat(2)). */
export function encodeStat(inode: Inode): Uint8Array {
  const b = new Uint8Array(STAT_BYTES);
  const v = new DataView(b.buffer);
  const u64 = (off: number, n: number): void => v.setBigUint64(off, BigInt(Math.max(0, Math.floor(n))), true);
  u64(0, inode.dev);
  u64(8, inode.ino);
  v.setUint32(16, inode.mode, true);
  v.setUint32(20, inode.nlink, true);
  v.setUint32(24, inode.uid, true);
  v.setUint32(28, inode.gid, true);
  u64(32, inode.rdev);
  u64(48, inode.size());
  v.setInt32(56, BLKSIZE, true);
  u64(64, blocks(inode));
  const times = [inode.atimeNs, inode.mtimeNs, inode.ctimeNs];
  times.forEach((t, i) => { u64(72 + i * 16, t / NS); u64(80 + i * 16, t % NS); });
  return b;
}

/** A struct statx for `inode` (statx(2)); every basic field is filled whatever was asked. */
export function encodeStatx(inode: Inode): Uint8Array {
  const b = new Uint8Array(STATX_BYTES);
  const v = new DataView(b.buffer);
  const u64 = (off: number, n: number): void => v.setBigUint64(off, BigInt(Math.max(0, Math.floor(n))), true);
  v.setUint32(0, STATX_BASIC_STATS, true);
  v.setUint32(4, BLKSIZE, true);
  v.setUint32(16, inode.nlink, true);
  v.setUint32(20, inode.uid, true);
  v.setUint32(24, inode.gid, true);
  v.setUint16(28, inode.mode, true);
  u64(32, inode.ino);
  u64(40, inode.size());
  u64(48, blocks(inode));
  const ts = (off: number, t: number): void => { u64(off, t / NS); v.setUint32(off + 8, t % NS, true); };
  ts(64, inode.atimeNs);
  ts(96, inode.ctimeNs);
  ts(112, inode.mtimeNs);
  const [rmaj, rmin] = devParts(inode.rdev);
  const [dmaj, dmin] = devParts(inode.dev);
  v.setUint32(128, rmaj, true);
  v.setUint32(132, rmin, true);
  v.setUint32(136, dmaj, true);
  v.setUint32(140, dmin, true);
  return b;
}

/**
 * A struct statfs (statfs(2)) for the file system holding `inode`: tmpfs numbers for the root
 * (sizes in PAGE_SIZE blocks from `limitBytes`/`usedBytes`), PROC_SUPER_MAGIC for /proc.
 */
export function encodeStatfs(inode: Inode, limitBytes: number, usedBytes: number): Uint8Array {
  const b = new Uint8Array(STATFS_BYTES);
  const v = new DataView(b.buffer);
  const w = (i: number, n: number): void => v.setBigInt64(i * 8, BigInt(Math.floor(n)), true);
  const proc = inode.dev === PROC_DEV;
  const total = proc ? 0 : Math.floor(limitBytes / PAGE_SIZE);
  const free = proc ? 0 : Math.max(0, total - Math.ceil(usedBytes / PAGE_SIZE));
  w(0, proc ? PROC_SUPER_MAGIC : TMPFS_MAGIC);
  w(1, PAGE_SIZE);     // f_bsize
  w(2, total);         // f_blocks
  w(3, free);          // f_bfree
  w(4, free);          // f_bavail
  w(5, proc ? 0 : 1 << 20); // f_files
  w(6, proc ? 0 : 1 << 20); // f_ffree
  // f_fsid (two ints) stays 0
  w(8, 255);           // f_namelen (NAME_MAX)
  w(9, PAGE_SIZE);     // f_frsize
  return b;
}
