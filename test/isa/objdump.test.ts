import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { disassemble } from '../../src/isa/disasm';
import { allSamples, asmText, prng, type Sample } from './samples';
import { AS, OBJDUMP, haveBinutils, parseObjdump, type ObjdumpLine } from './binutils';

/** Assembles samples (dropping lines `as` rejects) and returns the samples kept and objdump's lines. */
function assemble(samples: Sample[], march: string): { kept: Sample[]; rejected: string[]; lines: ObjdumpLine[] } {
  const dir = mkdtempSync(join(tmpdir(), 'gk-isa-'));
  let kept = samples;
  const rejected: string[] = [];
  for (let round = 0; round < 5; round++) {
    const src = ['.text', ...kept.flatMap((s) => [s.row.length === 2 ? '.option rvc' : '.option norvc', asmText(s)])].join('\n') + '\n';
    writeFileSync(join(dir, 't.s'), src);
    const r = spawnSync(AS, [`-march=${march}`, '-mno-relax', '-o', join(dir, 't.o'), join(dir, 't.s')], { encoding: 'utf8' });
    if (r.status === 0) break;
    const bad = new Set([...r.stderr.matchAll(/t\.s:(\d+): Error/g)].map((m) => Number(m[1])));
    if (bad.size === 0) throw new Error(r.stderr);
    // line 1 is .text; sample i is on line 2 + 2i + 1
    kept = kept.filter((s, i) => {
      if (!bad.has(3 + 2 * i)) return true;
      rejected.push(asmText(s));
      return false;
    });
  }
  const out = execFileSync(OBJDUMP, ['-d', join(dir, 't.o')], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { kept, rejected, lines: parseObjdump(out) };
}

function compare(march: string, hasF: boolean, filter: (s: Sample) => boolean) {
  const samples = allSamples(25, 3).filter(filter);
  const { kept, rejected, lines } = assemble(samples, march);
  // GNU as refuses to write RVC HINT encodings (shift by 0, rd = x0); everything else must assemble
  const isHint = (text: string) => /^c\.s(ll|rl|ra)i \w+, 0$/.test(text) || /^c\.\w+ zero,/.test(text);
  expect(rejected.filter((t) => !isHint(t)), 'lines GNU as rejected').toEqual([]);
  expect(lines.length).toBe(kept.length);
  const mismatches: string[] = [];
  kept.forEach((s, i) => {
    const line = lines[i];
    if (line.bits !== s.bits) mismatches.push(`${asmText(s)}: as encoded 0x${line.bits.toString(16)}, we 0x${s.bits.toString(16)}`);
    const ours = disassemble(line.bits, line.address, { hasF });
    if (ours !== line.text) mismatches.push(`0x${line.bits.toString(16)} (${asmText(s)}): objdump "${line.text}", we "${ours}"`);
  });
  expect(mismatches.slice(0, 40)).toEqual([]);
}

/** objdump's text for raw instruction words, emitted with `.insn` so they are disassembled as code. */
function objdumpWords(words: { bits: number; length: 2 | 4 }[], march: string): ObjdumpLine[] {
  const dir = mkdtempSync(join(tmpdir(), 'gk-isa-'));
  const src = ['.text', ...words.map((w) => `.insn ${w.length}, 0x${w.bits.toString(16)}`)].join('\n') + '\n';
  writeFileSync(join(dir, 'w.s'), src);
  execFileSync(AS, [`-march=${march}`, '-mno-relax', '-o', join(dir, 'w.o'), join(dir, 'w.s')]);
  return parseObjdump(execFileSync(OBJDUMP, ['-d', join(dir, 'w.o')], { encoding: 'utf8', maxBuffer: 256 << 20 }));
}

function compareWords(words: { bits: number; length: 2 | 4 }[], march: string, hasF: boolean) {
  const lines = objdumpWords(words, march);
  expect(lines.length).toBe(words.length);
  const mismatches = lines.filter((l) => disassemble(l.bits, l.address, { hasF }) !== l.text)
    .map((l) => `0x${l.bits.toString(16)}: objdump "${l.text}", we "${disassemble(l.bits, l.address, { hasF })}"`);
  expect(mismatches.slice(0, 40)).toEqual([]);
}

const MAJOR_OPCODES = [0x03, 0x07, 0x0f, 0x13, 0x17, 0x1b, 0x23, 0x27, 0x2f, 0x33, 0x37, 0x3b, 0x63, 0x67, 0x6f, 0x73];

/** Every 16-bit parcel that is not the start of a 32-bit instruction. */
function all16(): { bits: number; length: 2 }[] {
  const out: { bits: number; length: 2 }[] = [];
  for (let v = 0; v < 0x10000; v++) if ((v & 3) !== 3) out.push({ bits: v, length: 2 });
  return out;
}

/** Random 32-bit words, two thirds of them with a major opcode of RV64G (deterministic). */
function random32(count: number, seed: number): { bits: number; length: 4 }[] {
  const rnd = prng(seed);
  const out: { bits: number; length: 4 }[] = [];
  for (let i = 0; i < count; i++) {
    let v = Math.floor(rnd() * 2 ** 32);
    if (i % 3 !== 0) v = (v & ~0x7f) | MAJOR_OPCODES[Math.floor(rnd() * MAJOR_OPCODES.length)];
    v |= 3;
    if ((v & 0x1f) === 0x1f) v &= ~4; // keep it a 32-bit instruction
    out.push({ bits: v >>> 0, length: 4 });
  }
  return out;
}

const FP_OPCODES = [0x07, 0x27, 0x43, 0x47, 0x4b, 0x4f, 0x53];

/** Random 32-bit words whose major opcode is LOAD-FP, STORE-FP, a fused multiply-add or OP-FP (deterministic). */
function randomFp32(count: number, seed: number): { bits: number; length: 4 }[] {
  const rnd = prng(seed);
  const out: { bits: number; length: 4 }[] = [];
  for (let i = 0; i < count; i++) {
    let v = Math.floor(rnd() * 2 ** 32);
    const opcode = FP_OPCODES[Math.floor(rnd() * FP_OPCODES.length)];
    // OP-FP: draw funct5 from the defined ones most of the time, and small rs2 selectors
    if (opcode === 0x53 && i % 4 !== 0) {
      const funct5 = [0, 1, 2, 3, 4, 5, 8, 0xb, 0x14, 0x18, 0x1a, 0x1c, 0x1e][Math.floor(rnd() * 13)];
      v = (v & 0x07ffffff) | (funct5 << 27);
      if (i % 2 === 0) v = (v & ~(0x1f << 20)) | (Math.floor(rnd() * 4) << 20);
      if (i % 3 === 0) v &= ~(2 << 25); // fmt S or D
    }
    out.push({ bits: ((v & ~0x7f) | opcode) >>> 0, length: 4 });
  }
  return out;
}

const isFd = (s: Sample) => s.row.extension === 'F' || s.row.extension === 'D';

describe('agreement with GNU binutils', () => {
  it.skipIf(!haveBinutils)('every RV64IMAC/Zicsr/Zifencei row: as encodes our bits and objdump prints our text', () => {
    compare('rv64imac_zicsr_zifencei', false, (s) => !isFd(s));
  });
  it.skipIf(!haveBinutils)('all 49152 16-bit encodings (RVC, reserved and HINTs) print as objdump prints them, rv64imac and rv64gc', () => {
    compareWords(all16(), 'rv64imac_zicsr_zifencei', false);
    compareWords(all16(), 'rv64gc', true);
  });
  it.skipIf(!haveBinutils)('60000 random 32-bit words (mostly RV64G major opcodes) print as objdump -march=rv64imac prints them', () => {
    compareWords(random32(60000, 11), 'rv64imac_zicsr_zifencei', false);
  });
  it.skipIf(!haveBinutils)('every F/D row (all rounding modes, fused multiply-add, c.fld/c.fsd/c.fldsp/c.fsdsp) with -march=rv64gc', () => {
    compare('rv64gc', true, isFd);
  });
  it.skipIf(!haveBinutils)('40000 random words with F/D major opcodes (reserved rm, unused funct5/fmt) print as objdump -march=rv64gc prints them', () => {
    compareWords(randomFp32(40000, 17), 'rv64gc', true);
  });
});
