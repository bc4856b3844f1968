// The structured syscall fuzzer, long runs (issue 9): npm run fuzz:syscalls -- --seed S --count N
// Runs N rounds of test/fixtures/guest/sysfuzz.c with seed S; a round that makes the kernel throw,
// hang or leak frames is saved to test/kernel/sysfuzz-repro/ (replayed by sysfuzz.test.ts).
// Bundles test/kernel/sysfuzz-run.ts with esbuild into a temporary module and runs it.
import { join } from 'node:path';
import { ROOT, withTsModule } from './run-ts.mjs';

process.exitCode = await withTsModule('test/kernel/sysfuzz-run.ts', ({ sysfuzzCli }) => sysfuzzCli(process.argv.slice(2)), {
  format: 'cjs', define: { __dirname: JSON.stringify(join(ROOT, 'test/kernel')) },
});
