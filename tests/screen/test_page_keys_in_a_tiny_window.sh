#!/bin/sh
# Found by the key monkey (issue 15) once keys typed into a window smaller
# than 80×24 are kept (finding 4): a page key moved the selection by the
# rows of the screen less the frame, which is less than none in a window
# of a few rows, so PgUp took the case screen's selection and a list's
# choice past the end of their lists (AddressSanitizer: heap-buffer-overflow
# in case_key; a choice the list never had). A page is at least one row
# (ui_page). Run with the program built with ASan when it is there.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
if [ -x "$TOP/build/asan/madoguchi" ]; then
	MADOGUCHI=$TOP/build/asan/madoguchi
	export MADOGUCHI_DATADIR="$TOP" # the forms, for a program outside the top folder
fi
setup_case 1

alive() {
	if [ "$(tm display-message -p -t md '#{pane_dead}')" = 0 ]; then
		pass "$1"
	else
		screen >"$T/out"; : >"$T/err"
		fail "$1" "the program ended (status $(tm display-message -p -t md '#{pane_dead_status}'))"
	fi
}

start
login tanaka tanaka-pass
open_case 'すずき' '鈴木 一郎'
# The last step of the case, then PgUp in a window of 5 rows.
send End
resize 80 5
wait_for "80×24"
send PPage
resize 80 24
wait_for "ケース 1  鈴木 一郎"
send h
see "after PgUp in a tiny window the case screen still answers" "履歴は保存された様式で見られます"
alive "and the program lives on"

# A list to choose from (対応方法 of a new progress entry, set to 来所:
# 来所 … その他, (空にする)): End, then PgUp in a tiny window and Enter take
# その他, the choice above the last. A choice past the end of the list
# emptied the field (other lists take a step outcome past the end of
# theirs). Where the keys of a tiny window are dropped, the list is still
# open afterwards and 来所 stays.
send a
wait_for "第3号様式 支援経過記録シート"
down 3
send 1
wait_for "来所"
send Enter
wait_for "(空にする)"
send End
resize 80 5
wait_for "80×24"
send Up Down PPage Enter # the list measured in the tiny window, then PgUp
resize 80 24
wait_for "第3号様式 支援経過記録シート"
if wait_for "(空にする)" 1; then
	send Escape
	wait_gone "(空にする)"
fi
n=0
until screen | grep -qE '対応方法 +(その他|来所)' || [ $n -ge 100 ]; do sleep 0.05; n=$((n + 1)); done
holds "after PgUp and Enter in a tiny window 対応方法 holds a choice of its list" \
	test $n -lt 100
alive "and the program lives on"

done_testing
