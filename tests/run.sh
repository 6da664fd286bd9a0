#!/bin/sh
# Run every test under prove: the unit tests (cmocka, as TAP), the same unit
# tests built with AddressSanitizer and UBSan, the command tests and the
# screen tests (tmux). Ends with prove's own summary.
set -u
cd "$(dirname "$0")/.."
export CMOCKA_MESSAGE_OUTPUT=TAP
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=86
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
exec prove -j2 -e '' "$@" \
	build/tests/test_* \
	build/asan/tests/test_* \
	tests/cli/test_*.sh \
	tests/screen/test_*.sh
