#!/bin/sh
# Dates asked where they matter (issue 15, finding 8): the meeting, the plan
# decision and the support decision ask the day they were done (today
# unless changed, 和暦 or 西暦), and the day given is the one written on
# 第4号様式; a date that does not read, or one in the future, is asked again
# as typed.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
setup_users
printf 'kanri-pass1\nsato-pass1\n' | "$MADOGUCHI" -u kanri user add sato \
	--name '佐藤 美咲' --role chief >/dev/null 2>&1
t() { printf 'tanaka-pass\n' | "$MADOGUCHI" -u tanaka "$@" >/dev/null 2>&1 ||
	echo "setup failed: $*" >&2; }
t case new --name '鈴木 次郎' --kana 'すずき じろう' --birth 'H2.7.7'
t step 1 triage --outcome 継続支援
t form set 1 reception signed はい consent_share はい applied_on R8.3.1
t step 1 application
t form set 1 intake complaint '仕事が見つからない' issues '就職活動困難' summary '就労準備支援を行う'
t step 1 assessment
t step 1 screening --outcome 'プラン作成(継続支援)'
t form set 1 plan goal_long '働く' policy '就労準備支援を受ける' goals.1.issue '生活リズム' \
	goals.1.short_goal '朝起きる' plan_from R8.5.1 plan_to R8.10.31 services '(ウ) 就労準備支援事業'
t step 1 plan_draft
t form set 1 plan signed はい agreed_on R8.3.20
t step 1 agreement
# on_plan TEXT: 第4号様式 as printed holds TEXT.
on_plan() {
	printf 'sato-pass1\n' | "$MADOGUCHI" -u sato form show 1 plan >"$T/plan" 2>&1
	grep -qF -- "$1" "$T/plan"
}

start
login sato sato-pass1
open_case 'すずき' '鈴木 次郎'
send Enter
wait_for "支援調整会議の結果"
send 1
see "the meeting asks its day" "支援調整会議を行った日(今日ならそのまま Enter)"
see "today is given, in 和暦" "R8.4.1"
send C-u
type_text 'R8.13.1'
send Enter
see "a date that does not read is refused, saying why" "支援調整会議の日付:"
see "and asked again as typed" "R8.13.1"
send C-u
type_text '令和8年3月30日'
send Enter
see "the meeting is recorded" "記録しました: 支援調整会議：承認"
holds "its day is on 第4号様式" on_plan '開催日 [meeting_on]	令和8年3月30日'

send Down
send Enter
wait_for "プラン決定の結果"
send 1
see "the decision asks its day" "プラン決定を行った日"
send C-u
type_text 'R8.5.1'
send Enter
see "a day in the future is refused by the core" "先の日付(R8.5.1)は入れられません"
see "and the day asked again" "プラン決定を行った日"
send C-u
type_text '2026-03-31'
send Enter
see "the decision is recorded" "記録しました: プラン決定：決定"
holds "its day (西暦 typed) is on 第4号様式" on_plan 'プラン決定日 [decided_on]	令和8年3月31日'

t form set 1 notice notified_on R8.4.1 change_kind 新規 services 就労準備支援事業
send F5
send Down
send Enter
see "the support decision asks to confirm" "支援決定・通知を記録しますか"
send y
see "and then its day" "支援決定・通知を行った日"
send C-u
type_text 'R8.3.31'
send Enter
see "the support decision is recorded" "記録しました: 支援決定・通知"
holds "its day is on 第4号様式" on_plan '支援決定日 [support_decided_on]	令和8年3月31日'

done_testing
