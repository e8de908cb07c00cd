#!/usr/bin/env bash
# run_deep_nesting.sh WRT_RUN LEVELS MAX_BYTES
# Builds a module whose one function nests LEVELS blocks, runs `wrt-run inspect -d` on it and
# fails when the output is larger than MAX_BYTES: indentation that grew with the depth made
# the output quadratic in the code's size (4,000 levels: 32 MB).
set -euo pipefail
wrt_run=$1
levels=$2
max_bytes=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

leb() {  # the unsigned LEB128 bytes of $1, as printf escapes
  local value=$1 out="" byte
  while :; do
    byte=$((value & 0x7f))
    value=$((value >> 7))
    if [ $value -ne 0 ]; then byte=$((byte | 0x80)); fi
    out+=$(printf '\\x%02x' $byte)
    if [ $value -eq 0 ]; then break; fi
  done
  printf '%s' "$out"
}

body_size=$((1 + 3 * levels + 1))  # no locals; block/end pairs; the function's end
body_leb=$(leb $body_size)
code_payload_size=$((1 + ${#body_leb} / 4 + body_size))
{
  printf '\x00\x61\x73\x6d\x01\x00\x00\x00'
  printf '\x01\x04\x01\x60\x00\x00'  # type () -> ()
  printf '\x03\x02\x01\x00'          # one function
  printf '\x0a'"$(leb $code_payload_size)"'\x01'"$body_leb"'\x00'
  for ((i = 0; i < levels; i++)); do printf '\x02\x40'; done
  for ((i = 0; i < levels; i++)); do printf '\x0b'; done
  printf '\x0b'
} > "$work/deep.wasm"

"$wrt_run" inspect -d "$work/deep.wasm" > "$work/out.txt" || true
bytes=$(wc -c < "$work/out.txt")
lines=$(wc -l < "$work/out.txt")
echo "inspect -d of $levels nested blocks: $lines lines, $bytes bytes"
tail -n 3 "$work/out.txt"
if [ "$lines" -lt $((2 * levels)) ]; then echo "expected every instruction to be printed"; exit 1; fi
if [ "$bytes" -gt "$max_bytes" ]; then echo "more than $max_bytes bytes"; exit 1; fi
