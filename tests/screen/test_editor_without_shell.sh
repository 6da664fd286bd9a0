#!/bin/sh
# The editor without a shell (issue 13, finding 6): Ctrl-E starts $EDITOR
# itself, its words split on blanks and the file as the last argument, so a
# data folder holding an apostrophe and "$(…)" gives the editor the right
# file and runs nothing. The editor's file goes when the editor ends, and
# when the program is told to end meanwhile (SIGHUP), what the editor wrote
# kept as a draft; after a crash (SIGKILL) the next login offers what the
# editor wrote as a draft of its field, and the file then goes.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
# A data folder no shell may read unquoted: run through one, it would
# touch $HOME.pwned and hand the editor another path.
XDG_DATA_HOME="$T/data'\$(touch \${HOME}.pwned)'x"
export XDG_DATA_HOME
setup_case 600
EDIT_DIR="$XDG_DATA_HOME/madoguchi/.edit"

# An editor that writes down its arguments, adds a line to the file (the
# last argument), and then waits when told to.
cat >"$T/editor" <<'SH'
#!/bin/sh
for a in "$@"; do printf '%s\n' "$a"; done >"${0%/*}/args"
eval "file=\${$#}"
printf '%s\n' "$(cat "${0%/*}/add")" >>"$file"
if [ -e "${0%/*}/wait" ]; then
	echo 'エディタで編集中'
	exec sleep 60
fi
SH
chmod +x "$T/editor"

# no_edit_files: the private folder of the editor's files holds nothing.
no_edit_files() { ! ls -A "$EDIT_DIR" 2>/dev/null | grep -q .; }
drafts_with() {
	sqlite3 "$DB" "SELECT count(*) FROM drafts WHERE data LIKE '%$1%'"
}
# joined TEXT: TEXT is on the screen, a field's wrapped lines joined.
joined() { screen_joined | grep -qF "$1"; }

# An editor that cannot be started says so, and leaves no file behind.
EDITOR="$T/no-such-editor --flag"
new_entry
send C-e
see "an editor that is not there is named" "エディタ($T/no-such-editor --flag)を起動できません"
holds "and its file is gone" no_edit_files
send F1
wait_for "ヘルプ"
see_paging "F1 says how the editor is started and that the lock covers it" \
	"開いたエディタも止めて隠し"
send Escape
wait_gone "開いたエディタも止めて隠し"

EDITOR="$T/editor -c --line=1"
printf '%s' '外部のエディタで書いた一文。' >"$T/add"
new_entry
type_text '最初の面談。'
send C-e
see "the editor's text comes back" "最初の面談。外部のエディタで書いた一文。"
holds "no command in the folder's name ran" test ! -e "$HOME.pwned"
holds "the editor got three arguments" test "$(wc -l <"$T/args")" -eq 3
holds "its own words, split on blanks" test "$(sed -n 1,2p "$T/args" | tr '\n' ' ')" = "-c --line=1 "
holds "and the file, in the data folder as it is spelt" \
	test "$(dirname "$(dirname "$(sed -n 3p "$T/args")")")" = "$EDIT_DIR"
holds "the editor's file is gone after it ends" no_edit_files

# Told to end (SIGHUP) while the editor is open: what the editor wrote is
# kept as a draft, and its file goes.
printf '%s' '閉じる前にエディタで書いた文。' >"$T/add"
: >"$T/wait"
send C-e
see "the editor is open" "エディタで編集中"
kill -HUP "$(pane_pid)"
holds "SIGHUP ends the program" exited 10
holds "what the editor wrote is kept as a draft" \
	test "$(drafts_with 閉じる前にエディタで書いた文。)" = 1
holds "the editor's file is gone after SIGHUP" no_edit_files

# A crash (SIGKILL) while the editor is open: the next login offers what
# the editor wrote, as a draft of its field.
sqlite3 "$DB" "DELETE FROM drafts"
printf '%s' 'クラッシュの前にエディタで書いた文。' >"$T/add"
new_entry
type_text '落ちる前の面談。'
send C-e
see "the editor is open again" "エディタで編集中"
kill -KILL "$(pane_pid)"
holds "SIGKILL ends the program" exited 10
holds "the editor's file stays after a crash" \
	grep -rqF 'クラッシュの前にエディタで書いた文。' "$EDIT_DIR"
holds "private: a folder only its owner can open" \
	test "$(find "$EDIT_DIR" -mindepth 1 -type d ! -perm 0700 | wc -l)" = 0
holds "private: files only their owner can read" \
	test "$(find "$EDIT_DIR" -type f ! -perm 0600 | wc -l)" = 0
rm -f "$T/wait"
start
login tanaka tanaka-pass
see "the next login offers it as a draft" "入力中だった下書きがあります"
see "of the progress entry" "鈴木 一郎 支援経過記録シート"
holds "the editor's file is gone once it is a draft" no_edit_files
send Enter
see "the draft restored" "第3号様式 支援経過記録シート"
holds "with what the editor wrote, in its field" \
	joined "落ちる前の面談。クラッシュの前にエディタで書いた文。"
done_testing
