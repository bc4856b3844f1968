/**
 * Small queries over a parsed ELF file: sections by name, the RISC-V executable check.
 */
import { EM_RISCV, ET_DYN, ET_EXEC, SHT_NOBITS, SHT_NULL } from './constants';
import type { Elf64, ElfCheck, Section } from './types';

/** The first section called `name` (e.g. ".debug_line"), or undefined. */
export function findSection(elf: Elf64, name: string): Section | undefined {
  return elf.sections.find((s) => s.name === name);
}

/**
 * The file bytes of the section called `name`, as a view into elf.bytes (not a copy).
 * Undefined when there is no such section or it has no file bytes (SHT_NOBITS such as
 * .bss, or SHT_NULL). parseElf64 has already checked the range lies inside the file.
 */
export function sectionBytes(elf: Elf64, name: string): Uint8Array | undefined {
  const section = findSection(elf, name);
  if (!section || section.type === SHT_NOBITS || section.type === SHT_NULL) return undefined;
  return elf.bytes.subarray(section.offset, section.offset + section.size);
}

/**
 * Checks that a parsed file is something the kernel can run: e_machine == EM_RISCV
 * (RISC-V psABI) and e_type ET_EXEC or ET_DYN. The error reads "not a RISC-V executable
 * (...)" so the kernel can pass it on as the reason execve fails with ENOEXEC.
 */
export function checkRiscvExecutable(elf: Elf64): ElfCheck {
  if (elf.machine !== EM_RISCV) {
    return { ok: false, error: `not a RISC-V executable (e_machine is ${elf.machine}, expected EM_RISCV ${EM_RISCV})` };
  }
  if (elf.type !== ET_EXEC && elf.type !== ET_DYN) {
    return { ok: false, error: `not a RISC-V executable (e_type is ${elf.type}, expected ET_EXEC or ET_DYN)` };
  }
  return { ok: true };
}
