/**
 * `glasskernel as [--march=rv64gc|rv64g] [-o OUT] file.s...`: assembles and links RISC-V
 * assembly with the built-in toolchain (src/toolchain) into a static executable, as
 * `riscv64-linux-gnu-as` + `ld -static` would; diagnostics go to stderr as GNU's tools print them.
 * Also the in-memory build `glasskernel run file.s` uses.
 */
import fs from 'node:fs';
import { buildHostAssembly } from '../host/asm-sources';
import { formatBuildDiagnostics } from '../toolchain/build';

/** Usage of the `as` command. */
export const AS_USAGE = `usage: glasskernel as [--march=rv64gc|rv64g] [-o OUT] file.s [file.s...]

Assembles and links RISC-V assembly (GNU as syntax; .S files go through the C preprocessor)
into a static RV64 executable OUT (default a.out), with a line table for the debugger.`;

/** Permission bits of the written executable (rwxr-xr-x). */
const EXECUTABLE_MODE = 0o755;

/** Builds `files` in memory; prints diagnostics to stderr; the executable, or undefined when the build failed. */
export function buildForRun(files: readonly string[], march?: 'rv64gc' | 'rv64g'): Uint8Array | undefined {
  const r = buildHostAssembly(files, { march });
  if ('error' in r) { console.error(`glasskernel: ${r.error}`); return undefined; }
  for (const line of formatBuildDiagnostics(r)) console.error(line);
  return r.executable;
}

/** Runs `glasskernel as` with its arguments; returns the exit status (0 built, 1 diagnostics, 2 usage). */
export function asCommand(argv: readonly string[]): number {
  let out = 'a.out';
  let march: 'rv64gc' | 'rv64g' | undefined;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-h' || a === '--help') { console.log(AS_USAGE); return 0; }
    if (a === '-o') {
      const next = argv[++i];
      if (next === undefined) { console.error(`glasskernel as: -o needs a file name\n\n${AS_USAGE}`); return 2; }
      out = next;
    } else if (a.startsWith('--march=')) {
      const m = a.slice('--march='.length);
      if (m !== 'rv64gc' && m !== 'rv64g') { console.error(`glasskernel as: --march takes rv64gc or rv64g, not '${m}'`); return 2; }
      march = m;
    } else if (a.startsWith('-')) {
      console.error(`glasskernel as: unknown option ${a}\n\n${AS_USAGE}`);
      return 2;
    } else files.push(a);
  }
  if (files.length === 0) { console.error(`glasskernel as: no input files\n\n${AS_USAGE}`); return 2; }
  const exe = buildForRun(files, march);
  if (!exe) return 1;
  try {
    fs.writeFileSync(out, exe, { mode: EXECUTABLE_MODE });
  } catch (e) {
    console.error(`glasskernel as: cannot write ${out}: ${(e as Error).message}`);
    return 1;
  }
  return 0;
}
