/**
 * The built-in static linker for RISC-V (issue 11): `link` turns ELF64 relocatable objects
 * (from GNU as or the built-in assembler) into a static executable laid out like
 * `riscv64-linux-gnu-ld -static --no-relax`. Pure: bytes in, bytes and diagnostics out.
 */
export { link, DEFAULT_ENTRY } from './link';
export { formatLinkDiagnostic } from './diagnostics';
export type { LinkDiagnostic, LinkInput, LinkOptions, LinkResult, LinkSourcePosition } from './types';
