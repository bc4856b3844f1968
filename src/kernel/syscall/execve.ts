/**
 * execve(2) as a steppable path (issue 10): reading path, argv and envp, then replacing the
 * process image (exec.ts, loader.ts). Registered in dispatch.ts after proc.ts's handlers, so
 * an entry here replaces proc.ts's plain sysExecve.
 */
import type { SteppedSyscall } from './args';

/** The stepped execve handler (none yet: proc.ts's plain handler runs). */
export const execveSteppedSyscalls: [number, SteppedSyscall][] = [];
