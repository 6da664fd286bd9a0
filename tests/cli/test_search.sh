#!/bin/sh
# `madoguchi search` for scripts: the case list's search (case number, 氏名,
# ふりがな, folded as on the screens) and the entries' (words of progress
# entries), case numbers and entry numbers one a line, audited as the
# screens' searches are (issue 14, What to build; DOMAIN.md "Names").
. "$(dirname "$0")/../lib.sh"
PW='admin-pass1
'
T1='tanaka-pass
'

md --stdin "$PW" init --admin kanri
expect 0 -- "init"
md --stdin "${PW}tanaka-pass
" -u kanri user add tanaka --name '田中 一郎' --role consultant
expect 0 -- "a consultant"
for p in '髙橋 花子:たかはし はなこ' 'ﾀﾅｶ 太郎:ﾀﾅｶ ﾀﾛｳ' '田中 次郎:タナカ ジロウ' '佐藤 健:さとう けん'; do
	md --stdin "$T1" -u tanaka case new --name "${p%%:*}" --kana "${p#*:}"
	expect 0 -- "case new ${p%%:*}"
done
i=5
while [ $i -le 12 ]; do
	md --stdin "$T1" -u tanaka case new --name "山田 $i" --kana 'やまだ'
	i=$((i + 1))
done

# lines FILE: the lines of stdout joined by spaces.
lines() { tr '\n' ' ' <"$T/out"; }

md --stdin "$T1" -u tanaka search たなか
expect 0 -- "search たなか"
holds "たなか finds タナカ and ﾀﾅｶ, one number a line" test "$(lines)" = "2 3 "
md --stdin "$T1" -u tanaka search ﾀﾅｶ
holds "ﾀﾅｶ finds the same" test "$(lines)" = "2 3 "
md --stdin "$T1" -u tanaka search 高橋
holds "高橋 finds 髙橋" test "$(lines)" = "1 "
md --stdin "$T1" -u tanaka search はなこ
holds "the start of the given name finds her" test "$(lines)" = "1 "
md --stdin "$T1" -u tanaka search 1
holds "a case number finds the numbers that start with it" test "$(lines)" = "1 10 11 12 "
md --stdin "$T1" -u tanaka search '＃１２'
holds "full-width and # too" test "$(lines)" = "12 "
md --stdin "$T1" -u tanaka search 田中 次郎
holds "words joined as typed on the screen" test "$(lines)" = "3 "

# Closed cases are found unless --open.
md --stdin "$T1" -u tanaka step 4 triage --outcome 情報提供のみで終了
expect 0 -- "case 4 closed"
md --stdin "$T1" -u tanaka search さとう
holds "a closed case is found" test "$(lines)" = "4 "
md --stdin "$T1" -u tanaka search --open さとう
expect 1 stderr-is "madoguchi: 「さとう」に当たるケースはありません" -- "--open leaves it out, and nothing found is status 1"

# Words of progress entries: case and entry number, newest first.
md --stdin "$T1" -u tanaka form set 2 progress entry_date R8.4.2 staff tanaka content '家賃を3か月滞納している。大家と相談。'
expect 0 -- "an entry of case 2"
md --stdin "$T1" -u tanaka form set 3 progress entry_date R8.4.3 staff tanaka content '求職活動を始めた'
expect 0 -- "an entry of case 3"
md --stdin "$T1" -u tanaka form set 2 progress entry_date R8.4.4 staff tanaka content '家賃の支払い計画を立てた'
expect 0 -- "a second entry of case 2"
md --stdin "$T1" -u tanaka search --entries 家賃
expect 0 -- "search --entries 家賃"
holds "each entry with its case, newest first" test "$(lines)" = "$(printf '2\t2 2\t1 ')"
md --stdin "$T1" -u tanaka search --entries 家賃 滞納
holds "every word must be there" test "$(lines)" = "$(printf '2\t1 ')"
md --stdin "$T1" -u tanaka search --entries 求
holds "a word of one character" test "$(lines)" = "$(printf '3\t1 ')"
md --stdin "$T1" -u tanaka form show 2 progress --seq 1
expect 0 stdout-contains "滞納" -- "the entry number is form show's --seq"

# Audited as the screens' searches: a view of the list, never the words.
md --stdin "$PW" -u kanri audit --user tanaka
expect 0 stdout-contains "閲覧		支援ケース一覧の検索" stdout-contains "支援経過の検索(抜粋 1 件)" \
	stdout-lacks "家賃" stdout-lacks "たなか" -- "each search leaves a view in the audit log, not its words"
n=$(grep -c '支援ケース一覧の検索' "$T/out")
holds "a row for each search of cases, found or not (9)" test "$n" -eq 9

done_testing
