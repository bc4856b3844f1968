/**
 * Layout: gives every fragment its address, choosing each relaxable branch's form as GNU as does
 * with -mno-relax (tc-riscv.c relaxed_branch_length: the shortest form whose reach covers a target
 * in the same section; a target elsewhere or undefined gets the long form), repeating until no
 * size changes. Then writes the section's bytes: branch forms and alignment padding (GNU's
 * riscv_make_nops: a zero byte for odd padding, at most one c.nop, then 4-byte nops).
 */
import { ROW_BY_MNEMONIC, encode } from '../../isa';
import type { Relocation } from './fixups';
import { relocationOf, tentativeBits, writeLE } from './fixups';
import { R_RISCV_BRANCH, R_RISCV_JAL, R_RISCV_RVC_BRANCH, R_RISCV_RVC_JUMP } from './relocs';
import type { AlignFrag, BranchFrag, Section } from './sections';
import { labelOf } from './symbols';

/** Reach of each pc-relative form in bytes: offsets in [-reach/2, reach/2). */
const RVC_BRANCH_REACH = 1 << 9;
const RVC_JUMP_REACH = 1 << 12;
const BRANCH_REACH = 1 << 13;
const JAL_REACH = 1 << 21;

/** Sizes of the branch forms in bytes. */
const SHORT = 2;
const WORD = 4;
const RVC_PLUS_JAL = 6;
const BRANCH_PLUS_JAL = 8;

/** Passes after which branch forms may only grow (guarantees the loop ends). */
const SHRINK_PASSES = 8;
const MAX_PASSES = 64;

const NOP = 0x00000013;
const C_NOP = 0x0001;
const X0 = 0;

const INVERSE: Readonly<Record<string, string>> = { beq: 'bne', bne: 'beq', blt: 'bge', bge: 'blt', bltu: 'bgeu', bgeu: 'bltu' };

const inReach = (offset: number, reach: number) => offset >= -reach / 2 && offset < reach / 2;

/** The size GNU as gives branch `f` at its current address. */
function branchSize(f: BranchFrag, section: Section): number {
  const jump = f.form === 'jump';
  const sym = f.target.sym;
  const label = sym === undefined ? undefined : labelOf(sym);
  if (sym !== undefined && label !== undefined && label.section === section && !sym.weak) {
    const offset = label.address + Number(f.target.add) - f.address;
    if (f.rvc && inReach(offset, jump ? RVC_JUMP_REACH : RVC_BRANCH_REACH)) return SHORT;
    if (inReach(offset, jump ? JAL_REACH : BRANCH_REACH) || jump) return WORD;
    return f.rvc ? RVC_PLUS_JAL : BRANCH_PLUS_JAL;
  }
  return jump ? WORD : BRANCH_PLUS_JAL;
}

function alignSize(f: AlignFrag, address: number): number {
  const pad = (f.alignment - (address % f.alignment)) % f.alignment;
  return f.max !== undefined && pad > f.max ? 0 : pad;
}

/** Assigns addresses to the fragments of `section` and sets its size. */
export function layoutSection(section: Section): void {
  for (const f of section.frags) if (f.kind === 'branch') f.size = f.rvc ? SHORT : WORD;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let address = 0;
    let changed = false;
    for (const f of section.frags) {
      f.address = address;
      if (f.kind === 'data') {
        address += f.buf.length;
        continue;
      }
      let size = f.kind === 'branch' ? branchSize(f, section) : alignSize(f, address);
      if (f.kind === 'branch' && pass >= SHRINK_PASSES) size = Math.max(size, f.size);
      if (size !== f.size) changed = true;
      f.size = size;
      address += size;
    }
    section.size = address;
    if (!changed) return;
  }
}

/** The section's contents after layout; branch relocations are appended to `relocs`. */
export function sectionContents(section: Section, relocs: Relocation[]): Uint8Array {
  const out = new Uint8Array(section.size);
  for (const f of section.frags) {
    if (f.kind === 'data') out.set(f.buf.view(), f.address);
    else if (f.kind === 'align') writePadding(out, f);
    else writeBranch(out, f, relocs);
  }
  return out;
}

function writePadding(out: Uint8Array, f: AlignFrag): void {
  let at = f.address;
  const end = f.address + f.size;
  if (!f.code) {
    if (f.fill !== undefined) for (; at + f.fillSize <= end; at += f.fillSize) writeLE(out, at, f.fill, f.fillSize);
    return; // the rest stays zero
  }
  if (f.size % 2 === 1) at++;
  if ((end - at) % WORD === SHORT) {
    writeLE(out, at, BigInt(C_NOP), SHORT);
    at += SHORT;
  }
  for (; at < end; at += WORD) writeLE(out, at, BigInt(NOP), WORD);
}

/** Writes the chosen form of a relaxable branch or jump and its relocation. */
function writeBranch(out: Uint8Array, f: BranchFrag, relocs: Relocation[]): void {
  const fields = { rd: f.rd, rs1: f.rs1, rs2: f.rs2 };
  const target = f.target;
  const emit = (at: number, mnemonic: string, type: number, size: number) => {
    const row = ROW_BY_MNEMONIC.get(mnemonic)!;
    writeLE(out, at, BigInt(tentativeBits(row, fields, type, target, at)), size);
    relocs.push(relocationOf(at, type, target.sym, target.add));
  };
  const jal = (at: number) => {
    const row = ROW_BY_MNEMONIC.get('jal')!;
    writeLE(out, at, BigInt(tentativeBits(row, { rd: X0 }, R_RISCV_JAL, target, at)), WORD);
    relocs.push(relocationOf(at, R_RISCV_JAL, target.sym, target.add));
  };
  if (f.form === 'jump') {
    if (f.size === SHORT) emit(f.address, 'c.j', R_RISCV_RVC_JUMP, SHORT);
    else emit(f.address, 'jal', R_RISCV_JAL, WORD);
    return;
  }
  const compressed = f.mnemonic === 'beq' ? 'c.beqz' : 'c.bnez';
  if (f.size === SHORT) emit(f.address, compressed, R_RISCV_RVC_BRANCH, SHORT);
  else if (f.size === WORD) emit(f.address, f.mnemonic, R_RISCV_BRANCH, WORD);
  else if (f.size === RVC_PLUS_JAL) {
    const inverse = ROW_BY_MNEMONIC.get(f.mnemonic === 'beq' ? 'c.bnez' : 'c.beqz')!;
    writeLE(out, f.address, BigInt(encode(inverse, { ...fields, imm: RVC_PLUS_JAL }) ?? 0), SHORT);
    jal(f.address + SHORT);
  } else {
    const inverse = ROW_BY_MNEMONIC.get(INVERSE[f.mnemonic]!)!;
    writeLE(out, f.address, BigInt(encode(inverse, { ...fields, imm: BRANCH_PLUS_JAL }) ?? 0), WORD);
    jal(f.address + WORD);
  }
}
