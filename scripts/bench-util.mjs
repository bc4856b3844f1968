// Helpers the benchmark scripts share.

/** Best wall time (ms) of `runs` calls of `fn`, after one warm-up call. */
export function best(runs, fn) {
  fn();
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

/** mulberry32: a small seeded generator (values in [0, 1)), so every run builds the same input. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** The `p`-th percentile (0..100) of ascending `sorted` values (nearest rank, no interpolation). */
export function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * A DAP client (@vscode/debugadapter-testsupport) on a fresh `node <adapter>` process, started
 * and initialized; every request waits at most `timeoutMs`. The caller stops it (dc.stop()).
 */
export async function adapterClient(adapter, timeoutMs = 60_000) {
  const { DebugClient } = await import('@vscode/debugadapter-testsupport');
  const dc = new DebugClient(process.execPath, adapter, 'glasskernel');
  dc.defaultTimeout = timeoutMs;
  await dc.start();
  await dc.initializeRequest();
  return dc;
}
