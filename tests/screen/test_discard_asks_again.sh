#!/bin/sh
# Nothing thrown away on one key (issue 15, finding 3): in the box for
# unsaved changes, d (beside s) threw the note and its draft away; n or Esc
# at "restore the draft?" threw the draft away; Esc on the home screen quit;
# Enter on 支援の実施 already recorded recorded it again. Now each asks again,
# naming what goes (the fields typed, the drafts left, the step recorded
# before), and the answer Enter gives is the safe one.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
setup_case 1
drafts() { sqlite3 "$DB" "SELECT count(*) FROM drafts"; }
entries() { sqlite3 "$DB" "SELECT count(*) FROM form_records WHERE form = 'progress'"; }
# gone DESCRIPTION TEXT: a test that TEXT leaves the screen.
gone() {
	if wait_gone "$2"; then pass "$1"; else screen >"$T/out"; : >"$T/err"; fail "$1" "screen has «$2»"; fi
}

# The box for unsaved changes: d asks again.
new_entry
type_text '家賃を3か月滞納。'
see "typed" "家賃を3か月滞納。"
holds "the autosave keeps it" drafted '家賃を3か月滞納'
send F10
see "leaving asks" "保存されていない変更があります"
send d
see "d asks again" "次のものを破棄します(戻せません)。"
see "naming the form and the field" "第3号様式 支援経過記録シートの「内容」への変更と下書き"
send Enter
see "Enter answers no: the note is still there" "家賃を3か月滞納。"
gone "and the box is gone" "保存されていない変更があります"
holds "the draft is kept" test "$(drafts)" = 1
send F10
wait_for "保存されていない変更があります"
send d
wait_for "次のものを破棄します"
send Escape
see "Esc answers no too" "家賃を3か月滞納。"
send F10
wait_for "保存されていない変更があります"
send d
wait_for "次のものを破棄します"
send y
see "y throws it away and goes back" "ケース 1  鈴木 一郎"
holds "no draft is left" test "$(drafts)" = 0
holds "nor an entry" test "$(entries)" = 0

# A draft left by a crash: n at "restore?" asks again before it goes.
send a
wait_for "第3号様式 支援経過記録シート"
down 8
type_text '大家から退去を求められている。'
holds "kept as a draft" drafted '大家から退去'
kill -9 "$(pane_pid)"
exited 5
start
login tanaka tanaka-pass
wait_for "入力中だった下書きがあります"
send End
send Enter
wait_for "今日の予定"

# Esc on the home screen asks, naming the draft left.
send Escape
see "Esc on the home screen asks before quitting" "madoguchi を終了しますか"
see "naming the drafts that stay" "保存していない下書きが 1 件あります。"
see "each with its case and form" "ケース 1 鈴木 一郎 第3号様式"
send Enter
see "Enter answers no: the home screen stays" "今日の予定"
gone "the question is gone" "終了しますか"

open_case 'すずき' '鈴木 一郎'
send a
see "the entry offers the draft" "この様式には保存していない下書き"
send n
see "n asks again" "次のものを破棄します(戻せません)。"
see "naming the draft" "第3号様式 支援経過記録シートの「内容」の下書き"
send Enter
see "Enter answers no: the draft is restored" "大家から退去を求められている。"
holds "and kept" test "$(drafts)" = 1
send F10
wait_for "保存されていない変更があります"
send d
wait_for "次のものを破棄します"
send y
wait_for "ケース 1  鈴木 一郎"
holds "thrown away only after the second yes" test "$(drafts)" = 0

# Quitting with nothing unsaved still asks: Esc is what brings a person
# back to the home screen.
send F10
wait_for "支援ケース一覧"
send F10
wait_for "今日の予定"
send Escape
see "Esc on the home screen asks even with nothing unsaved" "madoguchi を終了しますか"
dont_see "naming no draft" "下書き"
send Escape
see "Esc there answers no" "今日の予定"
gone "the question is gone" "終了しますか"
send F10
wait_for "終了しますか"
send y
if exited 5; then pass "y quits"; else fail "y quits"; fi

# A repeatable step recorded before: 支援の実施 asks before it is recorded
# again, saying when it was. A database of its own: case 1 at its plan
# decided.
rm -rf "$XDG_DATA_HOME"
setup_decided_plan
as tanaka tanaka-pass step 1 support
support() { sqlite3 "$DB" "SELECT count(*) FROM workflow_events WHERE case_id = 1 AND step = 'support'"; }

start
login tanaka tanaka-pass
open_case 'すずき' '鈴木 一郎'
see "支援の実施 is recorded and open again" "可 支援の実施・モニタリング  今行えます(記録あり)"
send Home
down 12
send Enter
wait_for "手順を行った日"
send Enter
see "recording it again asks, saying when it was" "支援の実施・モニタリングは記録済みです(前回 R8.4.1 田中 一郎)。"
see "and what it asks" "もう一度記録しますか"
send Enter
see "Enter answers no" "支援の実施・モニタリングは記録していません"
holds "nothing more is recorded" test "$(support)" = 1
send Enter
wait_for "手順を行った日"
send Enter
wait_for "もう一度記録しますか"
send y
see "y records it again" "記録しました: 支援の実施・モニタリング"
holds "twice now" test "$(support)" = 2

done_testing
