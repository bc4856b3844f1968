/**
 * Builds .eh_frame / .debug_frame bytes by hand for the synthetic and malformed-input
 * tests: CIEs and FDEs laid out as DWARF 5 section 6.4.1 and the LSB describe them.
 */

/** Unsigned LEB128 bytes of n. */
export const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
};

/** Signed LEB128 bytes of n. */
export const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const byte = ((n % 128) + 128) % 128;
    n = Math.floor(n / 128);
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
};

/** `bytes` little-endian bytes of value (two's complement when negative). */
export const le = (value: number | bigint, bytes: number): number[] => {
  let v = BigInt.asUintN(bytes * 8, BigInt(value));
  const out: number[] = [];
  for (let i = 0; i < bytes; i++) { out.push(Number(v & 0xffn)); v >>= 8n; }
  return out;
};

/** A NUL-terminated UTF-8 string. */
export const cstr = (s: string): number[] => [...new TextEncoder().encode(s), 0];

/** An entry given the section offset where it starts. */
export type EntryBytes = (offset: number) => number[];

/** Which section layout to build. */
export interface Layout {
  kind: 'eh_frame' | 'debug_frame';
  /** 64-bit DWARF (initial length escape 0xffffffff). */
  dwarf64?: boolean;
}

function withLength(layout: Layout, idField: number[], body: number[]): number[] {
  const content = [...idField, ...body];
  return layout.dwarf64 ? [...le(0xffffffff, 4), ...le(content.length, 8), ...content] : [...le(content.length, 4), ...content];
}

/** Bytes of the id / CIE pointer field. */
function idWidth(layout: Layout): number {
  return layout.kind === 'debug_frame' && layout.dwarf64 ? 8 : 4;
}

/** Fields of a CIE; defaults in cie(). */
export interface CieSpec {
  version?: number;
  augmentation?: string;
  /** Bytes between the augmentation string and the alignment factors (version 4 sizes, "eh" word). */
  preFactors?: number[];
  codeAlign?: number;
  dataAlign?: number;
  ra?: number;
  /** Augmentation data after the 'z' length (the length is added). */
  augData?: number[];
  instructions?: number[];
}

/** A CIE (defaults: version 1, "zR" with pcrel|sdata4 FDE pointers, caf 1, daf -4, ra 1). */
export function cie(layout: Layout, spec: CieSpec = {}): EntryBytes {
  const version = spec.version ?? 1;
  const aug = spec.augmentation ?? (layout.kind === 'eh_frame' ? 'zR' : '');
  const augData = spec.augData ?? (aug === 'zR' ? [0x1b] : []);
  const body = [
    version, ...cstr(aug), ...(spec.preFactors ?? []), ...uleb(spec.codeAlign ?? 1), ...sleb(spec.dataAlign ?? -4),
    ...(version === 1 ? [spec.ra ?? 1] : uleb(spec.ra ?? 1)),
    ...(aug.startsWith('z') ? [...uleb(augData.length), ...augData] : []),
    ...(spec.instructions ?? [0x0c, 0x02, 0x00]), // DW_CFA_def_cfa sp, 0
  ];
  const id = layout.kind === 'eh_frame' ? le(0, 4) : le(-1, idWidth(layout));
  return () => withLength(layout, id, body);
}

/** Fields of an FDE. */
export interface FdeSpec {
  cieOffset: number;
  /** initial_location and address_range bytes as they appear (encoding is the test's job). */
  range: (fieldAddress: number) => number[];
  /** Augmentation data of a 'z' CIE (length added), undefined for none. */
  augData?: number[];
  instructions?: number[];
}

/** An FDE; `sectionAddr` turns offsets into addresses for pc-relative range fields. */
export function fde(layout: Layout, spec: FdeSpec, sectionAddr = 0): EntryBytes {
  return (offset) => {
    const lengthBytes = layout.dwarf64 ? 12 : 4;
    const idPos = offset + lengthBytes;
    const id = layout.kind === 'eh_frame' ? le(idPos - spec.cieOffset, 4) : le(spec.cieOffset, idWidth(layout));
    const rangeAt = sectionAddr + idPos + id.length;
    const body = [
      ...spec.range(rangeAt),
      ...(spec.augData ? [...uleb(spec.augData.length), ...spec.augData] : []),
      ...(spec.instructions ?? []),
    ];
    return withLength(layout, id, body);
  };
}

/** Lays entries out one after another; returns the bytes and each entry's offset. */
export function section(entries: EntryBytes[], trailer: number[] = []): { bytes: Uint8Array; offsets: number[] } {
  const out: number[] = [];
  const offsets: number[] = [];
  for (const entry of entries) {
    offsets.push(out.length);
    out.push(...entry(out.length));
  }
  out.push(...trailer);
  return { bytes: new Uint8Array(out), offsets };
}

/** pcrel|sdata4 initial_location + sdata4 range (the "zR" 0x1b encoding gcc uses). */
export const pcrel4 = (begin: number, length: number) => (fieldAddress: number): number[] => [
  ...le(begin - fieldAddress, 4), ...le(length, 4),
];

/** absptr 8-byte initial_location + range (.debug_frame on RV64). */
export const abs8 = (begin: number, length: number) => (): number[] => [...le(begin, 8), ...le(length, 8)];
