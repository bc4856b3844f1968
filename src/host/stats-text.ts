/**
 * The end-of-run statistics, as `glasskernel run --stats` prints them and the debugger shows
 * them when a session's program ends: the wait4 status, processes created, page faults by kind,
 * frames in use at boot and at exit (a leak shows), instructions retired.
 */
import type { KernelStats } from '../kernel/api';

/** A wait status word as the unsigned hex number it is. */
function hexStatus(n: number): string {
  return `0x${(n >>> 0).toString(16)}`;
}

/** The statistics block for `stats` after a run that ended with wait4 status `status` (one line per figure). */
export function statsText(s: KernelStats, status: number): string {
  const f = s.faults;
  return [
    '--- glasskernel stats ---',
    `exit status (wait4):    ${hexStatus(status)}`,
    `processes created:      ${s.processesCreated}`,
    `page faults:            demand-zero ${f['demand-zero'] + f['stack-grow']}, file ${f.file}, copy-on-write ${f['cow-copy'] + f['cow-reuse']} (copied ${f['cow-copy']}, reused ${f['cow-reuse']}), shared ${f.shared}, segfault ${f.segv}, spurious ${f.spurious}, oom ${f.oom}`,
    `frames in use:          at boot ${s.framesAtBoot}, at exit ${s.framesInUse}${s.framesAtBoot === s.framesInUse ? ' (all freed)' : ' (LEAK)'}`,
    `instructions retired:   ${s.instructionsRetired}`,
  ].join('\n') + '\n';
}
