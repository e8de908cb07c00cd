#!/usr/bin/env bash
# wrt-run --tcplisten with a component: sockets.component.wasm's serve(PORT) binds a wasi:sockets
# tcp-socket to the listener's address, accepts one connection and echoes what it reads; this
# script is its client (bash's /dev/tcp). A free port is found by trying a few.
#
#   run_component_socket_test.sh WRT_RUN sockets.component.wasm
set -uo pipefail
wrt_run=$1
component=$2
work=$(mktemp -d)
trap 'rm -rf "$work"; [ -n "${server:-}" ] && kill "$server" 2>/dev/null' EXIT

for attempt in 1 2 3 4 5 6 7 8 9 10; do
  port=$((20000 + RANDOM % 40000))
  "$wrt_run" --tcplisten "127.0.0.1:$port" --invoke "serve($port)" "$component" > "$work/out" 2> "$work/err" &
  server=$!
  for _ in $(seq 50); do  # up to 5 s for the listener
    if exec 3<>"/dev/tcp/127.0.0.1/$port" 2>/dev/null; then break 2; fi
    if ! kill -0 "$server" 2>/dev/null; then break; fi  # it failed (port in use?): next port
    sleep 0.1
  done
  wait "$server" 2>/dev/null
  server=""
done
if [ -z "${server:-}" ]; then echo "could not start the server"; cat "$work/err"; exit 1; fi

printf 'hello over tcp' >&3
reply=$(timeout 10 cat <&3)
exec 3>&-
wait "$server"
status=$?
server=""
cat "$work/out" "$work/err"
echo "client received: $reply"
[ "$status" = 0 ] || { echo "wrt-run exited with $status"; exit 1; }
[ "$reply" = "echo: hello over tcp" ] || { echo "unexpected reply"; exit 1; }
[ "$(cat "$work/out")" = 14 ] || { echo "serve should return the 14 bytes it echoed"; exit 1; }
