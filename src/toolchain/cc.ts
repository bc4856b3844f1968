/**
 * The external C compiler driver: what F5 on a `.c` file uses to build a debuggable program.
 * Glasskernel compiles no C itself; it runs a RISC-V Linux cross gcc (`riscv64-linux-gnu-gcc`,
 * `riscv64-unknown-linux-gnu-gcc`, or the `glasskernel.compilerPath` setting) as
 *
 *   <gcc> -g -O0 -static -march=rv64gc -mabi=lp64d -fdiagnostics-color=never -o <dir>/<name> <file.c>
 *
 * which gives a statically linked glibc program the kernel can load, with DWARF for stepping.
 * A bare-metal (`riscv64-unknown-elf-gcc`, Homebrew's `riscv64-elf-gcc`) toolchain does not do:
 * it has no Linux C library. Host code (node:fs, node:child_process), no vscode: the extension
 * asks here, and tests drive it directly.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Compiler commands looked up on PATH, in this order, when the setting is empty. */
export const COMPILER_NAMES = ['riscv64-linux-gnu-gcc', 'riscv64-unknown-linux-gnu-gcc'] as const;

/** The flags every build gets: debug info, no optimisation (stepping follows the source), RV64GC Linux ABI. */
export const CC_FLAGS = ['-g', '-O0', '-static', '-march=rv64gc', '-mabi=lp64d'] as const;

/** Longest a compile may run before it is killed and reported as failed (ms). */
export const COMPILE_TIMEOUT_MS = 60_000;

/** Most bytes of compiler output kept (a runaway error cascade is cut, not buffered forever). */
const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

/** Compiler output lines the one-message summary shows. */
export const SUMMARY_LINES = 3;

/** The setting's name, as the user sees it in Settings and in messages. */
export const COMPILER_SETTING = 'glasskernel.compilerPath';

/** Where `findCompiler` looks, and how it tests a file (injectable for tests). */
export interface CompilerLookupOptions {
  /** Value of glasskernel.compilerPath; empty or undefined when unset. */
  setting?: string;
  /** Folder a relative setting path and `${workspaceFolder}` refer to (the workspace folder). */
  baseDir?: string;
  /** Environment holding PATH (and PATHEXT on Windows). Default: process.env. */
  env?: Record<string, string | undefined>;
  /** Host platform, for PATH syntax and executable suffixes. Default: process.platform. */
  platform?: NodeJS.Platform;
  /** Home folder a leading `~` stands for. Default: os.homedir(). */
  homeDir?: string;
  /** True when `file` is a regular file this process may execute. Default: a stat + access check. */
  isExecutable?(file: string): boolean;
}

/** Which compiler a build will use, or why there is none. */
export type CompilerLookup =
  | { found: true; path: string; source: 'setting' | 'path' }
  /** Nothing on PATH and no setting: the caller offers install help (noCompilerHelp). */
  | { found: false; reason: 'none'; searched: string[] }
  /** The setting names nothing runnable; no fallback to PATH, so a typo is not silently ignored. */
  | { found: false; reason: 'badSetting'; message: string };

/**
 * Finds the C compiler: the glasskernel.compilerPath setting when it is set (a path, `~` and
 * `${workspaceFolder}` expanded, relative paths from `baseDir`; or a bare command name looked up
 * on PATH), else the first of COMPILER_NAMES on PATH. Never throws.
 */
export function findCompiler(opts: CompilerLookupOptions = {}): CompilerLookup {
  const platform = opts.platform ?? process.platform;
  const env = opts.env ?? process.env;
  const isExecutable = opts.isExecutable ?? isExecutableFile;
  const setting = opts.setting?.trim() ?? '';
  if (setting !== '') {
    const expanded = expandSetting(setting, opts.baseDir, opts.homeDir ?? os.homedir(), platform);
    if (!/[\\/]/.test(expanded)) {
      const found = searchPath(expanded, env, platform, isExecutable);
      if (found) return { found: true, path: found, source: 'setting' };
      return { found: false, reason: 'badSetting', message: `${COMPILER_SETTING} "${setting}" is not a command on PATH.` };
    }
    const file = platformPath(platform).resolve(opts.baseDir ?? '', expanded);
    if (isExecutable(file)) return { found: true, path: file, source: 'setting' };
    return { found: false, reason: 'badSetting', message: `${COMPILER_SETTING} "${setting}" is not an executable file (${file}).` };
  }
  for (const name of COMPILER_NAMES) {
    const found = searchPath(name, env, platform, isExecutable);
    if (found) return { found: true, path: found, source: 'path' };
  }
  return { found: false, reason: 'none', searched: [...COMPILER_NAMES] };
}

/** Node's path functions for `platform` (win32 or posix), so lookups are testable on any host. */
function platformPath(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** The setting with `${workspaceFolder}` and a leading `~` replaced. */
function expandSetting(value: string, baseDir: string | undefined, home: string, platform: NodeJS.Platform): string {
  let v = value.replace(/\$\{workspaceFolder\}/g, baseDir ?? '');
  if (v === '~' || v.startsWith('~/') || (platform === 'win32' && v.startsWith('~\\'))) v = home + v.slice(1);
  return v;
}

/**
 * The first PATH entry holding an executable `name` (on Windows also name + each PATHEXT
 * suffix). Empty PATH entries are skipped (they would mean the current folder).
 */
function searchPath(name: string, env: Record<string, string | undefined>, platform: NodeJS.Platform, isExecutable: (f: string) => boolean): string | undefined {
  const p = platformPath(platform);
  const pathVar = platform === 'win32' ? (env.PATH ?? env.Path ?? '') : (env.PATH ?? '');
  const suffixes = platform === 'win32' ? ['', ...(env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';').filter((s) => s !== '')] : [''];
  for (const dir of pathVar.split(p.delimiter)) {
    if (dir === '') continue;
    for (const suffix of suffixes) {
      const candidate = p.join(dir, name + suffix);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

/** True when `file` is a regular file (symlinks followed) we may execute. */
function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** One compile: which compiler, which source, where the executable goes. */
export interface CompileRequest {
  /** Compiler to run (a path from findCompiler). */
  compiler: string;
  /** The C source (absolute path: DWARF then names it absolutely, so the debugger finds it). */
  source: string;
  /** Existing folder the executable is written to, as `<outDir>/<source basename without .c>`. */
  outDir: string;
  /** Default COMPILE_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Aborts the compile (the compiler is killed; the result says it was cancelled). */
  signal?: AbortSignal;
}

/** How a compile ended. `commandLine` is what ran, for the build log. */
export type CompileResult =
  /** `output` holds any warnings. */
  | { ok: true; executable: string; output: string; commandLine: string }
  /**
   * `message` is a short multi-line summary for one notification (the first error lines, file
   * paths shortened to the source's basename); `output` is everything the compiler printed.
   */
  | { ok: false; message: string; output: string; commandLine: string };

/** The compiler's arguments to build `source` into `executable`: CC_FLAGS, no colours, `-o`, the source. */
export function compilerArgs(source: string, executable: string): string[] {
  return [...CC_FLAGS, '-fdiagnostics-color=never', '-o', executable, source];
}

/** Path of the executable a compile of `source` writes into `outDir`. */
export function executablePath(source: string, outDir: string): string {
  return path.join(outDir, path.basename(source, path.extname(source)));
}

/**
 * Compiles `req.source` into one static RV64 executable, running the compiler in the source's
 * folder (so `#include "x.h"` finds its neighbours). Fails as a value (never throws) when the
 * compiler cannot start, exits non-zero, is killed by the timeout or the abort signal, or
 * writes no executable.
 */
export function compileC(req: CompileRequest): Promise<CompileResult> {
  const executable = executablePath(req.source, req.outDir);
  const args = compilerArgs(req.source, executable);
  const commandLine = [req.compiler, ...args].map(quoteArg).join(' ');
  const timeoutMs = req.timeoutMs ?? COMPILE_TIMEOUT_MS;
  const name = path.basename(req.source);
  return new Promise((resolve) => {
    execFile(req.compiler, args, { cwd: path.dirname(req.source), timeout: timeoutMs, maxBuffer: MAX_OUTPUT_BYTES, signal: req.signal, windowsHide: true, encoding: 'utf8' }, (error, stdout, stderr) => {
      const output = `${stderr ?? ''}${stdout ?? ''}`;
      if (!error) {
        if (fs.existsSync(executable)) return resolve({ ok: true, executable, output, commandLine });
        return resolve({ ok: false, message: `${path.basename(req.compiler)} reported success but wrote no ${executable}`, output, commandLine });
      }
      const e = error as NodeJS.ErrnoException & { killed?: boolean; signal?: string };
      let message: string;
      if (e.name === 'AbortError' || req.signal?.aborted) message = `compiling ${name} was cancelled`;
      else if (e.killed) message = `compiling ${name} took longer than ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`} and was stopped`;
      else if (e.code === 'ENOENT' || e.code === 'EACCES') message = `cannot run ${req.compiler}: ${e.code === 'ENOENT' ? 'no such file' : 'permission denied'}`;
      else if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') message = `${path.basename(req.compiler)} printed more than ${MAX_OUTPUT_BYTES >> 20} MiB and was stopped`;
      else message = summarizeCompilerOutput(output, req.source) || `${path.basename(req.compiler)} failed (${e.signal ? `signal ${e.signal}` : `exit status ${e.code}`}) without a message`;
      resolve({ ok: false, message, output, commandLine });
    });
  });
}

/**
 * The first SUMMARY_LINES lines of gcc/ld output that state an error (`file:line:col: error:`,
 * `fatal error:`, ld's `undefined reference`, `collect2: error:`), else the first non-empty
 * lines; `source`'s full path shortened to its basename. Empty for empty output.
 */
export function summarizeCompilerOutput(output: string, source?: string): string {
  const lines = output.split(/\r?\n/).map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
  const errors = lines.filter((l) => /\b(fatal )?error:|undefined reference to|cannot find -l|No such file or directory/.test(l));
  const picked = (errors.length > 0 ? errors : lines).slice(0, SUMMARY_LINES);
  const base = source ? path.basename(source) : undefined;
  return picked.map((l) => (source && base ? l.split(source).join(base) : l)).join('\n');
}

/** Quotes an argument for the build log when it holds spaces or quotes (display only). */
function quoteArg(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

/** How to get a suitable compiler on one kind of host. */
export interface InstallHint {
  /** "Debian/Ubuntu", "Fedora", "macOS", "Windows". */
  host: string;
  /** One line: the command, or why the obvious package does not do and what to use instead. */
  text: string;
}

const APT = 'sudo apt install gcc-riscv64-linux-gnu';
const GNU_TOOLCHAIN_LINUX = 'riscv-collab/riscv-gnu-toolchain built for Linux (./configure --prefix=/opt/riscv && make linux, which gives riscv64-unknown-linux-gnu-gcc)';

/** Every host's install hint; the one for `platform` first. */
export function installHints(platform: NodeJS.Platform = process.platform): InstallHint[] {
  const hints: InstallHint[] = [
    { host: 'Debian/Ubuntu', text: APT },
    {
      host: 'Fedora',
      text: `Fedora's gcc-riscv64-linux-gnu has no C library (it only builds kernels), so it cannot build these programs; use a Debian/Ubuntu container (e.g. a VS Code Dev Container, then ${APT}) or ${GNU_TOOLCHAIN_LINUX}.`,
    },
    {
      host: 'macOS',
      text: `Homebrew's riscv64-elf-gcc targets bare metal (no Linux C library) and cannot build these programs; use a Debian/Ubuntu Dev Container (Docker), then ${APT}, or ${GNU_TOOLCHAIN_LINUX} on a case-sensitive volume.`,
    },
    { host: 'Windows', text: `install WSL with Ubuntu (wsl --install), open the folder in WSL (VS Code's WSL extension), then ${APT}.` },
  ];
  const first = platform === 'darwin' ? 'macOS' : platform === 'win32' ? 'Windows' : undefined;
  return first ? [...hints.filter((h) => h.host === first), ...hints.filter((h) => h.host !== first)] : hints;
}

/**
 * The one message for "no compiler": a headline naming the file and what was looked for, and a
 * multi-line detail with every host's install hint (this host's first), the setting, and the
 * examples as the alternative.
 */
export function noCompilerHelp(sourceName: string, platform: NodeJS.Platform = process.platform): { message: string; detail: string } {
  const message = `Glasskernel: no RISC-V cross compiler found to build ${sourceName} (looked for ${COMPILER_SETTING}, then ${COMPILER_NAMES.join(' and ')} on PATH).`;
  const detail = [
    'Install a riscv64 Linux cross gcc (a static, Linux-targeting toolchain):',
    ...installHints(platform).map((h) => `• ${h.host}: ${h.text}`),
    `A toolchain elsewhere: set ${COMPILER_SETTING} to its gcc.`,
    'Or debug a prebuilt example instead (examples/src, examples/asm).',
  ].join('\n');
  return { message, detail };
}
