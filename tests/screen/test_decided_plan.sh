#!/bin/sh
# 001 第10条(2): a decided plan is what was decided. At the screens, its
# 第4号様式 opens read-only, says why and what to do (プラン変更 or 再プラン),
# and nothing typed changes it; the case screen marks it 確定.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
setup_decided_plan

start 100 30
login tanaka tanaka-pass
open_case 'すずき' '鈴木 一郎'
see "the case screen marks the decided plan" "第4号様式 プラン兼サービス利用申込書  完了・確定"
# The forms follow the 18 steps: 第1号, 第2号, then 第4号.
send Home
down 20
send Enter
see "第4号様式 opens read-only" "第4号様式 プラン兼サービス利用申込書  ケース 1  版 4 完了  確定(読み取りのみ)"
see "saying why" "令和8年4月1日のプラン決定(決定)で確定しています"
see "and what to do" "手順「プラン変更」か「再プラン」を記録してください"
# said TEXT: TEXT is in the message (the two lines above the keys), within 5 s.
said() {
	i=0
	while [ $i -lt 100 ]; do
		screen | tail -n 3 | head -n 2 | grep -qF -- "$1" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
# unsaid TEXT: TEXT has left the message, within 5 s.
unsaid() {
	i=0
	while [ $i -lt 100 ]; do
		screen | tail -n 3 | head -n 2 | grep -qF -- "$1" || return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
goto_field() {
	send C-g
	wait_for "移る項目"
	type_text "$1"
	send Enter
}
goto_field 支援方針
type_text '書き換えた方針'
dont_see "typing changes nothing" "書き換えた方針"
goto_field 本人署名
send Space
holds "a field refused says why, on the message line" said "プラン決定(決定)で確定しています"
dont_see "the signature stays" "本人署名                 いいえ"
send Down
holds "the next key clears the message" unsaid "プラン決定(決定)で確定しています"
send F2
holds "saving says why too" said "プラン決定(決定)で確定しています"
dont_see "nothing was saved" "保存しました"
send F10
see "leaving asks nothing: nothing changed" "ケース 1  鈴木 一郎"
holds "the plan is at the revision decided" test "$(printf 'tanaka-pass\n' | "$MADOGUCHI" -u tanaka case show 1 | grep -c '第4号様式 プラン兼サービス利用申込書 (1) 版 4 完了・確定')" = 1

done_testing
