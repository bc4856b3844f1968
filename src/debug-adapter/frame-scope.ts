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
import { decodeExpression, evaluateLocation, evaluateValue, type EvalContext } from '../dwarf/expr';
import type { DwarfType, DwarfVariable, LocationDesc } from '../dwarf/model';
import { REGNO_PC, evalError, sizeOf, valueFromPieces, type EvalError, type EvalScope, type Value } from './cexpr';
import { frameCfa, readSized, type SourceFrame, type UnwindSource } from './frames';

/** Bits per byte, for DW_OP_piece sizes given in bits. */
const BITS_PER_BYTE = 8;

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
    /** The scope of the calling function's frame, for DW_OP_entry_value through call sites. */
    private readonly caller?: () => FrameScope | undefined,
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
    const local = this.locals().find((v) => v.name === name) ?? this.frame.scope?.unlisted.find((v) => v.name === name);
    if (local) return this.valueOf(local);
    const info = this.src.program.debugInfo;
    const enumerator = info?.enumerator(name, this.pc);
    if (enumerator) return { type: enumerator.type, bytes: leBytes(enumerator.value, sizeOf(enumerator.type)) };
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
        return { type, bytes: typeof desc.value === 'bigint' ? leBytes(desc.value, sizeOf(type)) : desc.value };
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
    return valueFromPieces(type, r.pieces);
  }

  /** What the DWARF expression machine asks, answered for this frame (also a callee's entry values). */
  context(): EvalContext {
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
    return { ...base, frameBase: () => this.frameBase(base), entryValue: (expr) => this.entryValue(expr) };
  }

  /**
   * The value `expr` (usually DW_OP_regN) had when this function was entered, as gdb finds
   * it: the caller's call site at this frame's return address (DW_TAG_call_site, DWARF 5
   * section 3.4.2) lists the parameter with that location and DW_AT_call_value, evaluated in
   * the caller's frame. Undefined (the value is optimised out) when any step is missing.
   */
  private entryValue(expr: Uint8Array): bigint | undefined {
    const caller = this.caller?.();
    const params = caller ? this.src.program.debugInfo?.callSiteParameters(caller.frame.physical.pc) : undefined;
    const reg = entryRegister(expr);
    const param = params?.find((p) => sameBytes(p.location, expr) || (reg !== undefined && entryRegister(p.location) === reg));
    if (!caller || !param) return undefined;
    const ctx = caller.context();
    const v = evaluateValue(param.value, ctx);
    if (v.ok) return v.value;
    const loc = evaluateLocation(param.value, ctx);
    const piece = loc.ok && loc.pieces.length === 1 ? loc.pieces[0]!.location : undefined;
    return piece?.kind === 'register' ? ctx.register(piece.regno) : undefined;
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


/**
 * The register a one-op expression names (DW_OP_regN, DW_OP_regx, DW_OP_regval_type): how
 * gdb matches an entry value's register with a call site parameter's location.
 */
function entryRegister(expr: Uint8Array): number | undefined {
  const { ops, error } = decodeExpression(expr, { addressSize: ADDRESS_BYTES });
  const op = ops.length === 1 && error === undefined ? ops[0] : undefined;
  return op?.kind === 'register' || op?.kind === 'regvalType' ? op.regno : undefined;
}

/** Bytes of a target address (RV64). */
const ADDRESS_BYTES = 8;

/** True when two byte strings are equal. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
