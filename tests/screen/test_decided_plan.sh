#!/bin/sh
# 001 第10条(2): a decided plan is what was decided. At the screens, its
# 第4号様式 opens read-only, says why and what to do (プラン変更 or 再プラン),
# and nothing typed changes it; the case screen marks it 確定.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
setup_case 60
printf 'kanri-pass1\nsato-pass11\n' | "$MADOGUCHI" -u kanri user add sato --name '佐藤 主任' --role chief >/dev/null
# as USER PASSWORD ARGS…: one command of the command line.
as() {
	user=$1 pass=$2; shift 2
	printf '%s\n' "$pass" | "$MADOGUCHI" -u "$user" "$@" >/dev/null 2>"$T/err" ||
		{ echo "# setup failed: $*: $(cat "$T/err")"; exit 1; }
}
as tanaka tanaka-pass form set 1 reception signed はい consent_share はい
as tanaka tanaka-pass step 1 application
as tanaka tanaka-pass step 1 triage --outcome 継続支援
as tanaka tanaka-pass form set 1 intake complaint '家賃が払えない' issues 経済的困窮 summary '家計と就労を支える'
as tanaka tanaka-pass step 1 assessment
as tanaka tanaka-pass step 1 screening --outcome 1
as tanaka tanaka-pass form set 1 plan goal_long '安定して働く' policy '求職活動を支える' \
	goals.1.issue 就職活動 plan_from R8.5.1 plan_to R8.10.31 \
	services '(ア) 就労支援員による就労支援' signed はい agreed_on R8.4.1
as tanaka tanaka-pass step 1 plan_draft
as tanaka tanaka-pass step 1 agreement
as sato sato-pass11 step 1 meeting --outcome 承認
as sato sato-pass11 step 1 decision --outcome 決定

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
