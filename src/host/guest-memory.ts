/**
 * The one check of the guest RAM size a user asks for (`--memory-mib` of the CLI, `memoryMiB`
 * of the debug adapter's launch request), so both accept the same range with the same words.
 */
import { MAX_PHYSICAL_MEMORY } from '../emu/memory';
import { shown } from './shown-value';

/** Bytes per MiB. */
export const BYTES_PER_MIB = 1024 * 1024;
/** Smallest guest RAM accepted, in MiB: enough to boot; a large program is then OOM-killed, as on Linux. */
export const MIN_GUEST_MEMORY_MIB = 1;
/**
 * Largest guest RAM accepted, in MiB (1024 = 1 GiB): PhysicalMemory's MAX_PHYSICAL_MEMORY.
 * The host could allocate more (an ArrayBuffer on Node 20 may hold 4 GiB), but the hart keeps
 * physical addresses in int32 (its TLB stores page bases in an Int32Array and a negative value
 * means "fault"), so RAM must stay below 2 GiB; the emulator fixes 1 GiB.
 */
export const MAX_GUEST_MEMORY_MIB = MAX_PHYSICAL_MEMORY / BYTES_PER_MIB;

/**
 * Checks a requested guest RAM size in MiB. `value` is what the user gave: a number (launch
 * request) or a string (command line, digits only). Returns the size in MiB, or the sentence
 * to show after the option's name: "must be an integer number of MiB of guest RAM from 1 to
 * 1024, not <value>".
 */
export function checkGuestMemoryMiB(value: unknown): { ok: true; mib: number } | { ok: false; error: string } {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  if (Number.isInteger(n) && n >= MIN_GUEST_MEMORY_MIB && n <= MAX_GUEST_MEMORY_MIB) return { ok: true, mib: n };
  return { ok: false, error: `must be an integer number of MiB of guest RAM from ${MIN_GUEST_MEMORY_MIB} to ${MAX_GUEST_MEMORY_MIB}, not ${shown(value)}` };
}
