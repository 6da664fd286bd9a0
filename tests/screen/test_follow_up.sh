#!/bin/sh
# 001 第9条(5)イ・(9)エ "適宜フォローアップに努める": on the screen of a case
# closed by a referral, the follow-up that fell due is recorded with f (its
# result, how it was checked, a note and the day), without reopening the
# case; it shows in the case's follow-ups and leaves 今日の予定 (issue 14,
# finding 5).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
setup_users
cli() { printf 'tanaka-pass\n' | "$MADOGUCHI" -u tanaka "$@" >/dev/null 2>&1; }
cli case new --name '鈴木 一郎' --kana 'すずき いちろう'
cli form set 1 reception signed はい consent_share はい
cli step 1 application
cli step 1 triage --outcome 継続支援
cli form set 1 intake complaint '仕事が見つからない' issues 1 summary 'ハローワークへつなぐ'
cli step 1 assessment
cli step 1 screening --outcome 他制度・他機関へつなぐ --agency ハローワーク --follow-up R8.4.10
holds "the case is closed by a referral with a follow-up date" test $? = 0

export MADOGUCHI_NOW='2026-04-20 10:00:00'
start 100 40
login tanaka tanaka-pass
see "今日の予定 lists the follow-up as overdue" "R8.4.10 期限超過 フォローアップ  ケース 1"
send Enter
see "the case opens, closed" "ケース 1  鈴木 一郎(すずき いちろう)  終結"
# reception, then 支援経過: closed, with why in full below.
send Home
send Down
see "a closed case says the follow-up needs no reopening" "再開しなくても記録できる手順: 「フォローアップ」"
see "the key bar shows f" "fフォロー"
send F1
see "F1 names the key f" "つなぎや終結のあとのフォローアップを記録する(終結したケースも再開せずに)"
see_paging "and the guide the follow-up in the process" "14 フォローアップ"
send F10
wait_gone "ヘルプ"

send f
see "f asks for the follow-up's result" "フォローアップの結果"
see "the results are the definition's" "つながっていない"
send Enter
see "then how it was checked" "フォローアップの方法"
see "the methods are the definition's" "関係機関から"
send Enter
see "then a note" "メモ(なければ空のまま Enter)"
type_text "ハローワークで求職登録を確認した"
send Enter
see "the day it was done is asked last" "手順を行った日"
send Enter
see "a question names the result before it is recorded" "フォローアップを「つながった」で記録します"
see "and how it was checked" "方法: 電話"
send y
see "the follow-up is recorded" "記録しました: フォローアップ：つながった"
see "it shows among the case's follow-ups" "R8.4.20  電話  つながった  田中 一郎"
see "the case stays closed" "ケース 1  鈴木 一郎(すずき いちろう)  終結"
send F10
see "back home" "今日の予定"
wait_gone "期限超過 フォローアップ"
dont_see "the follow-up has left 今日の予定" "フォローアップ  ケース 1"

done_testing
