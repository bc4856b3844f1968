// Long run of the CLI option fuzzer (issue 9). The suite runs it with a fixed seed
// and a bounded count (test/cli/fuzz-cli.test.ts).
// Usage: npm run fuzz:cli -- --seed S --count N --run-every K
import { ROOT, withTsModule } from './run-ts.mjs';

// The tests' helpers find the repository by GLASSKERNEL_ROOT (the bundle lives elsewhere).
process.env.GLASSKERNEL_ROOT = ROOT;
process.exitCode = await withTsModule('test/cli/fuzz-cli.ts', ({ main }) => main(process.argv.slice(2)), { external: ['esbuild'] });
