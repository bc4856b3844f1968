/**
 * Maps source file names recorded in the program's DWARF line table to files on the host.
 * ELFs are often built elsewhere (or with -ffile-prefix-map), so a recorded name like
 * "/glasskernel/examples/src/forktree.c" must be matched to the editor's
 * "/home/me/glasskernel/examples/src/forktree.c" by their common trailing path components.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** How many directories above the program's own directory are searched for sources. */
const SEARCH_ANCESTORS = 5;

/** Path components of `p`, separators normalised, empty and "." components dropped. */
function components(p: string): string[] {
  return p.replace(/\\/g, '/').split('/').filter((c) => c !== '' && c !== '.');
}

/**
 * Number of trailing path components two paths share: 0 when the file names differ,
 * 1 when only the base names agree, and so on.
 */
export function sharedSuffix(a: string, b: string): number {
  const ca = components(a);
  const cb = components(b);
  let n = 0;
  while (n < ca.length && n < cb.length && ca[ca.length - 1 - n] === cb[cb.length - 1 - n]) n++;
  return n;
}

/** Resolves DWARF file names to host paths; remembers the paths the client itself uses. */
export class SourceResolver {
  private readonly cache = new Map<string, string>();
  private readonly clientPaths = new Set<string>();

  /** `programPath` is the host path of the ELF; sources are searched around it. */
  constructor(private readonly programPath: string) {}

  /** Records a host path the client named (setBreakpoints), preferred by later lookups. */
  noteClientPath(hostPath: string): void {
    if (this.clientPaths.has(hostPath)) return;
    this.clientPaths.add(hostPath);
    this.cache.clear();
  }

  /**
   * Host path for a DWARF file name: a path the client used for the same file, else the
   * recorded path if it exists, else a file found by trailing components under the program's
   * directory or its ancestors, else the recorded name unchanged.
   */
  toHost(dwarfPath: string): string {
    const cached = this.cache.get(dwarfPath);
    if (cached !== undefined) return cached;
    const found = this.fromClient(dwarfPath) ?? this.fromDisk(dwarfPath) ?? dwarfPath;
    this.cache.set(dwarfPath, found);
    return found;
  }

  private fromClient(dwarfPath: string): string | undefined {
    let best: string | undefined;
    let bestScore = 0;
    for (const p of this.clientPaths) {
      const s = sharedSuffix(p, dwarfPath);
      if (s > bestScore) { best = p; bestScore = s; }
    }
    return best;
  }

  private fromDisk(dwarfPath: string): string | undefined {
    if (path.isAbsolute(dwarfPath) && isFile(dwarfPath)) return dwarfPath;
    const parts = components(dwarfPath);
    const dirs: string[] = [];
    for (let dir = path.dirname(path.resolve(this.programPath)); dirs.length <= SEARCH_ANCESTORS; dir = path.dirname(dir)) {
      dirs.push(dir);
      if (path.dirname(dir) === dir) break;
    }
    // Longest shared suffix first, so "examples/src/x.c" beats a stray "x.c".
    for (let k = parts.length; k >= 1; k--) {
      for (const dir of dirs) {
        const candidate = path.join(dir, ...parts.slice(parts.length - k));
        if (isFile(candidate)) return candidate;
      }
    }
    return undefined;
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
