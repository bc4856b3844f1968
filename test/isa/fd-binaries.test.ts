import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { disassemble } from '../../src/isa/disasm';
import { OBJDUMP, haveBinutils, parseObjdump } from './binutils';

const DATA_DIRECTIVE = /^\.(word|short|byte|2byte|4byte|8byte)\b/;
const BINARIES = [
  ['a statically linked glibc program (gcc -O2 -static, rv64gc)', '../fixtures/glibc/fpstart'],
  ['the F/D test program (every F/D instruction, every rounding mode)', '../fixtures/fp/fpops'],
] as const;

describe('disassembly of rv64gc binaries full of F/D code', () => {
  for (const [what, rel] of BINARIES) {
    it.skipIf(!haveBinutils)(`every .text instruction of ${what} prints as objdump -d prints it`, () => {
      const out = execFileSync(OBJDUMP, ['-d', '-j', '.text', join(__dirname, rel)], { encoding: 'utf8', maxBuffer: 256 << 20 });
      const lines = parseObjdump(out).filter((l) => !DATA_DIRECTIVE.test(l.text));
      expect(lines.length).toBeGreaterThan(100);
      expect(lines.some((l) => /^f(add|madd|cvt|sgnj|mv)/.test(l.text))).toBe(true);
      const mismatches = lines.filter((l) => disassemble(l.bits, l.address) !== l.text)
        .map((l) => `${l.address.toString(16)}: objdump "${l.text}", we "${disassemble(l.bits, l.address)}"`);
      expect(mismatches.slice(0, 30)).toEqual([]);
    });
  }
});
