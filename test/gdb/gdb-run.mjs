/**
 * The reference side: runs a program under `qemu-riscv64 -g PORT` and drives gdb-multiarch
 * against it in batch mode, one `continue` per expected stop, reading `bt`, `info args` and
 * `info locals` at each. gdb's stdout and stderr go to one file so they stay in order.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { SECTION, parseGdbOutput } from './gdb-parse.mjs';

/** Wall-clock limit (ms) of one gdb session: a hang guard, not a measurement. */
const GDB_TIMEOUT_MS = 60_000;
/** gdb's settings: no paging or wrapping, one-line values, SIGUSR1 passed silently (as our adapter runs it). */
const SETTINGS = [
  'set pagination off', 'set width 0', 'set height 0', 'set confirm off', 'set print pretty off',
  'handle SIGUSR1 nostop noprint pass',
];

/** A TCP port free right now on localhost (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The gdb command list (each becomes one `-ex`) for a program case.
 * @param {{ source: string, breakpoints: { line: number }[], spec: { stops: number } }} c
 * @param {number} port
 * @param {{ pastMain?: boolean }} [options] pastMain: `bt` goes on past main (gdb stops there by default)
 */
export function gdbCommands(c, port, options = {}) {
  const file = path.basename(c.source);
  const cmds = [...SETTINGS, ...(options.pastMain ? ['set backtrace past-main on'] : []), `directory ${path.dirname(c.source)}`, `target remote 127.0.0.1:${port}`];
  for (const bp of c.breakpoints) cmds.push(`break ${file}:${bp.line}`);
  for (let i = 0; i < c.spec.stops; i++) {
    cmds.push(`echo \\n${SECTION.stop}\\n`, 'continue');
    cmds.push(`echo \\n${SECTION.bt}\\n`, 'bt');
    cmds.push(`echo \\n${SECTION.args}\\n`, 'info args');
    cmds.push(`echo \\n${SECTION.locals}\\n`, 'info locals');
  }
  cmds.push(`echo \\n${SECTION.end}\\n`, 'kill');
  return cmds;
}

/** Resolves when `child` exits (or at once when it already has). */
function exited(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Runs one program case under qemu + gdb; returns the parsed stops and gdb's raw output.
 * Errors (a tool failing to start, the timeout) come back as `error`, never thrown.
 */
export async function runGdb(c, options = {}) {
  const port = await freePort();
  const qemu = spawn('qemu-riscv64', ['-g', String(port), c.binary], { stdio: ['ignore', 'ignore', 'pipe'] });
  let qemuErr = '';
  qemu.stderr.on('data', (d) => { qemuErr += d; });
  qemu.on('error', (e) => { qemuErr += String(e); });
  const outFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gk-gdb-')), 'out.txt');
  const fd = fs.openSync(outFile, 'w');
  const args = ['-batch', '-nx'];
  for (const cmd of gdbCommands(c, port, options)) args.push('-ex', cmd);
  args.push(c.binary);
  const gdb = spawn('gdb-multiarch', args, { stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  let error;
  const timer = setTimeout(() => { error = `gdb timed out after ${GDB_TIMEOUT_MS} ms`; gdb.kill('SIGKILL'); }, GDB_TIMEOUT_MS);
  gdb.on('error', (e) => { error = `cannot run gdb-multiarch: ${e.message}`; });
  await exited(gdb);
  clearTimeout(timer);
  if (qemu.exitCode === null && qemu.signalCode === null) qemu.kill('SIGKILL');
  await exited(qemu);
  const output = fs.readFileSync(outFile, 'utf8');
  fs.rmSync(path.dirname(outFile), { recursive: true, force: true });
  const parsed = parseGdbOutput(output);
  if (!error && parsed.stops.length === 0 && !output.includes(SECTION.stop)) error = `gdb produced no stops: ${qemuErr.trim() || output.slice(-400)}`;
  return { ...parsed, output, error };
}
