#!/usr/bin/env bash
# Sets up, builds and runs every test:
#   dev preset           Debug + AddressSanitizer + UndefinedBehaviorSanitizer, all tests
#   freestanding preset  the core layers in the no-heap profile, its tests and heap checks
#   freestanding-alloc   the core layers with all memory from an installed allocator, tests
#   cortex-m4 preset     the cross build for Cortex-M4 and its firmware, run on QEMU (prints the
#                        runtime's flash and RAM footprint)
#   cortex-m3, -m33      the same firmware for Cortex-M3 (run on QEMU) and M33 (built)
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
stage "freestanding-alloc: configure" cmake --preset freestanding-alloc
stage "freestanding-alloc: build"     cmake --build --preset freestanding-alloc
stage "freestanding-alloc: test"      ctest --preset freestanding-alloc
for cpu in cortex-m4 cortex-m3 cortex-m33; do
  stage "${cpu}: configure"      cmake --preset "${cpu}"
  stage "${cpu}: build"          cmake --build --preset "${cpu}"
  stage "${cpu}: test"           ctest --preset "${cpu}"
done
stage "release: configure"       cmake --preset release
stage "release: build"           cmake --build --preset release
stage "release: run the example" ./build/release/src/wrt-run build/release/examples/hello.wasm

echo
echo "=== summary"
printf '%s\n' "${summary[@]}"
exit $status
