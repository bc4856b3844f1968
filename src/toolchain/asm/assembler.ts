/**
 * The assembler's state and main loop: reads lines (source.ts), handles what spans lines
 * (`.macro` bodies, `.rept` bodies, `.if` blocks, `/* *\/` comments), and dispatches each
 * statement — labels first, then a directive (directives.ts), a macro invocation, or an
 * instruction (instructions.ts). Statements only append to fragments and fixups; addresses are
 * decided afterwards by layout (layout.ts) and the object is written by elf-writer.ts.
 */
import type { InstrFields, InstrRow } from '../../isa';
import { encodeCached } from './encode-cache';
import { DiagnosticSink } from './diagnostics';
import { evaluate, type EvalContext, type EvalResult, type Value } from './eval';
import { parseExpr, TokenCursor, type Expr, type Span } from './expr';
import type { Fixup } from './fixups';
import { splitStatements, tokenize } from './lexer';
import type { MacroDef } from './macros';
import { ConditionStack } from './conditions';
import { defaultSectionAttributes, Section, type DataFrag } from './sections';
import { LineReader, type SourceLine } from './source';
import { rangeOf, type Statement } from './statement';
import { SymbolTable, type Sym } from './symbols';
import type { AssembleOptions, SourceRange } from './types';
import { compress } from './compress';

/** One instruction to emit, after operand parsing and pseudo-instruction expansion. */
export interface Insn {
  row: InstrRow;
  fields: Partial<InstrFields>;
  /** The mnemonic GNU's compression rules look at (compress.ts); undefined: never compressed. */
  written?: string;
  /** A symbolic field: R_RISCV_* type and value. */
  reloc?: { type: number; value: Value };
  /** A relaxable branch or jump to a symbol (layout picks the form). */
  branch?: { form: 'branch' | 'jump'; target: Value; rvc: boolean };
  /** Raw bits for encodings outside the table (c.unimp). */
  raw?: { bits: number; size: 2 | 4 };
  /** Defines this label at the instruction (la/lla's %pcrel_lo anchor). */
  anchor?: Sym;
}

/** Initial .text alignment in bytes: 2 with compressed instructions, else 4. */
const TEXT_ALIGN_RVC = 2;
const TEXT_ALIGN = 4;

/** The directives seen even inside a false `.if` branch (they track nesting). */
const CONDITIONAL_DIRECTIVE = /^\.(if|ifdef|ifndef|ifc|ifnc|ifeq|ifne|ifge|ifgt|ifle|iflt|ifb|ifnb|else|elseif|endif)$/i;

/** The longest expansion of one instruction: a relaxed branch (inverted branch + jal). */
const MAX_INSN_BYTES = 8;

/** Default memory bound: most bytes one assembly may emit (all sections together). */
export const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

/** Default work bound (statements after macro and .rept expansion). */
export const DEFAULT_MAX_STATEMENTS = 2_000_000;

/** Collects a `.macro`/`.rept` body up to its end directive. */
interface BodyCollector {
  kind: 'macro' | 'rept';
  depth: number;
  lines: SourceLine[];
  finish: (lines: SourceLine[]) => void;
  range: SourceRange;
}

/**
 * The state of one assembly: sections and their fragments, symbols, macros, options, the line
 * reader and the diagnostics. Directives and instructions (directives.ts, instructions.ts) act
 * on it; `assemble` (assemble.ts) runs it, lays out and writes the object.
 */
export class Assembler {
  readonly diags = new DiagnosticSink();
  readonly symbols = new SymbolTable();
  readonly sections: Section[] = [];
  readonly reader = new LineReader();
  readonly macros = new Map<string, MacroDef>();
  section!: Section;
  /** The previous section (`.previous`). */
  previous?: Section;
  /** Section stack of `.pushsection`/`.popsection`. */
  readonly sectionStack: Section[] = [];
  /** Compressed instructions allowed here (`.option rvc/norvc`, -march). */
  rvc: boolean;
  readonly optionStack: boolean[] = [];
  readonly conds = new ConditionStack();
  collector?: BodyCollector;
  macroCounter = 0;
  statements = 0;
  stopped = false;
  readonly maxStatements: number;
  /** Whether a CSR or privileged instruction was assembled (GNU then records the privileged spec version). */
  usesPrivSpec = false;
  /** Whether compressed instructions were allowed anywhere (EF_RISCV_RVC). */
  everRvc: boolean;
  /** Whether -march includes C (rv64gc). */
  readonly archRvc: boolean;
  private inComment = false;
  /** Bytes emitted so far (see spend). */
  private outputBytes = 0;
  private dotLabel?: { sym: Sym; section: Section; offset: number; frag: DataFrag };

  constructor(readonly options: AssembleOptions) {
    this.archRvc = (options.march ?? 'rv64gc') === 'rv64gc';
    this.rvc = this.archRvc;
    this.everRvc = this.archRvc;
    this.maxStatements = options.maxStatements ?? DEFAULT_MAX_STATEMENTS;
    this.switchSection('.text');
    this.getSection('.data');
    this.getSection('.bss');
  }

  /** The section named `name`, created with GNU's default attributes (or the given ones). */
  getSection(name: string, type?: number, flags?: number, entsize = 0): Section {
    let s = this.sections.find((x) => x.name === name);
    if (s === undefined) {
      const d = defaultSectionAttributes(name);
      s = new Section(name, type ?? d.type, flags ?? d.flags, entsize);
      // GNU as gives .text its instruction alignment when it starts (md_begin); other sections start at 1.
      if (name === '.text') s.align = this.archRvc ? TEXT_ALIGN_RVC : TEXT_ALIGN;
      this.sections.push(s);
    }
    return s;
  }

  switchSection(name: string, type?: number, flags?: number, entsize = 0): Section {
    const s = this.getSection(name, type, flags, entsize);
    if (s !== this.section) {
      this.previous = this.section;
      this.section = s;
    }
    return s;
  }

  /** Context for evaluating operands of `stmt` (references are recorded at their ranges). */
  evalContext(stmt: Statement, fold: EvalContext['fold'] = 'none'): EvalContext {
    return {
      symbols: this.symbols,
      fold,
      dot: () => this.dot(),
      reference: (sym, span) => {
        sym.referenced = true;
        sym.references.push(rangeOf(stmt, span));
      },
      warn: (message, span) => this.warning(stmt, message, span),
    };
  }

  /** A label at the current location (one per location, reused). */
  dot(): Sym {
    const frag = this.section.data();
    const d = this.dotLabel;
    if (d !== undefined && d.section === this.section && d.frag === frag && d.offset === frag.buf.length) return d.sym;
    const sym = this.symbols.fakeLabel(this.section, frag);
    this.dotLabel = { sym, section: this.section, frag, offset: frag.buf.length };
    return sym;
  }

  /** Parses and evaluates one expression from tokens [from, to) of `stmt`. */
  evalTokens(stmt: Statement, from: number, to: number, fold: EvalContext['fold'] = 'none'): EvalResult {
    const parsed = this.parseTokens(stmt, from, to);
    if ('message' in parsed) return { error: parsed.message, span: parsed.span };
    return evaluate(parsed, this.evalContext(stmt, fold));
  }

  /** Parses tokens [from, to) as one whole expression. */
  parseTokens(stmt: Statement, from: number, to: number): Expr | { message: string; span: Span } {
    const tokens = stmt.tokens.slice(from, to);
    const end = tokens.length > 0 ? tokens[tokens.length - 1]!.end : stmt.endColumn;
    const c = new TokenCursor(tokens, end);
    if (c.atEnd()) return { message: 'missing expression', span: { start: end, end } };
    const e = parseExpr(c);
    if ('message' in e) return e;
    if (!c.atEnd()) {
      const t = c.peek()!;
      return { message: `junk at end of line, first unrecognized character is \`${t.text[0]}'`, span: { start: t.start, end: t.end } };
    }
    return e;
  }

  error(stmt: Statement, message: string, span?: Span): void {
    this.diags.error(rangeOf(stmt, span), message, this.relatedOf(stmt));
  }

  warning(stmt: Statement, message: string, span?: Span): void {
    this.diags.warning(rangeOf(stmt, span), message, this.relatedOf(stmt));
  }

  /** Reports an error at an explicit range of `stmt`'s line (with its macro/include context). */
  errorAt(stmt: Statement, range: SourceRange, message: string): void {
    this.diags.error(range, message, this.relatedOf(stmt));
  }

  private relatedOf(stmt: Statement): { range: SourceRange; message: string }[] | undefined {
    const related = [...(stmt.line.related ?? [])];
    for (const r of this.reader.includeChain()) related.push({ range: r, message: 'included from here' });
    return related.length > 0 ? related : undefined;
  }

  /**
   * Marks the section's content kind for mapping symbols (GNU as RISC-V: in code sections `$d`
   * before data, `$x<isa>` before instructions when the ISA string changed — the first time, and
   * after `.option rvc/norvc` — else `$x`).
   */
  setMapping(kind: 'x' | 'd'): void {
    const s = this.section;
    if (!s.code) return;
    const arch = this.archString(this.rvc);
    if (s.mapping === kind && (kind === 'd' || s.mappedArch === arch)) return;
    s.mapping = kind;
    const sym = this.symbols.fakeLabel(s, s.data());
    if (kind === 'd') {
      sym.mappingName = '$d';
      return;
    }
    sym.mappingName = s.mappedArch === arch ? '$x' : `$x${arch}`;
    s.mappedArch = arch;
  }

  /** The ISA string GNU as 2.40 records ($x mapping symbols, Tag_RISCV_arch), with or without C. */
  archString(rvc = this.archRvc): string {
    return rvc ? 'rv64i2p0_m2p0_a2p0_f2p0_d2p0_c2p0_zmmul1p0' : 'rv64i2p0_m2p0_a2p0_f2p0_d2p0_zmmul1p0';
  }

  /** Appends instructions at the current location of the current section. */
  emitInsns(insns: readonly Insn[], stmt: Statement): void {
    const s = this.section;
    if (s.nobits) {
      this.error(stmt, `attempt to store non-zero value in section \`${s.name}'`);
      return;
    }
    s.hasCode = true;
    if (!this.spend(insns.length * MAX_INSN_BYTES, stmt)) return;
    this.setMapping('x');
    for (const insn of insns) this.emitInsn(insn, stmt);
  }

  private emitInsn(insn: Insn, stmt: Statement): void {
    const s = this.section;
    if (insn.row.format === 'CSR' || insn.row.format === 'CSRI' || insn.row.extension === 'Priv') this.usesPrivSpec = true;
    const range = rangeOf(stmt);
    if (insn.anchor !== undefined) this.symbols.defineLabel(insn.anchor, s, s.data());
    if (insn.branch !== undefined) {
      const f = insn.fields;
      s.frags.push({
        kind: 'branch', form: insn.branch.form, mnemonic: insn.row.mnemonic, rd: f.rd ?? 0, rs1: f.rs1 ?? 0,
        rs2: f.rs2 ?? 0, rvc: insn.branch.rvc, target: insn.branch.target, size: 0, address: 0, line: range,
      });
      return;
    }
    const frag = s.data();
    let bits: number | undefined;
    let size: 2 | 4 = 4;
    if (insn.raw !== undefined) {
      bits = insn.raw.bits;
      size = insn.raw.size;
    } else {
      const c = this.rvc && insn.written !== undefined && insn.reloc === undefined ? compress(insn.written, insn.fields) : undefined;
      if (c !== undefined) {
        bits = c.bits;
        size = 2;
      } else {
        bits = encodeCached(insn.row, insn.fields);
        size = insn.row.length;
      }
    }
    if (bits === undefined) {
      this.error(stmt, `illegal operands \`${stmt.text.trim()}'`);
      return;
    }
    if (insn.reloc !== undefined) {
      const fixup: Fixup = { frag, offset: frag.buf.length, size, value: insn.reloc.value, range, kind: insn.reloc.type,
        insn: { row: insn.row, fields: insn.fields } };
      s.fixups.push(fixup);
    }
    frag.lines.push({ offset: frag.buf.length, size, range });
    frag.buf.pushInsn(bits, size);
  }

  /** Appends a `size`-byte data value (constant now, or a fixup resolved after layout). */
  emitValue(v: Value, size: number, stmt: Statement, span: Span): void {
    const frag = this.section.data();
    if (v.sym === undefined && v.sub === undefined) {
      frag.buf.pushLE(v.add, size);
      return;
    }
    this.section.fixups.push({ frag, offset: frag.buf.length, size, value: v, range: rangeOf(stmt, span), kind: 'data' });
    frag.buf.fill(size, 0);
  }

  /**
   * Accounts for `bytes` more output; false (after one error, and assembly stops) when the total
   * would pass the memory bound (options.maxOutputBytes, default MAX_OUTPUT_BYTES).
   */
  spend(bytes: number, stmt: Statement): boolean {
    this.outputBytes += bytes;
    const limit = this.options.maxOutputBytes ?? MAX_OUTPUT_BYTES;
    if (this.outputBytes <= limit) return true;
    this.error(stmt, `output too large: more than ${limit} bytes`);
    this.stopped = true;
    return false;
  }

  /** Raises the section's alignment to `bytes` (a power of two). */
  recordAlignment(bytes: number): void {
    if (bytes > this.section.align) this.section.align = bytes;
  }


  /** Runs the main loop over all lines. `handle` processes one statement. */
  run(handle: (stmt: Statement) => void): void {
    for (let line = this.reader.next(); line !== undefined && !this.stopped; line = this.reader.next()) {
      this.processLine(line, handle);
    }
  }

  private processLine(line: SourceLine, handle: (stmt: Statement) => void): void {
    const split = splitStatements(line.text, this.inComment);
    this.inComment = split.inComment;
    for (const st of split.statements) {
      const text = st.text;
      const lead = text.length - text.trimStart().length;
      const trimmed = text.trim();
      const column = st.column + lead;
      const stmt: Statement = { tokens: [], text: trimmed, column, endColumn: column + trimmed.length, line };
      if (this.collector !== undefined) {
        this.collect(stmt, line);
        continue;
      }
      if (++this.statements > this.maxStatements) {
        this.error(stmt, `work bound reached: more than ${this.maxStatements} statements (a runaway .rept or macro?)`);
        this.stopped = true;
        return;
      }
      stmt.tokens = tokenize(trimmed, column);
      if (!this.conds.active && !this.isConditional(stmt)) continue;
      handle(stmt);
      if (this.stopped) return;
    }
  }

  private isConditional(stmt: Statement): boolean {
    const t = stmt.tokens[0];
    return t !== undefined && t.kind === 'ident' && CONDITIONAL_DIRECTIVE.test(t.text);
  }

  /** Starts collecting a body (`.macro` or `.rept`) from the next statement. */
  startCollecting(kind: 'macro' | 'rept', range: SourceRange, finish: (lines: SourceLine[]) => void): void {
    this.collector = { kind, depth: 0, lines: [], finish, range };
  }

  private collect(stmt: Statement, line: SourceLine): void {
    const c = this.collector!;
    const word = /^\S+/.exec(stmt.text)?.[0]?.toLowerCase() ?? '';
    const opens = c.kind === 'macro' ? word === '.macro' : /^\.(rept|irp|irpc)$/.test(word);
    const closes = c.kind === 'macro' ? word === '.endm' || word === '.endmacro' : word === '.endr';
    if (opens) c.depth++;
    if (closes) {
      if (c.depth === 0) {
        this.collector = undefined;
        c.finish(c.lines);
        return;
      }
      c.depth--;
    }
    // Keep the statement's text at its columns, so body lines report exact positions.
    const pad = ' '.repeat(Math.max(0, stmt.column));
    const last = c.lines[c.lines.length - 1];
    if (last !== undefined && last.file === line.file && last.line === line.line && last.reportAt === line.reportAt) {
      c.lines[c.lines.length - 1] = { ...last, text: `${last.text};${stmt.text}` };
    } else {
      c.lines.push({ ...line, text: pad + stmt.text });
    }
  }

  /** Ends assembly: reports unterminated `.macro`, `.rept` and `.if` blocks. */
  finishSource(): void {
    if (this.collector !== undefined) {
      this.diags.error(this.collector.range, this.collector.kind === 'macro' ? 'missing .endm' : 'missing .endr');
      this.collector = undefined;
    }
    for (const range of this.conds.drain()) this.diags.error(range, 'missing .endif');
  }
}
