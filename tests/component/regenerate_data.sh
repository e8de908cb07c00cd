#!/usr/bin/env bash
# Regenerates the real components in tests/component/data with the reference tools, and what
# those tools say about them (<name>.expected, which the tests compare against).
#
#   tests/component/regenerate_data.sh [scratch-dir]
#
# The committed files were made by (data/versions.txt has the full tool output):
#   @bytecodealliance/jco 1.35.0 (wit-component 0.259.0 inside), @bytecodealliance/preview2-shim
#   0.26.1, node v20.20.2, Debian clang 14.0.6 with Debian's wasi-libc, wabt's wat2wasm 1.0.32.
# Other versions make other bytes (and newer WASI versions in the names); the tests read the
# expected names and counts from the .expected files, so regenerating keeps them consistent.
#
# Components:
#   hello.component.wasm        examples/programs/hello.c as a WASI command (4 core modules: the
#                               program, the preview1 adapter, the shim and the fixup; a nested
#                               shim component exporting wasi:cli/run). Built exactly as issue 12
#                               says: clang -O2 without stripping (debug sections included).
#   cpp_program.component.wasm  tests/wasi/programs/cpp_program.cpp (libc++) as a WASI command,
#                               debug sections stripped: mostly code.
#   demo.component.wasm         demo.wat embedded with the world `demo` of demo.wit: records,
#                               variants, enums, flags, lists, strings, options, results, tuples,
#                               an imported and an exported resource.
#
# Needs node and npm (jco is installed into the scratch folder, never into the repository),
# clang and clang++ for wasm32-wasi (scripts/setup-debian.sh) and wat2wasm.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
data="$here/data"
# shellcheck source=SCRIPTDIR/../../scripts/jco-env.sh
source "$repo/scripts/jco-env.sh"
jco_env regenerate_data.sh "${1:-}" clang clang++ wat2wasm

# <name>.expected: the root component's import and export names (from `jco print`: the
# top-level import and export definitions, in order), the number of core modules and of nested
# components at any depth, each core module's import, export and function counts, then `jco wit`
# as comments.
write_expected() {
  local name="$1" component="$data/$1.component.wasm"
  local wat="$scratch/$name.component.wat"
  jco print "$component" -o "$wat" >/dev/null
  {
    echo "# What jco $JCO_VERSION says about $name.component.wasm (tests/component/regenerate_data.sh)."
    grep -E '^  \((import|export) ' "$wat" |
      sed -E 's/\$"[^"]*"//g; s/\(@name "[^"]*"\)//g; s/\$[^ ()"]+//g' |
      sed -E 's/^  \((import|export)[^"]*"([^"]+)".*/\1 \2/'
    echo "core-modules $(grep -cE '^ *\(core module' "$wat")"
    echo "nested-components $(grep -cE '^ +\(component' "$wat")"
    # Each core module (in binary order): its imports, exports and defined functions.
    awk '
      match($0, /^ *\(core module/) { ind = RLENGTH - length("(core module"); inmod = 1; im = 0; ex = 0; fn = 0; next }
      inmod {
        pre = sprintf("%" (ind + 2) "s", "")
        if (index($0, pre "(import ") == 1) im++
        else if (index($0, pre "(export ") == 1) ex++
        else if (index($0, pre "(func ") == 1) fn++
        else if ($0 == sprintf("%" ind "s", "") ")") { print "core-module", n++, "imports", im, "exports", ex, "functions", fn; inmod = 0 }
      }' "$wat"
    echo "#"
    echo "# jco wit:"
    jco wit "$component" | sed 's/^/# /'
  } > "$data/$name.expected"
}

cd "$scratch"
echo "hello: examples/programs/hello.c"
clang --target=wasm32-wasi -O2 "$repo/examples/programs/hello.c" -o hello.wasm
jco new "$scratch/hello.wasm" --wasi-command -o "$data/hello.component.wasm"
write_expected hello

echo "cpp_program: tests/wasi/programs/cpp_program.cpp"
clang++ --target=wasm32-wasi -O2 -fno-exceptions -Wl,--strip-debug "$repo/tests/wasi/programs/cpp_program.cpp" -o cpp_program.wasm
jco new "$scratch/cpp_program.wasm" --wasi-command -o "$data/cpp_program.component.wasm"
write_expected cpp_program

echo "demo: demo.wat with the world demo of demo.wit"
wat2wasm "$data/demo.wat" -o demo.core.wasm
jco embed --wit "$data/demo.wit" -n demo "$scratch/demo.core.wasm" -o "$scratch/demo.embedded.wasm"
jco new "$scratch/demo.embedded.wasm" -o "$data/demo.component.wasm"
write_expected demo

{
  echo "# The tools that made the components of this folder (tests/component/regenerate_data.sh)."
  echo "jco $(jco --version)"
  echo "$(cd "$scratch" && npm ls --depth=0 2>/dev/null | grep -E 'jco@|preview2-shim@' | sed 's/^[^@]*//')"
  grep -ho '"wit-component" "[^"]*"' "$scratch"/*.component.wat | sort -u | sed 's/^/processed-by /'
  echo "node $(node --version)"
  clang --version | head -1
  echo "wasi-libc $(dpkg-query -W -f='${Version}' wasi-libc 2>/dev/null || echo unknown)"
  echo "wat2wasm $(wat2wasm --version)"
} > "$data/versions.txt"

ls -l "$data"/*.component.wasm
