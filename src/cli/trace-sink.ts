/**
 * Where `--trace` lines go: stderr, or the host file named by --trace-file (created or
 * truncated; the only host file the CLI writes besides stdout). Lines are buffered and written
 * in blocks; `flush` runs before every guest console write so that the trace and the program's
 * own output keep their order on a shared stderr.
 */
import fs from 'node:fs';

/** Bytes of trace text collected before a write to the host. */
export const TRACE_BUFFER_BYTES = 64 * 1024;
/** Host file descriptor of stderr. */
const STDERR_FD = 2;

/** An open trace destination. */
export interface TraceSink {
  /** Adds one line (no newline). */
  line(text: string): void;
  /** Writes what is collected. */
  flush(): void;
  /** Writes what is collected and closes the file (never stderr). */
  close(): void;
}

/** Opens the trace destination: stderr without `file`; the sentence saying why when the file cannot be created. */
export function openTrace(file: string | undefined): TraceSink | string {
  let fd = STDERR_FD;
  if (file !== undefined) {
    try {
      fd = fs.openSync(file, 'w');
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      return `--trace-file: cannot create '${file}': ${err.code ?? 'error'} (${(err.message ?? '').replace(/^[A-Z]+: /, '').replace(/, open .*$/, '')})`;
    }
  }
  let parts: string[] = [];
  let size = 0;
  const flush = (): void => {
    if (!parts.length) return;
    const text = parts.join('');
    parts = [];
    size = 0;
    try { fs.writeSync(fd, text); } catch { /* a closed stderr or a full disk loses trace lines, never the run */ }
  };
  return {
    line(text) {
      parts.push(text + '\n');
      size += text.length + 1;
      if (size >= TRACE_BUFFER_BYTES) flush();
    },
    flush,
    close() {
      flush();
      if (fd !== STDERR_FD) fs.closeSync(fd);
    },
  };
}
