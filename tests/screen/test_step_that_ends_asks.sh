#!/bin/sh
# Nothing decisive on one key (issue 15, finding 2): on a new case the cursor
# rested on 振り分け, and Enter, Enter, Enter recorded 情報提供のみで終了 and
# closed the case for good. Now the cursor rests on no step that may end the
# case, the outcomes offer first the one that ends nothing, and a step that
# records an outcome asks first, naming what it does, with いいえ as the
# answer Enter gives.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
setup_case 60
closed() { [ "$(sqlite3 "$DB" "SELECT status FROM cases WHERE id = 1")" = closed ]; }
triaged() { sqlite3 "$DB" "SELECT count(*) FROM workflow_events WHERE case_id = 1 AND step = 'triage'"; }
# selected: the line the cursor is on (drawn in reverse video).
selected() {
	tm capture-pane -p -e -t md | grep -E "$(printf '\033')\[([0-9]+;)*7m" |
		sed 's/\x1b\[[0-9;]*m//g'
}

start
login tanaka tanaka-pass
open_case 'すずき' '鈴木 一郎'
see "the triage is open" "可 振り分け"
if selected | grep -qF "振り分け"; then
	fail "the cursor does not rest on 振り分け, which may close the case" "selected: $(selected)"
else
	pass "the cursor does not rest on 振り分け, which may close the case"
fi

# A person in a hurry: Enter three times closes nothing.
send Enter
send Enter
send Enter
wait_for "第3号様式" 3
holds "Enter, Enter, Enter on a new case closes nothing" test "$(triaged)" = 0
if closed; then fail "the case stays open after hurried Enters"; else pass "the case stays open after hurried Enters"; fi
see "the cursor rested on 支援経過の記録: Enter opened a progress entry" "第3号様式 支援経過記録シート"
send F10
wait_for "ケース 1  鈴木 一郎"

# 振り分け: reception, 支援経過, application, then it.
send Home
down 3
send Enter
see "the triage asks its outcome" "振り分けの結果"
send Enter
wait_for "手順を行った日"
send Enter
see "even 継続支援 asks, naming it" "振り分けを「継続支援」で記録します。"
send Enter
see "Enter answers no" "振り分けは記録していません"
holds "and nothing is recorded" test "$(triaged)" = 0

# info_only: Enter on 振り分け, its first outcome (情報提供のみで終了), today;
# until the question.
info_only() {
	send Enter
	wait_for "振り分けの結果"
	send 1
	wait_for "手順を行った日"
	send Enter
	wait_for "ケースを終結します。"
}

info_only
see "closing asks, saying it closes the case" "振り分けを「情報提供のみで終了」で記録し、ケースを終結します。"
see "asking" "よろしいですか"
see "with the day it names" "行った日: R8.4.1"
send Enter
see "Enter keeps the case open" "振り分けは記録していません"
if closed; then fail "the case is not closed by Enter"; else pass "the case is not closed by Enter"; fi

info_only
send Escape
see "Esc answers no too" "振り分けは記録していません"
if closed; then fail "the case is not closed by Esc"; else pass "the case is not closed by Esc"; fi

info_only
send Right
send Enter
see "はい chosen with → and Enter records it" "記録しました: 振り分け：情報提供のみで終了"
holds "and the case is closed" closed

done_testing
