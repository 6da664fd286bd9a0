#!/bin/sh
# The forms from the command line: definitions, filling each of the six forms
# of a fixture case, revisions, and printing each to CSV (golden files).
. "$(dirname "$0")/../lib.sh"
GOLDEN="$TOP/tests/golden"
PW='admin-pass1'
mkdir -p "$T/csv"

md --stdin "$PW
" init --admin kanri --name '管理 花子'
expect 0 -- "init"
md --stdin "$PW
tanaka-pass
" -u kanri user add tanaka --name '田中 一郎' --role consultant
expect 0 -- "a consultant"

# The catalogue of agencies shipped in data/agencies.csv came with init.
md --stdin "tanaka-pass
" -u tanaka agency list
expect 0 stdout-contains "福祉事務所(生活保護)	福祉事務所" -- "init loaded the agency catalogue"
printf '名称,種別,電話,住所\n"港区生活・就労支援センター, 相談係",行政,03-0000-0000,港区\n' >"$T/agencies.csv"
md --stdin "$PW
" -u kanri agency import "$T/agencies.csv"
expect 0 stdout-contains "関係機関を 1 件加えました" -- "agency import reads quoted CSV"
printf '名称,種別\n"閉じていない,行政\n' >"$T/bad.csv"
md --stdin "$PW
" -u kanri agency import "$T/bad.csv"
expect 1 stderr-contains "bad.csv:" -- "a broken catalogue names the file and line"
md --stdin "tanaka-pass
" -u tanaka agency add 新しい機関
expect 3 stderr-contains "管理者だけが行えます" -- "only administrators add agencies"

# Definitions.
md forms
expect 0 stdout-contains "第1号様式	相談申込・受付票	reception" stdout-contains "第6号様式	支援提供(変更)通知書	notice" \
	stdout-contains "多機関協働	課題整理・支援方針シート	collab" -- "forms lists the six forms of 001 and the sheet of 004 §5(7)"
md forms check
expect 0 stdout-contains "OK: 7 の様式と 27 の手順の定義に誤りはありません" -- "the shipped forms and workflow pass forms check"
md forms check "$TOP/tests/forms/broken/unknown_type.ini" "$TOP/tests/forms/broken/options_missing.ini"
expect 1 stderr-contains "unknown_type.ini:9: [field.a] の型 texts は使えません" stderr-contains "options_missing.ini:6: [field.a] に選択肢" -- "forms check names every fault with file:line"
md forms check "$TOP/forms/reception.ini"
expect 0 stdout-contains "OK: 1 の定義に誤りはありません" -- "forms check of one good file"

# A fixture case.
pw="tanaka-pass
"
md --stdin "$pw" -u tanaka case new --name '髙橋 花子' --kana 'たかはし はなこ' --birth 'S55.4.1'
expect 0 -- "case new"
holds "case new prints the number alone" test "$(cat "$T/out")" = 1

md --stdin "$pw" -u tanaka form set 1 第1号様式 received_on 'R8.4.1' channel 来所 route 2 \
	sex 女性 postal_code '〒１０５－８５１１' address '東京都港区芝公園1-5-25' phone_mobile '090-1234-5678' \
	topics '住まいについて|家賃やローンの支払いのこと|仕事探し、就職について' topics.primary '家賃やローンの支払いのこと' \
	wishes '家賃を3か月滞納していて、退去を求められている。
仕事を探したい。' work 無職 housing 借家 health_insurance 国民健康保険 pension 未加入 household 単身 \
	applied_on 令和8年4月1日 signed はい consent_share はい
expect 0 stdout-contains "保存しました: 第1号様式 相談申込・受付票(1) 版 1 完了" -- "第1号様式 filled with a 和暦 date, complete"
md --stdin "$pw" -u tanaka form show 1 reception
expect 0 stdout-contains "受付日 [received_on]	令和8年4月1日" stdout-contains "郵便番号 [postal_code]	105-8511" stdout-contains "一番お困りのこと [topics.primary]	家賃やローンの支払いのこと" -- "form show reads back as entered"

md --stdin "$pw" -u tanaka form set 1 reception received_on 令和元年4月30日 address 'ここは保存されない'
expect 1 stderr-contains "受付日: 令和は2019年5月1日からです" -- "a date before 令和 is refused with why"
md --stdin "$pw" -u tanaka form history 1 reception
expect 0 stdout-lacks "	2	" -- "the refused save made no revision"
md --stdin "$pw" -u tanaka form set 1 reception triage 継続支援
expect 1 stderr-contains "振り分け結果 は手順" -- "a workflow field cannot be set from a form"
md --stdin "$pw" -u tanaka form set 1 reception nosuch x
expect 1 stderr-contains "相談申込・受付票 に「nosuch」という項目はありません" -- "an unknown field is named"

md --stdin "$pw" -u tanaka form set 1 intake assessed_on R8.4.8 referral_source 本人 \
	complaint '家賃が払えず、住まいを失いそう。' household_type 単身 \
	family.1.relation 母 family.1.name '髙橋 ハナ' family.1.age 78 family.1.living 別居 \
	housing_type 民間賃貸 rent '６５，０００円' rent_arrears 3 eviction はい eviction_on R8.5.31 \
	income.1.kind 手当 income.1.amount 30000 debts.1.lender 消費者金融 debts.1.balance 500000 debts.1.monthly 15000 \
	employment '無職(求職中)' work_will すぐに働きたい issues '住まい不安定|経済的困窮|多重・過重債務' \
	urgency 早期の対応が必要 summary '住居確保給付金と就労支援を軸に、家計の見直しを行う。'
expect 0 stdout-contains "保存しました: 第2号様式 インテーク・アセスメントシート(1) 版 1 完了" -- "第2号様式 with tables, yen and 和暦"

md --stdin "$pw" -u tanaka form set 1 progress entry_date R8.4.1 entry_time 10:30 minutes 60 method 来所 \
	counterpart 本人 kind 相談支援 content '初回相談。家賃滞納3か月。'
expect 0 stdout-contains "保存しました: 第3号様式 支援経過記録シート(1) 版 1 完了" -- "a first progress entry"
md --stdin "$pw" -u tanaka form set 1 3 entry_date R8.4.8 method 電話 kind "緊急支援(プラン策定前)" \
	content '住居確保給付金の申請を案内した。'
expect 0 stdout-contains "支援経過記録シート(2) 版 1" -- "a second entry is a new record"

md --stdin "$pw" -u tanaka form set 1 plan created_on R8.4.15 goal_long '安定した住まいで働き続ける' \
	policy '住居の確保を優先し、就労準備を並行する' goals.1.issue 家賃滞納 goals.1.short_goal '滞納を解消する' \
	goals.1.support '住居確保給付金の申請' goals.1.in_charge '自立相談支援機関' goals.1.period '3か月' \
	services '(ア) 就労支援員による就労支援|(エ) 住居確保給付金|(ウ) 就労準備支援事業' \
	plan_from R8.5.1 plan_to R8.10.31 agreed_on R8.4.15 signed はい
expect 0 stdout-contains "保存しました: 第4号様式 プラン兼サービス利用申込書(1) 版 1 完了" -- "第4号様式 with goals and services"

md --stdin "$pw" -u tanaka form set 1 evaluation evaluated_on R8.8.1 timing 3か月 \
	achievement.1.short_goal '滞納を解消する' achievement.1.status 一部達成 changes '住まいの確保|就労開始' \
	remaining '家計管理に課題が残る' person_wish 継続したい result 現プランで継続
expect 0 stdout-contains "保存しました: 第5号様式 評価シート(1) 版 1 完了" -- "第5号様式"

md --stdin "$pw" -u tanaka form set 1 notice notice_no '8港保生第1号' notified_on R8.5.1 change_kind 新規 \
	services 就労準備支援事業 period_from R8.5.1 period_to R8.10.31
expect 0 stdout-contains "保存しました: 第6号様式 支援提供(変更)通知書(1) 版 1 完了" -- "第6号様式"

# Revisions, history and the difference between two.
md --stdin "$pw" -u tanaka form set 1 plan policy '住居の確保を最優先し、就労準備を並行する'
expect 0 stdout-contains "版 2" -- "a second revision of the plan"
md --stdin "$pw" -u tanaka form history 1 plan
expect 0 stdout-contains "1	令和8年4月1日 10:00:00	田中 一郎	完了" stdout-contains "2	令和8年4月1日 10:00:00	田中 一郎	完了	支援方針" -- "history lists both revisions and what changed"
md --stdin "$pw" -u tanaka form diff 1 plan 1 2
expect 0 stdout-contains "支援方針 [policy]	住居の確保を優先し、就労準備を並行する	住居の確保を最優先し、就労準備を並行する" -- "diff shows the field before and after"
md --stdin "$pw" -u tanaka form show 1 plan --revision 1
expect 0 stdout-contains "住居の確保を優先し" -- "an earlier revision can be shown"

# Printing: each form to CSV, compared byte for byte with its golden file.
for form in reception intake progress plan evaluation notice; do
	md --stdin "$pw" -u tanaka export 1 "$form" -o "$T/csv/$form.csv"
	expect 0 stdout-contains "出力しました: $T/csv/$form.csv" -- "export $form"
	if [ -n "${MADOGUCHI_UPDATE_GOLDEN:-}" ]; then cp "$T/csv/$form.csv" "$GOLDEN/cli-$form.csv"; fi
	holds "$form prints as its golden CSV" cmp "$T/csv/$form.csv" "$GOLDEN/cli-$form.csv"
	holds "$form CSV is 0600" test "$(stat -c %a "$T/csv/$form.csv")" = 600
done
holds "the CSV starts with a UTF-8 BOM" sh -c "head -c 3 '$T/csv/reception.csv' | od -An -tx1 | grep -q 'ef bb bf'"
md --stdin "$pw" -u tanaka export 1 reception -o "$T/csv/reception.csv"
expect 1 stderr-contains "すでにあります。上書きするには --force" -- "an existing file is not replaced"
md --stdin "$pw" -u tanaka export 1 reception -o "$T/csv/reception.csv" --force
expect 0 -- "--force replaces it"
md --stdin "$pw" -u tanaka export 1 reception -o "$T/csv/sjis.csv" --encoding cp932
expect 0 -- "export in CP932"
holds "CP932 has 髙 as FB FC" sh -c "od -An -tx1 '$T/csv/sjis.csv' | tr -d '\n' | grep -q 'fb fc 8b b4'"
md --stdin "$pw" -u tanaka form set 1 3 --seq 1 content '𠮷野家の店長に相談した。'
expect 0 -- "a character outside CP932"
md --stdin "$pw" -u tanaka export 1 progress -o "$T/csv/bad.csv" --encoding cp932
expect 1 stderr-contains "「𠮷」(U+20BB7)は CP932 で表せないため出力できません(支援経過記録シート)" -- "CP932 refuses it naming where"
holds "nothing half-written" test ! -e "$T/csv/bad.csv"
md --stdin "$pw" -u tanaka export 1 reception --encoding sjis
expect 2 stderr-contains "文字コード sjis は使えません" -- "an unknown encoding"
md --stdin "$pw" -u tanaka export 1 第9号様式
expect 1 stderr-contains "様式「第9号様式」はありません" -- "an unknown form"
md --stdin "$pw" -u tanaka export 99 reception -o "$T/csv/none.csv"
expect 1 stderr-contains "ケース 99 は見つかりません" -- "an unknown case"

md --stdin "$pw" -u tanaka list --csv -o "$T/csv/list.csv"
expect 0 -- "list --csv"
holds "the case list has the person and the plan period" sh -c "grep -q '\"1\",\"髙橋 花子\",\"たかはし はなこ\",\"女性\",\"46\"' '$T/csv/list.csv' && grep -q '令和8年5月1日〜令和8年10月31日' '$T/csv/list.csv'"
md --stdin "$pw" -u tanaka list
expect 2 stderr-contains "--csv を指定してください" -- "list without --csv"

# form show and form diff: one field a line, three columns between tabs,
# whatever a value holds: its line breaks and tabs shown as \n and \t on its
# own line (madoguchi.1, form show; issue 14, finding 7).
md --stdin "tanaka-pass
" -u tanaka case new --name '山田 花子' --kana 'やまだ はなこ'
expect 0 -- "a case for the lines"
C=$(cat "$T/out")
md --stdin "tanaka-pass
" -u tanaka form set "$C" plan goal_long '一行目
二行目	タブのあと' own_actions '一つめ

三つめ'
expect 0 -- "values of several lines, a tab and an empty line"
md --stdin "tanaka-pass
" -u tanaka form show "$C" plan
expect 0 stdout-contains "目標	※本人の目指す姿(長期目標) [goal_long]	一行目\n二行目\tタブのあと" \
	stdout-contains "目標	本人が取り組むこと [own_actions]	一つめ\n\n三つめ" -- "form show: a value of several lines on its own line"
holds "form show: every line after the title is section, label and value" \
	awk -F'\t' 'NR > 1 && NF != 3 { exit 1 }' "$T/out"
md --stdin "tanaka-pass
" -u tanaka form set "$C" plan goal_long '三行目
四行目'
expect 0 -- "changed"
md --stdin "tanaka-pass
" -u tanaka form diff "$C" plan 1 2
expect 0 stdout-contains "本人の目指す姿(長期目標) [goal_long]	一行目\n二行目\tタブのあと	三行目\n四行目" -- "form diff: both values on the field's line"
holds "form diff: every line is field, before and after" awk -F'\t' 'NF != 3 { exit 1 }' "$T/out"

DB="$XDG_DATA_HOME/madoguchi/madoguchi.db"
holds "every print is in the audit log" test "$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE action = 'export'")" -ge 9

done_testing
