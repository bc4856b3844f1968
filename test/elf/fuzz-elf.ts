/**
 * ELF fuzzer (issue 9, "ELF files and program files"): mutates real ELF files (the committed
 * fixture, the examples) in their headers, program header table and section header table,
 * and checks that every reader answers with a value, in bounded time, reading a bounded
 * number of bytes: readElfImage, parseElf64 and the queries, the DWARF line table, and (on a
 * sample) the kernel running the file for a few thousand instructions.
 * Used by fuzz-elf.test.ts (fixed seed, bounded count) and scripts/fuzz-elf.mjs (long runs).
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readProgramFile } from '../../src/host/program-file';
import { runProgram } from '../../src/cli/runner';
import { loadLineTable } from '../../src/dwarf';
import {
  ELF64_EHDR_SIZE, ELF64_PHDR_SIZE, ELF64_SHDR_SIZE, MAX_PROGRAM_IMAGE_BYTES,
  checkRiscvExecutable, findSymbol, parseElf64, readElfImage, symbolize,
} from '../../src/elf';
import { seededRandom } from './tools';

/** Values that break parsers: zero, one, signed and unsigned extremes, 2^32, 2^53 and around. */
const EDGE_VALUES = [0n, 1n, 0x7fn, 0x80n, 0xffn, 0xffffn, 0x7fffffffn, 0xffffffffn, 0x1_0000_0000n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 63n, 2n ** 64n - 1n];
/** Widths of ELF-64 fields (bytes). */
const FIELD_WIDTHS = [1, 2, 4, 8];
/** Most time one input may take through every reader (ms): generous for a loaded CI machine. */
export const MAX_MS_PER_INPUT = 2000;
/** Instructions the kernel runs a mutated program for (when the sample includes it). */
const RUN_INSTRUCTIONS = 20_000;

/** One failure: the input's name, why, and the bytes to replay. */
export interface ElfFuzzFailure {
  name: string;
  reason: string;
  bytes: Uint8Array;
}

/** Outcome of a run: inputs tried, how many parsed, how many ran on the kernel, failures. */
export interface ElfFuzzReport {
  tried: number;
  parsed: number;
  ran: number;
  failures: ElfFuzzFailure[];
}

/** Writes `value` little-endian into `width` bytes at `at` (clipped at the end of the buffer). */
function put(bytes: Uint8Array, at: number, width: number, value: bigint): void {
  for (let i = 0; i < width && at + i < bytes.length; i++) bytes[at + i] = Number((value >> BigInt(8 * i)) & 0xffn);
}

function u64At(bytes: Uint8Array, at: number): number {
  return Number(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(at, true));
}

/** A random value for a field: an edge value, the file size +-1, or random bits. */
function fieldValue(random: () => number, size: number): bigint {
  const r = random();
  if (r < 0.5) return EDGE_VALUES[Math.floor(random() * EDGE_VALUES.length)]!;
  if (r < 0.7) return BigInt(Math.max(0, size + Math.floor(random() * 3) - 1));
  return BigInt(Math.floor(random() * 2 ** 32)) * BigInt(Math.floor(random() * 3));
}

/** One mutation of a copy of `base`; its kind names it. */
export function mutate(base: Uint8Array, random: () => number): { kind: string; bytes: Uint8Array } {
  const bytes = base.slice();
  const phoff = u64At(base, 32);
  const shoff = u64At(base, 40);
  const phnum = base[56]! | (base[57]! << 8);
  const shnum = base[60]! | (base[61]! << 8);
  const width = FIELD_WIDTHS[Math.floor(random() * FIELD_WIDTHS.length)]!;
  const r = random();
  if (r < 0.25) {
    const at = Math.floor(random() * ELF64_EHDR_SIZE);
    put(bytes, at, width, fieldValue(random, base.length));
    return { kind: `ehdr@${at}`, bytes };
  }
  if (r < 0.45 && phnum > 0) {
    const at = phoff + Math.floor(random() * phnum * ELF64_PHDR_SIZE);
    put(bytes, at, width, fieldValue(random, base.length));
    return { kind: `phdr@${at}`, bytes };
  }
  if (r < 0.7 && shnum > 0 && shoff + shnum * ELF64_SHDR_SIZE <= base.length) {
    const at = shoff + Math.floor(random() * shnum * ELF64_SHDR_SIZE);
    put(bytes, at, width, fieldValue(random, base.length));
    return { kind: `shdr@${at}`, bytes };
  }
  if (r < 0.8) return { kind: 'truncate', bytes: bytes.slice(0, Math.floor(random() * bytes.length)) };
  const flips = 1 + Math.floor(random() * 16);
  for (let k = 0; k < flips; k++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
  return { kind: `flip${flips}`, bytes };
}

/** Runs every reader on `bytes`; returns whether it parsed and ran, or throws what went wrong. */
export function checkInput(bytes: Uint8Array, runIt: boolean): { parsed: boolean; ran: boolean } {
  let read = 0;
  const image = readElfImage({ size: bytes.length, read: (o, n) => { read += n; return bytes.slice(o, o + n); } });
  if (read > 4 * MAX_PROGRAM_IMAGE_BYTES) throw new Error(`readElfImage read ${read} bytes`);
  if (image.ok && image.bytes.length > bytes.length) throw new Error('image longer than the file');
  const parsed = parseElf64(bytes);
  if (!parsed.ok) {
    if (typeof parsed.error !== 'string' || parsed.error === '') throw new Error('empty error');
    return { parsed: false, ran: false };
  }
  const elf = parsed.elf;
  checkRiscvExecutable(elf);
  findSymbol(elf, 'main');
  for (const addr of [0, elf.entry, 0x10000, 0x11000]) symbolize(elf, addr);
  const lines = loadLineTable(elf);
  if (lines.ok) lines.table.lookup(elf.entry);
  if (!runIt || !checkRiscvExecutable(elf).ok) return { parsed: true, ran: false };
  const files = new Map([['/bin/prog', image.ok ? image.bytes : bytes]]);
  runProgram({ path: '/bin/prog', files, argv: ['/bin/prog'], memoryBytes: 16 * 1024 * 1024, maxInstructions: RUN_INSTRUCTIONS, write: () => {} });
  return { parsed: true, ran: true };
}

/**
 * Fuzzes `count` mutations of the `bases` (round robin) from `seed`; every `runEvery`-th
 * parsed input also runs on the kernel (0: never). Failures are collected, not thrown.
 */
export function fuzzElf(bases: Uint8Array[], seed: number, count: number, runEvery: number): ElfFuzzReport {
  const random = seededRandom(seed);
  const report: ElfFuzzReport = { tried: 0, parsed: 0, ran: 0, failures: [] };
  for (let i = 0; i < count; i++) {
    const { kind, bytes } = mutate(bases[i % bases.length]!, random);
    const name = `s${seed}-i${i}-${kind}`;
    const started = performance.now();
    try {
      const r = checkInput(bytes, runEvery > 0 && i % runEvery === 0);
      if (r.parsed) report.parsed++;
      if (r.ran) report.ran++;
    } catch (e) {
      report.failures.push({ name, reason: (e as Error).stack ?? String(e), bytes });
    }
    const ms = performance.now() - started;
    if (ms > MAX_MS_PER_INPUT) report.failures.push({ name, reason: `took ${ms.toFixed(0)} ms`, bytes });
    report.tried++;
  }
  return report;
}

/** Host paths that are not programs: FIFO, devices, a directory, sparse huge files with and without an ELF header. */
const DEVICES = ['/dev/zero', '/dev/urandom', '/dev/null', '/dev/full'];

/**
 * readProgramFile on every kind of non-regular or huge file (built in a temporary folder):
 * each must end in under MAX_MS_PER_INPUT with a sentence (or, for a sparse padded ELF, its
 * ELF prefix only). Returns the failures (path and why).
 */
export function checkFileKinds(elf: Uint8Array): { tried: number; failures: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'gk-fuzz-files-'));
  const failures: string[] = [];
  const paths: string[] = [...DEVICES, dir, join(dir, 'missing')];
  try {
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    paths.push(join(dir, 'fifo'));
    for (const [name, size, head] of [['zeros', 2 ** 31, undefined], ['huge', 2 ** 40, undefined], ['elf-padded', 2 ** 33, elf], ['empty', 0, undefined]] as const) {
      const p = join(dir, name);
      const fd = openSync(p, 'w');
      if (head) writeFileSync(fd, head);
      closeSync(fd);
      execFileSync('truncate', ['-s', String(size), p]);
      paths.push(p);
    }
    for (const p of paths) {
      const started = performance.now();
      try {
        const r = readProgramFile(p);
        if (r.ok && r.bytes.length > elf.length) failures.push(`${p}: read ${r.bytes.length} bytes`);
        if (!r.ok && r.error === '') failures.push(`${p}: empty error`);
      } catch (e) {
        failures.push(`${p}: threw ${(e as Error).message}`);
      }
      const ms = performance.now() - started;
      if (ms > MAX_MS_PER_INPUT) failures.push(`${p}: took ${ms.toFixed(0)} ms`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { tried: paths.length, failures };
}

/** Long runs: `--seed S --count N --run-every K [--no-save]`; saves failures under reproDir. */
export function main(argv: string[], reproDir: string, bases: string[]): number {
  const arg = (name: string, dflt: number): number => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : dflt;
  };
  const seed = arg('--seed', 1);
  const count = arg('--count', 20_000);
  const runEvery = arg('--run-every', 10);
  const inputs = bases.map((p) => new Uint8Array(readFileSync(p)));
  const started = Date.now();
  const report = fuzzElf(inputs, seed, count, runEvery);
  const kinds = checkFileKinds(inputs[0]!);
  for (const f of kinds.failures) console.log(`file kinds: ${f}`);
  console.log(`fuzz:elf file kinds: ${kinds.tried} paths, ${kinds.failures.length} failures`);
  console.log(`fuzz:elf seed ${seed}: ${report.tried} inputs, ${report.parsed} parsed, ${report.ran} ran on the kernel, ${report.failures.length} failures, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (report.failures.length > 0 && !argv.includes('--no-save')) {
    mkdirSync(reproDir, { recursive: true });
    for (const f of report.failures.slice(0, 10)) {
      writeFileSync(join(reproDir, `${f.name}.elf`), f.bytes);
      console.log(`${f.name}: ${f.reason.split('\n')[0]} (saved)`);
    }
  }
  return report.failures.length + kinds.failures.length > 0 ? 1 : 0;
}
