import { describe, expect, it } from 'vitest';
import { MAX_PROGRAM_IMAGE_BYTES, parseElf64, readElfImage, type ByteSource } from '../../src/elf';
import { fixtureBytes } from './tools';

/** A ByteSource over `bytes` padded with zeros to `size` (a sparse file), counting bytes read. */
function source(bytes: Uint8Array, size = bytes.length): ByteSource & { bytesRead: number } {
  const s = {
    size,
    bytesRead: 0,
    read(offset: number, length: number): Uint8Array {
      s.bytesRead += length;
      const out = new Uint8Array(length);
      if (offset < bytes.length) out.set(bytes.subarray(offset, Math.min(bytes.length, offset + length)));
      return out;
    },
  };
  return s;
}

const TWO_GIB = 2 ** 31;
const fixture = fixtureBytes();

describe('readElfImage reads only what a program needs', () => {
  it('reads a sound ELF whole (its section table is at the end) and the result parses', () => {
    const r = readElfImage(source(fixture));
    expect(r.ok && r.bytes).toEqual(fixture);
  });

  it('reads 64 bytes of a 2 GiB sparse file of zeros and refuses it', () => {
    const s = source(new Uint8Array(0), TWO_GIB);
    const r = readElfImage(s);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/not an ELF file/);
    expect(s.bytesRead).toBeLessThanOrEqual(64);
  });

  it('reads only the ELF prefix of a valid program followed by 2 GiB of zeros', () => {
    const s = source(fixture, TWO_GIB);
    const r = readElfImage(s);
    expect(r.ok && r.bytes.length).toBe(fixture.length);
    expect(s.bytesRead).toBeLessThan(4 * fixture.length);
    expect(r.ok && parseElf64(r.bytes).ok).toBe(true);
  });

  it('refuses a file whose segments need more than the limit, without reading them', () => {
    const bytes = fixture.slice();
    const view = new DataView(bytes.buffer);
    const phoff = Number(view.getBigUint64(32, true));
    // Segment 1 (p_offset at +8) now starts 1 GiB into a 2 GiB file.
    view.setBigUint64(phoff + 56 + 8, 2n ** 30n, true);
    const s = source(bytes, TWO_GIB);
    const r = readElfImage(s);
    expect(!r.ok && r.error).toMatch(/more than the limit of 256 MiB/);
    expect(s.bytesRead).toBeLessThan(64 * 1024);
  });

  it('leaves out (trimmed) sections past the limit and keeps the segments', () => {
    const bytes = fixture.slice();
    new DataView(bytes.buffer).setBigUint64(40, BigInt(MAX_PROGRAM_IMAGE_BYTES + 4096), true);
    const s = source(bytes, TWO_GIB);
    const r = readElfImage(s);
    expect(r.ok && r.trimmed).toBe(true);
    expect(s.bytesRead).toBeLessThan(64 * 1024);
    const parsed = r.ok ? parseElf64(r.bytes) : undefined;
    expect(parsed?.ok && parsed.elf.warnings[0]).toMatch(/section header table lies outside the file/);
  });

  it('reads a non-ELF file (a script, text) whole when it is small', () => {
    const text = new TextEncoder().encode('#!/bin/sh\necho hi\n');
    const r = readElfImage(source(text));
    expect(r.ok && r.bytes).toEqual(text);
  });
});
