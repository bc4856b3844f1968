/**
 * Bad input never takes the language server down: a bounded, fixed-seed fuzz run opens random
 * and mutated documents (truncated lines, junk characters, huge immediates, unbalanced macros and
 * conditionals, a file that includes itself, a very long line), edits them with random ranges,
 * and asks every kind of request at random positions. Every request must be answered (no LSP
 * error), the server must log no internal failure, and it must still answer correctly at the end.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSTRUCTIONS, PSEUDO_INSTRUCTIONS, X_NAMES } from '../../src/isa';
import { DIAGNOSTICS_DELAY_MS } from '../../src/language-server/server';
import { bundleServer, FIXTURES, hoverText, LspTestClient, uriOf } from './lsp-client';

/** Fixed seed: a failure reproduces exactly. */
const SEED = 0x11a5e;
/** Documents opened (each edited and queried several times). */
const DOCUMENTS = 200;
const EDITS_PER_DOCUMENT = 4;
const REQUESTS_PER_EDIT = 3;
/** Every this many documents, the run pauses past the diagnostics delay so debounced checks run too. */
const SETTLE_EVERY = 40;
/** Characters of the one very long line. */
const LONG_LINE_CHARS = 200_000;

/** xorshift32: a small deterministic generator. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

const random = rng(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
const int = (n: number) => Math.floor(random() * n);

/** Operand text for a random instruction line (often valid, sometimes not). */
function operand(): string {
  return pick([
    () => pick(X_NAMES), () => `f${int(32)}`, () => `${int(4096) - 2048}`, () => `0x${int(2 ** 31).toString(16)}`,
    () => `${int(64) * 8}(sp)`, () => 'loop', () => '1b', () => '1f', () => '%hi(msg)', () => '%lo(msg)',
    () => '99999999999999999999999', () => 'mstatus', () => '(a0)', () => '-', () => '((', () => '"str',
  ])();
}

/** One random line. */
function line(): string {
  const kind = int(12);
  if (kind < 5) {
    const m = random() < 0.8 ? pick(INSTRUCTIONS).mnemonic : pick(PSEUDO_INSTRUCTIONS).mnemonic;
    return `    ${m} ${Array.from({ length: int(5) }, operand).join(', ')}`;
  }
  return pick([
    'loop:', '1:', 'msg: .asciz "hi"', '    .text', '    .data', '    .globl loop', '    .equ N, 12', '    li a7, 93',
    '    ecall', '    .macro m a, b', '    .endm', '    .rept 3', '    .endr', '    .if N', '    .else', '    .endif',
    '    .include "self.s"', '    .include "missing.s"', '    .section .rodata', '# comment', '/* open comment', 'close */',
    '    .byte 1, 2, 300', '    .align 40', '    .fill 100000000, 8, 0', '    m x, y', '    .option push', '    .option pop',
  ]);
}

/** A random document, sometimes mutated: truncated, junk inserted, lines duplicated. */
function documentText(): string {
  const lines = Array.from({ length: 1 + int(40) }, line);
  for (let k = int(4); k > 0; k--) {
    const i = int(lines.length);
    const l = lines[i]!;
    lines[i] = pick([
      () => l.slice(0, int(l.length + 1)),
      () => l.slice(0, int(l.length + 1)) + String.fromCharCode(int(0x3000)) + l.slice(int(l.length + 1)),
      () => `${l}; ${l}`,
      () => l.replace(/\d+/, '18446744073709551616'),
    ])();
  }
  return lines.join(random() < 0.2 ? '\r\n' : '\n');
}

let client: LspTestClient;

beforeAll(async () => {
  client = await LspTestClient.start(await bundleServer(), FIXTURES);
});

afterAll(async () => {
  await client?.stop();
});

describe('language server fuzz (fixed seed)', () => {
  it(`${DOCUMENTS} random documents, ${DOCUMENTS * EDITS_PER_DOCUMENT} edits and their requests: every request answered`, async () => {
    const self = path.join(FIXTURES, 'self.s');
    let answered = 0;
    for (let d = 0; d < DOCUMENTS; d++) {
      const file = d % 10 === 0 ? self : path.join(FIXTURES, `fuzz-${d}.s`);
      const uri = uriOf(file);
      let text = d === 1 ? `    li a0, ${'9'.repeat(LONG_LINE_CHARS)}\n` : documentText();
      await client.open(uri, text);
      for (let e = 0; e < EDITS_PER_DOCUMENT; e++) {
        const lines = text.split(/\r\n|\r|\n/).length;
        const a: [number, number] = [int(lines + 2), int(80)];
        const b: [number, number] = random() < 0.5 ? a : [a[0] + int(3), int(80)];
        const [start, end] = b[0] < a[0] || (b[0] === a[0] && b[1] < a[1]) ? [b, a] : [a, b];
        const insert = random() < 0.3 ? '' : `${line()}\n`.slice(0, 1 + int(40));
        await client.edit(uri, start, end, insert);
        text = applyEdit(text, start, end, insert);
        for (let r = 0; r < REQUESTS_PER_EDIT; r++) {
          const l = int(lines + 1);
          const c = int(60);
          await pick([
            () => client.hover(uri, l, c), () => client.completion(uri, l, c), () => client.signatureHelp(uri, l, c),
            () => client.definition(uri, l, c), () => client.references(uri, l, c), () => client.documentSymbols(uri),
          ])();
          answered++;
        }
      }
      if (d % SETTLE_EVERY === 0) await new Promise((resolve) => setTimeout(resolve, DIAGNOSTICS_DELAY_MS * 2));
      await client.close(uri);
    }
    expect(client.diagnostics.size).toBeGreaterThan(0);
    expect(answered).toBe(DOCUMENTS * EDITS_PER_DOCUMENT * REQUESTS_PER_EDIT);
    expect(client.alive).toBe(true);
    expect(client.errors).toEqual([]);
  });

  it('still answers correctly afterwards', async () => {
    const uri = uriOf(path.join(FIXTURES, 'after-fuzz.s'));
    await client.open(uri, '    addd a0, a1, a2\n');
    const [diag] = await client.diagnosticsFor(uri, (ds) => ds.length > 0);
    expect(diag!.message).toBe("unknown instruction `addd'");
    await client.change(uri, '    addi a0, a1, 2\n');
    expect(hoverText(await client.hover(uri, 0, 5))).toContain('addi rd, rs1, imm');
    expect(fs.existsSync(path.join(FIXTURES, 'self.s'))).toBe(false); // the fuzz documents were never written to disk
  });
});

/** The text after replacing [start, end) with `insert`, positions clamped as LSP documents clamp them. */
function applyEdit(text: string, start: [number, number], end: [number, number], insert: string): string {
  const offsets: number[] = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\r' && text[i + 1] === '\n') continue;
    if (text[i] === '\n' || text[i] === '\r') offsets.push(i + 1);
  }
  const at = ([l, c]: [number, number]) => {
    if (l >= offsets.length) return text.length;
    const lineEnd = l + 1 < offsets.length ? offsets[l + 1]! : text.length;
    return Math.min(offsets[l]! + c, lineEnd);
  };
  return text.slice(0, at(start)) + insert + text.slice(at(end));
}
