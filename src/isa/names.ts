/**
 * Register and CSR names as GNU binutils prints them. Register ABI names: RISC-V psABI,
 * "Integer Register Convention" / "Floating-point Register Convention"; CSR numbers:
 * privileged spec 2.2 "CSR Listing".
 */

/** ABI names of x0..x31 (x8 printed as `s0`, as objdump does). */
export const X_NAMES: readonly string[] = [
  'zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
  'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6',
];

/** ABI names of f0..f31. */
export const F_NAMES: readonly string[] = [
  'ft0', 'ft1', 'ft2', 'ft3', 'ft4', 'ft5', 'ft6', 'ft7', 'fs0', 'fs1', 'fa0', 'fa1', 'fa2', 'fa3', 'fa4', 'fa5',
  'fa6', 'fa7', 'fs2', 'fs3', 'fs4', 'fs5', 'fs6', 'fs7', 'fs8', 'fs9', 'fs10', 'fs11', 'ft8', 'ft9', 'ft10', 'ft11',
];

function counters(base: number, prefix: string, suffix = ''): [number, string][] {
  const out: [number, string][] = [];
  for (let i = 3; i <= 31; i++) out.push([base + i, `${prefix}${i}${suffix}`]);
  return out;
}

/** CSR number -> name, for the CSRs binutils 2.40 names by default. */
export const CSR_NAMES: ReadonlyMap<number, string> = new Map<number, string>([
  [0x001, 'fflags'], [0x002, 'frm'], [0x003, 'fcsr'],
  [0xc00, 'cycle'], [0xc01, 'time'], [0xc02, 'instret'], ...counters(0xc00, 'hpmcounter'),
  [0xc80, 'cycleh'], [0xc81, 'timeh'], [0xc82, 'instreth'], ...counters(0xc80, 'hpmcounter', 'h'),
  [0x100, 'sstatus'], [0x104, 'sie'], [0x105, 'stvec'], [0x106, 'scounteren'], [0x10a, 'senvcfg'],
  [0x140, 'sscratch'], [0x141, 'sepc'], [0x142, 'scause'], [0x143, 'stval'], [0x144, 'sip'], [0x180, 'satp'],
  [0xf11, 'mvendorid'], [0xf12, 'marchid'], [0xf13, 'mimpid'], [0xf14, 'mhartid'], [0xf15, 'mconfigptr'],
  [0x300, 'mstatus'], [0x301, 'misa'], [0x302, 'medeleg'], [0x303, 'mideleg'], [0x304, 'mie'], [0x305, 'mtvec'],
  [0x306, 'mcounteren'], [0x30a, 'menvcfg'], [0x310, 'mstatush'], [0x31a, 'menvcfgh'],
  [0x340, 'mscratch'], [0x341, 'mepc'], [0x342, 'mcause'], [0x343, 'mtval'], [0x344, 'mip'],
  [0x34a, 'mtinst'], [0x34b, 'mtval2'], [0x747, 'mseccfg'], [0x757, 'mseccfgh'],
  [0xb00, 'mcycle'], [0xb02, 'minstret'], ...counters(0xb00, 'mhpmcounter'),
  [0xb80, 'mcycleh'], [0xb82, 'minstreth'], ...counters(0xb80, 'mhpmcounter', 'h'),
  [0x320, 'mcountinhibit'], ...counters(0x320, 'mhpmevent'),
  [0x7a0, 'tselect'], [0x7a1, 'tdata1'], [0x7a2, 'tdata2'], [0x7a3, 'tdata3'], [0x7a8, 'mcontext'],
  [0x7b0, 'dcsr'], [0x7b1, 'dpc'], [0x7b2, 'dscratch0'], [0x7b3, 'dscratch1'],
  ...Array.from({ length: 16 }, (_, i) => [0x3a0 + i, `pmpcfg${i}`] as [number, string]),
  ...Array.from({ length: 64 }, (_, i) => [0x3b0 + i, `pmpaddr${i}`] as [number, string]),
]);

/** CSR name binutils prints for `csr`, or `0x...` for one it does not know. */
export function csrName(csr: number): string {
  return CSR_NAMES.get(csr) ?? `0x${csr.toString(16)}`;
}
