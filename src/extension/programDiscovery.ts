/**
 * Finding RISC-V programs on disk, without VS Code (issue 12, "the first five minutes"): which
 * files are RISC-V ELF64 executables (by their header), which executable belongs to a source
 * file, and every executable of a workspace, for the debug dropdown. All searches are bounded
 * (depth, folders, files, header reads) and skip node_modules and hidden folders (.git, .cache,
 * .vscode-test…), so a large workspace never stalls F5.
 *
 * The VS Code side (cLaunch.ts, debugConfig.ts) passes plain paths in and gets plain paths out.
 */
import fs from 'node:fs';
import path from 'node:path';

/** e_machine of RISC-V (ELF psABI). */
export const EM_RISCV = 243;
/** Size of an ELF64 file header: all isRiscvElfHeader looks at. */
export const ELF64_HEADER_SIZE = 64;

/**
 * True when `header` (a file's first bytes) starts an ELF64 little-endian executable for RISC-V:
 * magic 7f 'E' 'L' 'F', EI_CLASS 2 (64-bit), EI_DATA 1 (little-endian), e_type ET_EXEC or ET_DYN
 * (static-pie), e_machine EM_RISCV. Object files (ET_REL), core dumps and RV32 programs are not
 * programs Glasskernel (an RV64 machine) can run.
 */
export function isRiscvElfHeader(header: Uint8Array): boolean {
  if (header.length < ELF64_HEADER_SIZE) return false;
  if (header[0] !== 0x7f || header[1] !== 0x45 || header[2] !== 0x4c || header[3] !== 0x46) return false;
  if (header[4] !== 2 || header[5] !== 1) return false;
  const eType = header[16] | (header[17] << 8);
  const eMachine = header[18] | (header[19] << 8);
  return (eType === 2 || eType === 3) && eMachine === EM_RISCV;
}

/**
 * True when `file` is a regular file (symbolic links followed) whose first 64 bytes are a RISC-V
 * ELF64 executable's header (isRiscvElfHeader). Never throws.
 */
export async function isRiscvExecutableFile(file: string): Promise<boolean> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    const stat = await fs.promises.stat(file);
    if (!stat.isFile() || stat.size < ELF64_HEADER_SIZE) return false;
    handle = await fs.promises.open(file, 'r');
    const header = new Uint8Array(ELF64_HEADER_SIZE);
    const { bytesRead } = await handle.read(header, 0, ELF64_HEADER_SIZE, 0);
    return bytesRead === ELF64_HEADER_SIZE && isRiscvElfHeader(header);
  } catch {
    return false;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * Where an executable built from `source` usually sits, nearest first: next to it, then in
 * `bin/` and `build/` of its folder, then in `../bin/` (examples/src/forktree.c ->
 * examples/bin/forktree). Each named by the source's base name without its extension.
 */
export function nearbyCandidates(source: string): string[] {
  const dir = path.dirname(source);
  const base = path.basename(source, path.extname(source));
  return [path.join(dir, base), path.join(dir, 'bin', base), path.join(dir, 'build', base), path.join(dir, '..', 'bin', base)];
}

/** Bounds of a workspace search; the defaults keep one search well under a second. */
export interface SearchLimits {
  /** Deepest folder level visited below a root (the root is level 0). */
  maxDepth: number;
  /** Folders read at most, over all roots. */
  maxFolders: number;
  /** Directory entries looked at most, over all roots. */
  maxEntries: number;
  /** File headers read at most. */
  maxHeaderReads: number;
  /** Results returned at most. */
  maxResults: number;
}

export const DEFAULT_LIMITS: SearchLimits = { maxDepth: 8, maxFolders: 2000, maxEntries: 30_000, maxHeaderReads: 3000, maxResults: 100 };

/** Folders a search never enters (besides every hidden one, whose name starts with a dot). */
export const SKIPPED_FOLDERS = new Set(['node_modules', '__pycache__']);

/**
 * File extensions that never name an executable (sources, text, pictures, objects, archives):
 * their headers are not read. Executables usually have no extension, or .elf/.out/.bin.
 */
const NOT_PROGRAMS = new Set([
  '.c', '.h', '.s', '.asm', '.cc', '.cpp', '.hpp', '.rs', '.go', '.py', '.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.map',
  '.json', '.jsonc', '.md', '.txt', '.yml', '.yaml', '.toml', '.xml', '.html', '.css', '.svg', '.png', '.jpg', '.jpeg', '.gif',
  '.ld', '.lds', '.mk', '.sh', '.o', '.a', '.so', '.d', '.lock', '.log', '.status', '.stdout', '.stdin', '.env', '.tmlanguage', '.vsix',
]);

/** True when a file called `name` may be an executable worth reading the header of. */
export function mayBeProgram(name: string): boolean {
  return !NOT_PROGRAMS.has(path.extname(name).toLowerCase());
}

/**
 * Visits the files under `roots` breadth first (shallow files before deep ones, names sorted in
 * each folder), within `limits`, skipping hidden folders and SKIPPED_FOLDERS. `visit` returns
 * false to stop the walk. Symbolic links are not followed; unreadable folders are skipped.
 */
export async function walkFiles(roots: readonly string[], limits: SearchLimits, visit: (file: string, name: string) => Promise<boolean>): Promise<void> {
  const queue: { dir: string; depth: number }[] = roots.map((dir) => ({ dir, depth: 0 }));
  let folders = 0;
  let entries = 0;
  while (queue.length > 0) {
    const { dir, depth } = queue.shift()!;
    if (++folders > limits.maxFolders) return;
    let dirents: fs.Dirent[];
    try {
      dirents = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const d of dirents) {
      if (++entries > limits.maxEntries) return;
      if (d.isDirectory()) {
        if (depth < limits.maxDepth && !d.name.startsWith('.') && !SKIPPED_FOLDERS.has(d.name)) queue.push({ dir: path.join(dir, d.name), depth: depth + 1 });
      } else if (d.isFile()) {
        if (!(await visit(path.join(dir, d.name), d.name))) return;
      }
    }
  }
}

/**
 * Every RISC-V executable under `roots` (walkFiles order: shallow first), at most
 * limits.maxResults of them, reading at most limits.maxHeaderReads headers.
 */
export async function findRiscvExecutables(roots: readonly string[], limits: SearchLimits = DEFAULT_LIMITS): Promise<string[]> {
  const found: string[] = [];
  let reads = 0;
  await walkFiles(roots, limits, async (file, name) => {
    if (!mayBeProgram(name)) return true;
    if (++reads > limits.maxHeaderReads) return false;
    if (await isRiscvExecutableFile(file)) found.push(file);
    return found.length < limits.maxResults;
  });
  return found;
}

/**
 * The executable built from `source`: the first RISC-V executable among nearbyCandidates, else
 * the first file named by the source's base name (without extension) anywhere under `roots`
 * (shallowest first) that is one. Undefined when there is none.
 */
export async function findExecutableForSource(source: string, roots: readonly string[], limits: SearchLimits = DEFAULT_LIMITS): Promise<string | undefined> {
  for (const candidate of nearbyCandidates(source)) if (await isRiscvExecutableFile(candidate)) return path.normalize(candidate);
  const base = path.basename(source, path.extname(source));
  let found: string | undefined;
  let reads = 0;
  await walkFiles(roots, limits, async (file, name) => {
    if (name !== base) return true;
    if (++reads > limits.maxHeaderReads) return false;
    if (await isRiscvExecutableFile(file)) found = file;
    return found === undefined;
  });
  return found;
}
