#!/bin/sh
# Nothing typed is lost: the program killed (kill -9) while a progress entry
# is being typed; at the next login the draft is offered and restored. A
# resize to 100×30 and back keeps the text. Another user never sees it.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
setup_users
printf 'kanri-pass1\nsato-pass11\n' | "$MADOGUCHI" -u kanri user add sato --name '佐藤 二郎' --role consultant >/dev/null
mkdir -p "$XDG_CONFIG_HOME/madoguchi"
printf '[drafts]\nautosave_seconds = 1\n' >"$XDG_CONFIG_HOME/madoguchi/madoguchi.ini"
printf 'tanaka-pass\n' | "$MADOGUCHI" -u tanaka case new --name '鈴木 一郎' --kana 'すずき いちろう' >/dev/null

start
login tanaka tanaka-pass
open_case 'すずき' '鈴木 一郎'
send a
see "a opens a new progress entry" "第3号様式 支援経過記録シート"
# To the content field: 日付, 時刻, 所要時間, 対応方法, 対応相手, 関係機関,
# 支援の種類, 対応者, 内容.
down 8
see "the content field is reached" "聞き取ったこと、行った支援"
type_text '家賃を3か月滞納。大家から退去を求められている。'
see "the text shows as typed" "家賃を3か月滞納"

# Resize while typing: nothing lost.
resize 100 30
see "after resizing to 100×30 the text is still there" "家賃を3か月滞納。大家から退去を求められている。"
resize 80 24
see "and back at 80×24" "家賃を3か月滞納"
resize 60 20
see "a terminal too small says so" "端末を 80×24 以上にしてください"
resize 80 24
see "back to size, the text is there" "家賃を3か月滞納"
type_text '就労の相談も希望。'

# The autosave keeps it in the database within a second or two.
i=0
while [ $i -lt 100 ] && [ "$(sqlite3 "$XDG_DATA_HOME/madoguchi/madoguchi.db" "SELECT count(*) FROM drafts WHERE data LIKE '%就労の相談も希望%'")" != 1 ]; do
	sleep 0.05; i=$((i + 1))
done
holds "the draft is in the database" test $i -lt 100
holds "no revision was made by the draft" test "$(sqlite3 "$XDG_DATA_HOME/madoguchi/madoguchi.db" "SELECT count(*) FROM form_revisions")" = 0

kill -9 "$(pane_pid)"
exited 5
pass "the program was killed while the entry was being typed"

# Another consultant on the same workstation never sees it.
start
login sato sato-pass11
dont_see "another user is not offered the draft" "下書きがあります"
send F10
wait_for "終了しますか"
send y
exited 5

start
login tanaka tanaka-pass
see "the next login offers the draft" "入力中だった下書きがあります"
see "naming the case and the form" "ケース 1 鈴木 一郎 支援経過記録シート"
send Enter
see "the draft is restored" "家賃を3か月滞納。大家から退去を求められている。就労"
see "all of it" "の相談も希望。"
send F2
see "saving it makes revision 1" "保存しました(版 1"
holds "the entry is saved" test "$(sqlite3 "$XDG_DATA_HOME/madoguchi/madoguchi.db" "SELECT count(*) FROM form_revisions WHERE data LIKE '%就労の相談も希望%'")" = 1
holds "the draft is gone once saved" test "$(sqlite3 "$XDG_DATA_HOME/madoguchi/madoguchi.db" "SELECT count(*) FROM drafts")" = 0

done_testing
