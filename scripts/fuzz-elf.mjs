// Long run of the ELF and program-file fuzzer (issue 9). The suite runs it with a fixed seed
// and a bounded count (test/elf/fuzz-elf.test.ts).
// Usage: npm run fuzz:elf -- --seed S --count N --run-every K [--no-save]
// Bundles test/elf/fuzz-elf.ts (TypeScript) with esbuild into a temporary module and runs it.
import { join } from 'node:path';
import { ROOT, withTsModule } from './run-ts.mjs';

const root = ROOT;
// The tests' helpers find the repository by GLASSKERNEL_ROOT (the bundle lives elsewhere).
process.env.GLASSKERNEL_ROOT = root;
process.exitCode = await withTsModule('test/elf/fuzz-elf.ts', ({ main }) => main(process.argv.slice(2), join(root, 'test/elf/fuzz-repro'), [join(root, 'test/fixtures/elf/tiny'), join(root, 'examples/bin/hello'), join(root, 'examples/bin/forktree')]), { external: ['esbuild'] });
