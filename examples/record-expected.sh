#!/usr/bin/env bash
# Records the reference behaviour of every example under qemu-riscv64:
#   examples/expected/<name>.stdout   everything the program wrote to stdout
#   examples/expected/<name>.status   its exit status, as a decimal integer
#
#   bash examples/record-expected.sh [RUNS]     (default RUNS=5)
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

for bin in examples/bin/*; do
  name="$(basename "$bin")"
  for run in $(seq 1 "$RUNS"); do
    set +e
    "$WRAP" qemu-riscv64 "$bin" >"$TMP/$name.$run.stdout" 2>"$TMP/$name.$run.stderr"
    echo "$?" >"$TMP/$name.$run.status"
    set -e
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
  cp "$TMP/$name.1.stdout" "examples/expected/$name.stdout"
  cp "$TMP/$name.1.status" "examples/expected/$name.status"
  echo "recorded $name: status $(cat "examples/expected/$name.status"), $(wc -c <"examples/expected/$name.stdout") bytes of stdout, $RUNS identical runs"
done
