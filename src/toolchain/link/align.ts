/**
 * R_RISCV_ALIGN (RISC-V psABI, "Relocations"; "Linker Relaxation"): an assembler that expects
 * relaxation pads each `.align` in code with the most nop bytes it could need (the addend) and
 * marks the padding with R_RISCV_ALIGN. GNU ld handles these even under --no-relax: it keeps
 * just the nops the alignment needs and deletes the rest, moving the later bytes, symbols and
 * relocations of the section down. This does the same before layout. Objects assembled with
 * -mno-relax carry no R_RISCV_ALIGN, and for them this does nothing.
 *
 * The padding's position within its alignment depends only on its offset in the section,
 * because the section itself is aligned at least as much (the assembler raises the section's
 * alignment to every .align in it); a section that is not is reported.
 */
import { R_RISCV_ALIGN, R_RISCV_NONE, type Rela } from '../../elf/relocatable';
import { writeUnsigned } from './bytes';
import type { DiagnosticSink } from './diagnostics';
import type { InputObject, InputSection } from './model';
import { deleteBytes } from './section-edit';

/** The base ISA's nop (addi x0, x0, 0) and RVC's c.nop, as GNU ld rewrites the kept padding. */
const NOP = 0x00000013n;
const C_NOP = 0x0001n;
const NOP_BYTES = 4;
const C_NOP_BYTES = 2;

/** Resolves every R_RISCV_ALIGN of every section (see the file comment). */
export function applyAlignments(objects: readonly InputObject[], sink: DiagnosticSink): void {
  for (const object of objects) {
    for (const section of object.sections) {
      if (section && section.relocations.some((r) => r.type === R_RISCV_ALIGN)) alignSection(section, sink);
    }
  }
}

function alignSection(section: InputSection, sink: DiagnosticSink): void {
  const aligns = section.relocations.filter((r) => r.type === R_RISCV_ALIGN).sort((a, b) => a.offset - b.offset);
  for (const r of aligns) {
    const error = alignOne(section, r);
    if (error) sink.error(`R_RISCV_ALIGN: ${error}`, { section, offset: r.offset });
    r.type = R_RISCV_NONE;
  }
}

/** Keeps the nops needed at r.offset and deletes the rest; returns a reason when it cannot. */
function alignOne(section: InputSection, r: Rela): string | undefined {
  const data = section.data;
  if (!data) return 'in a section without contents';
  const padding = Number(r.addend);
  if (!(padding >= 0) || r.offset + padding > data.length) return `padding of ${r.addend} bytes does not fit in the section`;
  let alignment = 1;
  while (alignment <= padding) alignment *= 2;
  if (alignment > section.align) return `asks for ${alignment}-byte alignment in a section aligned to ${section.align} bytes`;
  const needed = (alignment - (r.offset % alignment)) % alignment;
  if (needed > padding) return `needs ${needed} bytes of padding but only ${padding} are there`;
  if (needed === padding) return undefined; // already right: ld leaves the assembler's nops as they are
  let at = r.offset;
  for (; at + NOP_BYTES <= r.offset + needed; at += NOP_BYTES) writeUnsigned(data, at, NOP_BYTES, NOP);
  if (at < r.offset + needed) writeUnsigned(data, at, C_NOP_BYTES, C_NOP);
  deleteBytes(section, r.offset + needed, padding - needed);
  return undefined;
}
