#!/bin/sh
# The referral dialog (つなぎ, 000 第3条(1)ア) at 80×24: a refused referral
# — no agency, no hand-over method, an appointment before the contact —
# says in Japanese which field is wrong, asks again from it and keeps every
# answer as typed; an agency the catalogue lacks is added as 仮登録 from
# the dialog and used at once, then confirmed by the administrator
# (`agency confirm`) and shown so on the contact screen.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
setup_case 60
DB="$XDG_DATA_HOME/madoguchi/madoguchi.db"
as tanaka tanaka-pass contact add --channel 来所 --time 10:00 --response 他機関紹介・取次ぎ \
	--description '仕事を探している女性' --age 30代 --note '子ども食堂も紹介したい'
referrals() { sqlite3 "$DB" 'SELECT count(*) FROM referrals'; }

start
login tanaka tanaka-pass
send l
wait_for "相談一覧"
send Enter
see "the contact opens" "相談票 1  保存済み"
# Below the fields: つなぎ, then ケースにする (the last).
down 30
send Up
send Enter
see "the referral asks the agency first" "つなぎ先の関係機関"

# No agency: every other answer typed, then the method given up (Esc).
send Enter
wait_for "窓口(空なら"
type_text '総合相談窓口'
send Enter
wait_for "担当者"
type_text '山田'
send Enter
for p in "電話(空なら" "予約日" "予約の時刻" "持ち物" "フォローアップの日" "メモ"; do
	wait_for "$p"
	send Enter
done
see "the hand-over methods are offered" "電話で取次ぎ"
send Escape
see "no agency: refused, naming the agency" "つなぎ先(関係機関)を入力してください"
see "no method: refused, naming the method" "つなぎ方(電話で取次ぎ・同行など)を選ん"
see "asked again from the first field at fault" "つなぎ先の関係機関"
holds "nothing stored" test "$(referrals)" = 0

# The agency now; the answers typed before are still there.
type_text 'ハローワーク'
send Enter
see "the 窓口 typed is kept" "総合相談窓口"
send Enter
see "the 担当者 typed is kept" "山田"
send Enter
wait_for "電話(空なら"
send Enter
# An appointment before the day of the contact (R8.4.1 10:00).
wait_for "予約日"
type_text 'R8.3.31'
send Enter
wait_for "予約の時刻"
type_text '14:00'
send Enter
for p in "持ち物" "フォローアップの日" "メモ"; do
	wait_for "$p"
	send Enter
done
see "the methods again" "案内のみ"
send 1
see "an appointment before the contact: refused, naming the field" \
	"予約日時は相談を受けた日時より前にできません"
see "asked again at the appointment's day" "予約日(例"
see "with the day typed kept" "R8.3.31"
holds "nothing stored" test "$(referrals)" = 0
send C-u
type_text 'R8.4.3'
send Enter
see "the time typed is kept" "14:00"
send Enter
for p in "持ち物" "フォローアップの日" "メモ"; do
	wait_for "$p"
	send Enter
done
see "the method chosen is offered again" "つなぎ方"
send Enter
see "recorded once put right" "つなぎ 1 を記録しました"
send n
see "listed on the contact" "ハローワーク(公共職業安定所) 総合相談窓口(電話で取次ぎ)"
holds "with the answers typed before the refusals" \
	test "$(sqlite3 "$DB" "SELECT desk || '|' || person_in_charge || '|' || appointment_on || ' ' || appointment_time FROM referrals WHERE id = 1")" = '総合相談窓口|山田|2026-04-03 14:00'

# An agency the catalogue lacks: 仮登録 from the dialog, used at once.
# The cursor stayed on the row of つなぎ.
send Enter
wait_for "つなぎ先の関係機関"
send C-u
type_text 'みなと子ども食堂'
send Enter
for p in "窓口(空なら" "担当者" "電話(空なら" "予約日" "予約の時刻" "持ち物"; do
	wait_for "$p"
	send C-u
	send Enter
done
wait_for "フォローアップの日"
type_text 'R8.4.15'
send Enter
wait_for "メモ"
send Enter
wait_for "案内のみ"
send 3
see "the agency is not in the catalogue: 仮登録 is offered" "一覧にありません。仮登録して使います"
send y
see "its phone is asked" "仮登録: 電話番号"
type_text '03-1111-2222'
send Enter
see "added as 仮登録 and used at once, nothing asked again" \
	"関係機関「みなと子ども食堂」を仮登録し(管理者があとで確認します)、つなぎ 2 を"
send n
see "the referral names its agency as 仮登録" "みなと子ども食堂(仮登録)"
holds "the agency is 仮登録 in the catalogue" \
	test "$(sqlite3 "$DB" "SELECT provisional FROM agencies WHERE name = 'みなと子ども食堂'")" = 1

# The administrator confirms it with the command line; the screen shows it.
md --stdin 'kanri-pass1
' -u kanri agency confirm 'みなと子ども食堂'
expect 0 -- "the administrator confirms the 仮登録 agency (agency confirm)"
md --stdin 'tanaka-pass
' -u tanaka agency list
expect 0 stdout-contains "みなと子ども食堂		03-1111-2222		有効" -- "agency list shows it confirmed"
send F5
wait_gone "みなと子ども食堂(仮登録)"
see "read again, the contact shows the agency confirmed" "みなと子ども食堂 (同行)"
send F10
wait_for "相談一覧"
send F10
quit_home
exited 5
done_testing
