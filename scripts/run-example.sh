#!/usr/bin/env bash
# Sets up, builds (release preset) and runs the main job: wrt-run on the bundled example, a
# WASI program compiled from C at build time (examples/programs/hello.c).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup-debian.sh
cmake --preset release
cmake --build --preset release --target wrt-run wrt_example_hello_wasm
./build/release/src/wrt-run build/release/examples/hello.wasm "$@"
