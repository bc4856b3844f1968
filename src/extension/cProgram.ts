/**
 * F5 on a C file, the decisions without VS Code: which program the debugger runs for a `.c`
 * source, and how long a folder holding a freshly compiled program lives. cLaunch.ts gathers
 * the facts (files, settings), asks here, and does the talking.
 *
 * Order, for a C source with no launch.json:
 *   1. an example's prebuilt program (examples/src/<n>.c -> examples/bin/<n>, examples/glibc/src
 *      -> examples/glibc/bin; "examples" may be a copy by "Glasskernel: Open Examples" under any
 *      name): the tiny-libc examples need examples/build.sh's flags, and the committed binaries
 *      are what the tests and the e2e suite debug;
 *   2. a fresh build by the cross compiler (cc.ts), when there is one: the source as it is now,
 *      never a stale binary that happens to share its name;
 *   3. without a compiler, a prebuilt program found by programDiscovery.ts (next to the source,
 *      in bin/, build/, ../bin/, or by the source's base name anywhere in the workspace);
 *   4. else one message: how to install a compiler, or open the examples.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CompilerLookup } from '../toolchain/cc';

/**
 * True when `dir` holds Glasskernel's examples: told by its name alone (`examples`, as in the
 * repository). The VS Code side also recognises a copy made by "Glasskernel: Open Examples",
 * whatever its name, by its tiny C library (isExamplesFolder in examplesCopy.ts).
 */
export type ExamplesRootTest = (dir: string) => boolean;
const byName: ExamplesRootTest = (dir) => path.basename(dir) === 'examples';

/**
 * The committed executable of an example source: `<ex>/src/<n>.c` -> `<ex>/bin/<n>`,
 * `<ex>/glibc/src/<n>.c` -> `<ex>/glibc/bin/<n>` (whether or not it exists), where `<ex>` is an
 * examples folder (`isExamplesRoot`). Undefined for any other source.
 */
export function exampleExecutablePath(source: string, isExamplesRoot: ExamplesRootTest = byName): string | undefined {
  const dir = path.dirname(source);
  if (path.basename(dir) !== 'src') return undefined;
  const parent = path.dirname(dir);
  const isExamples = isExamplesRoot(parent) || (path.basename(parent) === 'glibc' && isExamplesRoot(path.dirname(parent)));
  if (!isExamples) return undefined;
  return path.join(parent, 'bin', path.basename(source, path.extname(source)));
}

/** True for a source of the tiny-libc examples (`<ex>/src`), which only examples/build.sh can build. */
export function isTinyLibcExample(source: string, isExamplesRoot: ExamplesRootTest = byName): boolean {
  const dir = path.dirname(source);
  return path.basename(dir) === 'src' && isExamplesRoot(path.dirname(dir));
}

/** What is known about a C source when F5 is pressed. */
export interface CProgramFacts {
  source: string;
  /** The example's committed executable, when it exists (exampleExecutablePath). */
  examplePrebuilt?: string;
  /** The compiler lookup (findCompiler). */
  compiler: CompilerLookup;
  /** A prebuilt program found by programDiscovery.ts (next to the source, bin/, build/, ../bin/, the workspace), when one exists. */
  otherPrebuilt?: string;
  /** Whether a folder is an examples folder (exampleExecutablePath); by name when absent. */
  isExamplesRoot?: ExamplesRootTest;
}

/** What F5 does for a C source. */
export type CProgramPlan =
  | { kind: 'prebuilt'; program: string }
  | { kind: 'compile'; compiler: string }
  /** An example of examples/src with no binary: only examples/build.sh builds it (a plain gcc cannot); ask for one. */
  | { kind: 'buildExamples' }
  /** glasskernel.compilerPath names nothing runnable: say so (message) and stop. */
  | { kind: 'badSetting'; message: string }
  /** No compiler and nothing prebuilt: install help and the examples. */
  | { kind: 'noCompiler' };

/** Applies the order of this file's header to `facts`. */
export function chooseCProgram(facts: CProgramFacts): CProgramPlan {
  if (facts.examplePrebuilt) return { kind: 'prebuilt', program: facts.examplePrebuilt };
  if (isTinyLibcExample(facts.source, facts.isExamplesRoot)) return facts.otherPrebuilt ? { kind: 'prebuilt', program: facts.otherPrebuilt } : { kind: 'buildExamples' };
  if (facts.compiler.found) return { kind: 'compile', compiler: facts.compiler.path };
  if (facts.compiler.reason === 'badSetting') return { kind: 'badSetting', message: facts.compiler.message };
  if (facts.otherPrebuilt) return { kind: 'prebuilt', program: facts.otherPrebuilt };
  return { kind: 'noCompiler' };
}

/** Longest a build folder waits for its debug session to start before it is removed (ms). */
export const UNCLAIMED_BUILD_MS = 120_000;
/**
 * How long a build folder outlives its last debug adapter (ms). A restart ends the adapter and
 * starts a new one on the same program a moment later (VS Code reuses the resolved
 * configuration), so the folder must survive that gap.
 */
export const RESTART_GRACE_MS = 30_000;

/** Timer and file removal, injectable for tests. */
export interface BuildFolderHost {
  setTimer(ms: number, run: () => void): { cancel(): void };
  /** Removes `dir` and everything in it; never throws. */
  remove(dir: string): void;
}

/** Real timers (unref'd: they never keep the process alive) and a recursive, forced rm. */
export const nodeBuildFolderHost: BuildFolderHost = {
  setTimer(ms, run) {
    const t = setTimeout(run, ms);
    t.unref?.();
    return { cancel: () => clearTimeout(t) };
  },
  remove(dir) {
    try {
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // Already gone, or held open on Windows: the OS's temp cleaning takes it later.
    }
  },
};

/**
 * The temporary folders of compiled programs, one per F5, each owned by this registry from
 * `add` until it removes it. A folder lives while a debug adapter runs its program, plus
 * RESTART_GRACE_MS; a folder no adapter ever claims goes after UNCLAIMED_BUILD_MS; `dispose`
 * removes every folder at once (extension shutdown).
 */
export class BuildFolders {
  private readonly folders = new Map<string, { program: string; adapters: number; timer?: { cancel(): void } }>();

  constructor(private readonly host: BuildFolderHost = nodeBuildFolderHost) {}

  /** Takes ownership of `dir`, which holds `program`; removed unless claimed within UNCLAIMED_BUILD_MS. */
  add(dir: string, program: string): void {
    this.folders.set(dir, { program, adapters: 0 });
    this.schedule(dir, UNCLAIMED_BUILD_MS);
  }

  /** The folder holding `program` when it is one of ours (an adapter is about to run it). */
  folderOf(program: unknown): string | undefined {
    if (typeof program !== 'string') return undefined;
    for (const [dir, f] of this.folders) if (f.program === program) return dir;
    return undefined;
  }

  /** An adapter started on the folder's program: keep it until `release`. */
  claim(dir: string): void {
    const f = this.folders.get(dir);
    if (!f) return;
    f.adapters++;
    f.timer?.cancel();
    f.timer = undefined;
  }

  /** An adapter of the folder ended (call once per `claim`): the last one schedules removal. */
  release(dir: string): void {
    const f = this.folders.get(dir);
    if (!f || f.adapters === 0) return;
    if (--f.adapters === 0) this.schedule(dir, RESTART_GRACE_MS);
  }

  /** Folders still held (for tests and the build log). */
  get size(): number {
    return this.folders.size;
  }

  /** Removes every folder now. */
  dispose(): void {
    for (const dir of [...this.folders.keys()]) this.removeNow(dir);
  }

  private schedule(dir: string, ms: number): void {
    const f = this.folders.get(dir);
    if (!f) return;
    f.timer?.cancel();
    f.timer = this.host.setTimer(ms, () => this.removeNow(dir));
  }

  private removeNow(dir: string): void {
    const f = this.folders.get(dir);
    if (!f) return;
    f.timer?.cancel();
    this.folders.delete(dir);
    this.host.remove(dir);
  }
}
