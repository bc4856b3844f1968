#!/usr/bin/env bash
# Builds the benchmark programs in examples/bench/src/ into examples/bench/bin/<name>.
#
#   bash examples/bench/build.sh     (needs riscv64-linux-gnu-gcc)
#
# No C library: each program is start.S + one C file, -O2, statically linked
# without the standard library. The binaries are committed so `npm run bench`
# needs no cross compiler. Deterministic (no build-id, paths mapped to ".").
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

CC="${CROSS:-riscv64-linux-gnu-}gcc"
CFLAGS=(
  -march=rv64imac_zicsr -mabi=lp64   # integer ISA (F/D not needed by these kernels)
  -mcmodel=medany -O2
  -ffreestanding -fno-builtin -fno-tree-loop-distribute-patterns
  -fno-stack-protector -fno-pie
  -ffile-prefix-map="$ROOT"=.
  -Wall -Wextra -Werror
)
LDFLAGS=(-static -nostdlib -no-pie -Wl,--build-id=none -Wl,-z,separate-code)

# The floating-point benchmark needs F and D (hard-float ABI): same flags otherwise.
FPFLAGS=(-march=rv64gc -mabi=lp64d)

mkdir -p examples/bench/bin
for src in examples/bench/src/*.c; do
  name="$(basename "$src" .c)"
  flags=()
  if [ "$name" = fpmat ]; then flags=("${FPFLAGS[@]}"); fi
  "$CC" "${CFLAGS[@]}" "${flags[@]}" "${LDFLAGS[@]}" -o "examples/bench/bin/$name" \
    examples/bench/src/start.S "$src" -lgcc
  echo "built examples/bench/bin/$name ($(stat -c %s "examples/bench/bin/$name") bytes)"
done

# Test fixture of the block compiler's TLB test (test/emu/jit-tlb.test.ts), same flags.
"$CC" "${CFLAGS[@]}" "${LDFLAGS[@]}" -o test/emu/programs/jit-tlb.elf \
  examples/bench/src/start.S test/emu/programs/jit-tlb.c -lgcc
echo "built test/emu/programs/jit-tlb.elf"
