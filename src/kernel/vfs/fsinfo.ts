import type { DirInode } from './inode';

/** Linux's default file mode creation mask (umask(2)). */
export const DEFAULT_UMASK = 0o022;

/**
 * Per-task file-system context (Linux fs_struct): current directory, root and umask.
 * Shared between tasks created with CLONE_FS; `users` counts the holders and unshare(CLONE_FS)
 * gives the calling thread its own copy.
 */
export class FsInfo {
  users = 1;

  constructor(
    /** Absolute, normalized path of the current directory (kept in step with `cwdDir` by chdir). */
    public cwd = '/',
    /** Absolute path of the root directory (chroot is not supported: always '/'). */
    public root = '/',
    /** File mode creation mask (umask(2)); 022 by default as on Linux. */
    public umask = DEFAULT_UMASK,
    /** The current directory itself (Linux keeps a dentry, so a renamed cwd stays the cwd); undefined = the root. */
    public cwdDir?: DirInode,
  ) {}

  /** An unshared copy (fork without CLONE_FS, unshare(CLONE_FS)). */
  clone(): FsInfo {
    return new FsInfo(this.cwd, this.root, this.umask, this.cwdDir);
  }
}
