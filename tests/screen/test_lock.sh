#!/bin/sh
# The idle lock: after the configured time without a key the case is hidden
# and the password asked; the same user returns to the same place, with
# what was typed. Another user may log in instead; the first one's draft
# stays theirs. Quitting on a terminal without an alternate screen (the
# Linux console) leaves no one's case on it.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
setup_users
printf 'kanri-pass1\nsato-pass11\n' | "$MADOGUCHI" -u kanri user add sato --name '佐藤 二郎' --role consultant >/dev/null
printf 'tanaka-pass\n' | "$MADOGUCHI" -u tanaka case new --name '伊藤 花' --kana 'いとう はな' >/dev/null
DB="$XDG_DATA_HOME/madoguchi/madoguchi.db"
MADOGUCHI_IDLE_SECONDS=3

start
login tanaka tanaka-pass
open_case 'いとう' '伊藤 花'
send a
wait_for "第3号様式"
down 8
type_text '本人と電話。家計の相談。'
see "typing in a progress entry" "本人と電話。家計の相談。"
see "idle, the screen locks" "画面をロックしました" 15
dont_see "the person's name is hidden" "伊藤"
dont_see "and what was typed" "家計の相談"
holds "what was typed is kept as a draft" test "$(sqlite3 "$DB" "SELECT count(*) FROM drafts d JOIN users u ON u.id = d.user_id WHERE u.login = 'tanaka' AND d.data LIKE '%家計の相談%'")" = 1
send Enter
wait_for "パスワード"
type_text 'wrong-pass1'
send Enter
see "a wrong password keeps it locked" "ユーザー名またはパスワードが違います"
send Enter
wait_for "パスワード"
type_text 'tanaka-pass'
send Enter
see "the right password returns to the same form" "本人と電話。家計の相談。"
see "of the same case" "伊藤 花"

# Locked again; another member of staff logs in instead.
see "idle again, it locks again" "画面をロックしました" 15
send u
wait_for "ユーザー名"
type_text sato
send Enter
wait_for "ユーザー名: sato"
send Enter
wait_for "パスワード"
type_text 'sato-pass11'
send Enter
see "the other user starts at their home" "佐藤 二郎・相談支援員"
see "on the home screen" "今日の予定"
dont_see "the first user's case is not shown" "家計の相談"
holds "the first user's draft stays theirs" test "$(sqlite3 "$DB" "SELECT count(*) FROM drafts d JOIN users u ON u.id = d.user_id WHERE u.login = 'tanaka'")" = 1
holds "and only theirs" test "$(sqlite3 "$DB" "SELECT count(*) FROM drafts d JOIN users u ON u.id = d.user_id WHERE u.login = 'sato'")" = 0

# The Linux console keeps what was drawn after a program ends (no
# alternate screen; its function keys differ, so Escape quits from home,
# where the recent cases are listed).
MADOGUCHI_IDLE_SECONDS=
sqlite3 "$DB" "DELETE FROM drafts"
TEST_TERM=linux start
login tanaka tanaka-pass
see "a person's name is on the console" "伊藤 花"
send Escape
wait_for "終了しますか"
send y
holds "quitting ends the program" exited 5
dont_see "and leaves no name on the console" "伊藤"
dont_see "nor what the home screen lists" "最近のケース"
done_testing
