#!/bin/sh
# Two consultants, one file (issue 8): two processes save the same form of
# the same case from the same revision at the same moment, round after
# round, now and then with a third connection holding the write lock
# (build/check/two_consultants). TWO_CONSULTANTS_ROUNDS rounds (default
# 100); CRASH_SEED replays who saves first and when the lock is held. The
# real clock, so that each refusal names its own time.
. "$(dirname "$0")/../lib.sh"
unset MADOGUCHI_NOW
"$TOP/build/check/two_consultants" --dir "$T" --rounds "${TWO_CONSULTANTS_ROUNDS:-100}" \
	${CRASH_SEED:+--seed "$CRASH_SEED"}
