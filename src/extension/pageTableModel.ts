/**
 * The Page Table view's rows: the selected process's Sv39 tree (RISC-V privileged spec 4.4,
 * "Sv39: Page-Based 39-bit Virtual-Memory System") by level, each entry labelled with its
 * VPN[2]/VPN[1]/VPN[0] index and virtual range, pointers naming the next table's physical
 * address, leaves the mapped page's (4 KiB page, 2 MiB megapage at level 1, 1 GiB gigapage at
 * level 2). Also the text of a `glasskernel/pageWalk` answer, the row ids a walk passes
 * through, and xv6's `vmprint` listing. Pure: no vscode import.
 */
import type { PageTableEntryInfo, PageTableResponseBody, PageWalkResponseBody } from '../debug-adapter/protocol';
import { hexBig, hexOf, legendRow, markChange, type ChangeTracker, type ViewRow } from './rowModel';

/** Sv39 constants (privileged spec 4.4): 4 KiB pages, 9 VPN bits per level, 8-byte PTEs, 3 levels. */
const PAGE_SHIFT = 12n;
const VPN_BITS = 9n;
const PTE_BYTES = 8n;
const SV39_LEVELS = 3;
/** PTE bits 9..0 are the flags and RSW (privileged spec 4.4.1): the PPN starts at bit 10. */
const PTE_PPN_SHIFT = 10n;
/** The flag letters in PTE bit order 0..7 (protocol.ts fixes it). */
const FLAG_LETTERS = 'VRWXUGAD';
/** xv6's `%p` prints a 64-bit value as 16 hex digits. */
const POINTER_DIGITS = 16;
/** Most table pages vmprint reads (a runaway guard: a process has a few dozen). */
export const VMPRINT_MAX_TABLES = 4096;

/** What a leaf maps at each level: a 4 KiB page (0), a 2 MiB megapage (1), a 1 GiB gigapage (2). */
export function leafKind(level: number): string {
  return ['page', '2 MiB megapage', '1 GiB gigapage'][level] ?? `level-${level} page`;
}

/** Physical byte address of page number `ppn` ("0x..."), or the ppn itself when it does not parse. */
function paOf(ppn: string): string {
  const n = hexBig(ppn);
  return n === undefined ? ppn : hexOf(n << PAGE_SHIFT);
}

/** The row label of one PTE: `VPN[level]=index  vaStart-vaEnd`. */
export function pteLabel(entry: PageTableEntryInfo, level: number): string {
  return `VPN[${level}]=${entry.index}  ${entry.vaStart}-${entry.vaEnd}`;
}

/** Where a PTE leads: `table pa 0x…`, `page pa 0x…`, `2 MiB megapage pa 0x…`. */
export function pteTarget(entry: PageTableEntryInfo, level: number): string {
  if (!entry.leaf) return `table pa ${entry.nextTablePa ?? paOf(entry.ppn)}`;
  return `${leafKind(level)} pa ${entry.pa ?? paOf(entry.ppn)}`;
}

/** The stable row id of the entry of `pid`'s tree at `level` whose range starts at `vaStart`. */
export function pteRowId(pid: number, level: number, vaStart: string): string {
  return `pte:${pid}:${level}:${vaStart}`;
}

/** The table page's physical address, from the answer (tablePa, else ppn). */
function tablePaOf(table: PageTableResponseBody): string {
  return table.tablePa ?? paOf(table.ppn);
}

/**
 * The rows of one table page (a `glasskernel/pageTable` answer) at stop `stop`; `walk` holds
 * the ids of a walk's path, whose rows say "◀ walk". With `changes`, entries new or changed
 * since the previous stop are marked. The root's rows come after the flag legend (`withLegend`).
 */
export function pteRows(table: PageTableResponseBody, stop: number, opts: { changes?: ChangeTracker; walk?: ReadonlySet<string>; withLegend?: boolean } = {}): ViewRow[] {
  const level = typeof table?.level === 'number' ? table.level : 0;
  const pid = table?.pid ?? 0;
  const entries = Array.isArray(table?.entries) ? table.entries : [];
  const tablePa = table ? tablePaOf(table) : '';
  const rows = entries.map((entry): ViewRow => {
    const target = pteTarget(entry, level);
    const base = `${entry.flags} → ${target}`;
    const change = opts.changes?.observe(`pt:${pid}:${level}:${table.ppn}`, stop, entry.vaStart, `${entry.pte ?? ''}|${base}`);
    const id = pteRowId(pid, level, entry.vaStart);
    const onWalk = opts.walk?.has(id) ? ' ◀ walk' : '';
    const ptePa = hexBig(tablePa);
    const where = ptePa === undefined ? '' : ` at pa ${hexOf(ptePa + BigInt(entry.index) * PTE_BYTES)}`;
    return {
      id,
      label: pteLabel(entry, level),
      description: markChange(base, change) + onWalk,
      tooltip: `level ${level} table pa ${tablePa}, entry VPN[${level}] = ${entry.index}${where}\n` +
        `pte ${entry.pte ?? '?'}  flags ${entry.flags}\n` +
        (entry.leaf ? `leaf: maps ${entry.vaStart}-${entry.vaEnd} to the ${target}` : `pointer: the next level (${level - 1}) is the ${target}`),
      icon: entry.leaf ? (level > 0 ? 'symbol-namespace' : 'symbol-constant') : 'list-tree',
      contextValue: entry.leaf ? 'pte.leaf' : 'pte.pointer',
      collapsible: entry.leaf ? 'none' : 'collapsed',
      ref: {
        kind: 'pte', pid, level, index: entry.index, vaStart: entry.vaStart, leaf: entry.leaf,
        ...(entry.leaf ? { pa: entry.pa ?? paOf(entry.ppn) } : { next: entry.ppn }),
      },
      ...(change ? { change } : {}),
    };
  });
  return opts.withLegend ? [legendRow('pageTable'), ...rows] : rows;
}

/** The row ids of the entries a walk read, root first (the range start of each level's entry). */
export function walkPathIds(walk: PageWalkResponseBody): string[] {
  const ids: string[] = [];
  let base = 0n;
  for (const l of Array.isArray(walk?.levels) ? walk.levels : []) {
    base += BigInt(l.index) << (PAGE_SHIFT + VPN_BITS * BigInt(l.level));
    if (l.kind !== 'invalid') ids.push(pteRowId(walk.pid, l.level, hexOf(base)));
  }
  return ids;
}

/** A level's PTE in words: "pointer to the level-1 table", "leaf: 4 KiB page", "V = 0 (invalid)". */
function levelWords(l: PageWalkResponseBody['levels'][number]): string {
  if (l.kind === 'pointer') return `pointer → next table at pa ${l.ppnPa}`;
  if (l.kind === 'leaf') return `leaf → ${leafKind(l.level)} at pa ${l.ppnPa}`;
  return 'ends the walk';
}

/**
 * The walk as text, one line per level: the table's pa, the VPN index used, the PTE's pa,
 * value and flags, where it leads; then the physical address (page pa + offset) or where and
 * why the walk fails, then the notes (A/D bits the MMU would set, PROT_NONE, U = 0).
 */
export function walkText(walk: PageWalkResponseBody): string {
  const vpn = Array.isArray(walk?.vpn) ? walk.vpn : [0, 0, 0];
  const offset = typeof walk?.offset === 'number' ? walk.offset : 0;
  const lines = [
    `Sv39 walk of va ${walk?.va} in pid ${walk?.pid}`,
    `  va = VPN[2] ${vpn[2]} | VPN[1] ${vpn[1]} | VPN[0] ${vpn[0]} | offset 0x${offset.toString(16)}`,
    '',
  ];
  for (const l of Array.isArray(walk?.levels) ? walk.levels : []) {
    lines.push(`level ${l.level}: table pa ${l.tablePa}, index VPN[${l.level}] = ${l.index}, PTE at pa ${l.ptePa}`);
    lines.push(`         pte ${l.pte}  flags ${l.flags}  ${levelWords(l)}`);
  }
  lines.push('');
  if (walk?.pa !== undefined) {
    const last = walk.levels[walk.levels.length - 1];
    lines.push(`=> pa ${walk.pa}  (${walk.pageKind ?? 'page'} at pa ${last?.ppnPa ?? '?'} + offset within it)`);
  } else if (walk?.failure) {
    const at = walk.failure.level < 0 ? 'before the first level' : `at level ${walk.failure.level}`;
    lines.push(`=> no translation: the walk fails ${at} (${walk.failure.reason})`);
    lines.push(`   ${walk.failure.message}`);
  }
  for (const note of Array.isArray(walk?.notes) ? walk.notes : []) lines.push(`note: ${note}`);
  return lines.join('\n') + '\n';
}

/**
 * A virtual address as a user types it into Walk Virtual Address…: "0x" and 1 to 16 hex digits
 * (bare hex digits and "_" separators accepted), normalized to lowercase "0x..." without
 * leading zeros; undefined for anything else.
 */
export function normalizeVa(input: string): string | undefined {
  const s = input.trim().toLowerCase().replace(/_/g, '');
  const digits = s.startsWith('0x') ? s.slice(2) : s;
  return /^[0-9a-f]{1,16}$/.test(digits) ? `0x${digits.replace(/^0+(?=.)/, '')}` : undefined;
}

/** The raw PTE of an entry: its `pte` field, else rebuilt from ppn and the flag letters (RSW bits unknown). */
function rawPte(entry: PageTableEntryInfo): bigint {
  const given = hexBig(entry.pte);
  if (given !== undefined) return given;
  let flags = 0n;
  for (let i = 0; i < FLAG_LETTERS.length; i++) if (entry.flags?.[i] === FLAG_LETTERS[i]) flags |= 1n << BigInt(i);
  return ((hexBig(entry.ppn) ?? 0n) << PTE_PPN_SHIFT) | flags;
}

/** xv6's `%p`: "0x" and 16 hex digits. */
function pointer(n: bigint): string {
  return `0x${n.toString(16).padStart(POINTER_DIGITS, '0')}`;
}

/**
 * The whole tree in xv6's vmprint format (kernel/vm.c, the "print a page table" lab):
 * `page table 0x…` then per valid entry ` ..index: pte 0x… pa 0x…`, one " .." per depth,
 * children right after their entry. `fetch(ppn)` reads a table page (`glasskernel/pageTable`);
 * a table that cannot be read gets a "(cannot read …)" line. At most VMPRINT_MAX_TABLES pages.
 */
export async function vmprint(root: PageTableResponseBody, fetch: (ppn: string) => Promise<PageTableResponseBody | undefined>): Promise<string> {
  const lines = [`page table ${pointer(hexBig(tablePaOf(root)) ?? 0n)}`];
  let budget = VMPRINT_MAX_TABLES - 1;
  const visit = async (table: PageTableResponseBody, depth: number): Promise<void> => {
    const prefix = ' ..'.repeat(depth);
    for (const e of Array.isArray(table.entries) ? table.entries : []) {
      const pte = rawPte(e);
      lines.push(`${prefix}${e.index}: pte ${pointer(pte)} pa ${pointer((pte >> PTE_PPN_SHIFT) << PAGE_SHIFT)}`);
      if (e.leaf || depth >= SV39_LEVELS) continue;
      if (budget-- <= 0) { lines.push(`${prefix} ..(stopped: more than ${VMPRINT_MAX_TABLES} table pages)`); return; }
      const next = await fetch(e.ppn);
      if (next) await visit(next, depth + 1);
      else lines.push(`${prefix} ..(cannot read the table at pa ${paOf(e.ppn)})`);
    }
  };
  await visit(root, 1);
  return lines.join('\n') + '\n';
}
