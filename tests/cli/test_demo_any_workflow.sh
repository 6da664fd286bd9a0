#!/bin/sh
# `madoguchi demo generate` with any valid definition (issue 16): the
# generator walks each case through the steps the engine says are open, with
# outcomes chosen from the definition, so a municipality's changed
# workflow.ini (every step and outcome renamed, other evaluation intervals, a
# step dropped, a step added, a required field no filler knows:
# tests/cli/changed_workflow.py) still gives a sound database whose cases
# are what the engine records; and the same seed and size give the same
# file, byte for byte.
. "$(dirname "$0")/../lib.sh"

# The shipped definitions: the same seed twice is the same file; another
# seed another one.
md -d "$T/a.db" demo generate --cases 300 --seed 5
expect 0 -- "300 cases with seed 5"
md -d "$T/b.db" demo generate --cases 300 --seed 5
expect 0 -- "300 cases with seed 5 again"
holds "the same seed and size give the same file, byte for byte" cmp "$T/a.db" "$T/b.db"
md -d "$T/c.db" demo generate --cases 300 --seed 6
expect 0 -- "300 cases with seed 6"
holds "another seed gives another file" sh -c '! cmp -s "$1" "$2"' - "$T/a.db" "$T/c.db"

# A changed definition.
D="$T/changed"
python3 "$TOP/tests/cli/changed_workflow.py" "$TOP" "$D"
holds "the changed definition is made" test -s "$D/forms/workflow.ini"
MADOGUCHI_DATADIR=$D md forms check
expect 0 stdout-contains "OK" -- "the changed definition loads"
holds "no step id of the shipped definition is left in it" \
	sh -c '! grep -qE "^\[step\.(reception|triage|assessment|screening|evaluation|closure)\]" "$1"' \
	- "$D/forms/workflow.ini"

gen_changed() {
	MADOGUCHI_DATADIR=$D "$MADOGUCHI" -d "$1" demo generate --cases 300 --seed "$2"
}
holds "300 cases with the changed definition" gen_changed "$T/x.db" 5
checked() {
	[ "$(sqlite3 "$T/x.db" 'SELECT count(*) FROM cases')" = 300 ] &&
		MADOGUCHI_DATADIR=$D "$MADOGUCHI" -d "$T/x.db" check
}
holds "the database of the changed definition passes check" checked
holds "its cases are what the engine records (replayed through md_workflow_take)" \
	env DEMO_DATADIR="$D" DEMO_DB="$T/x.db" CMOCKA_MESSAGE_OUTPUT=TAP \
	"$TOP/build/tests/test_demo_replay"
holds "the changed definition, the same seed again, gives the same file" \
	sh -c 'MADOGUCHI_DATADIR=$1 "$2" -d "$3" demo generate --cases 300 --seed 5 &&
		cmp "$4" "$3"' - "$D" "$MADOGUCHI" "$T/y.db" "$T/x.db"

done_testing
