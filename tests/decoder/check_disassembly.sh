#!/usr/bin/env bash
# Cross-checks the opcode table against wabt: for every .wasm under DIR that wasm-objdump can
# disassemble, `wrt-run inspect --disassemble` must list the same instructions at the same
# offsets with the same names. This pins the encodings, immediate layouts and names of every
# opcode the spec tests use (all of SIMD among them) to an independent implementation.
#
#   check_disassembly.sh WRT_RUN DIR...
set -uo pipefail
wrt_run=$1
shift
checked=0
failed=0
unreadable=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
while IFS= read -r -d '' file; do
  # Only modules WRT finds valid: for the others the two decoders may stop at different places.
  if ! "$wrt_run" inspect --disassemble "$file" > "$tmp/wrt.txt" 2>/dev/null; then
    continue
  fi
  if ! wasm-objdump -d "$file" > "$tmp/objdump.txt" 2>/dev/null; then
    unreadable=$((unreadable + 1))  # wabt 1.0.32 gaps (e.g. global.get in element expressions)
    continue
  fi
  # Instruction lines only: not the local declarations, not the continuation lines of long ones.
  grep -v '| *local\[' "$tmp/objdump.txt" |
    sed -n 's/^ \([0-9a-f]\{6\}\): [0-9a-f ]*| *\([^ ][^ ]*\).*/\1 \2/p' > "$tmp/expected"
  sed -n 's/^  \([0-9a-f]\{6\}\): *\([^ ]*\).*/\1 \2/p' "$tmp/wrt.txt" > "$tmp/actual"
  checked=$((checked + 1))
  if ! cmp -s "$tmp/expected" "$tmp/actual"; then
    failed=$((failed + 1))
    if [ $failed -le 5 ]; then
      echo "MISMATCH $file"
      diff "$tmp/expected" "$tmp/actual" | head -6
    fi
  fi
done < <(find "$@" -name '*.wasm' -print0 | sort -z)
echo "disassembly cross-check: $checked modules compared with wasm-objdump, $failed differ ($unreadable valid modules wasm-objdump cannot read)"
[ $checked -gt 0 ] && [ $failed -eq 0 ]
