/**
 * The pseudo-instruction table (src/isa/pseudo.ts, what the language server documents) and the
 * assembler agree: every row, with operands filled in from its operand text, assembles.
 */
import { expect, it } from 'vitest';
import { PSEUDO_INSTRUCTIONS } from '../../../src/isa';
import { assemble } from '../../../src/toolchain/asm';

/** Sample operand per placeholder word of the table's operand text. */
const SAMPLES: Record<string, string> = {
  rd: 'a0', rs: 'a1', rt: 't0', frd: 'fa0', frs: 'fa1', frt: 'fa2', symbol: 'sym', offset: 'sym', imm: '5', csr: 'mstatus',
};

it('every PSEUDO_INSTRUCTIONS row assembles with sample operands', () => {
  const failures: string[] = [];
  for (const row of PSEUDO_INSTRUCTIONS) {
    const operands = row.operands.replace(/offset\(rs\)/, '8(a1)').replace(/\b[a-z]+\b/g, (w) => SAMPLES[w] ?? w);
    const line = `${row.mnemonic} ${operands}`;
    const r = assemble(`  ${line}\nsym: nop\n`, { file: 'p.s' });
    if (r.object === undefined) failures.push(`${line}: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  }
  expect(failures).toEqual([]);
});
