#!/bin/sh
# Issue 19: the case screen lists the 多機関協働 track (004 §5(7)) apart,
# last, under a rule with its state (未開始, then 終了 with why), its steps
# and its form; the individual process stays where it was, the cursor on
# it. 「つなぎ元の機関に戻す」 taken on the screen asks first, saying that it
# ends the track and that the case goes on; the case stays open. The case
# list's filter by stage offers no step of a track.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
setup_case 60

start
login tanaka tanaka-pass
open_case 'すずき' '鈴木 一郎'
see "the individual process first" "済 相談受付"
see "its rule as before" "- 手順 "
dont_see "the track is not among the first lines" "危険度・緊急度の判断"

send F1
see_paging "F1 on the case screen tells of the track" \
	"いちばん下には、多機関協働などの流れが、その状態(未開始・進行中・終了とその理由)の見出しの下に"
send q
wait_gone "閉じる"

send End
see "the track last, under a rule with its state" "- 多機関協働(004 §5(7))  未開始"
see "… its steps" "可 事務局と調整  今行えます"
see "… and its form" "多機関協働 課題整理・支援方針シート  未作成"

# From the form (the last line) up to 事務局と調整, Enter: つなぎ元の機関に戻す.
i=0
while [ $i -lt 6 ]; do send Up; i=$((i + 1)); done
send Enter
see "the step asks its outcome" "事務局と調整の結果"
send 2
see "つなぎ元の機関に戻す may name the agency" "つなぎ先(関係機関)"
send Enter
see "a reason is asked" "理由"
type_text '図4 の対象外'
send Enter
see "then the day" "手順を行った日"
send Enter
# (The question wraps at 80 columns after 終えま.)
see "it asks first, saying the track ends …" \
	"事務局と調整を「つなぎ元の機関に戻す」で記録し、多機関協働を終えま"
see "… and the case goes on" "す(ケースは続きます)。"
send Right
send Enter
see "recorded" "記録しました: 事務局と調整：つなぎ元の機関に戻す"
see "the rule says 終了" "- 多機関協働(004 §5(7))  終了(令和8年4月1日"
send End
see "the track's steps say why they are closed" "未 定着を確認して終結: 多機関協働はこのケースでは終了しています"
see "the case is open" "支援中: 相談受付"
holds "… and open in the file" \
	test "$(sqlite3 "$DB" "SELECT status FROM cases WHERE id = 1")" = open

# The case list's filter by the step a case stands at offers the steps of
# the individual process only: a track's step leaves the stage as it was.
send F10
wait_for "支援ケース一覧"
send f
wait_for "絞り込み"
send 4
send Enter
see "the filter by step asks the step" "最後に記録した手順"
send End
see "… its last is the individual process's last" "フォローアップ"
dont_see "… and no step of the track is offered" "定着を確認して終結"
send Escape
wait_gone "最後に記録した手順"
send F10
wait_for "今日の予定"
quit_home
exited 5
done_testing
