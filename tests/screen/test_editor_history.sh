#!/bin/sh
# Ctrl-E edits a long text in $EDITOR (what an editor that ends with an
# error wrote is offered, not dropped); h shows a form's revisions and the
# difference between two; the screens work on a plain vt100 terminal.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
setup_users
printf 'tanaka-pass\n' | "$MADOGUCHI" -u tanaka case new --name '小林 誠' --kana 'こばやし まこと' >/dev/null
cat >"$T/editor" <<'SH'
#!/bin/sh
printf '%s\n' '外部のエディタで書いた一文。' >>"$1"
SH
chmod +x "$T/editor"
EDITOR="$T/editor"

start
login tanaka tanaka-pass
open_case 'こばやし' '小林 誠'
send a
wait_for "第3号様式"
down 8
type_text '最初の面談。'
send C-e
see "Ctrl-E brings back the text written in the editor" "最初の面談。外部のエディタで書いた一文。"
holds "the editor's file is gone" sh -c "! ls '$XDG_DATA_HOME/madoguchi/.edit/' 2>/dev/null | grep -q ."
# An editor that ends with an error (vi's :cq, a crash) after writing:
# what it wrote is offered, not dropped.
cat >"$T/editor" <<'SH'
#!/bin/sh
printf '%s\n' "$(cat "$1")$(cat "${0%/*}/add")" >"$1"
exit 3
SH
printf '%s' 'エラーの前に書いた文。' >"$T/add"
send C-e
see "an editor's error asks whether to take in what it wrote" "エディタがエラー(終了コード 3)で終わりました。"
send y
wait_gone "エディタがエラー"
# joined TEXT: TEXT is on the screen, a field's wrapped lines joined.
joined() { screen | tr -d ' \n' | grep -qF "$1"; }
holds "yes takes it in" joined "外部のエディタで書いた一文。エラーの前に書いた文。"
printf '%s' '取り込まない文。' >"$T/add"
send C-e
see "asked again" "エディタがエラー(終了コード 3)で終わりました。"
send n
see "no asks again before dropping what was written" "次のものを破棄します(戻せません)。"
send y
wait_gone "エディタがエラー"
dont_see "no leaves the field as it was" "取り込まない文。"
holds "the editor's files are gone" sh -c "! ls '$XDG_DATA_HOME/madoguchi/.edit/' 2>/dev/null | grep -q ."
send F2
see "saved as revision 1" "保存しました(版 1、完了)"
send Tab
type_text '次回は家計の書類を持参。'
send F2
see "saved as revision 2" "保存しました(版 2、完了)"
send F10
wait_for "ケース 1  小林 誠"
# The entry is the last row above the 多機関協働 track, listed last: its
# nine steps (forms/workflow.ini, track = collab) and its sheet.
send End
for _ in 1 2 3 4 5 6 7 8 9 10; do send Up; done
send h
see "h on the entry shows its history" "履歴(Space で比べる版に印"
see "with both revisions" "版 2"
see "the difference names the field" "今後の対応"
see "and the value after" "後: 次回は家計の書類を持参。"
send F10
wait_for "ケース 1  小林 誠"
send F10
wait_for "支援ケース一覧"
send F10
wait_for "今日の予定"
send F10
wait_for "終了しますか"
send y
exited 5

# A plain vt100: no colours, no F10 (Esc backs out).
TEST_TERM=vt100 start
login tanaka tanaka-pass
see "the home screen on a vt100" "今日の予定"
send Escape
see "Esc on the home screen asks on a vt100" "madoguchi を終了しますか"
send y
if exited 5; then pass "y quits from the home screen on a vt100"; else fail "y quits from the home screen on a vt100"; fi

done_testing
