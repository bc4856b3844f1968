import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Kernel, type KernelOptions } from '../../src/kernel/kernel';

/** Guest programs of the process/signal tests (built by test/fixtures/guest/build.sh). */
export const GUEST = path.resolve(__dirname, '../fixtures/guest');

/** True when qemu-riscv64 can run our guests (for the live Linux comparisons). */
export const hasQemu = (() => {
  try { execFileSync('qemu-riscv64', ['--version'], { stdio: 'ignore' }); return true; } catch { return false; }
})();

/** The recorded output of a guest (`<name>.expected`). */
export function expected(name: string): string {
  return fs.readFileSync(path.join(GUEST, `${name}.expected`), 'utf8');
}

/** What Linux (qemu-riscv64) prints for a guest, and its exit code. */
export function qemu(name: string): { out: string; code: number } {
  try {
    return { out: execFileSync('qemu-riscv64', [path.join(GUEST, 'bin', name)], { encoding: 'utf8' }), code: 0 };
  } catch (e) {
    const err = e as { stdout: string; status: number | null; signal: string | null };
    return { out: err.stdout, code: err.status ?? 128 + 15 };
  }
}

/** Outcome of one guest run on our kernel. */
export interface GuestRun {
  out: string;
  status: number;
  kernel: Kernel;
}

/**
 * Boots a kernel with guest `name` at /bin/<name> (plus `files`), runs it to the end and returns
 * its console output, the program's wait status and the kernel (for frame accounting and
 * inspection). The binary is `<dir>/<name>` on the host (default: the test guests' bin
 * directory). `setup` may subscribe to events before the program starts.
 */
export function runGuest(name: string, opts: {
  dir?: string;
  argv?: string[];
  files?: Record<string, Uint8Array>;
  kernel?: Partial<KernelOptions>;
  setup?: (k: Kernel) => void;
} = {}): GuestRun {
  let out = '';
  const dec = new TextDecoder();
  const k = new Kernel({ host: { writeConsole: (_fd, d) => { out += dec.decode(d); } }, ...opts.kernel });
  const guest = `/bin/${name}`;
  k.addFile(guest, fs.readFileSync(path.join(opts.dir ?? path.join(GUEST, 'bin'), name)));
  for (const [p, data] of Object.entries(opts.files ?? {})) k.addFile(p, data);
  opts.setup?.(k);
  const started = k.start(guest, opts.argv ?? [guest], ['PATH=/bin']);
  if (!started.ok) throw new Error(started.error);
  for (let i = 0; i < 10_000; i++) {
    const stop = k.run(1_000_000);
    if (stop.kind === 'exited') return { out, status: stop.status, kernel: k };
    if (stop.kind === 'idle') break;
  }
  throw new Error(`${name} did not finish; output so far:\n${out}`);
}
