#!/bin/sh
# At the desk: create a case typing a Japanese name and kana, fill 第1号様式
# with a 和暦 date, sign and consent, take the application and the triage;
# the assessment opens and the plan draft stays closed with its reason.
# A name too long or a wrong date keeps what was typed; leaving with
# changes asks; the case is
# found again by ひらがな when its kana was typed in カタカナ.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
setup_users

start
login tanaka tanaka-pass
holds "logged in as the consultant" wait_for "田中 一郎・相談支援員"

# A name over 50 characters is refused; asked again, all three keep what
# was typed, and shortening the name is enough.
send n
wait_for "氏名(本人の表記のとおり)"
type_text '髙橋 花子ああああああああああああああああああああああああああああああああああああああああああああああ'
send Enter
wait_for "ふりがな"
type_text 'タカハシ ハナコ'
send Enter
wait_for "生年月日"
type_text 'S55.4.1'
send Enter
see "a name too long is refused, saying why" "氏名: 50 文字以内で入力してください(いま 51 文字)"
see "the name is asked again, as typed (its end in view)" "ああああああああああああああああああああああああああああああああ"
i=0
while [ $i -lt 46 ]; do send BSpace; i=$((i + 1)); done
see "its beginning is what remains" "髙橋 花子"
dont_see "once shortened" "花子あ"
send Enter
see "the kana is asked again, as typed" "タカハシ ハナコ"
send Enter
see "the birth date too" "S55.4.1"
send Enter
see "the new case opens" "ケース 1  髙橋 花子(タカハシ ハナコ) 46歳"
see "reception is done" "済 相談受付"
see "the application waits for the signature, with the reason" "未 利用申込・本人同意: 利用申込・本人同意を記録するには、第1号様式の本人署名…"

# The reception form: Home, then down past the 18 steps.
send Home
down 18
send Enter
see "第1号様式 opens" "第1号様式 相談申込・受付票  ケース 1"
see "the person's fields are there (自動転記)" "髙橋 花子"
type_text 'R8.3.31'
see "a 和暦 date is read back beside it" "＝ 令和8年3月31日"
send Tab
send PageDown
send PageDown
send PageDown
down 3
see "the signature field is reached" "本人署名"
send Space
send Down
send Space
send F2
see "saving makes revision 1, complete" "保存しました(版 1、完了)"
see "signed" "本人署名                 はい"
see "consent to sharing" "関係機関との情報共有への はい"
send PageUp
send PageUp
send PageUp
send PageUp
see "the date shows in 和暦" "令和8年3月31日"
send F10
wait_for "ケース 1  髙橋 花子"
see "the time the form was saved shows in 和暦" "完了 版1  R8.4.1 10:00:00 田中 一郎"

# Steps: the application, then the triage with 継続支援 (its number 3).
send Home
down 2
send Enter
see "the application asks to confirm" "利用申込・本人同意を記録しますか"
send y
see "the day the step was done is asked" "手順を行った日"
send Enter
see "the application is recorded" "記録しました: 利用申込・本人同意"
send Down
send Enter
see "the triage asks its outcome" "振り分けの結果"
send 3
wait_for "手順を行った日"
send Enter
see "recording an outcome asks first" "振り分けを「継続支援」で記録します。"
send y
see "triage 継続支援 is recorded" "記録しました: 振り分け：継続支援"
see "the assessment opens" "可 アセスメント  今行えます"
see "the plan draft stays closed with its reason" "未 プラン案作成: プラン案は、スクリーニングで「プラン作成(継続支援)」と判断し"

# A wrong date in 第2号様式: the message, and the text kept.
send Home
down 19
send Enter
see "第2号様式 opens" "第2号様式 インテーク・アセスメントシート"
type_text 'R6.13.1'
send Tab
see "a wrong date gives its message" "アセスメント実施日: "
see "and the text typed stays" "R6.13.1"
send F10
see "leaving with unsaved changes asks" "保存されていない変更があります"
send Escape
see "Esc stays on the form" "R6.13.1"
send F10
wait_for "保存されていない変更があります"
send d
see "d asks again before discarding" "次のものを破棄します(戻せません)。"
send y
see "y then discards and goes back" "ケース 1  髙橋 花子"
send F10

# The case list finds the カタカナ kana by ひらがな.
wait_for "今日の予定"
send /
wait_for "検索:"
type_text 'たかはし'
see "ひらがな finds the case stored in カタカナ" "髙橋 花子"
send C-u
type_text 'ﾀｶﾊｼ'
see "half-width kana finds it too" "髙橋 花子"
send C-u
type_text '高橋'
see "高 finds 髙" "髙橋 花子"
send Enter
see "one Enter opens the case found from the search box" "ケース 1  髙橋 花子"

done_testing
