#!/bin/sh
# `make stress` (issue 8): the crash tests at a thousand kills and the two
# consultants at a thousand rounds. The kills are shared between the command
# line and the screens (STRESS_CLI_KILLS, default 900; STRESS_SCREEN_KILLS,
# default 100: a screen kill takes seconds, a command's a tenth of one);
# STRESS_ROUNDS rounds (default 1000). CRASH_SEED replays the choices. The
# TAP of each part is kept in build/stress/; the end gives the counts and
# how long each part took. Exit status 0 when every part passed.
set -u
cd "$(dirname "$0")/../.."
cli=${STRESS_CLI_KILLS:-900}
screens=${STRESS_SCREEN_KILLS:-100}
rounds=${STRESS_ROUNDS:-1000}
out=build/stress
mkdir -p "$out"
failed=0
summary=""

# part NAME SCRIPT VAR=VALUE…: run one test script with those settings.
part() {
	name=$1 script=$2
	shift 2
	echo "== $name: $*"
	t0=$(date +%s)
	env "$@" sh "$script" >"$out/$name.tap" 2>&1
	status=$?
	t1=$(date +%s)
	nok=$(grep -c '^not ok' "$out/$name.tap")
	nall=$(grep -c '^\(not \)\{0,1\}ok' "$out/$name.tap")
	plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$out/$name.tap" | tail -n1)
	if [ "$status" -ne 0 ] || [ "$nok" -ne 0 ] || [ "${plan:-x}" != "$nall" ]; then
		failed=1
		echo "   FAILED (exit $status, $nok of $nall tests not ok, plan ${plan:-none}): $out/$name.tap"
		grep -A8 '^not ok\|^Bail out' "$out/$name.tap" | head -n 40 | sed 's/^/   /'
	else
		echo "   passed: $nall tests"
	fi
	grep '^# ' "$out/$name.tap" | grep -v '^#   ' | tail -n 2 | sed 's/^/   /'
	echo "   $((t1 - t0)) s"
	summary="$summary$name $((t1 - t0)) s, exit $status, $nok not ok
"
}

start=$(date +%s)
part cli-kills tests/crash/test_cli_kills.sh CRASH_CLI_KILLS="$cli"
part screen-kills tests/crash/test_screen_kills.sh CRASH_SCREEN_KILLS="$screens"
part two-consultants tests/crash/test_two_consultants.sh TWO_CONSULTANTS_ROUNDS="$rounds"
end=$(date +%s)

# The counts, from each part's closing line.
count() { sed -n "s/.*$2 \([0-9]*\).*/\1/p" "$out/$1.tap" | tail -n1; }
ck=$(count cli-kills '# kills')
sk=$(count screen-kills '# screen kills')
echo
echo "== stress summary ($((end - start)) s)"
printf '%s' "$summary" | sed 's/^/   /'
echo "   kills survived: $(( ${ck:-0} + ${sk:-0} )) (command line ${ck:-?}, screens ${sk:-?})"
echo "   command line: saves confirmed $(count cli-kills 'saves confirmed'), found whole after their kill $(count cli-kills 'found whole after their kill'), not there after their kill $(count cli-kills 'not there after their kill')"
echo "   screens: drafts verified $(count screen-kills 'drafts verified'), saves said $(count screen-kills 'saves said'), found whole $(count screen-kills 'found whole'), not there $(count screen-kills 'not there')"
echo "   two consultants: rounds $(count two-consultants 'conflict rounds'), wins $(count two-consultants 'wins'), lock held by a third $(count two-consultants 'by a third'), overwrites=$(count two-consultants 'silent overwrites'), busy=$(count two-consultants 'busy')"
if [ "$failed" = 0 ]; then
	echo "   all passed"
else
	echo "   FAILED: see $out/"
fi
exit $failed
