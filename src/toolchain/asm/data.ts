/**
 * Data and alignment directives (GNU as manual: ".byte", ".2byte"/".half"/".short", ".4byte"/
 * ".word"/".long", ".8byte"/".dword"/".quad", ".ascii", ".asciz"/".string", ".zero", ".space"/
 * ".skip", ".fill", ".align"/".p2align" (RISC-V: power of two), ".balign"). Values naming symbols
 * become fixups; in code sections data gets a `$d` mapping symbol.
 */
import type { Assembler } from './assembler';
import { isConstant } from './eval';
import { truncationWarning } from './fixups';
import { operandRanges, type Statement } from './statement';

/** Largest `.space`/`.fill`/alignment accepted in one directive (keeps memory bounded). */
export const MAX_FILL_BYTES = 64 * 1024 * 1024;
/** Largest alignment: 2^MAX_ALIGN_POWER bytes. */
const MAX_ALIGN_POWER = 16;
const MAX_FILL_SIZE = 8;

/** The alignment every instruction has: 2 bytes with compressed instructions, else 4. */
export const minimumInsnAlignment = (rvc: boolean) => (rvc ? 2 : 4);

/** Evaluates operand [from, to) of `stmt` to a constant, reporting an error otherwise. */
export function constantOperand(a: Assembler, stmt: Statement, from: number, to: number): bigint | undefined {
  const r = a.evalTokens(stmt, from, to, 'frag');
  if ('error' in r) {
    a.error(stmt, r.error, r.span);
    return undefined;
  }
  if (r.reloc !== undefined || !isConstant(r.value)) {
    a.error(stmt, 'expression must be a constant', r.span);
    return undefined;
  }
  return r.value.add;
}

/** Checks the section can hold non-zero data (not .bss); marks data for mapping symbols. */
function dataSection(a: Assembler, stmt: Statement, nonZero: boolean): boolean {
  if (a.section.nobits && nonZero) {
    a.error(stmt, `attempt to store non-zero value in section \`${a.section.name}'`);
    return false;
  }
  a.setMapping('d');
  return true;
}

/** `.byte`/`.half`/`.word`/`.dword` and aliases: each operand is an expression of `size` bytes. */
export function dataValues(a: Assembler, stmt: Statement, size: number): void {
  for (const [from, to] of operandRanges(stmt, 1)) {
    if (from === to) {
      // GNU as: an empty operand (`.word 1,`) is 0, with a warning.
      const end = stmt.tokens[from - 1]?.end ?? stmt.endColumn;
      a.warning(stmt, 'missing operand; zero assumed', { start: end, end });
      if (!a.spend(size, stmt)) return;
      a.emitValue({ add: 0n }, size, stmt, { start: end, end });
      continue;
    }
    const r = a.evalTokens(stmt, from, to);
    if ('error' in r) {
      a.error(stmt, r.error, r.span);
      continue;
    }
    if (r.reloc !== undefined) {
      a.error(stmt, `%${r.reloc} is not allowed in data`, r.span);
      continue;
    }
    if (!dataSection(a, stmt, !isConstant(r.value) || r.value.add !== 0n) || !a.spend(size, stmt)) return;
    const warning = isConstant(r.value) ? truncationWarning(r.value.add, size) : undefined;
    if (warning !== undefined) a.warning(stmt, warning, r.span);
    a.emitValue(r.value, size, stmt, r.span);
  }
}

/** `.ascii`, `.asciz`/`.string`: string operands, NUL-terminated when `zero`. */
export function dataStrings(a: Assembler, stmt: Statement, zero: boolean): void {
  const ranges = operandRanges(stmt, 1);
  if (ranges.length === 0) return;
  for (const [from, to] of ranges) {
    const t = stmt.tokens[from];
    if (t === undefined || t.kind !== 'string' || to !== from + 1) {
      const bad = t !== undefined && t.kind === 'error' ? t.text : 'expected string';
      a.error(stmt, bad, t ? { start: t.start, end: t.end } : undefined);
      continue;
    }
    if (!dataSection(a, stmt, t.text.length > 0 || zero) || !a.spend(t.text.length + 1, stmt)) return;
    const frag = a.section.data();
    for (let i = 0; i < t.text.length; i++) frag.buf.pushLE(t.text.charCodeAt(i), 1);
    if (zero) frag.buf.pushLE(0, 1);
  }
}

/** `.zero n`, `.space n[, fill]`, `.skip`: n bytes of fill (0 by default). */
export function dataSpace(a: Assembler, stmt: Statement): void {
  const ops = operandRanges(stmt, 1);
  if (ops.length === 0 || ops.length > 2) {
    a.error(stmt, ops.length === 0 ? 'missing size expression' : 'junk at end of line');
    return;
  }
  const count = constantOperand(a, stmt, ops[0]![0], ops[0]![1]);
  const fill = ops[1] ? constantOperand(a, stmt, ops[1][0], ops[1][1]) : 0n;
  if (count === undefined || fill === undefined) return;
  if (count < 0n || count > BigInt(MAX_FILL_BYTES)) {
    a.error(stmt, count < 0n ? `.space repeat count is negative, ignored` : `.space size ${count} too large`);
    return;
  }
  if (!dataSection(a, stmt, fill !== 0n) || !a.spend(Number(count), stmt)) return;
  a.section.data().buf.fill(Number(count), Number(BigInt.asUintN(8, fill)));
}

/** `.fill repeat[, size[, value]]`: repeat copies of a size-byte value (size at most 8). */
export function dataFill(a: Assembler, stmt: Statement): void {
  const ops = operandRanges(stmt, 1);
  if (ops.length === 0 || ops.length > 3) {
    a.error(stmt, ops.length === 0 ? 'missing repeat count' : 'junk at end of line');
    return;
  }
  const repeat = constantOperand(a, stmt, ops[0]![0], ops[0]![1]);
  const size = ops[1] ? constantOperand(a, stmt, ops[1][0], ops[1][1]) : 1n;
  const value = ops[2] ? constantOperand(a, stmt, ops[2][0], ops[2][1]) : 0n;
  if (repeat === undefined || size === undefined || value === undefined) return;
  if (repeat < 0n) {
    a.warning(stmt, 'repeat < 0; .fill ignored');
    return;
  }
  const width = size > BigInt(MAX_FILL_SIZE) ? MAX_FILL_SIZE : Number(size < 0n ? 0n : size);
  if (size > BigInt(MAX_FILL_SIZE)) a.warning(stmt, `.fill size clamped to ${MAX_FILL_SIZE}`);
  if (repeat * BigInt(width) > BigInt(MAX_FILL_BYTES)) {
    a.error(stmt, `.fill size ${repeat * BigInt(width)} too large`);
    return;
  }
  if (!dataSection(a, stmt, value !== 0n && width > 0) || !a.spend(Number(repeat) * width, stmt)) return;
  const buf = a.section.data().buf;
  // GNU as stores the value in at most 4 bytes and zero-fills the rest of a larger size.
  const stored = width > 4 ? BigInt.asUintN(32, value) : value;
  for (let i = 0n; i < repeat; i++) buf.pushLE(stored, width);
}

/**
 * `.align`/`.p2align p[, fill[, max]]` (2^p bytes) and `.balign n[, fill[, max]]` (n bytes).
 * Without fill, code sections are padded with nops, others with zeros.
 */
export function alignDirective(a: Assembler, stmt: Statement, power: boolean): void {
  const ops = operandRanges(stmt, 1);
  if (ops.length === 0) {
    a.error(stmt, 'expected alignment');
    return;
  }
  const n = constantOperand(a, stmt, ops[0]![0], ops[0]![1]);
  if (n === undefined) return;
  const emptyOp = (i: number) => ops[i] === undefined || ops[i]![0] === ops[i]![1];
  const fill = emptyOp(1) ? undefined : constantOperand(a, stmt, ops[1]![0], ops[1]![1]);
  const max = emptyOp(2) ? undefined : constantOperand(a, stmt, ops[2]![0], ops[2]![1]);
  let alignment: number;
  if (power) {
    if (n < 0n || n > BigInt(MAX_ALIGN_POWER)) {
      a.error(stmt, `alignment too large: ${MAX_ALIGN_POWER} assumed`);
      return;
    }
    alignment = 2 ** Number(n);
  } else {
    if (n <= 0n || n > 2n ** BigInt(MAX_ALIGN_POWER) || (n & (n - 1n)) !== 0n) {
      a.error(stmt, 'alignment not a power of 2');
      return;
    }
    alignment = Number(n);
  }
  const s = a.section;
  a.recordAlignment(alignment);
  if (alignment <= 1 || !a.spend(alignment, stmt)) return;
  const code = s.code && fill === undefined;
  if (s.code && !code) a.setMapping('d');
  // GNU as (riscv_frag_align_code): code needs no padding to an alignment instructions already have.
  if (code && alignment <= minimumInsnAlignment(a.rvc)) return;
  if (!code && fill !== undefined && fill !== 0n && s.nobits) {
    a.error(stmt, `attempt to store non-zero value in section \`${s.name}'`);
    return;
  }
  s.frags.push({
    kind: 'align', alignment, fill, fillSize: 1, max: max === undefined ? undefined : Number(max), code, rvc: a.rvc,
    size: 0, address: 0,
  });
}
