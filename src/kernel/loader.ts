import { PAGE_SIZE } from '../emu/sv39';
import { checkRiscvExecutable, ELF64_PHDR_SIZE, ET_DYN, loadSegments, parseElf64, PF_R, PF_W, PF_X, PT_INTERP, PT_PHDR } from '../elf';
import type { Elf64 } from '../elf';
import * as at from './auxv';
import { E2BIG, ENOEXEC, ENOMEM } from './errno';
import { handleMmFault } from './fault';
import { STACK_INITIAL_BYTES, STACK_TOP, TASK_SIZE, pageDown, pageUp } from './layout';
import { Mm, type MmContext } from './mm';
import { UserMemory } from './uaccess';
import { vdsoVma } from './vdso';
import { VM_EXEC, VM_GROWSDOWN, VM_READ, VM_WRITE, Vma, type FileImage } from './vma';
import { call, pause, runToEnd, type Steps } from './steps/path';

/** Where a position-independent (ET_DYN) executable is loaded: Linux riscv64 ELF_ET_DYN_BASE (2/3 of TASK_SIZE). */
export const ELF_ET_DYN_BASE = pageDown((TASK_SIZE / 3) * 2);
/** Most bytes of argv + envp strings execve accepts (Linux: a quarter of the 8 MiB stack limit, ARG_MAX-like). */
export const MAX_ARG_BYTES = 128 * 1024;

/** The RISC-V psABI keeps sp 16-byte aligned. */
const STACK_ALIGN = 16;

/** A loaded program image: its fresh address space, entry pc and initial sp (virtual addresses). */
export interface LoadedImage {
  mm: Mm;
  entry: number;
  sp: number;
  elf: Elf64;
}

/** Why loading failed: an errno for execve and a sentence for a human. */
export interface LoadError {
  errno: number;
  message: string;
}

/**
 * Builds a new address space running `file` with `argv`/`envp`, as Linux's binfmt_elf
 * load_elf_binary does for a static executable: one private file mapping per PT_LOAD segment
 * through the page cache (pages come in on demand; every process running the binary maps the
 * same cached frames, read-only, and copies a page on its first write), an anonymous VMA for the
 * .bss beyond the last file page, the program break just above the highest segment, the `[vdso]`
 * page with the signal trampoline (no AT_SYSINFO_EHDR: it is not an ELF image), and a grows-down
 * stack holding argc, argv, envp and the auxiliary vector (System V ABI "Process
 * Initialization"; RISC-V psABI). Nothing of the caller changes on failure: ENOEXEC for a
 * malformed or unsupported ELF, E2BIG for oversized arguments, ENOMEM when frames run out.
 * The parsed headers are remembered in the page cache while the file stays mapped and
 * unchanged, so the next execve of the file does not parse it again. Runs the steppable path
 * `loadElfBinary` to its end with no pause.
 */
export function loadElf(ctx: MmContext, file: FileImage, argv: string[], envp: string[], random: Uint8Array): LoadedImage | LoadError {
  return runToEnd(loadElfBinary(ctx, file, argv, envp, random));
}

/**
 * loadElf as a steppable path (steps/path.ts; Linux load_elf_binary): pauses at the header
 * check, the new address space, each PT_LOAD segment (mapSegments), the stack VMA and the
 * initial stack (createElfTables). The new Mm is not the caller's until exec.ts installs it.
 */
export function* loadElfBinary(ctx: MmContext, file: FileImage, argv: string[], envp: string[], random: Uint8Array): Steps<LoadedImage | LoadError> {
  const cached = ctx.pageCache.parsedElf(file.backing);
  const elf = cached ?? parseExecutable(file.data);
  const bad = 'errno' in elf;
  yield pause('elf.check_headers', {
    facts: bad ? { file: file.path, errno: elf.errno, reason: elf.message }
      : { file: file.path, type: elf.type === ET_DYN ? 'ET_DYN' : 'ET_EXEC', entry: BigInt(elf.entry), phnum: elf.programHeaders.length, cached: cached !== undefined },
  });
  if (bad) return elf;
  const bias = elf.type === ET_DYN ? ELF_ET_DYN_BASE : 0;
  yield pause('elf.new_mm', { facts: { loadBias: BigInt(bias) } });
  const mm = Mm.create(ctx);
  if (!mm) return { errno: ENOMEM, message: 'out of memory' };
  const mapped = yield* call('elf.call_map_segments', 'mapSegments', mapSegments(mm, elf, file, bias));
  if (mapped) { mm.release(); return mapped; }
  // The signal trampoline page (see vdso.ts), unless a strange ELF put a segment there.
  const vdso = vdsoVma();
  const vdsoFree = mm.isFree(vdso.start, vdso.end);
  yield pause('elf.setup_arg_pages', { facts: { stackStart: BigInt(STACK_TOP - STACK_INITIAL_BYTES), stackTop: BigInt(STACK_TOP), vdso: vdsoFree } });
  if (vdsoFree) mm.insert(vdso);
  mm.insert(new Vma(STACK_TOP - STACK_INITIAL_BYTES, STACK_TOP, VM_READ | VM_WRITE | VM_GROWSDOWN, 'stack', '[stack]'));
  const sp = yield* call('elf.call_create_elf_tables', 'createElfTables', createElfTables(mm, elf, bias, file.path, argv, envp, random));
  if (typeof sp !== 'number') { mm.release(); return sp; }
  mm.startStack = sp;
  ctx.pageCache.rememberElf(file.backing, elf);
  return { mm, entry: elf.entry + bias, sp, elf };
}

/**
 * The ELF headers of an executable file's bytes, checked as execve needs them: an ELF-64
 * RISC-V executable, statically linked. ENOEXEC with the reason otherwise.
 */
function parseExecutable(data: Uint8Array): Elf64 | LoadError {
  const parsed = parseElf64(data);
  if (!parsed.ok) return { errno: ENOEXEC, message: parsed.error };
  const check = checkRiscvExecutable(parsed.elf);
  if (!check.ok) return { errno: ENOEXEC, message: check.error };
  if (parsed.elf.programHeaders.some((ph) => ph.type === PT_INTERP)) {
    return { errno: ENOEXEC, message: 'dynamically linked executables are not supported (link with -static)' };
  }
  return parsed.elf;
}

/**
 * Creates the VMAs of every PT_LOAD segment and sets the program break; a LoadError on bad
 * layout. A segment's file pages [start, pageUp(vaddr + filesz)) are a private mapping of the
 * executable's FileBacking (one page-cache attachment per VMA); when memsz > filesz the bytes
 * from vaddr + filesz to the end of that page read as zero (the VMA's `fileEnd`, Linux padzero),
 * and the pages above are anonymous (.bss). Without a .bss the last file page shows the file's
 * bytes, as Linux and qemu map it. A steppable stage: one pause per segment before it is
 * mapped (its VMA as maps will show it), one before the program break is set.
 */
function* mapSegments(mm: Mm, elf: Elf64, file: FileImage, bias: number): Steps<LoadError | undefined> {
  const loads = loadSegments(elf);
  if (loads.length === 0) return { errno: ENOEXEC, message: 'no loadable segments' };
  let highest = 0;
  for (let i = 0; i < loads.length; i++) {
    const ph = loads[i];
    const vaddr = ph.vaddr + bias;
    if (ph.memsz === 0) continue;
    if (vaddr % PAGE_SIZE !== ph.offset % PAGE_SIZE) return { errno: ENOEXEC, message: 'segment offset and address differ within a page' };
    const flags = (ph.flags & PF_R ? VM_READ : 0) | (ph.flags & PF_W ? VM_WRITE : 0) | (ph.flags & PF_X ? VM_EXEC : 0);
    const start = pageDown(vaddr);
    const end = pageUp(vaddr + ph.memsz);
    if (end > TASK_SIZE || start < 0) return { errno: ENOEXEC, message: 'segment outside the user address space' };
    const fileTop = ph.filesz > 0 ? pageUp(vaddr + ph.filesz) : start;
    const zeroFrom = ph.memsz > ph.filesz ? vaddr + ph.filesz : fileTop;
    const fileVma = fileTop > start ? segmentVma(file, start, fileTop, flags, ph.offset - (vaddr - start), zeroFrom) : undefined;
    const bssVma = end > fileTop ? new Vma(fileTop, end, flags, 'anon', '') : undefined;
    const shown = (fileVma ?? bssVma)!;
    yield pause('elf.map_segment', {
      vma: { start, end, perms: shown.perms, name: shown.name },
      facts: { segment: i, vaddr: BigInt(vaddr), offset: ph.offset, filesz: ph.filesz, memsz: ph.memsz, fileTop: BigInt(fileTop) },
    });
    // Like binfmt_elf's MAP_FIXED mappings, a segment starting in a page an earlier segment
    // ends in takes that page over.
    mm.unmapRange(start, end);
    if (fileVma) { mm.ctx.pageCache.attach(file.backing); mm.insert(fileVma); }
    if (bssVma) mm.insert(bssVma);
    highest = Math.max(highest, end);
  }
  yield pause('elf.set_brk', { facts: { startBrk: BigInt(highest) } });
  mm.startBrk = mm.brk = highest;
  return undefined;
}

/**
 * The VMA of a segment's file pages [start, end) (virtual bytes) from byte `fileOffset` of
 * `file`, zero from virtual address `fileEnd` on. Inserting it takes one page-cache attachment
 * of `file.backing`, which the caller takes (mapSegments).
 */
function segmentVma(file: FileImage, start: number, end: number, flags: number, fileOffset: number, fileEnd: number): Vma {
  const vma = new Vma(start, end, flags, 'file', file.path, file, fileOffset, fileEnd);
  vma.backing = file.backing;
  return vma;
}

/** Physical-to-virtual address of the program headers for AT_PHDR. */
function phdrAddress(elf: Elf64, bias: number): number {
  const phdr = elf.programHeaders.find((ph) => ph.type === PT_PHDR);
  if (phdr) return phdr.vaddr + bias;
  const seg = loadSegments(elf).find((ph) => elf.phoff >= ph.offset && elf.phoff < ph.offset + ph.filesz);
  return seg ? seg.vaddr + (elf.phoff - seg.offset) + bias : 0;
}

/**
 * Writes the initial stack below STACK_TOP (Linux create_elf_tables) and returns sp (16-byte aligned, pointing at argc):
 *
 *   STACK_TOP - 8  +--------------------------+
 *                  | execfn string            |  AT_EXECFN
 *                  | envp strings, argv strings|
 *                  | 16 random bytes          |  AT_RANDOM
 *                  | (align to 16)            |
 *                  | auxv pairs ... AT_NULL   |
 *                  | envp[0..n-1], NULL       |
 *                  | argv[0..n-1], NULL       |
 *   sp ->          | argc                     |
 */
function* createElfTables(mm: Mm, elf: Elf64, bias: number, path: string, argv: string[], envp: string[], random: Uint8Array): Steps<number | LoadError> {
  const enc = new TextEncoder();
  const strings = [...argv, ...envp].map((s) => enc.encode(s + '\0'));
  const execfn = enc.encode(path + '\0');
  const total = strings.reduce((n, s) => n + s.length, execfn.length);
  yield pause('elf.copy_strings', { facts: { argc: argv.length, envc: envp.length, stringBytes: total, limit: MAX_ARG_BYTES } });
  if (total > MAX_ARG_BYTES) return { errno: E2BIG, message: 'argument list too long' };
  const um = new UserMemory(mm, (va, access) => handleMmFault(mm, va, access));
  let p = STACK_TOP - 8;
  const put = (bytes: Uint8Array): number => { p -= bytes.length; return um.write(p, bytes) === 0 ? p : -1; };
  const execfnAddr = put(execfn);
  const addrs: number[] = [];
  for (let i = strings.length - 1; i >= 0; i--) addrs.unshift(put(strings[i]));
  const randomAddr = put(random.subarray(0, at.AT_RANDOM_BYTES));
  if ([execfnAddr, randomAddr, ...addrs].some((a) => a < 0)) return { errno: ENOMEM, message: 'out of memory' };
  const auxv: [number, number][] = [
    [at.AT_PHDR, phdrAddress(elf, bias)], [at.AT_PHENT, ELF64_PHDR_SIZE], [at.AT_PHNUM, elf.programHeaders.length],
    [at.AT_PAGESZ, PAGE_SIZE], [at.AT_BASE, 0], [at.AT_FLAGS, 0], [at.AT_ENTRY, elf.entry + bias],
    [at.AT_UID, 0], [at.AT_EUID, 0], [at.AT_GID, 0], [at.AT_EGID, 0], [at.AT_HWCAP, at.riscvHwcap()],
    [at.AT_CLKTCK, at.USER_HZ], [at.AT_SECURE, 0], [at.AT_RANDOM, randomAddr], [at.AT_EXECFN, execfnAddr],
    [at.AT_NULL, 0],
  ];
  const words = [argv.length, ...addrs.slice(0, argv.length), 0, ...addrs.slice(argv.length), 0, ...auxv.flat()];
  const sp = Math.floor((p - words.length * 8) / STACK_ALIGN) * STACK_ALIGN;
  yield pause('elf.create_elf_tables', { facts: { argc: argv.length, envc: envp.length, auxvEntries: auxv.length, sp: BigInt(sp), execfn: BigInt(execfnAddr), random: BigInt(randomAddr) } });
  const block = new Uint8Array(words.length * 8);
  const view = new DataView(block.buffer);
  words.forEach((w, i) => view.setBigUint64(i * 8, BigInt(w), true));
  if (um.write(sp, block) !== 0) return { errno: ENOMEM, message: 'out of memory' };
  return sp;
}
