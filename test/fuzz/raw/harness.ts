import { hex64 } from '../values';
import {
  ALTSTACK_BYTES, BUF_BASE, MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE, PAGE_BYTES, PROT_EXEC, PROT_READ, PROT_WRITE, SYS_MMAP, SYS_MPROTECT, BUF_BYTES, CAUGHT_SIGNALS, CODE_BASE, EBREAK_INSN, REC_BYTES, SA_ONSTACK, SA_SIGINFO,
  SC_FCSR, SC_FREGS, SI_ADDR, SI_CODE, SIGSET_BYTES, SLOT_BYTES, STATE_BYTES, STDOUT_FILENO, SYS_EXIT,
  SYS_RT_SIGACTION, SYS_SIGALTSTACK, SYS_WRITE, UC_MCONTEXT,
} from './constants';
import { codeBytes, type RawSample } from './words';

/**
 * The guest around random instruction streams. One ELF holds a batch of samples, each in its own
 * SLOT_BYTES slot (the rest of the slot is `ebreak`). `_start` maps them read+execute at
 * CODE_BASE (mmap, copy, mprotect) and a two-page data buffer at BUF_BASE, with unmapped pages on
 * both sides (mapped at run time, not as ELF segments: qemu-riscv64 reserves the whole span of
 * an ELF's segments, so gaps between them would fault as SEGV_ACCERR there and SEGV_MAPERR on
 * Linux). It reads the first sample index from argv[1] (default 0), installs one SA_SIGINFO handler on an alternate stack
 * for SIGILL, SIGTRAP, SIGBUS, SIGFPE and SIGSEGV, and executes `ebreak`. The handler:
 *
 *   1. (except for that first ebreak) writes one REC_BYTES record to stdout: signo, si_code,
 *      si_addr, then pc and x1..x31, f0..f31, fcsr from the ucontext, and a checksum of the
 *      buffer (write, 64);
 *   2. after the last sample exits with 0 (exit, 93);
 *   3. else refills the buffer, clears any LR reservation, writes the next sample's pc, x1..x31,
 *      f0..f31 and fcsr into the ucontext and returns: rt_sigreturn starts the sample.
 *
 * A sample ends with the first signal it raises (running past its words reaches `ebreak`);
 * one that loops forever is stopped by the runner (run.ts) and the batch restarts after it.
 */

/** Extra linker flags (none: the fixed-address mappings are made at run time). */
export const RAW_LD_FLAGS: string[] = [];

const q = (v: bigint) => `\t.dword ${hex64(v)}`;

/** Assembly source (GNU as, rv64gc) of one ELF running `samples`; `bufInit` is the buffer's initial content. */
export function rawBatchSource(samples: RawSample[], bufInit: Uint8Array): string {
  const codeLen = Math.ceil((samples.length * SLOT_BYTES) / PAGE_BYTES) * PAGE_BYTES;
  const out = ['\t.file "gk-raw.s"', '\t.option norelax', '\t.text', '\t.globl _start', ...startCode(codeLen), ...handlerCode()];
  out.push('\t.data', `\t.balign ${SLOT_BYTES}`, 'gk_code:');
  samples.forEach((s, k) => out.push(...slotText(s, k)));
  out.push(`\t.balign ${PAGE_BYTES}`, `gk_count:\t.dword ${samples.length}`, 'gk_index:\t.dword 0', 'gk_skip:\t.dword 1');
  out.push(`gk_ss:\t.dword gk_altstack`, '\t.dword 0', `\t.dword ${ALTSTACK_BYTES}`);
  out.push(`gk_sa:\t.dword gk_handler`, `\t.dword ${SA_SIGINFO | SA_ONSTACK}`, '\t.dword 0');
  out.push('gk_state:');
  for (const s of samples) out.push(...s.x.map(q), ...s.f.map(q), q(BigInt(s.fcsr)));
  out.push('gk_bufinit:');
  for (let i = 0; i < BUF_BYTES; i += 8) {
    let v = 0n;
    for (let b = 7; b >= 0; b--) v = (v << 8n) | BigInt(bufInit[i + b] ?? 0);
    out.push(q(v));
  }
  out.push('\t.bss', '\t.balign 16', `gk_altstack:\t.zero ${ALTSTACK_BYTES}`, `gk_rec:\t.zero ${REC_BYTES}`, 'gk_scratch:\t.zero 8', '');
  return out.join('\n');
}

/** One slot: the sample's parcels (as .2byte, so no alignment is implied), then ebreak to the end. */
export function slotText(s: RawSample, k: number): string[] {
  const out = [`# sample ${k}: ${s.name}`, `\t.balign ${SLOT_BYTES}`];
  for (const c of s.code) {
    out.push(c.size === 2 ? `\t.2byte 0x${c.bits.toString(16)}` : `\t.2byte 0x${(c.bits & 0xffff).toString(16)}, 0x${(c.bits >>> 16).toString(16)}`);
  }
  for (let n = codeBytes(s); n + 4 <= SLOT_BYTES; n += 4) out.push(`\t.2byte 0x${(EBREAK_INSN & 0xffff).toString(16)}, 0x${(EBREAK_INSN >>> 16).toString(16)}`);
  return out;
}

/** mmap(addr, len, prot, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED, -1, 0). */
const mmapFixed = (addr: number, len: number, prot: number) => [
  `\tli a0, 0x${addr.toString(16)}`, `\tli a1, ${len}`, `\tli a2, ${prot}`, `\tli a3, ${MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED}`,
  '\tli a4, -1', '\tli a5, 0', `\tli a7, ${SYS_MMAP}`, '\tecall',
];

function startCode(codeLen: number): string[] {
  const out = ['_start:', '\tld t0, 0(sp)', '\tli t1, 0', '\tli t2, 2', '\tblt t0, t2, 3f', '\tld t3, 16(sp)'];
  out.push('1:\tlbu t4, 0(t3)', '\tbeqz t4, 3f', '\taddi t4, t4, -48', '\tli t5, 10', '\tmul t1, t1, t5', '\tadd t1, t1, t4', '\taddi t3, t3, 1', '\tj 1b');
  out.push('3:\taddi t1, t1, -1', '\tlla t0, gk_index', '\tsd t1, 0(t0)');
  out.push(...mmapFixed(CODE_BASE, codeLen, PROT_READ | PROT_WRITE), '\tlla t4, gk_code', `\tli t6, 0x${CODE_BASE.toString(16)}`, ...copyWords('t4', 't6', codeLen / 8));
  out.push(`\tli a0, 0x${CODE_BASE.toString(16)}`, `\tli a1, ${codeLen}`, `\tli a2, ${PROT_READ | PROT_EXEC}`, `\tli a7, ${SYS_MPROTECT}`, '\tecall');
  out.push(...mmapFixed(BUF_BASE, BUF_BYTES, PROT_READ | PROT_WRITE));
  out.push('\tlla a0, gk_ss', '\tli a1, 0', `\tli a7, ${SYS_SIGALTSTACK}`, '\tecall');
  for (const sig of CAUGHT_SIGNALS) {
    out.push(`\tli a0, ${sig}`, '\tlla a1, gk_sa', '\tli a2, 0', `\tli a3, ${SIGSET_BYTES}`, `\tli a7, ${SYS_RT_SIGACTION}`, '\tecall');
  }
  out.push('\tebreak', '');
  return out;
}

/** Copies n u64s from `from` to `to` (registers advanced), using t3 and t5. */
const copyWords = (from: string, to: string, n: number) => [`\tli t5, ${n}`, `1:\tld t3, 0(${from})`, `\tsd t3, 0(${to})`, `\taddi ${from}, ${from}, 8`, `\taddi ${to}, ${to}, 8`, '\taddi t5, t5, -1', '\tbnez t5, 1b'];

function handlerCode(): string[] {
  const out = ['gk_handler:', '\tmv s2, ra', '\tmv s3, a2', '\tlla t0, gk_skip', '\tld t1, 0(t0)', '\tsd zero, 0(t0)', '\tbnez t1, 5f'];
  out.push('\tlla t2, gk_rec', '\tsd a0, 0(t2)', `\tlw t3, ${SI_CODE}(a1)`, '\tsd t3, 8(t2)', `\tld t3, ${SI_ADDR}(a1)`, '\tsd t3, 16(t2)');
  out.push(`\taddi t4, a2, ${UC_MCONTEXT}`, '\taddi t6, t2, 24', ...copyWords('t4', 't6', 32));
  out.push(`\taddi t4, a2, ${UC_MCONTEXT + SC_FREGS}`, ...copyWords('t4', 't6', 32));
  out.push(`\tlwu t3, ${UC_MCONTEXT + SC_FCSR}(a2)`, '\tsd t3, 0(t6)', '\taddi t6, t6, 8');
  // checksum: c = rotl(c, 5) ^ word, over the buffer
  out.push(`\tli t4, 0x${BUF_BASE.toString(16)}`, `\tli t5, ${BUF_BYTES / 8}`, '\tli t3, 0');
  out.push('1:\tld a3, 0(t4)', '\tslli a4, t3, 5', '\tsrli a5, t3, 59', '\tor t3, a4, a5', '\txor t3, t3, a3', '\taddi t4, t4, 8', '\taddi t5, t5, -1', '\tbnez t5, 1b', '\tsd t3, 0(t6)');
  out.push(`\tli a0, ${STDOUT_FILENO}`, '\tlla a1, gk_rec', `\tli a2, ${REC_BYTES}`, `\tli a7, ${SYS_WRITE}`, '\tecall');
  // next sample
  out.push('5:\tlla t0, gk_index', '\tld t1, 0(t0)', '\taddi t1, t1, 1', '\tsd t1, 0(t0)', '\tlla t2, gk_count', '\tld t2, 0(t2)', '\tblt t1, t2, 6f');
  out.push('\tli a0, 0', `\tli a7, ${SYS_EXIT}`, '\tecall');
  out.push('6:\tlla t2, gk_scratch', '\tsc.d zero, zero, (t2)');
  out.push(`\tli t4, ${SLOT_BYTES}`, '\tmul t4, t4, t1', `\tli t3, 0x${CODE_BASE.toString(16)}`, '\tadd t4, t4, t3', `\tsd t4, ${UC_MCONTEXT}(s3)`);
  out.push(`\tli t4, ${STATE_BYTES}`, '\tmul t4, t4, t1', '\tlla t3, gk_state', '\tadd t4, t4, t3');
  out.push(`\taddi t6, s3, ${UC_MCONTEXT + 8}`, ...copyWords('t4', 't6', 31));
  out.push(`\taddi t6, s3, ${UC_MCONTEXT + SC_FREGS}`, ...copyWords('t4', 't6', 32));
  out.push('\tld t3, 0(t4)', `\tsw t3, ${UC_MCONTEXT + SC_FCSR}(s3)`);
  out.push('\tlla t4, gk_bufinit', `\tli t6, 0x${BUF_BASE.toString(16)}`, ...copyWords('t4', 't6', BUF_BYTES / 8));
  out.push('\tmv ra, s2', '\tret', '');
  return out;
}

/** One decoded record (see the file comment), values as unsigned 64-bit. */
export interface RawRecord {
  signo: number;
  code: number;
  addr: bigint;
  pc: bigint;
  x: bigint[];
  f: bigint[];
  fcsr: bigint;
  checksum: bigint;
}

/** Splits stdout into records (a trailing partial record is dropped). */
export function parseRecords(stdout: Uint8Array): RawRecord[] {
  const v = new DataView(stdout.buffer, stdout.byteOffset, stdout.byteLength);
  const recs: RawRecord[] = [];
  for (let off = 0; off + REC_BYTES <= stdout.byteLength; off += REC_BYTES) {
    const w = (i: number) => v.getBigUint64(off + 8 * i, true);
    recs.push({
      signo: Number(w(0)), code: Number(BigInt.asIntN(64, w(1))), addr: w(2), pc: w(3),
      x: Array.from({ length: 31 }, (_, i) => w(4 + i)), f: Array.from({ length: 32 }, (_, i) => w(35 + i)),
      fcsr: w(67), checksum: w(68),
    });
  }
  return recs;
}
