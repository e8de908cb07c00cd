#!/usr/bin/env bash
# One WASI test program run twice under wrt-run: as a core module (preview 1) and as the WASI 0.2
# command component made from it (the preview-1 adapter inside, tests/wasi/components). Both
# must give the same stdout, leave the same files in the granted directory, and end with the
# same status as WASI 0.2 defines it (0 stays 0, a trap stays 134, any other exit code is 1).
#
#   run_component_test.sh WRT_RUN MODULE.wasm COMPONENT.wasm [options] [-- ARGS...]
#     --stdin TEXT      what the program reads on stdin
#     --env KEY=VALUE   environment (repeatable)
#     --self-checking   both outputs must end with "ALL PASSED"
#     --escape-links    the granted directory also holds symlinks that lead out (as run_wasi_test.sh)
set -uo pipefail
wrt_run=$1
module=$2
component=$3
shift 3
stdin_text=""
self_checking=0
escape_links=0
envs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --stdin) stdin_text=$2; shift 2 ;;
    --env) envs+=(--env "$2"); shift 2 ;;
    --self-checking) self_checking=1; shift ;;
    --escape-links) escape_links=1; shift ;;
    --) shift; break ;;
    *) break ;;
  esac
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run() {  # $1: run name, $2: the wasm file, then the program's arguments
  local name=$1 file=$2
  shift 2
  set -- "$name" "$file" "$@"
  mkdir -p "$work/$1/sandbox"
  echo "inside" > "$work/$1/sandbox/inside.txt"
  echo "outside" > "$work/$1/outside.txt"
  if [ $escape_links = 1 ]; then
    ln -s /etc "$work/$1/sandbox/abs"
    ln -s .. "$work/$1/sandbox/up"
    ln -s up/up "$work/$1/sandbox/upup"
  fi
  printf '%b' "$stdin_text" | { "$wrt_run" --dir "$work/$1/sandbox::/sandbox" "${envs[@]}" "$file" "${@:3}" \
    2> "$work/$1.err"; echo $? > "$work/$1.status"; } | cat > "$work/$1.out"
  # What the program left: every entry's type, name and size, and each file's bytes.
  (cd "$work/$1/sandbox" && find . -printf '%y %p %s\n' | LC_ALL=C sort && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r md5sum) \
    > "$work/$1.files"
}
run module "$module" "$@"
run component "$component" "$@"
cat "$work/component.out"

failed=0
module_status=$(cat "$work/module.status")
component_status=$(cat "$work/component.status")
expected=$module_status
if [ "$module_status" != 0 ] && [ "$module_status" != 134 ]; then expected=1; fi
if [ "$component_status" != "$expected" ]; then
  echo "the component exited with $component_status, expected $expected (the module: $module_status)"
  cat "$work/component.err"; failed=1
fi
if ! diff -u "$work/module.out" "$work/component.out" > "$work/diff"; then
  echo "stdout differs (--- module, +++ component):"; cat "$work/diff"; failed=1
fi
if ! diff -u "$work/module.files" "$work/component.files" > "$work/files.diff"; then
  echo "the granted directory differs (--- module, +++ component):"; cat "$work/files.diff"; failed=1
fi
if [ $self_checking = 1 ]; then
  for r in module component; do
    if ! tail -n 1 "$work/$r.out" | grep -q "^ALL PASSED$"; then
      echo "$r: the program's own checks failed"; cat "$work/$r.err"; failed=1
    fi
  done
fi
for r in module component; do
  if [ "$(cat "$work/$r/outside.txt")" != "outside" ]; then echo "$r: the file outside the sandbox was changed"; failed=1; fi
done
exit $failed
