#!/bin/sh
# Run each fuzz target for $FUZZ_SECONDS (default 60) on a copy of its corpus:
#   sh tests/fuzz/run.sh OUT TARGET…
# OUT is the build folder of `make fuzz` (bin/fuzz_TARGET), relative to the
# source tree or absolute. New inputs go to OUT/work/TARGET/corpus, crashes,
# leaks and timeouts to OUT/work/TARGET/ (crash-…, leak-…, timeout-…), a log
# to OUT/work/TARGET/log; the repository's corpus is only read. Extra
# libFuzzer options can be given in $FUZZ_OPTIONS (e.g. -runs=10000000);
# given after ours, they win. Ends with a line per target and fails when
# any target failed. One process per target, one target after the other:
# one core.
set -u
cd "$(dirname "$0")/../.."
out=$1
shift
case $out in
/*) ;;
*) out=$PWD/$out ;;
esac
seconds=${FUZZ_SECONDS:-60}
status=0
summary=
for t in "$@"; do
	work=$out/work/$t
	mkdir -p "$work/corpus"
	# The targets' temporary files: in memory when /dev/shm is there.
	tmp=/dev/shm
	[ -d "$tmp" ] && [ -w "$tmp" ] || tmp=$work/tmp
	mkdir -p "$tmp"
	cp tests/fuzz/corpus/"$t"/* "$work/corpus/" 2>/dev/null
	dict=
	[ -f tests/fuzz/dict/"$t".dict ] && dict=-dict=tests/fuzz/dict/$t.dict
	# The longest input each target is given (README.md "Speed"): what a
	# person types into a field or a search box is short; a definition or
	# a catalogue is cut at 2 or 4 KiB (longer seeds are read cut, and
	# replayed whole by `make check`), where the time per run stays low
	# enough for 10 million runs on one core.
	case $t in
	wareki | validate | visible) max_len=256 ;;
	search) max_len=512 ;;
	forms | workflow | households | counts) max_len=2048 ;;
	*) max_len=4096 ;;
	esac
	echo "fuzz: $t for ${seconds}s (log: $work/log)"
	start=$(date +%s)
	# shellcheck disable=SC2086 # the options are words
	TMPDIR=$tmp "$out/bin/fuzz_$t" -max_total_time="$seconds" \
		-max_len=$max_len -timeout=25 -rss_limit_mb=4096 \
		-print_final_stats=1 -artifact_prefix="$work/" $dict \
		${FUZZ_OPTIONS:-} "$work/corpus" >"$work/log" 2>&1
	rc=$?
	took=$(($(date +%s) - start))
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/log")
	if [ "$rc" -eq 0 ]; then
		line="ok   $t: ${execs:-?} runs in ${took}s (${rate:-?}/s)"
	else
		line="FAIL $t: exit $rc after ${execs:-?} runs; see $work/log"
		status=1
		tail -n 30 "$work/log"
	fi
	echo "fuzz: $line"
	summary="$summary$line
"
done
printf '%s' "$summary"
exit $status
