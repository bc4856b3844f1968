/**
 * Test helpers: run GNU as (riscv64-linux-gnu-as) and reduce an ELF relocatable object to what the
 * corpus compares — section bytes, symbols and relocations — so ours and GNU's can be diffed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseElf64, SHT_NOBITS, SHT_RELA, SHT_SYMTAB, STT_SECTION } from '../../../src/elf';
import { riscvRelocationName } from '../../../src/toolchain/asm';

export const GNU_AS = 'riscv64-linux-gnu-as';
export const hasGnuAs = spawnSync(GNU_AS, ['--version']).status === 0;

/** Assembles `source` with GNU as; the object bytes or the error text. */
export function gnuAssemble(source: string, march: 'rv64gc' | 'rv64g', extra: string[] = []): { object?: Uint8Array; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'gk-as-'));
  try {
    const src = join(dir, 'in.s');
    const obj = join(dir, 'out.o');
    writeFileSync(src, source);
    const r = spawnSync(GNU_AS, [`-march=${march}`, '-mno-relax', ...extra, src, '-o', obj], { encoding: 'utf8' });
    if (r.status !== 0) return { stderr: r.stderr };
    return { object: new Uint8Array(readFileSync(obj)), stderr: r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One symbol as compared: section name or UND/ABS, value, size, binding and type. */
export interface SymbolView {
  name: string;
  section: string;
  value: bigint;
  size: bigint;
  bind: number;
  type: number;
}

/** A reduced object: content of sections by name, named symbols, relocations per section as text. */
export interface ObjectView {
  sections: Map<string, { type: number; flags: number; align: number; size: number; bytes: string }>;
  symbols: SymbolView[];
  relocs: Map<string, string[]>;
  flags: number;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** Reads the parts of `bytes` the corpus compares. Throws on malformed input (tests only). */
export function viewObject(bytes: Uint8Array): ObjectView {
  const parsed = parseElf64(bytes);
  if (!parsed.ok) throw new Error(parsed.error);
  const elf = parsed.elf;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sections = new Map<string, { type: number; flags: number; align: number; size: number; bytes: string }>();
  for (const s of elf.sections) {
    if (s.index === 0) continue;
    const data = s.type === SHT_NOBITS ? new Uint8Array() : bytes.subarray(s.offset, s.offset + s.size);
    sections.set(s.name, { type: s.type, flags: s.flags, align: s.addralign, size: s.size, bytes: hex(data) });
  }
  const symtab = elf.sections.find((s) => s.type === SHT_SYMTAB)!;
  const strtab = elf.sections[symtab.link]!;
  const nameAt = (off: number) => {
    let end = strtab.offset + off;
    while (bytes[end] !== 0) end++;
    return Buffer.from(bytes.subarray(strtab.offset + off, end)).toString('latin1');
  };
  const raw: (SymbolView & { shndx: number })[] = [];
  for (let at = symtab.offset; at < symtab.offset + symtab.size; at += 24) {
    const info = bytes[at + 4]!;
    const shndx = dv.getUint16(at + 6, true);
    const section = shndx === 0 ? 'UND' : shndx === 0xfff1 ? 'ABS' : elf.sections[shndx]?.name ?? `#${shndx}`;
    const type = info & 0xf;
    raw.push({ name: type === STT_SECTION ? section : nameAt(dv.getUint32(at, true)), section, shndx,
      value: dv.getBigUint64(at + 8, true), size: dv.getBigUint64(at + 16, true), bind: info >> 4, type });
  }
  const relocs = new Map<string, string[]>();
  for (const s of elf.sections) {
    if (s.type !== SHT_RELA) continue;
    const target = elf.sections[s.info]!.name;
    const list: string[] = [];
    for (let at = s.offset; at < s.offset + s.size; at += 24) {
      const info = dv.getBigUint64(at + 8, true);
      const sym = raw[Number(info >> 32n)]!;
      const symText = sym.name === '.L0 ' ? `.L0@${sym.section}+${sym.value}` : sym.name;
      list.push(`${dv.getBigUint64(at, true)} ${riscvRelocationName(Number(info & 0xffffffffn))} ${symText} ${dv.getBigInt64(at + 16, true)}`);
    }
    relocs.set(target, list.sort());
  }
  const symbols = raw.slice(1).filter((s) => s.type !== STT_SECTION).map(({ shndx, ...rest }) => { void shndx; return rest; });
  return { sections, symbols, relocs, flags: dv.getUint32(48, true) };
}

const symKey = (s: SymbolView) => `${s.name}|${s.section}|${s.value}|${s.size}|${s.bind}|${s.type}`;

/** Differences between two objects (empty when equal in everything the corpus checks). */
export function diffObjects(ours: ObjectView, gnu: ObjectView, options: { mapping?: boolean } = {}): string[] {
  const out: string[] = [];
  for (const [name, g] of gnu.sections) {
    if (name.startsWith('.rela') || name.startsWith('.debug') || ['.symtab', '.strtab', '.shstrtab'].includes(name)) continue;
    const o = ours.sections.get(name);
    if (o === undefined) {
      if (g.size !== 0) out.push(`missing section ${name}`);
      continue;
    }
    if (o.bytes !== g.bytes || o.size !== g.size) out.push(`section ${name}: ours ${o.bytes.slice(0, 200)} (${o.size}) gnu ${g.bytes.slice(0, 200)} (${g.size})`);
    if (o.type !== g.type || o.flags !== g.flags || o.align !== g.align) {
      out.push(`section ${name} header: ours type ${o.type} flags ${o.flags} align ${o.align}, gnu ${g.type} ${g.flags} ${g.align}`);
    }
  }
  for (const name of ours.sections.keys()) {
    const o = ours.sections.get(name)!;
    if (!gnu.sections.has(name) && !name.startsWith('.rela') && !name.startsWith('.debug') && o.size !== 0) out.push(`extra section ${name}`);
  }
  const keep = (s: SymbolView) => s.name !== '.L0 ' && (options.mapping || !s.name.startsWith('$'));
  const os = new Set(ours.symbols.filter(keep).map(symKey));
  const gs = new Set(gnu.symbols.filter(keep).map(symKey));
  for (const k of gs) if (!os.has(k)) out.push(`missing symbol ${k}`);
  for (const k of os) if (!gs.has(k)) out.push(`extra symbol ${k}`);
  for (const name of new Set([...gnu.relocs.keys(), ...ours.relocs.keys()])) {
    if (name.startsWith('.debug')) continue;
    const g = (gnu.relocs.get(name) ?? []).join('\n');
    const o = (ours.relocs.get(name) ?? []).join('\n');
    if (g !== o) out.push(`relocations of ${name}:\n ours:\n  ${o.replace(/\n/g, '\n  ')}\n gnu:\n  ${g.replace(/\n/g, '\n  ')}`);
  }
  if (ours.flags !== gnu.flags) out.push(`e_flags: ours ${ours.flags} gnu ${gnu.flags}`);
  return out;
}
