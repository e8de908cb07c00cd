#!/usr/bin/env bash
# expect.sh STATUS REGEX [--stdin FILE] -- COMMAND...
# Runs COMMAND; passes when it exits with STATUS and its stdout+stderr (trailing newlines
# removed) match the extended regular expression REGEX, taken over the whole output: ^ and $
# are its start and end, and newlines are ordinary characters.
set -uo pipefail
status=$1
regex=$2
shift 2
stdin=/dev/null
if [ "${1:-}" = "--stdin" ]; then stdin=$2; shift 2; fi
[ "${1:-}" = "--" ] && shift
output=$("$@" < "$stdin" 2>&1)
actual=$?
echo "$output"
if [ "$actual" != "$status" ]; then echo "exit status $actual, expected $status"; exit 1; fi
if ! [[ $output =~ $regex ]]; then echo "output does not match: $regex"; exit 1; fi
