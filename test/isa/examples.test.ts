import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { disassemble } from '../../src/isa/disasm';
import { OBJDUMP, haveBinutils, parseObjdump } from './binutils';

const BIN = join(__dirname, '../../examples/bin');
const programs = existsSync(BIN) ? readdirSync(BIN).filter((f) => !f.startsWith('.')) : [];
if (programs.length === 0) console.warn('examples/bin has no binaries: skipping the example disassembly comparison');
const DATA_DIRECTIVE = /^\.(word|short|byte|2byte|4byte|8byte)\b/;

describe('disassembly of the example binaries', () => {
  for (const name of programs) {
    it.skipIf(!haveBinutils)(`every .text instruction of examples/bin/${name} prints as objdump -d prints it`, () => {
      const path = join(BIN, name);
      const attrs = execFileSync('riscv64-linux-gnu-readelf', ['-A', path], { encoding: 'utf8' });
      const hasF = /Tag_RISCV_arch: "rv64i[^"]*_f\d/.test(attrs);
      const lines = parseObjdump(execFileSync(OBJDUMP, ['-d', '-j', '.text', path], { encoding: 'utf8', maxBuffer: 64 << 20 }))
        .filter((l) => !DATA_DIRECTIVE.test(l.text));
      expect(lines.length).toBeGreaterThan(10);
      const mismatches = lines.filter((l) => disassemble(l.bits, l.address, { hasF }) !== l.text)
        .map((l) => `${l.address.toString(16)}: objdump "${l.text}", we "${disassemble(l.bits, l.address, { hasF })}"`);
      expect(mismatches.slice(0, 30)).toEqual([]);
    });
  }
  it('examples/bin holds the committed example binaries', () => {
    expect(programs.length).toBeGreaterThanOrEqual(5);
  });
});
