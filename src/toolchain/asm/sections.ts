/**
 * Sections and their fragments (the GNU as model: a section is a chain of fragments; a fragment
 * is fixed bytes, or a variable part whose size layout decides — a relaxable branch or an
 * alignment). Offsets are in bytes from the start of the section. ELF constants: System V gABI
 * "Sections" (sh_type, sh_flags).
 */
import {
  SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE, SHT_FINI_ARRAY, SHT_INIT_ARRAY, SHT_NOBITS, SHT_PROGBITS,
} from '../../elf/constants';
import type { SourceRange } from './types';
import type { Fixup } from './fixups';
import type { Value } from './eval';

/** A growable byte buffer. */
export class ByteBuffer {
  bytes = new Uint8Array(64);
  length = 0;

  private reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }
  /** Appends `size` bytes of `value`, little-endian (two's complement for negative values). */
  pushLE(value: bigint | number, size: number): void {
    this.reserve(size);
    let v = BigInt.asUintN(size * 8, BigInt(value));
    for (let i = 0; i < size; i++) {
      this.bytes[this.length++] = Number(v & 0xffn);
      v >>= 8n;
    }
  }
  /** Appends a 16- or 32-bit instruction word. */
  pushInsn(bits: number, size: 2 | 4): void {
    this.reserve(size);
    for (let i = 0; i < size; i++) this.bytes[this.length++] = (bits >>> (8 * i)) & 0xff;
  }
  pushBytes(b: ArrayLike<number>): void {
    this.reserve(b.length);
    for (let i = 0; i < b.length; i++) this.bytes[this.length++] = b[i]! & 0xff;
  }
  fill(count: number, byte: number): void {
    this.reserve(count);
    this.bytes.fill(byte & 0xff, this.length, this.length + count);
    this.length += count;
  }
  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

/** A source line an instruction came from, for .debug_line: `offset` within its fragment. */
export interface LineMark {
  offset: number;
  /** Instruction length in bytes. */
  size: number;
  range: SourceRange;
}

/** Fixed bytes (instructions and data). */
export interface DataFrag {
  kind: 'data';
  buf: ByteBuffer;
  lines: LineMark[];
  /** Address of the fragment's first byte in its section (set by layout). */
  address: number;
}

/**
 * A pc-relative branch or jump to a symbol, whose form layout chooses (GNU as's RISC-V branch
 * relaxation with -mno-relax): 2 bytes (c.beqz/c.bnez/c.j), 4 (the base instruction), 6 (an
 * inverted c.beqz/c.bnez over a jal) or 8 (an inverted branch over a jal).
 */
export interface BranchFrag {
  kind: 'branch';
  /** 'branch' for conditional branches, 'jump' for jal (and c.j). */
  form: 'branch' | 'jump';
  /** Base mnemonic: beq/bne/blt/bge/bltu/bgeu, or jal. */
  mnemonic: string;
  rd: number;
  rs1: number;
  rs2: number;
  /** Whether a compressed form may be chosen (GNU as picked a compressed table entry). */
  rvc: boolean;
  /** The target: symbol + addend (no symbol: an absolute address, as GNU as treats a number). */
  target: Value;
  size: number;
  address: number;
  line: SourceRange;
}

/** Padding to a power-of-two boundary; nops in code sections, `fill` bytes elsewhere. */
export interface AlignFrag {
  kind: 'align';
  /** Alignment in bytes (a power of two). */
  alignment: number;
  /** Fill byte value (data), or undefined: zeros in data sections and nops in code. */
  fill?: bigint;
  /** Size of each fill value in bytes (1, 2, 4 or 8). */
  fillSize: number;
  /** Skip the padding when more than this many bytes would be needed. */
  max?: number;
  /** Pad with instructions (`c.nop` allowed when `rvc`). */
  code: boolean;
  rvc: boolean;
  size: number;
  address: number;
}

/** A fragment of a section: fixed bytes, a relaxable branch, or alignment padding. */
export type Frag = DataFrag | BranchFrag | AlignFrag;

/** An output section under construction. */
export class Section {
  readonly frags: Frag[] = [];
  /** Alignment in bytes (sh_addralign). */
  align = 1;
  /** Whether any instruction was assembled here (mapping symbols, line table). */
  hasCode = false;
  /** Current mapping-symbol state ($x code, $d data): GNU as's RISC-V mapping symbols. */
  mapping: 'none' | 'x' | 'd' = 'none';
  /** Fixups whose value is resolved after layout. */
  readonly fixups: Fixup[] = [];
  /** Final size in bytes (set by layout). */
  size = 0;
  /** The ISA string of the last `$x<isa>` mapping symbol here. */
  mappedArch?: string;

  constructor(readonly name: string, public type: number, public flags: number, public entsize = 0) {}

  /** The fixed-bytes fragment at the end of the section, opening one if needed. */
  data(): DataFrag {
    const last = this.frags[this.frags.length - 1];
    if (last !== undefined && last.kind === 'data') return last;
    const frag: DataFrag = { kind: 'data', buf: new ByteBuffer(), lines: [], address: 0 };
    this.frags.push(frag);
    return frag;
  }
  /** True for SHT_NOBITS sections (.bss): only zeros may be emitted. */
  get nobits(): boolean {
    return this.type === SHT_NOBITS;
  }
  get code(): boolean {
    return (this.flags & SHF_EXECINSTR) !== 0;
  }
}

/** Type and flags of the sections GNU as knows by name (GNU as manual, ".section name"). */
export function defaultSectionAttributes(name: string): { type: number; flags: number } {
  if (name === '.text' || name.startsWith('.text.')) return { type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_EXECINSTR };
  if (name === '.bss' || name.startsWith('.bss.') || name === '.sbss' || name.startsWith('.sbss.') || name === '.tbss') {
    return { type: SHT_NOBITS, flags: SHF_ALLOC | SHF_WRITE };
  }
  if (name === '.data' || name.startsWith('.data.') || name === '.sdata' || name.startsWith('.sdata.')) {
    return { type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_WRITE };
  }
  if (name === '.rodata' || name.startsWith('.rodata.') || name === '.srodata' || name.startsWith('.srodata.')) {
    return { type: SHT_PROGBITS, flags: SHF_ALLOC };
  }
  if (name === '.init_array') return { type: SHT_INIT_ARRAY, flags: SHF_ALLOC | SHF_WRITE };
  if (name === '.fini_array') return { type: SHT_FINI_ARRAY, flags: SHF_ALLOC | SHF_WRITE };
  return { type: SHT_PROGBITS, flags: 0 };
}
