#!/bin/sh
# The terminal window closed (SIGHUP) or the workstation shutting down
# (SIGTERM) while a consultant types: what was typed since the last
# autosave is kept as a draft and the program ends; the next login offers
# it. On the lock screen, which waits for keys on its own, it ends at
# once too.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
# No autosave within the test: only the hangup can keep the text.
setup_case 600

drafts_with() {
	sqlite3 "$DB" "SELECT count(*) FROM drafts WHERE data LIKE '%$1%'"
}

new_entry
type_text '窓を閉じる前の記録。'
see "the text is typed" "窓を閉じる前の記録。"
holds "no draft yet (no autosave)" test "$(drafts_with 窓を閉じる前)" = 0
kill -HUP "$(pane_pid)"
holds "SIGHUP ends the program" exited 5
holds "and the text is kept as a draft" test "$(drafts_with 窓を閉じる前の記録。)" = 1

start
login tanaka tanaka-pass
see "the next login offers it" "入力中だった下書きがあります"
send Enter
see "restored" "窓を閉じる前の記録。"
send End
type_text '終了の前の追記。'
see "typed on" "終了の前の追記。"
kill -TERM "$(pane_pid)"
holds "SIGTERM ends the program" exited 5
holds "keeping all of the text as the draft" test "$(drafts_with 窓を閉じる前の記録。終了の前の追記。)" = 1
holds "one draft, not two" test "$(sqlite3 "$DB" "SELECT count(*) FROM drafts")" = 1

# Locked for want of keys, then hung up: it ends, not waiting on a
# terminal that is gone.
MADOGUCHI_IDLE_SECONDS=2
start
login tanaka tanaka-pass
see "the screen locks" "画面をロックしました" 10
kill -HUP "$(pane_pid)"
holds "SIGHUP at the lock ends the program" exited 5
holds "the database is whole" test "$(sqlite3 "$DB" "PRAGMA integrity_check")" = ok
done_testing
