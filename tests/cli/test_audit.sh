#!/bin/sh
# The audit log: every view, change and print of a case leaves a row (who,
# what, which case, when); `madoguchi audit` lists them, filtered, or prints
# CSV, for administrators only.
. "$(dirname "$0")/../lib.sh"
PW='admin-pass1
'
T1='tanaka-pass
'
md --stdin "$PW" init --admin kanri
md --stdin "${PW}tanaka-pass
" -u kanri user add tanaka --name '田中 一郎' --role consultant
md --stdin "$T1" -u tanaka case new --name '鈴木 次郎' --kana 'すずき じろう' --birth 'H2.7.7'
expect 0 -- "a case"
md --stdin "$T1" -u tanaka case new --name '山田 花子' --kana 'やまだ はなこ'
md --stdin "$T1" -u tanaka case show 1
md --stdin "$T1" -u tanaka form set 1 reception wishes "家賃の相談"
expect 0 -- "a first revision of case 1's reception"
md --stdin "$T1" -u tanaka form set 1 reception wishes "家賃と就労の相談"
expect 0 -- "a change to case 1"
md --stdin "$T1" -u tanaka export 1 reception -o "$T/r.csv"
expect 0 -- "a print of case 1"

md --stdin "$PW" -u kanri audit --case 1
expect 0 stdout-contains "tanaka(田中 一郎)	閲覧	ケース 1" \
	stdout-contains "tanaka(田中 一郎)	作成	ケース 1	第1号様式 相談申込・受付票 (1) 版 1" \
	stdout-contains "tanaka(田中 一郎)	更新	ケース 1	第1号様式 相談申込・受付票 (1) 版 2" \
	stdout-contains "tanaka(田中 一郎)	出力	ケース 1" \
	stdout-lacks "ケース 2" -- "each view, change and print of case 1 is listed, only case 1's"
holds "rows give the time, in 和暦" grep -q "^令和8年4月1日 10:00:00	tanaka" "$T/out"

md --stdin "$PW" -u kanri audit --user kanri
expect 0 stdout-contains "kanri(kanri)	職員の登録" stdout-lacks "tanaka(" -- "--user lists one member of staff's rows"
md --stdin "$PW" -u kanri audit --since R8.4.2
expect 0 stdout-contains "該当する記録はありません" -- "--since a later day finds none"
md --stdin "$PW" -u kanri audit --since 2026-04-01 --case 2
expect 0 stdout-contains "作成	ケース 2" stdout-lacks "ケース 1" -- "--since and --case together"

md --stdin "$PW" -u kanri audit --csv -o "$T/audit.csv" --encoding utf8
expect 0 stdout-contains "出力しました: $T/audit.csv" -- "--csv prints a file"
holds "the CSV has the header and the rows" sh -c "grep -q '^\"番号\",\"日時\",\"ユーザー名\",\"氏名\",\"操作\",\"ケース番号\",\"本人番号\",\"内容\"' '$T/audit.csv' && grep -q '\"tanaka\",\"田中 一郎\",\"出力\",\"1\"' '$T/audit.csv'"
holds "the CSV is 0600" test "$(stat -c %a "$T/audit.csv")" = 600
md --stdin "$PW" -u kanri audit --csv -o "$T/audit.csv"
expect 1 stderr-contains "すでにあります" -- "an existing file is kept without --force"

md --stdin "$T1" -u tanaka audit
expect 3 stderr-is "madoguchi: 監査記録の閲覧は管理者だけが行えます" -- "a consultant is refused"
md --stdin "$PW" -u kanri audit --user tanaka
expect 0 stdout-contains "tanaka(田中 一郎)	権限のない操作		監査記録の閲覧" -- "and the refusal is itself in the log"

md --stdin "$PW" -u kanri audit --since 令和0年1月1日
expect 2 stderr-contains "madoguchi: --since: " -- "a bad date is a usage error"
md --stdin "$PW" -u kanri audit --user nobody
expect 1 stderr-contains "nobody" -- "an unknown user is named"
md --stdin "$PW" -u kanri audit --case x1
expect 2 stderr-contains "ケース番号 x1 が正しくありません" -- "a bad case number"
md --stdin "$PW" -u kanri audit -o x.csv
expect 2 stderr-contains "-o、--encoding、--force は --csv と使います" -- "-o without --csv"
md -u kanri audit extra
expect 2 stderr-contains "余分な引数 extra があります" -- "an extra argument"
done_testing
