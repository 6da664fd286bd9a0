#!/bin/sh
# Issue 20: the counts screen (件数の集計, K from home) at 80×24, for the
# verification meetings (000 第8条・第9条, 002 第2条(6)): this fiscal year by
# default, the year before with [, the same figures as `madoguchi count`,
# 004 §2(1)'s telephone calls below in parentheses, bars (Unicode blocks)
# proportional to the figures and inside 80 columns — for the 内訳 and for
# a column month by month — whether the terminal draws the blocks narrow or
# wide, the bars of the second 段 (l), rows by member of staff (b), a bad
# period refused naming the field with what was typed kept, one member of
# staff, and F9 printing the CSV that Excel opens (BOM, title, 合計).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
setup_users
DB="$XDG_DATA_HOME/madoguchi/madoguchi.db"
t() { printf 'tanaka-pass\n' | "$MADOGUCHI" -u tanaka "$@"; }
# 令和7年度: 7 at the counter (R7.4: 1, R7.5: 1 … R8.3: 4 with the two
# calls of R7.4 and R8.3 apart) and 3 calls; one on R8.4.1 (this year).
for d in R7.4.3:来所 R7.4.10:電話 R7.4.11:来所 R7.5.20:来所 R8.3.2:電話 \
	R8.3.3:来所 R8.3.4:来所 R8.3.5:電話 R8.3.6:来所 R8.3.9:来所 R8.4.1:来所; do
	t contact add --date "${d%%:*}" --time 10:00 --channel "${d#*:}" \
		--response 情報提供 --description '相談者' --age 40代 \
		--topics '収入・生活費のこと' >/dev/null ||
		{ echo "# setup failed: contact $d"; exit 1; }
done
t count --from R7.4.1 --to R8.3.31 --table contacts >"$T/cli"
holds "the command line counts 令和7年度: 7 at the counter, 3 calls" \
	grep -qE '^合計 +窓口 +7 +0 +7 +0 +0 +7 +0 +0$' "$T/cli"

# bar LABEL [AMBIGUOUS]: the bar on the line starting with LABEL (after
# its indent), in eighths of a block (█ is 8, ▏ 1 …), and where the line
# ends (display columns).
bar() {
	screen | python3 -c '
import sys, unicodedata
label, amb = sys.argv[1], int(sys.argv[2])
blocks = " ▏▎▍▌▋▊▉█"
for line in sys.stdin:
    if line.lstrip().startswith(label + " "):
        # Columns as tmux (a terminal drawing the blocks narrow) keeps
        # them: with amb 2 the program leaves a column after each block.
        w = lambda c: 2 if unicodedata.east_asian_width(c) in "WF" else 1
        eighths = sum(blocks.index(c) for c in line if c in blocks[1:])
        end = sum(w(c) for c in line.rstrip())
        print(eighths, end)
        break
else:
    print("none")' "$1" "${2:-1}"
}

start
login tanaka tanaka-pass
see "home offers the counts on its key bar" "K件数"
send K
see "K opens the counts of this fiscal year (R8.4.1 today)" \
	"件数の集計  R8.4.1〜R9.3.31  全事業所  全職員  (R8.4.1 現在)"
see "the first table of forms/counts.ini, with its cite at the end" \
	"表 1/10  相談の件数(相談内容・対応)"
see "004 §2(1): the telephone as a second line, in parentheses" "窓口 (電話)  棒: 窓口"
see "this year: one contact at the counter" "件数                1    (0)"
send '['
see "[: the year before, 令和7年度" "件数の集計  R7.4.1〜R8.3.31"
see "the same figures as madoguchi count: 7 at the counter, 3 calls" \
	"件数                7    (3)"
see "grouped columns under their heading, indented" "   生活困窮          7    (3)"
see "004's note under the table" "下段(括弧内)は電話の件数"
set -- $(bar 件数)
full=$1 end=$2
holds "the 内訳: 件数, the largest, fills its bar (an even count of eighths)" \
	test "$full" -gt 200 -a $((full % 8)) = 0
holds "and the bar ends inside 80 columns" test "$end" -le 79
set -- $(bar 制度の質問)
holds "a column of 0 has no bar" test "$1" = 0

send Enter
see "Enter: 件数 month by month" "月別: 件数"
see "each month of the year, 和暦" " R7.10 "
see "R8.3: 4 at the counter, 2 calls" " R8.3                4    (2)"
see "and 合計 under the months" " 合計                7    (3)"
set -- $(bar R8.3)
m3=$1
set -- $(bar R7.4)
m4=$1
set -- $(bar R7.5)
m5=$1
holds "the largest month fills the bar as the 内訳's largest did" test "$m3" = "$full"
holds "R7.4 (2 of 4) is half of it, to the eighth" test $((m4 * 2 - m3)) -le 1 -a $((m3 - m4 * 2)) -le 1
holds "R7.5 (1 of 4) a quarter" test $((m5 * 4 - m3)) -le 3 -a $((m3 - m5 * 4)) -le 3
set -- $(bar R7.6)
holds "a month of 0 has none" test "$1" = 0

send l
see "l: the bars picture the calls" "棒: 電話"
set -- $(bar R7.5)
holds "R7.5 had no call: no bar" test "$1" = 0
set -- $(bar R7.4)
holds "R7.4 (1 of 2 calls) is half the bar" test $((${1} * 2 - full)) -le 1 -a $((full - ${1} * 2)) -le 1

send b
see "b: by office (none registered)" "事業所別: 件数"
send b
see "b again: by member of staff" "職員別: 件数"
see "tanaka recorded them all" " 田中 一郎           7    (3)"
send Escape
see "Esc from a series goes back to the 内訳" "- 内訳 -"
holds "the screen is still the counts" wait_for "件数の集計  R7.4.1〜R8.3.31"

send '>'
see "> the next table" "表 2/10  相談会の相談来所者と相談内容"
send Left
see "← the table before" "表 1/10"
send Left
see "and round to the last" "表 10/10"
send Right
see "→ round to the first" "表 1/10"
send '>' '>' '>' '>' '>'
see "the national monthly figures are marked provisional (forms-spec [P])" \
	"表 6/10  自立相談支援事業の月次の件数(暫定)"
send '<' '<' '<' '<' '<'
see "and back to the first" "表 1/10  相談の件数"

# A period that ends before it starts: refused naming the field, the days
# typed asked again as typed, the figures shown before kept.
send p
wait_for "期間の初日" || true
send C-u
type_text 'R8.3.31'
send Enter
wait_for "期間の末日" || true
send C-u
type_text 'R8.3.1'
send Enter
see "a period that ends before it starts is refused, in Japanese" \
	"期間の終わり(令和8年3月1日)が始まり(令和8年3月31日)より前です"
see "what was typed is asked again" "R8.3.31"
send C-u
type_text 'R8.3.1'
send Enter
wait_for "期間の末日" || true
send C-u
type_text 'R8.2.30'
send Enter
see "a day that does not exist is refused naming the field" \
	"期間の末日: 令和8年(2026年)2月は28日までです"
see "asked again from the first day, as it was typed" "R8.3.1"
send Enter
wait_for "期間の末日" || true
send C-u
type_text 'R8.3.31'
send Enter
see "a good period is counted" "件数の集計  R8.3.1〜R8.3.31"
see "March: 4 at the counter, 2 calls" "件数                4    (2)"

send s
wait_for "職員(ユーザー名か氏名" || true
type_text 'yamada'
send Enter
see "a member of staff who does not exist is refused naming the field" \
	"職員: 職員「yamada」はいません"
send C-u
type_text 'tanaka'
send Enter
see "tanaka's own counts" "R8.3.1〜R8.3.31  全事業所  田中 一郎"

send F9
see "F9 prints every table as CSV" "出力しました: "
csv=$(find "$HOME" -name '件数の集計_2026-03-01_2026-03-31.csv' | head -1)
holds "the file is named by its period" test -n "$csv"
holds "with a BOM for Excel" sh -c "head -c 3 '$csv' | od -An -tx1 | grep -q 'ef bb bf'"
python3 - "$csv" >"$T/cells" <<'PY'
import csv, sys
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    for row in csv.reader(f):
        print("|".join(row))
PY
holds "read back: the title of the first table" grep -q '^相談の件数(相談内容・対応)' "$T/cells"
holds "read back: 合計 with the month's figures" grep -q '^合計|窓口|4|0|4|0|0|4|0|0' "$T/cells"
holds "the screen and every print are in the audit log" \
	test "$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE detail LIKE '%件数の集計%'")" -ge 5
send F10
see "F10 goes back home" "今日の予定"
quit_home

# A terminal that draws the blocks wide (display.ambiguous_width = 2): each
# block two columns, the bar still inside 80.
mkdir -p "$XDG_CONFIG_HOME/madoguchi"
printf '[display]\nambiguous_width = 2\n' >"$XDG_CONFIG_HOME/madoguchi/madoguchi.ini"
start
login tanaka tanaka-pass
send K
wait_for "件数の集計  R8.4.1" || true
send '['
see "wide blocks: the year before" "件数                7    (3)"
set -- $(bar 件数 2)
holds "wide blocks: the largest bar is half the cells, to the eighth" \
	test $((${1} * 2 - full)) -le 8 -a $((full - ${1} * 2)) -le 8
holds "wide blocks: and ends inside 80 columns" test "$2" -le 79
done_testing
