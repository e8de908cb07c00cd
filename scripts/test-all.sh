#!/usr/bin/env bash
# Sets up, builds and runs every test:
#   dev preset           Debug + AddressSanitizer + UndefinedBehaviorSanitizer, all tests
#   freestanding preset  the core layers in the no-heap profile, its tests and heap checks
#   cortex-m4 preset     the cross build for Cortex-M4
#   release preset       the optimized build (-O3 finds warnings -O0 does not), and the
#                        README's run command on the bundled example
# Ends with one summary line per stage; exits non-zero if any stage failed.
set -uo pipefail
cd "$(dirname "$0")/.."

scripts/setup-debian.sh || exit 1

declare -a summary=()
status=0
stage() {
  local name="$1"
  shift
  local start=$SECONDS
  echo "=== ${name}"
  if "$@"; then
    summary+=("PASS ${name} ($((SECONDS - start)) s)")
  else
    summary+=("FAIL ${name} ($((SECONDS - start)) s)")
    status=1
  fi
}

stage "dev: configure"           cmake --preset dev
stage "dev: build"               cmake --build --preset dev
stage "dev: test"                ctest --preset dev
stage "freestanding: configure"  cmake --preset freestanding
stage "freestanding: build"      cmake --build --preset freestanding
stage "freestanding: test"       ctest --preset freestanding
stage "cortex-m4: configure"     cmake --preset cortex-m4
stage "cortex-m4: build"         cmake --build --preset cortex-m4
stage "release: configure"       cmake --preset release
stage "release: build"           cmake --build --preset release
stage "release: run the example" ./build/release/src/wrt-run build/release/examples/hello.wasm

echo
echo "=== summary"
printf '%s\n' "${summary[@]}"
exit $status
