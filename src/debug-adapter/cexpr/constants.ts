/**
 * Named facts the C expression evaluator and value formatter rely on: the C data model of
 * riscv64 Linux (LP64, RISC-V psABI "C/C++ type representations": `char` is unsigned), gdb's
 * default print limits (gdb manual, "Print Settings") and gdb's error messages, word for word.
 */

/** LP64 sizes in bytes (RISC-V psABI, "C/C++ type sizes and alignments"). */
export const SIZEOF_CHAR = 1;
export const SIZEOF_SHORT = 2;
export const SIZEOF_INT = 4;
export const SIZEOF_LONG = 8;
export const SIZEOF_LONG_LONG = 8;
export const SIZEOF_POINTER = 8;
export const SIZEOF_FLOAT = 4;
export const SIZEOF_DOUBLE = 8;
/** `long double` is IEEE binary128 on riscv64 (formatted, never computed with). */
export const SIZEOF_LONG_DOUBLE = 16;
export const BITS_PER_BYTE = 8;
/** An RV64 integer register (XLEN = 64) and an RV64D f register (FLEN = 64) hold 8 bytes. */
export const SIZEOF_REGISTER = 8;

/** gdb `set print elements` default: array elements / string characters shown before `...`. */
export const PRINT_ELEMENTS_LIMIT = 200;
/** gdb `set print repeats` default: a run longer than this prints as `<repeats N times>`. */
export const REPEAT_COUNT_THRESHOLD = 10;
/** Largest object the formatter fetches in one read (bytes); bigger arrays show their head. */
export const MAX_FETCH_BYTES = 1 << 20;

/**
 * DWARF register numbers for RISC-V (RISC-V psABI, "DWARF Register Numbers"): x0..x31 are
 * 0..31, f0..f31 are 32..63. The pc has no DWARF number; REGNO_PC is this module's own
 * pseudo number for it, outside the psABI's ranges.
 */
export const DWARF_REGNO_X0 = 0;
export const DWARF_REGNO_F0 = 32;
export const RISCV_REGISTER_COUNT = 32;
export const REGNO_PC = 0x10000;
/** Integer registers by DWARF number: x1 ra (code pointer), x2 sp, x3 gp, x4 tp, x8 s0/fp. */
export const REGNO_RA = 1;
export const REGNO_SP = 2;
export const REGNO_GP = 3;
export const REGNO_TP = 4;
export const REGNO_FP = 8;
/** A single-precision value in a 64-bit f register is NaN-boxed: the upper 32 bits all ones (F spec 12.2). */
export const NAN_BOX_UPPER = 0xffff_ffff_0000_0000n;

/** gdb's messages, verbatim (gdb 13, checked against gdb-multiarch; see the test fixtures). */
export const MSG_SYNTAX = (near: string): string => `A syntax error in expression, near \`${near}'.`;
export const MSG_NO_SYMBOL = (name: string): string => `No symbol "${name}" in current context.`;
export const MSG_NO_MEMBER = (name: string): string => `There is no member named ${name}.`;
export const MSG_NOT_STRUCT = 'Attempt to extract a component of a value that is not a structure.';
export const MSG_NOT_STRUCT_POINTER = 'Attempt to extract a component of a value that is not a structure pointer.';
export const MSG_NOT_POINTER = 'Attempt to take contents of a non-pointer value.';
export const MSG_NOT_IN_MEMORY = 'Attempt to take address of value not located in memory.';
export const MSG_CANNOT_ACCESS = (address: bigint): string => `Cannot access memory at address 0x${address.toString(16)}`;
export const MSG_DIVISION_BY_ZERO = 'Division by zero';
export const MSG_NUMBER_TOO_LARGE = 'Numeric constant too large.';
export const MSG_INVALID_NUMBER = 'Invalid number';
export const MSG_UNMATCHED_QUOTE = 'Unmatched single quote.';
export const MSG_EMPTY_CHAR = 'Empty character constant.';
export const MSG_UNTERMINATED_STRING = 'Unterminated string in expression.';
export const MSG_NO_STRUCT_TYPE = (tag: string, name: string): string => `No ${tag} type named ${name}.`;
export const MSG_NO_TYPE = (name: string): string => `No symbol "${name}" in current context.`;
export const MSG_INVALID_CAST = 'Invalid cast.';
export const MSG_NOT_LVALUE = 'Left operand of assignment is not an lvalue.';
export const MSG_CANNOT_SUBSCRIPT = (type: string): string => `cannot subscript something of type \`${type}'`;
export const MSG_BAD_OPERANDS = 'Argument to arithmetic operation not a number or boolean.';
export const MSG_NOT_SCALAR = 'Argument to comparison operation not a number, boolean or pointer.';
export const MSG_POINTER_DIFF = 'First argument of `-\' is a pointer and second argument is neither\nan integer nor a pointer of the same type.';
export const MSG_OPTIMIZED_OUT = 'value has been optimized out';
export const MSG_SIDE_EFFECTS = 'Assignment is not allowed here (the expression must have no side effects).';
export const MSG_READ_ONLY = 'Cannot write to this location (it is read-only here).';
export const MSG_INCOMPLETE_TYPE = (type: string): string => `Incomplete type \`${type}'.`;
