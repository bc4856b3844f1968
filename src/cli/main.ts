import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { RECOMMENDED_V8_FLAGS } from '../emu';
import type { KernelEvents, KernelStats } from '../kernel/api';
import { runProgram } from './runner';

const USAGE = `usage: glasskernel run [options] <program.elf> [args...]

Runs a statically linked RISC-V RV64 Linux program on the Glasskernel kernel.
The program appears in the guest as /bin/<name> and is started with argv[0] = /bin/<name>.

options:
  --stats               after the run, print processes created, page faults by kind,
                        frames in use at boot and at exit, instructions retired (to stderr)
  --trace=faults        print one line per page fault (to stderr)
  --memory-mib=N        guest RAM in MiB (default 128)
  --max-instructions=N  kill every process after N retired instructions (for autograders;
                        the exit status is then 137, SIGKILL)
  --file=HOST:GUEST     copy a host file into the guest file system (repeatable)
  -h, --help            this text

exit status: the program's exit code, or 128 + signal number when it was killed.`;

/** Parsed command line of `glasskernel run`. */
interface CliOptions {
  stats: boolean;
  traceFaults: boolean;
  memoryMiB?: number;
  maxInstructions?: number;
  files: [string, string][];
  program: string;
  args: string[];
}

/** Parses argv (after `run`); options come before the program, everything after it goes to the guest. */
function parse(argv: string[]): CliOptions | string {
  const o: CliOptions = { stats: false, traceFaults: false, files: [], program: '', args: [] };
  let i = 0;
  for (; i < argv.length && argv[i].startsWith('-'); i++) {
    const a = argv[i];
    const [key, value] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    if (key === '--stats') o.stats = true;
    else if (key === '--trace' && value === 'faults') o.traceFaults = true;
    else if (key === '--memory-mib' && value && /^\d+$/.test(value) && Number(value) > 0) o.memoryMiB = Number(value);
    else if (key === '--max-instructions' && value && /^\d+$/.test(value) && Number(value) > 0) o.maxInstructions = Number(value);
    else if (key === '--file' && value && value.includes(':')) {
      const c = value.lastIndexOf(':');
      const guest = value.slice(c + 1);
      if (!guest.startsWith('/')) return `--file: guest path must be absolute: ${guest}`;
      o.files.push([value.slice(0, c), guest]);
    } else return `unknown or malformed option: ${a}`;
  }
  if (i >= argv.length) return 'missing program';
  o.program = argv[i];
  o.args = argv.slice(i + 1);
  return o;
}

function hex(n: number): string {
  return '0x' + n.toString(16);
}

/** One --trace=faults line: pid, address, access, VMA, decision. */
export function faultLine(e: KernelEvents['pageFault']): string {
  return `[fault] pid ${e.pid} ${e.access} ${hex(e.address)} pc ${hex(e.sepc)} in ${e.vma ?? '(no vma)'}: ${e.decision}`;
}

/** The --stats block. */
export function statsText(s: KernelStats, status: number): string {
  const f = s.faults;
  return [
    '--- glasskernel stats ---',
    `exit status (wait4):    ${hex(status)}`,
    `processes created:      ${s.processesCreated}`,
    `page faults:            demand-zero ${f['demand-zero'] + f['stack-grow']}, file ${f.file}, copy-on-write ${f['cow-copy'] + f['cow-reuse']} (copied ${f['cow-copy']}, reused ${f['cow-reuse']}), shared ${f.shared}, segfault ${f.segv}, spurious ${f.spurious}, oom ${f.oom}`,
    `frames in use:          at boot ${s.framesAtBoot}, at exit ${s.framesInUse}${s.framesAtBoot === s.framesInUse ? ' (all freed)' : ' (LEAK)'}`,
    `instructions retired:   ${s.instructionsRetired}`,
  ].join('\n') + '\n';
}

function main(argv: string[]): number {
  if (argv[0] === '-h' || argv[0] === '--help' || argv.length === 0) { console.log(USAGE); return argv.length === 0 ? 2 : 0; }
  if (argv[0] !== 'run') { console.error(`glasskernel: unknown command '${argv[0]}'\n\n${USAGE}`); return 2; }
  const o = parse(argv.slice(1));
  if (typeof o === 'string') { console.error(`glasskernel: ${o}\n\n${USAGE}`); return 2; }
  const files = new Map<string, Uint8Array>();
  const guestPath = `/bin/${path.basename(o.program)}`;
  try {
    files.set(guestPath, fs.readFileSync(o.program));
    for (const [host, guest] of o.files) files.set(guest, fs.readFileSync(host));
  } catch (e) {
    console.error(`glasskernel: ${(e as Error).message}`);
    return 127;
  }
  const stdinBuf = Buffer.alloc(4096);
  const result = runProgram({
    path: guestPath,
    files,
    argv: [guestPath, ...o.args],
    envp: ['PATH=/bin', 'HOME=/'],
    memoryBytes: o.memoryMiB ? o.memoryMiB * 1024 * 1024 : undefined,
    maxInstructions: o.maxInstructions,
    write: (fd, data) => fs.writeSync(fd === 2 ? 2 : 1, data),
    read: (max) => {
      try {
        const n = fs.readSync(0, stdinBuf, 0, Math.min(max, stdinBuf.length), null);
        return new Uint8Array(stdinBuf.subarray(0, n));
      } catch {
        return new Uint8Array(0);
      }
    },
    onFault: o.traceFaults ? (e) => fs.writeSync(2, faultLine(e) + '\n') : undefined,
  });
  if (result.error) { console.error(`glasskernel: ${result.error}`); return 127; }
  if (result.timedOut) console.error(`glasskernel: instruction limit ${o.maxInstructions} reached: every process was killed`);
  if (o.stats) fs.writeSync(2, statsText(result.stats, result.status));
  return result.exitCode;
}

for (const flag of RECOMMENDED_V8_FLAGS) v8.setFlagsFromString(flag);
process.exitCode = main(process.argv.slice(2));
