#!/bin/sh
# Outreach (把握, 001 第9条(1)) on the contact screen at 80×24, before any
# consent: a visit (訪問相談, 000 第3条(1)イ) to an anonymous person found
# through unpaid bills, saved as an outreach contact with its 発見経路;
# each visit or call attempt and its result recorded from the screen and
# listed there as recorded; a day refused keeps what was typed. No case,
# no 第1号様式, no consent is needed for any of it.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
setup_case 60
DB="$XDG_DATA_HOME/madoguchi/madoguchi.db"
attempts() { sqlite3 "$DB" 'SELECT count(*) FROM outreach_attempts'; }

start
login tanaka tanaka-pass
send c
see "c opens a new 相談票" "相談票(新規)"
# 日付, 時刻, 相談方法 (3: 訪問), 相談の種類 (2: 訪問相談), 訪問の理由 (2),
# 訪問先, 本人番号, 本人の特徴, 年代 (8: 80代以上), 相談内容, 対応 (4:
# 訪問予定), 担当職員, 事業所, メモ, 把握 (Space: はい), 発見経路 (2: 未納の情報).
down 2
send 3
send Down
send 2
send Down
send 2
send Down
type_text '芝一丁目 みなとアパート 2階'
down 2
type_text '高齢の男性 一人暮らし'
send Down
send 8
down 2
send 4
down 4
send Space
send Down
send 2
see "the 発見経路 is one of the definitions'" "未納の情報"
send F2
see "the outreach contact is saved" "相談票 1 を保存しました"
holds "as an outreach contact, anonymous, with no case" \
	test "$(sqlite3 "$DB" "SELECT outreach || '|' || route || '|' || coalesce(person_id, '-') || '|' || coalesce(case_id, '-') FROM contacts WHERE id = 1")" = '1|未納の情報|-|-'
see "saved, the attempts row is offered" "訪問・電話の試み(把握)を記録する"

# Below the fields: つなぎ, then the attempts row.
down 2
send Enter
see "the methods of the definitions" "手紙"
send 1
see "the results of the definitions" "連絡つかず"
send 2
see "the day is asked (empty: today)" "日付(空なら今日)"
type_text 'R8.4.2'
send Enter
wait_for "メモ"
type_text '不在票を置いた'
send Enter
see "a day still to come is refused, naming the day" "今日より"
holds "nothing stored" test "$(attempts)" = 0
see "asked again with the day typed kept" "R8.4.2"
send C-u
send Enter
see "the note typed is kept" "不在票を置いた"
send Enter
see "the attempt is recorded" "試み(訪問・不在)を記録しました"
see "and listed on the contact as recorded" "試み R8.4.1 訪問 不在  不在票を置いた"

# A second attempt, a call that reached nobody.
send Enter
wait_for "手紙"
send 2
wait_for "連絡つかず"
send 4
wait_for "日付(空なら今日)"
send Enter
wait_for "メモ"
send Enter
see "the second attempt is recorded" "試み(電話・連絡つかず)を記録しました"
see "both are listed, oldest first" "試み R8.4.1 電話 連絡つかず"
see "the first still shows" "試み R8.4.1 訪問 不在"
holds "two attempts stored" test "$(attempts)" = 2
holds "001 第9条(1): before any consent: no case, no form, the person unnamed" \
	test "$(sqlite3 "$DB" "SELECT (SELECT count(*) FROM cases) || '|' || (SELECT count(*) FROM form_records f JOIN cases c ON c.id = f.case_id WHERE c.id <> 1) || '|' || (SELECT count(*) FROM persons)")" = '1|0|1'
md --stdin 'tanaka-pass
' -u tanaka contact show 1
expect 0 stdout-contains "発見経路: 未納の情報" \
	stdout-contains "令和8年4月1日 訪問 不在 田中 一郎 不在票を置いた" \
	stdout-contains "令和8年4月1日 電話 連絡つかず 田中 一郎" -- "contact show lists the attempts"
send F10
wait_for "今日の予定"
quit_home
exited 5
done_testing
