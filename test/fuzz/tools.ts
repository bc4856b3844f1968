import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kernel } from '../../src/kernel/kernel';
import { shellExitCode } from '../../src/kernel/signal';

/**
 * The three ways the fuzzer runs code: the cross assembler/linker (riscv64-linux-gnu-gcc), the
 * reference (qemu-riscv64, Linux user mode) and Glasskernel itself (its kernel, in-process).
 */

/** The cross compiler driver used to assemble and link harnesses (Debian gcc-riscv64-linux-gnu). */
export const CC = 'riscv64-linux-gnu-gcc';
/** The reference: qemu's Linux user-mode emulator (Debian qemu-user). */
export const QEMU = 'qemu-riscv64';

/**
 * Flags that build a harness: rv64gc, static, no libc, no PIE, no linker relaxation (gp is
 * random), and no warning for the writable code segment self-modifying programs use.
 */
export const CC_FLAGS = ['-march=rv64gc', '-mabi=lp64d', '-static', '-nostdlib', '-no-pie', '-Wl,--no-relax', '-Wl,--no-warn-rwx-segments', '-x', 'assembler'];

/** Names of the needed tools that are not on PATH (empty when all are there). */
export function missingTools(): string[] {
  return [CC, QEMU].filter((t) => spawnSync('which', [t]).status !== 0);
}

/** What a process printed and how it ended. */
export interface Outcome {
  stdout: Uint8Array;
  /** Exit code (128 + signal when killed), as a shell reports it. */
  exitCode: number;
  /** Extra detail: the emulator's fatal-signal message, the assembler's errors. */
  note?: string;
}

let workDir: string | undefined;
let fileCounter = 0;

/** A fresh path in the fuzzer's temporary directory. */
export function tempPath(name: string): string {
  if (workDir === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'gk-fuzz-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    workDir = dir;
  }
  return join(workDir, `${fileCounter++}-${name}`);
}

function run(cmd: string, args: string[], input?: string, timeoutMs = QEMU_TIMEOUT_MS): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], timeout: timeoutMs, killSignal: 'SIGKILL' });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (d: Buffer) => out.push(d));
    child.stderr?.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e) => resolve({ code: 127, stdout: Buffer.alloc(0), stderr: String(e) }));
    child.on('close', (code, signal) => resolve({
      code: code ?? 128 + (signal ? signalNumber(signal) : 0),
      stdout: Buffer.concat(out),
      stderr: Buffer.concat(err).toString(),
    }));
    if (child.stdin) {
      // A child that exits before reading all its input must not turn into an EPIPE crash.
      child.stdin.on('error', () => undefined);
      child.stdin.end(input);
    }
  });
}

function signalNumber(name: NodeJS.Signals): number {
  const table: Partial<Record<NodeJS.Signals, number>> = { SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGBUS: 7, SIGFPE: 8, SIGKILL: 9, SIGSEGV: 11 };
  return table[name] ?? 0;
}

/**
 * Assembles and links `source` (with `extraFlags` before CC_FLAGS, e.g. linker options); resolves
 * to the ELF bytes, or an error text (assembler messages).
 */
export async function buildElf(source: string, extraFlags: string[] = []): Promise<{ elf?: Uint8Array; error?: string }> {
  const out = tempPath('fuzz.elf');
  const r = await run(CC, [...extraFlags, ...CC_FLAGS, '-o', out, '-'], source);
  if (r.code !== 0) return { error: r.stderr };
  const elf = readFileSync(out);
  rmSync(out, { force: true });
  return { elf };
}

/** Runs an ELF under qemu-riscv64. */
export async function runQemu(elf: Uint8Array): Promise<Outcome> {
  const path = tempPath('run.elf');
  writeFileSync(path, elf, { mode: 0o755 });
  const r = await run(QEMU, [path]);
  rmSync(path, { force: true });
  return { stdout: new Uint8Array(r.stdout), exitCode: r.code, note: r.stderr || undefined };
}

/** Guest path the fuzz ELF gets inside Glasskernel. */
const GUEST_PATH = '/bin/fuzz';

/** Guest RAM for fuzz runs: the harness needs a few pages. */
const FUZZ_MEMORY_BYTES = 16 * 1024 * 1024;
/** Instructions per Kernel.run call. */
const RUN_CHUNK = 10_000_000;
/**
 * Instructions after which a run is abandoned: a batch normally retires well under a million,
 * so only a generator bug (a loop that never ends) reaches it. qemu gets a wall-clock limit.
 */
export const MAX_GUEST_INSTRUCTIONS = 50_000_000;
/** Milliseconds before a qemu-riscv64 run is killed (SIGKILL): only a runaway program takes this long. */
export const QEMU_TIMEOUT_MS = 60_000;
/** Exit code reported for a run stopped by either limit (as `timeout(1)` reports). */
export const TIMED_OUT = 124;

/**
 * Glasskernel's execution engines: 'jit' is the default (block compiler with interpreter
 * fallback); 'interpreter' forces the hart to interpret one instruction at a time (the
 * debugger's single-step path).
 */
export type Engine = 'jit' | 'interpreter';

/**
 * Runs an ELF under Glasskernel in this process, the way the CLI's runProgram does (one kernel,
 * the ELF as the first process, console reads see end of file) but with the engine chosen and at
 * most MAX_GUEST_INSTRUCTIONS retired. fd 1 is captured; fatal signals are noted.
 */
export function runOurs(elf: Uint8Array, engine: Engine = 'jit'): Outcome {
  const chunks: Uint8Array[] = [];
  let note: string | undefined;
  const write = (fd: number, data: Uint8Array) => { if (fd === 1) chunks.push(data.slice()); };
  const kernel = new Kernel({ memoryBytes: FUZZ_MEMORY_BYTES, host: { writeConsole: write, readConsole: () => new Uint8Array(0) } });
  kernel.hart.engine = engine;
  kernel.addFile(GUEST_PATH, elf);
  kernel.on('signal', (e) => { note = `${e.reason} (signal ${e.signal})`; });
  const started = kernel.start(GUEST_PATH, [GUEST_PATH], []);
  if (!started.ok) return { stdout: new Uint8Array(0), exitCode: 127, note: started.error };
  for (let ran = 0; ran < MAX_GUEST_INSTRUCTIONS; ran += RUN_CHUNK) {
    const stop = kernel.run(RUN_CHUNK);
    if (stop.kind === 'exited') return { stdout: concat(chunks), exitCode: shellExitCode(stop.status), note };
    if (stop.kind === 'idle') kernel.shutdown();
  }
  return { stdout: concat(chunks), exitCode: TIMED_OUT, note: `stopped after ${MAX_GUEST_INSTRUCTIONS} instructions` };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const c of chunks) n += c.length;
  const out = new Uint8Array(n);
  n = 0;
  for (const c of chunks) { out.set(c, n); n += c.length; }
  return out;
}
