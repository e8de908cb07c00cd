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
JCO_VERSION=1.35.0
PREVIEW2_SHIM_VERSION=0.26.1
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
scratch="${1:-$(mktemp -d)}"
mkdir -p "$scratch"
scratch="$(cd "$scratch" && pwd)"
for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "regenerate.sh: $tool is needed" >&2; exit 1; }
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

jco parse "$here/upper.wat" -o "$here/upper.component.wasm"
jco wit "$here/upper.component.wasm"
