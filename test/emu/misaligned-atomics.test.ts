import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oursEnds, replayRawRepro } from '../fuzz/raw/repro';

/**
 * Issue 9 finding 7: an AMO, LR or SC at a misaligned address raises the spec's
 * address-misaligned exception (LR: load, AMO/SC: store/AMO) and the kernel delivers SIGBUS with
 * si_code BUS_ADRALN and si_addr = the address, as Linux and qemu-riscv64 do. The reproducer
 * test/fuzz/repro/raw-misaligned-atomics.* holds every AMO and LR (.w, .d) with qemu's recorded
 * ends; this file checks them on both engines and names the fields.
 */

const dir = join(__dirname, '../fuzz/repro');
const SIGBUS = 7;
const BUS_ADRALN = 1;
const ADDRESS = 0x30000101n;

describe('misaligned atomics deliver SIGBUS / BUS_ADRALN', () => {
  for (const engine of ['jit', 'interpreter'] as const) {
    it(`every AMO and LR (.w and .d) at buffer+0x101 ends with SIGBUS, BUS_ADRALN, si_addr = the address on the ${engine} engine`, () => {
      const ends = oursEnds(readFileSync(join(dir, 'raw-misaligned-atomics.elf')), 20, engine);
      for (const e of ends) {
        expect(e.kind).toBe('record');
        if (e.kind !== 'record') continue;
        expect([e.rec.signo, e.rec.code, e.rec.addr]).toEqual([SIGBUS, BUS_ADRALN, ADDRESS]);
        expect(e.rec.x[11]).toBe(0n); // rd (a2) untouched: the instruction did not retire
      }
    });
    it(`prints exactly what qemu-riscv64 printed for them on the ${engine} engine`, () => {
      const { expected, actual } = replayRawRepro(dir, 'raw-misaligned-atomics', engine);
      expect(actual).toBe(expected);
    });
  }
});
