#!/bin/sh
# Issue 19: 多機関協働 as a track of its own, defined as data (004 §5(7)):
# 1 事務局と調整 2 参集とつなぎ元のアセスメント 3 課題整理と支援方針 4 支援会議で
# 役割分担 (the 支援会議 and its 役割分担 recorded with `madoguchi meeting`)
# 5 モニタリング 6 定着を確認して終結, which ends the track, not the case; the
# urgent route (危険度・緊急度の判断 → 発見した機関の対応・連携要請 → 緊急対応
# 終了 → 事務局と調整); 「つなぎ元の機関に戻す」; a track step out of order
# refused with its reason, nothing stored; a fault of a track's definition
# named as file:line; the track counted. And 参加支援 (004 §3(2), 社会福祉法
# 第106条の4第2項第2号) among the plan's services and the kinds of support of a
# progress entry.
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
md --stdin "$PW" -u kanri agency add '北地域包括支援センター' --kind 高齢
expect 0 -- "an agency"
t() { md --stdin "$T1" -u tanaka "$@"; }
db="$T/data/madoguchi/madoguchi.db"
q() { sqlite3 "$db" "$1" </dev/null; }
# The day the commands run (each step on its own day).
day() { MADOGUCHI_NOW="$1 10:00:00"; export MADOGUCHI_NOW; }
events() { q "SELECT count(*) FROM workflow_events WHERE case_id = $1"; }

# A person who has not consented to the sharing of 第1号様式: the
# individual process cannot go past 振り分け, the track can (004 §5(7) with
# the 支援会議 of 社会福祉法第106条の6).
day 2026-04-01
t case new --name '髙橋 花子' --kana 'たかはし はなこ' --birth S55.4.1
expect 0 stdout-contains 1 -- "case 1"
t case show 1
expect 0 stdout-contains "多機関協働(004 §5(7)): 未開始(「事務局と調整」か「危険度・緊急度の判断」から始めます)" \
	stdout-contains "  可 事務局と調整" stdout-contains "  可 危険度・緊急度の判断" \
	-- "case show lists the track apart, not started, with the steps that start it"

# A step of the track out of order is refused with its reason; nothing stored.
before=$(events 1)
t step 1 collab_policy --outcome 支援会議にかける
expect 1 stderr-contains "手順「課題整理と支援方針」はまだ行えません: 課題整理と支援方針は、参集とつなぎ元のアセスメントを記録してから作成します(004 §5(7) 2・3)" \
	-- "004 §5(7): 3 before 2 is refused, quoting the definition's why"
t step 1 支援会議で役割分担
expect 1 stderr-contains "「支援会議にかける」としてから記録します(004 §5(7) 3・4)" \
	stderr-contains "本人を取り上げたことを記録してください" stderr-contains "役割分担(何を・誰が・いつまでに)を記録してください" \
	-- "004 §5(7) 4: the 支援会議 step names every need missing"
[ "$(events 1)" = "$before" ] && pass "… nothing stored" || fail "… nothing stored" "$(events 1)"

# 1 and 2.
day 2026-04-02
t step 1 事務局と調整 --outcome 多機関協働で進める
expect 0 stdout-contains "記録しました: ケース 1 事務局と調整" -- "004 §5(7) 1: 事務局と調整"
t step 1 collab_assessment --note 'つなぎ元: 北地域包括支援センター'
expect 0 -- "004 §5(7) 2: 参集とつなぎ元のアセスメント"
[ "$(q 'SELECT stage FROM cases WHERE id = 1')" = reception ] &&
	pass "the track leaves the case's stage (the individual process's place)" ||
	fail "the track leaves the case's stage (the individual process's place)" "$(q 'SELECT stage FROM cases')"
t case show 1
expect 0 stdout-contains "多機関協働(004 §5(7)): 進行中(令和8年4月2日から)" \
	stdout-contains "状態: 支援中(相談受付)" -- "the track is 進行中; the case's own state is as it was"

# 3: the 課題整理・支援方針シート must be complete.
day 2026-04-03
t step 1 collab_policy --outcome 支援会議にかける
expect 1 stderr-contains "課題整理・支援方針シート" -- "004 §5(7) 3: the sheet first"
t form set 1 collab referrer 北地域包括 issues '本人の受診拒否と子の不登校' policy '見守りと受診の支援、学校との連携'
expect 0 stdout-contains "完了" -- "the sheet saved, complete"
t step 1 collab_policy --outcome 支援会議にかける
expect 0 -- "004 §5(7) 3: 課題整理と支援方針"

# 4: a 支援会議 held after the policy, the person discussed (on the law: no
# consent), and its 役割分担.
day 2026-04-06
t meeting new --type 支援会議 --basis 1 --on R8.4.2
expect 0 stdout-contains 1 -- "a 支援会議 before the policy"
t meeting person 1 1
expect 0 -- "… the person discussed there"
t meeting task 1 --what 見守り --owner 北地域包括支援センター --due R8.4.30
expect 0 -- "… with a 役割分担"
t step 1 collab_meeting
expect 1 stderr-contains "課題整理と支援方針の日以後に開いた支援会議" -- "004 §5(7) 4: a 支援会議 held before the policy does not count"
t meeting new --type 支援会議 --basis 1 --on R8.4.5
expect 0 stdout-contains 2 -- "a 支援会議 after the policy"
t meeting person 2 1
expect 0 -- "… the person discussed without consent, on 社会福祉法第106条の6"
t step 1 collab_meeting
expect 1 stderr-contains "その支援会議で決めた役割分担" stdout-lacks "記録しました" \
	-- "004 §5(7) 4: the meeting without its 役割分担 is not enough"
t meeting task 2 --what '受診の同行' --owner 北地域包括支援センター --due R8.4.20
expect 0 -- "the 役割分担 recorded at the meeting"
t step 1 collab_meeting --date R8.4.4
expect 1 stderr-contains "この手順が必要とする会議の日(令和8年4月5日)より前です" -- "the step is not dated before its meeting"
t step 1 collab_meeting
expect 0 -- "004 §5(7) 4: 支援会議で役割分担"

# 5, again and again; 6 ends the track, not the case.
day 2026-05-01
t step 1 モニタリング --outcome 支援を続ける --note '受診できた'
expect 0 -- "004 §5(7) 5: モニタリング"
day 2026-06-01
t step 1 モニタリング --outcome 支援を続ける
expect 0 -- "… and again"
t step 1 collab_closure
expect 0 -- "004 §5(7) 6: 定着を確認して終結"
t case show 1
expect 0 stdout-contains "多機関協働(004 §5(7)): 終了(令和8年6月1日 定着を確認して終結: 支援の定着を確認した)" \
	stdout-contains "状態: 支援中(相談受付)" stdout-contains "  可 振り分け" \
	stdout-contains "  未 モニタリング: 多機関協働はこのケースでは終了しています" \
	-- "the track has ended with why; the case is open and its process goes on"
[ "$(q 'SELECT status FROM cases WHERE id = 1')" = open ] &&
	pass "… the case is not closed" || fail "… the case is not closed" "$(q 'SELECT status FROM cases')"
t step 1 モニタリング --outcome 支援を続ける
expect 1 stderr-contains "多機関協働はこのケースでは終了しています" -- "an ended track's steps are refused"

# The urgent route (004 §5(7) 緊急時の流れ), then 「つなぎ元の機関に戻す」.
day 2026-04-01
t case new --name '山田 次郎' --kana 'やまだ じろう' --birth S30.1.1
expect 0 stdout-contains 2 -- "case 2"
t step 2 危険度・緊急度の判断 --outcome 緊急対応が必要
expect 0 -- "緊急時の流れ 1: 危険度・緊急度の判断"
t step 2 事務局と調整 --outcome 1
expect 1 stderr-contains "緊急対応終了(「多機関協働事務局と調整する」)を記録してから事務局と調整します" \
	-- "緊急時の流れ: the secretariat only after the urgent response"
t step 2 collab_urgent_response --outcome 連携を要請
expect 1 stderr-contains "つなぎ先(関係機関)が必要です" -- "連携を要請 names whom"
t step 2 collab_urgent_response --outcome 連携を要請 --agency 北地域包括
expect 0 -- "緊急時の流れ 2: 連携を要請"
t step 2 緊急対応終了 --outcome 多機関協働事務局と調整する
expect 0 -- "緊急時の流れ 3: 緊急対応終了"
before=$(events 2)
t step 2 事務局と調整 --outcome つなぎ元の機関に戻す
expect 1 stderr-contains "「つなぎ元の機関に戻す」には理由が必要です" -- "つなぎ元の機関に戻す needs a reason"
[ "$(events 2)" = "$before" ] && pass "… nothing stored" || fail "… nothing stored" "$(events 2)"
t step 2 事務局と調整 --outcome つなぎ元の機関に戻す --reason '図4 の対象外(担当部局のみで対応できる)' --agency 北地域包括
expect 0 -- "緊急時の流れ 4 / 1: 事務局と調整, returned to the referring agency"
t case show 2
expect 0 stdout-contains "多機関協働(004 §5(7)): 終了(令和8年4月1日 事務局と調整: つなぎ元の機関に戻す(関係機関: 北地域包括支援センター)。理由: 図4 の対象外(担当部局のみで対応できる))" \
	stdout-contains "状態: 支援中" stdout-contains "  可 振り分け" \
	stdout-contains "  未 参集とつなぎ元のアセスメント: 多機関協働はこのケースでは終了しています" \
	-- "「つなぎ元の機関に戻す」 ends the track; the case stays open"
t step 2 振り分け --outcome 継続支援
expect 0 -- "… and its individual process goes on"

# The counts (forms/counts.ini [table.collab]): how cases came into the track,
# its 支援会議 and monitoring, and how it ended, each on its day.
day 2026-06-30
t count --from R8.4.1 --to R8.6.30 --table collab --csv
expect 0 stdout-contains '"","段","事務局と調整","緊急対応","支援会議で役割分担","モニタリング","定着を確認","つなぎ元に戻す","緊急対応で終える"' \
	stdout-contains '"合計","","1","1","1","2","1","1","0"' \
	-- "madoguchi count: the course of 多機関協働 (004 §5(7)) from the steps taken"

# A fault in a track's definition is named with file and line.
mkdir -p "$T/def"
sed 's/^starts = collab_coordination | collab_urgency$/starts = collab_coordination | collab_assessment/' \
	"$TOP/forms/workflow.ini" >"$T/def/workflow.ini"
line=$(grep -n '^starts = ' "$T/def/workflow.ini" | cut -d: -f1)
md forms check "$T/def/workflow.ini"
expect 1 stderr-contains "$T/def/workflow.ini:$line: [track.collab]: starts の手順 collab_assessment(参集とつなぎ元のアセスメント)は、この流れの他の手順のあとでなければ開きません" \
	stderr-contains "$T/def/workflow.ini:$line: [track.collab]: 手順 collab_urgency(危険度・緊急度の判断)はこの流れの最初に開くので、starts に書いてください" \
	-- "forms check names a track's wrong starts as file:line"
sed 's/^need.2 = held shien$/need.2 = held shienkaigi/' "$TOP/forms/workflow.ini" >"$T/def/workflow.ini"
line=$(grep -n '^need.2 = held shienkaigi' "$T/def/workflow.ini" | cut -d: -f1)
md forms check "$T/def/workflow.ini"
expect 1 stderr-contains "$T/def/workflow.ini:$line: [step.collab_meeting]: 会議の種類 shienkaigi は" \
	-- "forms check names a meeting type meetings.ini lacks as file:line"

# 参加支援 (004 §3(2), 社会福祉法第106条の4第2項第2号): a service of the plan,
# and a kind of support a progress entry records, where the person takes
# part (関係機関) and how it goes (内容).
day 2026-04-01
t form set 2 plan services '(ア) 就労支援員による就労支援|参加支援事業'
expect 0 -- "004 §3(2): 参加支援事業 is one of the plan's services"
[ "$(q "SELECT count(*) FROM form_records r JOIN form_revisions v ON v.record_id = r.id
	WHERE r.case_id = 2 AND r.form = 'plan' AND v.data LIKE '%参加支援事業%'")" -ge 1 ] &&
	pass "… stored" || fail "… stored" "no plan revision holds 参加支援事業"
t form set 2 progress entry_date R8.4.1 kind 参加支援 agency 北地域包括 content '地域の居場所に初めて参加した。'
expect 0 -- "004 §3(2): a progress entry of 参加支援, where and how it went"
t case show 2
expect 0 stdout-contains "地域の居場所に初めて参加した。" -- "… listed with the case's progress"

done_testing
