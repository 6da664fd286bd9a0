#!/bin/sh
# make bench: the figures of issue 7 on a generated database, as one table.
#
#   tests/bench/run.sh [DB]      (default build/bench/demo-200k.db)
#
# A missing DB is generated first (madoguchi demo generate, BENCH_CASES cases,
# 200000 by default; about three minutes). The core's figures come from
# build/bench/bench, measured in process; the screens' from the program (its
# test build) in tmux with MADOGUCHI_TRACE, which writes each key's and each
# redrawing tick's wall time, CPU time and bytes written. Prints the table, then the
# raw rows to BENCH_ROWS if set. Exits non-zero when a result is wrong (a
# search that differs from a scan, counts that differ from the sqlite3
# shell's, a screen that never came), never for a time over its goal: the
# table says so.
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
MADOGUCHI=${MADOGUCHI:-$TOP/build/test/madoguchi}
BENCH=$TOP/build/bench/bench
DB=${1:-$TOP/build/bench/demo-200k.db}
CASES=${BENCH_CASES:-200000}
# BENCH_QUICK=1 (make test): a few of each, to show every figure comes.
if [ -n "${BENCH_QUICK:-}" ]; then
	N_START=2 N_KANA=2 N_OPEN=3 WORDS="家賃 金"
else
	N_START=10 N_KANA=15 N_OPEN=20 WORDS="家賃 就労 借金 ハローワーク 金 通院 電話 滞納 田中 病院"
fi
W=$(mktemp -d "${TMPDIR:-/tmp}/madoguchi-bench-XXXXXX")
SOCK="madoguchi-bench-$$"
tm() { tmux -L "$SOCK" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null || true; rm -rf "$W"' EXIT
export TZ=Asia/Tokyo LANG=C.UTF-8 LC_ALL=C.UTF-8
export HOME="$W/home" XDG_DATA_HOME="$W/data" XDG_CONFIG_HOME="$W/config"
mkdir -p "$HOME"
unset MADOGUCHI_NOW MADOGUCHI_DATADIR MADOGUCHI_IDLE_SECONDS
export MADOGUCHI_SYSCONFIG="$W/system.ini"

if [ ! -s "$DB" ]; then
	mkdir -p "$(dirname "$DB")"
	echo "bench: generating $CASES cases into $DB" >&2
	"$MADOGUCHI" -d "$DB" demo generate --cases "$CASES" --seed 1 >&2
fi

# The program's settings for the run: no draft saved while typing (it would
# count as bytes written), no idle lock (the system's key).
cat >"$W/bench.ini" <<EOF
[drafts]
autosave_seconds = 600
EOF
cat >"$MADOGUCHI_SYSCONFIG" <<EOF
[security]
idle_lock_minutes = 0
EOF

ROWS="$W/rows"
"$BENCH" core "$DB" "$TOP/forms" >"$ROWS"

# ---- the screens ------------------------------------------------------------
TRACE="$W/trace"
: >"$TRACE"
start() {
	tm kill-session -t md 2>/dev/null || true
	tm new-session -d -s md -x 80 -y 24 \
		"exec env HOME='$HOME' XDG_DATA_HOME='$XDG_DATA_HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' MADOGUCHI_SYSCONFIG='$MADOGUCHI_SYSCONFIG' TZ=$TZ LANG=$LANG LC_ALL=$LC_ALL TERM=screen-256color '$BENCH' launch '$TRACE' '$MADOGUCHI' -c '$W/bench.ini' -d '$DB'"
}
screen() { tm capture-pane -p -t md 2>/dev/null; }
send() { tm send-keys -t md "$@"; }
wait_for() {
	i=0
	while [ $i -lt "${2:-600}" ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	echo "bench: the screen never showed «$1»:" >&2
	screen >&2
	exit 1
}
login() {
	wait_for "パスワード"
	send -l demo
	send Tab
	send -l demo-password
	send Enter
	wait_for "今日の予定"
	# A draft an interrupted run left: not restored (it would take the
	# next key), so that every start measures the same way.
	j=0
	while [ $j -lt 10 ]; do
		if screen | grep -qF "下書きがあります"; then
			send Escape
			while screen | grep -qF "下書きがあります"; do sleep 0.05; done
			break
		fi
		sleep 0.05
		j=$((j + 1))
	done
}
pid() { tm display-message -p -t md '#{pane_pid}'; }

# Start to the first screen, and the password accepted to home: ten times.
for i in $(seq 1 "$N_START"); do
	start
	login
	send F10
	wait_for "終了しますか"
	send y
	j=0
	while [ $j -lt 200 ] && [ "$(tm display-message -p -t md '#{pane_dead}' 2>/dev/null)" != 1 ] &&
		tm has-session -t md 2>/dev/null; do
		sleep 0.05
		j=$((j + 1))
	done
done

# One session: searching as a consultant types, opening cases, the end of
# the list, the entries, a form field.
start
login
send F3
wait_for "検索:"
sqlite3 -readonly "$DB" "SELECT kana FROM persons WHERE id % 97 = 3 LIMIT $N_KANA" >"$W/kana"
while read -r kana; do
	# Three characters, one at a time, each searched (the list searches
	# 0.15 s after the last key).
	for n in 1 2 3; do
		send -l "$(printf '%s' "$kana" | cut -c1-$((n * 3)))"
		sleep 0.35
		send C-u
	done
done <"$W/kana"
send C-u
sleep 0.4
# Open a case from the list, back, next: twenty times.
send Down
for i in $(seq 1 "$N_OPEN"); do
	send Enter
	wait_for "・管理者  ケース" # the title: the steps may scroll
	send F10
	wait_for "検索:"
	send Down
	sleep 0.1
done
# The whole list to its end, then the memory it holds.
send End
wait_for "一覧の末尾" 1200
sleep 0.5
grep -E '^(VmRSS|VmHWM)' "/proc/$(pid)/status" >"$W/rss"
send F10
wait_for "今日の予定"
# Words of entries, as typed.
send F4
wait_for "支援経過の検索"
for w in $WORDS; do
	send -l "$w"
	sleep 0.6
	send C-u
	sleep 0.2
done
send F10
wait_for "今日の予定"
# A form field: the newest case, a new progress entry, 100 characters.
send F3
wait_for "検索:"
send Down
send End
wait_for "一覧の末尾" 1200
send Enter
wait_for "・管理者  ケース"
send a
wait_for "支援経過記録シート"
sleep 0.3
echo "typing" >>"$TRACE"
for i in $(seq 1 50); do
	send -l "家賃"
done
send C-l
sleep 0.3
echo "typed" >>"$TRACE"
# Leave without keeping it: d, then y to the second question (discarding
# typed text asks twice), so that no draft is left for the next run's login.
send F10
wait_for "破棄"
send d
wait_for "よろしいですか"
send y
wait_for "・管理者  ケース"
tm kill-server 2>/dev/null || true

# ---- the rows from the trace ------------------------------------------------
# stats FIELD: median and p95 of the numbers on standard input (field 1).
stats() {
	sort -n | awk '{ v[NR] = $1 } END {
		if (!NR) { print "- -"; exit }
		m = v[int((NR + 1) / 2)]; k = int(NR * 0.95 + 0.999999); if (k < 1) k = 1
		printf "%s %s %d\n", m, v[k], NR }'
}
# ms: microseconds to "x.xxx ms".
ms() { awk -v u="$1" 'BEGIN { printf "%.3f ms", u / 1000 }'; }
trace_row() { # METRIC GOAL NOTE: microseconds on standard input
	set -- "$1" "$2" "$3" $(stats)
	printf 'row\t%s\t%s\t%s\t%s\t\t\t%s; %s runs\n' "$1" "$(ms "$4")" "$(ms "$5")" \
		"$2" "$3" "$6" >>"$ROWS"
}
tab=$(printf '\t')
grep "^first_drawn$tab" "$TRACE" | cut -f3 |
	trace_row "start to the first drawn screen (login)" "≤ 30 ms median" "process start (exec) to the login screen drawn"
grep "^home_drawn$tab" "$TRACE" | cut -f3 |
	trace_row "password accepted to the drawn home screen" "≤ 30 ms median" "after the password hash (yescrypt, deliberately slow); home reads the due list and recent cases"
grep "^tick${tab}支援ケース一覧$tab" "$TRACE" | cut -f4 |
	trace_row "search by name or kana, to the drawn list" "p95 ≤ 5 ms" "each character as typed: search, 100 rows, drawing"
grep "^key${tab}支援ケース一覧${tab}ケース$tab" "$TRACE" | cut -f4 |
	trace_row "open a case from the list, drawn" "p95 ≤ 10 ms" "Enter to the case screen drawn"
grep "^tick${tab}支援経過の検索$tab" "$TRACE" | cut -f4 |
	trace_row "full-text search, to the drawn list" "p95 ≤ 5 ms" "words of entries as typed, first page of 50"
# The keys typed (the last one, Ctrl-L, is the full redraw).
sed -n '/^typing$/,/^typed$/p' "$TRACE" | grep "^key${tab}様式${tab}様式$tab" | sed '$d' >"$W/keys" || true
cut -f5 "$W/keys" | trace_row "one keystroke in a form field: CPU" "≤ 1 ms" "handling the key and redrawing"
set -- $(cut -f6 "$W/keys" | stats)
full=$(sed -n '/^typing$/,/^typed$/p' "$TRACE" | grep "^key$tab" | tail -n 1 | cut -f6)
printf 'row\t%s\t%s B\t%s B\t%s\t%s\t%s\t%s\n' "one keystroke in a form field: bytes to the terminal" \
	"$1" "$2" "∝ cells changed" "full redraw (Ctrl-L) ${full:-?} B" \
	"$(awk -v a="$1" -v b="${full:-0}" 'BEGIN { if (b > 0) printf "%.2f×", a / b }')" \
	"a double-width character typed; $3 runs" >>"$ROWS"
rss=$(awk '/^VmRSS/ { print $2 }' "$W/rss")
hwm=$(awk '/^VmHWM/ { print $2 }' "$W/rss")
printf 'row\t%s\t%s\t\t%s\t\t\t%s\n' "resident memory, case list scrolled to its end" \
	"$(awk -v k="$rss" 'BEGIN { printf "%.1f MB", k / 1024 }')" "≤ 30 MB" \
	"VmRSS; peak (VmHWM) $(awk -v k="$hwm" 'BEGIN { printf "%.1f MB", k / 1024 }')" >>"$ROWS"

# ---- the table ---------------------------------------------------------------
cases=$(sqlite3 -readonly "$DB" "SELECT count(*) FROM cases")
entries=$(sqlite3 -readonly "$DB" "SELECT count(*) FROM form_records WHERE form = 'progress'")
echo "madoguchi bench: $DB ($cases cases, $entries progress entries), $(date '+%Y-%m-%d %H:%M'), $(nproc) cores"
echo
{
	printf 'metric\tmedian\tp95\tgoal\tsqlite3\tratio\tnote\n'
	cut -f2- "$ROWS"
} | perl -CSD -Mutf8 -ne '
	# Columns padded by display width: a wide (CJK) character takes two.
	chomp;
	my @c = split /\t/, $_, -1;
	push @rows, [@c[0 .. 5]];
	push @notes, [$c[0], $c[6]];
	for my $i (0 .. 5) {
		my $w = width($c[$i]);
		$w[$i] = $w if $w > ($w[$i] // 0);
	}
	sub width { my $s = shift // ""; my $n = () = $s =~ /[\p{Ea=W}\p{Ea=F}]/g; length($s) + $n }
	END {
		for my $r (@rows) {
			print join("  ", map { $r->[$_] . " " x ($w[$_] - width($r->[$_])) } 0 .. 5), "\n";
		}
		print "\n";
		shift @notes;
		print "- $_->[0]: $_->[1]\n" for grep { $_->[1] ne "" } @notes;
	}'
if [ -n "${BENCH_ROWS:-}" ]; then cp "$ROWS" "$BENCH_ROWS"; fi
