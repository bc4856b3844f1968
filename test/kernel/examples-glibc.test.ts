/**
 * The statically linked glibc programs of examples/glibc run on Glasskernel print exactly what
 * they printed under Linux (qemu-riscv64, recorded in examples/glibc/expected), exit with the
 * same status, and give every frame back.
 *
 * A case the kernel cannot pass yet is marked `it.fails` with the missing kernel (or emulator)
 * feature named in MISSING; vitest reports it the day it starts to match, and the mark goes.
 */
import { cachedRunner, describeMatchesLinux } from '../examples-ref/suite';

/** glibc programs Glasskernel cannot run like Linux yet, and what is missing. */
const MISSING: Record<string, string> = {};

describeMatchesLinux('glibc', cachedRunner(), MISSING);
