#!/bin/sh
# The case screen and its referrals (つなぎ, 000 第3条(1)ア) at 80×24: t
# refers the case's person to the exact next place and the referral is
# listed on the case screen (agency, 窓口, method, appointment, follow-up
# due); the case closed, Enter on the referral records its follow-up
# (001 第9条(5)イ・(9)エ), which leaves `due` and leaves the case 終結, never
# reopened. A case made from a contact names that contact (its day, channel
# and 相談内容), and Enter opens it.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
setup_case 60
DB="$XDG_DATA_HOME/madoguchi/madoguchi.db"
as tanaka tanaka-pass contact add --channel 電話 --time 09:30 --response 継続支援へ \
	--description '家賃が払えない' --age 40代 --topics '家賃やローンの支払いのこと|債務について'
as tanaka tanaka-pass contact promote 1 --name '佐々木 花子' --kana 'ささき はなこ'
# steps CASE: how many steps the case screen lists before what follows
# them (the workflow's, as `case show` prints them).
steps() {
	printf 'tanaka-pass\n' | "$MADOGUCHI" -u tanaka case show "$1" 2>/dev/null |
		sed -n '/^手順:/,/^様式:/p' | grep -c '^  '
}

start
login tanaka tanaka-pass
open_case 'すずき' '鈴木 一郎'
see "the case screen offers t on its key bar" "tつなぎ"
send t
see "t asks the agency" "つなぎ先の関係機関"
type_text 'サポステ'
send Enter
wait_for "窓口(空なら"
type_text '就労相談'
send Enter
for p in "担当者" "電話(空なら"; do
	wait_for "$p"
	send Enter
done
wait_for "予約日"
type_text 'R8.4.6'
send Enter
wait_for "予約の時刻"
type_text '10:30'
send Enter
wait_for "持ち物"
send Enter
wait_for "フォローアップの日"
type_text 'R8.4.10'
send Enter
wait_for "メモ"
send Enter
wait_for "案内のみ"
send 3
see "recorded" "つなぎ 1 を記録しました"
send n
see "the case lists its referrals under つなぎ" "つなぎ(t で記録、Enter でフォローアップの結果)"
see "the agency, 窓口 and method" "地域若者サポートステーション 就労相談(同行)"
see "the follow-up due, whole at the line's end" "フォロー予定 R8.4.10"
see "the one selected in full below: the appointment" "予約: R8.4.6 10:30"
holds "the referral belongs to the case" \
	test "$(sqlite3 "$DB" "SELECT case_id FROM referrals WHERE id = 1")" = 1

# The case closed meanwhile (情報提供のみで終了 closes it).
as tanaka tanaka-pass step 1 triage --outcome 情報提供のみで終了
send F5
see "read again, the case is 終結" "終結: 振り分け"
export MADOGUCHI_NOW='2026-04-10 10:00:00'
md --stdin 'tanaka-pass
' -u tanaka due
expect 0 stdout-contains "つなぎ 1 地域若者サポートステーション" -- "its follow-up is due"
export MADOGUCHI_NOW='2026-04-01 10:00:00'

# Enter on the referral (still selected): its follow-up, on the closed case.
send Enter
see "Enter asks the result of the follow-up" "つながった"
send 1
see "and a note" "フォローアップのメモ"
type_text '初回の面談を受けた'
send Enter
see "recorded on the closed case" "フォローアップ(つながった)を記録しました"
see "the referral shows its result" "結果: つながった"
see "the case stays 終結" "終結: 振り分け"
holds "closed in the database, never reopened" \
	test "$(sqlite3 "$DB" "SELECT status FROM cases WHERE id = 1")" = closed
holds "no reopening recorded" \
	test "$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE action = 'reopen'")" = 0
export MADOGUCHI_NOW='2026-04-10 10:00:00'
md --stdin 'tanaka-pass
' -u tanaka due
expect 0 stdout-lacks "つなぎ 1" -- "the follow-up left due"
export MADOGUCHI_NOW='2026-04-01 10:00:00'
md --stdin 'tanaka-pass
' -u tanaka case show 1
expect 0 stdout-contains "状態: 終結" \
	stdout-contains "1 令和8年4月1日 地域若者サポートステーション 就労相談(同行) 予約 令和8年4月6日 10:30 結果 令和8年4月1日 つながった メモ: 初回の面談を受けた" \
	-- "case show lists the referral and its follow-up, the case 終結"

# A case made from a contact names it; Enter opens it.
send F10
wait_for "支援ケース一覧"
send F10
wait_for "今日の予定"
open_case 'ささき' '佐々木 花子' 2
n=$(steps 2)
send Home
down "$n"
see "the contact the case came from" "もとの相談票(Enter で開く)"
see "its day, time, channel and 相談内容" "相談票 1  R8.4.1 09:30  電話  家賃やローンの支払いのこと、債務について"
send Enter
see "Enter opens the contact" "相談票 1  保存済み"
send F10
see "back on the case" "ケース 2  佐々木 花子"
send F1
see_paging "F1 on the case screen tells of the contact and the referrals" \
	"つなぎの行で Enter を押すとフォローアップの結果を記録し(終結したケースも終結のまま)"
send q
see "the help closes" "ケース 2  佐々木 花子"
send F10
wait_for "支援ケース一覧"
send F10
wait_for "今日の予定"
quit_home
exited 5
done_testing
