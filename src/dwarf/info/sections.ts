/**
 * The ELF sections the .debug_info reader reads (DWARF 5 section 7 and appendix B): raw
 * bytes, no parsing. Only .debug_info and .debug_abbrev are required.
 */
import { sectionBytes, type Elf64 } from '../../elf';

/** Section bytes by role; each optional section may be absent from older or smaller programs. */
export interface InfoSections {
  debugInfo: Uint8Array;
  debugAbbrev: Uint8Array;
  debugStr?: Uint8Array;
  debugLineStr?: Uint8Array;
  debugStrOffsets?: Uint8Array;
  debugAddr?: Uint8Array;
  debugRnglists?: Uint8Array;
  debugLoclists?: Uint8Array;
  /** DWARF 2..4 location lists. */
  debugLoc?: Uint8Array;
  /** DWARF 2..4 range lists. */
  debugRanges?: Uint8Array;
  debugAranges?: Uint8Array;
  debugLine?: Uint8Array;
}

/** Section names of an ELF file, by role in InfoSections. */
const SECTION_NAMES: Record<keyof InfoSections, string> = {
  debugInfo: '.debug_info',
  debugAbbrev: '.debug_abbrev',
  debugStr: '.debug_str',
  debugLineStr: '.debug_line_str',
  debugStrOffsets: '.debug_str_offsets',
  debugAddr: '.debug_addr',
  debugRnglists: '.debug_rnglists',
  debugLoclists: '.debug_loclists',
  debugLoc: '.debug_loc',
  debugRanges: '.debug_ranges',
  debugAranges: '.debug_aranges',
  debugLine: '.debug_line',
};

/** The sections of `elf`, with empty .debug_info/.debug_abbrev when the program has no -g. */
export function infoSectionsOf(elf: Elf64): InfoSections {
  const out: Partial<InfoSections> = {};
  for (const [role, name] of Object.entries(SECTION_NAMES) as Array<[keyof InfoSections, string]>) {
    const bytes = sectionBytes(elf, name);
    if (bytes) out[role] = bytes;
  }
  return { ...out, debugInfo: out.debugInfo ?? new Uint8Array(0), debugAbbrev: out.debugAbbrev ?? new Uint8Array(0) };
}
