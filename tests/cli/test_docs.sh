#!/bin/sh
# The man pages describe what the program does now: every configuration key
# with its default, every command, and they render without warnings.
. "$(dirname "$0")/../lib.sh"
MAN1="$TOP/man/madoguchi.1"
MAN5="$TOP/man/madoguchi.ini.5"

for page in "$MAN1" "$MAN5" "$TOP"/man/*.5; do
	run man --warnings -l "$page"
	if [ "$status" = 0 ] && [ ! -s "$T/err" ]; then
		pass "$(basename "$page") renders without warnings"
	else
		fail "$(basename "$page") renders without warnings"
	fi
done

# Every key the program knows (from its one table, via `config`), with its
# section, its default and whether only the system configuration sets it,
# is documented.
md config
section= prev=
while IFS= read -r line; do
	case $line in
	\[*\]) section=${line#[}; section=${section%]}
		grep -qF ".SS [$section]" "$MAN5" && pass "section [$section] documented" ||
			fail "section [$section] documented" ;;
	*' = '*)
		key=${line%% = *}; value=${line#* = }
		awk -v k="$key" -v v="$value" '
			$0 == ".B " k { found = 1; next }
			found && /^\.TP/ { exit 1 }
			found && /^Default:/ { getline d; if (v == "" || index(d, v)) { ok = 1; exit 0 } }
			END { exit !ok }' "$MAN5" && pass "[$section] $key and its default «$value» documented" ||
			fail "[$section] $key and its default «$value» documented"
		case $prev in *システムの設定でだけ*) want=1 scope="system" ;; *) want=0 scope="user" ;; esac
		awk -v k="$key" -v want="$want" '
			$0 == ".B " k { found = 1; next }
			found && /^Set only in the system configuration\.$/ { sys = 1 }
			found && /^Default:/ { exit }
			END { exit !(found && sys == want) }' "$MAN5" &&
			pass "[$section] $key documented as the $scope's" ||
			fail "[$section] $key documented as the $scope's" ;;
	esac
	prev=$line
done <"$T/out"

# The test hooks (include/madoguchi/hooks.h) are listed for developers in
# the README, and are not in the manual: the release program has none.
for hook in $(sed -n 's/^[[:space:]]*X(\([A-Z_0-9]*\), ".*/\1/p' "$TOP/include/madoguchi/hooks.h"); do
	grep -qF "MADOGUCHI_$hook\`" "$TOP/README.md" && pass "hook MADOGUCHI_$hook in README" ||
		fail "hook MADOGUCHI_$hook in README"
	grep -qF "MADOGUCHI_$hook" "$MAN1" && fail "hook MADOGUCHI_$hook not in madoguchi.1" ||
		pass "hook MADOGUCHI_$hook not in madoguchi.1"
done

# Every command of --help has an entry in madoguchi.1.
md --help
for cmd in $(sed -n 's/^  \([a-z][a-z]*\)  *.*/\1/p' "$T/out"); do
	grep -qE "^\.B $cmd( |\$)" "$MAN1" && pass "command $cmd documented" ||
		fail "command $cmd documented"
done

# Subcommands of audit each have an entry too, and --help names them.
md audit --help
for sub in verify; do
	grep -qE "^\.B audit $sub( |\$)" "$MAN1" && pass "audit $sub documented" ||
		fail "audit $sub documented"
	grep -qF "audit $sub" "$T/out" && pass "audit --help names $sub" ||
		fail "audit --help names $sub"
done

# The security model: what the program protects, what the system must.
MANWIDTH=1000 man -l "$MAN1" 2>/dev/null >"$T/man1"
holds "madoguchi.1 has a SECURITY section" grep -q '^SECURITY' "$T/man1"
for words in "Roles" "Audit" "Tamper evidence" "0600" "service account" \
	"do not get a shell" "Full-disk encryption" "Backups kept as safely" "--anchor"; do
	sed -n '/^SECURITY/,/^[A-Z]/p' "$T/man1" | tr -s ' \n' ' ' | grep -qF -- "$words" &&
		pass "SECURITY states «$words»" || fail "SECURITY states «$words»"
done

# Exit statuses 0–5 each have an entry.
for s in 0 1 2 3 4 5; do
	awk -v s="$s" '/^\.SH EXIT STATUS/ { on = 1 } on && $0 == ".B " s { f = 1 } END { exit !f }' "$MAN1" &&
		pass "exit status $s documented" || fail "exit status $s documented"
done

# Every key of the screens' one table is in the README and madoguchi.1, and
# the other key of each (a control key every terminal sends).
MANWIDTH=1000 man -l "$MAN1" 2>/dev/null >"$T/keys_man1"
for column in 1 2; do
	what=key
	[ $column = 2 ] && what="other key"
	sed -n "s/^[[:space:]]*X(ACT_[A-Z_]*, \"\([^\"]*\)\", \"\([^\"]*\)\".*/\\$column/p" \
		"$TOP/src/tui/ui.h" | grep . | tr ' ' '_' >"$T/keys"
	for key in $(cat "$T/keys"); do
		k=$(echo "$key" | tr '_' ' ')
		grep -qF "$k" "$TOP/README.md" && pass "$what $k in README" || fail "$what $k in README"
		grep -qF "$k" "$T/keys_man1" && pass "$what $k in madoguchi.1" ||
			fail "$what $k in madoguchi.1"
	done
done

# The README starts with the two commands.
holds "README starts with make run and make test" sh -c \
	"head -n 12 '$TOP/README.md' | grep -q 'make run' && head -n 12 '$TOP/README.md' | grep -q 'make test'"

done_testing
