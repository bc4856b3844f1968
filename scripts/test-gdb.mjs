// Compares Glasskernel's C debugger with gdb-multiarch on qemu-riscv64 (test/gdb/main.mjs):
// same programs, same breakpoints, stack frames and frame-0 variables at every stop.
//   node scripts/test-gdb.mjs [--program NAME] [--json] [--details N] [--recorded] ...
// Needs gdb-multiarch and qemu-riscv64. When either is missing it exits 1, or 0 (a skip) when
// GLASSKERNEL_GDB_OPTIONAL=1. Builds dist/ first when dist/adapter.js is missing.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TOOLS = ['gdb-multiarch', 'qemu-riscv64'];
const argv = process.argv.slice(2);

const onPath = (tool) => spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;
const missing = argv.includes('--recorded') ? [] : TOOLS.filter((t) => !onPath(t));
if (missing.length > 0) {
  const optional = process.env.GLASSKERNEL_GDB_OPTIONAL === '1';
  console.error(`test:gdb ${optional ? 'skipped' : 'failed'}: ${missing.join(' and ')} not found on PATH `
    + '(Debian: apt-get install gdb-multiarch qemu-user).'
    + (optional ? ' GLASSKERNEL_GDB_OPTIONAL=1, so this is not an error.' : ' Set GLASSKERNEL_GDB_OPTIONAL=1 to skip instead.'));
  process.exit(optional ? 0 : 1);
}

if (!fs.existsSync(path.join(ROOT, 'dist', 'adapter.js'))) {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
}
const { main } = await import('../test/gdb/main.mjs');
process.exitCode = await main(argv);
