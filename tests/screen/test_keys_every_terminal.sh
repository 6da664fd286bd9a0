#!/bin/sh
# Every key on every terminal (issue 15, finding 8): on a vt100, which sends
# no F4, F5, F6, F9, Home or End, each of those actions has a control key,
# shown in F1; the history of a form is on a function or control key, so
# that "h" typed in a field is text; F4 on the case screen searches the
# progress entries; the case list opens a case with one Enter.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
setup_case 60
mkdir -p "$T/csv"
printf '[export]\ndir = %s\n' "$T/csv" >>"$XDG_CONFIG_HOME/madoguchi/madoguchi.ini"
printf 'tanaka-pass\n' | "$MADOGUCHI" -u tanaka form set 1 progress content '家賃の相談' \
	--new >/dev/null 2>&1
export TEST_TERM=vt100

start
login tanaka tanaka-pass
send C-k
see "Ctrl-K is F1 (help)" "キー:"
see "F1 shows F4's control key" "F4 / Ctrl-F"
see_paging "F5's" "F5 / Ctrl-R"
see_paging "Home's" "Home / Ctrl-T"
see_paging "End's" "End / Ctrl-D"
send Escape
wait_for "今日の予定"

# The case list: one Enter opens the case found.
send /
wait_for "検索:"
type_text 'すずき'
wait_for "鈴木 一郎"
send Enter
see "one Enter opens the case found" "ケース 1  鈴木 一郎"
screen | tail -n 1 >"$T/bar"
holds "the case screen's key bar offers F4" grep -qF "F4経過検索" "$T/bar"
send C-k
see_paging "F1 on the case screen: F6's control key (the history)" "F6 / Ctrl-O"
see_paging "F9's" "F9 / Ctrl-P"
send Escape
wait_for "ケース 1  鈴木 一郎"

# Home and End: Ctrl-T and Ctrl-D.
send C-d
see "Ctrl-D is End: the last item (the entry) selected" "家賃の相談"
send C-t
send Enter
see "Ctrl-T is Home: the first step selected" "相談受付は記録済みです"

# The reception form: Ctrl-P prints it, Ctrl-R reads again.
send C-t
down 18 # the steps, then the forms
send Enter
wait_for "第1号様式 相談申込・受付票"
type_text 'R8.3.31'
send C-s
see "Ctrl-S saves" "保存しました(版 1"
send C-p
see "Ctrl-P is F9 (print)" "出力しました: $T/csv/1-第1号様式.csv"
holds "the file is there" test -s "$T/csv/1-第1号様式.csv"
screen | tail -n 1 >"$T/bar"
holds "the form's key bar has the history on F6" grep -qF "F6履歴" "$T/bar"
holds "and not on h" sh -c "! grep -qF 'h履歴' '$T/bar'"
send C-o
see "Ctrl-O is F6: the form's history" "版 1"
send Escape
wait_for "第1号様式 相談申込・受付票"
# A text field: h is typed, not a key.
send C-g
wait_for "移る項目"
type_text '来談者 氏名'
send Enter
type_text 'hhh'
see "h typed in a text field is text" "hhh"
dont_see "and opens no history" "版の一覧"
send C-s
wait_for "保存しました(版 2"
send Escape
wait_for "ケース 1  鈴木 一郎"

# F4 (Ctrl-F) on the case screen: the search of progress entries.
send C-f
see "Ctrl-F (F4) on the case screen searches the progress entries" "支援経過の検索"
type_text '家賃'
see "and finds the entry" "家賃の相談"
send Escape
send Escape
wait_for "ケース 1  鈴木 一郎"
# Ctrl-R reads again.
printf 'tanaka-pass\n' | "$MADOGUCHI" -u tanaka form set 1 progress content '電話で確認' \
	--new >/dev/null 2>&1
send C-r
send C-d
see "Ctrl-R is F5 (read again)" "電話で確認"

# F4 itself, on a terminal that has it.
send F10
wait_for "支援ケース一覧"
send F10
wait_for "今日の予定"
send F10
exited 5
TEST_TERM=screen-256color
start
login tanaka tanaka-pass
open_case 'すずき' '鈴木 一郎'
send F4
see "F4 on the case screen searches the progress entries" "支援経過の検索"
send F10
see "and F10 comes back to the case" "ケース 1  鈴木 一郎"

done_testing
