#!/usr/bin/env bash
# Records the reference behaviour of every example under qemu-riscv64:
#   examples/expected/<name>.stdout   everything the program wrote to stdout
#   examples/expected/<name>.status   its exit status, as a decimal integer
# and likewise examples/glibc/expected/<name>.* for examples/glibc/bin/<name>.
# A file examples/input/<name>.stdin, when present, is the program's stdin
# (otherwise stdin is /dev/null); examples/input/<name>.env holds extra
# environment lines, passed with qemu's -E (@ROOT@ becomes the repository
# root, @HOME@ a fresh empty directory for the run).
#
#   bash examples/record-expected.sh [RUNS [BINARY...]]   (default RUNS=5, every program)
#
# Each example runs RUNS times; the script fails unless every run gives
# byte-identical stdout and the same status (the examples are written so
# that scheduling order and pid values never show in their output).
# Everything runs inside examples/tools/with-riscv-binfmt, so `exec` can
# execve() its own riscv64 binary. Programs run from the repository root
# as examples/bin/<name>, which is the argv[0] that `exec` re-executes.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS="${1:-5}"
WRAP=examples/tools/with-riscv-binfmt

command -v qemu-riscv64 >/dev/null || { echo "record-expected.sh: qemu-riscv64 not found" >&2; exit 1; }

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
mkdir -p examples/expected

record() {
  local bin="$1" out="$2" name
  name="$(basename "$bin")"
  mkdir -p "$out"
  for run in $(seq 1 "$RUNS"); do
    local stdin=/dev/null env=() home
    [[ -f "examples/input/$name.stdin" ]] && stdin="examples/input/$name.stdin"
    home="$(mktemp -d)"
    if [[ -f "examples/input/$name.env" ]]; then
      while IFS= read -r line; do
        line="${line//@ROOT@/$ROOT}"
        env+=(-E "${line//@HOME@/$home}")
      done <"examples/input/$name.env"
    fi
    set +e
    "$WRAP" qemu-riscv64 "${env[@]}" "$bin" <"$stdin" >"$TMP/$name.$run.stdout" 2>"$TMP/$name.$run.stderr"
    echo "$?" >"$TMP/$name.$run.status"
    set -e
    rm -rf "$home"
    if [[ $run -gt 1 ]]; then
      for part in stdout status; do
        if ! cmp -s "$TMP/$name.1.$part" "$TMP/$name.$run.$part"; then
          echo "record-expected.sh: $name: run $run $part differs from run 1" >&2
          diff "$TMP/$name.1.$part" "$TMP/$name.$run.$part" >&2 || true
          exit 1
        fi
      done
    fi
  done
  cp "$TMP/$name.1.stdout" "$out/$name.stdout"
  cp "$TMP/$name.1.status" "$out/$name.status"
  echo "recorded $bin: status $(cat "$out/$name.status"), $(wc -c <"$out/$name.stdout") bytes of stdout, $RUNS identical runs"
}

# With arguments: record only those programs (paths of binaries).
if [[ $# -gt 1 ]]; then
  for bin in "${@:2}"; do
    case "$bin" in
      examples/glibc/bin/*) record "$bin" examples/glibc/expected ;;
      *) record "$bin" examples/expected ;;
    esac
  done
  exit 0
fi
for bin in examples/bin/*; do record "$bin" examples/expected; done
for bin in examples/glibc/bin/*; do record "$bin" examples/glibc/expected; done
