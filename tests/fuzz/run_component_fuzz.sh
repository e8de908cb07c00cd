#!/usr/bin/env bash
# Runs the component fuzz target (fuzz_component, built by the `fuzz` preset) with its seed
# corpus: every component binary of ../shared/component-model/json, the real components of
# tests/component/data and the component regressions.
#
#   cmake --preset fuzz && cmake --build --preset fuzz
#   tests/fuzz/run_component_fuzz.sh [seconds (1800)] [more libFuzzer flags...]
#
# New corpus entries go to build/fuzz/component-corpus/work, crashes to
# build/fuzz/component-corpus/artifacts. A crash is minimized with
#   build/fuzz/tests/fuzz/fuzz_component -minimize_crash=1 -runs=100000 <crash file>
# and the minimized input goes to tests/fuzz/regressions/component/, which ctest replays
# (fuzz.regressions.component). One process (the machine is shared), at low priority.
# Inputs are capped at 64 KB (the larger real components are fuzzed by their first 64 KB): with
# the 373 KB one whole, mutants of it filled the corpus and the rate fell below 200 runs/s.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
seconds="${1:-1800}"
shift || true
build="${WRT_FUZZ_BUILD:-$repo/build/fuzz}"
fuzzer="$build/tests/fuzz/fuzz_component"
shared="${WRT_SHARED_DIR:-$repo/../shared}/component-model/json"
[ -x "$fuzzer" ] || { echo "no $fuzzer: cmake --preset fuzz && cmake --build --preset fuzz" >&2; exit 1; }

corpus="$build/component-corpus"
seeds="$corpus/seeds"
mkdir -p "$seeds" "$corpus/work" "$corpus/artifacts"
count=0
if [ -d "$shared" ]; then
  while IFS= read -r -d '' file; do
    # Components only: the preamble \0asm, version 0x0d, layer 1.
    if [ "$(head -c 8 "$file" | od -An -tx1 | tr -d ' \n')" = "0061736d0d000100" ]; then
      cp "$file" "$seeds/$(echo "${file#"$shared"/}" | tr '/' '_')"
      count=$((count + 1))
    fi
  done < <(find "$shared" -name '*.wasm' -print0)
else
  echo "warning: no $shared; seeding with the real components only" >&2
fi
cp "$repo"/tests/component/data/*.component.wasm "$seeds/"
if [ -d "$here/regressions/component" ]; then cp "$here"/regressions/component/* "$seeds/" 2>/dev/null || true; fi
echo "seeds: $count conformance-test components, $(ls "$repo"/tests/component/data/*.component.wasm | wc -l) real ones"

cd "$corpus"
exec nice -n 10 "$fuzzer" "$corpus/work" "$seeds" \
  -dict="$here/component.dict" \
  -max_total_time="$seconds" \
  -timeout=10 \
  -max_len=65536 \
  -rss_limit_mb=2048 -malloc_limit_mb=2048 \
  -artifact_prefix="$corpus/artifacts/" \
  -print_final_stats=1 \
  "$@"
