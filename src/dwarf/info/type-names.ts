/**
 * Type lookup by C spelling, for casts in watch expressions: `int`, `unsigned long`,
 * `struct point`, `union u`, `enum color`, a typedef name, each optionally followed by `*`s.
 * C base type spellings are put in gcc's DW_AT_name form ("long unsigned int") so either
 * spelling finds the DIE; absent base types are made from the RISC-V LP64 ABI sizes.
 */
import { DW_ATE_boolean, DW_ATE_float, DW_ATE_signed, DW_ATE_signed_char, DW_ATE_unsigned, DW_ATE_unsigned_char, type DwarfType } from '../model';

/** The key a named type is indexed under: `struct X`, `union X`, `enum X`, or a canonical base/typedef name. */
export function typeKey(spelling: string): string {
  const words = spelling.trim().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return '';
  if (['struct', 'union', 'enum', 'class'].includes(words[0]!)) {
    return `${words[0] === 'class' ? 'struct' : words[0]} ${words.slice(1).join(' ')}`;
  }
  return canonicalBaseName(words);
}

const INTEGER_WORDS = new Set(['signed', 'unsigned', 'short', 'long', 'int', 'char']);

/** gcc's spelling of a C integer type ("unsigned long" -> "long unsigned int"); other names joined by one space. */
function canonicalBaseName(words: string[]): string {
  if (!words.every((w) => INTEGER_WORDS.has(w))) return words.join(' ');
  const count = (w: string): number => words.filter((x) => x === w).length;
  const unsigned = count('unsigned') > 0;
  if (count('char') > 0) return unsigned ? 'unsigned char' : count('signed') > 0 ? 'signed char' : 'char';
  if (count('short') > 0) return unsigned ? 'short unsigned int' : 'short int';
  const longs = count('long');
  if (longs >= 2) return unsigned ? 'long long unsigned int' : 'long long int';
  if (longs === 1) return unsigned ? 'long unsigned int' : 'long int';
  return unsigned ? 'unsigned int' : 'int';
}

/** RISC-V LP64 base types (psABI "C/C++ type sizes and alignments"): name -> [bytes, DW_ATE_*]. */
const LP64_BASE_TYPES: Record<string, [number, number]> = {
  'char': [1, DW_ATE_unsigned_char], // char is unsigned on RISC-V
  'signed char': [1, DW_ATE_signed_char],
  'unsigned char': [1, DW_ATE_unsigned_char],
  'short int': [2, DW_ATE_signed],
  'short unsigned int': [2, DW_ATE_unsigned],
  'int': [4, DW_ATE_signed],
  'unsigned int': [4, DW_ATE_unsigned],
  'long int': [8, DW_ATE_signed],
  'long unsigned int': [8, DW_ATE_unsigned],
  'long long int': [8, DW_ATE_signed],
  'long long unsigned int': [8, DW_ATE_unsigned],
  '_Bool': [1, DW_ATE_boolean],
  'float': [4, DW_ATE_float],
  'double': [8, DW_ATE_float],
  'long double': [16, DW_ATE_float],
};

/** A base type made from the ABI table when the program's DWARF lacks it; undefined for other names. */
export function abiBaseType(key: string): DwarfType | undefined {
  const entry = LP64_BASE_TYPES[key];
  return entry ? { kind: 'base', name: key, byteSize: entry[0], encoding: entry[1] } : undefined;
}

/** Splits trailing pointer stars: "char **" -> ["char", 2]. */
export function splitPointers(spelling: string): [string, number] {
  const m = /^(.*?)\s*(\**)\s*$/.exec(spelling)!;
  return [m[1]!, m[2]!.length];
}
