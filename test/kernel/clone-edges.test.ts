import { describe, expect, it } from 'vitest';
import { exitedStatus } from '../../src/kernel/signal';
import { expected, runGuest } from './proc-guest';

/**
 * clone(2) corners from issue 9 (test/fixtures/guest/cloneedge.c, one part per argument). The
 * expected output is what Linux prints: cloneedge.expected was recorded from a native build of
 * the same program on a Linux 6.18 host. qemu-user cannot be the reference here: it refuses
 * every exit signal but SIGCHLD, and CLONE_VFORK with CLONE_THREAD, with EINVAL, where Linux
 * accepts both.
 */
const LINUX = expected('cloneedge').split('\n');
const linuxLines = (prefix: string) => LINUX.filter((l) => l.startsWith(prefix)).map((l) => `${l}\n`).join('');

/** Runs one part of the guest to its end: output, wait status, and whether every frame came back. */
function part(name: string): { out: string; status: number; framesBack: boolean } {
  const run = runGuest('cloneedge', { argv: ['/bin/cloneedge', name] });
  const stats = run.kernel.stats();
  return { out: run.out, status: run.status, framesBack: stats.framesInUse === stats.framesAtBoot };
}

describe('clone corners', () => {
  it('an exit signal from 65 to 255 is taken as Linux takes it: the child runs, its exit sends nothing, __WALL reaps it', () => {
    expect(part('signals')).toEqual({ out: linuxLines('exit signal'), status: exitedStatus(0), framesBack: true });
  });

  it('a CLONE_THREAD|CLONE_VFORK child that exits at once releases its parent, and clone returns its tid', () => {
    expect(part('vforkexit')).toEqual({ out: linuxLines('vfork thread exited'), status: exitedStatus(0), framesBack: true });
  });

  it('vfork from a thread that is not the leader: the child\'s exit releases that thread', () => {
    expect(part('vforkthread')).toEqual({ out: linuxLines('vfork from a second'), status: exitedStatus(0), framesBack: true });
  });

  it('a CLONE_THREAD|CLONE_VFORK child that execs: the waiting thread dies with the old image, the new one runs', () => {
    expect(part('vforkexec')).toEqual({ out: linuxLines('vfork thread exec'), status: exitedStatus(0), framesBack: true });
  });

  it('every part in one run prints what Linux prints', () => {
    const run = runGuest('cloneedge');
    expect(run.out).toBe(LINUX.join('\n'));
    expect(run.status).toBe(exitedStatus(0));
  });

});
