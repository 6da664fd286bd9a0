#!/bin/sh
# Crashes, command line (issue 8): `madoguchi form set` and `madoguchi step`
# killed with SIGKILL at random moments and, traced, at the entry of a random
# one of their calls that change a file or of their fdatasync calls; the
# database checked after every kill, and every save said done checked after
# every later kill (build/check/crash_cli says how). CRASH_CLI_KILLS kills
# (default 40); CRASH_SEED replays a run's choices.
. "$(dirname "$0")/../lib.sh"
"$TOP/build/check/crash_cli" --madoguchi "$MADOGUCHI" --dir "$T" \
	--kills "${CRASH_CLI_KILLS:-40}" ${CRASH_SEED:+--seed "$CRASH_SEED"}
