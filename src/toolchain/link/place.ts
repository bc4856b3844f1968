/**
 * Gathering input sections into output sections as GNU ld's default script does (ld manual,
 * "Input Section Description" and "Orphan Sections"): each input section goes to the first
 * statement whose pattern matches its name, in script order; within an output section the
 * order is statement by statement, then object by object, then section by section. Sections no
 * statement takes ("orphans") get an output section of their own name after the script's
 * section of the same kind (code after .text, read-only data after .rodata, ...).
 */
import {
  SHF_ALLOC,
  SHF_EXECINSTR,
  SHF_MERGE,
  SHF_STRINGS,
  SHF_TLS,
  SHF_WRITE,
  SHT_NOBITS,
  SHT_NOTE,
  SHT_PROGBITS,
  SHT_RISCV_ATTRIBUTES,
} from '../../elf/constants';
import type { DiagnosticSink } from './diagnostics';
import type { InputObject, InputSection, OutputSection } from './model';
import {
  DEFAULT_SCRIPT,
  DISCARD_PATTERNS,
  matchesPattern,
  type InputStatement,
  type OrphanClass,
  type OutputRule,
  type ScriptStatement,
} from './script';

/** A script statement with its output section filled in; orphans appear as extra 'output' entries. */
export type PlacedStatement = Exclude<ScriptStatement, { kind: 'section' }> | { kind: 'output'; output: OutputSection };

/** sh_flags bit of a section in a COMDAT group (gABI "Section Groups"). */
const SHF_GROUP = 0x200;
/** The pattern that takes the COMMON symbols' synthetic sections. */
const COMMON_PATTERN = 'COMMON';
/** Names a student may give a section while forgetting its flags (GNU as then makes it non-allocated). */
const LOOKS_ALLOCATED = /^\.(text|rodata|srodata|data|sdata|sbss|bss)(\.|$)/;

/**
 * Assigns every input section (and COMMON piece) to an output section and returns the script
 * with those output sections, orphans inserted. Discarded sections keep `output` undefined.
 */
export function placeSections(objects: readonly InputObject[], commons: readonly InputSection[], sink: DiagnosticSink): PlacedStatement[] {
  const pending = new Set<InputSection>();
  for (const o of objects) for (const s of o.sections) if (s && !DISCARD_PATTERNS.some((p) => matchesPattern(p, s.name))) pending.add(s);
  for (const s of commons) pending.add(s);
  const placed: PlacedStatement[] = [];
  for (const statement of DEFAULT_SCRIPT) {
    if (statement.kind !== 'section') {
      placed.push(statement);
      continue;
    }
    const output = newOutput(statement.rule.name, statement.rule);
    for (const input of statement.rule.inputs) take(output, input, objects, commons, pending);
    applyConditions(output, statement.rule, pending, sink);
    placed.push({ kind: 'output', output });
  }
  placeOrphans(placed, [...pending], sink);
  for (const entry of placed) if (entry.kind === 'output') summarize(entry.output);
  return placed;
}

function newOutput(name: string, rule?: OutputRule): OutputSection {
  return { name, rule, inputs: [], type: SHT_PROGBITS, flags: 0, align: 1, entsize: 0, address: 0, size: 0, index: 0, fileOffset: 0 };
}

/** Moves the pending sections one input statement matches into `output`, in ld's order. */
function take(output: OutputSection, statement: InputStatement, objects: readonly InputObject[], commons: readonly InputSection[], pending: Set<InputSection>): void {
  const wantsAlloc = output.rule?.part !== 'nonalloc';
  const taken: InputSection[] = [];
  const consider = (s: InputSection | undefined, isCommonPattern: boolean): void => {
    if (!s || !pending.has(s) || Boolean(s.common) !== isCommonPattern) return;
    if (((s.flags & SHF_ALLOC) !== 0) !== wantsAlloc) return;
    if (!isCommonPattern && !statement.patterns.some((p) => matchesPattern(p, s.name))) return;
    taken.push(s);
    pending.delete(s);
  };
  if (statement.patterns.includes(COMMON_PATTERN)) for (const s of commons) consider(s, true);
  for (const o of objects) for (const s of o.sections) consider(s, false);
  if (statement.sortByName) taken.sort((a, b) => compareNames(a.name, b.name));
  if (statement.sortByInitPriority) taken.sort((a, b) => initPriority(a.name) - initPriority(b.name) || compareNames(a.name, b.name));
  output.inputs.push(...taken);
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The number after the last dot of `.init_array.00100`, or 65536 (after every numbered one) when there is none. */
function initPriority(name: string): number {
  const suffix = name.slice(name.lastIndexOf('.') + 1);
  return /^\d+$/.test(suffix) ? Number(suffix) : 65536;
}

/** ONLY_IF_RO / ONLY_IF_RW give their sections back when the condition fails; TLS is refused. */
function applyConditions(output: OutputSection, rule: OutputRule, pending: Set<InputSection>, sink: DiagnosticSink): void {
  const writable = output.inputs.some((s) => (s.flags & SHF_WRITE) !== 0);
  if ((rule.onlyIf === 'ro' && writable) || (rule.onlyIf === 'rw' && !writable)) {
    for (const s of output.inputs) pending.add(s);
    output.inputs = [];
  }
  if (rule.tls && output.inputs.length > 0) {
    for (const s of output.inputs) sink.error(`thread-local section ${s.name} is not supported by the built-in linker`, { section: s });
    output.inputs = [];
  }
}

/** Where an orphan goes: the class of the script section it follows. */
function orphanClass(s: InputSection): OrphanClass {
  if (!(s.flags & SHF_ALLOC)) return 'nonalloc';
  if (s.type === SHT_NOTE) return 'note';
  if (s.flags & SHF_EXECINSTR) return 'text';
  if (s.type === SHT_NOBITS) return 'bss';
  if (s.flags & SHF_WRITE) return 'data';
  return 'rodata';
}

/**
 * Puts each orphan in an output section named after it (one per name, in first-seen order),
 * after the script section of its class and any orphans already placed there. Of several
 * .riscv.attributes sections only the first is kept (the objects of one program agree).
 */
function placeOrphans(placed: PlacedStatement[], orphans: InputSection[], sink: DiagnosticSink): void {
  const byName = new Map<string, OutputSection>();
  let attributes = false;
  for (const s of orphans) {
    if (s.flags & SHF_TLS) {
      sink.error(`thread-local section ${s.name} is not supported by the built-in linker`, { section: s });
      continue;
    }
    if (s.type === SHT_RISCV_ATTRIBUTES) {
      if (attributes) continue;
      attributes = true;
    }
    if (!(s.flags & SHF_ALLOC) && LOOKS_ALLOCATED.test(s.name)) {
      sink.warning(`section ${s.name} is not allocatable, so it is not loaded (write .section ${s.name},"aw")`, { section: s });
    }
    const existing = byName.get(s.name);
    if (existing) {
      existing.inputs.push(s);
      continue;
    }
    const output = newOutput(s.name);
    output.inputs.push(s);
    byName.set(s.name, output);
    insertAfterAnchor(placed, orphanClass(s), output);
  }
}

function insertAfterAnchor(placed: PlacedStatement[], cls: OrphanClass, output: OutputSection): void {
  let at = placed.findIndex((p) => p.kind === 'output' && p.output.rule?.orphanClass === cls);
  if (at < 0) at = placed.length - 1;
  while (at + 1 < placed.length) {
    const next = placed[at + 1]!;
    if (next.kind !== 'output' || next.output.rule !== undefined || orphanClassOf(next.output) !== cls) break;
    at++;
  }
  placed.splice(at + 1, 0, { kind: 'output', output });
}

function orphanClassOf(output: OutputSection): OrphanClass | undefined {
  const first = output.inputs[0];
  return first ? orphanClass(first) : undefined;
}

/** Type, flags, alignment and entry size of an output section, from its inputs. */
function summarize(output: OutputSection): void {
  const inputs = output.inputs;
  if (inputs.length === 0) return;
  output.type = inputs.every((s) => s.type === SHT_NOBITS) ? SHT_NOBITS : inputs.find((s) => s.type !== SHT_NOBITS)!.type;
  // SHF_MERGE / SHF_STRINGS only when every input has them; group membership does not carry over.
  const all = inputs.reduce((f, s) => f & s.flags, ~0);
  output.flags = inputs.reduce((f, s) => f | s.flags, 0) & ~SHF_GROUP & ~((SHF_MERGE | SHF_STRINGS) & ~all);
  output.align = inputs.reduce((a, s) => Math.max(a, s.align), 1);
  const entsize = inputs[0]!.entsize;
  output.entsize = inputs.every((s) => s.entsize === entsize) ? entsize : 0;
  for (const s of inputs) s.output = output;
}
