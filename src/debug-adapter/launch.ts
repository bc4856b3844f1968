import path from 'node:path';
import { checkGuestMemoryMiB } from '../host/guest-memory';
import { checkScheduler, checkTimeSlice } from '../host/sched-options';
import type { SchedulerName } from '../kernel/sched';
import { readHostFile } from '../host/program-file';
import { CONSOLE_MODES, type ConsoleMode } from './protocol';

/**
 * The `launch` request's arguments (package.json `configurationAttributes` of the
 * `glasskernel` debug type), checked: bad values give an error message, not an exception.
 */

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
  /** Instructions per time slice (`timeSliceInstructions`); undefined for the kernel's default. */
  timeSliceInstructions?: number;
  /** Scheduling policy (`scheduler`); undefined for round robin. */
  scheduler?: SchedulerName;
  /** Host files copied into the guest file system at boot (`files` attribute), already read. */
  files: GuestFile[];
  /** Where the guest's console is (protocol.ts ConsoleMode); 'debugConsole' when the client names none. */
  console: ConsoleMode;
}

/** One host file to place in the guest file system: absolute guest path and the bytes. */
export interface GuestFile {
  guest: string;
  data: Uint8Array;
}

/**
 * Checks and reads the `files` attribute: `[{ host, guest }]`, `guest` absolute, `host` a
 * readable regular file (relative paths are taken from the program's folder; see readHostFile
 * for the kinds and sizes refused). An error message for the first bad entry.
 */
export function readGuestFiles(raw: unknown, program: string): GuestFile[] | string {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) return "launch: 'files' must be an array of { host, guest } objects";
  const out: GuestFile[] = [];
  for (const [i, entry] of raw.entries()) {
    const e = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    if (typeof e.host !== 'string' || e.host === '' || typeof e.guest !== 'string') {
      return `launch: files[${i}] must have string 'host' and 'guest' paths`;
    }
    if (!e.guest.startsWith('/')) return `launch: files[${i}].guest must be an absolute guest path: ${e.guest}`;
    const host = path.resolve(path.dirname(program), e.host);
    const file = readHostFile(host);
    if (!file.ok) return `launch: files[${i}].host: cannot read ${host}: ${file.error}`;
    out.push({ guest: e.guest, data: file.bytes });
  }
  return out;
}

/**
 * The `console` attribute: 'terminal' or 'debugConsole'; absent means 'debugConsole' (a client
 * that does not know `glasskernel/consoleOutput` still sees the output; the VS Code extension
 * fills in 'terminal'). An error message for anything else.
 */
export function consoleMode(raw: unknown): { ok: true; mode: ConsoleMode } | { ok: false; error: string } {
  if (raw === undefined) return { ok: true, mode: 'debugConsole' };
  if (typeof raw === 'string' && (CONSOLE_MODES as readonly string[]).includes(raw)) return { ok: true, mode: raw as ConsoleMode };
  return { ok: false, error: `launch: 'console' must be "terminal" (a terminal with a tty line discipline: echo, line editing, Ctrl+C) or "debugConsole" (output in the Debug Console, input at end of file), got ${JSON.stringify(raw)}` };
}

/** Validates raw launch arguments: `program` (required string), `args`, `memoryMiB`, `stopOnEntry`, `files` (read here), `console`. */
export function launchOptions(raw: unknown): { ok: true } & LaunchOptions | { ok: false; error: string } {
  const a = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  if (typeof a.program !== 'string' || a.program.trim() === '') {
    return { ok: false, error: "launch: 'program' must be the path of a RISC-V ELF executable" };
  }
  const args = a.args ?? [];
  if (!Array.isArray(args) || !args.every((x) => typeof x === 'string')) {
    return { ok: false, error: "launch: 'args' must be an array of strings" };
  }
  const mib = a.memoryMiB === undefined ? undefined : checkGuestMemoryMiB(a.memoryMiB);
  if (mib !== undefined && !mib.ok) return { ok: false, error: `launch: 'memoryMiB' ${mib.error}` };
  const slice = a.timeSliceInstructions === undefined ? undefined : checkTimeSlice(a.timeSliceInstructions);
  if (slice !== undefined && !slice.ok) return { ok: false, error: `launch: 'timeSliceInstructions' ${slice.error}` };
  const policy = a.scheduler === undefined ? undefined : checkScheduler(a.scheduler);
  if (policy !== undefined && !policy.ok) return { ok: false, error: `launch: 'scheduler' ${policy.error}` };
  const console = consoleMode(a.console);
  if (!console.ok) return console;
  const files = readGuestFiles(a.files, a.program);
  if (typeof files === 'string') return { ok: false, error: files };
  return { ok: true, program: a.program, args: args as string[], memoryMiB: mib?.mib, stopOnEntry: a.stopOnEntry === true, files, console: console.mode,
    timeSliceInstructions: slice?.instructions, scheduler: policy?.name };
}
