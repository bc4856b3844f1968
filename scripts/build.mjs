// Bundles the four shipped entry points into dist/ with esbuild:
//   dist/extension.js  (VS Code extension host, CommonJS, `vscode` external)
//   dist/adapter.js    (debug adapter, a standalone Node process speaking DAP on stdio)
//   dist/cli.js        (headless runner, `glasskernel run prog.elf`)
//   dist/asm-server.js (RISC-V assembly language server, a Node process speaking LSP; the extension starts it)
import * as esbuild from 'esbuild';
import fs from 'node:fs';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
};
const entries = [
  { entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { entryPoints: ['src/debug-adapter/main.ts'], outfile: 'dist/adapter.js' },
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['src/language-server/main.ts'], outfile: 'dist/asm-server.js' },
].filter((e) => fs.existsSync(e.entryPoints[0]));

if (watch) {
  for (const e of entries) (await esbuild.context({ ...common, ...e })).watch();
} else {
  await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e })));
  if (fs.existsSync('dist/cli.js')) fs.chmodSync('dist/cli.js', 0o755);
}
