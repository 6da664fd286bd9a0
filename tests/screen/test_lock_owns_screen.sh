#!/bin/sh
# The idle lock holds (issue 13, finding 5). It owns the whole screen:
# nothing of the case it hides is drawn until someone logs in, not in the
# password box, not after a resize. It never locks again inside itself, so
# a password typed at a person's pace lands in the password box and
# unlocks.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
setup_users
# 23 characters: about 3.5 s at a person's pace, longer than the idle time.
PASS='a-slow-typists-password'
printf 'kanri-pass1\n%s\n' "$PASS" | "$MADOGUCHI" -u kanri user add yamada \
	--name '山田 三郎' --role consultant >/dev/null
printf '%s\n' "$PASS" | "$MADOGUCHI" -u yamada case new --name '伊藤 花' \
	--kana 'いとう はな' >/dev/null
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

done_testing
