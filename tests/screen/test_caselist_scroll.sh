#!/bin/sh
# The case list of 1,500 generated cases, read a page at a time: paging down
# past several pages and back up shows every case once, with no gap or
# repeat where pages meet; End shows the last case at once (one search, not
# one a page) and Home the first, in the order of numbers, of ふりがな and of
# 予定日, paging back from the end; F5 keeps the place.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
DB="$T/demo.db"
"$MADOGUCHI" -d "$DB" demo generate --cases 1500 --seed 3 >"$T/out" 2>"$T/err"
holds "the demo database is made" test -s "$DB"

# The orders of the list as the database has them, a case number a line
# (closed cases are in the list too). 予定日: the nearer of the evaluation
# and follow-up dates, cases without either last.
sqlite3 "$DB" "SELECT id FROM cases ORDER BY id" >"$T/by_number"
sqlite3 "$DB" "SELECT c.id FROM cases c JOIN persons p ON p.id = c.person_id
	ORDER BY p.kana_key, c.id" >"$T/by_kana"
sqlite3 "$DB" "SELECT id FROM cases ORDER BY coalesce(min(next_eval_on,
	follow_up_on), next_eval_on, follow_up_on, '~'), id" >"$T/by_due"
holds "every case is in each order" test "$(wc -l <"$T/by_kana")" = 1500 -a \
	"$(wc -l <"$T/by_due")" = 1500

# The case numbers in the list on the screen (24 rows: 18 of them), top to
# bottom.
shown() { screen | sed -n '4,21p' | awk '$1 ~ /^[0-9]+$/ { print $1 }'; }

# run_in ORDER: where the rows on the screen stand in ORDER, "FIRST LAST"
# (line numbers), or nothing when they are not one unbroken run of it.
run_in() {
	shown | awk 'NR == FNR { at[$1] = FNR; next }
		{ i = at[$1]; if (!i || (last && i != last + 1)) bad = 1
		  if (!first) first = i; last = i }
		END { if (!bad && first) print first, last }' "$1" -
}

# settle BEFORE: wait until the rows shown are no longer BEFORE and have
# stopped changing; 1 after 10 s.
settle() {
	i=0 prev=$1
	while [ $i -lt 200 ]; do
		now=$(shown | tr '\n' ' ')
		[ "$now" != "$1" ] && [ "$now" = "$prev" ] && return 0
		prev=$now
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# press KEY: press it and wait for the list to change.
press() {
	before=$(shown | tr '\n' ' ')
	send "$1"
	settle "$before"
}

# page KEY TIMES ORDER: press KEY (PageDown or PageUp) TIMES times. After
# each, the rows must be one unbroken run of ORDER that moved on in KEY's
# direction and meets or overlaps the run before: $broken counts the
# presses where not, $run is the last run.
page() {
	key=$1 times=$2 order=$3 broken=0 j=0
	run=$(run_in "$order")
	while [ $j -lt "$times" ]; do
		press "$key"
		new=$(run_in "$order")
		set -- $run $new # the words: FIRST LAST of each
		if [ $# != 4 ]; then
			broken=$((broken + 1))
		elif [ "$key" = PageDown ]; then
			[ "$3" -le $(($2 + 1)) ] && [ "$4" -gt "$2" ] || broken=$((broken + 1))
		else
			[ "$4" -ge $(($1 - 1)) ] && [ "$3" -lt "$1" ] || broken=$((broken + 1))
		fi
		run=$new
		j=$((j + 1))
	done
}

audited() { sqlite3 "$DB" "SELECT count(*) FROM audit_log"; }

start -d "$DB"
login demo demo-password
send /
wait_for "検索:"
send Down
see "the list opens at its first case" "一覧の先頭"
holds "cases 1 to 18 are shown" test "$(run_in "$T/by_number")" = "1 18"

# Down past three pages (300 cases) and back: the window reads pages ahead
# and drops the oldest, and back up reads them again.
page PageDown 20 "$T/by_number"
holds "paging down shows every case once, past page seams" test "$broken" = 0
holds "paging down went past three pages" test "${run#* }" -gt 300
dont_see "in the middle neither end is shown" "一覧の"
last=$run
send F5
press j
holds "F5 keeps the place (and then j moves one down)" \
	test "$(run_in "$T/by_number")" = "$(echo "$last" | awk '{ print $1 + 1, $2 + 1 }')"
page PageUp 21 "$T/by_number"
holds "paging back up shows every case once" test "$broken" = 0
holds "back at cases 1 to 18" test "$run" = "1 18"
see "and at the start of the list" "一覧の先頭"

# End: the last case at once, reading one page backwards.
n=$(audited)
press End
see "End shows the end of the list" "一覧の末尾"
holds "the last case is the highest number" test "$(shown | tail -n 1)" = "$(tail -n 1 "$T/by_number")"
holds "End searched once, not a page at a time" test $(($(audited) - n)) -le 2
page PageUp 12 "$T/by_number"
holds "paging up from the end shows every case once" test "$broken" = 0
holds "paging up from the end went past two pages" test "${run% *}" -lt 1300
press Home
holds "Home shows case 1 again" test "$(shown | head -n 1)" = 1
see "Home is the start of the list" "一覧の先頭"

# The same by ふりがな: its order has ties and kana in three scripts.
send s
see "sorted by ふりがな" "並べ替え:ふりがな"
holds "the first rows are the first by ふりがな" test "$(run_in "$T/by_kana")" = "1 18"
press End
see "End by ふりがな" "一覧の末尾"
holds "the last row is the last by ふりがな" test "$(shown | tail -n 1)" = "$(tail -n 1 "$T/by_kana")"
page PageUp 12 "$T/by_kana"
holds "paging up by ふりがな from the end shows every case once" test "$broken" = 0
press Home
see "Home by ふりがな" "一覧の先頭"
page PageDown 20 "$T/by_kana"
holds "paging down by ふりがな shows every case once" test "$broken" = 0

# 予定日: many cases share a date, and those without one come last.
send s
see "sorted by 受付日" "並べ替え:受付日"
send s
see "sorted by 予定日" "並べ替え:予定日"
press End
see "End by 予定日" "一覧の末尾"
holds "the last row is the last by 予定日" test "$(shown | tail -n 1)" = "$(tail -n 1 "$T/by_due")"
page PageUp 12 "$T/by_due"
holds "paging up by 予定日 from the end shows every case once" test "$broken" = 0

# A search that finds a few: how many, since the window holds them all
# (15, 150 to 159, 1500).
send /
type_text '15'
see "a search finding a few shows how many" "12 件"

done_testing
