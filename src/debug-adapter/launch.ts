/**
 * The `launch` request's arguments (package.json `configurationAttributes` of the
 * `glasskernel` debug type), checked: bad values give an error message, not an exception.
 */

/** Guest RAM bounds accepted for `memoryMiB` (MiB); the kernel's default is 128 MiB. */
const MIN_MEMORY_MIB = 4;
const MAX_MEMORY_MIB = 4096;

/** Checked launch arguments. */
export interface LaunchOptions {
  /** Host path of the RISC-V ELF to run. */
  program: string;
  /** Guest argv[1..]. */
  args: string[];
  /** Guest RAM in MiB; undefined for the kernel's default. */
  memoryMiB?: number;
  /** Stop at the program's first instruction. */
  stopOnEntry: boolean;
}

/** Validates raw launch arguments: `program` (required string), `args`, `memoryMiB`, `stopOnEntry`. */
export function launchOptions(raw: unknown): { ok: true } & LaunchOptions | { ok: false; error: string } {
  const a = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  if (typeof a.program !== 'string' || a.program.trim() === '') {
    return { ok: false, error: "launch: 'program' must be the path of a RISC-V ELF executable" };
  }
  const args = a.args ?? [];
  if (!Array.isArray(args) || !args.every((x) => typeof x === 'string')) {
    return { ok: false, error: "launch: 'args' must be an array of strings" };
  }
  const mib = a.memoryMiB;
  if (mib !== undefined && (typeof mib !== 'number' || !Number.isInteger(mib) || mib < MIN_MEMORY_MIB || mib > MAX_MEMORY_MIB)) {
    return { ok: false, error: `launch: 'memoryMiB' must be an integer from ${MIN_MEMORY_MIB} to ${MAX_MEMORY_MIB}` };
  }
  return { ok: true, program: a.program, args: args as string[], memoryMiB: mib as number | undefined, stopOnEntry: a.stopOnEntry === true };
}
