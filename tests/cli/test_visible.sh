#!/bin/sh
# What the commands print is shown, never obeyed (issue 13, findings 2 and 7):
# control, bidi and zero-width characters in stored or typed text reach the
# terminal as visible escapes (\x1b, \r, \u202e), whatever the command; names
# refuse them on input.
. "$(dirname "$0")/../lib.sh"
DB="$XDG_DATA_HOME/madoguchi/madoguchi.db"
A='admin-pass1
'
C='tanaka-pass1
'
ESC=$(printf '\033')
RLO=$(printf '\342\200\256') # U+202E RIGHT-TO-LEFT OVERRIDE
ZWSP=$(printf '\342\200\213') # U+200B ZERO WIDTH SPACE

# shown FILE DESCRIPTION: passes when FILE holds no byte a terminal would act
# on or not draw (tab and line feed apart): C0 controls, DEL, C1, bidi
# controls, zero-width and format characters.
shown() {
	if LC_ALL=C grep -qP '[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xc2\xad|\xd8\x9c|\xe2\x80[\x8b-\x8f\xa8-\xae]|\xe2\x81[\xa0-\xa4\xa6-\xaf]|\xef\xbb\xbf' "$1"; then
		fail "$2" "raw bytes: $(LC_ALL=C grep -naP '[\x00-\x08\x0b-\x1f\x7f]|\xe2\x80[\x8b-\x8f\xa8-\xae]' "$1" | od -c | head -5)"
	else
		pass "$2"
	fi
}

md --stdin "$A" init --admin kanri --name '管理 花子'
expect 0 -- "fixture: init"
md --stdin "${A}${C}" -u kanri user add tanaka --name '田中 一郎' --role consultant
expect 0 -- "fixture: a consultant"
md --stdin "$C" -u tanaka case new --name '鈴木 次郎' --kana 'すずき じろう'
expect 0 -- "fixture: case 1"

echo "# the audit attack: a file name that would hide the rows above it"
md --stdin "$C" -u tanaka case show 1
expect 0 -- "the consultant reads case 1"
NAME="x$(printf '\r\033[2K\033[1A').csv"
md --stdin "$C" -u tanaka export 1 reception -o "$T/$NAME"
expect 0 stdout-contains "出力しました: $T/x\\r\\x1b[2K\\x1b[1A.csv" -- "export names the file it wrote, visibly"
shown "$T/out" "export prints no raw control character"
md --stdin "$A" -u kanri audit --case 1
expect 0 stdout-contains "x\\r\\x1b[2K\\x1b[1A.csv" \
	stdout-contains "tanaka(田中 一郎)	閲覧	ケース 1" -- "audit shows the file name's escapes and the rows before it"
shown "$T/out" "audit prints no raw CR or ESC"
holds "the audit row itself keeps the name as it was" \
	sh -c "sqlite3 '$DB' \"SELECT count(*) FROM audit_log WHERE detail LIKE '%' || char(13, 27) || '[2K%'\" </dev/null | grep -qx 1"

echo "# free text keeps what a name refuses, and shows it"
md --stdin "$C" -u tanaka form set 1 reception wishes "家賃${RLO}の相談
二行目"
expect 0 -- "a note may hold U+202E and a line break"
md --stdin "$C" -u tanaka form show 1 reception
expect 0 stdout-contains "[wishes]	家賃\\u202eの相談\\n二行目" -- "form show: the note on its one line, U+202E and the line break as escapes"
shown "$T/out" "form show prints no raw bidi control"

echo "# old data holding ESC and U+202E (written into the file directly)"
sqlite3 "$DB" "
UPDATE persons SET name = '鈴木' || char(27) || '[2J' || char(8238) || '次郎' WHERE id = 1;
UPDATE users SET display_name = '田中' || char(27, 91, 49, 65) || char(8203) || '一郎' WHERE login = 'tanaka';
INSERT INTO agencies (name, kind, phone, address) VALUES
  ('区役所' || char(27) || '[2K' || char(8238), '行政' || char(13), '', char(8294) || '港区');
" </dev/null
V_NAME='鈴木\x1b[2J\u202e次郎'
V_STAFF='田中\x1b[1A\u200b一郎'
md --stdin "$C" -u tanaka case show 1
expect 0 stdout-contains "氏名: $V_NAME(すずき じろう)" stdout-contains "担当: $V_STAFF" -- "case show: name and staff visibly"
shown "$T/out" "case show prints no raw control or bidi character"
md --stdin "$C" -u tanaka form show 1 reception
expect 0 stdout-contains "[name]	$V_NAME" -- "form show: the name visibly"
shown "$T/out" "form show prints no raw control character"
md --stdin "$C" -u tanaka form history 1 reception
expect 0 stdout-contains "$V_STAFF" -- "form history: who saved, visibly"
shown "$T/out" "form history prints no raw control character"
md --stdin "$C" -u tanaka agency list
expect 0 stdout-contains '区役所\x1b[2K\u202e	行政\r		\u2066港区' -- "agency list: each column visibly"
shown "$T/out" "agency list prints no raw control character"
md --stdin "$A" -u kanri user list
expect 0 stdout-contains "tanaka	$V_STAFF	相談支援員" -- "user list: the display name visibly"
shown "$T/out" "user list prints no raw control character"
md --stdin "$A" -u kanri audit --case 1
expect 0 stdout-contains "tanaka($V_STAFF)" -- "audit: the display name visibly"
shown "$T/out" "audit prints no raw control character"
md --stdin "$C" -u tanaka list --csv -o "$T/$NAME.list"
expect 0 stdout-contains "出力しました: $T/x\\r\\x1b[2K\\x1b[1A.csv.list" -- "list names its file visibly"
shown "$T/out" "list prints no raw control character"

echo "# messages that quote what was typed"
md --stdin "$C" -u tanaka export 1 "様式${ESC}[2J${RLO}"
expect 1 stderr-is 'madoguchi: 様式「様式\x1b[2J\u202e」はありません(madoguchi forms で一覧を表示します)' -- "an unknown form is quoted visibly"
md --stdin "$C" -u tanaka case show "1${ESC}[2K"
expect 2 stderr-contains 'ケース番号 1\x1b[2K が正しくありません' -- "a usage error quotes the argument visibly"
md -d "$T/no${ESC}[1Adb/x.db" check
expect 1 stderr-contains "$T/no\\x1b[1Adb" -- "a core error quotes the path visibly"
shown "$T/err" "no raw control character on standard error"
md -u "kanri${ESC}[2K" audit
expect 3 stderr-contains 'kanri\x1b[2K のパスワードを標準入力から読めませんでした' -- "a login name is quoted visibly"
md "x${ESC}[2J"
expect 2 stderr-contains '不明なコマンド x\x1b[2J です' -- "an unknown command is quoted visibly"

echo "# names refuse bidi controls and zero-width characters"
persons() { sqlite3 "$DB" 'SELECT count(*) FROM persons' </dev/null; }
before=$(persons)
md --stdin "$C" -u tanaka case new --name "鈴木${RLO}次郎" --kana すずき
expect 1 stderr-is "madoguchi: 氏名: 文字の向きを変える制御文字(U+202E)は入力できません" -- "case new: a name with U+202E is refused"
md --stdin "$C" -u tanaka case new --name "鈴木${ZWSP}次郎" --kana すずき
expect 1 stderr-is "madoguchi: 氏名: 目に見えない文字(U+200B)は入力できません" -- "case new: a name with U+200B is refused"
md --stdin "$C" -u tanaka case new --name 鈴木 --kana "すず${ZWSP}き"
expect 1 stderr-is "madoguchi: ふりがな: 目に見えない文字(U+200B)は入力できません" -- "case new: a kana with U+200B is refused"
holds "no person was stored" test "$(persons)" = "$before"
md --stdin "${A}ito-pass1
" -u kanri user add ito --name "伊藤$(printf '\342\201\247')" --role chief
expect 1 stderr-is "madoguchi: 氏名: 文字の向きを変える制御文字(U+2067)は入力できません" -- "user add: a display name with U+2067 is refused"
md --stdin "$A" -u kanri agency add "区役所$(printf '\357\273\277')"
expect 1 stderr-is "madoguchi: 関係機関の名称: 目に見えない文字(U+FEFF)は入力できません" -- "agency add: a name with U+FEFF is refused"
printf '名称,種別,電話,住所\n相談所,行政,03-0000-0000,港区%s\n' "$RLO" >"$T/agencies.csv"
md --stdin "$A" -u kanri agency import "$T/agencies.csv"
expect 1 stderr-is "madoguchi: $T/agencies.csv:2: 関係機関の住所: 文字の向きを変える制御文字(U+202E)は入力できません" -- "agency import: a cell with U+202E is refused, naming line and column"

echo "# no command prints past the one visible printer"
raw=$(grep -nE '(^|[^_[:alnum:]])(printf|fprintf|vprintf|vfprintf|puts|fputs|putchar|fputc|putc|fwrite|perror|dprintf)\(' \
	"$TOP"/src/cli/*.c "$TOP"/src/tui/*.c |
	grep -v -e '^[^:]*/src/cli/cli\.c:' -e '^[^:]*/src/tui/trace\.c:')
if [ -z "$raw" ]; then
	pass "src/cli and src/tui print only through cli_printf, cli_error and the screen"
else
	fail "src/cli and src/tui print only through cli_printf, cli_error and the screen" "$raw"
fi
done_testing
