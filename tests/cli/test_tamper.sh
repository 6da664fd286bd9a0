#!/bin/sh
# Tamper-evident records (issue 13, finding 8): whoever can write the
# database file with sqlite3 cannot quietly remove or change history. The
# history tables refuse UPDATE and DELETE by trigger; a row of the audit log
# removed or changed once the trigger is dropped breaks the hash chain, and
# `audit verify` and `check` name the first broken link with status 5; a
# role or an account state no audited change explains is reported by check.
. "$(dirname "$0")/../lib.sh"
DB="$XDG_DATA_HOME/madoguchi/madoguchi.db"
PW='admin-pass1
'
T1='tanaka-pass
'
md --stdin "$PW" init --admin kanri
md --stdin "${PW}tanaka-pass
" -u kanri user add tanaka --name '田中 一郎' --role consultant
md --stdin "${PW}sato-pass1
" -u kanri user add sato --name '佐藤 花' --role consultant
md --stdin "$PW" -u kanri user disable sato
md --stdin "$T1" -u tanaka case new --name '鈴木 次郎' --kana 'すずき じろう'
md --stdin "$T1" -u tanaka form set 1 reception wishes "家賃の相談"
md --stdin "$T1" -u tanaka form set 1 reception wishes "家賃と就労の相談"
md --stdin "$T1" -u tanaka export 1 reception -o "$T/r.csv"
expect 0 -- "a few changes and a print to audit"

sq() { run sqlite3 "$1" "$2"; }
# A copy of the database as it is now (the WAL included), to tamper with.
copy() {
	rm -f "$T/$1.db"
	sqlite3 "$DB" "VACUUM INTO '$T/$1.db'" && chmod 600 "$T/$1.db"
}
# refused DESCRIPTION TABLE SQL: sqlite3 fails with the table's trigger.
refused() {
	sq "$DB" "$3"
	if [ "$status" != 0 ] && grep -qF "$2 is append-only" "$T/err"; then
		pass "$1"
	else
		fail "$1" "sqlite3 exit status $status"
	fi
}

# The database refuses to change or remove history, whoever asks.
for table in audit_log form_revisions person_revisions workflow_events; do
	refused "DELETE FROM $table is refused by a trigger" $table "DELETE FROM $table"
	refused "UPDATE $table is refused by a trigger" $table "UPDATE $table SET at = at"
done
refused "not even the last audit row can be deleted" audit_log \
	"DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)"

# Intact: verify prints the rows and the head to note, check agrees.
rows=$(sqlite3 "$DB" "SELECT count(*) FROM audit_log")
md --stdin "$PW" -u kanri audit verify
expect 0 stdout-contains "監査記録の連鎖は切れていません: $((rows + 1)) 行" \
	stdout-contains "最後の行: 番号 $((rows + 1))(2026-04-01 10:00:00)" \
	stdout-contains "控え: $((rows + 1)):" -- "an intact chain verifies, with its head"
anchor=$(sed -n 's/^控え: //p' "$T/out")
holds "the head is the last row's number and hash" \
	test "$anchor" = "$(sqlite3 "$DB" "SELECT id || ':' || hash FROM audit_log ORDER BY id DESC LIMIT 1")"
md check
expect 0 stdout-contains "OK: $DB" stdout-contains "監査記録: $((rows + 1)) 行、連鎖は切れていません" -- "check verifies the chain too"
md --stdin "$PW" -u kanri audit verify --anchor "$anchor"
expect 0 stdout-contains "控え(番号 $((rows + 1)))のハッシュと合っています" -- "the noted head still holds later"
md --stdin "$T1" -u tanaka audit verify
expect 3 stderr-is "madoguchi: 監査記録の検証は管理者だけが行えます" -- "verify is for administrators only"

# A row removed once its trigger is dropped: the next row names the gap.
copy del
sq "$T/del.db" "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 4"
expect 0 -- "dropping the trigger lets sqlite3 delete a row"
md -d "$T/del.db" check
expect 5 stderr-contains "監査記録の連鎖が番号 5(2026-04-01 10:00:00)で切れています: その前の行(番号 4)がありません(削除されています)" \
	stderr-contains "履歴を守るトリガー audit_log_no_delete がありません" \
	stderr-contains "madoguchi: データベースに 1 件の問題があります" -- "check names the removed row and the dropped trigger"
md --stdin "$PW" -d "$T/del.db" -u kanri audit verify
expect 5 stderr-is "madoguchi: 監査記録の連鎖が番号 5(2026-04-01 10:00:00)で切れています: その前の行(番号 4)がありません(削除されています)" -- "verify names the removed row, status 5"

# A row's text changed: that row breaks.
copy upd
sq "$T/upd.db" "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = '別の内容' WHERE id = 6"
md -d "$T/upd.db" check
expect 5 stderr-contains "監査記録の連鎖が番号 6(2026-04-01 10:00:00)で切れています: 行の内容がハッシュと合いません(この行か、その前の行が書き換えられています)" \
	stderr-contains "履歴を守るトリガー audit_log_no_update がありません" -- "check names the changed row"
md --stdin "$PW" -d "$T/upd.db" -u kanri audit verify
expect 5 stderr-contains "番号 6(2026-04-01 10:00:00)で切れています: 行の内容がハッシュと合いません" -- "verify names the changed row"

# The trigger dropped and made again doing nothing: check sees it differs.
copy trg
sq "$T/trg.db" "DROP TRIGGER audit_log_no_delete; CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT 1; END"
md -d "$T/trg.db" check
expect 5 stderr-contains "履歴を守るトリガー audit_log_no_delete がスキーマと違います" -- "a trigger replaced by one that lets rows go is reported"

# The tail cut off, on a later day: the chain left is whole, and only the
# noted head tells (the next login takes the number of the noted row).
copy tail
sq "$T/tail.db" "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id >= ${anchor%%:*}"
MADOGUCHI_NOW='2026-04-02 09:00:00' md --stdin "$PW" -d "$T/tail.db" -u kanri audit verify
expect 0 stdout-contains "監査記録の連鎖は切れていません" -- "a log cut short is a whole chain by itself"
MADOGUCHI_NOW='2026-04-02 09:00:00' md --stdin "$PW" -d "$T/tail.db" -u kanri audit verify --anchor "$anchor"
expect 5 stderr-contains "監査記録の連鎖が番号 ${anchor%%:*}(2026-04-02 09:00:00)で切れています: 控えのハッシュと違います" -- "rows removed from the end are caught by the noted head"

# Roles and account states that no audited change explains.
copy role
sq "$T/role.db" "UPDATE users SET role = 'admin' WHERE login = 'tanaka'"
md -d "$T/role.db" check
expect 5 stderr-contains "職員 tanaka の役割は管理者ですが、監査記録では相談支援員として登録されています(プログラムの外で変えられています)" \
	stderr-contains "madoguchi: 監査記録に 1 件の問題があります" -- "a consultant made 管理者 with sqlite3 is reported"
copy active
sq "$T/active.db" "UPDATE users SET active = 1 WHERE login = 'sato'"
md -d "$T/active.db" check
expect 5 stderr-contains "職員 sato は有効ですが、監査記録では無効です" -- "a disabled account enabled with sqlite3 is reported"
copy intruder
sq "$T/intruder.db" "INSERT INTO users (login, login_key, display_name, role, password_hash, created_at, updated_at) SELECT 'mallory', 'mallory', 'x', 'admin', password_hash, 'x', 'x' FROM users WHERE login = 'tanaka'"
md -d "$T/intruder.db" check
expect 5 stderr-contains "職員 mallory(管理者)の登録が監査記録にありません" -- "an administrator added with sqlite3 is reported"

# Usage.
md -u kanri audit verify --case 1
expect 2 stderr-contains "verify は記録の全体を確かめます" -- "verify takes no filter"
md -u kanri audit --anchor 1:00
expect 2 stderr-contains "--anchor は verify と使います" -- "--anchor without verify"
md -u kanri audit verify --anchor 1:xyz
expect 2 stderr-contains "--anchor: 控えは「番号:ハッシュ」" -- "a malformed anchor"
md -u kanri audit verify extra
expect 2 stderr-contains "余分な引数 extra があります" -- "an extra argument"
md check
expect 0 -- "the original file was never touched"
done_testing
