#!/bin/sh
# Files the program makes are its user's alone whatever the umask (0600,
# folders 0700); a database or configuration others can get at draws a
# warning; the process allows no core dump.
. "$(dirname "$0")/../lib.sh"
PW='admin-pass1
'
umask 000
md --stdin "$PW" init --admin kanri
expect 0 -- "init under umask 000"
DB="$XDG_DATA_HOME/madoguchi/madoguchi.db"
holds "the database is 0600" test "$(stat -c %a "$DB")" = 600
holds "its folder is 0700" test "$(stat -c %a "$XDG_DATA_HOME/madoguchi")" = 700
md --stdin "${PW}tanaka-pass1
" -u kanri user add tanaka --name '田中 一郎' --role consultant
expect 0 -- "a consultant"
md --stdin "tanaka-pass1
" -u tanaka case new --name '鈴木 次郎' --kana 'すずき じろう'
expect 0 -- "a case (a consultant's: 相談受付 is not the administrator's)"
for f in "$DB-wal" "$DB-shm"; do
	if [ -e "$f" ]; then
		holds "$(basename "$f") is 0600 or less" sh -c "test \$((0$(stat -c %a "$f") & 077)) = 0"
	fi
done
md --stdin "$PW" -u kanri export 1 reception -o "$T/r.csv"
holds "an export is 0600" test "$(stat -c %a "$T/r.csv")" = 600
md --stdin "$PW" -u kanri list --csv -o "$T/l.csv"
holds "the case list is 0600" test "$(stat -c %a "$T/l.csv")" = 600
md --stdin "$PW" -u kanri backup "$T/b.db"
expect 0 -- "a backup"
holds "a backup is 0600" test "$(stat -c %a "$T/b.db")" = 600
md --stdin "$PW" -u kanri audit --csv -o "$T/a.csv"
holds "the audit CSV is 0600" test "$(stat -c %a "$T/a.csv")" = 600
umask 022

chmod 644 "$DB"
md check
expect 0 stderr-contains "を他の利用者も読み書きできます。chmod 600 で本人だけにしてください" -- \
	"a database others can read draws a warning"
chmod 600 "$DB"
md check
expect 0 stderr-empty -- "and none when it is the user's alone"
mkdir -p "$XDG_CONFIG_HOME/madoguchi"
printf '[export]\ndir = /srv/csv\n' >"$XDG_CONFIG_HOME/madoguchi/madoguchi.ini"
chmod 664 "$XDG_CONFIG_HOME/madoguchi/madoguchi.ini"
md config
expect 0 stderr-contains "を他の利用者も書き換えられます" -- "a configuration others can change draws a warning"
chmod 644 "$XDG_CONFIG_HOME/madoguchi/madoguchi.ini"
md config
expect 0 stderr-empty -- "one others can only read does not"

# No core dump: the running screens' limits.
. "$(dirname "$0")/../screen/tmux.sh"
start -d "$DB"
wait_for "パスワード" 10
pid=$(pane_pid)
holds "the running program may write no core file" test \
	"$(awk '/^Max core file size/ { print $5 }' "/proc/$pid/limits")" = 0
send F10
done_testing
