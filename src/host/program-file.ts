/**
 * Reading host files for the guest: the program (CLI and debug adapter alike) and the extra
 * files copied into the guest file system. Only regular files are read: a FIFO, a device, a
 * directory or a socket is refused at once (opened non-blocking, so a FIFO without a writer
 * cannot hang us). Of a program only the bytes it needs are read (see readElfImage), so a
 * huge or sparse file costs neither time nor memory.
 */
import fs from 'node:fs';
import { MAX_PROGRAM_IMAGE_BYTES, parseElf64, readElfImage, type ByteSource } from '../elf';

/** Most bytes of one host file copied into the guest file system (same bound as a program image). */
export const MAX_GUEST_FILE_BYTES = MAX_PROGRAM_IMAGE_BYTES;

/** A host file's bytes, or the sentence saying why it cannot be used. */
export type HostRead = { ok: true; bytes: Uint8Array } | { ok: false; error: string };

/** A program's bytes (see readElfImage) with warnings for the user (damaged sections, trimmed image). */
export type ProgramRead = { ok: true; bytes: Uint8Array; warnings: string[] } | { ok: false; error: string };

/**
 * Reads the program at host path `file`: only a regular file, and of it only the prefix the
 * ELF headers, segments and sections need (the whole file for a non-ELF file up to
 * MAX_PROGRAM_IMAGE_BYTES). Errors and warnings are sentences without the file name. The ELF is parsed
 * for its warnings only: whether it runs is the kernel's decision (execve's ENOEXEC).
 */
export function readProgramFile(file: string): ProgramRead {
  const read = withRegularFile(file, (fd, size) => {
    const image = readElfImage(fdSource(fd, size));
    return image.ok ? { ok: true, bytes: image.bytes, trimmed: image.trimmed } : image;
  });
  if (!read.ok) return read;
  const warnings: string[] = [];
  if (read.trimmed) warnings.push(`sections past ${MAX_PROGRAM_IMAGE_BYTES / (1024 * 1024)} MiB were not read (no symbols or debug information)`);
  const parsed = parseElf64(read.bytes);
  if (parsed.ok) warnings.push(...parsed.elf.warnings);
  return { ok: true, bytes: read.bytes, warnings };
}

/** Reads the whole regular file at `file`, refusing other kinds and files above `maxBytes`. Errors say why, without the file name. */
export function readHostFile(file: string, maxBytes = MAX_GUEST_FILE_BYTES): HostRead {
  const read = withRegularFile(file, (fd, size): HostRead => {
    if (size > maxBytes) return { ok: false, error: `file of ${size} bytes is larger than the limit of ${maxBytes} bytes` };
    return { ok: true, bytes: fdSource(fd, size).read(0, size) };
  });
  return read;
}

/**
 * Opens `file` read-only and non-blocking, checks with fstat (no race with a later open) that
 * it is a regular file, and runs `use` on it; closes it in every case. Host errors (missing
 * file, no permission, read error) come back as `{ ok: false, error }`.
 */
function withRegularFile<T extends { ok: boolean }>(file: string, use: (fd: number, size: number) => T | { ok: false; error: string }): T | { ok: false; error: string } {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { ok: false, error: `not a regular file (${kindOf(st)})` };
    return use(fd, st.size);
  } catch (e) {
    return { ok: false, error: hostError(e) };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** A ByteSource over an open file; a short read (the file shrank) leaves zeros. */
function fdSource(fd: number, size: number): ByteSource {
  return {
    size,
    read(offset, length) {
      const out = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const n = fs.readSync(fd, out, done, length - done, offset + done);
        if (n === 0) break;
        done += n;
      }
      return out;
    },
  };
}

function kindOf(st: fs.Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a file';
}

function hostError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOENT': return 'no such file';
    case 'EACCES': return 'permission denied';
    case 'EISDIR': return 'not a regular file (a directory)';
    case 'ENXIO': return 'not a regular file (a socket or a FIFO without a reader)';
    default: return err.message ?? String(e);
  }
}
