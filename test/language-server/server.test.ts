/**
 * The RISC-V assembly language server as a process, driven over LSP: diagnostics as you type,
 * hover, completion, signature help, definition, references and document symbols on the sample
 * files of fixtures/ (main.s calls print_hello of lib.s and includes macros.inc; both include
 * consts.inc).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIAGNOSTICS_DELAY_MS } from '../../src/language-server/server';
import { bundleServer, FIXTURES, hoverText, LspTestClient, positionOf, uriOf } from './lsp-client';

const MAIN = path.join(FIXTURES, 'main.s');
const LIB = path.join(FIXTURES, 'lib.s');
const mainText = fs.readFileSync(MAIN, 'utf8');
const libText = fs.readFileSync(LIB, 'utf8');
/** An unsaved document next to the fixtures (not on disk). */
const SCRATCH = path.join(FIXTURES, 'scratch.s');

let client: LspTestClient;

beforeAll(async () => {
  client = await LspTestClient.start(await bundleServer(), FIXTURES);
  await client.open(uriOf(MAIN), mainText);
});

afterAll(async () => {
  await client?.stop();
});

/** Hover text at the first occurrence of `needle` (plus `offset` characters) in `text` of `file`. */
async function hoverOn(file: string, text: string, needle: string, offset = 0): Promise<string> {
  const p = positionOf(text, needle, offset);
  return hoverText(await client.hover(uriOf(file), p.line, p.character));
}

describe('diagnostics', () => {
  it('a correct file with an include gets no diagnostics', async () => {
    expect(await client.diagnosticsFor(uriOf(MAIN))).toEqual([]);
  });

  it('a typo gives "unknown instruction" on exactly the mnemonic, and the fix clears it', async () => {
    const uri = uriOf(SCRATCH);
    await client.open(uri, '    .text\nstart:\n    addd a0, a1, a2\n');
    const [d, ...rest] = await client.diagnosticsFor(uri, (ds) => ds.length > 0);
    expect(rest).toEqual([]);
    expect(d!.message).toBe("unknown instruction `addd'");
    expect(d!.severity).toBe(1);
    expect(d!.range).toEqual({ start: { line: 2, character: 4 }, end: { line: 2, character: 8 } });
    await client.edit(uri, [2, 4], [2, 8], 'add');
    expect(await client.diagnosticsFor(uri, (ds) => ds.length === 0)).toEqual([]);
    await client.close(uri);
  });

  it('an immediate out of range is marked on the operand while typing', async () => {
    const uri = uriOf(SCRATCH);
    await client.open(uri, '    addi a0, a0, 1\n');
    await client.diagnosticsFor(uri, (ds) => ds.length === 0);
    await client.edit(uri, [0, 17], [0, 18], '5000');
    const [d] = await client.diagnosticsFor(uri, (ds) => ds.length > 0);
    expect(d!.message).toMatch(/5000/);
    expect(d!.range.start).toEqual({ line: 0, character: 17 });
    expect(d!.range.end).toEqual({ line: 0, character: 21 });
    await client.close(uri);
  });

  it('a problem in an included file shows on the .include line, pointing into the file', async () => {
    const uri = uriOf(SCRATCH);
    await client.open(uri, '    nop\n    .include "broken.inc"\n');
    const [d] = await client.diagnosticsFor(uri, (ds) => ds.length > 0);
    expect(d!.message).toBe("broken.inc:2: unknown instruction `addd'");
    expect(d!.range.start.line).toBe(1);
    expect(d!.relatedInformation![0]!.location).toEqual({
      uri: uriOf(path.join(FIXTURES, 'broken.inc')), range: { start: { line: 1, character: 4 }, end: { line: 1, character: 8 } },
    });
    await client.close(uri);
  });

  it('editing an open included file re-checks the file that includes it', async () => {
    const inc = path.join(FIXTURES, 'macros.inc');
    const incText = fs.readFileSync(inc, 'utf8');
    await client.open(uriOf(inc), incText.replace('.macro save_ra', '.macro save_ra2'));
    const [d] = await client.diagnosticsFor(uriOf(MAIN), (ds) => ds.length > 0);
    expect(d!.message).toBe("unknown instruction `save_ra'");
    await client.close(uriOf(inc));
    expect(await client.diagnosticsFor(uriOf(MAIN), (ds) => ds.length === 0)).toEqual([]);
  });

  it('waits for typing to pause: the debounce delay is short but not zero', () => {
    expect(DIAGNOSTICS_DELAY_MS).toBeGreaterThan(0);
    expect(DIAGNOSTICS_DELAY_MS).toBeLessThanOrEqual(500);
  });
});

describe('hover', () => {
  it('on addi: its form, semantics, format, extension and encoding fields', async () => {
    const text = await hoverOn(MAIN, mainText, 'addi a0');
    expect(text).toContain('addi rd, rs1, imm');
    expect(text).toContain('I-type');
    expect(text).toContain('RV64I');
    expect(text).toContain('imm[11:0]');
    expect(text).toContain('0010011'); // OP-IMM opcode
  });

  it('on a pseudo-instruction (li): the expansion', async () => {
    const text = await hoverOn(MAIN, mainText, 'li a7');
    expect(text).toContain('li rd, imm');
    expect(text).toMatch(/Pseudo-instruction for `addi rd, x0, imm/);
  });

  it('on a0: ABI name, number and caller-saved', async () => {
    const text = await hoverOn(MAIN, mainText, 'a0, zero', 0);
    expect(text).toContain('x10 (a0)');
    expect(text).toContain('caller-saved');
    expect(text).toContain('syscall argument 1');
  });

  it('on sp: callee-saved', async () => {
    const uri = uriOf(SCRATCH);
    await client.open(uri, '    addi sp, sp, -16\n');
    const text = hoverText(await client.hover(uri, 0, 10));
    expect(text).toContain('x2 (sp)');
    expect(text).toContain('callee-saved');
    await client.close(uri);
  });

  it('on mstatus and cycle: CSR number and privilege', async () => {
    const uri = uriOf(SCRATCH);
    const src = '    csrr a0, mstatus\n    csrr a1, cycle\n';
    await client.open(uri, src);
    const m = hoverText(await client.hover(uri, 0, 14));
    expect(m).toContain('CSR 0x300');
    expect(m).toContain('Machine');
    expect(m).toContain('illegal instruction');
    const c = hoverText(await client.hover(uri, 1, 14));
    expect(c).toContain('CSR 0xc00');
    expect(c).toContain('User');
    expect(c).toContain('read-only');
    await client.close(uri);
  });

  it('on .globl: the directive usage and meaning', async () => {
    const text = await hoverOn(MAIN, mainText, '.globl', 2);
    expect(text).toContain('.globl symbol');
    expect(text).toMatch(/global/);
  });

  it('on ecall after li a7, 93: exit and its C signature', async () => {
    const text = await hoverOn(MAIN, mainText, 'ecall');
    expect(text).toContain('93: exit');
    expect(text).toContain('void exit(int status);');
    expect(text).toContain('a0 = status');
  });

  it('on ecall after li a7, 64 in another file: write(fd, buf, count)', async () => {
    await client.open(uriOf(LIB), libText);
    const text = await hoverOn(LIB, libText, 'ecall');
    expect(text).toContain('64: write');
    expect(text).toContain('ssize_t write(int fd, const void *buf, size_t count);');
    expect(text).toContain('a0 = fd, a1 = buf, a2 = count');
  });

  it('on ecall whose a7 comes from a register: says the number is unknown', async () => {
    const uri = uriOf(SCRATCH);
    await client.open(uri, '    mv a7, t0\n    ecall\n');
    expect(hoverText(await client.hover(uri, 1, 5))).toMatch(/unknown here.*mv/);
    await client.close(uri);
  });

  it('on a label: its section and offset', async () => {
    const text = await hoverOn(LIB, libText, 'msg\n', 0);
    expect(text).toContain('label in `.rodata`');
    expect(text).toContain('offset 0x0');
  });

  it('on a label of a file that links alone: its address', async () => {
    expect(await hoverOn(MAIN, mainText, '_start:')).toContain('global label in `.text` at offset 0x0');
    const uri = uriOf(SCRATCH);
    await client.open(uri, '    .globl _start\n_start:\n    li a7, 93\n    ecall\n');
    expect(hoverText(await client.hover(uri, 1, 2))).toMatch(/Address when this file is linked alone: 0x1[0-9a-f]{4}\./);
    await client.close(uri);
  });

  it('on an .equ constant: its value', async () => {
    expect(await hoverOn(MAIN, mainText, 'EXIT_CODE\n')).toContain('EXIT_CODE** = 3');
  });
});

describe('completion', () => {
  it('at the start of a line: mnemonics with operand snippets, pseudo-instructions, directives and macros', async () => {
    const uri = uriOf(SCRATCH);
    await client.open(uri, '    .macro twice r\n    add \\r, \\r, \\r\n    .endm\n    \n');
    const items = await client.completion(uri, 3, 4);
    const byLabel = new Map(items.map((i) => [i.label, i]));
    expect(byLabel.get('addi')?.textEdit?.newText).toBe('addi ${1:rd}, ${2:rs1}, ${3:imm}');
    expect(byLabel.get('ld')?.textEdit?.newText).toBe('ld ${1:rd}, ${2:offset}(${3:rs1})');
    expect(byLabel.has('li')).toBe(true);
    expect(byLabel.has('ecall')).toBe(true);
    expect(byLabel.has('.globl')).toBe(true);
    expect(byLabel.has('twice')).toBe(true);
    await client.close(uri);
  });

  it('after `csrr a0, `: CSR names, user-level ones first', async () => {
    const uri = uriOf(SCRATCH);
    await client.open(uri, '    csrr a0, \n');
    const items = await client.completion(uri, 0, 13, ' ');
    const labels = items.map((i) => i.label);
    expect(labels).toContain('mstatus');
    expect(labels).toContain('cycle');
    expect(labels).not.toContain('a0');
    const sorted = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
    expect(sorted[0]!.detail).toContain('User');
    await client.close(uri);
  });

  it('after `addi `: integer registers; after `beqz a0, `: labels', async () => {
    const uri = uriOf(SCRATCH);
    await client.open(uri, 'loop:\n    addi \n    beqz a0, \n');
    const regs = (await client.completion(uri, 1, 9, ' ')).map((i) => i.label);
    expect(regs).toEqual(expect.arrayContaining(['zero', 'ra', 'sp', 'a0', 't6']));
    expect(regs).not.toContain('ft0');
    const labels = (await client.completion(uri, 2, 13, ' ')).map((i) => i.label);
    expect(labels).toContain('loop');
    await client.close(uri);
  });

  it('offers nothing inside a comment, and nothing for indentation typed with a space', async () => {
    const uri = uriOf(SCRATCH);
    await client.open(uri, '    # addi \n    \n');
    expect(await client.completion(uri, 0, 11)).toEqual([]);
    expect(await client.completion(uri, 1, 4, ' ')).toEqual([]);
    await client.close(uri);
  });
});

describe('signature help', () => {
  it('highlights the operand being typed', async () => {
    const uri = uriOf(SCRATCH);
    await client.open(uri, '    addi a0, a1, \n    jal \n');
    const h = await client.signatureHelp(uri, 0, 17);
    expect(h!.signatures[h!.activeSignature!]!.label).toBe('addi rd, rs1, imm');
    expect(h!.activeParameter).toBe(2);
    const param = h!.signatures[0]!.parameters![2]!.label as [number, number];
    expect('addi rd, rs1, imm'.slice(param[0], param[1])).toBe('imm');
    const jal = await client.signatureHelp(uri, 1, 8);
    expect(jal!.signatures.map((s) => s.label)).toEqual(['jal rd, label', 'jal offset']);
    await client.close(uri);
  });
});

describe('navigation', () => {
  it('go to definition of a label defined in another file of the workspace', async () => {
    const p = positionOf(mainText, 'call print_hello', 7);
    const locs = await client.definition(uriOf(MAIN), p.line, p.character);
    expect(locs).toEqual([{ uri: uriOf(LIB), range: { start: { line: 5, character: 0 }, end: { line: 5, character: 11 } } }]);
  });

  it('go to definition of an .equ symbol and of a numeric local label', async () => {
    const p = positionOf(mainText, 'EXIT_CODE\n');
    const [equ] = await client.definition(uriOf(MAIN), p.line, p.character);
    expect(equ!.range.start).toEqual({ line: 1, character: 9 });
    const q = positionOf(libText, '1b');
    const [local] = await client.definition(uriOf(LIB), q.line, q.character);
    expect(local!.range.start).toEqual({ line: 11, character: 0 });
  });

  it('find references of a global label across both files', async () => {
    const p = positionOf(libText, 'print_hello:');
    const locs = await client.references(uriOf(LIB), p.line, p.character, true);
    const where = locs.map((l) => `${path.basename(l.uri)}:${l.range.start.line}:${l.range.start.character}`).sort();
    expect(where).toEqual(['lib.s:3:11', 'lib.s:4:10', 'lib.s:5:0', 'main.s:9:9']);
  });

  it('find references of an .equ constant defined in a file both sources include', async () => {
    const p = positionOf(libText, 'STDOUT');
    const locs = await client.references(uriOf(LIB), p.line, p.character, true);
    const where = locs.map((l) => `${path.basename(l.uri)}:${l.range.start.line}:${l.range.start.character}`).sort();
    expect(where).toEqual(['consts.inc:1:9', 'lib.s:6:11', 'main.s:8:19']);
    const decl = await client.references(uriOf(LIB), p.line, p.character, false);
    expect(decl.map((l) => path.basename(l.uri)).sort()).toEqual(['lib.s', 'main.s']);
  });

  it('go to definition of a macro defined in an included file', async () => {
    const p = positionOf(mainText, 'save_ra');
    const [loc] = await client.definition(uriOf(MAIN), p.line, p.character);
    expect(loc!.uri).toBe(uriOf(path.join(FIXTURES, 'macros.inc')));
    expect(loc!.range.start.line).toBe(1);
  });
});

describe('document symbols', () => {
  it('lists sections with their labels, and constants', async () => {
    const symbols = await client.documentSymbols(uriOf(LIB));
    expect(symbols.map((s) => s.name)).toEqual(['.text', '.rodata']);
    expect(symbols[0]!.children!.map((s) => s.name)).toEqual(['print_hello']);
    expect(symbols[1]!.children!.map((s) => s.name)).toEqual(['msg']);
    const main = await client.documentSymbols(uriOf(MAIN));
    expect(main.map((s) => s.name)).toEqual(['EXIT_CODE', '.text']);
    expect(main[1]!.children!.map((s) => s.name)).toEqual(['_start']);
  });

  it('lists macros, and data labels as variables next to code labels as functions', async () => {
    const uri = uriOf(SCRATCH);
    await client.open(uri, '    .macro push reg\n    addi sp, sp, -8\n    .endm\n    .text\nf:\n    ret\n    .data\nbuf: .zero 8\n');
    const [text, data] = (await client.documentSymbols(uri)).slice(-2);
    const top = await client.documentSymbols(uri);
    expect(top.map((s) => s.name)).toEqual(['push', '.text', '.data']);
    expect(top[0]!.kind).toBe(2); // SymbolKind.Module
    expect(text!.children!.map((s) => [s.name, s.kind])).toEqual([['f', 12]]); // SymbolKind.Function
    expect(data!.children!.map((s) => [s.name, s.kind])).toEqual([['buf', 13]]); // SymbolKind.Variable
    await client.close(uri);
  });

  it('the server logged no internal errors', () => {
    expect(client.errors).toEqual([]);
  });
});
