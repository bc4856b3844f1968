/**
 * An address as the unsigned 64-bit hex number it is: kernel events carry sign-extended Sv39
 * addresses as JavaScript numbers, so the kernel half (e.g. -0x7e8) prints as
 * 0xfffffffffffff818, never with a minus sign. Non-integers (never expected) print as '0x?'.
 */
export function hexAddress(n: number): string {
  if (!Number.isSafeInteger(n)) return '0x?';
  return '0x' + BigInt.asUintN(64, BigInt(n)).toString(16);
}
