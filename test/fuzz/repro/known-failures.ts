/**
 * Reproducers of emulator bugs that are known and not fixed yet: reproducer name (all engines)
 * or `name@jit` / `name@interpreter` (one engine) -> the bug.
 * `repro.test.ts` runs these with `it.fails`, so the suite stays green while the bug exists and
 * turns red (asking for the entry to be removed) once it is fixed. Name the instruction, the
 * operands and the wrong result in each comment.
 */
export const KNOWN_FAILURES: Record<string, string> = {
};
