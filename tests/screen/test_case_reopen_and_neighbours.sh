#!/bin/sh
# From the case screen (issue 15, finding 8): a chief reopens a closed case
# with the reason (a consultant is told who may); < and > open the case
# before and after it in the list it was opened from.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
setup_users
printf 'kanri-pass1\nsato-pass1\n' | "$MADOGUCHI" -u kanri user add sato \
	--name '佐藤 美咲' --role chief >/dev/null 2>&1
for n in '一郎 いちろう' '二郎 じろう' '三郎 さぶろう'; do
	printf 'tanaka-pass\n' | "$MADOGUCHI" -u tanaka case new --name "鈴木 ${n% *}" \
		--kana "すずき ${n#* }" >/dev/null
done
printf 'tanaka-pass\n' | "$MADOGUCHI" -u tanaka step 1 triage \
	--outcome 情報提供のみで終了 >/dev/null

# The list in case-number order: 1, 2, 3.
start
login tanaka tanaka-pass
send /
wait_for "検索:"
send Down
wait_for "鈴木 三郎"
send Enter
see "case 1 opens, closed" "ケース 1  鈴木 一郎(すずき いちろう)  終結"
screen | tail -n 1 >"$T/bar"
holds "a consultant's key bar has no 再開" sh -c "! grep -qF 'r再開' '$T/bar'"
send r
see "r tells a consultant who may reopen" "終結したケースを再開できるのは主任相談支援員と管理者です"
send '>'
see "> opens the next case of the list" "ケース 2  鈴木 二郎"
send '>'
see "and the next" "ケース 3  鈴木 三郎"
send '>'
see "past the last, it says so" "一覧の最後のケースです"
see "and stays" "ケース 3  鈴木 三郎"
send '<'
see "< opens the case before" "ケース 2  鈴木 二郎"
send r
see "r on an open case says it is not closed" "ケース 2 は終結していません"
send F10
wait_for "支援ケース一覧"
send Enter
see "the list followed: Enter opens case 2" "ケース 2  鈴木 二郎"
send ','
see ", is < too" "ケース 1  鈴木 一郎"
send ','
see "before the first, it says so" "一覧の最初のケースです"
send F10
wait_for "支援ケース一覧"
send F10
wait_for "今日の予定"
# From home: the recent open cases, newest first (3, 2).
send Down
send Enter
wait_for "ケース 2  鈴木 二郎"
send '<'
see "from home, < follows home's list" "ケース 3  鈴木 三郎"
send F10
wait_for "今日の予定"
send F10
exited 5

# The chief reopens case 1 with a reason; an empty one is asked again.
start
login sato sato-pass1
open_case 'すずき いち' '鈴木 一郎'
see "a chief's key bar offers 再開" "r再開"
send r
see "r asks the reason, naming the case" "ケース 1 鈴木 一郎 さんを再開します。理由"
send Enter
see "an empty reason is refused" "再開の理由を入力してください"
see "and asked again" "さんを再開します。理由"
type_text '再び相談に来所'
send Enter
see "the case is reopened" "ケース 1 を再開しました"
see "and shown open" "ケース 1  鈴木 一郎(すずき いちろう)  支援中"
md --stdin 'sato-pass1
' -u sato case show 1
expect 0 stdout-contains "再び相談に来所" -- "the reopening and its reason are recorded"
holds "and audited" test "$(sqlite3 "$XDG_DATA_HOME/madoguchi/madoguchi.db" "SELECT count(*) FROM audit_log WHERE action = 'reopen'")" = 1

done_testing
