/**
 * A bounds-checked little-endian reader over a byte range, for DWARF parsing. It never
 * throws: a read past `end`, or a value of 2^53 or more, sets `bad` (the first reason
 * wins) and returns 0 or ''. Callers check `bad` after a group of reads.
 */

const TWO_TO_32 = 0x1_0000_0000;
const LEB_PAYLOAD_BITS = 7;
const LEB_CONTINUE = 0x80;
const LEB_PAYLOAD = 0x7f;
const LEB_SIGN = 0x40;

/** Reader over bytes[pos, end); see the file comment for the never-throw contract. */
export class Cursor {
  /** Why reading failed, or undefined while all reads succeeded. */
  bad: string | undefined;

  /** Reads [pos, end) of bytes; `end` is clamped to bytes.length. */
  constructor(
    readonly bytes: Uint8Array,
    public pos: number,
    public end: number = bytes.length,
  ) {
    this.end = Math.min(end, bytes.length);
  }

  /** Bytes left before `end`. */
  get remaining(): number {
    return Math.max(0, this.end - this.pos);
  }

  /** True once every byte before `end` is consumed. */
  get atEnd(): boolean {
    return this.pos >= this.end;
  }

  /** Records the first failure reason. */
  fail(reason: string): void {
    this.bad ??= reason;
  }

  /** Advances `n` bytes; returns false (and sets bad) when fewer remain. */
  skip(n: number): boolean {
    if (this.bad !== undefined) return false;
    if (!(n >= 0) || n > this.remaining) {
      this.fail(`read past the end at offset 0x${this.pos.toString(16)}`);
      this.pos = this.end;
      return false;
    }
    this.pos += n;
    return true;
  }

  /** One unsigned byte. */
  u8(): number {
    const at = this.pos;
    return this.skip(1) ? this.bytes[at]! : 0;
  }

  /** One signed byte. */
  i8(): number {
    const v = this.u8();
    return v >= 0x80 ? v - 0x100 : v;
  }

  /** Little-endian 16-bit value. */
  u16(): number {
    const at = this.pos;
    return this.skip(2) ? this.bytes[at]! | (this.bytes[at + 1]! << 8) : 0;
  }

  /** Little-endian 32-bit unsigned value. */
  u32(): number {
    const at = this.pos;
    if (!this.skip(4)) return 0;
    const b = this.bytes;
    return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16)) + b[at + 3]! * 0x100_0000;
  }

  /** An unsigned little-endian integer of `width` bytes (1..8). */
  uN(width: number): number {
    const at = this.pos;
    if (!this.skip(width)) return 0;
    let value = 0;
    for (let i = width - 1; i >= 0; i--) value = value * 256 + this.bytes[at + i]!;
    if (!Number.isSafeInteger(value)) {
      this.fail(`value at offset 0x${at.toString(16)} is 2^53 or more`);
      return 0;
    }
    return value;
  }

  /** Little-endian 64-bit value; sets bad when it is 2^53 or more. */
  u64(): number {
    const low = this.u32();
    const high = this.u32();
    const value = high * TWO_TO_32 + low;
    if (!Number.isSafeInteger(value)) {
      this.fail(`64-bit value before offset 0x${this.pos.toString(16)} is 2^53 or more`);
      return 0;
    }
    return value;
  }

  /** Unsigned LEB128 (DWARF 5 section 7.6). */
  uleb(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = this.u8();
      if (this.bad !== undefined) return 0;
      value += (byte & LEB_PAYLOAD) * scale;
      scale *= 2 ** LEB_PAYLOAD_BITS;
      if ((byte & LEB_CONTINUE) === 0) break;
    }
    if (!Number.isSafeInteger(value)) {
      this.fail(`LEB128 before offset 0x${this.pos.toString(16)} is 2^53 or more`);
      return 0;
    }
    return value;
  }

  /** Signed LEB128 (DWARF 5 section 7.6). */
  sleb(): number {
    let value = 0;
    let scale = 1;
    let byte: number;
    do {
      byte = this.u8();
      if (this.bad !== undefined) return 0;
      value += (byte & LEB_PAYLOAD) * scale;
      scale *= 2 ** LEB_PAYLOAD_BITS;
    } while (byte & LEB_CONTINUE);
    if (byte & LEB_SIGN) value -= scale;
    if (!Number.isSafeInteger(value)) {
      this.fail(`LEB128 before offset 0x${this.pos.toString(16)} is out of range`);
      return 0;
    }
    return value;
  }

  /** A NUL-terminated UTF-8 string; the NUL must lie before `end`. */
  cstring(): string {
    if (this.bad !== undefined) return '';
    const nul = this.bytes.subarray(this.pos, this.end).indexOf(0);
    if (nul < 0) {
      this.fail(`unterminated string at offset 0x${this.pos.toString(16)}`);
      this.pos = this.end;
      return '';
    }
    const text = utf8.decode(this.bytes.subarray(this.pos, this.pos + nul));
    this.pos += nul + 1;
    return text;
  }
}

/** The NUL-terminated string at `offset` of a string section, or undefined if malformed. */
export function stringAt(section: Uint8Array | undefined, offset: number): string | undefined {
  if (!section || offset < 0 || offset >= section.length) return undefined;
  const nul = section.subarray(offset).indexOf(0);
  if (nul < 0) return undefined;
  return utf8.decode(section.subarray(offset, offset + nul));
}

const utf8 = new TextDecoder('utf-8');
