/**
 * RISC-V ELF relocation types (RISC-V ELF psABI, "Relocations") the assembler emits. The numbers
 * live once, in src/elf/relocatable.ts (shared with the linker); this file re-exports the ones used
 * here and adds the assembler's own table of ADD/SUB pairs.
 */
import {
  R_RISCV_ADD16, R_RISCV_ADD32, R_RISCV_ADD64, R_RISCV_ADD8, R_RISCV_SUB16, R_RISCV_SUB32, R_RISCV_SUB64, R_RISCV_SUB8,
} from '../../elf/relocatable';

export {
  R_RISCV_32, R_RISCV_64, R_RISCV_ADD16, R_RISCV_ADD32, R_RISCV_ADD64, R_RISCV_ADD8, R_RISCV_BRANCH, R_RISCV_CALL,
  R_RISCV_CALL_PLT, R_RISCV_GOT_HI20, R_RISCV_HI20, R_RISCV_JAL, R_RISCV_LO12_I, R_RISCV_LO12_S, R_RISCV_PCREL_HI20,
  R_RISCV_PCREL_LO12_I, R_RISCV_PCREL_LO12_S, R_RISCV_RVC_BRANCH, R_RISCV_RVC_JUMP, R_RISCV_SUB16, R_RISCV_SUB32,
  R_RISCV_SUB64, R_RISCV_SUB8, R_RISCV_TLS_GD_HI20, R_RISCV_TLS_GOT_HI20, R_RISCV_TPREL_ADD, R_RISCV_TPREL_HI20,
  R_RISCV_TPREL_LO12_I, R_RISCV_TPREL_LO12_S, riscvRelocationName,
} from '../../elf/relocatable';

/** ADD/SUB pair types by data size in bytes (label differences that stay relocations). */
export const ADD_SUB_BY_SIZE: ReadonlyMap<number, readonly [number, number]> = new Map([
  [1, [R_RISCV_ADD8, R_RISCV_SUB8]],
  [2, [R_RISCV_ADD16, R_RISCV_SUB16]],
  [4, [R_RISCV_ADD32, R_RISCV_SUB32]],
  [8, [R_RISCV_ADD64, R_RISCV_SUB64]],
]);
