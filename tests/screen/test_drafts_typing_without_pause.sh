#!/bin/sh
# Regression: typing without a pause kept no draft. The screen's tick (which
# keeps the draft) came only when no key arrived for a quarter of a second,
# so a person typing on and on for a minute had nothing kept when the
# program was killed. Now a key also keeps the draft once the autosave
# interval has passed.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
setup_users
mkdir -p "$XDG_CONFIG_HOME/madoguchi"
printf '[drafts]\nautosave_seconds = 1\n' >"$XDG_CONFIG_HOME/madoguchi/madoguchi.ini"
printf 'tanaka-pass\n' | "$MADOGUCHI" -u tanaka case new --name '鈴木 一郎' --kana 'すずき いちろう' >/dev/null
DB="$XDG_DATA_HOME/madoguchi/madoguchi.db"
draft_has() {
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM drafts WHERE data LIKE '%$1%'")" = 1 ]
}

start
login tanaka tanaka-pass
open_case 'すずき' '鈴木 一郎'
send a
wait_for "第3号様式"
down 8
see "the content field is reached" "聞き取ったこと、行った支援"

# A piece every tenth of a second, never a pause of a quarter: after two
# and a half seconds (more than twice the interval) the first is kept.
type_text 'はじめの一文。'
t0=$(date +%s%3N)
p=0
while [ $(( $(date +%s%3N) - t0 )) -lt 2500 ]; do
	type_text "続き$p。"
	sleep 0.1
	p=$((p + 1))
done
if draft_has 'はじめの一文。'; then kept=1; else kept=0; fi
type_text '最後の一文。'
holds "typing without a pause, the draft holds the first piece after 2.5 s ($p pieces)" test "$kept" = 1
see "the last piece shows" "最後の一"
# Once typing stops, the tick keeps the rest.
i=0
while [ $i -lt 60 ] && ! draft_has '最後の一文。'; do sleep 0.05; i=$((i + 1)); done
holds "once the typing stops, the draft holds the last piece too" draft_has '最後の一文。'

kill -9 "$(pane_pid)"
exited 5
start
login tanaka tanaka-pass
see "the next login offers the draft" "入力中だった下書きがあります"
send Enter
see "restored, it ends with the last piece" "最後の一"
holds "and holds the first" draft_has 'はじめの一文。続き0。続き1。'

done_testing
