/**
 * Path helpers for source file names in line tables. Guest paths are POSIX; paths the
 * editor sends may be Windows paths, so matching treats '\' like '/'.
 */

/** True for "/x", and for Windows "C:\x" / "C:/x" paths. */
export function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path);
}

/** `child` if absolute or `dir` is empty, else dir + '/' + child. */
export function joinPath(dir: string, child: string): string {
  if (dir === '' || isAbsolutePath(child)) return child;
  return dir.endsWith('/') ? dir + child : `${dir}/${child}`;
}

/**
 * Collapses "//", "/./" and "dir/.." textually (no file system access). A leading ".."
 * of a relative path is kept; ".." above the root of an absolute path is dropped.
 */
export function normalizePath(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  if (absolute) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

/** Path components for suffix matching: '\' counts as a separator, "." parts dropped. */
export function pathComponents(path: string, ignoreCase: boolean): string[] {
  const parts = path.replace(/\\/g, '/').split('/').filter((p) => p !== '' && p !== '.');
  return ignoreCase ? parts.map((p) => p.toLowerCase()) : parts;
}

/** How many trailing components two component lists share (0: different base names). */
export function commonSuffixLength(a: string[], b: string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

/**
 * The candidates that best match `query` by shared trailing path components: the ones
 * with the longest shared suffix, at least the base name. Compared case-sensitively
 * first; only when nothing matches, case-insensitively (Windows and macOS hosts).
 */
export function bestPathMatches(query: string, candidates: readonly string[]): string[] {
  for (const ignoreCase of [false, true]) {
    const q = pathComponents(query, ignoreCase);
    let best = 0;
    let matches: string[] = [];
    for (const candidate of candidates) {
      const score = commonSuffixLength(q, pathComponents(candidate, ignoreCase));
      if (score === 0 || score < best) continue;
      if (score > best) {
        best = score;
        matches = [];
      }
      matches.push(candidate);
    }
    if (matches.length > 0) return matches;
  }
  return [];
}
