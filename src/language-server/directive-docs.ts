/**
 * One-line documentation of the assembler directives, for hover and completion. The directive
 * names the assembler accepts are its own list (src/toolchain/asm/directives.ts DIRECTIVE_NAMES);
 * this table only adds the usage and a sentence for each, written from the GNU as manual
 * ("Assembler Directives", "RISC-V Dependent Features": `.option`) in our words. A test checks
 * that every accepted directive has an entry here.
 */

/** Usage and description of one directive. */
export interface DirectiveDoc {
  /** How it is written, e.g. `.byte expr[, expr...]`. */
  usage: string;
  doc: string;
}

const d = (usage: string, doc: string): DirectiveDoc => ({ usage, doc });

const SECTION_FLAGS = 'flags: a allocatable, w writable, x executable, M mergeable, S strings; type @progbits or @nobits';
const IGNORED = 'Accepted for compatibility with compiler output; it changes nothing in the object Glasskernel builds.';
const CFI = (what: string) => d(`.cfi_${what}`, `Call-frame information for unwinders (.eh_frame). ${IGNORED}`);

/** Documentation by lower-case directive name (with its dot). */
export const DIRECTIVE_DOCS: Readonly<Record<string, DirectiveDoc>> = {
  // sections
  '.text': d('.text', 'Switch to the code section (.text).'),
  '.data': d('.data', 'Switch to the initialised, writable data section (.data).'),
  '.rodata': d('.rodata', 'Switch to the read-only data section (.rodata).'),
  '.bss': d('.bss', 'Switch to the zero-initialised data section (.bss): it takes no space in the file.'),
  '.section': d('.section name[, "flags"[, @type]]', `Switch to section \`name\`, creating it on first use; ${SECTION_FLAGS}.`),
  '.pushsection': d('.pushsection name[, "flags"[, @type]]', 'Like .section, remembering the current section on a stack for .popsection.'),
  '.popsection': d('.popsection', 'Return to the section saved by the matching .pushsection.'),
  '.previous': d('.previous', 'Switch back to the section that was current before the last section change.'),
  // symbols
  '.globl': d('.globl symbol[, symbol...]', 'Make symbol global: the linker resolves references to it from other files (the entry point _start must be global).'),
  '.global': d('.global symbol[, symbol...]', 'Same as .globl: make symbol visible to the linker.'),
  '.local': d('.local symbol[, symbol...]', 'Keep symbol local to this file.'),
  '.weak': d('.weak symbol[, symbol...]', 'Make symbol weak: a global definition elsewhere wins, and an undefined weak symbol is 0.'),
  '.hidden': d('.hidden symbol', 'Give symbol hidden visibility (STV_HIDDEN): not exported from a shared object.'),
  '.protected': d('.protected symbol', 'Give symbol protected visibility (STV_PROTECTED).'),
  '.internal': d('.internal symbol', 'Give symbol internal visibility (STV_INTERNAL).'),
  '.type': d('.type symbol, @function|@object', 'Set the ELF symbol type (STT_FUNC or STT_OBJECT), shown by the debugger and objdump.'),
  '.size': d('.size symbol, expression', 'Set the ELF symbol size in bytes, usually `. - symbol` after its last instruction.'),
  '.equ': d('.equ symbol, expression', 'Give symbol the value of expression (it may be set again later).'),
  '.set': d('.set symbol, expression', 'Same as .equ: give symbol a value (it may be set again later).'),
  '.equiv': d('.equiv symbol, expression', 'Like .equ, but an error if symbol is already defined.'),
  // data
  '.byte': d('.byte expr[, expr...]', 'Emit each value as 1 byte.'),
  '.half': d('.half expr[, expr...]', 'Emit each value as 2 bytes (little-endian).'),
  '.short': d('.short expr[, expr...]', 'Emit each value as 2 bytes (little-endian).'),
  '.2byte': d('.2byte expr[, expr...]', 'Emit each value as 2 bytes, with no alignment.'),
  '.word': d('.word expr[, expr...]', 'Emit each value as 4 bytes (a RISC-V word is 32 bits).'),
  '.long': d('.long expr[, expr...]', 'Emit each value as 4 bytes.'),
  '.int': d('.int expr[, expr...]', 'Emit each value as 4 bytes.'),
  '.4byte': d('.4byte expr[, expr...]', 'Emit each value as 4 bytes, with no alignment.'),
  '.dword': d('.dword expr[, expr...]', 'Emit each value as 8 bytes (a doubleword, e.g. a pointer).'),
  '.quad': d('.quad expr[, expr...]', 'Emit each value as 8 bytes.'),
  '.8byte': d('.8byte expr[, expr...]', 'Emit each value as 8 bytes, with no alignment.'),
  '.ascii': d('.ascii "string"[, "string"...]', 'Emit the bytes of each string, with no terminating NUL.'),
  '.asciz': d('.asciz "string"[, "string"...]', 'Emit each string followed by a NUL byte (a C string).'),
  '.string': d('.string "string"[, "string"...]', 'Same as .asciz: each string followed by a NUL byte.'),
  '.zero': d('.zero size', 'Emit size zero bytes.'),
  '.space': d('.space size[, fill]', 'Emit size bytes of fill (default 0).'),
  '.skip': d('.skip size[, fill]', 'Same as .space: size bytes of fill.'),
  '.fill': d('.fill repeat[, size[, value]]', 'Emit repeat copies of value, each size bytes (at most 8; default 1 byte of 0).'),
  // alignment
  '.align': d('.align n[, fill[, max]]', 'On RISC-V: pad to a multiple of 2^n bytes (code is padded with nops).'),
  '.p2align': d('.p2align n[, fill[, max]]', 'Pad to a multiple of 2^n bytes (code is padded with nops).'),
  '.balign': d('.balign bytes[, fill[, max]]', 'Pad to a multiple of bytes (a power of two).'),
  // RISC-V options
  '.option': d('.option rvc|norvc|push|pop|relax|norelax|pic|nopic', 'RISC-V assembler options: rvc/norvc allow or forbid compressed instructions from here on; push/pop save and restore the options.'),
  // macros, repetition, inclusion
  '.macro': d('.macro name [param[=default], ...]', 'Define a macro up to .endm; inside it `\\param` stands for an argument and `\\@` for a counter of expansions.'),
  '.endm': d('.endm', 'End the body of a .macro.'),
  '.endmacro': d('.endmacro', 'Same as .endm.'),
  '.exitm': d('.exitm', 'Leave the current macro expansion early.'),
  '.purgem': d('.purgem name', 'Forget macro name.'),
  '.rept': d('.rept count', 'Assemble the lines up to .endr count times.'),
  '.irp': d('.irp param, value[, value...]', 'Assemble the lines up to .endr once per value, with `\\param` replaced by it.'),
  '.endr': d('.endr', 'End a .rept or .irp body.'),
  '.include': d('.include "file"', 'Assemble file here, as if its text were written in place.'),
  // conditional assembly
  '.if': d('.if expression', 'Assemble the lines up to .else/.elseif/.endif only when the absolute expression is non-zero.'),
  '.ifdef': d('.ifdef symbol', 'Assemble the following lines only when symbol is defined.'),
  '.ifndef': d('.ifndef symbol', 'Assemble the following lines only when symbol is not defined.'),
  '.ifc': d('.ifc string1, string2', 'Assemble the following lines only when the two strings are the same (useful on macro arguments).'),
  '.ifnc': d('.ifnc string1, string2', 'Assemble the following lines only when the two strings differ.'),
  '.ifb': d('.ifb text', 'Assemble the following lines only when the operand is blank (useful in macros).'),
  '.ifnb': d('.ifnb text', 'Assemble the following lines only when the operand is not blank.'),
  '.ifeq': d('.ifeq expression', 'Assemble the following lines only when expression is zero.'),
  '.ifne': d('.ifne expression', 'Assemble the following lines only when expression is not zero.'),
  '.ifge': d('.ifge expression', 'Assemble the following lines only when expression is >= 0.'),
  '.ifgt': d('.ifgt expression', 'Assemble the following lines only when expression is > 0.'),
  '.ifle': d('.ifle expression', 'Assemble the following lines only when expression is <= 0.'),
  '.iflt': d('.iflt expression', 'Assemble the following lines only when expression is < 0.'),
  '.else': d('.else', 'Start the lines assembled when the .if condition was false.'),
  '.elseif': d('.elseif expression', 'Start lines assembled when the earlier conditions were false and expression is non-zero.'),
  '.endif': d('.endif', 'End a conditional block.'),
  // messages and end
  '.err': d('.err', 'Report an error here (in a conditional block, a configuration check).'),
  '.error': d('.error "message"', 'Report message as an error.'),
  '.warning': d('.warning "message"', 'Report message as a warning.'),
  '.print': d('.print "message"', 'Print message while assembling.'),
  '.end': d('.end', 'Stop assembling: the rest of the file is ignored.'),
  // accepted and ignored (compiler output)
  '.file': d('.file "name"', `Name the source file (compiler output). ${IGNORED}`),
  '.loc': d('.loc file line [column]', `Source position for the line table (compiler output). ${IGNORED}`),
  '.ident': d('.ident "text"', `A comment recorded in the object (.comment). ${IGNORED}`),
  '.attribute': d('.attribute tag, value', `RISC-V ELF attribute (arch, stack alignment). ${IGNORED}`),
  '.addrsig': d('.addrsig', `Address-significance table (compiler output). ${IGNORED}`),
  '.addrsig_sym': d('.addrsig_sym symbol', `Address-significance entry (compiler output). ${IGNORED}`),
  '.gnu_attribute': d('.gnu_attribute tag, value', `GNU object attribute. ${IGNORED}`),
  '.cfi_sections': CFI('sections'),
  '.cfi_startproc': CFI('startproc'),
  '.cfi_endproc': CFI('endproc'),
  '.cfi_def_cfa': CFI('def_cfa register, offset'),
  '.cfi_def_cfa_offset': CFI('def_cfa_offset offset'),
  '.cfi_def_cfa_register': CFI('def_cfa_register register'),
  '.cfi_offset': CFI('offset register, offset'),
  '.cfi_restore': CFI('restore register'),
  '.cfi_adjust_cfa_offset': CFI('adjust_cfa_offset delta'),
  '.cfi_rel_offset': CFI('rel_offset register, offset'),
  '.cfi_remember_state': CFI('remember_state'),
  '.cfi_restore_state': CFI('restore_state'),
  '.cfi_signal_frame': CFI('signal_frame'),
  '.cfi_register': CFI('register register1, register2'),
  '.cfi_undefined': CFI('undefined register'),
  '.cfi_same_value': CFI('same_value register'),
  '.cfi_escape': CFI('escape byte[, byte...]'),
  '.cfi_return_column': CFI('return_column register'),
};

/** The documentation of directive `name` (with its dot, any case), or undefined. */
export function directiveDoc(name: string): DirectiveDoc | undefined {
  return DIRECTIVE_DOCS[name.toLowerCase()];
}
