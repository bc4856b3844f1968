/**
 * The `.riscv.attributes` section (RISC-V ELF psABI "RISC-V ELF Attributes"; ELF build
 * attributes format): format version 'A', one "riscv" vendor subsection holding a Tag_File
 * sub-subsection with Tag_RISCV_arch — the ISA string — as GNU as writes it.
 */

const FORMAT_VERSION = 0x41; // 'A'
const VENDOR = 'riscv';
const TAG_FILE = 1;
const TAG_RISCV_ARCH = 5;
const TAG_RISCV_PRIV_SPEC = 8;
const TAG_RISCV_PRIV_SPEC_MINOR = 10;
/** The privileged spec version GNU as 2.40 records: 1.11. */
const PRIV_SPEC = 1;
const PRIV_SPEC_MINOR = 11;
const U32 = 4;

/**
 * The section contents for ISA string `arch` (e.g. rv64i2p0_m2p0_a2p0_f2p0_d2p0_c2p0_zmmul1p0);
 * with `privSpec` (a CSR or privileged instruction was used) also the privileged spec version.
 */
export function riscvAttributes(arch: string, privSpec: boolean): Uint8Array {
  const archBytes = [TAG_RISCV_ARCH, ...Array.from(arch, (c) => c.charCodeAt(0)), 0,
    ...(privSpec ? [TAG_RISCV_PRIV_SPEC, PRIV_SPEC, TAG_RISCV_PRIV_SPEC_MINOR, PRIV_SPEC_MINOR] : [])];
  const fileSize = 1 + U32 + archBytes.length;
  const vendorSize = U32 + VENDOR.length + 1 + fileSize;
  const out = new Uint8Array(1 + vendorSize);
  const view = new DataView(out.buffer);
  let at = 0;
  out[at++] = FORMAT_VERSION;
  view.setUint32(at, vendorSize, true);
  at += U32;
  for (const c of VENDOR) out[at++] = c.charCodeAt(0);
  out[at++] = 0;
  out[at++] = TAG_FILE;
  view.setUint32(at, fileSize, true);
  at += U32;
  out.set(archBytes, at);
  return out;
}
