#!/bin/sh
# Issue 13, findings 3, 4 and 7: the release program, as `make install`
# puts it, has no test hooks (the clock, the data folder, the system
# configuration, the traces) and trusts only root's definitions and policy:
# forms/ and data/ from its installed share folder, checked to be root's
# alone; the system's keys only from /etc/madoguchi.ini; and configuration
# only from regular files of at most 1 MiB.
#
# It is installed here from a copy of the source with PREFIX under $T (the
# share folder is compiled in), so the tree's own build is left alone.
. "$(dirname "$0")/../lib.sh"
SRC="$T/src" PREFIX="$T/prefix"
SHARE="$PREFIX/share/madoguchi"
B="$PREFIX/bin/madoguchi"

mkdir -p "$SRC"
cp -r "$TOP/Makefile" "$TOP/src" "$TOP/include" "$TOP/data" "$TOP/forms" \
	"$TOP/man" "$SRC/"
if env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -j2 -C "$SRC" install \
	PREFIX="$PREFIX" >"$T/build.log" 2>&1; then
	pass "make install PREFIX=… installs the release program"
else
	fail "make install PREFIX=… installs the release program" "$(tail -n 20 "$T/build.log")"
	done_testing
	exit
fi

# No test hook is compiled in: not even their names.
holds "the installed program has no MADOGUCHI_ names" sh -c "! grep -q MADOGUCHI_ '$B'"
[ -x "$TOP/madoguchi" ] &&
	holds "nor has the tree's ./madoguchi" sh -c "! grep -q MADOGUCHI_ '$TOP/madoguchi'"
holds "the test build has them" grep -q MADOGUCHI_NOW "$MADOGUCHI"

if [ "$(id -u)" != 0 ]; then
	skip "the release program's checks" "it trusts only root's files: run as root"
	done_testing
	exit
fi

run "$B" forms check
expect 0 stdout-contains "$SHARE/forms" -- "it reads the installed definitions"

# The clock: a revision and the audit log are dated by the real clock,
# never by MADOGUCHI_NOW (平成13年 would hide them from audit --since).
export MADOGUCHI_NOW='2001-04-01 10:00:00'
before=$(date +%Y-%m-%d)
DB="$T/release.db"
run --stdin 'kanri-pass1
' "$B" -d "$DB" init --admin kanri --name '管理 花子'
expect 0 -- "init"
run --stdin 'kanri-pass1
tanaka-pass
' "$B" -d "$DB" -u kanri user add tanaka --name '田中 一郎' --role consultant
expect 0 -- "a consultant is added"
run --stdin 'tanaka-pass
' "$B" -d "$DB" -u tanaka case new --name '鈴木 一郎' --kana 'すずき いちろう'
expect 0 -- "a case is opened"
run --stdin 'tanaka-pass
' "$B" -d "$DB" -u tanaka form set 1 reception visitor_name '鈴木 花子'
expect 0 -- "and a form saved"
after=$(date +%Y-%m-%d)
today="substr(at, 1, 10) IN ('$before', '$after')"
holds "the revisions are dated today, whatever MADOGUCHI_NOW says" test \
	"$(sqlite3 "$DB" "SELECT count(*) FROM form_revisions WHERE NOT $today") $(sqlite3 "$DB" "SELECT count(*) > 0 FROM form_revisions")" = "0 1"
holds "and so are the audit rows" test \
	"$(sqlite3 "$DB" "SELECT count(*) FROM audit_log WHERE NOT $today") $(sqlite3 "$DB" "SELECT count(*) > 0 FROM audit_log")" = "0 1"
run --stdin 'kanri-pass1
' "$B" -d "$DB" -u kanri audit
expect 0 stdout-lacks "2001-" stdout-lacks "平成13年" -- "audit shows no forged date"
unset MADOGUCHI_NOW

# Definitions: a copy of the share folder with a changed workflow.ini is
# read neither through MADOGUCHI_DATADIR nor from beside a copied program.
mkdir -p "$T/mine"
cp -r "$SHARE/forms" "$SHARE/data" "$T/mine/"
cp "$TOP/tests/workflow/broken/unknown_role.ini" "$T/mine/forms/workflow.ini"
run env MADOGUCHI_DATADIR="$T/mine" "$MADOGUCHI" forms check
expect 1 stderr-contains "$T/mine/forms/workflow.ini" -- "(the test build reads the changed copy)"
run env MADOGUCHI_DATADIR="$T/mine" "$B" forms check
expect 0 stdout-contains "$SHARE/forms" stderr-empty -- "MADOGUCHI_DATADIR is not read"
cp "$B" "$T/mine/madoguchi"
run "$T/mine/madoguchi" forms check
expect 0 stdout-contains "$SHARE/forms" stderr-empty -- "nor a forms/ folder beside a copy of the program"

# The installed definitions are trusted only while root's alone.
refused() { # refused PATH DESCRIPTION: forms check names PATH
	run "$B" forms check
	expect 1 stderr-contains "madoguchi: $1 は" -- "$2"
}
chown nobody "$SHARE/forms/workflow.ini"
refused "$SHARE/forms/workflow.ini" "a definition owned by another user is refused"
grep -qF "root ではない利用者" "$T/err" && pass "saying whose it is" || fail "saying whose it is"
chown root "$SHARE/forms/workflow.ini"
chmod g+w "$SHARE/forms"
refused "$SHARE/forms" "a forms/ folder the group can write to is refused"
grep -qF "グループやほかの利用者も書き換えられるため読みません" "$T/err" && pass "saying why" || fail "saying why"
chmod g-w "$SHARE/forms"
chmod o+w "$SHARE/data/agencies.csv"
refused "$SHARE/data/agencies.csv" "a data file others can write to is refused"
chmod o-w "$SHARE/data/agencies.csv"
chown -R nobody "$SHARE"
refused "$SHARE" "a share folder given to another user is refused"
chown -R root "$SHARE"
run "$B" forms check
expect 0 -- "root's again, it is read"

# Policy: a user's file sets none of the system's keys; the test hook for
# the system file is not read either.
printf '[security]\nmax_failed_logins = 100\n' >"$T/mine.ini"
run "$B" -c "$T/mine.ini" config
expect 1 stderr-is "madoguchi: $T/mine.ini:2: [security] max_failed_logins はシステムの設定(/etc/madoguchi.ini)の項目です。利用者の設定ファイルでは変えられません" -- \
	"-c FILE setting the lockout is refused"
mkdir -p "$XDG_CONFIG_HOME/madoguchi"
printf '[export]\nencoding = cp932\n[security]\nidle_lock_minutes = 0\n' >"$XDG_CONFIG_HOME/madoguchi/madoguchi.ini"
run "$B" config
expect 1 stderr-contains "madoguchi.ini:4: [security] idle_lock_minutes はシステムの設定" -- \
	"so is the user's own file turning the idle lock off"
rm "$XDG_CONFIG_HOME/madoguchi/madoguchi.ini"
printf '[security]\nmax_failed_logins = 100\n' >"$SYSCONFIG"
run "$B" config
expect 0 stdout-lacks "$SYSCONFIG" stdout-lacks "max_failed_logins = 100" -- "MADOGUCHI_SYSCONFIG is not read"

# Configuration files: regular ones of at most 1 MiB (finding 7).
run sh -c "ulimit -v 1000000; timeout 20 '$B' -c /dev/zero config"
expect 1 stderr-is "madoguchi: /dev/zero は通常のファイルではないため読みません(設定や定義は普通のファイルに書いてください)" -- \
	"-c /dev/zero is refused"
head -c 1100000 /dev/zero | tr '\0' '\n' >"$T/huge.ini"
run "$B" -c "$T/huge.ini" config
expect 1 stderr-contains "$T/huge.ini は大きすぎるため読みません" -- "so is a file over 1 MiB"

done_testing
