#!/usr/bin/env bash
# Sets up, builds (release preset) and runs the main job: the bundled example.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup-debian.sh
cmake --preset release
cmake --build --preset release --target wrt_quickstart wrt_example_hello_wasm
./build/release/examples/quickstart/wrt_quickstart build/release/examples/hello.wasm
