#!/bin/sh
# The idle lock holds (issue 13, finding 5). It owns the whole screen:
# nothing of the case it hides is drawn until someone logs in, not in the
# password box, not after a resize. It never locks again inside itself, so
# a password typed at a person's pace lands in the password box and
# unlocks. And it covers an open $EDITOR: the editor is stopped behind the
# lock, the keys typed at the lock never reach it, and it goes on after;
# when another user logs in there, or the terminal closes, the editor ends
# and what it wrote is kept for its owner.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
setup_users
# 23 characters: about 3.5 s at a person's pace, longer than the idle time.
PASS='a-slow-typists-password'
printf 'kanri-pass1\n%s\n' "$PASS" | "$MADOGUCHI" -u kanri user add yamada \
	--name '山田 三郎' --role consultant >/dev/null
printf '%s\n' "$PASS" | "$MADOGUCHI" -u yamada case new --name '伊藤 花' \
	--kana 'いとう はな' >/dev/null
# A small editor: it shows the text, then adds each line typed to it, until
# Ctrl-D.
cat >"$T/editor" <<'SH'
#!/bin/sh
printf 'エディタ: %s\n' "$(cat "$1")"
while IFS= read -r line; do printf '%s\n' "$line" >>"$1"; done
SH
chmod +x "$T/editor"
EDITOR="$T/editor"
MADOGUCHI_IDLE_SECONDS=3

# box_hides WHEN: the password box is on the screen, and in the same
# picture nothing of the case.
box_hides() {
	if ! wait_for "Enter: 決定" 10; then
		screen >"$T/out"; : >"$T/err"
		fail "$1: the password box is shown" "no password box"
		return
	fi
	screen >"$T/shot"
	if grep -qF "Enter: 決定" "$T/shot" && ! grep -qE "伊藤|家計の相談|第3号様式" "$T/shot"; then
		pass "$1: the password box hides the case"
	else
		cp "$T/shot" "$T/out"; : >"$T/err"
		fail "$1: the password box hides the case" "the case shows behind the box"
	fi
}
# joined TEXT: TEXT is on the screen, a field's wrapped lines joined.
joined() { screen | tr -d ' \n' | grep -qF "$1"; }
wait_for_joined() {
	i=0
	while [ $i -lt 200 ]; do joined "$1" && return 0; sleep 0.05; i=$((i + 1)); done
	return 1
}

start
login yamada "$PASS"
open_case 'いとう' '伊藤 花'
send a
wait_for "第3号様式"
down 8
type_text '本人と電話。家計の相談。'
see "typing in a progress entry" "本人と電話。家計の相談。"
see "idle, the screen locks" "画面をロックしました" 15
dont_see "the person's name is hidden" "伊藤"
send Enter
box_hides "a key at the lock"
resize 100 30
box_hides "after a resize"
resize 80 24
box_hides "after a resize back"
type_slowly "$PASS"
see "typed slowly, every character lands in the password box" \
	"$(printf '%s' "$PASS" | tr -c '' '*')"
send Enter
see "the password typed at a person's pace unlocks" "本人と電話。家計の相談。"

# The editor left open is locked too.
start
login yamada "$PASS"
see "a draft is offered" "入力中だった下書きがあります"
send Enter
see "the draft restored" "本人と電話。家計の相談。"
send C-e
see "Ctrl-E opens the editor with the text" "エディタ: 本人と電話。家計の相談。"
see "idle in the editor, the screen locks" "画面をロックしました" 15
dont_see "the editor's text is hidden" "家計の相談"
send Enter
box_hides "a key at the lock over the editor"
type_text "$PASS"
send Enter
wait_gone "画面をロックしました"
type_text '鍵のあとの一文。'
send Enter
send C-d
see "the editor goes on after the login and ends" "第3号様式"
holds "what it was given and what was typed after the lock come back" \
	joined "本人と電話。家計の相談。鍵のあとの一文。"
holds "the password typed at the lock never reached the editor" \
	sh -c "! { tmux -L '$TMUX_SOCK' capture-pane -p -t md | tr -d ' \n' | grep -qF -- '$PASS'; }"
holds "the editor's files are gone" \
	sh -c "! ls -A '$XDG_DATA_HOME/madoguchi/.edit/' 2>/dev/null | grep -q ."

# Another member of staff logs in at the lock over an editor: the editor
# ends, and what it wrote waits for its owner, whose next login offers it.
start
login yamada "$PASS"
see "the draft is offered again" "入力中だった下書きがあります"
send Enter
see "and restored" "鍵のあとの一文。"
send C-e
see "the editor is open" "エディタ: 本人と電話。家計の相談。鍵のあとの一文。"
type_text '交代の前の一文。'
send Enter
see "idle in the editor, it locks" "画面をロックしました" 15
send u
wait_for "ユーザー名"
type_text kanri
send Enter
wait_for "ユーザー名: kanri"
send Enter
wait_for "Enter: 決定"
type_text 'kanri-pass1'
send Enter
see "the other user starts at their home" "今日の予定"
dont_see "and sees nothing of the first one's" "家計の相談"
holds "what the editor wrote waits on disk, privately" \
	grep -rqF '交代の前の一文。' "$XDG_DATA_HOME/madoguchi/.edit"
start
login yamada "$PASS"
see "its owner's next login offers it" "入力中だった下書きがあります"
send Enter
holds "with what the editor wrote before the other login" \
	wait_for_joined "鍵のあとの一文。交代の前の一文。"
holds "and its file is gone" \
	sh -c "! ls -A '$XDG_DATA_HOME/madoguchi/.edit/' 2>/dev/null | grep -q ."

# The terminal closes (SIGHUP) while the lock holds over an editor: the
# editor is ended, what it wrote is kept as a draft, and its file goes.
DB="$XDG_DATA_HOME/madoguchi/madoguchi.db"
send C-e
see "the editor is open once more" "エディタ: 本人と電話。"
type_text 'ロック中に閉じる前の一文。'
send Enter
see "idle in the editor, it locks once more" "画面をロックしました" 15
kill -HUP "$(pane_pid)"
holds "SIGHUP at the lock over the editor ends the program" exited 10
holds "what the editor wrote is kept as a draft" test "$(sqlite3 "$DB" \
	"SELECT count(*) FROM drafts WHERE data LIKE '%ロック中に閉じる前の一文。%'")" = 1
holds "and the editor's file is gone" \
	sh -c "! ls -A '$XDG_DATA_HOME/madoguchi/.edit/' 2>/dev/null | grep -q ."
done_testing
