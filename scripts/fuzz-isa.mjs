// Differential ISA fuzzing against qemu-riscv64 (issue 3, "How it is checked").
// Usage: npm run fuzz:isa -- --count N --seed S [--fp auto|on|off] [--no-save] [--max-save K]
// Bundles test/fuzz/cli.ts (TypeScript) with esbuild into a temporary module and runs it.
import { join } from 'node:path';
import { ROOT, withTsModule } from './run-ts.mjs';

process.exitCode = await withTsModule('test/fuzz/cli.ts', ({ main }) => main(process.argv.slice(2), join(ROOT, 'test/fuzz/repro')));
