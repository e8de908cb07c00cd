#!/usr/bin/env bash
# Regenerates the WASI 0.2 command components of this folder from tests/wasi/programs with the
# reference tools, as issue 14 says:
#   clang --target=wasm32-wasi -O2 x.c -o x.wasm && jco new x.wasm --wasi-command -o x.component.wasm
# (the same flags the build uses for the preview-1 modules: -O2 -Wl,--strip-debug; C++ without
# exceptions); and invoke.component.wasm, a custom world (invoke.wit, core module invoke.wat) for
# `wrt-run --invoke`; versions.component.wasm (versions.wat), importing two 0.2.x versions of
# the same interfaces; sockets.component.wasm (sockets.wat), a TCP echo through wasi:sockets. Run it after changing a program: the tests compare each component's run with
# the module's, built from the current source.
#
#   tests/wasi/components/regenerate.sh [scratch-dir]
#
# Needs node and npm (jco is installed into the scratch folder, never into the repository) and
# clang/clang++ for wasm32-wasi (scripts/setup-debian.sh). versions.txt records the tools.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
programs="$(cd "$here/../programs" && pwd)"
# shellcheck source=SCRIPTDIR/../../../scripts/jco-env.sh
source "$here/../../../scripts/jco-env.sh"
jco_env regenerate.sh "${1:-}" clang clang++ wat2wasm

for source in stdio_args_env.c files.c dirs.c clocks_random_poll.c exit_code.c sandbox.c argv0.c trap.c pipe_writer.c cpp_program.cpp; do
  name="${source%.*}"
  echo "$name: $source"
  if [ "${source##*.}" = cpp ]; then
    clang++ --target=wasm32-wasi -O2 -Wl,--strip-debug -fno-exceptions "$programs/$source" -o "$scratch/$name.wasm"
  else
    flags=(-O2)
    [ "$name" = trap ] && flags=(-O1)  # as tests/wasi/CMakeLists.txt builds it
    clang --target=wasm32-wasi "${flags[@]}" -Wl,--strip-debug "$programs/$source" -o "$scratch/$name.wasm"
  fi
  jco new "$scratch/$name.wasm" --wasi-command -o "$here/$name.component.wasm"
done

echo "invoke: invoke.wat with the world invoke of invoke.wit"
wat2wasm "$here/invoke.wat" -o "$scratch/invoke.core.wasm"
jco embed --wit "$here/invoke.wit" -n invoke "$scratch/invoke.core.wasm" -o "$scratch/invoke.embedded.wasm"
jco new "$scratch/invoke.embedded.wasm" -o "$here/invoke.component.wasm"

echo "versions: versions.wat (two 0.2.x versions of the same interfaces at once)"
jco parse "$here/versions.wat" -o "$here/versions.component.wasm"
echo "sockets: sockets.wat (wasi:sockets tcp on a listener the host hands over)"
jco parse "$here/sockets.wat" -o "$here/sockets.component.wasm"

{
  echo "# The tools that made the components of this folder (tests/wasi/components/regenerate.sh)."
  echo "jco $(jco --version)"
  (cd "$scratch" && npm ls --depth=0 2>/dev/null | grep -oE '@bytecodealliance/(jco|preview2-shim)@[^ ]*')
  echo "node $(node --version)"
  clang --version | head -1
  echo "wat2wasm $(wat2wasm --version)"
  echo "wasi-libc $(dpkg-query -W -f='${Version}' wasi-libc 2>/dev/null || echo unknown)"
} > "$here/versions.txt"
ls -l "$here"/*.component.wasm
