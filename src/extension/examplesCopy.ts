/**
 * "Glasskernel: Open Examples" without VS Code: which parts of the extension's own examples
 * folder are copied, where to (the folder the user picked when it is empty, else a fresh
 * `glasskernel-examples` folder inside it), and the copy itself. The copy's layout is the
 * examples folder's (src/, bin/, asm/, libc/, glibc/src, glibc/bin…), so F5 on src/forktree.c
 * finds bin/forktree (cProgram.ts, programDiscovery.ts). Also: whether a workspace is a checkout
 * of the repository, where `npm run examples` exists.
 */
import fs from 'node:fs';
import path from 'node:path';

/**
 * What a copy holds, relative to the examples folder, in this order: the programs' sources and
 * prebuilt binaries (tiny-libc and glibc ones), the assembly examples, the tiny C library's
 * sources (the examples include its headers), the inputs some examples read, the README.
 * Left out: build scripts (they build only inside the repository), the expected outputs of the
 * tests, the benchmarks. Parts missing from the installed extension are skipped.
 */
export const EXAMPLE_PARTS = ['src', 'bin', 'asm', 'libc', path.join('glibc', 'src'), path.join('glibc', 'bin'), 'input', 'README.md'] as const;

/** Name of the folder made inside a picked folder that is not empty. */
export const COPY_FOLDER_NAME = 'glasskernel-examples';

/** The file opened first in a copy (also the walkthrough's "debug forktree" step). */
export const FIRST_EXAMPLE = path.join('src', 'forktree.c');

/** The parts of EXAMPLE_PARTS present in `examplesDir` (the installed extension's examples folder). */
export function partsToCopy(examplesDir: string): string[] {
  return EXAMPLE_PARTS.filter((part) => fs.existsSync(path.join(examplesDir, part)));
}

/** True when `dir` is missing or an empty folder. */
function isMissingOrEmpty(dir: string): boolean {
  try {
    return fs.readdirSync(dir).length === 0;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/**
 * Where the examples go for a folder the user picked: the folder itself when it is empty, else
 * `<picked>/glasskernel-examples`, or `-2`, `-3`… when that exists and is not empty. Never an
 * existing non-empty folder, so a copy never mixes with or overwrites the user's files.
 */
export function chooseDestination(picked: string): string {
  if (isMissingOrEmpty(picked)) return picked;
  for (let n = 1; ; n++) {
    const candidate = path.join(picked, n === 1 ? COPY_FOLDER_NAME : `${COPY_FOLDER_NAME}-${n}`);
    if (isMissingOrEmpty(candidate)) return candidate;
  }
}

/**
 * Copies the present EXAMPLE_PARTS of `examplesDir` into `destination` (created if needed),
 * keeping their layout and file modes. Returns the parts copied; throws on a file system error
 * (the caller reports it). An empty result means the extension ships no examples.
 */
export async function copyExamples(examplesDir: string, destination: string): Promise<string[]> {
  const parts = partsToCopy(examplesDir);
  await fs.promises.mkdir(destination, { recursive: true });
  for (const part of parts) {
    await fs.promises.cp(path.join(examplesDir, part), path.join(destination, part), { recursive: true, force: false, errorOnExist: false });
  }
  return parts;
}

/**
 * True when `dir` is an examples folder: named `examples` (the repository's), or holding the
 * tiny C library's header `libc/glasskernel.h` (a copy by Open Examples, under any name).
 */
export function isExamplesFolder(dir: string): boolean {
  return path.basename(dir) === 'examples' || fs.existsSync(path.join(dir, 'libc', 'glasskernel.h'));
}

/** True when `root` is a checkout of the Glasskernel repository: `npm run examples` (examples/build.sh) works there. */
export function isRepositoryCheckout(root: string): boolean {
  return fs.existsSync(path.join(root, 'examples', 'build.sh'));
}
