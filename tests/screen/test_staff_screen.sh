#!/bin/sh
# Staff on screen (issue 15, finding 8): the administrator registers staff,
# disables and re-enables them and sets a new password from the 職員
# screen, through the core (which audits each); the key is shown to an
# administrator only.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
setup_users
DB="$XDG_DATA_HOME/madoguchi/madoguchi.db"
# The lockout is the system's policy (/etc/madoguchi.ini in a release).
printf '[security]\nmax_failed_logins = 2\nfailed_login_delay_seconds = 0\n' \
	>"$SYSCONFIG"
audited() { sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE action = '$1'"; }

# A consultant: no key, and the key refused.
start
login tanaka tanaka-pass
screen | tail -n 1 >"$T/bar"
holds "a consultant's key bar has no 職員" sh -c "! grep -qF 'u職員' '$T/bar'"
send u
see "a consultant pressing u is told who may" "職員の管理は管理者だけが行えます"
dont_see "and sees no list of staff" "職員の一覧"
send F1
wait_for "キー:"
dont_see "F1 does not offer it to a consultant" "職員の一覧。登録"
send Escape
send F10
exited 5

start
login kanri kanri-pass1
see "the administrator's key bar has 職員" "u職員"
send F1
see_paging "F1 names the key for the administrator" "職員の一覧。登録・無効化・パスワードの再設定(管理者)"
send Escape
wait_for "今日の予定"
send u
see "u opens the staff screen" "職員の一覧(2 人)"
see "each account with its name" "田中 一郎"
see "its role and state" "相談支援員     有効"

# Register 佐藤 美咲 as 主任相談支援員; a short password is refused and
# everything is asked again as typed.
send a
see "a asks the login" "登録する職員のユーザー名"
type_text sato
send Enter
see "then the name" "氏名(画面と記録に出る名前)"
type_text '佐藤 美咲'
send Enter
see "then the role" "主任相談支援員"
send 2
see "then the password" "sato の新しいパスワード(8 文字以上)"
type_text short
send Enter
see "twice" "確認のため、もう一度パスワード"
type_text short
send Enter
see "a short password is refused with the core's reason" "8 文字以上"
see "the login is asked again, as typed" "sato"
send Enter
wait_for "氏名(画面と記録に出る名前)"
send Enter
wait_for "役割"
send Enter
wait_for "sato の新しいパスワード"
type_text sato-pass1
send Enter
wait_for "確認のため"
type_text sato-pass2
send Enter
see "two passwords that differ are asked again" "2 回のパスワードが違います"
type_text sato-pass1
send Enter
wait_for "確認のため"
type_text sato-pass1
send Enter
see "the member of staff is registered" "職員 佐藤 美咲(sato、主任相談支援員)を登録しました"
see "and listed" "職員の一覧(3 人)"
holds "the registration is audited by the core" test "$(audited user_add)" -ge 3
md --stdin 'sato-pass1
' -u sato case new --name '鈴木 一郎' --kana 'すずき いちろう'
expect 0 -- "the new member of staff logs in with the password"

# Disable tanaka (the last in login order), with a confirmation naming them.
send End
send d
see "disabling asks, naming the person" "田中 一郎(tanaka、相談支援員)を無効にしますか"
send n
dont_see "no is nothing" "を無効にしました"
send d
wait_for "を無効にしますか"
send y
see "the account is disabled" "田中 一郎(tanaka)を無効にしました"
see "and shown so" "相談支援員     無効"
md --stdin 'tanaka-pass
' -u tanaka case show 1
expect 3 -- "the disabled member of staff cannot log in"
holds "disabling is audited" test "$(audited user_disable)" = 1

send d
see "enabling asks too" "田中 一郎(tanaka、相談支援員)を有効に戻しますか"
send y
see "the account is enabled again" "田中 一郎(tanaka)を有効に戻しました"
holds "enabling is audited" test "$(audited user_enable)" = 1

# Locked after failed logins: shown with its end, and a new password ends it.
md --stdin 'wrong-pass
' -u tanaka case show 1
md --stdin 'wrong-pass
' -u tanaka case show 1
send F5
see "a lockout is shown with its end, in 和暦" "R8.4.1 10:15:00 まで"

# A new password (Enter offers the same, chosen from a list).
send Enter
see "Enter offers what can be done" "パスワードを再設定する"
send 1
wait_for "tanaka の新しいパスワード"
type_text tanaka-new1
send Enter
wait_for "確認のため"
type_text tanaka-new1
send Enter
see "the password is set" "田中 一郎(tanaka)のパスワードを再設定しました"
dont_see "and the lockout is over" "10:15:00 まで"
md --stdin 'tanaka-new1
' -u tanaka case show 1
expect 0 -- "tanaka logs in with the new password"
holds "the new password is audited" test "$(audited user_passwd)" -ge 1

# The last administrator cannot be disabled: the core says so.
send Home
send d
wait_for "管理 花子(kanri、管理者)を無効にしますか"
send y
see "the core refuses to disable the last administrator" "kanri は有効な最後の管理者なので無効にできません"
see "kanri stays enabled" "管理者         有効"

send F10
see "F10 goes back home" "今日の予定"

done_testing
