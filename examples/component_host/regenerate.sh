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
JCO_VERSION=1.35.0
PREVIEW2_SHIM_VERSION=0.26.1
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
scratch="${1:-$(mktemp -d)}"
mkdir -p "$scratch"
scratch="$(cd "$scratch" && pwd)"
for tool in node npm clang; do
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

clang --target=wasm32-wasi -O2 -nostdlib -Wl,--no-entry -Wl,--strip-all "$here/plugin.c" -o "$scratch/plugin.core.wasm"
jco embed --wit "$here/plugin.wit" -n plugin "$scratch/plugin.core.wasm" -o "$scratch/plugin.embedded.wasm"
jco new "$scratch/plugin.embedded.wasm" -o "$here/plugin.component.wasm"
jco wit "$here/plugin.component.wasm"
