import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { RECOMMENDED_V8_FLAGS } from '../emu';
import { BYTES_PER_MIB } from '../host/guest-memory';
import { readHostFile, readProgramFile } from '../host/program-file';
import { parse, USAGE } from './options';
import { statsText } from '../host/stats-text';
import { attachTrace } from './trace';
import { openTrace } from './trace-sink';
import { runProgram } from './runner';
import { AS_USAGE, asCommand, buildForRun } from './as-command';
import { isAssemblySource } from '../toolchain/build';

function main(argv: string[]): number {
  if (argv[0] === '-h' || argv[0] === '--help' || argv.length === 0) { console.log(`${USAGE}\n\n${AS_USAGE}`); return argv.length === 0 ? 2 : 0; }
  if (argv[0] === 'as') return asCommand(argv.slice(1));
  if (argv[0] !== 'run') { console.error(`glasskernel: unknown command '${argv[0]}'\n\n${USAGE}`); return 2; }
  const o = parse(argv.slice(1));
  if (typeof o === 'string') { console.error(`glasskernel: ${o}\n\n${USAGE}`); return 2; }
  const files = new Map<string, Uint8Array>();
  const source = isAssemblySource(o.program);
  const guestPath = `/bin/${path.basename(o.program).replace(/\.(s|S|asm)$/, '')}`;
  if (source) {
    // An assembly source: built in memory with the built-in assembler and linker.
    const exe = buildForRun([o.program]);
    if (!exe) return 1;
    files.set(guestPath, exe);
  } else {
    const program = readProgramFile(o.program);
    if (!program.ok) { console.error(`glasskernel: ${o.program}: ${program.error}`); return 127; }
    for (const w of program.warnings) console.error(`glasskernel: warning: ${o.program}: ${w}`);
    files.set(guestPath, program.bytes);
  }
  for (const [host, guest] of o.files) {
    const file = readHostFile(host);
    if (!file.ok) { console.error(`glasskernel: --file: ${host}: ${file.error}`); return 127; }
    files.set(guest, file.bytes);
  }
  const trace = o.trace.size ? openTrace(o.traceFile) : undefined;
  if (typeof trace === 'string') { console.error(`glasskernel: ${trace}`); return 2; }
  const stdinBuf = Buffer.alloc(4096);
  const result = runProgram({
    path: guestPath,
    files,
    argv: [guestPath, ...o.args],
    envp: ['PATH=/bin', 'HOME=/'],
    memoryBytes: o.memoryMiB ? o.memoryMiB * BYTES_PER_MIB : undefined,
    maxInstructions: o.maxInstructions,
    timeSliceInstructions: o.timeSliceInstructions,
    scheduler: o.scheduler,
    write: (fd, data) => { trace?.flush(); fs.writeSync(fd === 2 ? 2 : 1, data); },
    read: (max) => {
      try {
        const n = fs.readSync(0, stdinBuf, 0, Math.min(max, stdinBuf.length), null);
        return new Uint8Array(stdinBuf.subarray(0, n));
      } catch {
        return new Uint8Array(0);
      }
    },
    attach: trace ? (kernel) => attachTrace(kernel, o.trace, trace.line) : undefined,
  });
  trace?.close();
  if (result.error) { console.error(`glasskernel: ${result.error}`); return 127; }
  if (result.timedOut) console.error(`glasskernel: instruction limit ${o.maxInstructions} reached: every process was killed`);
  if (o.stats) fs.writeSync(2, statsText(result.stats, result.status));
  return result.exitCode;
}

for (const flag of RECOMMENDED_V8_FLAGS) v8.setFlagsFromString(flag);
process.exitCode = main(process.argv.slice(2));
