#!/usr/bin/env bash
# Compares the WebAssembly 3.0 spec scripts read as .wast (the text layer) with the converted
# JSON of ../shared/testsuite/wasm-3.0 (the binary path), script by script: the summary lines
# (`<kind>: <passed>/<total>`) and the failing commands (`FAIL <file>:<line>`) must be the same,
# except for the scripts listed in tests/text/wast3_json_differences.txt with their reason.
# The scripts that need garbage collection (tests/spec/wasm3_gc_scripts.txt) are a row of their
# own, "core (GC)": the runtime refuses their GC modules the same way on both paths, so their
# counts must agree as well (the text layer parses and encodes GC; the decoder does not take it yet).
#
# The upstream .wast files are not in ../shared (only their conversion is), so this is not a
# ctest: check out the testsuite commit named in ../shared/testsuite/wasm-3.0/README.md and say
# where it is:
#
#   WRT_WASM3_WAST=/work/scratch/testsuite-3.0 tests/text/compare_wast3.sh build/dev/src/cli/wrt-run
#
# Prints per folder: scripts, commands passed/total read as .wast, and the same read as JSON;
# then each differing script. Exit status 1 on a difference not listed or a listed one gone.
set -u
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
wrt_run="$(realpath "${1:-$root/build/dev/src/wrt-run}")"
wast_dir="${WRT_WASM3_WAST:?set WRT_WASM3_WAST to a checkout of the 3.0 testsuite commit}"
json_dir="${WRT_WASM3_JSON:-$root/../shared/testsuite/wasm-3.0}"
[ -d "$json_dir" ] || json_dir="/work/shared/testsuite/wasm-3.0"
differences="$here/wast3_json_differences.txt"
gc_list="$root/tests/spec/wasm3_gc_scripts.txt"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

flags_for() {
  case "$1" in
    proposals/threads) echo "--enable=threads --disable=reference-types,multi-memory,memory64" ;;
    proposals/custom-page-sizes) echo "--enable=custom-page-sizes" ;;
    proposals/wide-arithmetic) echo "--enable=wide-arithmetic" ;;
    *) echo "" ;;
  esac
}

# "kind: p/t" lines and "FAIL file:line" words of one run, sorted.
digest() { grep -E '^[a-z_]+: [0-9]+/[0-9]+$|^FAIL ' | sed -E 's/^(FAIL [^ ]+).*/\1/' | sort; }
# passed and total of the closing line.
totals() { grep -E '^[0-9]+ passed, [0-9]+ failed$' | awk '{print $1, $1 + $3}'; }

found=""
status=0
printf '%-28s %8s %16s %16s\n' folder scripts "text (.wast)" "JSON"
for row in core core-gc core/simd legacy custom proposals/threads proposals/custom-page-sizes proposals/wide-arithmetic; do
  folder="${row%-gc}"
  flags="$(flags_for "$folder")"
  n=0; tp=0; tt=0; jp=0; jt=0
  for json in "$json_dir/$folder"/*/*.json; do
    rel="${json#"$json_dir"/}"
    if grep -qxF "$rel" "$gc_list"; then
      [ "$row" = core-gc ] || continue
    else
      [ "$row" = core-gc ] && continue
    fi
    source="$(head -c 400 "$json" | sed -nE 's/.*"source_filename": *"([^"]*)".*/\1/p')"
    [ -f "$wast_dir/$source" ] || { echo "missing $wast_dir/$source" >&2; status=1; continue; }
    # shellcheck disable=SC2086
    (cd "$wast_dir" && "$wrt_run" wast $flags "$source") > "$scratch/text.out" 2>&1
    # shellcheck disable=SC2086
    "$wrt_run" wast $flags "$json" > "$scratch/json.out" 2>&1
    read -r p t < <(totals < "$scratch/text.out"; echo "0 0")
    tp=$((tp + p)); tt=$((tt + t))
    read -r p t < <(totals < "$scratch/json.out"; echo "0 0")
    jp=$((jp + p)); jt=$((jt + t))
    n=$((n + 1))
    if ! cmp -s <(digest < "$scratch/text.out") <(digest < "$scratch/json.out"); then
      found="$found $source"
      {
        echo "== $source (< text, > JSON)"
        diff <(digest < "$scratch/text.out") <(digest < "$scratch/json.out") | grep '^[<>]' | head -20
      } >> "$scratch/report"
    fi
  done
  label="$folder"
  [ "$row" = core-gc ] && label="core (GC)"
  printf '%-28s %8d %16s %16s\n' "$label" "$n" "$tp/$tt" "$jp/$jt"
done
[ -f "$scratch/report" ] && cat "$scratch/report"

listed="$(grep -v '^#' "$differences" | awk 'NF {print $1}')"
for s in $found; do
  grep -qxF "$s" <<< "$listed" || { echo "not listed in $differences: $s"; status=1; }
done
for s in $listed; do
  grep -qw -- "$s" <<< "$found" || { echo "listed in $differences but gone: $s"; status=1; }
done
exit $status
