#!/bin/sh
# The whole course at the screens, as a consultant and a chief consultant
# would go through it: register a person, take the case from reception
# through the plan, the meeting, the decision and an evaluation to closure,
# print each form to CSV, and find the case again by kana.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
setup_users
printf 'kanri-pass1\nsato-pass11\n' | "$MADOGUCHI" -u kanri user add sato --name '佐藤 主任' --role chief >/dev/null
mkdir -p "$XDG_CONFIG_HOME/madoguchi" "$T/csv"
printf '[export]\ndir = %s\n' "$T/csv" >"$XDG_CONFIG_HOME/madoguchi/madoguchi.ini"

# goto LABEL: Ctrl-G to a field of the form by part of its label.
goto() {
	send C-g
	wait_for "移る項目"
	type_text "$1"
	send Enter
}
# step N: select step N (0 = 相談受付) on the case screen and press Enter.
step() {
	send Home
	down "$1"
	send Enter
}
# on_day: the day the step was done is asked last, today filled in; Enter.
on_day() {
	wait_for "手順を行った日"
	send Enter
}
# confirmed: a step that records an outcome asks, naming it; y.
confirmed() {
	wait_for "よろしいですか"
	send y
}

# in_box TEXT: TEXT is on the screen outside the message line (which may
# quote it), the last but one line.
in_box() { screen | sed '$d' | sed '$d' | grep -qF "$1"; }

start
login tanaka tanaka-pass
send F1
see "F1 on the home screen explains it" "n で新しい"
send Escape
send n
wait_for "氏名(本人の表記のとおり)"
type_text '山本 健'
send Enter
wait_for "ふりがな"
type_text 'ヤマモト ケン'
send Enter
wait_for "生年月日"
type_text '昭和60年5月5日'
send Enter
see "the case is opened" "ケース 1  山本 健(ヤマモト ケン)"
send F1
see "F1 on the case screen explains the marks" "済(記録済み。行った日と記録した人)・可(今行える)"
send Escape

# 第1号様式: signature and consent (the first row after the 18 steps).
step 18
wait_for "第1号様式 相談申込・受付票"
goto 本人署名
send Space
goto 情報共有
send Space
send F2
see "第1号様式 saved complete" "保存しました(版 1、完了)"
send F10
wait_for "ケース 1  山本 健"
step 2
wait_for "記録しますか"
send y
see "the day the step was done is asked, today filled in" "手順を行った日(今日ならそのまま Enter)"
see "as R8.4.1" "R8.4.1"
send Enter
see "application recorded" "記録しました: 利用申込・本人同意"
step 3
wait_for "振り分けの結果"
send 3
on_day
confirmed
see "triage recorded" "記録しました: 振り分け：継続支援"

# アセスメント: the step opens 第2号様式 until it is complete.
step 4
see "the assessment step opens 第2号様式" "第2号様式 インテーク・アセスメントシート"
goto 主訴
type_text '仕事が見つからず、貯金がなくなった。'
goto 課題の特性
send Enter
wait_for "課題の特性"
send Space
send Enter
goto 課題の整理
type_text '就労支援と家計の見直し。'
# A table cell refused is asked again as typed.
goto 家族構成
send Enter
wait_for "行を追加する"
send Enter
wait_for "家族構成(1 行目): 続柄"
type_text '妻'
send Enter
wait_for "家族構成(1 行目): 氏名"
type_text '山本 花'
send Enter
wait_for "家族構成(1 行目): 年齢"
type_text '四十五さい'
send Enter
see "a wrong age is refused, saying why" "家族構成(年齢): 数字で入力してください"
see "and asked again" "家族構成(1 行目): 年齢"
holds "as typed" in_box 四十五さい
i=0
while [ $i -lt 5 ]; do send BSpace; i=$((i + 1)); done
type_text '45'
send Enter
wait_for "家族構成(1 行目): 同居・別居"
send Enter
for cell in 職業 健康・備考; do
	wait_for "家族構成(1 行目): $cell"
	send Enter
done
see "the row is kept with the age put right" "妻 / 山本 花 / 45 / 同居"
send Escape
send F2
see "第2号様式 saved complete" "保存しました(版 1、完了)"
send F10
step 4
wait_for "記録しますか"
send y
on_day
see "assessment recorded" "記録しました: アセスメント"
step 5
wait_for "スクリーニングの結果"
send 1
on_day
confirmed
see "screening recorded" "記録しました: スクリーニング：プラン作成(継続支援)"

# プラン案: 第4号様式 with a goals table and the period.
step 7
see "the plan draft opens 第4号様式" "第4号様式 プラン兼サービス利用申込書"
goto 長期目標
type_text '安定して働き続ける'
goto 支援方針
type_text 'ハローワークへの同行と面接の練習'
goto 課題と短期目標
send Enter
wait_for "行を追加する"
send Enter
for cell in '就職活動' '月5件応募' '同行支援' '就労支援員' '3か月'; do
	wait_for "課題と短期目標・支援内容(1 行目)"
	type_text "$cell"
	send Enter
done
wait_for "就職活動 / 月5件応募"
send Escape
see "the table has one row" "1 行(Enter で編集)"
goto 開始
type_text 'R8.5.1'
goto 終了
type_text 'R8.10.31'
goto 本人署名
send Space
send F2
see "第4号様式 saved complete" "保存しました(版 1、完了)"
send F10
step 7
wait_for "記録しますか"
send y
on_day
see "plan draft recorded" "記録しました: プラン案作成"
step 8
wait_for "記録しますか"
send y
on_day
see "agreement recorded" "記録しました: 本人同意"
step 9
see "only the chief consultant records the meeting" "あなたの役割(相談支援員)では記録できません"
send F10
wait_for "今日の予定"
send F10
wait_for "終了しますか"
send y
exited 5

# The chief consultant: the meeting and the decision.
start
login sato sato-pass11
see "the plan waits for the meeting on the chief's home" "支援調整会議を待っています"
send Enter
wait_for "ケース 1  山本 健"
step 9
wait_for "支援調整会議の結果"
send 1
on_day
confirmed
see "meeting approves" "記録しました: 支援調整会議：承認"
step 10
wait_for "プラン決定の結果"
send 1
wait_for "手順を行った日"
send C-u
type_text 'R8.3.31'
send Enter
see "the decision asks, naming the day typed" "行った日: R8.3.31"
confirmed
see "a decision dated before the case was received is refused, saying why" "プラン決定の日付(令和8年3月31日)は、このケースの受付日(令和8年4月1日)より前"
see "and the day asked again, as typed" "R8.3.31"
send C-u
type_text 'R8.4.1'
send Enter
see "the decision says it fixes the plan" "プラン決定を「決定」で記録し、第4号様式を確定します。"
confirmed
see "plan decided" "記録しました: プラン決定：決定"
see "without (ウ)(オ) no support decision, with why" "未 支援決定・通知"
send F10
wait_for "今日の予定"
send F10
wait_for "終了しますか"
send y
exited 5

# The consultant: support, evaluation, closure; prints; found by kana.
start
login tanaka tanaka-pass
send /
type_text 'やまもと'
see "found by ひらがな" "山本 健"
send Enter
wait_for "ケース 1  山本 健"
step 12
on_day
see "support recorded" "記録しました: 支援の実施・モニタリング"
step 14
see "the evaluation opens 第5号様式" "第5号様式 評価シート"
goto 残された課題
type_text '就職し、家計も安定した。'
goto 評価結果
send Enter
wait_for "評価結果"
send 1
send F2
see "第5号様式 saved complete" "保存しました(版 1、完了)"
send F10
step 14
wait_for "記録しますか"
send y
on_day
see "the evaluation asks, naming the sheet's result" "評価を「終結」で記録し、"
confirmed
see "evaluation recorded with the sheet's result" "記録しました: 評価：終結"
step 15
wait_for "つなぎ先(関係機関)"
send End
send Enter
wait_for "フォローアップの予定日"
type_text 'R8.13.1'
send Enter
on_day
see "closure asks, saying it closes the case" "終結を「終結」で記録し、ケースを終結します。"
confirmed
see "a wrong follow-up date is refused, saying why" "フォローアップ予定日: "
see "and asked again" "フォローアップの予定日(なければ空のまま Enter)"
holds "as typed" in_box R8.13.1
i=0
while [ $i -lt 7 ]; do send BSpace; i=$((i + 1)); done
wait_gone "R8.13.1"
send Enter
on_day
confirmed
see "closure recorded" "記録しました: 終結"
see "the case is closed" "終結: 終結"

# Print each form (F9) from the case screen.
# Rows after the 18 steps: 第1号, 第2号, 第4号, 第5号 (the evaluation that
# ended in 終結 was the last: no next round), then 第6号; the track of 004
# §5(7) is listed after them.
for pair in 18:第1号様式 19:第2号様式 20:第4号様式 21:第5号様式 22:第6号様式; do
	row=${pair%%:*} f=${pair#*:}
	send Home
	down $row
	send F9
	see "F9 prints $f" "出力しました: $T/csv/1-$f.csv"
done
for f in 第1号様式 第2号様式 第4号様式 第5号様式 第6号様式; do
	holds "$f printed to CSV" test -s "$T/csv/1-$f.csv"
done
holds "the CSV of 第4号様式 holds the goals table" grep -aq '"月5件応募"' "$T/csv/1-第4号様式.csv"

send F10
wait_for "支援ケース一覧"
send F9
see "the case list prints" "出力しました: $T/csv/支援ケース一覧.csv"
holds "the case list shows the case as closed" grep -aq '"山本 健","ヤマモト ケン"' "$T/csv/支援ケース一覧.csv"

done_testing
