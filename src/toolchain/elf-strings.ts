/**
 * ELF string tables (.strtab, .shstrtab; System V gABI "String Table"): NUL-terminated names
 * one after another, offset 0 the empty string. Shared by the assembler's object writer and the
 * linker's executable writer.
 */

/** A string table under construction: offset 0 is the empty string; equal names share one entry. */
export class StringTable {
  private readonly offsets = new Map<string, number>([['', 0]]);
  private readonly parts: Uint8Array[] = [new Uint8Array(1)];
  private size = 1;

  /** The offset of `name`, adding it (NUL-terminated, UTF-8) on first use. */
  add(name: string): number {
    const known = this.offsets.get(name);
    if (known !== undefined) return known;
    const encoded = new TextEncoder().encode(name);
    const entry = new Uint8Array(encoded.length + 1);
    entry.set(encoded);
    const offset = this.size;
    this.parts.push(entry);
    this.size += entry.length;
    this.offsets.set(name, offset);
    return offset;
  }

  /** The table's bytes. */
  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}
