#!/usr/bin/env bash
# One WASI test program under wrt-run, and under node's WASI for comparison.
#
#   run_wasi_test.sh WRT_RUN PROGRAM.wasm [options] [-- ARGS...]
#     --expect-exit N     the exit status both runtimes must give (default 0)
#     --stdin TEXT        what the program reads on stdin
#     --env KEY=VALUE     environment (repeatable)
#     --node NODE         also run under node and require the same stdout and status
#     --self-checking     the output must end with "ALL PASSED"
#     --escape-links      the granted directory also holds symlinks that lead out (abs -> /etc,
#                         up -> .., upup -> up/up), made by the host as WASI would not make them
#
# Each run gets a fresh sandbox: a granted directory (seen as /sandbox) holding inside.txt,
# with outside.txt beside it, outside the grant.
set -uo pipefail
wrt_run=$1
program=$2
shift 2
expect_exit=0
stdin_text=""
node=""
self_checking=0
escape_links=0
envs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --expect-exit) expect_exit=$2; shift 2 ;;
    --stdin) stdin_text=$2; shift 2 ;;
    --env) envs+=(--env "$2"); shift 2 ;;
    --node) node=$2; shift 2 ;;
    --self-checking) self_checking=1; shift ;;
    --escape-links) escape_links=1; shift ;;
    --) shift; break ;;
    *) break ;;
  esac
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fresh_sandbox() {  # $1: run name
  mkdir -p "$work/$1/sandbox"
  echo "inside" > "$work/$1/sandbox/inside.txt"
  echo "outside" > "$work/$1/outside.txt"
  if [ $escape_links = 1 ]; then
    ln -s /etc "$work/$1/sandbox/abs"
    ln -s .. "$work/$1/sandbox/up"
    ln -s up/up "$work/$1/sandbox/upup"
  fi
}

fresh_sandbox wrt
# stdout is a pipe for both runtimes, as in a shell pipeline (node's WASI cannot poll a
# regular file, which a plain redirection would give it).
printf '%b' "$stdin_text" | { "$wrt_run" --dir "$work/wrt/sandbox::/sandbox" "${envs[@]}" "$program" "$@" \
  2> "$work/wrt.err"; echo $? > "$work/wrt.status"; } | cat > "$work/wrt.out"
wrt_status=$(cat "$work/wrt.status")
cat "$work/wrt.out"
failed=0
if [ "$wrt_status" != "$expect_exit" ]; then
  echo "wrt-run exited with $wrt_status, expected $expect_exit"; cat "$work/wrt.err"; failed=1
fi
if [ $self_checking = 1 ] && ! tail -n 1 "$work/wrt.out" | grep -q "^ALL PASSED$"; then
  echo "wrt-run: the program's own checks failed"; cat "$work/wrt.err"; failed=1
fi
if [ -f "$work/wrt/outside.txt" ] && [ "$(cat "$work/wrt/outside.txt")" != "outside" ]; then
  echo "the file outside the sandbox was changed"; failed=1
fi

if [ -n "$node" ]; then
  fresh_sandbox node
  printf '%b' "$stdin_text" | { "$node" --no-warnings --experimental-wasi-unstable-preview1 "$(dirname "$0")/node_wasi.mjs" --dir "$work/node/sandbox::/sandbox" \
    "${envs[@]}" "$program" "$@" 2> "$work/node.err"; echo $? > "$work/node.status"; } | cat > "$work/node.out"
  node_status=$(cat "$work/node.status")
  if [ "$node_status" != "$wrt_status" ]; then
    echo "node exited with $node_status, wrt-run with $wrt_status"; cat "$work/node.err"; failed=1
  fi
  if ! diff -u "$work/node.out" "$work/wrt.out" > "$work/diff"; then
    echo "stdout differs from node's WASI (--- node, +++ wrt-run):"; cat "$work/diff"; failed=1
  fi
fi
exit $failed
