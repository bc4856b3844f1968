/**
 * ELF-64 reader (System V gABI + RISC-V psABI): pure functions over a Uint8Array.
 * Entry points: readElfImage (which bytes of a file to read), parseElf64, checkRiscvExecutable, sectionBytes, symbolize, findSymbol;
 * parseRelocatable for ET_REL objects (sections, symbols, SHT_RELA relocations; the R_RISCV_* numbers).
 */
export * from './constants';
export type { Elf64, ElfCheck, ElfResult, ElfSymbol, ProgramHeader, Section } from './types';
export { parseElf64 } from './parse';
export { MAX_PROGRAM_IMAGE_BYTES, readElfImage } from './image';
export type { ByteSource, ElfImageResult } from './image';
export { checkRiscvExecutable, findSection, sectionBytes } from './query';
export { loadSegments, segmentBytes } from './segments';
export { SymbolIndex, findSymbol, symbolIndex, symbolize } from './symbols';
export type { SymbolLocation } from './symbols';
export * from './relocatable';
