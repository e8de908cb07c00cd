# shellcheck shell=bash
# The jco environment of the scripts that remake the repository's components with the reference
# tools (tests/component/regenerate_*.sh, tests/wasi/components/regenerate.sh,
# examples/*/regenerate.sh). Sourced, not run:
#
#   source "$(dirname "${BASH_SOURCE[0]}")/<up>/scripts/jco-env.sh"
#   jco_env <script name> "${1:-}" [tool...]
#
# jco_env checks that node, npm and the script's other tools are there, makes the scratch folder
# (the given one, or a new temporary one) and sets $scratch to its absolute path, installs the
# pinned jco and preview2-shim into it unless they are already there (never into the
# repository), and defines `jco`, which runs jco from it. All the components were made with
# these versions (tests/component/data/versions.txt); other versions make other bytes.

JCO_VERSION=1.35.0
PREVIEW2_SHIM_VERSION=0.26.1

jco_env() {
  local name="$1" given="$2"
  shift 2
  local tool
  for tool in node npm "$@"; do
    command -v "$tool" >/dev/null || { echo "$name: $tool is needed" >&2; exit 1; }
  done
  scratch="${given:-$(mktemp -d)}"
  mkdir -p "$scratch"
  scratch="$(cd "$scratch" && pwd)"
  if ! grep -qs "\"version\": \"$JCO_VERSION\"" "$scratch/node_modules/@bytecodealliance/jco/package.json" ||
    ! grep -qs "\"version\": \"$PREVIEW2_SHIM_VERSION\"" "$scratch/node_modules/@bytecodealliance/preview2-shim/package.json"; then
    echo "installing jco $JCO_VERSION into $scratch"
    (cd "$scratch" && { [ -f package.json ] || npm init -y >/dev/null; } &&
      npm install --no-audit --no-fund --loglevel=error --save-exact \
        "@bytecodealliance/jco@$JCO_VERSION" "@bytecodealliance/preview2-shim@$PREVIEW2_SHIM_VERSION" >/dev/null)
  fi
  # jco's bundled wasm-tools runs on preview2-shim, which sees no files unless a preopen is set.
  cat > "$scratch/preopen-root.mjs" <<'JS'
import { _setPreopens } from '@bytecodealliance/preview2-shim/filesystem';
_setPreopens({ '/': '/' });
JS
}

jco() { (cd "$scratch" && node --import ./preopen-root.mjs node_modules/@bytecodealliance/jco/dist/jco.js "$@"); }
