# SYNTAX TEST "source.riscv-asm" "registers, numbers, strings, relocations, local labels"

# Registers by number and by ABI name (fp is the psABI's second name for s0).
    add x0, x31, zero
#       ^^ variable.language.register.integer.riscv-asm
#           ^^^ variable.language.register.integer.riscv-asm
#                ^^^^ variable.language.register.integer.riscv-asm
    mv fp, sp
#      ^^ variable.language.register.integer.riscv-asm
#          ^^ variable.language.register.integer.riscv-asm
    add s11, t6, a7
#       ^^^ variable.language.register.integer.riscv-asm
#            ^^ variable.language.register.integer.riscv-asm
#                ^^ variable.language.register.integer.riscv-asm
    fadd.s f0, f31, ft11
#          ^^ variable.language.register.floating-point.riscv-asm
#              ^^^ variable.language.register.floating-point.riscv-asm
#                   ^^^^ variable.language.register.floating-point.riscv-asm
    fmv.d fs11, fa7
#         ^^^^ variable.language.register.floating-point.riscv-asm
#               ^^^ variable.language.register.floating-point.riscv-asm
# Not registers: x32, f32, a8, s12, names glued to symbol characters, upper case.
    la a0, x32 + f32 + a8 + s12 + a0_end + .a0 + A0
#          ^^^ variable.other.symbol.riscv-asm
#                ^^^ variable.other.symbol.riscv-asm
#                      ^^ variable.other.symbol.riscv-asm
#                           ^^^ variable.other.symbol.riscv-asm
#                                 ^^^^^^ variable.other.symbol.riscv-asm
#                                          ^^^ variable.other.symbol.riscv-asm
#                                                ^^ variable.other.symbol.riscv-asm

# Numbers: decimal, hex, binary, octal, GNU flonums, character literals.
    li a0, 1234
#          ^^^^ constant.numeric.integer.decimal.riscv-asm
    li a0, 0xdeadBEEF
#          ^^^^^^^^^^ constant.numeric.integer.hexadecimal.riscv-asm
    li a0, 0X1f
#          ^^^^ constant.numeric.integer.hexadecimal.riscv-asm
    li a0, 0b1011
#          ^^^^^^ constant.numeric.integer.binary.riscv-asm
    li a0, 0755
#          ^^^^ constant.numeric.integer.octal.riscv-asm
    li a0, 0
#          ^ constant.numeric.integer.decimal.riscv-asm
    li a0, -2048
#          ^ keyword.operator.riscv-asm
#           ^^^^ constant.numeric.integer.decimal.riscv-asm
    .double 0d3.25, 0f-1.5e3, 2.5
#           ^^^^^^ constant.numeric.float.riscv-asm
#                   ^^^^^^^^ constant.numeric.float.riscv-asm
#                             ^^^ constant.numeric.float.riscv-asm
    li a0, 'a'
#          ^^^ constant.character.riscv-asm
#          ^ punctuation.definition.character.begin.riscv-asm
#            ^ punctuation.definition.character.end.riscv-asm
    li a0, '\n'
#           ^^ constant.character.riscv-asm constant.character.escape.riscv-asm
    li a0, 'z
#          ^^ constant.character.riscv-asm
    li a0, '#'
#           ^ constant.character.riscv-asm - comment.line.number-sign.riscv-asm
    li a0, (1 << 4) | 3
#          ^ punctuation.section.parens.begin.riscv-asm
#             ^^ keyword.operator.riscv-asm
#                 ^ punctuation.section.parens.end.riscv-asm
#                   ^ keyword.operator.riscv-asm

# Strings with escapes.
    .ascii "tab\there \"quoted\" \101\x41 # not a comment"
#          ^ string.quoted.double.riscv-asm punctuation.definition.string.begin.riscv-asm
#              ^^ constant.character.escape.riscv-asm
#                     ^^ constant.character.escape.riscv-asm
#                                ^^^^ constant.character.escape.riscv-asm
#                                    ^^^^ constant.character.escape.riscv-asm
#                                         ^^^^^^^^^^^^^^^ string.quoted.double.riscv-asm - comment.line.number-sign.riscv-asm
#                                                        ^ punctuation.definition.string.end.riscv-asm

# Relocation functions.
1:  auipc a0, %pcrel_hi(msg)
# <- entity.name.function.label.local.riscv-asm
#^ punctuation.separator.label.riscv-asm
#             ^^^^^^^^^ support.function.relocation.riscv-asm
#                      ^ punctuation.section.parens.begin.riscv-asm
#                       ^^^ variable.other.symbol.riscv-asm
    addi a0, a0, %pcrel_lo(1b)
#                ^^^^^^^^^ support.function.relocation.riscv-asm
#                          ^^ variable.other.label.local.riscv-asm
    lui a1, %hi(sym)
#           ^^^ support.function.relocation.riscv-asm
    addi a1, a1, %lo(sym)
#                ^^^ support.function.relocation.riscv-asm
    lui a2, %tprel_hi(tv)
#           ^^^^^^^^^ support.function.relocation.riscv-asm
    add a2, a2, tp, %tprel_add(tv)
#                   ^^^^^^^^^^ support.function.relocation.riscv-asm
    sw a0, %tprel_lo(tv)(a2)
#          ^^^^^^^^^ support.function.relocation.riscv-asm
#                       ^ punctuation.section.parens.begin.riscv-asm
#                        ^^ variable.language.register.integer.riscv-asm
    auipc a3, %got_pcrel_hi(ext)
#             ^^^^^^^^^^^^^ support.function.relocation.riscv-asm
    auipc a4, %tls_ie_pcrel_hi(tv)
#             ^^^^^^^^^^^^^^^^ support.function.relocation.riscv-asm
    auipc a5, %tls_gd_pcrel_hi(tv)
#             ^^^^^^^^^^^^^^^^ support.function.relocation.riscv-asm
# `%` is the remainder operator elsewhere.
    li a0, 10 % 3
#             ^ keyword.operator.riscv-asm

# Numeric local labels: `1:` defines, `1b`/`1f` refer; `b1:` is an ordinary label.
b1: beqz a0, 1f
# <-- entity.name.function.label.riscv-asm
#            ^^ variable.other.label.local.riscv-asm
10: j 10b
# <-- entity.name.function.label.local.riscv-asm
#     ^^^ variable.other.label.local.riscv-asm
    j b1
#     ^^ variable.other.symbol.riscv-asm
# `0b1` is binary, `0b` alone is local label 0 backwards.
    j 0b
#     ^^ variable.other.label.local.riscv-asm
.Lloop: bnez a0, .Lloop
# <------ entity.name.function.label.riscv-asm
#                ^^^^^^ variable.other.symbol.riscv-asm
# `.` is the location counter.
    j .
#     ^ variable.language.location-counter.riscv-asm
lab1: lab2: nop
# <---- entity.name.function.label.riscv-asm
#     ^^^^ entity.name.function.label.riscv-asm
#           ^^^ keyword.other.instruction.pseudo.riscv-asm

# Macro parameters.
    sd \reg, \off(sp)
#      ^^^^ variable.parameter.macro.riscv-asm
#            ^^^^ variable.parameter.macro.riscv-asm
    li a0, \@
#          ^^ variable.language.macro-counter.riscv-asm
    la a0, msg\()\@
#             ^^^ punctuation.separator.macro.riscv-asm
