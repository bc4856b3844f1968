// Starts and stops a private code-server (VS Code 1.100 served over HTTP) for one test run:
// loopback only, no auth, fresh user-data and extensions folders, no gallery or telemetry calls;
// installExtension puts a packaged .vsix into that extensions folder first, as a user installs it.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** User settings that keep the workbench quiet and deterministic during tests. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'files.watcherExclude': { '**/.cache/**': true, '**/node_modules/**': true, '**/dist/**': true },
};

/** Asks the OS for a free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Spawns code-server from `cacheDir` in its own process group, with state under `runDir`; `env`
 * adds variables to its environment (the extension host, and so the suite, inherits them).
 * Returns { port, pid, logFile, stop() }; stop() kills the whole group and is safe to call twice.
 */
export async function startCodeServer({ cacheDir, runDir, env = {} }) {
  const port = await freePort();
  const userData = path.join(runDir, 'user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  const config = path.join(runDir, 'config.yaml');
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const logFile = path.join(runDir, 'code-server.log');
  const log = fs.openSync(logFile, 'w');
  const entry = path.join(cacheDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const child = spawn(process.execPath, [
    entry, '--config', config, '--user-data-dir', userData,
    '--extensions-dir', path.join(runDir, 'extensions'),
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened',
  ], {
    detached: true, // own process group: stop() reaches the extension host and adapters too
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      ...env,
      EXTENSIONS_GALLERY: '{"serviceUrl":""}', // no marketplace requests
      XDG_CONFIG_HOME: path.join(runDir, 'xdg'),
      XDG_DATA_HOME: path.join(runDir, 'xdg'),
    },
  });
  fs.closeSync(log);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    signalGroup(child.pid, 'SIGTERM');
    // Whatever ignores SIGTERM goes a moment later; unref so this timer never holds the run open.
    setTimeout(() => signalGroup(child.pid, 'SIGKILL'), 2000).unref();
  };
  return { port, pid: child.pid, logFile, stop, exited: new Promise((r) => child.once('exit', r)) };
}

/** Sends `signal` to process group `pid`; a group that is already gone is fine. */
function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: nothing left to stop.
  }
}

/** Longest time `code-server --install-extension` may take (ms). */
const INSTALL_LIMIT_MS = 120_000;

/**
 * Installs the packaged extension `vsix` with `code-server --install-extension` into the
 * extensions folder that startCodeServer({ cacheDir, runDir }) then loads, as a user installs a
 * .vsix into a clean profile. Resolves with the installed extension's folder (the one holding its
 * package.json); rejects with code-server's output when the install fails or takes over 2 minutes.
 */
export async function installExtension({ cacheDir, runDir, vsix }) {
  const extensionsDir = path.join(runDir, 'extensions');
  const entry = path.join(cacheDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const output = await new Promise((resolve, reject) => {
    execFile(process.execPath, [
      entry, '--user-data-dir', path.join(runDir, 'user-data'), '--extensions-dir', extensionsDir,
      '--disable-telemetry', '--install-extension', vsix,
    ], {
      timeout: INSTALL_LIMIT_MS, killSignal: 'SIGKILL',
      env: { ...process.env, EXTENSIONS_GALLERY: '{"serviceUrl":""}', XDG_CONFIG_HOME: path.join(runDir, 'xdg'), XDG_DATA_HOME: path.join(runDir, 'xdg') },
    }, (error, stdout, stderr) => {
      const text = `${stdout}${stderr}`.trim();
      if (error) reject(new Error(`code-server --install-extension ${vsix} failed (${error.killed ? 'timed out' : `exit ${error.code}`}): ${text}`));
      else resolve(text);
    });
  });
  const installed = fs.existsSync(extensionsDir)
    ? fs.readdirSync(extensionsDir).map((f) => path.join(extensionsDir, f)).filter((d) => fs.existsSync(path.join(d, 'package.json')))
    : [];
  if (installed.length !== 1) throw new Error(`expected one extension in ${extensionsDir} after installing ${vsix}, found ${installed.length}; code-server said: ${output}`);
  return installed[0];
}

/** Polls /healthz until code-server answers; throws after `attempts` half-second tries. */
export async function waitHealthy(port, attempts = 120) {
  for (let i = 0; i < attempts; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`code-server did not answer on 127.0.0.1:${port}`);
}
