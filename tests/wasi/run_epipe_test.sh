#!/usr/bin/env bash
# run_epipe_test.sh WRT_RUN PIPE_WRITER.wasm [STATUS]
# Runs the program with its stdout piped into a reader that leaves after one byte. The
# program's next writes must fail with EPIPE (it then prints "write failed: EPIPE" and exits
# 7), and wrt-run must exit with that status rather than die of SIGPIPE (status 141).
set -u
wrt_run=$1
program=$2
expected=${3:-7}
err=$(mktemp)
trap 'rm -f "$err"' EXIT
"$wrt_run" "$program" 2> "$err" | head -c 1 > /dev/null
status=${PIPESTATUS[0]}
cat "$err"
echo "wrt-run exit status: $status"
[ "$status" = "$expected" ] && grep -qx "write failed: EPIPE" "$err"
