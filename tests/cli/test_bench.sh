#!/bin/sh
# make bench works: run once, quickly, on a small generated database, it
# prints every figure of the table and its full-text search agrees with a
# scan. Times are not judged here (make bench is where they are read).
. "$(dirname "$0")/../lib.sh"
DB="$T/bench.db"
"$MADOGUCHI" -d "$DB" demo generate --cases 300 --seed 4 >/dev/null 2>&1
holds "a small database is generated" test -s "$DB"
BENCH_QUICK=1 BENCH_ROWS="$T/rows" sh "$TOP/tests/bench/run.sh" "$DB" >"$T/out" 2>"$T/err"
status=$?
expect 0 stdout-contains "madoguchi bench: $DB (300 cases" -- "the benchmark runs and names its database"
for metric in \
	"start to the first drawn screen (login)" \
	"password accepted to the drawn home screen" \
	"search: case number, as typed (core)" \
	"search: 氏名, as typed (core)" \
	"search: ふりがな, as typed (core)" \
	"search by name or kana, to the drawn list" \
	"full-text: 1-character word, first page" \
	"full-text: 2-character word, first page" \
	"full-text: 3+ characters, first page" \
	"full-text: rare phrase of common characters, first page" \
	"full-text search, to the drawn list" \
	"size of the full-text index" \
	"open a case (core: header, steps with reasons, forms, 50 entries)" \
	"open a case from the list, drawn" \
	"durable save of a form revision (fsync'd commit)" \
	"export of the 支援ケース一覧 to CSV" \
	"one keystroke in a form field: CPU" \
	"one keystroke in a form field: bytes to the terminal" \
	"resident memory, case list scrolled to its end" \
	"on-disk size per case" \
	"a year of monthly counts (core)"; do
	# The row is there, with a figure in its median column.
	holds "figure: $metric" awk -F '\t' -v m="$metric" \
		'$2 == m && $3 ~ /[0-9]/ { found = 1 } END { exit !found }' "$T/rows"
done
holds "every full-text query agrees with a scan" grep -q "32 of 32 agree" "$T/rows"
holds "the size ratio is given" awk -F '\t' \
	'$2 == "size of the full-text index" && $7 ~ /×$/ { f = 1 } END { exit !f }' "$T/rows"
holds "durable save is compared with a bare commit" grep -q "bare commit [0-9.]* ms" "$T/rows"
holds "export is compared with the sqlite3 shell" grep -q "sqlite3 -csv [0-9]* ms" "$T/rows"
holds "the counts are compared with the sqlite3 shell, figure by figure (issue 20)" \
	grep -q "sqlite3 [0-9]* ms.*[0-9][0-9]* figures of the course's tables equal to sqlite3's" "$T/rows"
# make bench again on the same database: the first run left no draft to
# take the next run's keys (it once did: the second run never saw
# 終了しますか, the F10 going to the drafts question).
holds "the run leaves no draft behind" test "$(sqlite3 "$DB" 'SELECT count(*) FROM drafts' </dev/null)" = 0
BENCH_QUICK=1 sh "$TOP/tests/bench/run.sh" "$DB" >"$T/out2" 2>"$T/err2"
status=$?
expect 0 stdout-contains "madoguchi bench: $DB (300 cases" -- "a second run on the same database runs to its table"
done_testing
