#!/bin/sh
# Logins (issue 13, findings 3 and 7): a login name is one whatever its case
# and width (Admin, ADMIN, ａｄｍｉｎ are admin); a lock can last no longer
# than the policy, whatever end is stored; an unknown name is answered as a
# known one.
. "$(dirname "$0")/../lib.sh"
DB="$T/logins.db"
PW='admin-pass1
'
md --stdin "$PW" -d "$DB" init --admin admin
expect 0 -- "a database with the administrator admin"

# --- one name whatever its case and width ---------------------------------
for name in Admin ADMIN ａｄｍｉｎ ＡＤＭＩＮ; do
	md --stdin "${PW}password-1
" -d "$DB" -u admin user add "$name" --name 偽物 --role admin
	expect 1 stderr-is "madoguchi: ユーザー名 $name は、登録済みの職員 admin(admin)と同じ名前とみなされるため使えません(大文字と小文字、全角と半角は区別しません)" \
		-- "user add $name beside admin is refused, naming admin"
done
holds "no second administrator was made" \
	test "$(sqlite3 "$DB" 'SELECT count(*) FROM users' </dev/null)" = 1
md --stdin "$PW" -d "$DB" -u ADMIN user list
expect 0 stdout-contains "admin	admin	管理者	有効" -- "-u ADMIN logs in as admin"
md --stdin "$PW" -d "$DB" -u ａｄｍｉｎ user list
expect 0 stdout-contains "admin	admin	管理者	有効" -- "-u ａｄｍｉｎ (full width) logs in as admin"
md --stdin "${PW}password-1
" -d "$DB" -u admin user add Tanaka --name '田中 一郎' --role consultant
expect 0 -- "Tanaka is kept as typed"
md --stdin "$PW" -d "$DB" -u admin user disable TANAKA
expect 0 stdout-contains "TANAKA を無効にしました" -- "and found as TANAKA"
md --stdin "$PW" -d "$DB" -u admin user list
expect 0 stdout-contains "Tanaka	田中 一郎	相談支援員	無効" -- "the account Tanaka is the one disabled"

# --- an unknown name is answered as a wrong password -----------------------
md --stdin "$PW" -d "$DB" -u nosuchuser user list
expect 3 stderr-is "madoguchi: ユーザー名またはパスワードが違います" -- "an unknown name: the message of a wrong password"
md --stdin "wrong-pass
" -d "$DB" -u admin user list
expect 3 stderr-is "madoguchi: ユーザー名またはパスワードが違います" -- "a wrong password: the same"
md --stdin "$PW" -d "$DB" -u admin audit
expect 0 stdout-contains "-	ログイン失敗		登録されていないユーザー名" \
	stdout-contains "admin(admin)	ログイン失敗		パスワードの誤り" -- "both attempts are audited"

# --- a forged lock lasts no longer than the policy ---------------------------
sqlite3 "$DB" "UPDATE users SET locked_until = '2099-01-01 00:00:00' WHERE login = 'admin'" </dev/null
md --stdin "$PW" -d "$DB" -u admin user list
expect 3 stderr-is "madoguchi: ログインの失敗が続いたため、2026-04-01 10:15:00 まで admin はログインできません" \
	-- "a lock stored until 2099 ends lockout_minutes (15) from now"
holds "and is stored so" test "$(sqlite3 "$DB" "SELECT locked_until FROM users WHERE login = 'admin'" </dev/null)" = "2026-04-01 10:15:00"
MADOGUCHI_NOW='2026-04-01 10:15:01' md --stdin "$PW" -d "$DB" -u admin user list
expect 0 -- "after it the administrator logs in"

# --- accounts from before that differ only in case --------------------------
OLD="$T/old.db"
md --stdin "$PW" -d "$OLD" init --admin admin
# As a program before migration 8 left it, with Admin beside admin.
sqlite3 "$OLD" "DROP TRIGGER users_login_key_insert; DROP TRIGGER users_login_key_update;
	DROP INDEX users_login_key; ALTER TABLE users DROP COLUMN login_key;
	INSERT INTO users (login, display_name, role, password_hash, created_at, updated_at)
	SELECT 'Admin', '別の管理者', 'admin', password_hash, created_at, updated_at FROM users;
	PRAGMA user_version = 7;" </dev/null
md -d "$OLD" check
expect 0 stdout-contains "注意: ユーザー名 admin、Admin は、大文字と小文字、全角と半角の違いだけの同じ名前です" \
	-- "check migrates and names the two accounts, not as a fault"
md --stdin "$PW" -d "$OLD" -u admin user list
expect 0 stdout-contains "Admin	別の管理者	管理者	有効" -- "admin logs in by its spelling"
md --stdin "$PW" -d "$OLD" -u Admin user list
expect 0 -- "Admin by its own"
md --stdin "$PW" -d "$OLD" -u ADMIN user list
expect 3 stderr-is "madoguchi: ユーザー名またはパスワードが違います" -- "a third spelling means neither"
md --stdin "${PW}password-1
" -d "$OLD" -u admin user add aDMIN --name 三人目 --role consultant
expect 1 stderr-contains "登録済みの職員 admin(" -- "and no third can be added"
md --stdin "$PW" -d "$OLD" -u admin user disable Admin
expect 0 -- "one of them disabled"

done_testing
