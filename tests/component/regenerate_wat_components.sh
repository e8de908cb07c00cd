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
JCO_VERSION=1.35.0
PREVIEW2_SHIM_VERSION=0.26.1
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
scratch="${1:-$(mktemp -d)}"
mkdir -p "$scratch"
scratch="$(cd "$scratch" && pwd)"
for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "regenerate_wat_components.sh: $tool is needed" >&2; exit 1; }
done
if [ ! -f "$scratch/node_modules/@bytecodealliance/jco/package.json" ]; then
  (cd "$scratch" && { [ -f package.json ] || npm init -y >/dev/null; } &&
    npm install --no-audit --no-fund --loglevel=error --save-exact \
      "@bytecodealliance/jco@$JCO_VERSION" "@bytecodealliance/preview2-shim@$PREVIEW2_SHIM_VERSION" >/dev/null)
fi
# jco's bundled wasm-tools runs on preview2-shim, which sees no files unless a preopen is set.
cat > "$scratch/preopen-root.mjs" <<'JS'
import { _setPreopens } from '@bytecodealliance/preview2-shim/filesystem';
_setPreopens({ '/': '/' });
JS
jco() { (cd "$scratch" && node --import ./preopen-root.mjs node_modules/@bytecodealliance/jco/dist/jco.js "$@"); }

for name in error_context value_streams cancel_host_call; do
  jco parse "$here/data/$name.wat" -o "$here/data/$name.component.wasm"
  ls -l "$here/data/$name.component.wasm"
done
