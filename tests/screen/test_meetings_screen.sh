#!/bin/sh
# Meetings on the screens (issue 19) at 80×24. A 支援会議 records a person
# who has not consented, on its legal basis (000 第3条(2)イ, 003 §6, 004
# 別紙③: 社会福祉法第106条の6); the same person is refused at a 支援調整会議
# with the rule quoted (003 §6: 本人同意 必要), and what was typed stays. An
# attendee without the acknowledgement of secrecy is refused where the type
# requires it (004 別紙③ 守秘義務), the name kept. A 役割分担 refused without
# its date keeps what was typed; recorded, it shows on 今日の予定 and is
# marked done there, asked first. The minutes (F9) leave out the person
# discussed on the law until the reader has acknowledged secrecy at the
# meeting. The person's 提供記録 lists the meeting; consent is withdrawn
# from there, asked first, a note required.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
setup_case 60
DB="$XDG_DATA_HOME/madoguchi/madoguchi.db"
count() { sqlite3 "$DB" "SELECT count(*) FROM $1"; }

start
login tanaka tanaka-pass
see "home offers the meetings on its key bar" "m会議"
send m
see "m opens the meetings list" "(会議はありません。n で記録します)"
send n
see "n opens a new meeting" "会議(新規)"
see "held today unless changed, read back in 和暦" "R8.4.1  (令和8年4月1日)"

# Saved without a type: refused naming the field, nothing stored.
send F2
see "a meeting without a type is refused naming the field" "という会議はありません"
holds "nothing is stored" test "$(count meetings)" = 0

# 支援会議 (the 2nd type of forms/meetings.ini): its basis must be chosen.
send Enter
see "the types are the definitions', with their rules" "支援会議  本人の同意: 不要(法的根拠)  守秘義務の確認: 必要"
send 2
send F2
see "a 支援会議 without its basis is refused naming the field (000 第3条(2)イ)" "支援会議の法的根拠を選んでください"
see "and the type chosen stays" "支援会議  本人の同意: 不要"
holds "still nothing stored" test "$(count meetings)" = 0
send Enter
see "the bases are the type's" "生活困窮者自立支援法第9条"
send 1
send F2
see "the 支援会議 is recorded" "会議 1 を記録しました"
see "its rows are offered" "▶ 出席者を加える"

# An agency's member without secrecy acknowledged: refused with the rule
# (004 別紙③), the name and agency kept and the question asked again.
# The focus is on 根拠 (the 2nd field); the rows follow the 11 fields.
down 10
send Enter
wait_for "関係機関の出席者(氏名と機関を入力)"
send 2
wait_for "出席者の氏名"
type_text '山田 花子'
send Enter
wait_for "出席者の所属機関"
type_text '社会福祉協議会'
send Enter
see "secrecy is asked, quoting the type's rule" "山田 花子 さんは守秘義務を確認しましたか"
send n
see "refused without secrecy, naming the field" "守秘義務: この出席者は守秘義務を確認していません"
see "the rule is quoted" "「支援会議の構成"
see "and the name typed is kept for the question asked again" "山田 花子 さんは守秘義務を確認しましたか"
holds "no attendee is stored" test "$(count meeting_attendees)" = 0
send y
see "acknowledged, the attendee is recorded" "出席者 山田 花子 を記録しました"
see "listed with the agency and the acknowledgement" "山田 花子(社会福祉協議会)  守秘義務確認済み"

# The person who has not consented: found by ふりがな, recorded on the
# law (003 §6: 支援会議 本人同意 なくても可).
send Down
send Enter
wait_for "検討した本人を探す"
type_text 'すずき'
send Enter
see "registered persons are found by ふりがな" "鈴木 一郎(すずき いちろう) 本人 1"
send Enter
wait_for "メモ(なければ"
type_text '家賃の滞納が続いている'
send Enter
see "recording a person discussed asks first (a disclosure is not taken back)" "鈴木 一郎 さん(本人 1)を、この会議で検討した"
send y
see "the person without consent is recorded at the 支援会議" "本人 1 を検討した本人に加え"
see "on the legal basis" "根拠: 社会福祉法第106条の6"
holds "stored on the law, not consent" \
	test "$(sqlite3 "$DB" "SELECT basis FROM meeting_persons WHERE meeting_id = 1")" = law

# A 役割分担 without its date: refused naming 期限, asked again from it,
# what and who kept.
send Down
send Enter
wait_for "役割分担: 何をするか"
type_text '家計の見直し'
send Enter
wait_for "担当(関係機関"
type_text '社会福祉協議会'
send Enter
wait_for "期限(例"
send Enter
see "a task without a date is refused naming 期限" "期限: 役割分担には、いつまでにするかの日付が必要です"
holds "no task is stored" test "$(count meeting_tasks)" = 0
see "the dialog asks again from 期限" "期限(例: R8.4.30)"
type_text 'R8.4.10'
send Enter
see "the task is recorded" "役割分担 1 を記録しました"
see "listed with its owner and date" "家計の見直し  担当 社会福祉協議会"

# The minutes for the user, who did not attend: the person discussed on
# the law is left out, and what was shared with them.
send F9
see "F9 prints the minutes" "会議録を出力しました"
MIN="$HOME/madoguchi/会議録-1.csv"
holds "the minutes leave out the person the reader may not see" sh -c "! grep -q '鈴木' '$MIN'"
holds "and say one was left out" grep -q '記載しない本人' "$MIN"
# Once the user attends and acknowledges secrecy, the person is printed.
# Up from ▶ 役割分担を加える: the task, ▶ 本人, the person, ▶ 出席者.
down_up=0
while [ $down_up -lt 4 ]; do send Up; down_up=$((down_up + 1)); done
send Enter
wait_for "職員(一覧から選ぶ)"
send 1
see "staff are chosen from the accounts" "田中 一郎(tanaka)"
send 1
see "secrecy asked of the member of staff" "田中 一郎 さんは守秘義務を確認しましたか"
send y
see "the member of staff attends" "出席者 田中 一郎 を記録しました"
send F9
wait_for "会議録を出力しました"
holds "the minutes now name the person for a reader bound to secrecy" grep -q '鈴木 一郎' "$MIN"
# A place and the next date typed, not saved, then the person's 提供記録
# and back: what was typed stays, and F2 saves it as a new revision.
send PPage
send PPage
down 4
type_text '相談室 2'
down 6
type_text 'R8.4.15'
down 4
send Enter
see "Enter on the person opens their 提供記録" "提供記録  鈴木 一郎(本人 1)"
send F10
see "back on the meeting, the place typed stays" "相談室 2"
see "and the next date, read back in 和暦" "R8.4.15  (令和8年4月15日)"
see "marked as changed" "*変更あり"
send F2
see "F2 saves it" "会議 1 を保存しました"
holds "as the meeting's place" test "$(sqlite3 "$DB" 'SELECT place FROM meetings WHERE id = 1')" = '相談室 2'
holds "and its next date" test "$(sqlite3 "$DB" 'SELECT next_on FROM meetings WHERE id = 1')" = 2026-04-15
send F10
see "back on the list, the meeting is listed" "支援会議"

# 支援調整会議: the person without consent is refused, the rule quoted
# (003 §6), the search typed kept.
send n
wait_for "会議(新規)"
send Enter
wait_for "会議の種類"
send 3
# Dated next month as held: refused beside the day, in 和暦; planned, it
# is recorded.
down 2
type_text 'R8.5.1'
send F2
see "a meeting held in the future is refused naming the field" "開催した会議の日(令和8年5月1日)が未来です"
holds "nothing is stored" test "$(count meetings)" = 1
send Down
send Space
see "Space makes it planned" "予定(これから開く)"
send F2
see "a 支援調整会議 is recorded" "会議 2 を記録しました"
holds "as planned" test "$(sqlite3 "$DB" 'SELECT held FROM meetings WHERE id = 2')" = 0
down 9
send Enter
wait_for "検討した本人を探す"
type_text 'すずき'
send Enter
wait_for "鈴木 一郎(すずき いちろう)"
send Enter
wait_for "メモ(なければ"
type_text '就労の相談'
send Enter
wait_for "この会議で検討した"
send y
see "the person without consent is refused at a 支援調整会議" "情報共有に同意していないか"
see "quoting the rule (003 §6)" "支援調整会議は本人の同意が必要です(003 §6: 本人同意 必要)"
holds "nothing is stored for the 支援調整会議" \
	test "$(sqlite3 "$DB" "SELECT count(*) FROM meeting_persons WHERE meeting_id = 2")" = 0
send y
see "what was typed stays: the search asked again as typed" "すずき"
send Escape
wait_gone "検討した本人を探す"
send Enter
wait_for "検討した本人を探す"
see "and again the next time" "すずき"
send Escape
send F10
wait_for "会議一覧"
send F10

# 今日の予定: the dates of meetings as `due` lists them, soonest first: a
# ケース共有会議 held two months ago (002 第7条3: 2か月に1回程度) is due
# again, the 役割分担, the next 支援会議. Enter opens a meeting, d marks a
# task done, asked first.
as tanaka tanaka-pass meeting new --type ケース共有会議 --on R8.2.5
send F5
see "a regular type's next date shows on 今日の予定" "R8.4.5 定例の会議  会議 3 のあと  ケース共有会議(2か月ごと)"
see "the task shows, with its owner" "R8.4.10 役割分担 1  会議 1  家計の見直し(担当 社会福祉協議会)"
see "the next meeting shows" "R8.4.15 次回の会議  会議 1 のあと  支援会議"
send Home
send d
see "d on a row that is no task says so" "完了にする役割分担を選んでください"
send Down
send Enter
see "Enter on the task opens its meeting" "会議 1  支援会議"
send F10
wait_for "今日の予定"
send Home
send Down
send d
see "d asks the day it was done, today filled in" "完了した日"
send Enter
see "then asks, naming the task" "役割分担「家計の見直し(担当 社会福祉協議会)」を"
see "and the day" "R8.4.1 に完了した"
send y
see "the task is done" "の完了を記録しました"
dont_see "and leaves 今日の予定" "役割分担 1  会議 1"
see "the next meeting stays" "次回の会議  会議 1 のあと"
holds "done today" test "$(sqlite3 "$DB" 'SELECT done_on FROM meeting_tasks WHERE id = 1')" = 2026-04-01

# The 提供記録 of the person, from the case screen.
open_case 'すずき' '鈴木 一郎'
see "the case screen offers the 提供記録" "i提供記録"
send i
see "the 提供記録 lists the meeting" "会議 1(支援会議)での情報共有"
see "with its legal basis" "社会福祉法第106条の6"
see "and the minutes printed for the reader" "会議録(会議 1、CSV)"
see "and whether the person consents" "情報共有への同意: なし"

# Consent withdrawn: the day, a note (required), asked first.
send w
wait_for "同意を撤回した日"
send Enter
wait_for "撤回の記録"
send Enter
see "the withdrawal is asked first, naming the day" "R8.4.1 から撤回したこと"
see "and what it stops" "本人の同意が必要な会議"
send y
see "without a note it is refused naming the field" "撤回の記録: いつ、どのように撤回が伝えられたかを書いてください"
see "and the note is asked again" "撤回の記録(本人から"
type_text '電話で本人から'
send Enter
wait_for "から撤回したこと"
send y
see "the withdrawal is recorded" "同意の撤回を記録しました(R8.4.1 から)"
see "and shown" "撤回 R8.4.1 から"
holds "stored once" test "$(count consent_withdrawals)" = 1
send F10
wait_for "ケース 1  鈴木 一郎"
send F10
quit_home
exited 5
done_testing
