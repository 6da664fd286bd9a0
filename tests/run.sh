#!/bin/sh
# Run every test under prove: the unit tests (cmocka, as TAP), the same unit
# tests built with AddressSanitizer and UBSan, the programs other folders'
# rules build (build/check/test_*), and every folder's test scripts
# (tests/*/test_*.sh: commands, screens in tmux, crashes, …). Ends with
# prove's own summary; each test's time is on its line (--timer).
#
# Three at a time on two cores: the screen tests spend most of their time
# waiting for what tmux shows. The longest start first, so that none of them
# is left running alone at the end.
set -u
cd "$(dirname "$0")/.."
export CMOCKA_MESSAGE_OUTPUT=TAP
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=86
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
slow="build/check/test_faults_asan build/check/test_faults
tests/screen/test_texts_whole.sh tests/cli/test_release.sh
build/asan/tests/test_demo tests/screen/test_monkey.sh"
set --
for t in $slow; do
	[ -e "$t" ] && set -- "$@" "$t"
done
for t in build/tests/test_* build/asan/tests/test_* build/check/test_* \
	tests/*/test_*.sh; do
	case " $(echo $slow) " in *" $t "*) continue ;; esac
	case $t in build/check/*) [ -x "$t" ] || continue ;; esac
	set -- "$@" "$t"
done
exec prove --timer -j3 -e '' "$@"
