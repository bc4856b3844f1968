/**
 * Assembles .debug_line units byte by byte for tests, so that header variants (DWARF 2..5,
 * 64-bit DWARF, other instruction lengths) and every opcode can be checked against
 * hand-computed rows.
 */

export class Bytes {
  readonly out: number[] = [];

  u8(...values: number[]): this {
    for (const v of values) this.out.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.u8(v, v >> 8);
  }
  u32(v: number): this {
    return this.u8(v, v >> 8, v >> 16, v >>> 24);
  }
  u64(v: number): this {
    return this.u32(v % 0x1_0000_0000).u32(Math.floor(v / 0x1_0000_0000));
  }
  uleb(v: number): this {
    do {
      let byte = v % 128;
      v = Math.floor(v / 128);
      if (v !== 0) byte |= 0x80;
      this.u8(byte);
    } while (v !== 0);
    return this;
  }
  sleb(v: number): this {
    for (;;) {
      const byte = v & 0x7f;
      v >>= 7;
      const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
      this.u8(done ? byte : byte | 0x80);
      if (done) return this;
    }
  }
  cstr(s: string): this {
    return this.u8(...new TextEncoder().encode(s), 0);
  }
  bytes(b: Bytes | number[]): this {
    this.out.push(...(b instanceof Bytes ? b.out : b));
    return this;
  }
  get length(): number {
    return this.out.length;
  }
  toArray(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}

export interface UnitOptions {
  version: number;
  dwarf64?: boolean;
  minInstLength?: number;
  maxOps?: number;
  defaultIsStmt?: boolean;
  lineBase?: number;
  lineRange?: number;
  opcodeBase?: number;
  /** Operand counts for standard opcodes 1..opcodeBase-1 (defaults to DWARF 5's). */
  opcodeLengths?: number[];
  /** Directory and file tables, already encoded for this version. */
  tables: Bytes;
  program: Bytes;
}

const STANDARD_LENGTHS = [0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1];

/** One complete unit: unit_length, version, header fields, tables, program. */
export function lineUnit(o: UnitOptions): Bytes {
  const opcodeBase = o.opcodeBase ?? 13;
  const lengths = o.opcodeLengths ?? STANDARD_LENGTHS.slice(0, opcodeBase - 1);
  const afterHeaderLength = new Bytes().u8(o.minInstLength ?? 1);
  if (o.version >= 4) afterHeaderLength.u8(o.maxOps ?? 1);
  afterHeaderLength
    .u8(o.defaultIsStmt === false ? 0 : 1)
    .u8(o.lineBase ?? -5)
    .u8(o.lineRange ?? 14)
    .u8(opcodeBase)
    .u8(...lengths)
    .bytes(o.tables);
  const offset = (b: Bytes, v: number): Bytes => (o.dwarf64 ? b.u64(v) : b.u32(v));
  const body = new Bytes().u16(o.version);
  if (o.version >= 5) body.u8(8, 0); // address_size, segment_selector_size
  offset(body, afterHeaderLength.length).bytes(afterHeaderLength).bytes(o.program);
  const unit = new Bytes();
  if (o.dwarf64) unit.u32(0xffffffff).u64(body.length);
  else unit.u32(body.length);
  return unit.bytes(body);
}

/** DWARF 2..4 tables: include directories then (name, dir, mtime, length) entries. */
export function v4Tables(dirs: string[], files: [string, number][]): Bytes {
  const b = new Bytes();
  for (const d of dirs) b.cstr(d);
  b.u8(0);
  for (const [name, dir] of files) b.cstr(name).uleb(dir).uleb(0).uleb(0);
  return b.u8(0);
}

/** Line-program opcodes, named after the DWARF 5 opcodes they encode. */
export const op = {
  setAddress: (b: Bytes, addr: number) => b.u8(0).uleb(9).u8(0x02).u64(addr),
  endSequence: (b: Bytes) => b.u8(0, 1, 0x01),
  setDiscriminator: (b: Bytes, d: number) => b.u8(0).uleb(1 + new Bytes().uleb(d).length).u8(0x04).uleb(d),
  defineFile: (b: Bytes, name: string, dir: number) => {
    const payload = new Bytes().u8(0x03).cstr(name).uleb(dir).uleb(0).uleb(0);
    return b.u8(0).uleb(payload.length).bytes(payload);
  },
  copy: (b: Bytes) => b.u8(0x01),
  advancePc: (b: Bytes, n: number) => b.u8(0x02).uleb(n),
  advanceLine: (b: Bytes, n: number) => b.u8(0x03).sleb(n),
  setFile: (b: Bytes, n: number) => b.u8(0x04).uleb(n),
  setColumn: (b: Bytes, n: number) => b.u8(0x05).uleb(n),
  negateStmt: (b: Bytes) => b.u8(0x06),
  constAddPc: (b: Bytes) => b.u8(0x08),
  fixedAdvancePc: (b: Bytes, n: number) => b.u8(0x09).u16(n),
  prologueEnd: (b: Bytes) => b.u8(0x0a),
  /** Special opcode for (operation advance, line advance) with the default header. */
  special: (b: Bytes, opAdvance: number, lineAdvance: number, lineBase = -5, lineRange = 14, opcodeBase = 13) =>
    b.u8(lineAdvance - lineBase + lineRange * opAdvance + opcodeBase),
};
