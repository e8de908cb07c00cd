#!/usr/bin/env bash
# Remakes the test components written in the component text format (data/<name>.wat ->
# data/<name>.component.wasm: error_context, value_streams, cancel_host_call) with the reference tools: the
# repository's text layer reads core modules only, not the component text format, so the
# binaries are checked in and remade here with `jco parse` (wasm-tools' text parser, bundled in
# jco).
#
#   tests/component/regenerate_wat_components.sh [scratch-dir]
#
# Made with @bytecodealliance/jco 1.35.0 (the version of data/versions.txt). jco is installed
# into the scratch folder, never here.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=SCRIPTDIR/../../scripts/jco-env.sh
source "$here/../../scripts/jco-env.sh"
jco_env regenerate_wat_components.sh "${1:-}"

for name in error_context value_streams cancel_host_call; do
  jco parse "$here/data/$name.wat" -o "$here/data/$name.component.wasm"
  ls -l "$here/data/$name.component.wasm"
done
