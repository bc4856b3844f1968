/**
 * The C evaluator's view of one stopped source frame (cexpr's EvalScope): names resolve to the
 * frame's parameters and locals (DWARF scopes at its pc), then the unit's globals and statics,
 * then any unit's externals, then functions; each variable's DWARF location (an expression, a
 * location list entry chosen by pc, a constant, or nothing) is evaluated against the registers
 * recovered for the frame and the process's memory (DWARF 5 sections 2.5, 2.6).
 *
 * Reads never change guest state. Writes (setVariable, setExpression, an assignment typed in
 * the Debug Console) go through the kernel's debugger access: memory as the process could
 * write it, registers of frame 0 only (an outer frame's registers are recoveries, not places).
 */
import { evaluateLocation, evaluateValue, type EvalContext, type Piece as DwarfPiece } from '../dwarf/expr';
import type { DwarfType, DwarfVariable, LocationDesc } from '../dwarf/model';
import { evalError, type EvalError, type EvalScope, type Location, type Piece, type Value } from './cexpr/value';
import { REGNO_PC } from './cexpr/constants';
import { frameCfa, readSized, type SourceFrame, type UnwindSource } from './frames';

/** Bits per byte, for DW_OP_piece sizes given in bits. */
const BITS_PER_BYTE = 8;
/** gdb's message for a variable without a location at this pc. */
const OPTIMIZED_OUT = '<optimized out>';

/** Writes a scope may make, supplied by the runtime (kernel debugger access). */
export interface FrameWriter {
  writeMemory(pid: number, va: number, data: Uint8Array): boolean;
  /** Register `regno` (DWARF numbering; REGNO_PC for the pc) of thread `tid`. */
  writeRegister(tid: number, regno: number, value: bigint): boolean;
}

/** An EvalScope over `frame` of thread `tid` in process `pid`. */
export class FrameScope implements EvalScope {
  constructor(
    private readonly src: UnwindSource,
    readonly tid: number,
    readonly pid: number,
    readonly frame: SourceFrame,
    private readonly writer?: FrameWriter,
  ) {}

  /** The pc used for lookups in this frame (pc-1 for a return address). */
  get pc(): number {
    return this.frame.physical.lookupPc;
  }

  /** Parameters and locals visible at the pc (an inner declaration shadows an outer one), in declaration order. */
  locals(): DwarfVariable[] {
    const vars = this.frame.scope?.variables ?? [];
    const seen = new Set<string>();
    const out: DwarfVariable[] = [];
    for (let i = vars.length - 1; i >= 0; i--) {
      const v = vars[i]!;
      if (seen.has(v.name)) continue;
      seen.add(v.name);
      out.push(v);
    }
    return out.reverse();
  }

  /** The value of DWARF variable `v` in this frame. */
  valueOf(v: DwarfVariable): Value | EvalError {
    return this.locate(v.type, v.location);
  }

  lookupVariable(name: string): Value | EvalError | undefined {
    const local = this.locals().find((v) => v.name === name);
    if (local) return this.valueOf(local);
    const info = this.src.program.debugInfo;
    const global = info?.findVariable(name, this.pc);
    if (global) return this.valueOf(global);
    const fn = info?.functionsNamed(name)[0];
    if (fn) {
      const type: DwarfType = { kind: 'function', returnType: { kind: 'void' }, params: [], variadic: false };
      return { type, location: { kind: 'memory', address: BigInt(fn.lowPc) } };
    }
    return undefined;
  }

  typeByName(name: string): DwarfType | undefined {
    return this.src.program.debugInfo?.typeByName(name, this.pc);
  }

  readRegister(regno: number): bigint | undefined {
    if (regno === REGNO_PC) return BigInt(this.frame.physical.pc);
    return this.frame.physical.regs[regno];
  }

  readMemory(address: bigint, length: number): Uint8Array | undefined {
    if (address < 0n || address > BigInt(Number.MAX_SAFE_INTEGER) || length < 0) return undefined;
    const bytes = this.src.readMemory(this.pid, Number(address), length);
    return bytes && bytes.length >= length ? bytes : undefined;
  }

  writeMemory(address: bigint, bytes: Uint8Array): boolean {
    if (!this.writer || address < 0n || address > BigInt(Number.MAX_SAFE_INTEGER)) return false;
    return this.writer.writeMemory(this.pid, Number(address), bytes);
  }

  writeRegister(regno: number, value: bigint): boolean {
    if (!this.writer || this.frame.physicalIndex !== 0) return false;
    return this.writer.writeRegister(this.tid, regno, value);
  }

  symbolize(address: bigint): { name: string; offset: number } | undefined {
    if (address <= 0n || address > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
    return this.src.program.dataSymbolAt(Number(address));
  }

  /** The value of an object of `type` described by `desc` at this frame's pc. */
  private locate(type: DwarfType, desc: LocationDesc): Value | EvalError {
    switch (desc.kind) {
      case 'none':
        return { type, optimizedOut: true };
      case 'const':
        return { type, bytes: typeof desc.value === 'bigint' ? leBytes(desc.value, sizeOfType(type)) : desc.value };
      case 'list': {
        const entry = desc.entries.find((e) => e.start <= this.pc && this.pc < e.end);
        return entry ? this.fromExpression(type, entry.expr) : { type, optimizedOut: true };
      }
      case 'expr':
        return this.fromExpression(type, desc.expr);
    }
  }

  private fromExpression(type: DwarfType, expr: Uint8Array): Value | EvalError {
    const r = evaluateLocation(expr, this.context());
    if (!r.ok) return evalError(r.error);
    return toValue(type, r.pieces);
  }

  /** What the DWARF expression machine asks, answered for this frame. */
  private context(): EvalContext {
    const regs = this.frame.physical.regs;
    const cfa = (): bigint | undefined => frameCfa(this.src, this.pid, this.frame.physical);
    const base: EvalContext = {
      register: (n) => regs[n],
      memory: (address, size) => readSized(this.src, this.pid, address, size),
      cfa,
      addrx: (index) => {
        const a = this.src.program.debugInfo?.addressContext(this.pc).addrx(index);
        return a === undefined ? undefined : BigInt(a);
      },
    };
    return { ...base, frameBase: () => this.frameBase(base) };
  }

  /** DW_AT_frame_base of the enclosing subprogram (usually DW_OP_call_frame_cfa on gcc). */
  private frameBase(ctx: EvalContext): bigint | undefined {
    const sub = this.frame.scopes[this.frame.scopes.length - 1];
    const fb = sub?.frameBase;
    if (!fb) return undefined;
    let expr: Uint8Array | undefined;
    if (fb.kind === 'expr') expr = fb.expr;
    else if (fb.kind === 'list') expr = fb.entries.find((e) => e.start <= this.pc && this.pc < e.end)?.expr;
    if (!expr) return undefined;
    const r = evaluateValue(expr, ctx);
    if (r.ok) return r.value;
    // A register location (DW_OP_reg8) names the register holding the base.
    const loc = evaluateLocation(expr, ctx);
    const p = loc.ok && loc.pieces.length === 1 ? loc.pieces[0]!.location : undefined;
    return p?.kind === 'register' ? ctx.register(p.regno) : undefined;
  }
}

/** Converts DWARF location pieces into a cexpr Value of `type`. */
function toValue(type: DwarfType, pieces: DwarfPiece[]): Value | EvalError {
  if (pieces.length === 1 && pieces[0]!.sizeBits === undefined) {
    const loc = simple(pieces[0]!, sizeOfType(type));
    if (loc === undefined) return { type, optimizedOut: true };
    if ('bytes' in loc) return { type, bytes: loc.bytes };
    return { type, location: loc };
  }
  const parts: Piece[] = [];
  for (const p of pieces) {
    const bits = p.sizeBits ?? sizeOfType(type) * BITS_PER_BYTE;
    if (bits % BITS_PER_BYTE !== 0 || (p.bitOffset ?? 0) !== 0) return evalError('bit pieces are not supported');
    const sizeBytes = bits / BITS_PER_BYTE;
    const loc = simple(p, sizeBytes);
    parts.push({ sizeBytes, location: loc === undefined ? { kind: 'optimizedOut' } : 'bytes' in loc ? { kind: 'bytes', bytes: loc.bytes } : loc });
  }
  if (parts.every((p) => p.location.kind === 'optimizedOut')) return { type, optimizedOut: true };
  return { type, location: { kind: 'pieces', pieces: parts } };
}

/** One piece as a cexpr location or literal bytes; undefined when optimised out. */
function simple(p: DwarfPiece, size: number): Exclude<Location, { kind: 'pieces' }> | { bytes: Uint8Array } | undefined {
  const l = p.location;
  switch (l.kind) {
    case 'memory': return { kind: 'memory', address: l.address };
    case 'register': return { kind: 'register', regno: l.regno };
    case 'value': return { bytes: leBytes(l.value, size) };
    case 'implicit': return { bytes: l.bytes };
    default: return undefined;
  }
}

/** sizeof a DWARF type in bytes (typedefs and qualifiers see through; 8 when unknown). */
function sizeOfType(t: DwarfType): number {
  for (let i = 0; i < 64; i++) {
    if (t.kind === 'typedef' || t.kind === 'qualified') t = t.target;
    else break;
  }
  switch (t.kind) {
    case 'base': case 'pointer': case 'struct': case 'union': case 'enum': return t.byteSize;
    case 'array': return t.counts.reduce<number>((n, c) => n * (c ?? 0), sizeOfType(t.element));
    default: return 8;
  }
}

/** `value` as `size` little-endian bytes (two's complement). */
function leBytes(value: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let v = BigInt.asUintN(Math.max(8, size * BITS_PER_BYTE), value);
  for (let i = 0; i < size; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

export { OPTIMIZED_OUT };
