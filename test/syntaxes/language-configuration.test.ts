import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './tmgrammar';

interface LanguageConfiguration {
  comments: { lineComment: string; blockComment: [string, string] };
  brackets: [string, string][];
  autoClosingPairs: { open: string; close: string }[];
  wordPattern: string;
  folding: { markers: { start: string; end: string } };
  indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
}

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const language = pkg.contributes.languages.find((l: { id: string }) => l.id === 'riscv-asm');
const grammarEntry = pkg.contributes.grammars.find((g: { language: string }) => g.language === 'riscv-asm');
const config: LanguageConfiguration = JSON.parse(readFileSync(join(ROOT, language.configuration), 'utf8'));

/** The words VS Code's word definition finds in `line` (it always searches globally). */
const words = (line: string) => [...line.matchAll(new RegExp(config.wordPattern, 'g'))].map((m) => m[0]);

describe('package.json contributions for riscv-asm', () => {
  it('declare the language for .s, .S and .asm with its configuration and grammar, and allow breakpoints', () => {
    expect(language.aliases[0]).toBe('RISC-V Assembly');
    expect(language.extensions).toEqual(['.s', '.S', '.asm']);
    expect(existsSync(join(ROOT, grammarEntry.path))).toBe(true);
    const grammar = JSON.parse(readFileSync(join(ROOT, grammarEntry.path), 'utf8'));
    expect(grammarEntry.scopeName).toBe(grammar.scopeName);
    expect(pkg.contributes.breakpoints).toContainEqual({ language: 'riscv-asm' });
  });

  it('ship the grammar and the configuration in the .vsix (.vscodeignore keeps syntaxes/)', () => {
    const ignore = readFileSync(join(ROOT, '.vscodeignore'), 'utf8').split('\n');
    expect(ignore).toContain('!syntaxes/**');
    expect(language.configuration).toMatch(/^\.\/syntaxes\//);
    expect(grammarEntry.path).toMatch(/^\.\/syntaxes\//);
  });
});

describe('the riscv-asm language configuration', () => {
  it('toggles `#` line comments and `/* */` block comments', () => {
    expect(config.comments).toEqual({ lineComment: '#', blockComment: ['/*', '*/'] });
    expect(config.autoClosingPairs.map((p) => p.open)).toEqual(expect.arrayContaining(['(', '"', '/*']));
  });

  it('selects dotted mnemonics, directives, registers, local label references and relocation functions as one word', () => {
    expect(words('    c.addi a0, 1')).toEqual(['c.addi', 'a0', '1']);
    expect(words('    .option norvc')).toEqual(['.option', 'norvc']);
    expect(words('1:  addi a0, a0, %pcrel_lo(1b)')).toEqual(['1', 'addi', 'a0', 'a0', '%pcrel_lo', '1b']);
    expect(words('    amoswap.w.aqrl t0, t1, (sp) # 0x1f 0b101')).toEqual(['amoswap.w.aqrl', 't0', 't1', 'sp', '0x1f', '0b101']);
    expect(words('    sd \\reg, 8(sp); j .Lloop')).toEqual(['sd', '\\reg', '8', 'sp', 'j', '.Lloop']);
  });

  it('folds .macro/.endm, .rept/.irp/.endr, .if/.endif, #if/#endif and region markers', () => {
    const start = new RegExp(config.folding.markers.start);
    const end = new RegExp(config.folding.markers.end);
    for (const line of ['.macro push reg', '  .rept 4', '.irpc c, abc', '.ifdef X', '#ifdef CONFIG', '#if 1', '# region setup', '// region']) {
      expect(start.test(line), line).toBe(true);
    }
    for (const line of ['.endm', '  .endr', '.endif', '#endif', '# endregion', '// endregion']) expect(end.test(line), line).toBe(true);
    for (const line of ['# if a0 is zero', 'macro:', '    addi a0, a0, 1', '.endmx']) {
      expect(start.test(line) || end.test(line), line).toBe(false);
    }
  });

  it('indents after a label or .macro line and outdents labels and .endm/.endr (labels fold by indentation)', () => {
    const increase = new RegExp(config.indentationRules.increaseIndentPattern);
    const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
    for (const line of ['_start:', 'loop:  # body', '1:', '.Lend:', '    .macro push reg']) expect(increase.test(line), line).toBe(true);
    for (const line of ['    addi a0, a0, 1', 'loop: j loop', '    .section .text']) expect(increase.test(line), line).toBe(false);
    for (const line of ['    loop:', '    .endm', '    .endr', '    2:']) expect(decrease.test(line), line).toBe(true);
    for (const line of ['    ret', '    .macro m a:req']) expect(decrease.test(line), line).toBe(false);
  });
});
