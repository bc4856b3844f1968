/**
 * Test helpers: assemble with GNU as, link with GNU ld and with ours, and compare the two
 * executables the way a student would check them by hand (readelf -S / -s / -l, objdump -s).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseElf64, SHF_ALLOC, SHT_NOBITS, STT_FILE, STT_SECTION, PT_LOAD, type Elf64 } from '../../../src/elf';
import { runProgram } from '../../../src/cli/runner';
import { link, type LinkInput, type LinkResult } from '../../../src/toolchain/link';

export const AS = 'riscv64-linux-gnu-as';
export const LD = 'riscv64-linux-gnu-ld';
/** The GNU binutils the comparisons need are installed. */
export const hasBinutils =
  spawnSync(AS, ['--version']).status === 0 && spawnSync(LD, ['--version']).status === 0;
export const hasQemu = spawnSync('qemu-riscv64', ['--version']).status === 0;

/** The flags the issue compares with: RV64GC, no relaxation. */
export const AS_FLAGS = ['-march=rv64gc', '-mno-relax'];

let workDir: string | undefined;
/** A private temporary directory for this test file's outputs. */
export function work(): string {
  workDir ??= mkdtempSync(join(tmpdir(), 'gk-link-'));
  return workDir;
}

/** An assembled object: its bytes and where GNU as wrote it. */
export interface AssembledObject extends LinkInput {
  path: string;
}

/** Assembles `source` with GNU as (`name` without extension); throws with as's messages on failure. */
export function assemble(name: string, source: string, extra: string[] = []): AssembledObject {
  const dir = work();
  const src = join(dir, `${name}.s`);
  const obj = join(dir, `${name}.o`);
  writeFileSync(src, source);
  const r = spawnSync(AS, [...AS_FLAGS, ...extra, src, '-o', obj], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`as ${name}.s failed:\n${r.stderr}`);
  return { name: `${name}.o`, path: obj, data: new Uint8Array(readFileSync(obj)) };
}

/** Links with GNU ld -static --no-relax; the executable's bytes, or ld's messages. */
export function gnuLink(objects: readonly AssembledObject[], out: string): { ok: true; bytes: Uint8Array } | { ok: false; stderr: string } {
  const path = join(work(), out);
  const r = spawnSync(LD, ['-static', '--no-relax', ...objects.map((o) => o.path), '-o', path], { encoding: 'utf8' });
  if (r.status !== 0) return { ok: false, stderr: r.stderr };
  return { ok: true, bytes: new Uint8Array(readFileSync(path)) };
}

/** Links with ours. */
export function ourLink(objects: readonly AssembledObject[]): LinkResult {
  return link(objects.map(({ name, data }) => ({ name, data })));
}

/** Writes an executable to the work directory (mode 755) and returns its path. */
export function save(bytes: Uint8Array, name: string): string {
  const path = join(work(), name);
  writeFileSync(path, bytes, { mode: 0o755 });
  return path;
}

function parse(bytes: Uint8Array): Elf64 {
  const r = parseElf64(bytes);
  if (!r.ok) throw new Error(r.error);
  return r.elf;
}

/** What the comparison looked at, for pass counts. */
export interface Comparison {
  differences: string[];
  /** Allocated sections compared (address, size, bytes). */
  sections: number;
  /** Symbols compared by name and value. */
  symbols: number;
}

/**
 * Differences between our executable and GNU ld's: every allocated section (name, address,
 * size, type, flags, and the bytes of those with contents), the entry point, the PT_LOAD
 * headers, and the symbols (name -> value, section and file symbols aside, as multisets since
 * local names repeat across objects). Empty when they agree.
 */
export function compareWithGnu(ours: Uint8Array, gnu: Uint8Array, options: { unallocated?: boolean } = {}): Comparison {
  const a = parse(ours);
  const b = parse(gnu);
  const differences: string[] = [];
  if (a.entry !== b.entry) differences.push(`entry 0x${a.entry.toString(16)} != 0x${b.entry.toString(16)}`);
  const allocated = (e: Elf64) => e.sections.filter((s) => s.flags & SHF_ALLOC);
  const ourSections = allocated(a);
  const gnuSections = allocated(b);
  const names = (list: typeof ourSections) => list.map((s) => s.name).join(' ');
  if (names(ourSections) !== names(gnuSections)) differences.push(`sections [${names(ourSections)}] != [${names(gnuSections)}]`);
  for (const g of gnuSections) {
    const o = ourSections.find((s) => s.name === g.name);
    if (!o) continue;
    for (const key of ['addr', 'size', 'type', 'flags', 'addralign'] as const) {
      if (o[key] !== g[key]) differences.push(`${g.name}.${key} 0x${o[key].toString(16)} != 0x${g[key].toString(16)}`);
    }
    if (g.type !== SHT_NOBITS && o.size === g.size) {
      const ob = a.bytes.subarray(o.offset, o.offset + o.size);
      const gb = b.bytes.subarray(g.offset, g.offset + g.size);
      const at = ob.findIndex((v, i) => v !== gb[i]);
      if (at >= 0) differences.push(`${g.name} bytes differ at +0x${at.toString(16)}`);
    }
  }
  if (options.unallocated) differences.push(...compareUnallocated(a, b));
  const loads = (e: Elf64) => e.programHeaders.filter((p) => p.type === PT_LOAD).map((p) => JSON.stringify(p)).join('\n');
  if (loads(a) !== loads(b)) differences.push(`PT_LOAD headers differ:\n${loads(a)}\nvs\n${loads(b)}`);
  const symbols = (e: Elf64) =>
    e.symbols.filter((s) => s.index > 0 && s.type !== STT_SECTION && s.type !== STT_FILE).map((s) => `${s.name}=0x${s.value.toString(16)}`).sort();
  const ourSymbols = symbols(a);
  const gnuSymbols = symbols(b);
  const missing = gnuSymbols.filter((s) => !ourSymbols.includes(s));
  const extra = ourSymbols.filter((s) => !gnuSymbols.includes(s));
  if (missing.length > 0) differences.push(`symbols only GNU ld has: ${missing.join(', ')}`);
  if (extra.length > 0) differences.push(`symbols only we have: ${extra.join(', ')}`);
  return { differences, sections: gnuSections.length, symbols: gnuSymbols.length };
}

/** Non-allocated sections (.debug_*, .riscv.attributes) besides the symbol and string tables: same names, same bytes. */
function compareUnallocated(a: Elf64, b: Elf64): string[] {
  const TABLES = new Set(['', '.symtab', '.strtab', '.shstrtab']);
  const list = (e: Elf64) => e.sections.filter((s) => !(s.flags & SHF_ALLOC) && !TABLES.has(s.name));
  const differences: string[] = [];
  const names = (e: Elf64) => list(e).map((s) => s.name).join(' ');
  if (names(a) !== names(b)) differences.push(`unallocated sections [${names(a)}] != [${names(b)}]`);
  for (const g of list(b)) {
    const o = list(a).find((s) => s.name === g.name);
    if (!o) continue;
    const ob = a.bytes.subarray(o.offset, o.offset + o.size);
    const gb = b.bytes.subarray(g.offset, g.offset + g.size);
    if (ob.length !== gb.length || ob.some((v, i) => v !== gb[i])) differences.push(`${g.name} bytes differ`);
  }
  return differences;
}

/** Runs an executable under qemu-riscv64: its stdout and exit status. */
export function runQemu(path: string): { stdout: string; status: number | null } {
  const r = spawnSync('qemu-riscv64', [path], { encoding: 'utf8', timeout: 20_000 });
  return { stdout: r.stdout, status: r.status };
}

/** Instruction budget for one fixture run on Glasskernel: far more than any fixture needs. */
const RUN_BUDGET = 50_000_000;

/** Runs an executable on Glasskernel as /bin/<name>: its stdout and shell exit code. */
export function runGlasskernel(bytes: Uint8Array, name: string): { stdout: string; status: number; error?: string } {
  let stdout = '';
  const path = `/bin/${name}`;
  const r = runProgram({
    path,
    files: new Map([[path, bytes]]),
    argv: [name],
    maxInstructions: RUN_BUDGET,
    write: (fd, data) => {
      if (fd === 1) stdout += Buffer.from(data).toString('latin1');
    },
  });
  return { stdout, status: r.exitCode, ...(r.error ? { error: r.error } : {}) };
}
