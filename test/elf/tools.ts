/**
 * Test helpers shared by test/elf and test/dwarf: the committed fixture, external-tool
 * detection, building programs with riscv64-linux-gnu-gcc, and parsers for the text
 * output of readelf and objdump that the comparisons use.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const GCC = 'riscv64-linux-gnu-gcc';
export const READELF = 'riscv64-linux-gnu-readelf';
export const OBJDUMP = 'riscv64-linux-gnu-objdump';

const HERE = dirname(fileURLToPath(import.meta.url));
export const FIXTURE_DIR = resolve(HERE, '../fixtures/elf');
export const FIXTURE_PATH = join(FIXTURE_DIR, 'tiny');
export const EXAMPLES_BIN = resolve(HERE, '../../examples/bin');

/** The committed fixture ELF (see test/fixtures/elf/build.sh). */
export function fixtureBytes(): Uint8Array {
  return new Uint8Array(readFileSync(FIXTURE_PATH));
}

const toolCache = new Map<string, boolean>();

/** True when `tool --version` runs. Warns (naming the tool) when it is missing. */
export function hasTool(tool: string): boolean {
  let present = toolCache.get(tool);
  if (present === undefined) {
    const r = spawnSync(tool, ['--version'], { encoding: 'utf8' });
    present = r.status === 0;
    toolCache.set(tool, present);
    if (!present) console.warn(`${tool} is not installed: skipping the tests that need it`);
  }
  return present;
}

/** Example binaries under examples/bin (empty when that folder does not exist yet). */
export function exampleBinaries(): string[] {
  if (!existsSync(EXAMPLES_BIN)) return [];
  return readdirSync(EXAMPLES_BIN)
    .map((name) => join(EXAMPLES_BIN, name))
    .filter((path) => readFileSync(path).subarray(0, 4).toString('latin1') === '\x7fELF');
}

function run(tool: string, args: string[]): string {
  const r = spawnSync(tool, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

const buildDirs: string[] = [];

/** Deletes the temporary folders buildProgram made (call from afterAll). */
export function removeBuiltPrograms(): void {
  for (const dir of buildDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * Compiles C/assembly `sources` (relative path -> text) with gcc in a fresh temporary
 * folder (the compilation directory) and returns the ELF path.
 */
export function buildProgram(sources: Record<string, string>, flags: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'glasskernel-elf-'));
  buildDirs.push(dir);
  const files = Object.entries(sources).map(([name, text]) => {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  });
  const out = join(dir, 'a.out');
  const compile = files.filter((f) => /\.(c|S|s)$/.test(f));
  const r = spawnSync(GCC, ['-g', '-static', '-nostdlib', '-march=rv64imac', '-mabi=lp64', ...flags, '-o', out, ...compile], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${GCC} failed: ${r.stderr}`);
  return out;
}

export interface ReadelfSegment {
  type: string;
  offset: number;
  vaddr: number;
  paddr: number;
  filesz: number;
  memsz: number;
  flags: string;
  align: number;
}

const SEGMENT_LINE =
  /^\s+(\S+)\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s(.{3})\s+(0x[0-9a-f]+)$/;

/** Program headers as `readelf -lW` prints them. */
export function readelfSegments(path: string): ReadelfSegment[] {
  const rows: ReadelfSegment[] = [];
  for (const line of run(READELF, ['-lW', path]).split('\n')) {
    const m = SEGMENT_LINE.exec(line);
    if (!m) continue;
    const n = (i: number): number => Number(m[i]);
    rows.push({
      type: m[1]!, offset: n(2), vaddr: n(3), paddr: n(4), filesz: n(5), memsz: n(6),
      flags: m[7]!, align: n(8),
    });
  }
  return rows;
}

export interface ReadelfSymbol {
  num: number;
  value: number;
  size: number;
  type: string;
  bind: string;
  vis: string;
  ndx: string;
  name: string;
}

const SYMBOL_LINE = /^\s*(\d+): ([0-9a-f]+)\s+(\S+) (\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s?(.*)$/;

/** Entries of .symtab as `readelf -sW` prints them. */
export function readelfSymbols(path: string): ReadelfSymbol[] {
  const out: ReadelfSymbol[] = [];
  let inSymtab = false;
  for (const line of run(READELF, ['-sW', path]).split('\n')) {
    if (line.startsWith('Symbol table')) inSymtab = line.includes("'.symtab'");
    const m = inSymtab ? SYMBOL_LINE.exec(line) : null;
    if (!m) continue;
    out.push({
      num: Number(m[1]), value: parseInt(m[2]!, 16), size: Number(m[3]),
      type: m[4]!, bind: m[5]!, vis: m[6]!, ndx: m[7]!, name: m[8]!,
    });
  }
  return out;
}

export interface DecodedLine {
  file: string;
  /** undefined for the end-of-sequence rows ("-"). */
  line: number | undefined;
  address: number;
  isStmt: boolean;
}

const DECODED_LINE = /^(\S+)\s+(\d+|-)\s+(0x[0-9a-f]+)(?:\s+\d+)?(\s+x)?\s*$/;

/** Rows of `objdump --dwarf=decodedline` (file shown as a base name), in print order. */
export function objdumpDecodedLine(path: string): DecodedLine[] {
  const rows: DecodedLine[] = [];
  for (const line of run(OBJDUMP, ['--dwarf=decodedline', path]).split('\n')) {
    const m = DECODED_LINE.exec(line);
    if (!m) continue;
    rows.push({
      file: m[1]!,
      line: m[2] === '-' ? undefined : Number(m[2]),
      address: Number(m[3]),
      isStmt: m[4] !== undefined,
    });
  }
  return rows;
}

/** mulberry32: a small seeded PRNG so fuzz tests are reproducible. Returns [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
