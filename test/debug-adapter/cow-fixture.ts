/**
 * examples/bin/cow as the views' DAP tests use it: the program, its source, the lines of the
 * child that bracket its copy-on-write writes, and a launch that stops at the first of them.
 */
import * as path from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { ROOT, launchToStop, lineOf } from './harness';

export const COW = path.join(ROOT, 'examples', 'bin', 'cow');
export const COW_C = path.join(ROOT, 'examples', 'src', 'cow.c');
/** In the child after fork, after it has read every page and before it writes any. */
export const AFTER_READS = lineOf(COW_C, `printf("child:  reads the parent's pattern`);
/** In the child after it has written every page. */
export const AFTER_WRITES = lineOf(COW_C, 'printf("child:  wrote its own pattern');
/** The parent's call of fork(). */
export const FORK_LINE = lineOf(COW_C, 'pid_t pid = fork();');
/** cow's region: 1 MiB of 4 KiB pages (cow.c REGION_PAGES). */
export const REGION_PAGES = 256;
/** Bytes per page, as a bigint for address arithmetic. */
export const PAGE = 4096n;

/** Launches cow with breakpoints at AFTER_READS and AFTER_WRITES; resolves at the first stop (the child, AFTER_READS). */
export function launchCowToChild(dc: DebugClient): Promise<DebugProtocol.StoppedEvent> {
  return launchToStop(dc, { program: COW, source: COW_C, breakpoints: [{ line: AFTER_READS }, { line: AFTER_WRITES }] });
}
