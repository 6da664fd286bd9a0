#!/bin/sh
# Nothing typed into a contact (相談票, 000 第3条(1)) is lost: the program
# killed (kill -9) while a new contact is typed; the next login offers its
# draft, and so does the contact screen when it opens again; restored, the
# text is there and saving clears the draft. A saved contact changed and
# left behind the same way is offered back when it opens; throwing the
# draft away (asked twice) and leaving with d clear it too; a terminal
# closed (SIGHUP) keeps what is typed at once.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
setup_case 1
DB="$XDG_DATA_HOME/madoguchi/madoguchi.db"
# contact_drafted TEXT: until a contact draft holds TEXT (tmux.sh).
contact_drafted() { drafted "$1" contact_drafts; }
contact_drafts() { sqlite3 "$DB" 'SELECT count(*) FROM contact_drafts'; }

start
login tanaka tanaka-pass
send c
see "c opens a new 相談票" "相談票(新規)"
# 日付, 時刻, then 相談方法: 2 is 電話; 本人の特徴 five fields below.
down 2
send 2
see "the channel chosen" "電話"
down 5
type_text '50代くらいの女性 家賃の相談'
see "the description shows as typed" "50代くらいの女性 家賃の相談"
holds "the autosave keeps it as a draft of the new contact" contact_drafted '家賃の相談'
holds "a draft is no contact: nothing saved" test "$(sqlite3 "$DB" 'SELECT count(*) FROM contacts')" = 0
holds "and no audit row for it" test "$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE action LIKE '%contact%'")" = 0
kill -9 "$(pane_pid)"
exited 5
pass "the program was killed while the contact was being typed"

# The next login offers it among the drafts; not restored there, it stays.
start
login tanaka tanaka-pass
see "the next login offers the draft" "入力中だった下書きがあります"
see "naming the new contact and who it is about" "相談票(新規) 50代くらいの女性 家賃の相談"
send 2
wait_gone "入力中だった下書きがあります"
holds "not restored, the draft stays" test "$(contact_drafts)" = 1

# Opening a new contact offers it back (restore is the answer on Enter).
send c
see "a new contact offers the draft back" "入力中だった新しい相談票の下書き"
send Enter
see "restored: the text typed before the kill" "50代くらいの女性 家賃の相談"
see "and the channel chosen" "電話"
see "said on the message line" "下書きを復元しました"
send F1
see_paging "F1 on the contact screen tells of its draft" "次にこの相談票を開いたとき(新規なら c)と次のログインで復元を聞きます"
send q
see "the help closes on the contact" "相談票(新規)"
# The cursor is back on 本人の特徴; then 年代 (5: 50代), 相談内容 and 対応
# (1: 情報提供).
send Down
send 5
down 2
send 1
send F2
see "saved" "相談票 1 を保存しました"
holds "with what was typed before the kill" \
	test "$(sqlite3 "$DB" "SELECT description FROM contacts WHERE id = 1")" = '50代くらいの女性 家賃の相談'
holds "saving clears the draft" test "$(contact_drafts)" = 0

# A saved contact changed, then the program killed: offered on opening.
# From 対応 to メモ: 担当職員, 事業所, メモ.
down 3
type_text '大家と話し合い中'
holds "the change is kept as a draft of contact 1" contact_drafted '大家と話し合い中'
kill -9 "$(pane_pid)"
exited 5
start
login tanaka tanaka-pass
see "the login offers it, by its number" "相談票 1 50代くらいの女性"
send Escape
wait_gone "入力中だった下書きがあります"
send l
see "the contacts list" "相談一覧"
send Enter
see "opening the contact offers its draft" "相談票 1 には保存していない下書き"
send n
see "throwing it away is asked again" "破棄します"
send y
see "the contact as saved opens" "相談票 1  保存済み"
dont_see "without the typing thrown away" "大家と話し合い中"
holds "the draft is gone" test "$(contact_drafts)" = 0

# Leaving with typed text and d (asked again) clears the draft as well.
down 13
type_text '電話で再度連絡'
holds "kept as a draft" contact_drafted '電話で再度連絡'
send F10
see "leaving with changes asks" "保存されていない変更があります"
send d
see "d is asked again, naming the draft" "この相談票の変更と下書き"
send y
see "back on the contacts list" "相談一覧"
holds "the draft is gone" test "$(contact_drafts)" = 0
holds "and the contact unchanged" test "$(sqlite3 "$DB" "SELECT note FROM contacts WHERE id = 1")" = ''
send F10
quit_home
exited 5

# The terminal closed (SIGHUP) long before the next autosave: what is
# typed is kept as the program ends.
printf '[drafts]\nautosave_seconds = 600\n' >"$XDG_CONFIG_HOME/madoguchi/madoguchi.ini"
start
login tanaka tanaka-pass
send c
see "a new 相談票" "相談票(新規)"
down 7
type_text '電話番号を確認中'
see "typed" "電話番号を確認中"
holds "no autosave yet" test "$(contact_drafts)" = 0
kill -HUP "$(pane_pid)"
exited 5
pass "the terminal closed while the contact was being typed"
holds "what was typed is kept as its draft" contact_drafted '電話番号を確認中'
done_testing
