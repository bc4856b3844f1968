#!/usr/bin/env bash
# Builds every example in examples/src/ into examples/bin/<name> (on our tiny
# libc, rv64imac), and every program in examples/glibc/src/ into
# examples/glibc/bin/<name> (statically linked with glibc, rv64gc).
#
#   bash examples/build.sh          (from anywhere; needs riscv64-linux-gnu-gcc)
#
# The binaries are committed, so only people who change the C sources need a
# cross compiler. The build is deterministic: running it twice, here or on
# another machine with the same toolchain, gives the same bytes.
#   - We compile from the repository root with relative paths and map the
#     root to "." (-ffile-prefix-map), so DWARF names files like
#     examples/src/forktree.c with compilation directory ".".
#   - No build-id, archives made with ar's deterministic mode (D).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

CROSS="${CROSS:-riscv64-linux-gnu-}"
CC="${CROSS}gcc"
AR="${CROSS}ar"
OBJDUMP="${CROSS}objdump"

CFLAGS=(
  -march=rv64imac_zicsr -mabi=lp64    # what our emulator runs: no F/D registers
  -mcmodel=medany                     # code and data may live anywhere in the address space
  -g -Og                              # debug info; optimise without hurting stepping
  -fno-omit-frame-pointer             # frame pointers: the debugger's fallback unwinder
  -ffreestanding -fno-builtin         # no hosted C library behind us
  -fno-tree-loop-distribute-patterns  # never turn our memset loop into a call to memset
  -fno-stack-protector -fno-pie
  -nostdinc -Iexamples/libc           # only our own headers
  -ffile-prefix-map="$ROOT"=.
  -Wall -Wextra -Werror
)
LDFLAGS=(-static -nostdlib -no-pie -Wl,--build-id=none)

# crt0.S first, then the original C files in their original order (which fixes
# the archive's layout, so binaries stay byte-identical), then any other C file
# of the libc, sorted (wrapper files added later are picked up).
LIBC_SOURCES=(crt0.S start.c unistd.c string.c printf.c malloc.c)
for src in examples/libc/*.c; do
  file="$(basename "$src")"
  [[ " ${LIBC_SOURCES[*]} " == *" $file "* ]] || LIBC_SOURCES+=("$file")
done

OBJ="$(mktemp -d)"
trap 'rm -rf "$OBJ"' EXIT

# 1. The libc: crt0.o is linked first into every program (it holds _start);
#    the rest goes into an archive, so each program pulls in only what it uses.
objects=()
for src in "${LIBC_SOURCES[@]}"; do
  obj="$OBJ/${src%.*}.o"
  "$CC" "${CFLAGS[@]}" -c "examples/libc/$src" -o "$obj"
  [[ "$src" == crt0.S ]] || objects+=("$obj")
done
"$AR" rcsD "$OBJ/libc.a" "${objects[@]}"

# 2. The programs.
mkdir -p examples/bin
for src in examples/src/*.c; do
  name="$(basename "$src" .c)"
  "$CC" "${CFLAGS[@]}" -c "$src" -o "$OBJ/$name.o"
  "$CC" "${CFLAGS[@]}" "${LDFLAGS[@]}" -o "examples/bin/$name" \
    "$OBJ/crt0.o" "$OBJ/$name.o" "$OBJ/libc.a" -lgcc
  # The emulator has no F/D extension yet: refuse any floating-point instruction.
  # (Every F/D mnemonic starts with "f"; fence and fence.i are integer ones.)
  if "$OBJDUMP" -d --no-show-raw-insn "examples/bin/$name" \
      | grep -P '^\s+[0-9a-f]+:\t(c\.)?f' | grep -Pqv '\t(fence|fence\.i)(\s|$)'; then
    echo "build.sh: $name contains floating-point instructions" >&2
    exit 1
  fi
  echo "built examples/bin/$name ($(stat -c %s "examples/bin/$name") bytes)"
done

# 3. The glibc programs: ordinary hosted C, statically linked against Debian's
#    riscv64 glibc, for the full RV64GC machine (F and D included).
GLIBC_CFLAGS=(
  -march=rv64gc -mabi=lp64d -O2 -g
  -ffile-prefix-map="$ROOT"=.
  -Wall -Wextra -Werror
)
mkdir -p examples/glibc/bin
for src in examples/glibc/src/*.c; do
  name="$(basename "$src" .c)"
  "$CC" "${GLIBC_CFLAGS[@]}" -static -Wl,--build-id=none -o "examples/glibc/bin/$name" "$src" -lm
  echo "built examples/glibc/bin/$name ($(stat -c %s "examples/glibc/bin/$name") bytes)"
done

# 4. The assembly examples (examples/asm) need no cross compiler: the built-in assembler and
#    linker build them (`glasskernel as`, or F5 on the file). Check them against GNU as + ld:
#    same loaded bytes, addresses and symbols, and the same output under the kernel as the
#    GNU-built program under qemu-riscv64.
npx vitest run test/toolchain/examples-asm.test.ts
