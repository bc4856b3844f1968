/**
 * The pc -> unit index: sorted address ranges, each naming a unit. Built from
 * .debug_aranges where a unit has a set there, else from the unit's root DIE (DW_AT_low_pc
 * with DW_AT_high_pc, or DW_AT_ranges) — never from the rest of the unit's DIEs.
 */
import { readAranges } from './aranges';
import type { AddressRange } from './lists';
import type { Unit } from './unit';

interface Entry {
  start: number;
  end: number;
  unit: Unit;
}

/** Looks up the unit whose code contains a pc. */
export class PcIndex {
  private readonly entries: Entry[] = [];

  /** Indexes `units`; problems with .debug_aranges are passed to `report`. */
  constructor(units: Unit[], debugAranges: Uint8Array | undefined, report: (p: string) => void) {
    const covered = new Set<Unit>();
    if (debugAranges) {
      const byOffset = new Map(units.map((u) => [u.header.offset, u]));
      const { entries, problems } = readAranges(debugAranges);
      problems.forEach(report);
      for (const e of entries) {
        const unit = byOffset.get(e.unitOffset);
        if (!unit) continue;
        covered.add(unit);
        this.entries.push({ start: e.start, end: e.end, unit });
      }
    }
    for (const unit of units) {
      if (covered.has(unit)) continue;
      const root = unit.root();
      if (root) this.add(unit, unit.ranges(root));
    }
    this.entries.sort((a, b) => a.start - b.start);
  }

  private add(unit: Unit, ranges: AddressRange[]): void {
    for (const r of ranges) this.entries.push({ start: r.start, end: r.end, unit });
  }

  /** The unit containing pc, or undefined. */
  unitAt(pc: number): Unit | undefined {
    const e = this.entries;
    let lo = 0;
    let hi = e.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (e[mid]!.start <= pc) lo = mid + 1;
      else hi = mid;
    }
    // Ranges rarely overlap; look back a few entries in case a longer one covers pc.
    for (let i = lo - 1; i >= 0 && i >= lo - OVERLAP_LOOKBACK; i--) {
      if (pc < e[i]!.end) return e[i]!.unit;
    }
    return undefined;
  }
}

/** Entries checked before pc's insertion point (a larger range may start earlier). */
const OVERLAP_LOOKBACK = 16;
