#!/usr/bin/env bash
# Runs the text-format fuzz target (fuzz_text, built by the `fuzz` preset) seeded with every
# .wast script of ../shared/testsuite (core, SIMD, proposals), the hand-written seeds of
# tests/fuzz/seeds/text (GC syntax, which the 2.0 scripts do not have), the text regressions,
# and, when WRT_WASM3_WAST names a checkout of the 3.0 testsuite, its .wast scripts.
#
#   cmake --preset fuzz && cmake --build --preset fuzz --target fuzz_text
#   tests/fuzz/run_text_fuzz.sh [seconds (600)] [more libFuzzer flags...]
#
# New corpus entries go to build/fuzz/text-corpus/work, crashes to build/fuzz/text-corpus/artifacts;
# a minimized crash goes to tests/fuzz/regressions/text/, which ctest replays
# (fuzz.regressions.text). One process (the machine is shared), at low priority. Inputs are
# capped at 64 KB (larger scripts are fuzzed by their first 64 KB).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
seconds="${1:-600}"
shift || true
build="${WRT_FUZZ_BUILD:-$repo/build/fuzz}"
fuzzer="$build/tests/fuzz/fuzz_text"
suite="${WRT_SHARED_DIR:-$repo/../shared}/testsuite"
[ -x "$fuzzer" ] || { echo "no $fuzzer: cmake --preset fuzz && cmake --build --preset fuzz --target fuzz_text" >&2; exit 1; }

corpus="$build/text-corpus"
mkdir -p "$corpus/seeds" "$corpus/work" "$corpus/artifacts"
count=0
while IFS= read -r -d '' f; do
  head -c 65536 "$f" > "$corpus/seeds/$(echo "$f" | md5sum | cut -c1-16).wast"
  count=$((count + 1))
done < <(find "$suite" "$here/seeds/text" ${WRT_WASM3_WAST:+"$WRT_WASM3_WAST"} -name '*.wast' -print0)
echo "seeds: $count scripts"
exec nice -n 10 "$fuzzer" "$corpus/work" "$corpus/seeds" "$here/regressions/text" \
  -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$corpus/artifacts/" -print_final_stats=1 "$@"
