#!/bin/sh
# Bad input, one table: command lines, configuration files, form values,
# form and workflow definitions and database files a person may get wrong.
# Each row is one test: the exact exit status, the exact message on stderr,
# and nothing stored changed.
#
# A row is one line of a table below:
#
#   STATUS KEEP STDIN ¦ ARGUMENTS ¦ STDERR ¦ WHAT IS BAD
#
# KEEP is what must stay as it was, taken before the row and compared after:
#   file        the bytes of the database (the program must not write it)
#   file:PATH   the bytes of PATH;  none:PATH  PATH still does not exist
#   dump        `sqlite3 DB .dump`, apart from the audit log's rows of
#               logins and refusals (every attempt is audited)
#   fails       the same, apart from the accounts too (a failure is counted)
# STDIN is a printf format (no spaces) fed to the program, or - for none.
# ARGUMENTS are shell words; leading NAME=VALUE words set the environment,
# and AS=nobody runs the program as nobody when the tests run as root (a copy
# nobody can reach, tests/lib.sh's md_nobody).
# STDERR is written without the "madoguchi: " that starts each of its lines;
# " ⏎ " separates lines, and a final " [CMD --help]" or " [--help]" stands
# for the line "(madoguchi CMD --help で使い方を表示します)" of a usage error.
. "$(dirname "$0")/../lib.sh"
DB="$XDG_DATA_HOME/madoguchi/madoguchi.db"
A='admin-pass1\n'  # kanri, 管理者
C='tanaka-pass1\n' # tanaka, 相談支援員
S='sato-pass1\n'   # sato, 主任相談支援員

# The rows of a login or a refusal in the audit log, as .dump writes them.
LOGINS="^INSERT INTO audit_log VALUES\([0-9]+,'[^']*',([0-9]+|NULL),'(login|login_failed|locked|denied|view)',"

# state KEEP: what KEEP names, as it is now.
state() {
	case $1 in
	file) cksum <"$DB"; ls "$DB"* ;;
	file:*) cksum <"${1#file:}"; ls "${1#file:}"* ;;
	none:*) ls "${1#none:}" 2>&1 ;;
	dump) sqlite3 "$DB" .dump </dev/null | grep -Ev "$LOGINS" | cksum ;;
	fails) sqlite3 "$DB" .dump </dev/null | grep -Ev "$LOGINS" |
		grep -v '^INSERT INTO users ' | cksum ;;
	*) echo "bad KEEP $1" >&2; exit 2 ;;
	esac
}

# expected STDERR: the message as the program prints it (see the header).
expected() {
	m=$1 hint=
	case $m in
	*' [--help]') m=${m% \[--help\]}
		hint='(madoguchi --help で使い方を表示します)' ;;
	*' ['*' --help]') hint=${m##* \[}; m=${m% \[*}
		hint="(madoguchi ${hint%]} で使い方を表示します)" ;;
	esac
	out=
	while :; do
		case $m in
		*' ⏎ '*) out="${out}madoguchi: ${m%% ⏎ *}
"; m=${m#* ⏎ } ;;
		*) out="${out}madoguchi: $m"; break ;;
		esac
	done
	[ -z "$hint" ] || out="$out
$hint"
	printf '%s' "$out"
}

# table: run each row of the table on standard input as one test.
table() {
	while IFS= read -r row; do
		case $row in '' | '#'*) continue ;; esac
		case $row in *' ¦ '*' ¦ '*' ¦ '*) ;;
		*) echo "bad row: $row" >&2; exit 2 ;;
		esac
		head=${row%% ¦ *} rest=${row#* ¦ }
		args=${rest%% ¦ *} rest=${rest#* ¦ }
		msg=${rest%% ¦ *} desc=${rest#* ¦ }
		set -f
		set -- $head
		set +f
		want=$1 keep=$2 input=$3
		eval "set -- $args"
		envs= as=
		while :; do
			case ${1:-} in
			AS=*) as=${1#AS=} ;;
			[A-Z]*=*) envs="$envs $1" ;;
			*) break ;;
			esac
			shift
		done
		before=$(state "$keep")
		if [ "$as" = nobody ] && [ "$(id -u)" = 0 ]; then
			if [ "$input" = - ]; then
				md_nobody $envs "$@"
			else
				md_nobody --stdin "$(printf "$input")" $envs "$@"
			fi
		elif [ "$input" = - ]; then
			run env $envs "$MADOGUCHI" "$@"
		else
			run --stdin "$(printf "$input")" env $envs "$MADOGUCHI" "$@"
		fi
		why=
		[ "$status" = "$want" ] || why="exit status $status, expected $want"
		[ "$(cat "$T/err")" = "$(expected "$msg")" ] ||
			why="$why; stderr is not «$(expected "$msg")»"
		[ "$(state "$keep")" = "$before" ] || why="$why; $keep changed"
		if [ -z "$why" ]; then pass "$desc"; else fail "$desc" "$why"; fi
	done
}

# The fixture: four members of staff (one disabled) and one case.
md --stdin "admin-pass1
" init --admin kanri --name '管理 花子'
expect 0 -- "fixture: init"
for u in 'tanaka consultant 田中' 'sato chief 佐藤' 'yamada consultant 山田' \
	'suzuki consultant 鈴木'; do
	set -- $u
	md --stdin "admin-pass1
$1-pass1
" -u kanri user add "$1" --name "$3" --role "$2"
	expect 0 -- "fixture: $1, $2"
done
md --stdin "admin-pass1
" -u kanri user disable yamada
expect 0 -- "fixture: yamada disabled"
md --stdin "tanaka-pass1
" -u tanaka case new --name '髙橋 花子' --kana 'たかはし はなこ' --birth S55.4.1
expect 0 -- "fixture: case 1"
md --stdin "tanaka-pass1
" -u tanaka form set 1 reception received_on R8.4.1 channel 来所
expect 0 -- "fixture: 第1号様式 of case 1"
LATEST=$(sqlite3 "$DB" 'PRAGMA user_version' </dev/null)
cp "$DB" "$T/copy.db"

echo "# command lines"
table <<EOF
2 file - ¦ --bogus ¦ 不明なオプション --bogus です [--help] ¦ an unknown option
2 file - ¦ -x ¦ 不明なオプション -x です [--help] ¦ an unknown short option
2 file - ¦ --config ¦ オプション --config には値が必要です [--help] ¦ --config without its file
2 file - ¦ -d ¦ オプション -d には値が必要です [--help] ¦ -d without its file
2 file - ¦ --help=all ¦ オプション --help には値を付けられません [--help] ¦ --help with a value
2 file - ¦ frobnicate ¦ 不明なコマンド frobnicate です [--help] ¦ an unknown command
2 file - ¦ -c '' config ¦ -c にはファイルの名前を指定してください [--help] ¦ -c with an empty name
2 file - ¦ -d '' check ¦ -d にはファイルの名前を指定してください [--help] ¦ -d with an empty name
2 file - ¦ init extra ¦ 余分な引数 extra があります [init --help] ¦ init: an extra argument
2 file - ¦ init --admin ¦ オプション --admin には値が必要です [init --help] ¦ init: --admin without a name
2 file - ¦ init --admn kanri ¦ 不明なオプション --admn です [init --help] ¦ init: a misspelt option
1 file $A ¦ init --admin kanri ¦ データベースはすでに初期化されています: $DB ¦ init: a second time
2 file - ¦ user ¦ add、list、passwd、disable、enable、unlock のどれかを指定してください [user --help] ¦ user: no subcommand
2 file - ¦ -u kanri user delete tanaka ¦ user の操作 delete はありません [user --help] ¦ user: an unknown subcommand
2 file - ¦ user --force list ¦ 不明なオプション --force です [user --help] ¦ user: an unknown option
2 file - ¦ -u kanri user add ¦ 登録するユーザー名を指定してください [user --help] ¦ user add: no login
2 file - ¦ -u kanri user add ito kato --role chief ¦ 余分な引数 kato があります [user --help] ¦ user add: two logins
2 file - ¦ -u kanri user add ito ¦ --role で役割を指定してください [user --help] ¦ user add: no role
2 file - ¦ -u kanri user add ito --role 区長 ¦ 役割 区長 はありません(consultant、chief、employment、admin) [user --help] ¦ user add: an unknown role
2 file - ¦ -u kanri user add ito --role ¦ オプション --role には値が必要です [user --help] ¦ user add: --role without a role
1 dump ${A}ito-pass1\n ¦ -u kanri user add 'ito jun' --role chief ¦ ユーザー名に使えるのは半角英数字と . _ - だけです ¦ user add: a login with a space
1 dump ${A}ito-pass1\n ¦ -u kanri user add いとう --role chief ¦ ユーザー名に使えるのは半角英数字と . _ - だけです ¦ user add: a login in kana
1 dump ${A}ito-pass1\n ¦ -u kanri user add tanaka --role chief ¦ ユーザー名 tanaka はすでに使われています ¦ user add: a login already used
1 dump ${A}ito-pass1\n ¦ -u kanri user add ito --name '' --role chief ¦ 職員の氏名を入力してください ¦ user add: an empty name
1 dump ${A}short\n ¦ -u kanri user add ito --role chief ¦ パスワードは 8 文字以上にしてください ¦ user add: a password too short
1 dump $A ¦ -u kanri user add ito --role chief ¦ ito の新しいパスワード(8 文字以上)を標準入力から読めませんでした ¦ user add: no new password on stdin
2 file - ¦ -u kanri user list all ¦ 余分な引数 all があります [user --help] ¦ user list: an extra argument
2 file - ¦ user list ¦ この操作には -u ユーザー名 が必要です [--help] ¦ user list: no -u
2 file - ¦ -u kanri user disable ¦ ユーザー名を指定してください [user --help] ¦ user disable: no login
2 file - ¦ -u kanri user enable yamada sato ¦ 余分な引数 sato があります [user --help] ¦ user enable: two logins
1 dump $A ¦ -u kanri user disable ito ¦ 職員 ito は登録されていません ¦ user disable: an unknown login
1 dump $A ¦ -u kanri user disable kanri ¦ kanri は有効な最後の管理者なので無効にできません ¦ user disable: the last administrator
2 file - ¦ -u kanri user passwd tanaka sato ¦ 余分な引数 sato があります [user --help] ¦ user passwd: two logins
1 dump ${A}ito-pass1\n ¦ -u kanri user passwd ito ¦ 職員 ito は登録されていません ¦ user passwd: an unknown login
1 dump ${A}short\n ¦ -u kanri user passwd tanaka ¦ パスワードは 8 文字以上にしてください ¦ user passwd: a password too short
2 file - ¦ check now ¦ 余分な引数 now があります [check --help] ¦ check: an extra argument
2 file - ¦ check --full ¦ 不明なオプション --full です [check --help] ¦ check: an unknown option
2 file - ¦ -u kanri backup ¦ バックアップ先のファイルを指定してください [backup --help] ¦ backup: no file
2 file - ¦ -u kanri backup $T/a.db $T/b.db ¦ 余分な引数 $T/b.db があります [backup --help] ¦ backup: two files
2 file - ¦ -u kanri backup --forse $T/a.db ¦ 不明なオプション --forse です [backup --help] ¦ backup: a misspelt --force
1 dump $A ¦ -u kanri backup $T/copy.db ¦ $T/copy.db はすでにあります。上書きするには --force を付けてください ¦ backup: an existing file without --force
1 dump $A ¦ -u kanri backup --force $DB ¦ $DB は使用中のデータベースそのものです。バックアップ先には別のファイルを指定してください ¦ backup: onto the database itself
1 dump $A ¦ -u kanri backup $T/nodir/a.db ¦ バックアップを作成できません: $T/nodir/a.db (ファイルまたはフォルダがありません) ¦ backup: into a missing folder
2 file - ¦ config all ¦ 余分な引数 all があります [config --help] ¦ config: an extra argument
2 file - ¦ config --all ¦ 不明なオプション --all です [config --help] ¦ config: an unknown option
2 file - ¦ forms --all ¦ forms のオプション --all はありません [forms --help] ¦ forms: an unknown option
2 file - ¦ forms list ¦ forms の操作 list はありません(check のみ) [forms --help] ¦ forms: an unknown subcommand
1 file - ¦ forms check $T/nosuch.ini ¦ $T/nosuch.ini を読めません(ファイルまたはフォルダがありません) ¦ forms check: a missing file
2 file - ¦ -u tanaka case ¦ new、show、reopen のどれかを指定してください [case --help] ¦ case: no subcommand
2 file - ¦ -u tanaka case open 1 ¦ case の操作 open はありません [case --help] ¦ case: an unknown subcommand
2 file - ¦ -u tanaka case new ¦ --name と --kana を指定してください [case --help] ¦ case new: no name
2 file - ¦ -u tanaka case new --name 鈴木 ¦ --name と --kana を指定してください [case --help] ¦ case new: no kana
2 file - ¦ -u tanaka case new --name 鈴木 --kana すずき 男性 ¦ 余分な引数 男性 があります [case --help] ¦ case new: an extra argument
2 file - ¦ -u tanaka case new --name 鈴木 --kana すずき --gender 男性 ¦ 不明なオプション --gender です [case --help] ¦ case new: an unknown option
2 file - ¦ -u tanaka case new --person ¦ オプション --person には値が必要です [case --help] ¦ case new: --person without a number
2 file - ¦ -u tanaka case new --person abc ¦ 本人番号 abc が正しくありません [case --help] ¦ case new: a person number that is not one
1 dump $C ¦ -u tanaka case new --person 99 ¦ 本人(番号 99)が見つかりません ¦ case new: an unknown person
1 dump $C ¦ -u tanaka case new --name 鈴木 --kana すずき --birth 令和0年 ¦ 生年月日: 日付として読めません。令和6年4月1日、R6.4.1、2024-04-01 のように入力してください ¦ case new: 令和0年
1 dump $C ¦ -u tanaka case new --name 鈴木 --kana すずき --birth R8.2.30 ¦ 生年月日: 令和8年(2026年)2月は28日までです ¦ case new: R8.2.30
1 dump $C ¦ -u tanaka case new --name 鈴木 --kana すずき --birth 2026-13-01 ¦ 生年月日: 月は1〜12で入力してください(13月とあります) ¦ case new: month 13
1 dump $C ¦ -u tanaka case new --name 鈴木 --kana すずき --birth 2030-01-01 ¦ 生年月日: 今日より後の日付は入れられません(「2030-01-01」) ¦ case new: born after today
1 dump $C ¦ -u tanaka case new --name 鈴木 --kana すずき --sex 不明 ¦ 性別: 「不明」は選択肢にありません(1〜3 の番号か、選択肢の名前で入力してください) ¦ case new: a sex not in the list
1 dump $C ¦ -u tanaka case new --name 鈴木 --kana すずき --postal 12 ¦ 郵便番号: 郵便番号は 7 桁の数字で入力してください(例: 105-8511)。「12」 ¦ case new: a postal code too short
1 dump $C ¦ -u tanaka case new --name 鈴木 --kana すずき --email suzuki@ ¦ E-mail: メールアドレスの形が正しくありません(例: name@example.jp)。「suzuki@」 ¦ case new: an e-mail address without a domain
2 file - ¦ -u tanaka case show ¦ ケース番号を指定してください [case --help] ¦ case show: no case number
2 file - ¦ -u tanaka case show 1 2 ¦ 余分な引数 2 があります [case --help] ¦ case show: two case numbers
2 file - ¦ -u tanaka case show abc ¦ ケース番号 abc が正しくありません [case --help] ¦ case show: a case number of letters
2 file - ¦ -u tanaka case show 0 ¦ ケース番号 0 が正しくありません [case --help] ¦ case show: case 0
2 file - ¦ -u tanaka case show -1 ¦ ケース番号 -1 が正しくありません [case --help] ¦ case show: a negative case number
2 file - ¦ -u tanaka case show 1x ¦ ケース番号 1x が正しくありません [case --help] ¦ case show: a case number with a letter after it
2 file - ¦ -u tanaka case show 99999999999999999999 ¦ ケース番号 99999999999999999999 が正しくありません [case --help] ¦ case show: a case number too large for any
1 dump $C ¦ -u tanaka case show 99 ¦ ケース 99 は見つかりません ¦ case show: an unknown case
2 file - ¦ -u sato case reopen ¦ ケース番号を指定してください [case --help] ¦ case reopen: no case number
2 file - ¦ -u sato case reopen 1 ¦ --reason で再開の理由を指定してください [case --help] ¦ case reopen: no reason
2 file - ¦ -u sato case reopen 1 2 --reason 再相談 ¦ 余分な引数 2 があります [case --help] ¦ case reopen: two case numbers
1 dump $S ¦ -u sato case reopen 1 --reason '' ¦ 再開の理由を入力してください ¦ case reopen: an empty reason
1 dump $S ¦ -u sato case reopen 1 --reason 再相談 ¦ ケース 1 は終結していません ¦ case reopen: a case that is open
1 dump $S ¦ -u sato case reopen 99 --reason 再相談 ¦ ケース 99 は見つかりません ¦ case reopen: an unknown case
2 file - ¦ -u tanaka step ¦ ケース番号と手順を指定してください [step --help] ¦ step: no arguments
2 file - ¦ -u tanaka step 1 ¦ ケース番号と手順を指定してください [step --help] ¦ step: no step
2 file - ¦ -u tanaka step 1 triage assessment ¦ 余分な引数 assessment があります [step --help] ¦ step: two steps
2 file - ¦ -u tanaka step one triage ¦ ケース番号 one が正しくありません [step --help] ¦ step: a case number of letters
2 file - ¦ -u tanaka step 1 triage --outcome ¦ オプション --outcome には値が必要です [step --help] ¦ step: --outcome without an outcome
2 file - ¦ -u tanaka step 1 triage --result 3 ¦ 不明なオプション --result です [step --help] ¦ step: an unknown option
1 dump $C ¦ -u tanaka step 99 triage --outcome 3 ¦ ケース 99 は見つかりません ¦ step: an unknown case
1 dump $C ¦ -u tanaka step 1 sorting ¦ 手順「sorting」はありません(madoguchi case show 1 で一覧を表示します) ¦ step: an unknown step
1 dump $C ¦ -u tanaka step 1 triage ¦ 振り分けの結果を選んでください(1: 情報提供のみで終了、2: 他制度・他機関へつなぐ、3: 継続支援) ¦ step: no outcome
1 dump $C ¦ -u tanaka step 1 triage --outcome 9 ¦ 振り分けの結果に「9」はありません(1: 情報提供のみで終了、2: 他制度・他機関へつなぐ、3: 継続支援) ¦ step: an outcome number not in the list
1 dump $C ¦ -u tanaka step 1 振り分け --outcome 保留 ¦ 振り分けの結果に「保留」はありません(1: 情報提供のみで終了、2: 他制度・他機関へつなぐ、3: 継続支援) ¦ step: an outcome name not in the list
1 dump $C ¦ -u tanaka step 1 triage --outcome 3 --date 令和0年 ¦ 振り分けの日付: 日付として読めません。令和6年4月1日、R6.4.1、2024-04-01 のように入力してください ¦ step: --date 令和0年
1 dump $C ¦ -u tanaka step 1 triage --outcome 3 --date R8.2.30 ¦ 振り分けの日付: 令和8年(2026年)2月は28日までです ¦ step: --date R8.2.30
1 dump $C ¦ -u tanaka step 1 triage --outcome 3 --date 2026-13-01 ¦ 振り分けの日付: 月は1〜12で入力してください(13月とあります) ¦ step: --date 2026-13-01
1 dump $C ¦ -u tanaka step 1 triage --outcome 3 --date 2027-01-01 ¦ 振り分けの日付に先の日付(2027-01-01)は入れられません ¦ step: --date after today
1 dump $C ¦ -u tanaka step 1 triage --outcome 3 --follow-up R8.5.1 ¦ 「継続支援」ではフォローアップ予定日を記録しません ¦ step: a follow-up the outcome does not take
1 dump $C ¦ -u tanaka step 1 triage --outcome 2 ¦ 「他制度・他機関へつなぐ」にはつなぎ先(関係機関)が必要です ¦ step: a referral without its agency
1 dump $C ¦ -u tanaka step 1 triage --outcome 2 --agency 区役所 ¦ 関係機関「区役所」は一覧にありません(名称か別名、またはその始めで入力してください。madoguchi agency list で確かめられます) ¦ step: an agency not in the catalogue
1 dump $C ¦ -u tanaka step 1 reception ¦ 手順「相談受付」はすでに記録されています(令和8年4月1日 10:00:00 田中) ¦ step: a step already taken
1 dump $C ¦ -u tanaka step 1 assessment ¦ 手順「アセスメント」はまだ行えません: アセスメントを開始するには、振り分けで「継続支援」を選ぶ必要があります ⏎ アセスメントを開始するには、第1号様式の本人署名と情報共有への同意が必要です ⏎ アセスメントを開始するには、第1号様式(利用申込・本人同意)を完了して記録する必要があります ¦ step: a step whose prerequisites do not hold
1 dump $C ¦ -u tanaka step 1 triage --outcome 3 --how 電話 ¦ 振り分けでは方法を記録しません ¦ step: a way of doing it the step does not take
1 dump $C ¦ -u tanaka step 1 triage --outcome 3 --note 電話で確認 ¦ 振り分けではメモを記録しません ¦ step: a note the step does not take
2 file - ¦ -u tanaka followup ¦ ケース番号を指定してください [followup --help] ¦ followup: no case
2 file - ¦ -u tanaka followup 1 2 --result 1 --how 1 ¦ 余分な引数 2 があります [followup --help] ¦ followup: two cases
2 file - ¦ -u tanaka followup one --result 1 --how 1 ¦ ケース番号 one が正しくありません [followup --help] ¦ followup: a case number of letters
2 file - ¦ -u tanaka followup 1 --how 1 --result ¦ オプション --result には値が必要です [followup --help] ¦ followup: --result without a result
2 file - ¦ -u tanaka followup 1 --outcome 1 --how 1 ¦ 不明なオプション --outcome です [followup --help] ¦ followup: step's --outcome is --result here
1 dump $C ¦ -u tanaka followup 99 --result 1 --how 1 ¦ ケース 99 は見つかりません ¦ followup: an unknown case
1 dump $C ¦ -u tanaka followup 1 --result 1 --how 1 ¦ 手順「フォローアップ」はまだ行えません: フォローアップは、他制度・他機関や福祉事務所へつないだあと、または終結したあとに記録します(001 第9条(5)・(9))。支援中の連絡は支援経過(第3号様式)に記録してください ¦ followup: a case still in support (001 第9条(9)エ)
2 file - ¦ -u tanaka due --days week ¦ --days には 0 から 3660 の日数を指定してください [due --help] ¦ due: --days not a number
2 file - ¦ -u tanaka due --days= ¦ --days には 0 から 3660 の日数を指定してください [due --help] ¦ due: --days empty
2 file - ¦ -u tanaka due --days -1 ¦ --days には 0 から 3660 の日数を指定してください [due --help] ¦ due: --days negative
2 file - ¦ -u tanaka due --days 3661 ¦ --days には 0 から 3660 の日数を指定してください [due --help] ¦ due: --days over ten years
2 file - ¦ -u tanaka due --days 7d ¦ --days には 0 から 3660 の日数を指定してください [due --help] ¦ due: --days with a unit
2 file - ¦ -u tanaka due 7 ¦ 余分な引数 7 があります [due --help] ¦ due: an argument without --days
2 file - ¦ -u tanaka form ¦ set、show、history、diff のどれかを指定してください [form --help] ¦ form: no subcommand
2 file - ¦ -u tanaka form get 1 reception ¦ form の操作 get はありません [form --help] ¦ form: an unknown subcommand
2 file - ¦ -u tanaka form set 1 ¦ ケース番号と様式を指定してください [form --help] ¦ form set: no form
2 file - ¦ -u tanaka form set 1 reception ¦ FIELD VALUE の組を指定してください [form --help] ¦ form set: no field
2 file - ¦ -u tanaka form set 1 reception channel ¦ FIELD VALUE の組を指定してください [form --help] ¦ form set: a field without its value
2 file - ¦ -u tanaka form set one reception channel 来所 ¦ ケース番号 one が正しくありません [form --help] ¦ form set: a case number of letters
2 file - ¦ -u tanaka form set 1 reception channel 来所 --seq 0 ¦ --seq には 1 以上の番号を指定してください [form --help] ¦ form set: --seq 0
2 file - ¦ -u tanaka form set 1 reception channel 来所 --seq 2x ¦ --seq には 1 以上の番号を指定してください [form --help] ¦ form set: --seq with a letter
1 dump $C ¦ -u tanaka form set 1 evaluation remaining なし --new ¦ 第5号様式(評価シート)の新しい回は、手順「評価」を記録すると始まります(手順がその回を読むため、回は手順だけが始めます)。--new を付けずに、いまの回に入力してください ¦ form set: --new on a form whose rounds a step opens (001 第9条(9))
1 dump $C ¦ -u tanaka form set 1 reception channel 来所 --new ¦ 第1号様式(相談申込・受付票)の新しい回はありません(手順が 1 回だけ読む様式です)。--new を付けずに、いまの回に入力してください ¦ form set: --new on a form read once
2 file - ¦ -u tanaka form set 1 reception channel 来所 --seq 1 --new ¦ --seq と --new は一緒に指定できません [form --help] ¦ form set: --seq and --new together
2 file - ¦ -u tanaka form set 1 reception channel 来所 --revision 1 ¦ --revision は form show のオプションです [form --help] ¦ form set: --revision
2 file - ¦ -u tanaka form set 1 reception channel 来所 --force ¦ 不明なオプション --force です [form --help] ¦ form set: an unknown option
1 dump $C ¦ -u tanaka form set 99 reception channel 来所 ¦ ケース 99 は見つかりません ¦ form set: an unknown case
1 dump $C ¦ -u tanaka form set 1 第9号様式 channel 来所 ¦ 様式「第9号様式」はありません ¦ form set: an unknown form number
1 dump $C ¦ -u tanaka form set 1 referral channel 来所 ¦ 様式「referral」はありません ¦ form set: an unknown form id
1 dump $C ¦ -u tanaka form set 1 reception channel 来所 --seq 5 ¦ ケース 1 の相談申込・受付票(5)はありません ¦ form set: a round that does not exist
2 file - ¦ -u tanaka form show 1 ¦ ケース番号と様式を指定してください [form --help] ¦ form show: no form
2 file - ¦ -u tanaka form show 1 reception intake ¦ 余分な引数 intake があります [form --help] ¦ form show: two forms
2 file - ¦ -u tanaka form show 1 reception --new ¦ --new は form set のオプションです [form --help] ¦ form show: --new
2 file - ¦ -u tanaka form show 1 reception --revision 0 ¦ --revision には 1 以上の版を指定してください [form --help] ¦ form show: --revision 0
2 file - ¦ -u tanaka form show 1 reception --revision ¦ オプション --revision には値が必要です [form --help] ¦ form show: --revision without a number
1 dump $C ¦ -u tanaka form show 1 reception --revision 9 ¦ 版 9 はありません ¦ form show: a revision that does not exist
1 dump $C ¦ -u tanaka form show 1 intake --revision 1 ¦ この様式はまだ保存されていません ¦ form show: a revision of a form never saved
2 file - ¦ -u tanaka form history 1 reception --revision 1 ¦ --revision は form show のオプションです [form --help] ¦ form history: --revision
1 dump $C ¦ -u tanaka form history 1 intake ¦ この様式はまだ保存されていません ¦ form history: a form never saved
2 file - ¦ -u tanaka form diff 1 reception 1 ¦ 比べる 2 つの版を指定してください [form --help] ¦ form diff: one revision
2 file - ¦ -u tanaka form diff 1 reception 1 2 3 ¦ 比べる 2 つの版を指定してください [form --help] ¦ form diff: three revisions
2 file - ¦ -u tanaka form diff 1 reception 1 2x ¦ 版は 1 以上の番号で指定してください [form --help] ¦ form diff: a revision with a letter
1 dump $C ¦ -u tanaka form diff 1 reception 1 9 ¦ 版 9 はありません ¦ form diff: a revision that does not exist
2 file - ¦ -u tanaka export ¦ ケース番号と様式を指定してください [export --help] ¦ export: no arguments
2 file - ¦ -u tanaka export 1 reception intake ¦ 余分な引数 intake があります [export --help] ¦ export: two forms
2 file - ¦ -u tanaka export one reception ¦ ケース番号 one が正しくありません [export --help] ¦ export: a case number of letters
2 file - ¦ -u tanaka export 1 reception --encoding sjis ¦ 文字コード sjis は使えません(utf8-bom、utf8、cp932) [export --help] ¦ export: --encoding sjis
2 file - ¦ -u tanaka export 1 reception --encoding UTF-8 ¦ 文字コード UTF-8 は使えません(utf8-bom、utf8、cp932) [export --help] ¦ export: --encoding UTF-8
2 file - ¦ -u tanaka export 1 reception --encoding ¦ オプション --encoding には値が必要です [export --help] ¦ export: --encoding without a name
2 file - ¦ -u tanaka export 1 reception --revision 2x ¦ --revision には 1 以上の版を指定してください [export --help] ¦ export: --revision with a letter
2 file - ¦ -u tanaka export 1 reception --seq 0 ¦ --seq には 1 以上の番号を指定してください [export --help] ¦ export: --seq 0
2 file - ¦ -u tanaka export 1 reception -o ¦ オプション -o には値が必要です [export --help] ¦ export: -o without a file
2 file - ¦ -u tanaka export 1 reception --csv ¦ export は常に CSV です(--csv は list のオプションです) [export --help] ¦ export: --csv
1 dump $C ¦ -u tanaka export 1 第9号様式 -o $T/x.csv ¦ 様式「第9号様式」はありません(madoguchi forms で一覧を表示します) ¦ export: an unknown form
1 dump $C ¦ -u tanaka export 99 reception -o $T/x.csv ¦ ケース 99 は見つかりません ¦ export: an unknown case
1 dump $C ¦ -u tanaka export 1 reception --revision 9 -o $T/x.csv ¦ 版 9 はありません ¦ export: a revision that does not exist
1 dump $C ¦ -u tanaka export 1 reception -o $T/nodir/x.csv ¦ $T/nodir/x.csv を作成できません(ファイルまたはフォルダがありません) ¦ export: into a missing folder
1 dump $C ¦ -u tanaka export 1 reception -o $T --force ¦ $T はフォルダです。ファイルの名前を指定してください ¦ export: onto a folder
2 file - ¦ -u tanaka list ¦ --csv を指定してください(一覧は CSV に印刷します) [list --help] ¦ list: no --csv
2 file - ¦ -u tanaka list --csv all ¦ 余分な引数 all があります [list --help] ¦ list: an extra argument
2 file - ¦ -u tanaka list --csv --revision 1 ¦ --revision と --seq は export のオプションです [list --help] ¦ list: --revision
2 file - ¦ -u tanaka list --csv --encoding latin1 ¦ 文字コード latin1 は使えません(utf8-bom、utf8、cp932) [list --help] ¦ list: an unknown encoding
2 file - ¦ -u tanaka search ¦ 探すケース番号、氏名かふりがなを指定してください [search --help] ¦ search: nothing to look for
2 file - ¦ -u tanaka search '　 ' ¦ 探すケース番号、氏名かふりがなを指定してください [search --help] ¦ search: only spaces
2 file - ¦ -u tanaka search --entries ¦ 探す言葉を指定してください [search --help] ¦ search --entries: no words
2 file - ¦ -u tanaka search --open --entries 家賃 ¦ --open と --entries は一緒に使えません [search --help] ¦ search: --open with --entries
2 file - ¦ -u tanaka search --closed 田中 ¦ 不明なオプション --closed です [search --help] ¦ search: an unknown option
1 dump $C ¦ -u tanaka search ぬ ¦ 「ぬ」に当たるケースはありません ¦ search: nothing found
1 dump $C ¦ -u tanaka search --entries 猫 犬 ¦ 「猫 犬」を含む支援経過はありません ¦ search --entries: nothing found
2 file - ¦ -u tanaka agency ¦ list、add、import、provisional、confirm、merge、correct のどれかを指定してください [agency --help] ¦ agency: no subcommand
2 file - ¦ -u tanaka agency remove 区役所 ¦ agency の操作 remove はありません [agency --help] ¦ agency: an unknown subcommand
2 file - ¦ -u tanaka agency list all ¦ 余分な引数 all があります [agency --help] ¦ agency list: an extra argument
2 file - ¦ -u kanri agency add ¦ 関係機関の名称を指定してください [agency --help] ¦ agency add: no name
2 file - ¦ -u kanri agency add 区役所 市役所 ¦ 余分な引数 市役所 があります [agency --help] ¦ agency add: two names
2 file - ¦ -u kanri agency add 区役所 --type 行政 ¦ 不明なオプション --type です [agency --help] ¦ agency add: an unknown option
2 file - ¦ -u kanri agency add 区役所 --alias 'a|b' ¦ 別名に | は使えません(別名ごとに --alias を付けてください) [agency --help] ¦ agency add: two aliases in one --alias
1 dump $A ¦ -u kanri agency add '' ¦ 関係機関の名称を入力してください ¦ agency add: an empty name
1 dump $A ¦ -u kanri agency add 'ハローワーク(公共職業安定所)' ¦ 関係機関「ハローワーク(公共職業安定所)」はすでにあります ¦ agency add: a name already there
2 file - ¦ -u kanri agency import ¦ 読み込む CSV ファイルを指定してください [agency --help] ¦ agency import: no file
2 file - ¦ -u kanri agency import a.csv b.csv ¦ 余分な引数 b.csv があります [agency --help] ¦ agency import: two files
1 dump $A ¦ -u kanri agency import $T/nosuch.csv ¦ $T/nosuch.csv を読めません(ファイルまたはフォルダがありません) ¦ agency import: a missing file
2 file - ¦ -u tanaka count --from R6.4.1 ¦ --from と --to で期間を指定してください [count --help] ¦ count: no end of the period
2 file - ¦ -u tanaka count --from R6.4.1 --to R7.3.31 --by year ¦ --by には month、office、staff のどれかを指定してください [count --help] ¦ count: --by of nothing it knows
2 file - ¦ -u tanaka count --from R6.4.1 --to R7.3.31 1 ¦ 余分な引数 1 があります [count --help] ¦ count: an extra argument
1 dump $C ¦ -u tanaka count --from R7.3.31 --to R6.4.1 ¦ 期間の終わり(令和6年4月1日)が始まり(令和7年3月31日)より前です ¦ count: a period that ends before it starts
1 dump $C ¦ -u tanaka count --from R6.4.1 --to R7.2.29 ¦ --to: 令和7年(2025年)2月は28日までです ¦ count: a day that does not exist
1 dump $C ¦ -u tanaka count --from R6.4.1 --to R7.3.31 --office 赤坂 ¦ --office: 事業所「赤坂」はありません(事業所はまだ登録されていません。管理者が madoguchi office add で登録します) ¦ count: an office that does not exist
2 file - ¦ demo ¦ generate を指定してください [demo --help] ¦ demo: no subcommand
2 file - ¦ demo generate --cases 0 ¦ --cases には 1 から 50000000 までの数を指定してください(「0」) [demo --help] ¦ demo: no cases
1 file - ¦ -d $DB demo generate --cases 1 ¦ $DB には既にデータがあります(デモデータは新しいデータベースにだけ作れます) ¦ demo: into a database in use
EOF

echo "# who may do what"
table <<EOF
3 fails suzuki-pass2\n ¦ -u suzuki due ¦ ユーザー名またはパスワードが違います ¦ a wrong password
3 dump whatever1\n ¦ -u ito due ¦ ユーザー名またはパスワードが違います ¦ an unknown user
3 dump yamada-pass1\n ¦ -u yamada due ¦ アカウント yamada は無効にされています。管理者に連絡してください ¦ a disabled user
3 dump - ¦ -u tanaka due ¦ tanaka のパスワードを標準入力から読めませんでした ¦ no password on stdin
3 dump $C ¦ -u tanaka user list ¦ 職員の一覧は管理者だけが行えます ¦ a consultant lists the accounts
3 dump $C ¦ -u tanaka user disable sato ¦ アカウントの無効化は管理者だけが行えます ¦ a consultant disables an account
3 dump ${C}sato-pass2\n ¦ -u tanaka user passwd sato ¦ 他の職員のパスワードの変更は管理者だけが行えます ¦ a consultant sets another's password
3 dump ${C}ito-pass1\n ¦ -u tanaka user add ito --role admin ¦ 職員の登録は管理者だけが行えます ¦ a consultant adds an administrator
3 dump $C ¦ -u tanaka backup $T/a.db ¦ バックアップは管理者だけが行えます ¦ a consultant makes a backup
3 dump $C ¦ -u tanaka agency add 区役所 ¦ 関係機関の登録は管理者だけが行えます ¦ a consultant adds an agency
3 dump $C ¦ -u tanaka agency import $T/nosuch.csv ¦ 関係機関の一覧の読み込みは管理者だけが行えます ¦ a consultant imports agencies
3 dump $C ¦ -u tanaka case reopen 1 --reason 再相談 ¦ 終結したケースを再開できるのは主任相談支援員と管理者です(田中 さんは 相談支援員) ¦ a consultant reopens a case
EOF

echo "# configuration files"
mkdir -p "$T/ini"
conf() { printf "$2" >"$T/ini/$1.ini"; }
conf syntax '[office\nname = 港区\n'
conf before '; 設定\nname = 港区\n[office]\n'
conf nokv '[office]\nname\n'
conf nokey '[office]\n= 港区\n'
conf section '[offcie]\nname = 港区\n'
conf key '[office]\nnmae = 港区\n'
conf dupkey '[office]\nname = 港区\nname = 芝区\n'
conf dupsec '[office]\n[display]\n[office]\n'
conf idle '[security]\nidle_lock_minutes = 1441\n'
conf idleneg '[security]\nidle_lock_minutes = -1\n'
conf idleword '[security]\nidle_lock_minutes = ten\n'
conf idlereal '[security]\nidle_lock_minutes = 1.5\n'
conf idleempty '[security]\nidle_lock_minutes =\n'
conf fails '[security]\nmax_failed_logins = 0\n'
conf width '[display]\nambiguous_width = 3\n'
conf autosave '[drafts]\nautosave_seconds = 0\n'
conf encoding '[export]\nencoding = sjis\n'
conf months '[workflow]\nevaluation_months = 3,6,12\n'
conf semicolon '[office]\nname = 港区; 生活支援センター\n'
conf seminame '[office]\nhead_title = 港区長;区長\n'
conf hash '[security]\nidle_lock_minutes = 10 # 十分\n'
conf quote '[office]\nname = "港区生活支援センター\n'
conf control '[office]\nname = 港区\t支所\n'
conf utf8 '[office]\nname = \377\376\n'
conf long "[office]\nname = $(printf '%01100d' 0)\n"
conf many '[office]\nnmae = 港区\n[security]\nlockout_minutes = 0\n'
conf policy '[display]\nambiguous_width = 2\n[security]\nmax_failed_logins = 100\n'
chmod 644 "$T/ini/"*.ini
table <<EOF
1 file - ¦ -c $T/ini/syntax.ini check ¦ $T/ini/syntax.ini:1: セクションの見出しが ] で閉じられていません ⏎ $T/ini/syntax.ini:2: セクション([…])より前に設定があります ¦ a section heading without ]
1 file - ¦ -c $T/ini/before.ini check ¦ $T/ini/before.ini:2: セクション([…])より前に設定があります ¦ a key before any section
1 file - ¦ -c $T/ini/nokv.ini check ¦ $T/ini/nokv.ini:2: 「キー = 値」の形になっていません ¦ a line without =
1 file - ¦ -c $T/ini/nokey.ini check ¦ $T/ini/nokey.ini:2: キーの名前がありません ¦ a value without a key
1 file - ¦ -c $T/ini/section.ini check ¦ $T/ini/section.ini:1: 不明なセクション [offcie] です ¦ an unknown section
1 file - ¦ -c $T/ini/key.ini check ¦ $T/ini/key.ini:2: [office] に不明な設定項目 nmae があります ¦ an unknown key
1 file - ¦ -c $T/ini/dupkey.ini check ¦ $T/ini/dupkey.ini:3: [office] の name が重複しています(2 行目にもあります) ¦ a key twice
1 file - ¦ -c $T/ini/dupsec.ini check ¦ $T/ini/dupsec.ini:3: セクション [office] が重複しています(1 行目にもあります) ¦ a section twice
1 file - ¦ MADOGUCHI_SYSCONFIG=$T/ini/idle.ini check ¦ $T/ini/idle.ini:2: [security] idle_lock_minutes の値「1441」が正しくありません。0 から 1440 の整数を指定してください ¦ idle_lock_minutes over a day
1 file - ¦ MADOGUCHI_SYSCONFIG=$T/ini/idleneg.ini check ¦ $T/ini/idleneg.ini:2: [security] idle_lock_minutes の値「-1」が正しくありません。0 から 1440 の整数を指定してください ¦ idle_lock_minutes negative
1 file - ¦ MADOGUCHI_SYSCONFIG=$T/ini/idleword.ini check ¦ $T/ini/idleword.ini:2: [security] idle_lock_minutes の値「ten」が正しくありません。0 から 1440 の整数を指定してください ¦ idle_lock_minutes a word
1 file - ¦ MADOGUCHI_SYSCONFIG=$T/ini/idlereal.ini check ¦ $T/ini/idlereal.ini:2: [security] idle_lock_minutes の値「1.5」が正しくありません。0 から 1440 の整数を指定してください ¦ idle_lock_minutes a fraction
1 file - ¦ MADOGUCHI_SYSCONFIG=$T/ini/idleempty.ini check ¦ $T/ini/idleempty.ini:2: [security] idle_lock_minutes の値「」が正しくありません。0 から 1440 の整数を指定してください ¦ idle_lock_minutes empty
1 file - ¦ MADOGUCHI_SYSCONFIG=$T/ini/fails.ini check ¦ $T/ini/fails.ini:2: [security] max_failed_logins の値「0」が正しくありません。1 から 100 の整数を指定してください ¦ max_failed_logins 0
1 file - ¦ -c $T/ini/width.ini check ¦ $T/ini/width.ini:2: [display] ambiguous_width の値「3」が正しくありません。1 から 2 の整数を指定してください ¦ ambiguous_width 3
1 file - ¦ -c $T/ini/autosave.ini check ¦ $T/ini/autosave.ini:2: [drafts] autosave_seconds の値「0」が正しくありません。1 から 600 の整数を指定してください ¦ autosave_seconds 0
1 file - ¦ -c $T/ini/encoding.ini check ¦ $T/ini/encoding.ini:2: [export] encoding の値「sjis」が正しくありません。utf8-bom、utf8、cp932 のどれかを指定してください ¦ an unknown encoding
1 file - ¦ MADOGUCHI_SYSCONFIG=$T/ini/months.ini check ¦ $T/ini/months.ini:2: [workflow] evaluation_months は設定ファイルの項目ではなくなりました。手順の定義 forms/workflow.ini の [workflow] evaluation_months(例: 3|6|12) に書いてください ¦ evaluation_months moved to the definition (issue 16), said where
1 file - ¦ -c $T/ini/semicolon.ini check ¦ $T/ini/semicolon.ini:2: [office] name の値の「;」から後ろはコメントとして読み捨てられます。; を値に含めるときは値全体を "…" で囲み、コメントは別の行に書いてください ¦ a ; inside an office name
1 file - ¦ MADOGUCHI_SYSCONFIG=$T/ini/seminame.ini check ¦ $T/ini/seminame.ini:2: [office] head_title の値の「;」から後ろはコメントとして読み捨てられます。; を値に含めるときは値全体を "…" で囲み、コメントは別の行に書いてください ¦ a ; inside the head's title
1 file - ¦ -c $T/ini/hash.ini check ¦ $T/ini/hash.ini:2: [security] idle_lock_minutes の値の「#」から後ろはコメントとして読み捨てられます。# を値に含めるときは値全体を "…" で囲み、コメントは別の行に書いてください ¦ a comment after a value
1 file - ¦ -c $T/ini/quote.ini check ¦ $T/ini/quote.ini:2: [office] name の値の引用符 " が閉じられていません ¦ a quote left open
1 file - ¦ MADOGUCHI_SYSCONFIG=$T/ini/control.ini check ¦ $T/ini/control.ini:2: name: 制御文字(U+0009)は入力できません ¦ a tab inside a value
1 file - ¦ -c $T/ini/utf8.ini check ¦ $T/ini/utf8.ini:2: UTF-8 として読めない文字があります ¦ a value not in UTF-8
1 file - ¦ -c $T/ini/long.ini check ¦ $T/ini/long.ini:2: 行が長すぎます(1107 バイト)。1 行は 1023 バイトまでです。長い文は行末に \ を置いて次の行に続けてください ¦ a line over 1023 bytes
1 file - ¦ MADOGUCHI_SYSCONFIG=$T/ini/many.ini check ¦ $T/ini/many.ini:2: [office] に不明な設定項目 nmae があります ⏎ $T/ini/many.ini:4: [security] lockout_minutes の値「0」が正しくありません。1 から 1440 の整数を指定してください ¦ two faults, both named
1 file - ¦ -c $T/ini/nosuch.ini check ¦ $T/ini/nosuch.ini を読めません(ファイルまたはフォルダがありません) ¦ -c names a missing file
1 file - ¦ -c $T/ini check ¦ $T/ini を読めません(フォルダです) ¦ -c names a folder
1 file - ¦ -c /dev/zero check ¦ /dev/zero は通常のファイルではないため読みません(設定や定義は普通のファイルに書いてください) ¦ -c names a device (issue 13, finding 7)
1 file - ¦ -c $T/ini/policy.ini check ¦ $T/ini/policy.ini:4: [security] max_failed_logins はシステムの設定($SYSCONFIG)の項目です。利用者の設定ファイルでは変えられません ¦ -c sets the system's lockout (issue 13, finding 4)
EOF

echo "# form values (madoguchi form set)"
X51=$(printf 'あ%.0s' $(seq 51))
X4001=$(printf 'あ%.0s' $(seq 4001))
table <<EOF
1 dump $C ¦ -u tanaka form set 1 reception received_on 令和0年 ¦ 受付日: 日付として読めません。令和6年4月1日、R6.4.1、2024-04-01 のように入力してください ¦ date: 令和0年
1 dump $C ¦ -u tanaka form set 1 reception received_on R8.2.30 ¦ 受付日: 令和8年(2026年)2月は28日までです ¦ date: R8.2.30
1 dump $C ¦ -u tanaka form set 1 reception received_on 2026-13-01 ¦ 受付日: 月は1〜12で入力してください(13月とあります) ¦ date: month 13
1 dump $C ¦ -u tanaka form set 1 reception received_on 2026-02-29 ¦ 受付日: 2026年2月は28日までです ¦ date: 29 February of a common year
1 dump $C ¦ -u tanaka form set 1 reception received_on 平成31年5月1日 ¦ 受付日: 平成は2019年4月30日までです。2019年5月1日は令和元年5月1日です ¦ date: 平成 after its end
1 dump $C ¦ -u tanaka form set 1 reception received_on 令和元年4月30日 ¦ 受付日: 令和は2019年5月1日からです。2019年4月30日は平成31年4月30日です ¦ date: 令和 before its start
1 dump $C ¦ -u tanaka form set 1 reception received_on 明治1年1月1日 ¦ 受付日: 日付は明治6年1月1日(1873年1月1日)から入力できます。日本が太陽暦(グレゴリオ暦)を採用した日で、それより前は旧暦の日付です ¦ date: before the Gregorian calendar (改暦ノ布告)
1 dump $C ¦ -u tanaka form set 1 reception received_on 1872-12-31 ¦ 受付日: 日付は明治6年1月1日(1873年1月1日)から入力できます。日本が太陽暦(グレゴリオ暦)を採用した日で、それより前は旧暦の日付です ¦ date: ISO before 1873
1 dump $C ¦ -u tanaka form set 1 reception received_on 明治5年12月3日 ¦ 受付日: 明治5年12月3日〜31日という日はありません(改暦で明治5年12月2日の翌日が明治6年1月1日になりました)。日付は明治6年1月1日(1873年1月1日)から入力できます。日本が太陽暦(グレゴリオ暦)を採用した日で、それより前は旧暦の日付です ¦ date: 明治5年12月3日 never was
1 dump $C ¦ -u tanaka form set 1 reception received_on 昨日 ¦ 受付日: 日付として読めません。令和6年4月1日、R6.4.1、2024-04-01 のように入力してください ¦ date: a word
1 dump $C ¦ -u tanaka form set 1 reception birth_date R9.1.1 ¦ 生年月日: 今日より後の日付は入れられません(「R9.1.1」) ¦ date: born after today
1 dump $C ¦ -u tanaka form set 1 progress entry_date R8.4.1 entry_time 25:00 ¦ 時刻: 時は0〜23で入力してください(25時とあります) ¦ time: hour 25
1 dump $C ¦ -u tanaka form set 1 progress entry_date R8.4.1 entry_time 10時70分 ¦ 時刻: 分は0〜59で入力してください(70分とあります) ¦ time: minute 70
1 dump $C ¦ -u tanaka form set 1 reception household_count 二人 ¦ 同居人数: 数字で入力してください。「二人」は読めません ¦ number: in kanji
1 dump $C ¦ -u tanaka form set 1 reception household_count 1.5 ¦ 同居人数: 数字で入力してください。「1.5」は読めません ¦ number: a fraction
1 dump $C ¦ -u tanaka form set 1 reception household_count -1 ¦ 同居人数: 1 以上で入力してください(「-1」) ¦ number: negative
1 dump $C ¦ -u tanaka form set 1 reception household_count 99999999999999999999 ¦ 同居人数: 数字で入力してください。「99999999999999999999」は読めません ¦ number: too large for any
1 dump $C ¦ -u tanaka form set 1 progress entry_date R8.4.1 minutes -5 ¦ 所要時間(分): 0 以上で入力してください(「-5」) ¦ number: negative minutes
1 dump $C ¦ -u tanaka form set 1 intake rent 五万円 ¦ 家賃(月額): 金額は数字で入力してください(例: 45,000円)。「五万円」は読めません ¦ yen: in kanji
1 dump $C ¦ -u tanaka form set 1 intake family.1.age 七十 ¦ 家族構成(年齢): 数字で入力してください。「七十」は読めません ¦ table: a number column in kanji
1 dump $C ¦ -u tanaka form set 1 intake family.0.relation 母 ¦ 家族構成 に「family.0.relation」という欄はありません ¦ table: row 0
1 dump $C ¦ -u tanaka form set 1 intake family.1.job 無職 ¦ 家族構成 に「family.1.job」という欄はありません ¦ table: an unknown column
1 dump $C ¦ -u tanaka form set 1 intake income.1.kind 宝くじ ¦ 収入(月額)(種類): 「宝くじ」は選択肢にありません(1〜5 の番号か、選択肢の名前で入力してください) ¦ table: a choice column not in the list
1 dump $C ¦ -u tanaka form set 1 reception phone_home 123 ¦ 電話(自宅): 電話番号は 0 から始まる 10 桁か 11 桁の数字で入力してください(例: 03-1234-5678)。「123」 ¦ phone: three digits
1 dump $C ¦ -u tanaka form set 1 reception postal_code 12345 ¦ 郵便番号: 郵便番号は 7 桁の数字で入力してください(例: 105-8511)。「12345」 ¦ postal: five digits
1 dump $C ¦ -u tanaka form set 1 reception email hanako.example.jp ¦ E-mail: メールアドレスの形が正しくありません(例: name@example.jp)。「hanako.example.jp」 ¦ email: without @
1 dump $C ¦ -u tanaka form set 1 reception channel 手紙 ¦ 相談方法: 「手紙」は選択肢にありません(1〜5 の番号か、選択肢の名前で入力してください) ¦ choice: a name not in the list
1 dump $C ¦ -u tanaka form set 1 reception channel 6 ¦ 相談方法: 「6」は選択肢にありません(1〜5 の番号か、選択肢の名前で入力してください) ¦ choice: a number past the list
1 dump $C ¦ -u tanaka form set 1 reception channel 0 ¦ 相談方法: 「0」は選択肢にありません(1〜5 の番号か、選択肢の名前で入力してください) ¦ choice: number 0
1 dump $C ¦ -u tanaka form set 1 reception channel.other 手紙 ¦ 相談方法(その他 の内容): 「その他」を選んだときだけ入力できます ¦ choice: other text without その他
1 dump $C ¦ -u tanaka form set 1 reception topics '住まいについて|宝くじ' ¦ ご相談の内容: 「宝くじ」は選択肢にありません(1〜16 の番号か、選択肢の名前で入力してください) ¦ multi: one option not in the list
1 dump $C ¦ -u tanaka form set 1 reception topics 住まいについて topics.primary 仕事探し、就職について ¦ 一番お困りのこと: 「仕事探し、就職について」は ご相談の内容 で選ばれていません ¦ multi: a ◎ not among those chosen
1 dump $C ¦ -u tanaka form set 1 reception signed たぶん ¦ 本人署名: 「はい」か「いいえ」で入力してください(「たぶん」) ¦ yesno: たぶん
1 dump $C ¦ -u tanaka form set 1 reception received_by ito ¦ 受付者: 職員「ito」は登録されていません ¦ staff: an unknown login
1 dump $C ¦ -u tanaka form set 1 reception route_agency 区役所 ¦ 紹介元の関係機関: 関係機関「区役所」は一覧にありません(名称か別名、またはその始めで入力してください。madoguchi agency list で確かめられます) ¦ agency: not in the catalogue
1 dump $C ¦ -u tanaka form set 1 reception kana $X51 ¦ ふりがな: 50 文字以内で入力してください(いま 51 文字) ¦ text: over its max of 50
1 dump $C ¦ -u tanaka form set 1 reception wishes $X4001 ¦ ご相談されたいこと、ご支援にあたっての希望: 4000 文字以内で入力してください(いま 4001 文字) ¦ textarea: over 4000 characters
1 dump $C ¦ -u tanaka form set 1 reception visitor_name "\$(printf '田中\001')" ¦ 来談者 氏名: 制御文字(U+0001)は入力できません ¦ text: a control character
1 dump $C ¦ -u tanaka form set 1 reception visitor_name "\$(printf '\377\376')" ¦ 来談者 氏名: 文字として読めないデータが含まれています(1 バイト目) ¦ text: bytes that are not UTF-8
1 dump $C ¦ -u tanaka form set 1 reception consent_text 同意します ¦ (申込・同意文) は入力できない項目です ¦ fixed: text that is not typed
1 dump $C ¦ -u tanaka form set 1 reception name '' ¦ 本人の氏名とふりがなは消せません ¦ required: the name emptied
1 dump $C ¦ -u tanaka form set 1 reception kana '' ¦ 本人の氏名とふりがなは消せません ¦ required: the kana emptied
1 dump $C ¦ -u tanaka form set 1 reception triage 継続支援 ¦ 振り分け結果 は手順(振り分けや会議の結果など)を記録すると入ります。様式からは変えられません ¦ workflow-owned: the triage result
1 dump $C ¦ -u tanaka form set 1 intake screening 'プラン作成(継続支援)' ¦ スクリーニング結果 は手順(振り分けや会議の結果など)を記録すると入ります。様式からは変えられません ¦ workflow-owned: the screening result
1 dump $C ¦ -u tanaka form set 1 reception nosuch 値 ¦ 相談申込・受付票 に「nosuch」という項目はありません ¦ an unknown field
1 dump $C ¦ -u tanaka form set 1 reception channel 手紙 signed たぶん household_count 二人 ¦ 相談方法: 「手紙」は選択肢にありません(1〜5 の番号か、選択肢の名前で入力してください) ⏎ 同居人数: 数字で入力してください。「二人」は読めません ⏎ 本人署名: 「はい」か「いいえ」で入力してください(「たぶん」) ¦ three faults at once, each named, none saved
EOF

echo "# form and workflow definitions (MADOGUCHI_DATADIR)"
# datadir NAME FILE AS: a copy of forms/ and data/ with FILE put in as AS.
datadir() {
	mkdir -p "$T/defs/$1"
	cp -r "$TOP/forms" "$TOP/data" "$T/defs/$1/"
	[ -z "$2" ] || cp "$2" "$T/defs/$1/forms/$3"
}
for f in unknown_type options_missing duplicate_field long_line syntax \
	unknown_section person_type_mismatch comment_in_value open_quote; do
	datadir "$f" "$TOP/tests/forms/broken/$f.ini" "$f.ini"
done
for f in unknown_step unknown_role unknown_field bad_condition unreachable \
	missing_why back_to_later; do
	datadir "wf-$f" "$TOP/tests/workflow/broken/$f.ini" workflow.ini
done
datadir nowf "" ""; rm "$T/defs/nowf/forms/workflow.ini"
datadir noforms "" ""; rm "$T/defs/noforms/forms/"*.ini
datadir nodir "" ""; rm -r "$T/defs/nodir/forms"
D="$T/defs"
table <<EOF
1 file - ¦ MADOGUCHI_DATADIR=$D/unknown_type forms ¦ $D/unknown_type/forms/unknown_type.ini:9: [field.a] の型 texts は使えません(text、textarea、date、time、number、yen、phone、postal、email、choice、multi、yesno、staff、agency、fixed、table のどれか) ⏎ 様式の定義に 1 件の誤りがあります ¦ form: an unknown type
1 file - ¦ MADOGUCHI_DATADIR=$D/options_missing forms ¦ $D/options_missing/forms/options_missing.ini:6: [field.a] に選択肢(options = 選択肢1|選択肢2|…)がありません ⏎ 様式の定義に 1 件の誤りがあります ¦ form: a choice without options
1 file - ¦ MADOGUCHI_DATADIR=$D/duplicate_field forms ¦ $D/duplicate_field/forms/duplicate_field.ini:12: セクション [field.a] が重複しています(6 行目にもあります) ⏎ $D/duplicate_field/forms/duplicate_field.ini:13: [field.a] の label が重複しています(7 行目にもあります) ⏎ 様式の定義に 2 件の誤りがあります ¦ form: a field twice
1 file - ¦ MADOGUCHI_DATADIR=$D/long_line forms ¦ $D/long_line/forms/long_line.ini:10: 行が長すぎます(1207 バイト)。1 行は 1023 バイトまでです。長い文は行末に \ を置いて次の行に続けてください ⏎ 様式の定義に 1 件の誤りがあります ¦ form: a line too long for iniparser
1 file - ¦ MADOGUCHI_DATADIR=$D/syntax forms check ¦ $D/syntax/forms/syntax.ini:5: 「キー = 値」の形になっていません ⏎ 様式の定義に 1 件の誤りがあります ¦ form: a line without =
1 file - ¦ MADOGUCHI_DATADIR=$D/unknown_section forms ¦ $D/unknown_section/forms/unknown_section.ini:6: 不明なセクション [feild.a] です([form]、[field.キー]、[column.表.列] のどれか) ⏎ $D/unknown_section/forms/unknown_section.ini:2: 項目([field.キー])が 1 つもありません ⏎ 様式の定義に 2 件の誤りがあります ¦ form: a misspelt section
1 file - ¦ MADOGUCHI_DATADIR=$D/person_type_mismatch forms ¦ $D/person_type_mismatch/forms/person_type_mismatch.ini:12: [field.birth] を本人の birth_date に結び付けるには型を date にしてください ⏎ 様式の定義に 1 件の誤りがあります ¦ form: a person field of the wrong type
1 file - ¦ MADOGUCHI_DATADIR=$D/comment_in_value forms ¦ $D/comment_in_value/forms/comment_in_value.ini:10: [field.a] options の値の「;」から後ろはコメントとして読み捨てられます。; を値に含めるときは値全体を "…" で囲み、コメントは別の行に書いてください ⏎ 様式の定義に 1 件の誤りがあります ¦ form: options cut by a ;
1 file - ¦ MADOGUCHI_DATADIR=$D/open_quote forms ¦ $D/open_quote/forms/open_quote.ini:10: [field.a] help の値の引用符 " が閉じられていません ⏎ 様式の定義に 1 件の誤りがあります ¦ form: a quote left open
1 dump $C ¦ MADOGUCHI_DATADIR=$D/unknown_type -u tanaka form show 1 reception ¦ $D/unknown_type/forms/unknown_type.ini:9: [field.a] の型 texts は使えません(text、textarea、date、time、number、yen、phone、postal、email、choice、multi、yesno、staff、agency、fixed、table のどれか) ⏎ 様式の定義に 1 件の誤りがあります ¦ form: a broken definition stops form show
1 file - ¦ MADOGUCHI_DATADIR=$D/wf-unknown_step forms check ¦ $D/wf-unknown_step/forms/workflow.ini:11: [step.b]: 手順 nosuch はありません ⏎ 手順の定義に 1 件の誤りがあります ¦ workflow: an unknown step
1 file - ¦ MADOGUCHI_DATADIR=$D/wf-unknown_role forms check ¦ $D/wf-unknown_role/forms/workflow.ini:6: [step.a]: 役割 kucho はありません(consultant、chief、employment、admin) ⏎ 手順の定義に 1 件の誤りがあります ¦ workflow: an unknown role
1 file - ¦ MADOGUCHI_DATADIR=$D/wf-unknown_field forms check ¦ $D/wf-unknown_field/forms/workflow.ini:11: [step.b]: reception に項目 signature はありません ⏎ 手順の定義に 1 件の誤りがあります ¦ workflow: an unknown field
1 file - ¦ MADOGUCHI_DATADIR=$D/wf-bad_condition forms check ¦ $D/wf-bad_condition/forms/workflow.ini:11: [step.b]: 条件「finished a」が読めません(done、outcome、complete、yes、filled、has、passed、due のどれかで始めてください) ⏎ 手順の定義に 1 件の誤りがあります ¦ workflow: a condition it cannot read
1 file - ¦ MADOGUCHI_DATADIR=$D/wf-unreachable forms check ¦ $D/wf-unreachable/forms/workflow.ini:11: 手順 b(B)にはどの道筋からも進めません(need の条件を満たせる手順がありません) ⏎ $D/wf-unreachable/forms/workflow.ini:16: 手順 c(C)にはどの道筋からも進めません(need の条件を満たせる手順がありません) ⏎ 手順の定義に 2 件の誤りがあります ¦ workflow: steps nothing reaches
1 file - ¦ MADOGUCHI_DATADIR=$D/wf-missing_why forms check ¦ $D/wf-missing_why/forms/workflow.ini:14: [step.b] に why.1(need.1 が満たされないときの説明)がありません ⏎ 手順の定義に 1 件の誤りがあります ¦ workflow: a condition without its reason
1 dump $C ¦ MADOGUCHI_DATADIR=$D/wf-back_to_later -u tanaka step 1 triage --outcome 3 ¦ $D/wf-back_to_later/forms/workflow.ini:4: 手順 a の結果「戻る」の back_to は前の手順にしてください ⏎ 手順の定義に 1 件の誤りがあります ¦ workflow: a broken definition stops step
1 file - ¦ MADOGUCHI_DATADIR=$D/nowf forms check ¦ $D/nowf/forms/workflow.ini を読めません(ファイルまたはフォルダがありません) ¦ workflow: workflow.ini missing
1 file - ¦ MADOGUCHI_DATADIR=$D/noforms forms ¦ $D/noforms/forms: 様式の定義(*.ini)が 1 つもありません ⏎ 様式の定義に 1 件の誤りがあります ¦ forms/ without a form
1 file - ¦ MADOGUCHI_DATADIR=$D/nodir forms ¦ 様式のフォルダ $D/nodir/forms を開けません(ファイルまたはフォルダがありません) ¦ forms/ missing
EOF

echo "# database files"
cp "$T/copy.db" "$T/newer.db"
sqlite3 "$T/newer.db" 'PRAGMA user_version = 99' </dev/null
sqlite3 "$T/other.db" 'CREATE TABLE notes (x); INSERT INTO notes VALUES (1)' </dev/null
cp "$T/copy.db" "$T/otherapp.db"
sqlite3 "$T/otherapp.db" 'PRAGMA application_id = 12345' </dev/null
head -c 5000 "$T/copy.db" >"$T/truncated.db"
echo '氏名,ふりがな' >"$T/text.db"
: >"$T/empty.db"
# Read-only for whoever runs the program: nobody, when the tests run as root,
# in the folder nobody can reach (tests/lib.sh, open_folder).
open_folder
mkdir "$OPEN/ro" && cp "$T/copy.db" "$OPEN/ro/ro.db" &&
	chmod 755 "$OPEN/ro" && chmod 444 "$OPEN/ro/ro.db"
table <<EOF
5 file:$T/newer.db $C ¦ -d $T/newer.db -u tanaka due ¦ $T/newer.db はより新しい版の madoguchi で作成されています(データベースの版 99、このプログラムは版 $LATEST まで)。madoguchi を更新してください ¦ a newer schema version
5 file:$T/newer.db - ¦ -d $T/newer.db check ¦ $T/newer.db はより新しい版の madoguchi で作成されています(データベースの版 99、このプログラムは版 $LATEST まで)。madoguchi を更新してください ¦ check of a newer schema version
5 file:$T/other.db $C ¦ -d $T/other.db -u tanaka due ¦ $T/other.db は madoguchi のデータベースではありません(別のアプリケーションの SQLite ファイルです) ¦ a foreign SQLite file
5 file:$T/otherapp.db - ¦ -d $T/otherapp.db check ¦ $T/otherapp.db は madoguchi のデータベースではありません(別のアプリケーションの SQLite ファイルです) ¦ an SQLite file of another application id
5 file:$T/truncated.db $C ¦ -d $T/truncated.db -u tanaka due ¦ データベースが壊れています。madoguchi check で確認してください(データベースを開く。SQLite: database disk image is malformed) ¦ a truncated file
5 file:$T/text.db $C ¦ -d $T/text.db -u tanaka due ¦ $T/text.db は madoguchi のデータベースではありません(SQLite のファイルではありません) ¦ a text file
1 file:$T/empty.db $C ¦ -d $T/empty.db -u tanaka due ¦ データベースが初期化されていません: $T/empty.db (madoguchi init で作成してください) ¦ an empty file
1 none:$T/missing.db $C ¦ -d $T/missing.db -u tanaka due ¦ データベースがありません: $T/missing.db (madoguchi init で作成してください) ¦ a missing file without init
1 none:$T/nodir $C ¦ -d $T/nodir/m.db -u tanaka due ¦ データベースのフォルダがありません: $T/nodir ¦ a missing folder
5 file - ¦ -d $T/ini check ¦ $T/ini はフォルダです。データベースのファイルを指定してください ¦ a folder
1 file:$OPEN/ro/ro.db $C ¦ AS=nobody -d $OPEN/ro/ro.db -u tanaka due ¦ データベースに書き込めません(読み取り専用です): $OPEN/ro/ro.db ¦ a read-only file
EOF

# An immutable file refuses even root: chattr +i where the file system has it.
cp "$T/copy.db" "$T/immutable.db"
if chattr +i "$T/immutable.db" 2>/dev/null; then
	trap 'chattr -i "$T/immutable.db"; tidy' EXIT
	table <<EOF
1 file:$T/immutable.db $C ¦ -d $T/immutable.db -u tanaka due ¦ データベースに書き込めません(読み取り専用です): $T/immutable.db ¦ an immutable file (chattr +i)
EOF
	chattr -i "$T/immutable.db"
else
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - an immutable file # SKIP chattr +i needs root and a file system that has it"
fi

done_testing
