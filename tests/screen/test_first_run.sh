#!/bin/sh
# First run: the screen asks for the first administrator, who then logs in;
# a wrong password is refused with its message.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

start
see "a new database asks for the first administrator" "最初の管理者を登録します"
send C-u
type_text kanri
send Tab
type_text '管理 花子'
send Tab
type_text 'kanri-pass1'
send Tab
type_text 'kanri-pass2'
send Enter
see "two different passwords are refused" "2 回入力したパスワードが一致しません"
# Both passwords are asked again, from the first.
type_text 'kanri-pass1'
send Tab
type_text 'kanri-pass1'
send Enter
see "the administrator is registered and logged in" "今日の予定"
see "the title bar names the user and role" "管理 花子・管理者"
send F1
see "F1 shows the keys of the screen" "キー:"
see_paging "and the process guide" "相談の流れ"
send Escape
wait_for "今日の予定"
send F10
wait_for "madoguchi を終了しますか"
send y
if exited 5; then pass "F10 on the home screen quits, once asked"; else fail "F10 on the home screen quits, once asked"; fi

start
wait_for "ユーザー名"
dont_see "an existing database does not ask for an administrator again" "最初の管理者"
type_text kanri
send Tab
type_text wrong-password
send Enter
see "a wrong password is refused" "ユーザー名またはパスワードが違います"
holds "logins and the failure are audited" test "$(sqlite3 "$XDG_DATA_HOME/madoguchi/madoguchi.db" "SELECT count(*) FROM audit_log WHERE action IN ('login','login_failed')")" -ge 2

done_testing
