/**
 * Reading the input objects: each must be an ELF64 little-endian RISC-V relocatable object
 * (RISC-V psABI "File Header"); its code and data sections become InputSections with private
 * copies of their bytes. Problems are diagnostics; a bad object is left out of the link.
 */
import {
  EF_RISCV_FLOAT_ABI,
  EF_RISCV_RVE,
  EM_RISCV,
  SHF_COMPRESSED,
  SHF_EXECINSTR,
  SHT_FINI_ARRAY,
  SHT_GROUP,
  SHT_INIT_ARRAY,
  SHT_NOBITS,
  SHT_NOTE,
  SHT_NULL,
  SHT_PREINIT_ARRAY,
  SHT_PROGBITS,
  SHT_RELA,
  SHT_RISCV_ATTRIBUTES,
  SHT_STRTAB,
  SHT_SYMTAB,
  SHT_SYMTAB_SHNDX,
} from '../../elf/constants';
import { MAX_PROGRAM_IMAGE_BYTES } from '../../elf/image';
import { parseRelocatable } from '../../elf/relocatable';
import type { Section } from '../../elf/types';
import type { DiagnosticSink } from './diagnostics';
import type { InputObject, InputSection } from './model';
import type { LinkInput } from './types';

/** Section types that hold code or data the output may need. */
const CONTENT_TYPES: ReadonlySet<number> = new Set([
  SHT_PROGBITS, SHT_NOBITS, SHT_NOTE, SHT_INIT_ARRAY, SHT_FINI_ARRAY, SHT_PREINIT_ARRAY, SHT_RISCV_ATTRIBUTES,
]);
/** Section types that describe the object (tables) and are consumed, not copied. */
const TABLE_TYPES: ReadonlySet<number> = new Set([SHT_NULL, SHT_SYMTAB, SHT_STRTAB, SHT_RELA, SHT_SYMTAB_SHNDX, SHT_GROUP]);
/** The section whose presence marks the stack non-executable (GNU extension). */
const GNU_STACK_NOTE = '.note.GNU-stack';

/** Parses every input; objects that cannot be read are reported and skipped. */
export function loadObjects(inputs: readonly LinkInput[], sink: DiagnosticSink): InputObject[] {
  const objects: InputObject[] = [];
  inputs.forEach((input, index) => {
    const object = loadObject(input, index, sink);
    if (object) objects.push(object);
  });
  checkFlags(objects, sink);
  return objects;
}

/** Reads one input; undefined (reported) when it is not a RISC-V relocatable object. */
function loadObject(input: LinkInput, index: number, sink: DiagnosticSink): InputObject | undefined {
  const name = typeof input?.name === 'string' ? input.name : `input ${index}`;
  const object: InputObject = { index, name, flags: 0, symbols: [], sections: [] };
  if (!(input?.data instanceof Uint8Array)) {
    sink.error('not a file of bytes (expected a Uint8Array)', { object });
    return undefined;
  }
  const parsed = parseRelocatable(input.data);
  if (!parsed.ok) {
    sink.error(`file format not recognized: ${parsed.error}`, { object });
    return undefined;
  }
  const { elf } = parsed.object;
  if (elf.machine !== EM_RISCV) {
    sink.error(`not a RISC-V object (e_machine is ${elf.machine}, expected EM_RISCV ${EM_RISCV})`, { object });
    return undefined;
  }
  object.flags = elf.flags;
  object.symbols = parsed.object.symbols;
  const copied = elf.sections.reduce((n, s) => n + (CONTENT_TYPES.has(s.type) && s.type !== SHT_NOBITS ? s.size : 0), 0);
  if (copied > MAX_PROGRAM_IMAGE_BYTES) {
    sink.error(`its sections hold ${copied} bytes, more than the ${MAX_PROGRAM_IMAGE_BYTES} bytes a program may have`, { object });
    return undefined;
  }
  for (const s of elf.sections) {
    if (s.index === 0 || TABLE_TYPES.has(s.type)) continue;
    if (!CONTENT_TYPES.has(s.type)) {
      sink.error(`section ${s.name} has type 0x${s.type.toString(16)}, which a static link cannot place`, { object });
      continue;
    }
    if (s.flags & SHF_COMPRESSED) {
      sink.error(`section ${s.name} is compressed (SHF_COMPRESSED); assemble without --compress-debug-sections`, { object });
      continue;
    }
    if (s.name === GNU_STACK_NOTE) object.execStack = (s.flags & SHF_EXECINSTR) !== 0;
    const section = inputSection(object, s, input.data, parsed.object.relocations.get(s.index) ?? [], sink);
    if (section) object.sections[s.index] = section;
  }
  for (const [target, relocations] of parsed.object.relocations) {
    if (relocations.length > 0 && !object.sections[target]) {
      sink.error(`relocations apply to section ${target}, which holds no code or data`, { object });
    }
  }
  return object;
}

/** An InputSection with a private copy of the section's bytes; undefined (reported) for a bad alignment. */
function inputSection(object: InputObject, s: Section, bytes: Uint8Array, relocations: InputSection['relocations'], sink: DiagnosticSink): InputSection | undefined {
  const align = s.addralign === 0 ? 1 : s.addralign;
  if (!isPowerOfTwo(align)) {
    sink.error(`section ${s.name} has alignment ${align}, which is not a power of two`, { object });
    return undefined;
  }
  const nobits = s.type === SHT_NOBITS;
  return {
    object,
    index: s.index,
    name: s.name,
    type: s.type,
    flags: s.flags,
    size: s.size,
    align,
    entsize: s.entsize,
    data: nobits ? undefined : bytes.slice(s.offset, s.offset + s.size),
    relocations,
    address: 0,
  };
}

/** True for 1, 2, 4, ... (exact for any safe integer). */
export function isPowerOfTwo(n: number): boolean {
  if (!Number.isSafeInteger(n) || n < 1) return false;
  while (n > 1) {
    if (n % 2 !== 0) return false;
    n /= 2;
  }
  return true;
}

/**
 * The objects must agree on the floating-point ABI and on RVE (GNU ld refuses to mix them);
 * psABI "File Header" (EF_RISCV_FLOAT_ABI, EF_RISCV_RVE).
 */
function checkFlags(objects: InputObject[], sink: DiagnosticSink): void {
  const first = objects[0];
  if (!first) return;
  for (const o of objects.slice(1)) {
    if ((o.flags & EF_RISCV_FLOAT_ABI) !== (first.flags & EF_RISCV_FLOAT_ABI)) {
      sink.error(`can't link ${floatAbiName(o.flags)} modules with ${floatAbiName(first.flags)} modules (${first.name})`, { object: o });
    }
    if ((o.flags & EF_RISCV_RVE) !== (first.flags & EF_RISCV_RVE)) {
      sink.error(`can't link RVE with other target (${first.name})`, { object: o });
    }
  }
}

function floatAbiName(flags: number): string {
  return ['soft-float', 'single-float', 'double-float', 'quad-float'][(flags & EF_RISCV_FLOAT_ABI) >> 1]!;
}
