/**
 * The program as DAP's `modules` and `source` requests describe it: the launched ELF as one
 * module (DAP Module: name, path, symbol status, address range), and source text read from
 * the host.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { PT_LOAD } from '../elf';
import { hex } from './format';
import type { Program } from './program';

/** Largest source file the `source` request returns (bytes). */
const MAX_SOURCE_BYTES = 16 * 1024 * 1024;

/** The launched ELF as a DAP module: its [lowest, highest) PT_LOAD virtual range and debug-info status. */
export function programModule(program: Program): DebugProtocol.Module {
  const loads = program.elf.programHeaders.filter((ph) => ph.type === PT_LOAD);
  const low = Math.min(...loads.map((ph) => ph.vaddr));
  const high = Math.max(...loads.map((ph) => ph.vaddr + ph.memsz));
  const symbolStatus = program.debugInfo ? 'Symbols loaded (DWARF)' : program.lines ? 'Line table only (no .debug_info)' : 'No debug information (compile with -g)';
  return {
    id: 1,
    name: path.basename(program.hostPath),
    path: program.hostPath,
    isOptimized: undefined,
    symbolStatus,
    addressRange: loads.length > 0 ? `${hex(low)}-${hex(high)}` : undefined,
  };
}

/** The UTF-8 text of host file `p`, or undefined when it cannot be read (or is too large). */
export function readTextFile(p: string): string | undefined {
  try {
    if (fs.statSync(p).size > MAX_SOURCE_BYTES) return undefined;
    return fs.readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}
