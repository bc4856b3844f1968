/**
 * The TLB view's model: the rows of a `glasskernel/tlb` response. A header (satp: mode, root
 * table, whose address space), the flushes (how many since the last stop, the last ones with
 * their reasons), the misses (page walks) since the last stop, a row saying hits are not counted
 * (and why: no number is made up), then the entries, `va 0x… → pa 0x…` with the TLBs that hold
 * each (fetch, load, store) and U. Pure (no vscode import); a malformed response gives a note row.
 */
import type { TlbAccessCounts, TlbEntryView, TlbFlushInfo, TlbResponseBody } from '../debug-adapter/protocol';
import { count, isCount, isObject, markNew, type KernelRow } from './kernelRows';

/** How each flush kind reads. */
const FLUSH_KINDS: Readonly<Record<TlbFlushInfo['kind'], string>> = {
  satp: 'satp write',
  'sfence.vma': 'sfence.vma',
};

/** Why hits have no number, as the view says it. */
export const HITS_NOT_COUNTED =
  'hits: not counted (compiled code checks the TLB inline; a counter there would slow every load, store and fetch)';

/** "fetch load store" letters of an entry and U: "fetch · load · U". */
export function entryPermissions(e: TlbEntryView): string {
  return [e.fetch ? 'fetch' : '', e.load ? 'load' : '', e.store ? 'store' : '', e.user ? 'U' : ''].filter((s) => s !== '').join(' · ');
}

/** `va 0x10000 → pa 0x7000`: the entry's label (never a bare page number). */
export function entryLabel(e: TlbEntryView): string {
  return `va ${e.va} → pa ${e.pa}`;
}

/** One flush: "satp write: context switch" / "sfence.vma: cow-copy". */
export function flushLabel(f: TlbFlushInfo): string {
  const kind = FLUSH_KINDS[f.kind] ?? String(f.kind);
  return f.cause ? `${kind}: ${f.cause}` : kind;
}

function counts(c: TlbAccessCounts): string {
  return `fetch ${count(c.fetch)} · load ${count(c.load)} · store ${count(c.store)}`;
}

function isCounts(v: unknown): v is TlbAccessCounts {
  return isObject(v) && isCount(v.fetch) && isCount(v.load) && isCount(v.store);
}

/** True when `body` has the fields the rows read (a response of another version or a broken one has not). */
export function isTlbBody(body: unknown): body is TlbResponseBody {
  return isObject(body) && typeof body.satp === 'string' && typeof body.rootPa === 'string' && Array.isArray(body.pids)
    && Array.isArray(body.entries) && Array.isArray(body.recentFlushes) && isCounts(body.walksSinceStop) && isCounts(body.walksTotal)
    && isCount(body.flushesSinceStop) && isCount(body.flushesTotal) && isCount(body.entriesPerKind);
}

/** The view's rows for a `glasskernel/tlb` body; [] without one, a note row for a malformed one. */
export function tlbRows(body: unknown): KernelRow[] {
  if (body === undefined) return [];
  if (!isTlbBody(body)) return [{ id: 'tlb:bad', label: 'the adapter\'s TLB answer could not be read', icon: 'warning', collapsible: 'none' }];
  const owners = body.pids.length === 0 ? 'no live process' : body.pids.map((p) => `pid ${p}`).join(', ');
  const entries = body.entries.filter((e) => isObject(e) && typeof e.va === 'string' && typeof e.pa === 'string');
  const last = body.recentFlushes[0];
  return [
    {
      id: 'tlb:satp',
      label: `satp ${body.satp}`,
      description: `${body.mode} · root pa ${body.rootPa} · ${owners}`,
      tooltip: `Every entry belongs to this address space (${owners}). ASID ${body.asid}: entries carry no ASID tag; each satp write flushes the whole TLB.`,
      icon: 'key',
      collapsible: 'none',
    },
    {
      id: 'tlb:flushes',
      label: last ? `last flush: ${flushLabel(last)}` : 'no flush yet',
      description: `${count(body.flushesSinceStop)} since the last stop · ${count(body.flushesTotal)} in all`,
      tooltip: 'A satp write (a context switch, an execve) and an sfence.vma (after the kernel changed a PTE) both empty the TLB.',
      icon: 'clear-all',
      collapsible: body.recentFlushes.length > 0 ? 'collapsed' : 'none',
      children: body.recentFlushes.map((f, i) => ({
        id: `tlb:flush:${i}`,
        label: flushLabel(f),
        description: markNew(`at instruction ${count(f.instret)}`, f.sinceLastStop === true),
        icon: f.kind === 'satp' ? 'arrow-swap' : 'clear-all',
        collapsible: 'none',
        isNew: f.sinceLastStop === true,
      })),
    },
    {
      id: 'tlb:misses',
      label: `misses since the last stop: ${counts(body.walksSinceStop)}`,
      description: `in all: ${counts(body.walksTotal)}`,
      tooltip: 'Page walks that filled an entry. The interpreter also walks once for each code page it enters, without looking in the TLB.',
      icon: 'search',
      collapsible: 'none',
    },
    { id: 'tlb:hits', label: HITS_NOT_COUNTED, icon: 'info', collapsible: 'none' },
    {
      id: 'tlb:entries',
      label: `entries: ${entries.length}`,
      description: `of 3 × ${count(body.entriesPerKind)} (fetch, load, store; direct-mapped)`,
      icon: 'list-flat',
      collapsible: 'expanded',
      children: entries.map((e) => ({
        id: `tlb:entry:${e.va}:${e.pa}`,
        label: entryLabel(e),
        description: entryPermissions(e),
        tooltip: `virtual page ${e.va} maps to the frame at physical ${e.pa}; cached for ${entryPermissions(e) || 'nothing'}`,
        icon: e.fetch ? 'symbol-method' : e.store ? 'edit' : 'eye',
        collapsible: 'none',
      })),
    },
  ];
}
