#!/bin/sh
# 今日の予定 lists the appointments (issue 15, finding 8): the 次回予定日 of a
# case's latest progress entry that names one, in 和暦, beside evaluations
# and follow-ups, overdue once its day has passed with no entry on or after
# it; an entry naming another day replaces it.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
setup_case 60
t() { printf 'tanaka-pass\n' | "$MADOGUCHI" -u tanaka "$@" >/dev/null 2>&1 ||
	echo "setup failed: $*" >&2; }
t form set 1 progress entry_date R8.3.30 content '来所。家賃の相談' next_on R8.4.10 --new
t case new --name '佐藤 二郎' --kana 'さとう じろう'
t form set 2 progress entry_date R8.3.15 content '電話' next_on R8.3.25 --new

start
login tanaka tanaka-pass
see "the section names appointments" "評価・フォローアップ・次回予定"
see "an appointment in 和暦, with the case" "R8.4.10 次回予定  ケース 1  鈴木 一郎(すずき いちろう)  担当 田中 一郎"
see "a missed one is overdue" "R8.3.25 期限超過 次回予定  ケース 2  佐藤 二郎"
send Down
send Enter
see "Enter opens the case of the appointment" "ケース 1  鈴木 一郎"

# A new entry naming another day replaces the appointment.
send a
wait_for "第3号様式 支援経過記録シート"
down 8
type_text '電話で日程を変更'
send C-g
wait_for "移る項目"
type_text '次回予定日'
send Enter
type_text 'R8.4.14'
send F2
wait_for "保存しました"
send F10
wait_for "ケース 1  鈴木 一郎"
send F10
see "back home, the new day is listed" "R8.4.14 次回予定  ケース 1"
dont_see "and the old one is not" "R8.4.10 次回予定"

md --stdin 'tanaka-pass
' -u tanaka due --days 14
expect 0 stdout-contains "令和8年4月14日	次回予定	1	鈴木 一郎" -- "madoguchi due lists it too"

done_testing
