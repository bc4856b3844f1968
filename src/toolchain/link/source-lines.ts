/**
 * Source lines for diagnostics: when the objects were assembled with -g, the relocated
 * .debug_line (DWARF 5 section 6.2) maps the address of a failing relocation back to its
 * `.s` line, so "undefined symbol `loop`" can point at the line that uses `loop`, as GNU ld
 * does ("hello.s:12: undefined reference to `loop'").
 */
import { SHF_ALLOC, SHT_NOBITS } from '../../elf/constants';
import { compDirsByLineOffset, parseDebugLine } from '../../dwarf';
import { MAX_PROGRAM_IMAGE_BYTES } from '../../elf/image';
import type { PlacedDiagnostic } from './diagnostics';
import type { Layout } from './layout';

/** Fills in `source` on each placed diagnostic whose place the line table maps. */
export function attachSourceLines(placed: readonly PlacedDiagnostic[], layout: Layout): void {
  const wanted = placed.filter((p) => p.section.output && p.section.flags & SHF_ALLOC);
  if (wanted.length === 0) return;
  const debugLine = sectionBytes(layout, '.debug_line');
  if (!debugLine) return;
  const strings = { debugLineStr: sectionBytes(layout, '.debug_line_str'), debugStr: sectionBytes(layout, '.debug_str') };
  const debugInfo = sectionBytes(layout, '.debug_info');
  const debugAbbrev = sectionBytes(layout, '.debug_abbrev');
  const compDirs = debugInfo && debugAbbrev ? compDirsByLineOffset({ debugInfo, debugAbbrev, ...strings }) : undefined;
  const parsed = parseDebugLine(debugLine, { ...strings, compDirs });
  if (!parsed.ok) return;
  for (const p of wanted) {
    const found = parsed.table.lookup(p.section.address + p.offset);
    if (found) p.diagnostic.source = { file: found.file, line: found.line, column: found.column };
  }
}

/** The relocated bytes of the non-allocated output section `name`, or undefined when absent. */
function sectionBytes(layout: Layout, name: string): Uint8Array | undefined {
  const o = layout.sections.find((s) => s.name === name && !(s.flags & SHF_ALLOC) && s.type !== SHT_NOBITS);
  if (!o || o.size > MAX_PROGRAM_IMAGE_BYTES) return undefined;
  const bytes = new Uint8Array(o.size);
  for (const s of o.inputs) if (s.data) bytes.set(s.data, s.address);
  return bytes;
}
