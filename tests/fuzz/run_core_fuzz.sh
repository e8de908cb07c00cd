#!/usr/bin/env bash
# Runs a core-module fuzz target (fuzz_decode_validate or fuzz_execute, built by the `fuzz`
# preset) seeded with every module binary of ../shared/testsuite/wasm-3.0 (the 3.0 suite:
# tail calls, exceptions, typed references, multi-memory, memory64, relaxed SIMD, threads, GC
# modules too, which must be rejected cleanly) and the core regressions.
#
#   cmake --preset fuzz && cmake --build --preset fuzz --target fuzz_decode_validate fuzz_execute
#   tests/fuzz/run_core_fuzz.sh decode_validate|execute [seconds (1800)] [more libFuzzer flags...]
#
# New corpus entries go to build/fuzz/<target>-corpus/work, crashes to
# build/fuzz/<target>-corpus/artifacts. A minimized crash
# (`fuzz_<target> -minimize_crash=1 -runs=100000 <crash>`) goes to tests/fuzz/regressions/,
# which ctest replays through both targets (fuzz.regressions.decode_validate, .execute).
# One process (the machine is shared), at low priority. Inputs are capped at 64 KB.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
target="${1:?usage: run_core_fuzz.sh decode_validate|execute [seconds] [flags...]}"
shift
case "$target" in decode_validate|execute) ;; *) echo "unknown target $target" >&2; exit 2 ;; esac
seconds="${1:-1800}"
shift || true
build="${WRT_FUZZ_BUILD:-$repo/build/fuzz}"
fuzzer="$build/tests/fuzz/fuzz_$target"
suite="${WRT_SHARED_DIR:-$repo/../shared}/testsuite/wasm-3.0"
[ -x "$fuzzer" ] || { echo "no $fuzzer: cmake --preset fuzz && cmake --build --preset fuzz --target fuzz_$target" >&2; exit 1; }
[ -d "$suite" ] || { echo "no $suite" >&2; exit 1; }

corpus="$build/$target-corpus"
mkdir -p "$corpus/seeds" "$corpus/work" "$corpus/artifacts"
count=0
while IFS= read -r -d '' f; do
  head -c 65536 "$f" > "$corpus/seeds/$(echo "${f#"$suite"/}" | tr '/' '_')"
  count=$((count + 1))
done < <(find "$suite" -name '*.wasm' -print0)
echo "seeds: $count modules of the 3.0 suite"
cd "$corpus"
exec nice -n 10 "$fuzzer" "$corpus/work" "$corpus/seeds" "$here/regressions" \
  -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$corpus/artifacts/" -print_final_stats=1 "$@"
