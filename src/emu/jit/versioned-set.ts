/**
 * A Set of numbers that counts its modifications, so the block compiler can tell cheaply (one
 * integer compare per `Hart.run`) whether breakpoints or watched pages changed since it last
 * looked. Behaves exactly like a Set<number> for every other purpose; `version` increases on
 * every add of a new member, delete of a present one, and clear of a non-empty set.
 */
export class VersionedSet extends Set<number> {
  /** Modification counter. */
  version = 0;

  override add(value: number): this {
    if (!this.has(value)) {
      super.add(value);
      this.version++;
    }
    return this;
  }

  override delete(value: number): boolean {
    const had = super.delete(value);
    if (had) this.version++;
    return had;
  }

  override clear(): void {
    if (this.size !== 0) this.version++;
    super.clear();
  }
}
