/**
 * Names for the numbers of the raw-instruction fuzzer (random words executed as code). Facts
 * from the RISC-V Unprivileged spec (encodings), the Linux riscv64 ABI (syscall numbers,
 * signal numbers and flags, struct layouts) and asm-generic/siginfo.h.
 */

/** Sv39 base page size (bytes). */
export const PAGE_BYTES = 4096;
/** Bytes of code each sample owns; the part after its words is filled with EBREAK_INSN. */
export const SLOT_BYTES = 128;
/** Most 16-bit parcels a sample draws (a 32-bit word takes two). */
export const MAX_PARCELS = 24;
/** Where the samples' code goes (read + execute only: stores to it fault). */
export const CODE_BASE = 0x20000000;
/** Where the data buffer goes; the pages before and after it stay unmapped. */
export const BUF_BASE = 0x30000000;
/** Size of the data buffer (two pages: accesses straddle the page boundary inside it). */
export const BUF_BYTES = 2 * PAGE_BYTES;

/** `ebreak` (SYSTEM, funct12 = 1): fills each slot after its words, ends a sample with SIGTRAP. */
export const EBREAK_INSN = 0x00100073;
/** `ecall` (SYSTEM, all zero fields): never drawn, a random system call could do anything. */
export const ECALL_INSN = 0x00000073;
/** Low 7 bits of a 32-bit instruction: the major opcode. */
export const OPCODE_MASK = 0x7f;
/** Major opcodes drawn by the structured generator (Unprivileged spec, "RV32/64G Instruction Set Listings"). */
export const OPC_LOAD = 0x03;
export const OPC_LOAD_FP = 0x07;
export const OPC_MISC_MEM = 0x0f;
export const OPC_STORE = 0x23;
export const OPC_STORE_FP = 0x27;
export const OPC_AMO = 0x2f;
export const OPC_SYSTEM = 0x73;
export const OPC_BRANCH = 0x63;
export const OPC_JALR = 0x67;
export const OPC_JAL = 0x6f;
/** funct3 of the A extension's word and doubleword forms. */
export const AMO_W = 2;
export const AMO_D = 3;
/** funct5 values of the A extension (LR, SC, AMOSWAP ... AMOMAXU), plus reserved ones drawn too. */
export const AMO_FUNCT5 = [0x02, 0x03, 0x01, 0x00, 0x04, 0x0c, 0x08, 0x10, 0x14, 0x18, 0x1c];
/** A 32-bit instruction has both low bits set; anything else is a 16-bit (C) parcel. */
export const LOW_BITS_32 = 3;
/** CSR numbers whose reads differ between any two runs (cycle, time, instret and the RV32 high halves). */
export const COUNTER_CSRS = [0xc00, 0xc01, 0xc02, 0xc80, 0xc81, 0xc82];
/** The CSR a counter access is redirected to (fflags, deterministic). */
export const CSR_FFLAGS = 0x001;

/** Linux riscv64 syscall numbers (asm-generic/unistd.h). */
export const SYS_WRITE = 64;
export const SYS_EXIT = 93;
export const SYS_SIGALTSTACK = 132;
export const SYS_RT_SIGACTION = 134;
export const STDOUT_FILENO = 1;
/** Signals the harness catches (asm-generic/signal.h). */
export const SIGILL = 4;
export const SIGTRAP = 5;
export const SIGBUS = 7;
export const SIGFPE = 8;
export const SIGSEGV = 11;
export const CAUGHT_SIGNALS = [SIGILL, SIGTRAP, SIGBUS, SIGFPE, SIGSEGV];
/** sigaction sa_flags: SA_SIGINFO and SA_ONSTACK (asm-generic/signal.h). */
export const SA_SIGINFO = 0x4;
export const SA_ONSTACK = 0x08000000;
/** Bytes of the kernel's sigset_t on riscv64 (the rt_sigaction sigsetsize argument). */
export const SIGSET_BYTES = 8;
/** Alternate signal stack size (bytes): the handler never runs on the sample's sp. */
export const ALTSTACK_BYTES = 16384;
/** siginfo_t offsets (asm-generic/siginfo.h, 64-bit): si_signo, si_code, _sigfault.si_addr. */
export const SI_SIGNO = 0;
export const SI_CODE = 8;
export const SI_ADDR = 16;
/** ucontext offsets (riscv64 asm/ucontext.h): uc_mcontext; inside it sc_regs (pc, x1..x31), f[32], fcsr. */
export const UC_MCONTEXT = 176;
export const SC_FREGS = 256;
export const SC_FCSR = 512;
/** fcsr bits the harness sets (frm in 7:5, fflags in 4:0). */
export const FCSR_MASK = 0xff;

/** One output record: signo, si_code, si_addr, pc, x1..x31, f0..f31, fcsr, buffer checksum (u64 each). */
export const REC_WORDS = 4 + 31 + 32 + 2;
export const REC_BYTES = REC_WORDS * 8;
/** Per-sample state block: x1..x31, f0..f31, fcsr (u64 each). */
export const STATE_WORDS = 31 + 32 + 1;
export const STATE_BYTES = STATE_WORDS * 8;

/** Glasskernel: instructions a sample (and the handler around it) may retire before it counts as a loop. */
export const SAMPLE_INSN_BUDGET = 2_000_000;
/** qemu-riscv64: milliseconds without a new record before the run counts as looping. */
export const QEMU_STALL_MS = 1500;
/** mmap/mprotect (asm-generic/unistd.h, mman-common.h): the code and buffer are mapped at run time. */
export const SYS_MMAP = 222;
export const SYS_MPROTECT = 226;
export const PROT_READ = 0x1;
export const PROT_WRITE = 0x2;
export const PROT_EXEC = 0x4;
export const MAP_PRIVATE = 0x02;
export const MAP_FIXED = 0x10;
export const MAP_ANONYMOUS = 0x20;
/**
 * The Sv39 user half ends at 2^38 (Privileged spec, "Sv39": bits 63..39 equal bit 38). For a
 * fault at a virtual address at or above it, qemu-riscv64 reports si_addr 0 while Linux reports
 * stval (the address); such a pair is not a mismatch.
 */
export const SV39_USER_END = 1n << 38n;
/** funct5 of SC.W/SC.D. */
export const SC_FUNCT5 = 0x03;
/** si_code BUS_ADRALN (asm-generic/siginfo.h). */
export const BUS_ADRALN = 1;
/**
 * qemu-riscv64's CPU for raw runs: its default CPU also implements Zba/Zbb/Zbc/Zbs, which
 * Glasskernel (RV64GC) does not; those words must be illegal on both sides.
 */
export const QEMU_CPU_ARGS = ['-cpu', 'rv64,zba=false,zbb=false,zbc=false,zbs=false'];
