# SYNTAX TEST "source.riscv-asm" "comments and C preprocessor lines"
# `#` followed by a space or a non-preprocessor word is a comment; `#word` with a C
# preprocessor word at the start of a line is a preprocessor line.

# a comment at the start of a line
# <-- comment.line.number-sign.riscv-asm
# <- punctuation.definition.comment.riscv-asm
#include "x.h"
# <-------- meta.preprocessor.riscv-asm keyword.control.directive.preprocessor.riscv-asm
# <- punctuation.definition.directive.riscv-asm
#        ^^^^^ meta.preprocessor.riscv-asm string.quoted.double.include.riscv-asm
#include <asm/unistd.h>
#        ^^^^^^^^^^^^^^ string.quoted.other.lt-gt.include.riscv-asm
# include is only a comment when a space follows the #
# <---------- comment.line.number-sign.riscv-asm - meta.preprocessor.riscv-asm
  #define SYS_exit 93  /* exit */
# <~~------- meta.preprocessor.riscv-asm keyword.control.directive.preprocessor.riscv-asm
#         ^^^^^^^^ entity.name.function.preprocessor.riscv-asm
#                  ^^ constant.numeric.integer.decimal.riscv-asm
#                      ^^^^^^^^^^ comment.block.riscv-asm
#define SAVE(r) sd r, 0(sp); \
    addi sp, sp, -8
# <-------------------- meta.preprocessor.riscv-asm
#                ^ meta.preprocessor.riscv-asm keyword.operator.riscv-asm
    addi sp, sp, 8
#   ^^^^ keyword.other.instruction.riscv-asm - meta.preprocessor.riscv-asm
#if defined(CONFIG_FP) && CONFIG_FP > 1 // two
# <--- keyword.control.directive.preprocessor.riscv-asm
#   ^^^^^^^ keyword.control.directive.conditional.defined.riscv-asm
#                                       ^^^^^^ comment.line.double-slash.riscv-asm
#ifdef __riscv_compressed
# <------ keyword.control.directive.preprocessor.riscv-asm
#else
# <----- keyword.control.directive.preprocessor.riscv-asm
#endif
# <------ keyword.control.directive.preprocessor.riscv-asm
#undef SAVE
#      ^^^^ entity.name.function.preprocessor.riscv-asm
#pragma once
# <------- keyword.control.directive.preprocessor.riscv-asm
#ifndef X
#elif Y
# <----- keyword.control.directive.preprocessor.riscv-asm
#endif
# A word that merely starts like a preprocessor word is a comment.
#iffy
# <----- comment.line.number-sign.riscv-asm
#APP
# <---- comment.line.number-sign.riscv-asm

# `#` after a statement, `//` and `/* */` comments.
    la a0, msg # comment
#              ^^^^^^^^^ comment.line.number-sign.riscv-asm
    li a0, 1 // C comment, removed by cpp
#            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.double-slash.riscv-asm
#            ^^ punctuation.definition.comment.riscv-asm
    li a0, 4 /* inline */ + 4
#            ^^^^^^^^^^^^ comment.block.riscv-asm
#                         ^ keyword.operator.riscv-asm
    /* multi
#   ^^^^^^^^ comment.block.riscv-asm
#   ^^ punctuation.definition.comment.begin.riscv-asm
       line li a0, 1 # still inside
#      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.block.riscv-asm
#              ^^ - variable.language.register.integer.riscv-asm
    */ ecall
#   ^^ comment.block.riscv-asm punctuation.definition.comment.end.riscv-asm
#      ^^^^^ keyword.other.instruction.riscv-asm
    li a0, 1 /* a comment that
#            ^^^^^^^^^^^^^^^^^ comment.block.riscv-asm
    spans */ li a1, 2
#   ^^^^^^^^ comment.block.riscv-asm
#               ^^ variable.language.register.integer.riscv-asm
