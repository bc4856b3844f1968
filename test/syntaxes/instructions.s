# SYNTAX TEST "source.riscv-asm" "instructions and pseudo-instructions"

# Base, M and compressed instructions are table rows; the whole statement is meta.instruction.
    addi a0, a0, 1
#   ^^^^ meta.instruction.riscv-asm keyword.other.instruction.riscv-asm
#       ^^^^^^^^^^^^ meta.instruction.riscv-asm
    mulhsu t0, t1, t2
#   ^^^^^^ keyword.other.instruction.riscv-asm
    c.addi a0, 1
#   ^^^^^^ keyword.other.instruction.riscv-asm
#         ^ - keyword.other.instruction.riscv-asm
    c.addi16sp sp, -32
#   ^^^^^^^^^^ keyword.other.instruction.riscv-asm
    fence.i
#   ^^^^^^^ keyword.other.instruction.riscv-asm

# Mnemonics are case-insensitive in GNU as (registers are not).
    ADDI a0, a0, 1
#   ^^^^ keyword.other.instruction.riscv-asm
    Li a0, 1
#   ^^ keyword.other.instruction.pseudo.riscv-asm

# A mnemonic must be a whole word: `addix` is a macro call, `c.addi.x` too.
    addix a0
#   ^^^^^ entity.name.function.call.riscv-asm - keyword.other.instruction.riscv-asm
    c.addi.x a0
#   ^^^^^^^^ entity.name.function.call.riscv-asm - keyword.other.instruction.riscv-asm

# AMO and LR/SC take .aq, .rl and .aqrl; the suffix is also storage.modifier.ordering.
    amoswap.w.aqrl a0, a1, (a2)
#   ^^^^^^^^^ keyword.other.instruction.riscv-asm - storage.modifier.ordering.riscv-asm
#            ^^^^^ keyword.other.instruction.riscv-asm storage.modifier.ordering.riscv-asm
#                  ^^ variable.language.register.integer.riscv-asm
#                          ^ punctuation.section.parens.begin.riscv-asm
#                           ^^ variable.language.register.integer.riscv-asm
#                             ^ punctuation.section.parens.end.riscv-asm
    amoadd.d.aq a0, a1, (a2)
#           ^^^ storage.modifier.ordering.riscv-asm
    lr.w.rl a0, (a1)
#   ^^^^ keyword.other.instruction.riscv-asm
#       ^^^ storage.modifier.ordering.riscv-asm
    sc.d a0, a1, (a2)
#   ^^^^ keyword.other.instruction.riscv-asm
    AMOOR.W.AQRL a0, a1, (a2)
#          ^^^^^ storage.modifier.ordering.riscv-asm
# Only A rows take ordering suffixes.
    addi.aq a0, a0, 1
#   ^^^^^^^ entity.name.function.call.riscv-asm

# FP rounding modes are operands of rows with an rm field.
    fadd.d ft0, ft1, ft2, rne
#   ^^^^^^ keyword.other.instruction.riscv-asm
#          ^^^ variable.language.register.floating-point.riscv-asm
#                         ^^^ constant.language.rounding-mode.riscv-asm
    fcvt.w.s a0, fa0, rtz
#   ^^^^^^^^ keyword.other.instruction.riscv-asm
#            ^^ variable.language.register.integer.riscv-asm
#                     ^^^ constant.language.rounding-mode.riscv-asm
    fmadd.s fa0, fa1, fa2, fa3, dyn
#                               ^^^ constant.language.rounding-mode.riscv-asm
# ... and nowhere else: rne is a symbol in addi.
    addi a0, a0, rne
#                ^^^ variable.other.symbol.riscv-asm - constant.language.rounding-mode.riscv-asm

# FENCE sets.
    fence rw, w
#   ^^^^^ keyword.other.instruction.riscv-asm
#         ^^ constant.language.fence-set.riscv-asm
#             ^ constant.language.fence-set.riscv-asm
    fence iorw, iorw
#         ^^^^ constant.language.fence-set.riscv-asm
    fence.tso
#   ^^^^^^^^^ keyword.other.instruction.riscv-asm

# CSR names are highlighted where a csr operand stands: in Zicsr rows and csr pseudo-instructions.
    csrrw t0, mstatus, a0
#   ^^^^^ keyword.other.instruction.riscv-asm
#             ^^^^^^^ variable.language.csr.riscv-asm
    csrrsi zero, sstatus, 2
#                ^^^^^^^ variable.language.csr.riscv-asm
    csrr a0, cycle
#   ^^^^ keyword.other.instruction.pseudo.riscv-asm
#            ^^^^^ variable.language.csr.riscv-asm
    csrwi frm, 1
#         ^^^ variable.language.csr.riscv-asm
# `time` in a non-CSR instruction is a symbol.
    la a0, time
#          ^^^^ variable.other.symbol.riscv-asm - variable.language.csr.riscv-asm
# CSR names are case-sensitive in GNU as.
    csrr a0, CYCLE
#            ^^^^^ - variable.language.csr.riscv-asm

# Pseudo-instructions from src/isa/pseudo.ts; a table row of the same name stays an instruction.
    li a0, 42
#   ^^ keyword.other.instruction.pseudo.riscv-asm
    la a0, msg # comment
#   ^^ keyword.other.instruction.pseudo.riscv-asm
#          ^^^ variable.other.symbol.riscv-asm
#              ^^^^^^^^^ comment.line.number-sign.riscv-asm
#              ^ punctuation.definition.comment.riscv-asm
    call printf
#   ^^^^ keyword.other.instruction.pseudo.riscv-asm
#        ^^^^^^ variable.other.symbol.riscv-asm
    ret
#   ^^^ keyword.other.instruction.pseudo.riscv-asm
    sext.w a0, a0
#   ^^^^^^ keyword.other.instruction.pseudo.riscv-asm
    fneg.d fa0, fa1
#   ^^^^^^ keyword.other.instruction.pseudo.riscv-asm
    jal ra, func
#   ^^^ keyword.other.instruction.riscv-asm - keyword.other.instruction.pseudo.riscv-asm
    jalr t0
#   ^^^^ keyword.other.instruction.riscv-asm
    frcsr a0
#   ^^^^^ keyword.other.instruction.pseudo.riscv-asm

# Statements: after a label, after `;`, after a block comment.
_start: li a7, 93
# <------ entity.name.function.label.riscv-asm
#     ^ punctuation.separator.label.riscv-asm
#       ^^ keyword.other.instruction.pseudo.riscv-asm
    li a0, 0; ecall ; ret
#           ^ punctuation.terminator.statement.riscv-asm
#             ^^^^^ keyword.other.instruction.riscv-asm
#                     ^^^ keyword.other.instruction.pseudo.riscv-asm
    /* save */ sd ra, 8(sp)
#              ^^ keyword.other.instruction.riscv-asm
#                     ^ constant.numeric.integer.decimal.riscv-asm
#                       ^^ variable.language.register.integer.riscv-asm
# A mnemonic-looking word in operand position is not an instruction.
    j ret
#     ^^^ variable.other.symbol.riscv-asm - keyword.other.instruction.pseudo.riscv-asm

# Unknown words at statement start are macro invocations (or typos the language server reports).
    push_regs a0, a1
#   ^^^^^^^^^ entity.name.function.call.riscv-asm
#             ^^ variable.language.register.integer.riscv-asm
