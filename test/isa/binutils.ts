import { spawnSync } from 'node:child_process';

/** GNU binutils for riscv64 (Debian package binutils-riscv64-linux-gnu), when installed. */
export const AS = 'riscv64-linux-gnu-as';
export const OBJDUMP = 'riscv64-linux-gnu-objdump';
const has = (tool: string) => spawnSync('which', [tool]).status === 0;
export const haveBinutils = has(AS) && has(OBJDUMP);
if (!haveBinutils) console.warn(`${AS} or ${OBJDUMP} missing: skipping the objdump comparison tests`);

/** One instruction line of `objdump -d`: address, raw bits, instruction text without symbol/comment. */
export interface ObjdumpLine { address: number; bits: number; text: string }

/** Parses the instruction lines of `objdump -d` output. Strips ` <sym+off>` and ` # ...` comments. */
export function parseObjdump(output: string): ObjdumpLine[] {
  const lines: ObjdumpLine[] = [];
  for (const line of output.split('\n')) {
    const m = /^\s*([0-9a-f]+):\t([0-9a-f ]+?)\s*\t(.*)$/.exec(line);
    if (!m) continue;
    const raw = m[2].trim().split(' ');
    if (raw.length !== 1) continue; // data bytes
    const text = m[3].replace(/\s+#.*$/, '').replace(/\s+<[^>]*>$/, '');
    lines.push({ address: parseInt(m[1], 16), bits: parseInt(raw[0], 16), text });
  }
  return lines;
}

