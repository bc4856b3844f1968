/**
 * Link errors a student meets, each reported as a diagnostic at its object, section, offset
 * and (with -g) source line, where GNU ld also refuses the same objects: an undefined symbol,
 * a duplicate definition, a jump or branch out of reach, no entry symbol, a %pcrel_lo without
 * its auipc, a GOT reference; and inputs that are not RISC-V objects at all.
 */
import { describe, expect, it } from 'vitest';
import { formatLinkDiagnostic, link, type LinkDiagnostic } from '../../../src/toolchain/link';
import { SHF_ALLOC, SHF_EXECINSTR, SHT_PROGBITS, STB_GLOBAL, STT_FUNC, STT_NOTYPE } from '../../../src/elf/constants';
import { R_RISCV_BRANCH, R_RISCV_RVC_BRANCH, R_RISCV_RVC_JUMP } from '../../../src/elf/relocatable';
import { buildObject, words } from './elf-builder';
import { assemble, gnuLink, hasBinutils, ourLink, type AssembledObject } from './gnu';

const START = '  .text\n  .globl _start\n_start:\n';

function errors(diagnostics: readonly LinkDiagnostic[]): LinkDiagnostic[] {
  return diagnostics.filter((d) => d.severity === 'error');
}

/** Links with both linkers; GNU ld must fail too, with `gnuSays` in its messages. */
function bothFail(objects: AssembledObject[], gnuSays: string): LinkDiagnostic[] {
  const gnu = gnuLink(objects, 'failing');
  expect(gnu.ok).toBe(false);
  if (!gnu.ok) expect(gnu.stderr).toContain(gnuSays);
  const ours = ourLink(objects);
  expect(ours.executable).toBeUndefined();
  return errors(ours.diagnostics);
}

describe.skipIf(!hasBinutils)('link errors (needs riscv64-linux-gnu-as and -ld)', () => {
  it('undefined symbol: reported at the object, section, offset and .s line of each use', () => {
    const main = assemble('undef', `${START}  li a0, 1\n  call loop\n  j loop\n`, ['-g']);
    const d = bothFail([main], "undefined reference to `loop'");
    expect(d).toHaveLength(2);
    expect(d[0]).toMatchObject({ message: 'undefined symbol `loop`', object: 'undef.o', section: '.text', offset: 2, symbol: 'loop' });
    expect(d[0]!.source?.file).toMatch(/undef\.s$/);
    expect(d[0]!.source?.line).toBe(5);
    expect(d[1]).toMatchObject({ offset: 10, source: { line: 6 } });
    expect(formatLinkDiagnostic(d[0]!)).toMatch(/undef\.s:5: undef\.o:\(\.text\+0x2\): error: undefined symbol `loop`$/);
  });

  it('duplicate global definition: reported with the object that defined it first', () => {
    const a = assemble('dup_a', `${START}  call foo\n  .globl foo\nfoo: ret\n`);
    const b = assemble('dup_b', '  .text\n  nop\n  .globl foo\nfoo: ret\n');
    const d = bothFail([a, b], "multiple definition of `foo'");
    expect(d).toEqual([expect.objectContaining({
      message: 'multiple definition of `foo`; first defined in dup_a.o', object: 'dup_b.o', section: '.text', offset: 2, symbol: 'foo',
    })]);
  });

  it('a weak definition gives way to a global one, and two weak ones keep the first', () => {
    const a = assemble('weak_a', `${START}  la a0, w\n  la a1, v\n  .weak w\nw: nop\n  .weak v\nv: nop\n`);
    const b = assemble('weak_b', '  .text\n  .globl w\nw: ret\n  .weak v\nv: ret\n');
    const ours = ourLink([a, b]);
    expect(errors(ours.diagnostics)).toEqual([]);
    const gnu = gnuLink([a, b], 'weak');
    expect(gnu.ok).toBe(true);
    expect(ours.symbols.get('w')).toBe(ours.symbols.get('_start')! + 20); // weak_b's, after weak_a's 20 bytes
    expect(ours.symbols.get('v')).toBe(ours.symbols.get('_start')! + 18); // weak_a's
  });

  it('an undefined weak symbol is 0 and links', () => {
    const a = assemble('weak_undef', `${START}  .weak missing\n  la a0, missing\n  beqz a0, 1f\n  call missing\n1: ret\n  .data\n  .dword missing\n`);
    const ours = ourLink([a]);
    expect(ours.diagnostics).toEqual([]);
    expect(ours.symbols.get('missing')).toBe(0);
  });

  it('jal beyond ±1 MiB: "relocation R_RISCV_JAL out of range"', () => {
    const a = assemble('jal_a', `${START}  jal far\n`);
    const b = assemble('jal_b', '  .text\n  .zero 0x100000\n  .globl far\nfar: ret\n');
    const d = bothFail([a, b], 'relocation truncated to fit: R_RISCV_JAL');
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ object: 'jal_a.o', section: '.text', offset: 0 });
    expect(d[0]!.message).toBe('relocation R_RISCV_JAL out of range: `far` is 1048580 bytes away; the instruction reaches -1048576..1048574');
  });

  it('no _start: an error (GNU ld only warns and starts at .text), with a hint when _start is not global', () => {
    const noStart = ourLink([assemble('nostart', '  .text\nmain: ret\n')]);
    expect(noStart.executable).toBeUndefined();
    expect(errors(noStart.diagnostics).map((d) => d.message)).toEqual(['cannot find entry symbol `_start`']);
    const local = ourLink([assemble('localstart', '  .text\n_start: ret\n')]);
    expect(errors(local.diagnostics)[0]!.message).toBe(
      'cannot find entry symbol `_start` (localstart.o defines it, but not as a global: add .globl _start)',
    );
  });

  it('another entry symbol can be named', () => {
    const r = link([assemble('entry', '  .text\n  .globl main\nmain: ret\n')], { entry: 'main' });
    expect(r.diagnostics).toEqual([]);
    expect(r.entry).toBe(r.symbols.get('main'));
  });

  it('%pcrel_lo whose label is no auipc: "%pcrel_lo missing matching %pcrel_hi"', () => {
    const d = bothFail([assemble('pcrel', `${START}lbl: nop\n  addi a0, a0, %pcrel_lo(lbl)\n`)], '%pcrel_lo missing matching %pcrel_hi');
    expect(d).toEqual([expect.objectContaining({ offset: 2, message: expect.stringMatching(/^%pcrel_lo missing matching %pcrel_hi/) })]);
  });

  it('a GOT reference (la under .option pic) is refused once, with what to write instead', () => {
    const d = errors(ourLink([assemble('got', `${START}  .option pic\n  la a0, x\n  .data\nx: .word 1\n`)]).diagnostics);
    expect(d.map((e) => e.message)).toEqual([
      'relocation R_RISCV_GOT_HI20 is not supported: a static link has no GOT (use lla, or la without .option pic)',
    ]);
  });

  it('a section named like data but without "aw" is linked with a warning that it is not loaded', () => {
    const r = ourLink([assemble('noflags', `${START}  ret\n  .section .sdata\n  .word 1\n`)]);
    expect(r.executable).toBeDefined();
    expect(r.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', section: '.sdata', message: expect.stringContaining('not allocatable') })]);
  });

  it('hundreds of undefined references stop at 100 diagnostics', () => {
    const calls = Array.from({ length: 300 }, (_, i) => `  call missing${i}`).join('\n');
    const r = ourLink([assemble('many', `${START}${calls}\n`)]);
    expect(r.diagnostics).toHaveLength(101);
    expect(r.diagnostics[100]!.message).toBe('too many problems; only the first 100 are reported');
  });

  it('an x86-64 object and an executable are refused', () => {
    const obj = assemble('machine', `${START}  ret\n`);
    const x86 = obj.data.slice();
    x86[18] = 62; // e_machine = EM_X86_64
    const exec = ourLink([obj]).executable!;
    const r = link([{ name: 'x86.o', data: x86 }, { name: 'prog', data: exec }]);
    expect(errors(r.diagnostics).map(formatLinkDiagnostic)).toEqual([
      'x86.o: error: not a RISC-V object (e_machine is 62, expected EM_RISCV 243)',
      'prog: error: file format not recognized: not a relocatable object (e_type is 2, expected ET_REL 1)',
      'error: cannot find entry symbol `_start`',
    ]);
  });
});

describe('hand-made objects (cases GNU as does not produce)', () => {
  /** An object whose .text holds `text` then `gap` zero bytes then a `ret`; `far` labels the ret. */
  function branchObject(text: Uint8Array, gap: number, type: number): Uint8Array {
    const body = new Uint8Array(text.length + gap + 2);
    body.set(text);
    body.set(words([0x8082, 2]), text.length + gap); // c.ret
    return buildObject({
      sections: [{ name: '.text', type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_EXECINSTR, data: body, align: 2 }],
      symbols: [
        { name: '_start', value: 0, bind: STB_GLOBAL, type: STT_FUNC, shndx: 1 },
        { name: 'far', value: text.length + gap, bind: STB_GLOBAL, type: STT_NOTYPE, shndx: 1 },
      ],
      relocations: [{ section: 0, offset: 0, type, symbol: 2, addend: 0 }],
    });
  }
  const BEQ_A0_ZERO = 0x00050063; // beq a0, x0, 0
  const C_BEQZ_A0 = 0xc101; // c.beqz a0, 0
  const C_J = 0xa001; // c.j 0

  it('a branch beyond ±4 KiB: "relocation R_RISCV_BRANCH out of range"', () => {
    const r = link([{ name: 'branch.o', data: branchObject(words(BEQ_A0_ZERO), 5000, R_RISCV_BRANCH) }]);
    expect(r.diagnostics.map(formatLinkDiagnostic)).toEqual([
      'branch.o:(.text+0x0): error: relocation R_RISCV_BRANCH out of range: `far` is 5004 bytes away; the instruction reaches -4096..4094',
    ]);
  });

  it('compressed branch and jump limits: ±256 B for c.beqz, ±2 KiB for c.j', () => {
    const near = link([{ name: 'cb.o', data: branchObject(words([C_BEQZ_A0, 2]), 252, R_RISCV_RVC_BRANCH) }]);
    expect(near.diagnostics).toEqual([]);
    const far = link([{ name: 'cb.o', data: branchObject(words([C_BEQZ_A0, 2]), 254, R_RISCV_RVC_BRANCH) }]);
    expect(far.diagnostics.map((d) => d.message)).toEqual([
      'relocation R_RISCV_RVC_BRANCH out of range: `far` is 256 bytes away; the instruction reaches -256..254',
    ]);
    const jump = link([{ name: 'cj.o', data: branchObject(words([C_J, 2]), 2046, R_RISCV_RVC_JUMP) }]);
    expect(jump.diagnostics.map((d) => d.message)).toEqual([
      'relocation R_RISCV_RVC_JUMP out of range: `far` is 2048 bytes away; the instruction reaches -2048..2046',
    ]);
  });

  it('a branch relocation on an instruction that is no branch is reported, not patched', () => {
    const r = link([{ name: 'wrong.o', data: branchObject(words(0x00000013), 8, R_RISCV_BRANCH) }]); // addi x0, x0, 0
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      'cannot apply R_RISCV_BRANCH: it applies to a conditional branch (B-type), but the instruction is `addi`',
    ]);
  });
});

describe('inputs that are not objects', () => {
  it('no inputs, an empty file, text: diagnostics, never an exception', () => {
    expect(link([]).diagnostics.map((d) => d.message)).toEqual(['no input files']);
    const r = link([{ name: 'empty.o', data: new Uint8Array(0) }, { name: 'notes.txt', data: new TextEncoder().encode('hello') }]);
    expect(r.executable).toBeUndefined();
    expect(r.diagnostics.map(formatLinkDiagnostic)).toEqual([
      'empty.o: error: file format not recognized: not an ELF file (bad magic)',
      'notes.txt: error: file format not recognized: not an ELF file (bad magic)',
      'error: cannot find entry symbol `_start`',
    ]);
  });
});
