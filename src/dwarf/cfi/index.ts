/**
 * Call frame information (DWARF 5 section 6.4; .eh_frame per the LSB): CIE/FDE parsing
 * (entries.ts, pointer.ts, fde-index.ts), one FDE's unwind table (instructions.ts,
 * unwind-table.ts), and applying a row to registers (unwind-step.ts).
 * Entry points: CallFrameInfo.fromElf, CallFrameInfo#rowAt, unwindStep.
 */
export { CallFrameInfo, FrameTable } from './call-frame-info';
export type { CallFrameSections, SectionData } from './call-frame-info';
export { FrameSection } from './entries';
export type { EntryResult } from './entries';
export { unwindTable } from './unwind-table';
export type { UnwindTable } from './unwind-table';
export { computeCfa, unwindStep } from './unwind-step';
export type { UnwindIo, UnwindStepOptions, UnwindStepResult } from './unwind-step';
export type { CfaRule, Cie, Fde, FrameBases, FrameSectionKind, RegisterRule, UnwindRow } from './types';
