import { describe, expect, it } from 'vitest';
import { compDirsByLineOffset, parseDebugLine, type LineTableResult } from '../../src/dwarf';
import { parseElf64, sectionBytes } from '../../src/elf';
import { fixtureBytes, seededRandom } from '../elf/tools';

function fixtureSections(): Record<'line' | 'lineStr' | 'str' | 'info' | 'abbrev', Uint8Array> {
  const parsed = parseElf64(fixtureBytes());
  if (!parsed.ok) throw new Error(parsed.error);
  const get = (name: string): Uint8Array => sectionBytes(parsed.elf, name)!.slice();
  return {
    line: get('.debug_line'), lineStr: get('.debug_line_str'), str: get('.debug_str'),
    info: get('.debug_info'), abbrev: get('.debug_abbrev'),
  };
}

/** Every query on a decoded table, at addresses in and around the fixture's code. */
function exercise(result: LineTableResult): void {
  if (!result.ok) {
    expect(result.error.length).toBeGreaterThan(0);
    return;
  }
  const { table } = result;
  for (const pc of [0, 0x10120, 0x10150, 0x101d6, 0x101e2, 0x10200]) table.lookup(pc);
  for (const file of table.files()) {
    table.addressesForLine(file, 16);
    table.resolveBreakpoint(file, 1, (a) => a >> 6);
  }
}

describe('.debug_line reader never throws on damaged input', () => {
  const s = fixtureSections();

  it('returns a value for every truncation of .debug_line, and every one of .debug_line_str', () => {
    for (let n = 0; n <= s.line.length; n++) {
      const result = parseDebugLine(s.line.subarray(0, n), { debugLineStr: s.lineStr });
      exercise(result);
      if (n > 0 && n < s.line.length) expect(result.ok).toBe(false); // one unit, cut short
    }
    for (let n = 0; n <= s.lineStr.length; n++) {
      exercise(parseDebugLine(s.line, { debugLineStr: s.lineStr.subarray(0, n) }));
    }
  });

  it('returns a value when any single byte of .debug_line is set to 0x00, 0x7f, 0x80 or 0xff', () => {
    for (let at = 0; at < s.line.length; at++) {
      for (const value of [0x00, 0x7f, 0x80, 0xff]) {
        const bytes = s.line.slice();
        bytes[at] = value;
        exercise(parseDebugLine(bytes, { debugLineStr: s.lineStr }));
      }
    }
  });

  it('returns a value after 3000 random corruptions of .debug_line (seeded)', () => {
    const random = seededRandom(0xdeb9);
    for (let round = 0; round < 3000; round++) {
      const bytes = s.line.slice();
      const flips = 1 + Math.floor(random() * 6);
      for (let k = 0; k < flips; k++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      exercise(parseDebugLine(bytes, { debugLineStr: s.lineStr, debugStr: s.str }));
    }
  });

  it('reads compilation directories from damaged .debug_info / .debug_abbrev without throwing', () => {
    expect(compDirsByLineOffset({ debugInfo: s.info, debugAbbrev: s.abbrev, debugLineStr: s.lineStr, debugStr: s.str }))
      .toEqual(new Map([[0, '/glasskernel/fixtures']]));
    const random = seededRandom(0x1f0);
    for (let round = 0; round < 2000; round++) {
      const info = s.info.slice(0, 1 + Math.floor(random() * s.info.length));
      const abbrev = s.abbrev.slice();
      for (let k = 0; k < 3; k++) {
        info[Math.floor(random() * info.length)] = Math.floor(random() * 256);
        abbrev[Math.floor(random() * abbrev.length)] = Math.floor(random() * 256);
      }
      const dirs = compDirsByLineOffset({ debugInfo: info, debugAbbrev: abbrev, debugLineStr: s.lineStr });
      expect(dirs).toBeInstanceOf(Map);
    }
  });
});
