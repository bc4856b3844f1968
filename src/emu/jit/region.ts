import { Op } from '../interp';
import type { Insn } from '../predecode';
import { PAGE_SIZE } from '../sv39';
import { COMPILED_OPS, accessSize, emitInsn, isIntLoad, isTerminator, regWritten, regsRead, type InsnSite } from './codegen';

/** Most instructions one basic block may hold (the block then falls through to the next one). */
export const MAX_BLOCK_INSNS = 64;
/**
 * Most instructions compiled into one region, and most basic blocks. Small on purpose: V8
 * optimizes small functions quickly and well, while large ones with many paths cost long
 * optimizing compiles, deoptimizations on rarely taken paths, and past 60 KiB of bytecode are
 * never optimized at all (measured on the benchmarks: regions of 4 blocks beat 64 blocks 3:1).
 * Every register a region uses is live around its dispatch loop, so more blocks also means
 * more spilled registers; 8 blocks of at most 64 instructions in all measured best (against 4
 * and 48: mix and alu 11-14 % faster, memseq 8 % slower, chase and fpmat unchanged).
 */
export const MAX_REGION_INSNS = 64;
export const MAX_REGION_BLOCKS = 8;

/** One guest basic block found by the region scan: straight-line instructions from `start`. */
export interface ScannedBlock {
  /** Virtual pc of the first instruction. */
  start: number;
  insns: Insn[];
  /** Virtual pc of each instruction. */
  pcs: number[];
  /** pc after the last instruction (its fall-through), used when the block ends without a jump. */
  end: number;
  /** True when the block was cut short because `end` holds a breakpoint. */
  stoppedAtBreakpoint: boolean;
}

/**
 * What the region scan needs from the machine: the pre-decoded instruction at a virtual pc of
 * the region's page (undefined when it cannot be compiled: a page-straddling instruction), and
 * whether a pc holds a breakpoint (no compiled code may contain one).
 */
export interface RegionSource {
  insnAt(pc: number): Insn | undefined;
  isBreakpoint(pc: number): boolean;
}

/**
 * Finds the basic blocks of a region: every block reachable from `entries` by static control flow
 * (branch targets, fall-through, jal targets) that lies in the same 4 KiB virtual page `pageVa`.
 * A block ends at a control transfer, before an instruction the compiler does not handle, before
 * a breakpoint pc, at the page end, or after MAX_BLOCK_INSNS. Jumps into the middle of a block
 * start a new (overlapping) block: code is duplicated rather than split. The first entry's block
 * comes first; returns [] when the first entry's instruction itself cannot be compiled.
 */
export function scanRegion(src: RegionSource, entries: number[], pageVa: number): ScannedBlock[] {
  const blocks: ScannedBlock[] = [];
  const seen = new Set<number>();
  const work = [...entries];
  let total = 0;
  while (work.length > 0 && blocks.length < MAX_REGION_BLOCKS && total < MAX_REGION_INSNS) {
    const start = work.shift()!;
    if (seen.has(start)) continue;
    seen.add(start);
    const block = scanBlock(src, start, pageVa, Math.min(MAX_BLOCK_INSNS, MAX_REGION_INSNS - total));
    if (block.insns.length === 0) {
      if (blocks.length === 0) return [];
      continue;
    }
    blocks.push(block);
    total += block.insns.length;
    const last = block.insns[block.insns.length - 1];
    const lastPc = block.pcs[block.pcs.length - 1];
    for (const target of staticSuccessors(last, lastPc, block.end)) {
      if (target >= pageVa && target < pageVa + PAGE_SIZE && !seen.has(target)) work.push(target);
    }
  }
  return blocks;
}

function scanBlock(src: RegionSource, start: number, pageVa: number, limit: number): ScannedBlock {
  const insns: Insn[] = [];
  const pcs: number[] = [];
  let pc = start;
  let stoppedAtBreakpoint = false;
  while (insns.length < limit && pc - pageVa < PAGE_SIZE) {
    if (src.isBreakpoint(pc)) { stoppedAtBreakpoint = true; break; }
    const insn = src.insnAt(pc);
    if (insn === undefined || !COMPILED_OPS.has(insn.op)) break;
    insns.push(insn);
    pcs.push(pc);
    pc += insn.len;
    if (isTerminator(insn.op)) break;
  }
  return { start, insns, pcs, end: pc, stoppedAtBreakpoint };
}

/** Static successors of a block ending with `last` at `lastPc` (fall-through pc `end`). */
function staticSuccessors(last: Insn, lastPc: number, end: number): number[] {
  if (!isTerminator(last.op)) return [end];
  if (last.op === Op.JAL) return [lastPc + last.imm];
  if (last.op === Op.JALR) return [];
  return [lastPc + last.imm, end];
}

/**
 * Finds read-modify-write pairs in one basic block: an integer load and a later store of the same
 * size to the same address, e.g. `ld a4,0(a5); addi a5,a5,8; add a2,a4,a1; sd a2,-8(a5)`.
 * Addresses are compared symbolically: every register holds "some value v plus a constant", where
 * addi (and li/mv, from x0) keeps v and adds its immediate and any other write makes a new v; equal
 * (v, constant) means equal 64-bit addresses. Pairs never overlap (the generated code keeps one
 * physical address in q). Returns instruction index -> 'load' | 'store' for codegen (InsnSite.rmw).
 */
export function readModifyWritePairs(insns: Insn[]): Map<number, 'load' | 'store'> {
  const out = new Map<number, 'load' | 'store'>();
  // symbolic register values: x<r> = value #id[r] + off[r]; value #0 is zero (x0), #r the entry value of x<r>
  const id = Array.from({ length: 33 }, (_, r) => r);
  const off: number[] = new Array<number>(33).fill(0);
  let fresh = 33;
  const loads: { k: number; id: number; off: number; size: number }[] = [];
  let lastPairEnd = -1;
  insns.forEach((insn, k) => {
    const size = accessSize(insn.op);
    if (size !== 0) {
      const addr = { id: id[insn.rs1], off: off[insn.rs1] + insn.imm };
      if (isIntLoad(insn.op)) loads.push({ k, ...addr, size });
      else {
        for (let j = loads.length - 1; j >= 0 && loads[j].k > lastPairEnd; j--) {
          const l = loads[j];
          if (l.id === addr.id && l.off === addr.off && l.size === size) {
            out.set(l.k, 'load');
            out.set(k, 'store');
            lastPairEnd = k;
            break;
          }
        }
      }
    }
    const w = regWritten(insn);
    if (w > 0) {
      if (insn.op === Op.ADDI) { id[w] = id[insn.rs1]; off[w] = off[insn.rs1] + insn.imm; } else { id[w] = fresh++; off[w] = 0; }
    }
  });
  return out;
}

/** The instructions of a region in the order its source refers to them (`K[i]`): block by block. */
export function regionInsns(blocks: ScannedBlock[]): Insn[] {
  return blocks.flatMap((b) => b.insns);
}

/**
 * JavaScript source of the region function `(pc, lim) => exitPc`: runs the blocks, entered at
 * the block starting at `pc` (which must be one of the blocks' starts), for at most `lim`
 * instructions, and returns the pc to continue at with `S.n` = the
 * instructions retired and `S.fault` = 1 when it stopped at a faulting access (the Mmu holds
 * the cause and address), 2 when an out-of-line F/D instruction trapped (`S.stop` holds the stop
 * reason). See codegen.ts for the names the source uses.
 *
 * Shape: guest registers live in JS locals; `out: for (;;) switch (b) { case <block index>: ... }`
 * with one case per block (dense small integers, so the switch is a jump table; the entry pc and
 * computed jump targets are mapped to a block index by comparing with the block starts), each starting with the budget check (the whole block must fit in
 * `lim`, else the region exits before it) and counting its instructions into `n` up front.
 * Jumps to blocks of this region continue the loop; anything else leaves it, and every exit
 * writes the registers the region may have changed back to the hart.
 */
export function regionSource(blocks: ScannedBlock[]): string {
  const index = new Map(blocks.map((b, i) => [b.start, i]));
  const used = new Set<number>();
  const dirty = new Set<number>();
  for (const b of blocks) {
    for (const insn of b.insns) {
      for (const r of regsRead(insn)) used.add(r);
      const w = regWritten(insn);
      if (w > 0) { used.add(w); dirty.add(w); }
    }
  }
  const regs = [...used].sort((x, y) => x - y);
  // block index of pc (entry and computed jumps): a chain of compares, regions are small
  const blockIndex = blocks.map((b, i) => `pc === ${b.start} ? ${i} : `).join('') + '-1';
  const jump = (target: number) => (index.has(target) ? `b = ${index.get(target)}; continue out;` : `pc = ${target}; break out;`);
  const cases: string[] = [];
  let flat = 0; // index into regionInsns(blocks), the K array
  blocks.forEach((b, bi) => {
    const count = b.insns.length;
    const lines = [`case ${bi}: {`, `if (n + ${count} > lim) { pc = ${b.start}; break out; }`, `n += ${count};`];
    const rmw = readModifyWritePairs(b.insns);
    b.insns.forEach((insn, k) => {
      const site: InsnSite = { pc: b.pcs[k], k, count, ref: `K[${flat++}]`, jump, rmw: rmw.get(k) };
      lines.push(emitInsn(insn, site));
    });
    const last = b.insns[count - 1];
    if (!isTerminator(last.op)) {
      // fall through to the next case when it is this block's successor, else jump
      // (switch fall-through: case bi + 1 follows)
      const next = blocks[bi + 1];
      if (next === undefined || next.start !== b.end) lines.push(jump(b.end));
    }
    lines.push('}');
    cases.push(lines.join('\n'));
  });
  const decl = regs.map((r) => `l${r} = XL[${r}], h${r} = XH[${r}]`);
  const writeBack = [...dirty].sort((x, y) => x - y).map((r) => `XL[${r}] = l${r}; XH[${r}] = h${r};`);
  return [
    `return function region_${blocks[0].start.toString(16).replace('-', 'm')}(pc, lim) {`,
    `let n = 0, t = 0, a = 0, ah = 0, v = 0, i = 0, p = 0, q = -1, rm = 0, l32 = 0, h32 = 0;`,
    `let fa = 0.5, fb = 0.5, fc = 0.5, fv = 0.5, st = S.stop;`,
    decl.length > 0 ? `let ${decl.join(', ')};` : '',
    `let b = ${blockIndex};`,
    'out: for (;;) {',
    'switch (b) {',
    ...cases,
    `default: b = ${blockIndex}; if (b >= 0) continue out; break out;`,
    '}',
    '}',
    writeBack.join('\n'),
    'S.n = n;',
    'return pc;',
    '};',
  ].join('\n');
}
