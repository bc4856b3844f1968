// Raw-instruction differential fuzzing against qemu-riscv64 (issue 9, "Random instruction streams").
// Usage: npm run fuzz:raw -- --seed S --count N [--engine jit|interpreter] [--no-save] [--max-save K]
// Bundles test/fuzz/raw/cli.ts (TypeScript) with esbuild into a temporary module and runs it.
import { join } from 'node:path';
import { ROOT, withTsModule } from './run-ts.mjs';

process.exitCode = await withTsModule('test/fuzz/raw/cli.ts', ({ main }) => main(process.argv.slice(2), join(ROOT, 'test/fuzz/repro')));
