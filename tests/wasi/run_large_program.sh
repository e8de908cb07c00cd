#!/usr/bin/env bash
# A large generated C program (tests/wasi/large) under wrt-run, checked against its native
# build: the same stdout, and the same output file written into the granted directory.
#
#   run_large_program.sh WRT_RUN PROGRAM.wasm NATIVE_PROGRAM INPUT_FILE
set -euo pipefail
wrt_run=$1
program=$2
native=$3
input=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/native" "$work/wrt"
# 300 KB of input: enough blocks to reach every transform, quick under the sanitizers.
head -c 300000 "$input" > "$work/native/input.txt"
cp "$work/native/input.txt" "$work/wrt/input.txt"

"$native" "$work/native/input.txt" "$work/native/output.txt" > "$work/native.out"
"$wrt_run" --stats --dir "$work/wrt::/data" "$program" /data/input.txt /data/output.txt > "$work/wrt.out" 2> "$work/wrt.err" || {
  echo "wrt-run failed with status $?"; cat "$work/wrt.err"; exit 1; }
cat "$work/wrt.out" "$work/wrt.err"
diff -u "$work/native.out" "$work/wrt.out"
cmp "$work/native/output.txt" "$work/wrt/output.txt"
echo "output matches the native build ($(wc -l < "$work/wrt/output.txt") lines)"
