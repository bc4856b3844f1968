import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { READELF, hasTool } from '../../elf/tools';
import { cdebugPath, fixturePath, loadElf, loadFixture } from './fixtures';

const DW_OP_lit1 = 0x31;
const DW_OP_lit2 = 0x32;
const DW_OP_reg10 = 0x5a;
const DW_OP_reg11 = 0x5b;
const DW_OP_addr = 0x03;
const DW_OP_regx = 0x90;
const DW_OP_const_type = 0xa4;
/** DWARF numbers of fa0/fa1 (RISC-V psABI: f10/f11 are 42/43). */
const REGNO_FA0 = 42;
const REGNO_FA1 = 43;

const hex = (b: Uint8Array | undefined): string => (b ? [...b].map((x) => x.toString(16)).join(' ') : 'none');

describe('call site parameters (DW_TAG_call_site, DWARF 5 section 3.4.2)', () => {
  it('finds the call in _start by its return pc, with each argument register and value (DWARF 5)', () => {
    const d = loadFixture('types-O2');
    // readelf: DW_TAG_call_site DW_AT_call_return_pc 0x10282; a0 = DW_OP_lit1; a1 = DW_OP_addr 0x112d0.
    expect(d.callSiteParameters(0x10282)).toEqual([
      { location: Uint8Array.of(DW_OP_reg10), value: Uint8Array.of(DW_OP_lit1) },
      { location: Uint8Array.of(DW_OP_reg11), value: Uint8Array.of(DW_OP_addr, 0xd0, 0x12, 0x01, 0, 0, 0, 0, 0) },
    ]);
  });

  it('reads the DWARF 4 GNU form (DW_TAG_GNU_call_site, DW_AT_low_pc = return pc)', () => {
    const d = loadFixture('types-dwarf4-O2');
    const params = d.callSiteParameters(0x10282)!;
    expect(params.map((p) => [hex(p.location), hex(p.value)])).toEqual([['5a', '31'], ['5b', '3 d0 12 1 0 0 0 0 0']]);
  });

  it('answers undefined for a pc that is no call return address, and for a pc outside every unit', () => {
    const d = loadFixture('types-O2');
    expect(d.callSiteParameters(0x10280)).toBeUndefined();
    expect(d.callSiteParameters(0)).toBeUndefined();
  });

  it('gives the constant arguments of the calls of bump and mix in the -O2 cdebug programs', () => {
    const g = loadElf(cdebugPath('globals-O2'));
    // main: bump(1) returns to 0x10536, bump(2) to 0x1053e (loop unrolled).
    expect(g.callSiteParameters(0x10536)).toEqual([{ location: Uint8Array.of(DW_OP_reg10), value: Uint8Array.of(DW_OP_lit1) }]);
    expect(g.callSiteParameters(0x1053e)).toEqual([{ location: Uint8Array.of(DW_OP_reg10), value: Uint8Array.of(DW_OP_lit2) }]);
    const f = loadElf(cdebugPath('floats-O2'));
    // main: mix(2.5f, -1.25) returns to 0x10542; fa0/fa1 hold typed constants.
    const mix = f.callSiteParameters(0x10542)!;
    expect(mix.map((p) => [...p.location])).toEqual([[DW_OP_regx, REGNO_FA0], [DW_OP_regx, REGNO_FA1]]);
    expect(mix.every((p) => p.value[0] === DW_OP_const_type)).toBe(true);
  });
});

/** Every call site of `readelf --debug-dump=info`: return pc -> "location|value" hex pairs. */
function readelfCallSites(path: string): Map<number, string[]> {
  const r = spawnSync(READELF, ['--debug-dump=info', path], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const sites = new Map<number, string[]>();
  let site: string[] | undefined;
  let param: { location?: string; value?: string } | undefined;
  const flush = (): void => {
    if (site && param?.location !== undefined && param.value !== undefined) site.push(`${param.location}|${param.value}`);
    param = undefined;
  };
  for (const line of r.stdout.split('\n')) {
    const tag = /^ <\d+><[0-9a-f]+>: Abbrev Number: \d+ \((DW_TAG_\w+)\)/.exec(line);
    if (tag) {
      flush();
      const t = tag[1]!;
      if (t === 'DW_TAG_call_site' || t === 'DW_TAG_GNU_call_site') site = [];
      else if (t === 'DW_TAG_call_site_parameter' || t === 'DW_TAG_GNU_call_site_parameter') param = {};
      else site = undefined;
      continue;
    }
    const attr = /^\s+<[0-9a-f]+>\s+(DW_AT_\w+)\s*:\s*(.*)$/.exec(line);
    if (!attr) continue;
    const [, name, value] = attr;
    if (site && !param && (name === 'DW_AT_call_return_pc' || name === 'DW_AT_low_pc')) sites.set(parseInt(value!, 16), site);
    const block = /^\d+ byte block: ([0-9a-f ]*?)\s*(\t|$)/.exec(value!);
    if (param && block && name === 'DW_AT_location') param.location = block[1]!;
    if (param && block && (name === 'DW_AT_call_value' || name === 'DW_AT_GNU_call_site_value')) param.value = block[1]!;
  }
  flush();
  return sites;
}

const READELF_CASES: Array<[string, string]> = [
  ['types-O2', fixturePath('types-O2')], ['types-dwarf4-O2', fixturePath('types-dwarf4-O2')],
  ['globals-O2', cdebugPath('globals-O2')], ['floats-O2', cdebugPath('floats-O2')], ['structs-O2', cdebugPath('structs-O2')],
];

describe.runIf(hasTool(READELF)).each(READELF_CASES)('call sites of %s agree with readelf --debug-dump=info', (_name, path) => {
  it('every call site has the same parameters, in order', () => {
    const d = loadElf(path);
    const sites = readelfCallSites(path);
    expect(sites.size).toBeGreaterThan(0);
    for (const [pc, params] of sites) {
      const ours = d.callSiteParameters(pc)?.map((p) => `${hex(p.location)}|${hex(p.value)}`);
      expect(ours, `call site returning to 0x${pc.toString(16)}`).toEqual(params);
    }
  });
});
