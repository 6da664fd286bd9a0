#!/bin/sh
# Print says where (issue 15, finding 8): F9 writes into the output folder,
# [export] dir, else $XDG_DOCUMENTS_DIR/madoguchi (the environment, else
# xdg-user-dirs' user-dirs.dirs), else ~/madoguchi, made 0700 when missing,
# and says the file's full path; the commands print to the same folder.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
setup_case 60
cd "$T" || exit 1 # the current folder, which nothing is printed into
LIST=支援ケース一覧.csv
INI="$XDG_CONFIG_HOME/madoguchi/madoguchi.ini"
# said DESCRIPTION TEXT: the message line (one or two rows) says TEXT.
said() {
	i=0
	while [ $i -lt 200 ]; do
		screen | tail -n 3 | head -n 2 | sed 's/^ //' | tr -d '\n' >"$T/said"
		grep -qF -- "$2" "$T/said" && { pass "$1"; return; }
		sleep 0.05
		i=$((i + 1))
	done
	cp "$T/said" "$T/out"; : >"$T/err"
	fail "$1" "the message line lacks «$2»"
}

start
login tanaka tanaka-pass
send /
wait_for "検索:"
send F9
said "with nothing set, F9 prints into ~/madoguchi, naming the full path" "出力しました: $HOME/madoguchi/$LIST"
holds "the file is there" test -s "$HOME/madoguchi/$LIST"
holds "the folder was made for the user alone (0700)" test "$(stat -c %a "$HOME/madoguchi")" = 700
holds "nothing was written in the current folder" test ! -e "$LIST"

# xdg-user-dirs' documents folder (a Japanese desktop's ドキュメント).
mkdir -p "$HOME/ドキュメント"
printf '# written by xdg-user-dirs-update\nXDG_DESKTOP_DIR="$HOME/デスクトップ"\nXDG_DOCUMENTS_DIR="$HOME/ドキュメント"\n' \
	>"$XDG_CONFIG_HOME/user-dirs.dirs"
send F9
said "the documents folder of user-dirs.dirs is used" "出力しました: $HOME/ドキュメント/madoguchi/$LIST"
holds "its madoguchi folder is 0700" test "$(stat -c %a "$HOME/ドキュメント/madoguchi")" = 700

# The commands print to the same folder.
md --stdin 'tanaka-pass
' -u tanaka list --csv --force
expect 0 stdout-contains "出力しました: $HOME/ドキュメント/madoguchi/$LIST" -- "list --csv prints into the same folder, naming its full path"
md --stdin 'tanaka-pass
' -u tanaka export 1 progress
expect 0 stdout-contains "出力しました: $HOME/ドキュメント/madoguchi/1-第3号様式.csv" -- "export too"
md --stdin 'kanri-pass1
' -u kanri audit --csv
expect 0 stdout-contains "出力しました: $HOME/ドキュメント/madoguchi/監査記録.csv" -- "audit --csv too"

# $XDG_DOCUMENTS_DIR in the environment comes first.
send F10
send F10
exited 5
tm set-environment -g XDG_DOCUMENTS_DIR "$T/docs"
start
login tanaka tanaka-pass
send /
wait_for "検索:"
send F9
said "\$XDG_DOCUMENTS_DIR/madoguchi when it is set" "出力しました: $T/docs/madoguchi/$LIST"
send F10
send F10
exited 5

# [export] dir, with ~ for the home folder, made when missing.
printf '[export]\ndir = ~/印刷/csv\n' >"$INI"
start
login tanaka tanaka-pass
send /
wait_for "検索:"
send F9
said "the configured folder, ~ read as the home folder" "出力しました: $HOME/印刷/csv/$LIST"
holds "made when missing, 0700" test "$(stat -c %a "$HOME/印刷/csv")" = 700
# A folder that cannot be made: F9 says so.
send F10
send F10
exited 5
: >"$T/blocker"
printf '[export]\ndir = %s/blocker/csv\n' "$T" >"$INI"
start
login tanaka tanaka-pass
send /
wait_for "検索:"
send F9
said "a folder that cannot be made is named" "フォルダを作成できません: $T/blocker"

done_testing
