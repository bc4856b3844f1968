// The packaged extension for tests that install it as a user does (new-user.mjs): made with
// `npm run package` (npm run build, then vsce) into the e2e cache, and reused while it is newer
// than everything it is made of.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** What a .vsix is made of, relative to the repository (the build output, its sources, what .vscodeignore ships). */
const INPUTS = ['dist', 'src', 'examples', 'media', 'syntaxes', 'package.json', 'README.md', 'LICENSE', '.vscodeignore'];
/** Longest `npm run package` (ms). */
const PACKAGE_LIMIT_MS = 300_000;

/** Newest modification time (ms) of `p` (a file) or of any file under it (a folder); 0 when missing. */
export function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(p, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return newest;
}

/** Runs a command with a time limit; resolves its output, rejects with the output's last lines on failure. */
function run(command, args, { cwd, limitMs }) {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, timeout: limitMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      if (!error) return resolve(output);
      const tail = output.trim().split('\n').slice(-15).join('\n');
      reject(new Error(`${command} ${args.join(' ')} ${error.killed ? `took over ${limitMs} ms` : `failed (exit ${error.code})`}:\n${tail}`));
    });
  });
}

/**
 * Path of the packaged extension, <cacheDir>/new-user/glasskernel.vsix: made by `npm run package`
 * in `repo` (its `-o` pointed there) unless the file is newer than every INPUTS file. Written
 * under a temporary name and renamed, so a concurrent run never installs half a file. `log`
 * receives one line saying whether it packaged or reused. Rejects with vsce's last output lines
 * when packaging fails or takes over 5 minutes.
 */
export async function ensureVsix({ repo, cacheDir, log = () => {} }) {
  const vsix = path.join(cacheDir, 'new-user', 'glasskernel.vsix');
  const newestInput = Math.max(...INPUTS.map((p) => newestMtime(path.join(repo, p))));
  if (fs.existsSync(vsix) && fs.statSync(vsix).mtimeMs > newestInput) {
    log(`reusing ${vsix} (newer than dist/ and its sources)`);
    return vsix;
  }
  fs.mkdirSync(path.dirname(vsix), { recursive: true });
  const partial = `${vsix}.${process.pid}.vsix`;
  log(`packaging the extension (npm run package) into ${vsix}`);
  try {
    await run('npm', ['run', 'package', '--', '-o', partial], { cwd: repo, limitMs: PACKAGE_LIMIT_MS });
    fs.renameSync(partial, vsix);
  } finally {
    fs.rmSync(partial, { force: true });
  }
  return vsix;
}
