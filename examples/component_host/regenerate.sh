#!/usr/bin/env bash
# Remakes plugin.component.wasm from plugin.c and plugin.wit with the reference tools:
#   clang --target=wasm32-wasi (no libc) -> core module
#   jco embed --wit plugin.wit -n plugin  -> the core module with the world's type
#   jco new                               -> the component
#
#   examples/component_host/regenerate.sh [scratch-dir]
#
# Made with @bytecodealliance/jco 1.35.0 and Debian clang 14.0.6 (the versions of
# tests/component/data/versions.txt). jco is installed into the scratch folder, never here.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=SCRIPTDIR/../../scripts/jco-env.sh
source "$here/../../scripts/jco-env.sh"
jco_env regenerate.sh "${1:-}" clang

clang --target=wasm32-wasi -O2 -nostdlib -Wl,--no-entry -Wl,--strip-all "$here/plugin.c" -o "$scratch/plugin.core.wasm"
jco embed --wit "$here/plugin.wit" -n plugin "$scratch/plugin.core.wasm" -o "$scratch/plugin.embedded.wasm"
jco new "$scratch/plugin.embedded.wasm" -o "$here/plugin.component.wasm"
jco wit "$here/plugin.component.wasm"
