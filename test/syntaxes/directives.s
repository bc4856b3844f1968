# SYNTAX TEST "source.riscv-asm" "directives"

    .text
#   ^^^^^ meta.directive.riscv-asm keyword.control.directive.riscv-asm
.data
# <----- keyword.control.directive.riscv-asm
    .TEXT
#   ^^^^^ keyword.control.directive.riscv-asm
    .globl _start
#   ^^^^^^ keyword.control.directive.riscv-asm
#          ^^^^^^ variable.other.symbol.riscv-asm
    .section .rodata.str, "aMS", @progbits, 1
#   ^^^^^^^^ keyword.control.directive.riscv-asm
#            ^^^^^^^^^^^ entity.name.section.riscv-asm
#                         ^^^^^ string.quoted.double.riscv-asm
#                                ^^^^^^^^^ support.constant.symbol-type.riscv-asm
#                                           ^ constant.numeric.integer.decimal.riscv-asm
    .type main, %function
#   ^^^^^ keyword.control.directive.riscv-asm
#               ^^^^^^^^^ support.constant.symbol-type.riscv-asm
    .type buf, @object
#              ^^^^^^^ support.constant.symbol-type.riscv-asm
    .size main, . - main
#               ^ variable.language.location-counter.riscv-asm
msg: .asciz "hello\n"
# <--- entity.name.function.label.riscv-asm
#    ^^^^^^ keyword.control.directive.riscv-asm
#           ^^^^^^^^^ string.quoted.double.riscv-asm
    .byte 1, 2, 'c'
#   ^^^^^ keyword.control.directive.riscv-asm
#                ^ constant.character.riscv-asm
    .dword 0x10, 1f - .
#   ^^^^^^ keyword.control.directive.riscv-asm
#                ^^ variable.other.label.local.riscv-asm
    .p2align 3
#   ^^^^^^^^ keyword.control.directive.riscv-asm
    .zero 16
#   ^^^^^ keyword.control.directive.riscv-asm
    .8byte 0
#   ^^^^^^ keyword.control.directive.riscv-asm
    .cfi_offset ra, -8
#   ^^^^^^^^^^^ keyword.control.directive.riscv-asm
#               ^^ variable.language.register.integer.riscv-asm
    .rodata
#   ^^^^^^^ keyword.control.directive.riscv-asm

# Unknown directives still read as directives.
    .frobnicate 1
#   ^^^^^^^^^^^ keyword.control.directive.other.riscv-asm - keyword.control.directive.riscv-asm
# A known name must be whole: `.texts` is another directive.
    .texts
#   ^^^^^^ keyword.control.directive.other.riscv-asm

# Constants: .equ/.set/.equiv name, and `name = expression`.
    .equ SYS_write, 64
#   ^^^^ keyword.control.directive.riscv-asm
#        ^^^^^^^^^ entity.name.constant.riscv-asm
#                   ^^ constant.numeric.integer.decimal.riscv-asm
    .set COUNT, COUNT + 1
#        ^^^^^ entity.name.constant.riscv-asm
#               ^^^^^ variable.other.symbol.riscv-asm
STACK_SIZE = 4096
# <---------- entity.name.constant.riscv-asm
#          ^ keyword.operator.assignment.riscv-asm
#            ^^^^ constant.numeric.integer.decimal.riscv-asm

# .option arguments.
    .option push
#   ^^^^^^^ keyword.control.directive.riscv-asm
#           ^^^^ support.constant.option.riscv-asm
    .option norvc
#           ^^^^^ support.constant.option.riscv-asm
    .option no-csr-check
#           ^^^^^^^^^^^^ support.constant.option.riscv-asm
    .option arch, +zicsr
#           ^^^^ support.constant.option.riscv-asm
#                  ^^^^^ - support.constant.option.riscv-asm

# Macros: name, parameters, qualifiers, defaults; .rept/.irp bodies.
    .macro push reg:req, off=8, rest:vararg
#   ^^^^^^ keyword.control.directive.riscv-asm
#          ^^^^ entity.name.function.macro.riscv-asm
#               ^^^ variable.parameter.macro.riscv-asm
#                  ^ punctuation.separator.macro.riscv-asm
#                   ^^^ storage.modifier.macro.riscv-asm
#                        ^^^ variable.parameter.macro.riscv-asm
#                           ^ keyword.operator.riscv-asm
#                            ^ constant.numeric.integer.decimal.riscv-asm
#                                    ^^^^^^ storage.modifier.macro.riscv-asm
    addi sp, sp, -\off
#                 ^^^^ variable.parameter.macro.riscv-asm
    sd \reg, 0(sp)
#   ^^ keyword.other.instruction.riscv-asm
    .endm
#   ^^^^^ keyword.control.directive.riscv-asm
    push ra
#   ^^^^ entity.name.function.call.riscv-asm
#        ^^ variable.language.register.integer.riscv-asm
    .rept 4
#   ^^^^^ keyword.control.directive.riscv-asm
    nop
    .endr
#   ^^^^^ keyword.control.directive.riscv-asm
    .irp r, s0, s1
#   ^^^^ keyword.control.directive.riscv-asm
#           ^^ variable.language.register.integer.riscv-asm
    .endr
    .include "macros.inc" # shared macros
#   ^^^^^^^^ keyword.control.directive.riscv-asm
#            ^^^^^^^^^^^^ string.quoted.double.riscv-asm
#                         ^^^^^^^^^^^^^^^ comment.line.number-sign.riscv-asm
    .word 1; .word 2
#          ^ punctuation.terminator.statement.riscv-asm
#            ^^^^^ keyword.control.directive.riscv-asm
