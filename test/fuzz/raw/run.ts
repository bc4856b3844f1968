import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { Kernel } from '../../../src/kernel/kernel';
import { shellExitCode } from '../../../src/kernel/signal';
import { buildElf, QEMU, tempPath, type Engine } from '../tools';
import { QEMU_CPU_ARGS, QEMU_STALL_MS, REC_BYTES, SAMPLE_INSN_BUDGET } from './constants';
import { RAW_LD_FLAGS } from './harness';

/**
 * Running a raw batch from sample `start` on: under qemu-riscv64 (stdout streamed; a run that
 * prints no record for QEMU_STALL_MS counts as looping and is killed) and under Glasskernel
 * in-process (a run that retires SAMPLE_INSN_BUDGET instructions without a record counts as
 * looping). Either way the run stops after `records` records and tells whether it ended by
 * exiting (exit code) or by looping.
 */

/** How one run of a batch ended. */
export interface RawRun {
  stdout: Uint8Array;
  /** 'exit' (code in exitCode, 128 + signal when killed) or 'loop' (no record within the budget). */
  end: 'exit' | 'loop';
  exitCode: number;
  /** Glasskernel's fatal-signal message, qemu's stderr, or a host exception's text. */
  note?: string;
  /** A JavaScript exception escaped the kernel (never acceptable). */
  hostError?: string;
}

/** Assembles and links a raw batch source (harness.ts flags). */
export function buildRaw(source: string): Promise<{ elf?: Uint8Array; error?: string }> {
  return buildElf(source, RAW_LD_FLAGS);
}

/** Runs `elf` from sample `start` under qemu-riscv64. */
export function runQemuRaw(elf: Uint8Array, start: number): Promise<RawRun> {
  const path = tempPath('raw.elf');
  writeFileSync(path, elf, { mode: 0o755 });
  return new Promise((resolve) => {
    const child = spawn(QEMU, [...QEMU_CPU_ARGS, path, String(start)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let looped = false;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => { looped = true; child.kill('SIGKILL'); }, QEMU_STALL_MS);
    };
    arm();
    child.stdout.on('data', (d: Buffer) => { out.push(d); arm(); });
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      rmSync(path, { force: true });
      const stdout = new Uint8Array(Buffer.concat(out));
      const note = Buffer.concat(err).toString() || undefined;
      resolve({ stdout, end: looped ? 'loop' : 'exit', exitCode: code ?? (signal ? 128 : 0), note });
    });
  });
}

/** Guest path and RAM of raw runs. */
const GUEST_PATH = '/bin/raw';
const RAW_MEMORY_BYTES = 32 * 1024 * 1024;
/** Instructions per Kernel.run call (the budget is checked between calls). */
const RUN_CHUNK = 100_000;

/** Runs `elf` from sample `start` under Glasskernel's `engine`, in this process. */
export function runOursRaw(elf: Uint8Array, start: number, engine: Engine): RawRun {
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  let note: string | undefined;
  try {
    const write = (fd: number, data: Uint8Array) => { if (fd === 1) { chunks.push(data.slice()); bytes += data.length; } };
    const kernel = new Kernel({ memoryBytes: RAW_MEMORY_BYTES, host: { writeConsole: write, readConsole: () => new Uint8Array(0) } });
    kernel.hart.engine = engine;
    kernel.addFile(GUEST_PATH, elf);
    kernel.on('signal', (e) => { note = `${e.reason} (signal ${e.signal})`; });
    const started = kernel.start(GUEST_PATH, [GUEST_PATH, String(start)], []);
    if (!started.ok) return { stdout: new Uint8Array(0), end: 'exit', exitCode: 127, note: started.error };
    let since = 0;
    let seen = 0;
    for (;;) {
      const stop = kernel.run(RUN_CHUNK);
      if (stop.kind === 'exited') return { stdout: Buffer.concat(chunks), end: 'exit', exitCode: shellExitCode(stop.status), note };
      if (stop.kind === 'idle') kernel.shutdown();
      const records = Math.floor(bytes / REC_BYTES);
      since = records === seen ? since + RUN_CHUNK : 0;
      seen = records;
      if (since >= SAMPLE_INSN_BUDGET) return { stdout: Buffer.concat(chunks), end: 'loop', exitCode: 0, note };
    }
  } catch (e) {
    const text = e instanceof Error ? e.stack ?? e.message : String(e);
    return { stdout: Buffer.concat(chunks), end: 'exit', exitCode: -1, note: text, hostError: text };
  }
}
