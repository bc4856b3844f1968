/**
 * The Memory Map view's rows: one per VMA named as /proc/<pid>/maps names it (proc(5)) with
 * what it is for a student (.text, .bss, a thread's stack, a guard page...), each expanding
 * into its resident pages from `glasskernel/vmaPages`: `va 0x… → pa 0x…`, the PTE flags, the
 * frame's reference count and who else maps it ("shared with pid 2, copy-on-write"). Also the
 * hex dump of one page. Pure: no vscode import.
 */
import type { VmaInfo, VmaPageInfo, VmaPagesResponseBody, VmaRole } from '../debug-adapter/protocol';
import { legendRow, markChange, type ChangeTracker, type ViewRow } from './rowModel';

/** Bytes in one Sv39 base page (RISC-V privileged spec: 4 KiB pages) and in a KiB. */
const PAGE_SIZE_BYTES = 4096;
const BYTES_PER_KIB = 1024;
/** Bytes per hex-dump line (as xxd and hexdump -C). */
const DUMP_LINE_BYTES = 16;
/** Hex digits of a user virtual address in the dump (Sv39 user addresses are below 2^38: 10 digits). */
const DUMP_VA_DIGITS = 10;
/** Width of one half-line of the dump: 8 bytes as "xx " less the last space. */
const DUMP_HALF_WIDTH = (DUMP_LINE_BYTES / 2) * 3 - 1;
/** Printable ASCII range of the dump's text column. */
const FIRST_PRINTABLE = 0x20;
const LAST_PRINTABLE = 0x7e;

/** Size of [start, end) in KiB; NaN when either bound is not a hex string. */
export function vmaSizeKiB(vma: VmaInfo): number {
  return (Number.parseInt(vma.end, 16) - Number.parseInt(vma.start, 16)) / BYTES_PER_KIB;
}

/** The row text the view shows for one VMA: `start-end perms name` (name omitted when empty), as /proc/<pid>/maps. */
export function vmaLabel(vma: VmaInfo): string {
  return `${vma.start}-${vma.end} ${vma.perms}${vma.name ? ` ${vma.name}` : ''}`;
}

/** What each role is, in a student's words. */
const ROLE_TEXT: Readonly<Record<VmaRole, string>> = {
  text: '.text: program code',
  rodata: '.rodata: read-only data',
  data: '.data: initialized data',
  bss: '.bss: zero-initialized data',
  heap: 'heap: brk, grown by malloc',
  stack: 'stack of the main thread',
  'thread-stack': 'thread stack',
  guard: 'guard page: PROT_NONE, any access faults',
  anon: 'anonymous mmap',
  'shared-anon': 'shared anonymous mmap (MAP_SHARED)',
  file: 'file mmap (private: writes are copied)',
  'shared-file': 'file mmap (MAP_SHARED: writes reach the file)',
  vdso: "vDSO: the kernel's signal-return trampoline",
};

/** The role in words ("stack of thread 5" for a thread stack); undefined without a role. */
export function roleText(vma: VmaInfo): string | undefined {
  if (!vma.role) return undefined;
  if (vma.role === 'thread-stack' && vma.roleTid !== undefined) return `stack of thread ${vma.roleTid}`;
  return ROLE_TEXT[vma.role] ?? vma.role;
}

/** "3 pages resident" */
function residentWords(pages: number): string {
  return `${pages} page${pages === 1 ? '' : 's'} resident`;
}

/** Codicon per role. */
function roleIcon(vma: VmaInfo): string {
  switch (vma.role) {
    case 'text': return 'symbol-method';
    case 'rodata': case 'data': case 'bss': return 'symbol-variable';
    case 'heap': return 'layers';
    case 'stack': case 'thread-stack': return 'debug-stackframe';
    case 'guard': return 'shield';
    case 'file': case 'shared-file': return 'file-binary';
    case 'vdso': return 'gear';
    default: return 'symbol-array';
  }
}

/**
 * The Memory Map's rows for process `pid`'s VMAs (a `glasskernel/vmas` answer) at stop `stop`:
 * the flag legend, then one row per VMA (collapsed when it has resident pages, which its
 * expansion lists). With `changes`, VMAs new or changed since the previous stop are marked.
 */
export function vmaRows(pid: number, vmas: readonly VmaInfo[], stop: number, changes?: ChangeTracker): ViewRow[] {
  const rows = vmas.filter((v) => v && typeof v.start === 'string' && typeof v.end === 'string').map((vma): ViewRow => {
    const role = roleText(vma);
    const resident = typeof vma.residentPages === 'number' ? vma.residentPages : 0;
    const description = [role, residentWords(resident)].filter((x) => x).join(' · ');
    const change = changes?.observe(`vmas:${pid}`, stop, vma.start, `${vma.end}|${vma.perms}|${vma.name}|${description}`);
    return {
      id: `vma:${pid}:${vma.start}`,
      label: vmaLabel(vma),
      description: markChange(description, change),
      tooltip: `${role ?? vma.kind}\n${vmaSizeKiB(vma)} KiB virtual, ${(resident * PAGE_SIZE_BYTES) / BYTES_PER_KIB} KiB resident (pid ${pid})`,
      icon: roleIcon(vma),
      contextValue: 'vma',
      collapsible: resident > 0 ? 'collapsed' : 'none',
      ref: { kind: 'vma', pid, start: vma.start, end: vma.end },
      ...(change ? { change } : {}),
    };
  });
  return [legendRow('memoryMap'), ...rows];
}

/** "pid 2" or "pids 2, 3". */
function pidList(pids: readonly number[]): string {
  const unique = [...new Set(pids)];
  return `${unique.length === 1 ? 'pid' : 'pids'} ${unique.join(', ')}`;
}

/**
 * Who holds a frame, in words: "shared with pid 2, copy-on-write", "shared with pid 2",
 * "copy-on-write (last reference: a write reuses it)", "page cache", or "" when only this
 * mapping holds it.
 */
export function sharingText(page: VmaPageInfo): string {
  const sharers = Array.isArray(page.sharedWith) ? page.sharedWith.map((s) => s.pid) : [];
  const parts: string[] = [];
  if (sharers.length > 0) parts.push(`shared with ${pidList(sharers)}${page.cow ? ', copy-on-write' : ''}`);
  else if (page.cow && page.refCount > 1) parts.push('copy-on-write');
  else if (page.cow) parts.push('copy-on-write (last reference: a write reuses it)');
  if (page.pageCache) parts.push('page cache');
  return parts.join(' · ');
}

/** Why the reference count is what it is, for the tooltip. */
function refCountWhy(page: VmaPageInfo): string {
  const holders = [`this mapping`];
  for (const s of page.sharedWith ?? []) holders.push(`pid ${s.pid} at ${s.va}`);
  if (page.pageCache) holders.push('the page cache');
  return `reference count ${page.refCount}: ${holders.join(', ')}`;
}

/**
 * The rows of one VMA's resident pages (a `glasskernel/vmaPages` answer for [start, end) of
 * `pid`) at stop `stop`, and a "N more" row when the answer was capped.
 */
export function pageRows(pid: number, vmaStart: string, body: VmaPagesResponseBody, stop: number, changes?: ChangeTracker): ViewRow[] {
  const pages = Array.isArray(body?.pages) ? body.pages : [];
  const rows = pages.map((page): ViewRow => {
    const shared = sharingText(page);
    const description = [page.flags, `refcount ${page.refCount}`, shared].filter((x) => x).join(' · ');
    const change = changes?.observe(`pages:${pid}:${vmaStart}`, stop, page.va, `${page.pa}|${description}`);
    return {
      id: `page:${pid}:${page.va}`,
      label: `va ${page.va} → pa ${page.pa}`,
      description: markChange(description, change),
      tooltip: `virtual page ${page.va} of pid ${pid} → physical frame at pa ${page.pa}\nPTE ${page.pte}, flags ${page.flags}\n${refCountWhy(page)}${shared ? `\n${shared}` : ''}`,
      icon: page.cow ? 'git-compare' : 'file',
      contextValue: 'vmaPage',
      collapsible: 'none',
      ref: { kind: 'page', pid, va: page.va, pa: page.pa },
      ...(change ? { change } : {}),
    };
  });
  const more = typeof body?.more === 'number' ? body.more : 0;
  if (more > 0) {
    rows.push({
      id: `more:${pid}:${vmaStart}`,
      label: `${more} more resident page${more === 1 ? '' : 's'}`,
      description: `${body.resident} in all; the first ${pages.length} are listed`,
      icon: 'ellipsis',
      collapsible: 'none',
      ref: { kind: 'more', pid },
    });
  }
  return rows;
}

/** Bytes of a base64 string (empty for anything else). */
export function base64Bytes(data: unknown): Uint8Array {
  if (typeof data !== 'string') return new Uint8Array(0);
  return new Uint8Array(Buffer.from(data, 'base64'));
}

/**
 * A hex dump of one page as `hexdump -C` prints it, addressed by virtual address: a header
 * naming the process, va and pa, then `0x…  00 11 … ff  |ascii|` lines of 16 bytes.
 */
export function hexDump(pid: number, va: string, pa: string, bytes: Uint8Array): string {
  const base = /^0x[0-9a-f]+$/i.test(va) ? BigInt(va) : 0n;
  const lines = [`pid ${pid}: page va ${va} → pa ${pa} (${bytes.length} bytes; read-only snapshot at this stop)`, ''];
  for (let off = 0; off < bytes.length; off += DUMP_LINE_BYTES) {
    const row = bytes.subarray(off, off + DUMP_LINE_BYTES);
    const hex = [...row].map((b) => b.toString(16).padStart(2, '0'));
    const left = hex.slice(0, DUMP_LINE_BYTES / 2).join(' ');
    const right = hex.slice(DUMP_LINE_BYTES / 2).join(' ');
    const text = [...row].map((b) => (b >= FIRST_PRINTABLE && b <= LAST_PRINTABLE ? String.fromCharCode(b) : '.')).join('');
    const addr = `0x${(base + BigInt(off)).toString(16).padStart(DUMP_VA_DIGITS, '0')}`;
    lines.push(`${addr}  ${left.padEnd(DUMP_HALF_WIDTH)}  ${right.padEnd(DUMP_HALF_WIDTH)}  |${text}|`);
  }
  return lines.join('\n') + '\n';
}
