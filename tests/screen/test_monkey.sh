#!/bin/sh
# The key monkey, short (issue 15): a few thousand random keys of every kind
# the program binds, on every screen, with the program built with ASan and
# UBSan (build/asan/madoguchi, made by `make check`). `make fuzz` runs it
# long (MONKEY_KEYS, default 1,000,000). MONKEY_SEED=S replays a run's
# choices; MONKEY_TEST_KEYS changes the count here. See tests/screen/monkey.pl.
TOP=$(cd "$(dirname "$0")/../.." && pwd)
if [ ! -x "$TOP/build/asan/madoguchi" ]; then
	echo "not ok 1 - build/asan/madoguchi is built (make build/asan/madoguchi)"
	echo "1..1"
	exit 1
fi
exec perl "$TOP/tests/screen/monkey.pl" --tap --keys "${MONKEY_TEST_KEYS:-3000}"
