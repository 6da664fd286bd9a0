#!/bin/sh
# One case from reception to closure with the command line only (001 第9条・
# 第10条): each step refused until its prerequisites hold, with the reason;
# every step dated by the day it was done; a decided plan frozen until
# プラン変更 takes it back through agreement, meeting and decision.
. "$(dirname "$0")/../lib.sh"
PW='admin-pass1'
T1='tanaka-pass
'
S1='sato-pass1
'

md --stdin "$PW
" init --admin kanri
expect 0 -- "init"
md --stdin "$PW
tanaka-pass
" -u kanri user add tanaka --name '田中 一郎' --role consultant
expect 0 -- "a consultant"
md --stdin "$PW
sato-pass1
" -u kanri user add sato --name '佐藤 主任' --role chief
expect 0 -- "a chief consultant"

md --stdin "$T1" -u tanaka case new --name '鈴木 次郎' --kana 'すずき じろう' --birth 'H2.7.7'
expect 0 -- "case new"
md --stdin "$T1" -u tanaka case show 1
expect 0 stdout-contains "済 相談受付 令和8年4月1日 田中 一郎(記録 令和8年4月1日 10:00:00)" stdout-contains "可 振り分け" \
	stdout-contains "未 アセスメント: アセスメントを開始するには、振り分けで「継続支援」を選ぶ必要があります アセスメントを開始するには、第1号様式の本人署名と情報共有への同意が必要です" \
	-- "case show: done, open and closed steps with every reason"

md --stdin "$T1" -u tanaka step 1 assessment
expect 1 stderr-contains "手順「アセスメント」はまだ行えません: アセスメントを開始するには、振り分けで「継続支援」を選ぶ必要があります" -- "a closed step is refused with what is missing"
md --stdin "$T1" -u tanaka step 1 振り分け
expect 1 stderr-contains "振り分けの結果を選んでください(1: 情報提供のみで終了、2: 他制度・他機関へつなぐ、3: 継続支援)" -- "an outcome is needed"
md --stdin "$T1" -u tanaka step 1 振り分け --outcome 3
expect 0 stdout-contains "記録しました: ケース 1 振り分け" -- "triage 継続支援 (by number)"
md --stdin "$T1" -u tanaka step 1 application
expect 1 stderr-contains "利用申込・本人同意を記録するには、第1号様式の本人署名と情報共有への同意が必要です" -- "the application needs the signature and consent"
md --stdin "$T1" -u tanaka form set 1 reception received_on R8.4.2
expect 1 stderr-contains "受付日: 先の日付(令和8年4月2日)は入れられません" -- "001 第9条(1): the 受付日 is never in the future"
md --stdin "$T1" -u tanaka form set 1 reception signed はい consent_share はい applied_on R8.4.1 received_on R8.3.25
expect 0 stdout-contains "完了" -- "第1号様式 signed, received on 3月25日"
md --stdin "$T1" -u tanaka case show 1
expect 0 stdout-contains "受付日: 令和8年3月25日" stdout-contains "済 相談受付 令和8年3月25日" \
	stdout-contains "済 振り分け 令和8年4月1日" -- "001 第9条(1): the case's 受付日 is the one on 第1号様式"
md --stdin "$T1" -u tanaka list --csv -o "$T/received.csv"
expect 0 -- "list --csv"
holds "001 第9条(1): the case list prints the 受付日 of 第1号様式" grep -aq '"令和8年3月25日"' "$T/received.csv"
md --stdin "$T1" -u tanaka step 1 application --date 1990-01-01
expect 1 stderr-contains "利用申込・本人同意の日付(平成2年1月1日)は、このケースの受付日(令和8年3月25日)より前です" \
	-- "001 第9条(2): a step dated before the 受付日 is refused"
md --stdin "$T1" -u tanaka step 1 application --date R8.3.30
expect 0 -- "application and consent, on the day it was done"
md --stdin "$T1" -u tanaka form set 1 reception received_on R8.3.31
expect 1 stderr-contains "受付日(令和8年3月31日)は、記録済みの手順の日付(令和8年3月30日)より後にはできません" \
	-- "001 第9条(1): the 受付日 cannot move after a step taken"
md --stdin "$T1" -u tanaka form set 1 intake complaint '仕事が見つからない' issues '就職活動困難' summary '就労支援を行う'
expect 0 -- "第2号様式"
md --stdin "$T1" -u tanaka step 1 assessment
expect 0 -- "assessment"
md --stdin "$T1" -u tanaka step 1 screening --outcome 'プラン作成(継続支援)'
expect 0 -- "screening: プラン作成"
md --stdin "$T1" -u tanaka form set 1 plan goal_long '正社員として働く' policy '就労支援員と求職活動を進める' \
	goals.1.issue '就職活動' goals.1.short_goal '月 5 件応募する' plan_from R8.5.1 plan_to R8.10.31 \
	services '(ア) 就労支援員による就労支援'
expect 0 -- "第4号様式"
md --stdin "$T1" -u tanaka step 1 plan_draft
expect 0 -- "plan draft"
md --stdin "$T1" -u tanaka step 1 agreement
expect 1 stderr-contains "第4号様式の本人署名(プランへの同意・事業の利用申込)が必要です" -- "agreement needs the signature"
export MADOGUCHI_NOW='2026-04-21 10:00:00'
md --stdin "$T1" -u tanaka form set 1 plan signed はい agreed_on R8.4.20
expect 0 -- "the plan signed"
md --stdin "$T1" -u tanaka step 1 agreement --date R8.4.20
expect 0 -- "agreement"
md --stdin "$T1" -u tanaka step 1 meeting --outcome 承認
expect 3 stderr-contains "手順「支援調整会議」を記録できるのは 主任相談支援員 です" -- "only the chief consultant records the meeting"
md --stdin "$S1" -u sato step 1 meeting --outcome 承認 --date R8.4.21
expect 0 -- "meeting approves"
md --stdin "$S1" -u sato form show 1 plan
expect 0 stdout-contains "開催日 [meeting_on]	令和8年4月21日" stdout-contains "結果 [meeting_result]	承認" -- "the meeting's date and result are on 第4号様式"
md --stdin "$S1" -u sato step 1 decision --outcome 決定 --date R8.4.20
expect 1 stderr-contains "プラン決定の日付(令和8年4月20日)は、先に行った「支援調整会議」の日(令和8年4月21日)より前です" \
	-- "001 第10条(1): a decision dated before its meeting is refused"
md --stdin "$S1" -u sato step 1 decision --outcome 決定 --date R8.4.22
expect 1 stderr-contains "先の日付(R8.4.22)は入れられません" -- "a step is never dated in the future"
md --stdin "$S1" -u sato step 1 decision --outcome 決定
expect 0 -- "plan decision"
md --stdin "$T1" -u tanaka form set 1 plan policy '就労支援員と求職活動を進め、家計も見直す'
expect 1 stderr-contains "第4号様式(プラン兼サービス利用申込書)は、令和8年4月21日のプラン決定(決定)で確定しています。内容を変えるには、ケース画面で手順「プラン変更」か「再プラン」を記録してください" \
	-- "001 第10条(2): a decided plan cannot be rewritten"
md --stdin "$T1" -u tanaka case show 1
expect 0 stdout-contains "状態: 支援中(プラン決定)" stdout-contains "第4号様式 プラン兼サービス利用申込書 (1) 版 5 完了・確定" \
	-- "the refused change left the plan and the case as they were"
md --stdin "$T1" -u tanaka step 1 support_decision
expect 1 stderr-contains "(ウ)就労準備支援事業か(オ)家計相談支援事業が含まれるときだけ" -- "no support decision without (ウ)(オ)"
md --stdin "$T1" -u tanaka step 1 support
expect 0 -- "support starts"
md --stdin "$T1" -u tanaka due --days 100
expect 0 stdout-contains "令和8年7月21日	評価	1	鈴木 次郎" -- "the first evaluation falls due three months after the decision"

# 001 第10条(3): a decided plan that must change goes back through the
# person's agreement, the meeting and the decision (プラン変更).
export MADOGUCHI_NOW='2026-05-11 10:00:00'
md --stdin "$T1" -u tanaka step 1 plan_change
expect 1 stderr-contains "「変更する」には理由が必要です" -- "a plan change needs its reason"
md --stdin "$T1" -u tanaka step 1 プラン変更 --reason '家計相談支援事業を加える'
expect 0 -- "プラン変更"
md --stdin "$T1" -u tanaka form set 1 plan services '(ア) 就労支援員による就労支援
(オ) 家計相談支援事業'
expect 0 -- "the plan can change again"
md --stdin "$T1" -u tanaka step 1 agreement
expect 1 stderr-contains "第4号様式の本人署名は版 3 で受けたものです。そのあと版 6 で内容が変わったため、この署名は変わった内容には及びません" \
	-- "001 第9条(6): the signature given before the change does not cover it"
md --stdin "$T1" -u tanaka form set 1 plan agreed_on R8.5.7
expect 0 -- "signed again for the changed plan"
md --stdin "$T1" -u tanaka step 1 agreement --date R8.5.7
expect 0 -- "agreement to the changed plan"
md --stdin "$S1" -u sato step 1 meeting --outcome 承認 --date R8.5.8
expect 0 -- "the meeting approves the change"
md --stdin "$S1" -u sato step 1 decision --outcome 決定 --date R8.5.8
expect 0 -- "the change is decided"
md --stdin "$S1" -u sato form set 1 notice change_kind 変更 services 家計相談支援事業
expect 0 -- "第6号様式 for the change"
md --stdin "$S1" -u sato step 1 support_decision
expect 0 -- "support decision for (オ)"
md --stdin "$T1" -u tanaka step 1 support
expect 0 -- "support goes on under the changed plan"
md --stdin "$T1" -u tanaka due --days 100
expect 0 stdout-contains "令和8年8月8日	評価	1	鈴木 次郎" -- "001 第9条(9): evaluations count from the day the plan was decided, not the day it was typed"
md --stdin "$T1" -u tanaka form set 1 evaluation remaining '求職活動を続ける' result 現プランで継続
expect 0 -- "第5号様式, the first round"
md --stdin "$T1" -u tanaka step 1 evaluation
expect 0 -- "evaluation: 現プランで継続"
# 001 第9条(9): each evaluation on its own 評価シート, the round the step opened
# and the next evaluation reads: none opened by hand beside it (issue 14,
# finding 7).
md --stdin "$T1" -u tanaka form set 1 evaluation --new remaining 'なし' result 終結 end_reason 目標達成
expect 1 stderr-contains "第5号様式(評価シート)の新しい回は、手順「評価」を記録すると始まります(手順がその回を読むため、回は手順だけが始めます)。--new を付けずに、いまの回に入力してください" \
	-- "001 第9条(9): --new after an evaluation is refused, the step opened the round"
md --stdin "$T1" -u tanaka form history 1 evaluation --seq 3
expect 1 stderr-contains "評価シート(3)はありません" -- "no unused round was left beside the step's"
md --stdin "$T1" -u tanaka form set 1 evaluation remaining 'なし' result 終結 end_reason 目標達成
expect 0 stdout-contains "保存しました: 第5号様式 評価シート(2)" -- "第5号様式 in the round the step opened"
md --stdin "$T1" -u tanaka step 1 evaluation
expect 0 -- "evaluation: 終結, from round 2"
md --stdin "$T1" -u tanaka step 1 closure --follow-up R8.7.1 --agency 'ハローワーク(公共職業安定所)'
expect 0 -- "closure with a follow-up"
md --stdin "$T1" -u tanaka case show 1
expect 0 stdout-contains "状態: 終結(終結)" stdout-contains "フォローアップ予定日: 令和8年7月1日" \
	stdout-contains "済 支援調整会議 令和8年5月8日 佐藤 主任 → 承認(記録 令和8年5月11日 10:00:00)" \
	stdout-contains "未 支援経過の記録: このケースは終結しています" -- "the case is closed"
md --stdin "$T1" -u tanaka form set 1 progress content '終結後の記録'
expect 1 stderr-contains "終結しています" -- "a closed case takes no entries"
md --stdin "$T1" -u tanaka due --days 100
expect 0 stdout-contains "令和8年7月1日	フォローアップ	1" -- "the follow-up is due"
md --stdin "$T1" -u tanaka case reopen 1 --reason '再び相談'
expect 3 stderr-contains "主任相談支援員と管理者です" -- "a consultant cannot reopen"
md --stdin "$S1" -u sato case reopen 1 --reason '本人から再び相談があった'
expect 0 stdout-contains "ケース 1 を再開しました" -- "the chief consultant reopens with a reason"
md --stdin "$S1" -u sato case show 1
expect 0 stdout-contains "可 終結" stdout-contains "再開 佐藤 主任 理由: 本人から再び相談があった" -- "the reopening is in the history"
md --stdin "$T1" -u tanaka list --csv -o "$T/list.csv"
expect 0 -- "list --csv"
holds "the case list names the stage" grep -aq '"再開"' "$T/list.csv"

done_testing
