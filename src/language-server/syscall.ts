/**
 * Which Linux system call an `ecall` makes: the value `li a7, N` (or `addi a7, zero, N`) put in
 * a7 earlier in the same basic block. The search walks back from the ecall and stops at a label
 * (another path may jump in with another a7), at a branch or jump (the block's start), or at any
 * other instruction that writes a7 (then the number is not known before the program runs).
 * Linux preserves a7 across an ecall, so an earlier ecall does not stop the search.
 * Numbers and prototypes: src/abi/linux-syscalls.ts.
 */
import { SYSCALL_NAMES, SYSCALL_PROTOTYPES, type SyscallPrototype } from '../abi/linux-syscalls';
import { xRegister } from '../toolchain/asm/registers';
import type { AsmSymbol } from '../toolchain/asm';
import { formsOf } from './forms';
import { operandTokenRanges, type ScannedDocument, type ScannedStatement } from './scan';

/** Register number of a7 (x17), the syscall number register. */
const REG_A7 = 17;
/** Statements looked at before giving up (a basic block longer than this is unusual in hand-written code). */
const MAX_STATEMENTS_BACK = 500;

/** What is known about the syscall of one `ecall`. */
export interface SyscallGuess {
  /** The syscall number, when a7 was set to a constant in the block. */
  number?: number;
  name?: string;
  prototype?: SyscallPrototype;
  /** 0-based line of the statement that set a7, or of what ended the search. */
  line?: number;
  /** Why the number is unknown, when it is. */
  reason?: string;
}

/** Control transfers without a label operand: indirect jumps, returns, calls (a callee may change a7). */
const INDIRECT_TRANSFERS = new Set(['jalr', 'jr', 'ret', 'call', 'tail', 'c.jr', 'c.jalr', 'mret', 'sret']);

/** True when `mnemonic` ends a basic block (a branch, a jump, a call or a return). */
function endsBlock(mnemonic: string): boolean {
  return INDIRECT_TRANSFERS.has(mnemonic) || formsOf(mnemonic).some((f) => f.operands.some((o) => o.kind === 'branch' || o.kind === 'jump'));
}

/** True when the instruction's first operand is a destination register (it writes it). */
function writesFirstOperand(mnemonic: string): boolean {
  const forms = formsOf(mnemonic);
  return forms.some((f) => { const k = f.operands[0]?.kind; return k === 'rd' || k === 'frd'; });
}

/** The value of an operand made of one number, `-number`, or one `.equ` constant. */
function constantOperand(s: ScannedStatement, [from, to]: [number, number], symbols: readonly AsmSymbol[]): number | undefined {
  const t = s.tokens.slice(from, to);
  const negative = t.length === 2 && t[0]!.kind === 'punct' && t[0]!.text === '-';
  const last = t[t.length - 1];
  if (last === undefined || t.length > (negative ? 2 : 1)) return undefined;
  let value: bigint | undefined;
  if (last.kind === 'number' || last.kind === 'char') value = last.value;
  else if (last.kind === 'ident') value = symbols.find((sym) => sym.kind === 'equ' && sym.name === last.text)?.value;
  if (value === undefined) return undefined;
  return Number(negative ? -value : value);
}

/** The syscall guess for the `ecall` statement `ecall` of `doc`. */
export function syscallOfEcall(doc: ScannedDocument, ecall: ScannedStatement, symbols: readonly AsmSymbol[]): SyscallGuess {
  if (ecall.labels.length > 0) return { line: ecall.line, reason: 'the ecall has a label: other paths may jump to it with another a7' };
  let seen = 0;
  for (let line = ecall.line; line >= 0 && seen < MAX_STATEMENTS_BACK; line--) {
    const statements = doc.statements(line).filter((s) => line !== ecall.line || s.column < ecall.column);
    for (let i = statements.length - 1; i >= 0; i--, seen++) {
      const s = statements[i]!;
      const head = s.tokens[s.head];
      if (head !== undefined && head.kind === 'ident' && !head.text.startsWith('.')) {
        const result = examine(s, head.text.toLowerCase(), symbols);
        if (result !== undefined) return result;
      }
      if (s.labels.length > 0) return { line: s.line, reason: `a7 is not set between the label \`${s.labels[0]!.text}' and the ecall` };
    }
  }
  return { reason: 'no `li a7, N` before the ecall' };
}

/** What statement `s` (mnemonic `m`) says about a7: a result, or undefined to keep looking. */
function examine(s: ScannedStatement, m: string, symbols: readonly AsmSymbol[]): SyscallGuess | undefined {
  const ops = operandTokenRanges(s);
  const first = ops[0];
  const dest = first !== undefined && first[1] === first[0] + 1 ? s.tokens[first[0]]! : undefined;
  const toA7 = dest !== undefined && dest.kind === 'ident' && xRegister(dest.text) === REG_A7;
  if (toA7 && writesFirstOperand(m)) {
    let value: number | undefined;
    if ((m === 'li' || m === 'c.li') && ops.length === 2) value = constantOperand(s, ops[1]!, symbols);
    const src = ops[1] !== undefined && ops[1][1] === ops[1][0] + 1 ? s.tokens[ops[1][0]]! : undefined;
    if (m === 'addi' && ops.length === 3 && src?.kind === 'ident' && xRegister(src.text) === 0) value = constantOperand(s, ops[2]!, symbols);
    if (value !== undefined) return { number: value, name: SYSCALL_NAMES.get(value), prototype: SYSCALL_PROTOTYPES.get(value), line: s.line };
    const constantForm = m === 'li' || m === 'c.li' || m === 'addi';
    return {
      line: s.line,
      reason: constantForm
        ? `a7 is set at line ${s.line + 1} from an operand that is not a number or an .equ constant`
        : `a7 is set by \`${m}' at line ${s.line + 1}: the number is known only when the program runs`,
    };
  }
  if (endsBlock(m)) return { line: s.line, reason: `a7 is not set between the \`${m}' at line ${s.line + 1} and the ecall` };
  return undefined;
}

/** Parameter names of a C prototype, in argument order (`write(int fd, const void *buf, ...)` gives fd, buf, ...). */
export function parameterNames(prototype: string): string[] {
  const open = prototype.indexOf('(');
  const close = prototype.lastIndexOf(')');
  if (open < 0 || close < open) return [];
  const inner = prototype.slice(open + 1, close).replace(/\/\*.*?\*\//g, '').trim();
  if (inner === '' || inner === 'void') return [];
  return inner.split(',').map((p) => p.trim()).filter((p) => p !== '...').map((p) => /(\w+)\s*(\[\w*\])?$/.exec(p)?.[1] ?? p);
}
