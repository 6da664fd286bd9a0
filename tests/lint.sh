#!/bin/sh
# `make lint` and `make format`: every C source and header of src/, include/
# and tests/ against .clang-format, with clang-format 14 (Debian 12's) only:
# another major version lays the same options out differently, so it would
# report (or write) differences that are not ours.
#
#   sh tests/lint.sh          check; fails on any file the formatter would change
#   sh tests/lint.sh --fix    rewrite the files in place (make format)
set -eu
cd "$(dirname "$0")/.."

want=14
if command -v clang-format-$want >/dev/null 2>&1; then
	cf=clang-format-$want
elif command -v clang-format >/dev/null 2>&1; then
	cf=clang-format
else
	echo "lint: clang-format $want is not installed (make deps installs Debian's clang-format)" >&2
	exit 1
fi
version=$($cf --version)
major=$(printf '%s\n' "$version" | sed -n 's/.*clang-format version \([0-9][0-9]*\)\..*/\1/p')
if [ "$major" != "$want" ]; then
	echo "lint: .clang-format is pinned to clang-format $want (Debian 12); $cf is «$version»." >&2
	echo "lint: another major version formats differently: install clang-format-$want or run on Debian 12." >&2
	exit 1
fi

# Every C file we wrote: build/ (generated) is outside these folders, and
# there is no vendored code in them; the fuzz corpora are not C.
files=$(find src include tests -type f \( -name '*.c' -o -name '*.h' \) | LC_ALL=C sort)

if [ "${1:-}" = --fix ]; then
	printf '%s\n' $files | xargs -P 2 -n 16 $cf -i
	exit 0
fi

out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
# One process: two would interleave their reports mid-line (a few seconds).
printf '%s\n' $files | xargs $cf --dry-run --Werror >"$out" 2>&1 || status=$?
differ=$(sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: error: code should be clang-formatted.*/\1/p' "$out" | sort -u | wc -l)
count=$(printf '%s\n' $files | wc -l)

if [ "$status" -ne 0 ]; then
	head -n 40 "$out" >&2
	echo "lint: $differ of $count files differ from .clang-format (clang-format $major); make format rewrites them" >&2
	exit 1
fi
echo "lint: $count files formatted as .clang-format says (clang-format $major)"

# prove runs each test script itself: one committed without its executable
# bit fails only when the suite reaches it ("Permission denied").
plain=$(find tests -name 'test_*.sh' ! -perm -u+x | LC_ALL=C sort)
if [ -n "$plain" ]; then
	printf '%s\n' $plain >&2
	echo "lint: these test scripts are not executable: chmod +x them (prove runs each itself)" >&2
	exit 1
fi
echo "lint: every test script is executable"
