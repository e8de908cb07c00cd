#!/usr/bin/env bash
# Remakes upper.component.wasm from upper.wat with the reference tools: the repository's text
# layer reads core modules only, not the component text format, so the binary is checked in
# (as examples/component_host's is) and remade here:
#   jco parse upper.wat -> upper.component.wasm   (wasm-tools' text parser, bundled in jco)
#
#   examples/async_streams/regenerate.sh [scratch-dir]
#
# Made with @bytecodealliance/jco 1.35.0 (the version of tests/component/data/versions.txt).
# jco is installed into the scratch folder, never here.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=SCRIPTDIR/../../scripts/jco-env.sh
source "$here/../../scripts/jco-env.sh"
jco_env regenerate.sh "${1:-}"

jco parse "$here/upper.wat" -o "$here/upper.component.wasm"
jco wit "$here/upper.component.wasm"
