#!/bin/sh
# Run every test under prove: the unit tests (cmocka, as TAP), the same unit
# tests built with AddressSanitizer and UBSan, the programs other folders'
# rules build (build/check/test_*), and every folder's test scripts
# (tests/*/test_*.sh: commands, screens in tmux, crashes, …). Ends with
# prove's own summary.
set -u
cd "$(dirname "$0")/.."
export CMOCKA_MESSAGE_OUTPUT=TAP
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=86
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
set -- "$@" build/tests/test_* build/asan/tests/test_*
for t in build/check/test_*; do
	[ -x "$t" ] && set -- "$@" "$t"
done
exec prove -j2 -e '' "$@" tests/*/test_*.sh
