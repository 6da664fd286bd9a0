#!/bin/sh
# Commands of the foundation: --help, --version, init, user, check, backup, config.
. "$(dirname "$0")/../lib.sh"
DB="$XDG_DATA_HOME/madoguchi/madoguchi.db"

md --version
expect 0 stdout-contains "madoguchi 0." -- "--version prints the version"
md --help
expect 0 stdout-contains "使い方: madoguchi" stdout-contains "init" stdout-contains "backup" -- "--help lists the commands"
md --bogus
expect 2 stderr-is "madoguchi: 不明なオプション --bogus です
(madoguchi --help で使い方を表示します)" -- "unknown option: exact message, status 2"
md frobnicate
expect 2 stderr-is "madoguchi: 不明なコマンド frobnicate です
(madoguchi --help で使い方を表示します)" -- "unknown command: exact message, status 2"
for c in init user check backup config; do
	md "$c" --help
	expect 0 stdout-contains "使い方:" -- "$c --help"
done

# Before init: check says the database is missing.
md check
expect 1 stderr-is "madoguchi: データベースがありません: $DB (madoguchi init で作成してください)" -- "check before init: exact message"

md --stdin 'first-admin-pw
' init --admin kanri --name '管理 花子'
expect 0 stdout-contains "データベースを作成しました: $DB" stdout-contains "管理者 kanri を登録しました" -- "init creates the database and the first administrator"
holds "database file is 0600" test "$(stat -c %a "$DB")" = 600
holds "database folder is 0700" test "$(stat -c %a "$(dirname "$DB")")" = 700
md --stdin 'first-admin-pw
' init
expect 1 stderr-is "madoguchi: データベースはすでに初期化されています: $DB" -- "init twice is refused"
md init extra
expect 2 stderr-is "madoguchi: 余分な引数 extra があります
(madoguchi init --help で使い方を表示します)" -- "init with an extra argument"

md check
expect 0 stdout-contains "OK: $DB" -- "check after init says OK"
md check extra
expect 2 stderr-contains "余分な引数 extra があります" -- "check with an extra argument"

# Accounts.
md --stdin 'first-admin-pw
tanaka-pass
' -u kanri user add tanaka --name '田中 一郎' --role consultant
expect 0 stdout-contains "職員 tanaka(相談支援員)を登録しました" -- "user add"
md --stdin 'first-admin-pw
x
' -u kanri user add sato --name 佐藤 --role 主任相談支援員
expect 1 stderr-is "madoguchi: パスワードは 8 文字以上にしてください" -- "user add with a short password"
md -u kanri user add sato --name 佐藤
expect 2 stderr-contains "--role で役割を指定してください" -- "user add without a role"
md -u kanri user add sato --role 区長
expect 2 stderr-contains "役割 区長 はありません" -- "user add with an unknown role"
md -u kanri user add
expect 2 stderr-contains "登録するユーザー名を指定してください" -- "user add without a name"
md --stdin 'tanaka-pass
other-pass1
' -u tanaka user add suzuki --role consultant
expect 3 stderr-is "madoguchi: 職員の登録は管理者だけが行えます" -- "a consultant cannot add users"
md --stdin 'first-admin-pw
' -u kanri user list
expect 0 stdout-contains "tanaka	田中 一郎	相談支援員	有効" stdout-contains "kanri	管理 花子	管理者	有効" -- "user list"
md --stdin 'wrong-password
' -u kanri user list
expect 3 stderr-is "madoguchi: ユーザー名またはパスワードが違います" -- "wrong password is refused"
md user list
expect 2 stderr-contains "-u ユーザー名 が必要です" -- "user list without -u"
md --stdin 'tanaka-pass
tanaka-pass2
' -u tanaka user passwd
expect 0 stdout-contains "tanaka のパスワードを変更しました" -- "user passwd for oneself"
md --stdin 'tanaka-pass
' -u tanaka user list
expect 3 -- "old password no longer works"
md --stdin 'first-admin-pw
' -u kanri user disable tanaka
expect 0 stdout-contains "tanaka を無効にしました" -- "user disable"
md --stdin 'tanaka-pass2
' -u tanaka user passwd
expect 3 stderr-is "madoguchi: アカウント tanaka は無効にされています。管理者に連絡してください" -- "disabled account is refused"
md --stdin 'first-admin-pw
' -u kanri user disable kanri
expect 1 stderr-contains "最後の管理者" -- "the last administrator cannot be disabled"
md --stdin 'first-admin-pw
' -u kanri user enable tanaka
expect 0 stdout-contains "tanaka を有効にしました" -- "user enable"
md -u kanri user frob
expect 2 stderr-contains "user の操作 frob はありません" -- "unknown user subcommand"

# Backup.
md --stdin 'first-admin-pw
' -u kanri backup "$T/copy.db"
expect 0 stdout-contains "バックアップを作成しました: $T/copy.db" -- "backup"
holds "backup is 0600" test "$(stat -c %a "$T/copy.db")" = 600
md -d "$T/copy.db" check
expect 0 stdout-contains "OK: $T/copy.db" -- "the backup passes check"
md --stdin 'first-admin-pw
' -u kanri backup "$T/copy.db"
expect 1 stderr-contains "すでにあります。上書きするには --force" -- "backup does not overwrite without --force"
md --stdin 'tanaka-pass2
' -u tanaka backup "$T/copy2.db"
expect 3 stderr-is "madoguchi: バックアップは管理者だけが行えます" -- "backup is for administrators"
md -u kanri backup
expect 2 stderr-contains "バックアップ先のファイルを指定してください" -- "backup without a file"

# Files that are not our database.
echo 'hello' >"$T/notes.txt"
md -d "$T/notes.txt" check
expect 5 stderr-is "madoguchi: $T/notes.txt は madoguchi のデータベースではありません(SQLite のファイルではありません)" -- "a text file is refused"
md -d "$T/nodir/x.db" check
expect 1 stderr-is "madoguchi: データベースのフォルダがありません: $T/nodir" -- "a missing folder is named"

# Configuration.
printf '[office]\nname = 港区窓口\n' >"$SYSCONFIG"
printf '[display]\nambiguous_width = 2\n' >"$T/good.ini"
md -c "$T/good.ini" config
expect 0 stdout-contains "name = 港区窓口" stdout-contains "ambiguous_width = 2" stdout-contains "idle_lock_minutes = 10" -- "config shows the files' values and defaults"
expect 0 stdout-contains "# システムの設定ファイル: $SYSCONFIG" stdout-contains "# 利用者の設定ファイル: $T/good.ini" -- \
	"config names the system's file and the user's"
# above LINE: the line of config's output above LINE.
above() { awk -v l="$1" '$0 == l { print prev; exit } { prev = $0 }' "$T/out"; }
holds "a value from the system file says so" test "$(above 'name = 港区窓口')" = "# $SYSCONFIG:2 から(システムの設定でだけ変えられます)"
holds "a value from the user's file says so" test "$(above 'ambiguous_width = 2')" = "# $T/good.ini:2 から"
holds "a default says so, and whose key it is" test "$(above 'idle_lock_minutes = 10')" = "# 既定値(システムの設定でだけ変えられます)"
rm "$SYSCONFIG"
printf '[office]\nnmae = x\n' >"$T/bad.ini"
md -c "$T/bad.ini" check
expect 1 stderr-is "madoguchi: $T/bad.ini:2: [office] に不明な設定項目 nmae があります" -- "a bad configuration stops every command with file:line"

# The audit log saw the logins and changes.
holds "logins and account changes were audited" test "$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE action IN ('user_add','user_disable','user_enable','user_passwd','backup')")" -ge 5
holds "no password appears in the database" test "$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE detail LIKE '%first-admin-pw%'")" = 0

done_testing
