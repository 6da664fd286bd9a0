#!/bin/sh
# Issue 15, finding 1: Ctrl-U in a field that never held text (the empty
# ユーザー名 at login, the case list's search box after /, an empty field of
# a form) crashed the program (signal 11). Each time the program lives on
# and takes what is typed next (seen on the screen: a crash would leave it
# blank).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
setup_case 1

alive() {
	if [ "$(tm display-message -p -t md '#{pane_dead}')" = 0 ]; then
		pass "$1"
	else
		screen >"$T/out"; : >"$T/err"
		fail "$1" "the program ended: $(tm display-message -p -t md \
			'status #{pane_dead_status} signal #{pane_dead_signal}')"
	fi
}

STATUS_FILE="$T/status"
start
wait_for "パスワード"
send C-u
type_text tanaka
see "after Ctrl-U in the empty ユーザー名 at login, typing shows" "tanaka"
alive "the program lives on"
send Tab C-u
type_text tanaka-pass
send Enter
see "after Ctrl-U in the empty パスワード, the login goes on" "今日の予定"

send /
wait_for "検索:"
send C-u
type_text すずき
see "/ then Ctrl-U in the empty search box: the search runs" "鈴木 一郎"
alive "the program lives on"
send Escape Escape # the search box emptied, then back home
wait_for "今日の予定"

open_case すずき '鈴木 一郎'
send a
wait_for "第3号様式 支援経過記録シート"
down 8
wait_for "聞き取ったこと、行った支援"
send C-u
type_text '家賃の相談。'
see "after Ctrl-U in the empty 内容 of a new entry, typing shows" "家賃の相談。"
alive "the program lives on"
i=0
while [ $i -lt 100 ] && [ "$(sqlite3 "$DB" "SELECT count(*) FROM drafts WHERE data LIKE '%家賃の相談。%'")" != 1 ]; do
	sleep 0.05; i=$((i + 1))
done
holds "and it is kept as a draft" test $i -lt 100

send C-g
wait_for "移る項目"
send C-u
type_text 次回
see "after Ctrl-U in the empty line of a dialog (Ctrl-G), typing shows" "次回"
alive "the program lives on"
send Escape
wait_gone "移る項目"
send F2
see "the entry saves" "保存しました"
# Back through the form, the case and the case list (whose search box,
# if it has the focus, is emptied by the first F10).
backs=0 # not i: wait_for counts with it
until wait_for "今日の予定" 1 || [ $backs -ge 5 ]; do send F10; backs=$((backs + 1)); done
quit_home
if exited 15 && [ "$(cat "$STATUS_FILE" 2>/dev/null)" = 0 ]; then
	pass "the program ends cleanly"
else
	screen >"$T/out"
	echo "exit status: $(cat "$STATUS_FILE" 2>/dev/null)" >"$T/err"
	fail "the program ends cleanly"
fi

done_testing
