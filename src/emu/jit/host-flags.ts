/**
 * V8 settings the block compiler's generated code runs best under, for the process that hosts
 * the machine (the CLI and the debug adapter apply them at start-up with
 * `v8.setFlagsFromString`; this module itself uses no Node API, so the emulator stays portable).
 *
 * `--no-use-osr` turns off on-stack replacement. A region function (region.ts) loops inside
 * itself for thousands of instructions per call, so V8 first optimizes it by OSR, in the
 * middle of that loop. When the region later deoptimizes on a block it had never run (V8 reports
 * "Insufficient type feedback"), V8 (Node 20, V8 11.3) can keep entering the cached OSR code
 * from the interpreter on every call instead of re-optimizing the function: measured on
 * `examples/bench/memseq`, six runs out of eight then took 1.0-1.5 s instead of 0.62-0.72 s.
 * Without OSR, a region's optimized code is used from its next call on (engine.ts bounds a
 * call to MAX_REGION_RUN instructions, so that comes soon), every run takes the fast path,
 * and alu, chase, mix and fpmat are unchanged or slightly faster (BENCHMARKS.md). The flag is read when V8 decides to tier up, so setting it
 * after start-up, before the first region runs, is enough.
 */
export const RECOMMENDED_V8_FLAGS: readonly string[] = ['--no-use-osr'];
