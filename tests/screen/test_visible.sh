#!/bin/sh
# The screens show what a terminal would obey or not draw as escapes (issue
# 13, findings 2 and 7): a name holding ESC and U+202E (old data) and a note
# holding U+202E are drawn as \x1b and \u202e in every place they appear,
# and the columns after them stay where they belong.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
setup_case 60
RLO=$(printf '\342\200\256') # U+202E RIGHT-TO-LEFT OVERRIDE
run --stdin 'tanaka-pass
' "$MADOGUCHI" -u tanaka form set 1 reception wishes "家賃${RLO}の相談
次の行"
expect 0 -- "fixture: a note holding U+202E on 第1号様式"
run --stdin 'tanaka-pass
' "$MADOGUCHI" -u tanaka form set 1 progress entry_date R8.4.1 content "滞納${RLO}の件"
expect 0 -- "fixture: a progress entry holding U+202E"
# A name from before names refused these characters.
sqlite3 "$DB" "UPDATE persons SET name = '鈴木' || char(27) || '[2J' || char(8238) || '一郎' WHERE id = 1" </dev/null
NAME='鈴木\x1b[2J\u202e一郎'

# raw_free DESCRIPTION: the screen holds no ESC, U+202E or other bidi or
# zero-width character.
raw_free() {
	screen >"$T/screen"
	if LC_ALL=C grep -qP '\x1b|\xe2\x80[\x8b-\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]' "$T/screen"; then
		cp "$T/screen" "$T/out"; : >"$T/err"
		fail "$1" "the screen holds a raw control or bidi character"
	else
		pass "$1"
	fi
}

start
login tanaka tanaka-pass
see "home: the recent case's name with its escapes" "ケース 1  ${NAME}(すずき いちろう)"
raw_free "home draws no raw control or bidi character"

send /
wait_for "検索:"
type_text 'すずき'
# The name's column is 14 wide: 鈴木 and \x1b[2J take 11, and \u202e would
# not fit; the kana column starts where it does on every row.
see "case list: the name cut to its column, an escape never halved" '      1 鈴木\x1b[2J…  すずき いちろ…'
raw_free "the case list draws no raw control or bidi character"
send Enter
see "case: the header shows the name's escapes" "ケース 1  ${NAME}(すずき い…  支援中: 相談受付"
raw_free "the case screen draws no raw control or bidi character"

# 第1号様式: the name in its field, the note in its text box.
send Home
down 18
send Enter
see "the reception form opens" "第1号様式 相談申込・受付票  ケース 1"
see "form: the name field shows the escapes" "$NAME"
send C-g
wait_for "移る項目"
type_text 'ご相談されたいこと'
send Enter
see "form: the note shows U+202E as \\u202e" '家賃\u202eの相談'
see "form: the note keeps its line break" '次の行'
raw_free "the form draws no raw control or bidi character"
# The escape is one character of the text: the cursor steps over it and
# Delete takes it away whole.
send Up
send Home
send Right
send Right
send DC
see "form: Delete after 家賃 removes U+202E alone" '家賃の相談'
send F10
wait_for "保存されていない変更があります"
send d
wait_for "次のものを破棄します"
send y
wait_for "ケース 1  ${NAME}"
send F10
wait_for "今日の予定"
send F4
wait_for "探す言葉"
send C-u
type_text '滞納'
see "entries search: the excerpt shows U+202E as \\u202e" '滞納\u202eの件'
raw_free "the search of entries draws no raw control or bidi character"
send F10
done_testing
