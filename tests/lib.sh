# Shared by the command and screen tests: a sealed environment and TAP output
# for prove. Source it from a test script; call done_testing at the end.

#
# The tests drive the test build (build/test/madoguchi): it reads the source
# tree's forms/ and takes the test hooks (include/madoguchi/hooks.h), here a
# fixed clock and a system configuration of the test's own, $SYSCONFIG (none
# until a test writes it; tests put the system's keys, [security],
# [workflow] and [office], there). tests/cli/test_release.sh checks the
# release build has none of this.

set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
MADOGUCHI=${MADOGUCHI:-$TOP/build/test/madoguchi}
T=$(mktemp -d "${TMPDIR:-/tmp}/madoguchi-cli-XXXXXX")
OPEN=
tidy() { rm -rf "$T"; [ -z "$OPEN" ] || rm -rf "$OPEN"; }
trap tidy EXIT
export HOME="$T/home" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config"
export TZ=Asia/Tokyo LANG=C.UTF-8 LC_ALL=C.UTF-8
export MADOGUCHI_NOW='2026-04-01 10:00:00'
SYSCONFIG="$T/system.ini"
export MADOGUCHI_SYSCONFIG="$SYSCONFIG"
unset MADOGUCHI_DATADIR MADOGUCHI_IDLE_SECONDS MADOGUCHI_TRACE MADOGUCHI_TRACE_T0
unset XDG_DOCUMENTS_DIR # prints go to ~/madoguchi unless a test says
mkdir -p "$HOME"
tap_n=0
tap_failed=0

pass() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1"; }
fail() {
	tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n - $1"
	shift
	for line in "$@"; do printf '#   %s\n' "$line"; done
	printf '#   stdout: %s\n' "$(head -c 2000 "$T/out" 2>/dev/null)"
	printf '#   stderr: %s\n' "$(head -c 2000 "$T/err" 2>/dev/null)"
}

# run [--stdin TEXT] CMD ARGS…: run and keep stdout, stderr and status.
run() {
	if [ "$1" = --stdin ]; then
		input=$2; shift 2
		printf '%s' "$input" | "$@" >"$T/out" 2>"$T/err"
	else
		"$@" </dev/null >"$T/out" 2>"$T/err"
	fi
	status=$?
}

# md [--stdin TEXT] ARGS…: run the program under test.
md() {
	if [ "$1" = --stdin ]; then
		input=$2; shift 2
		run --stdin "$input" "$MADOGUCHI" "$@"
	else
		run "$MADOGUCHI" "$@"
	fi
}

# --- the program as another user --------------------------------------------
# A test run as root may run the program as nobody, for what root's rights
# would hide (a read-only file is writable for root). nobody may not reach the
# checkout (a clone in root's home, or in a mktemp -d folder, is 0700) nor $T,
# so such a test runs a copy: open_folder makes $OPEN, a folder of /tmp
# anyone may enter (removed at exit), with a copy of the program under test
# and of the forms/ and data/ the test build reads from the source tree; a
# test puts there whatever else nobody must reach (a database).
open_folder() {
	[ -z "$OPEN" ] || return 0
	OPEN=$(mktemp -d /tmp/madoguchi-open-XXXXXX) || exit 2
	cp "$MADOGUCHI" "$OPEN/madoguchi" &&
		cp -R "$TOP/forms" "$TOP/data" "$OPEN/" &&
		mkdir "$OPEN/home" && chmod -R a+rX "$OPEN" || exit 2
}

# md_nobody [--stdin TEXT] [NAME=VALUE]… ARGS…: as md, as nobody (the tests
# run as root): the copy in $OPEN, its forms/ and data/, and a home there;
# NAME=VALUE words set the environment after that.
md_nobody() {
	[ "$(id -u)" = 0 ] || { echo "md_nobody: only root runs as nobody" >&2; exit 2; }
	open_folder
	(
		export MADOGUCHI_DATADIR="$OPEN" HOME="$OPEN/home" \
			XDG_DATA_HOME="$OPEN/home/data" \
			XDG_CONFIG_HOME="$OPEN/home/config" \
			MADOGUCHI_SYSCONFIG="$OPEN/home/system.ini"
		stdin=
		if [ "$1" = --stdin ]; then stdin=$2; shift 2; fi
		while :; do
			case ${1:-} in
			[A-Z]*=*) export "$1"; shift ;;
			*) break ;;
			esac
		done
		set -- setpriv --reuid=65534 --regid=65534 --clear-groups \
			"$OPEN/madoguchi" "$@"
		if [ -n "$stdin" ]; then run --stdin "$stdin" "$@"; else run "$@"; fi
		exit "$status"
	)
	status=$?
}

# expect STATUS [stdout-contains|stderr-is|stderr-contains TEXT]… -- DESCRIPTION
expect() {
	want=$1; shift
	why=""
	[ "$status" = "$want" ] || why="exit status $status, expected $want"
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		case $1 in
		stdout-contains) grep -qF -- "$2" "$T/out" || why="$why; stdout lacks «$2»" ;;
		stdout-lacks) grep -qF -- "$2" "$T/out" && why="$why; stdout has «$2»" ;;
		stderr-contains) grep -qF -- "$2" "$T/err" || why="$why; stderr lacks «$2»" ;;
		stderr-is) [ "$(cat "$T/err")" = "$2" ] || why="$why; stderr is not «$2»" ;;
		stderr-empty) [ -s "$T/err" ] && why="$why; stderr is not empty" ;;
		*) echo "bad expectation $1" >&2; exit 2 ;;
		esac
		if [ "$1" = stderr-empty ]; then shift; else shift 2; fi
	done
	[ "${1:-}" = -- ] && shift
	if [ -z "$why" ]; then pass "$*"; else fail "$*" "$why"; fi
}

# holds DESCRIPTION COMMAND…: passes when the command succeeds.
holds() {
	desc=$1; shift
	if "$@" >/dev/null 2>&1; then pass "$desc"; else fail "$desc" "failed: $*"; fi
}

# skip DESCRIPTION WHY: a check that cannot run here.
skip() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1 # SKIP $2"; }

done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}

# csv_cells FILE [ENCODING]: every cell of a CSV file as a CSV reader of its
# own reads it (Python's csv module, not the libcsv the program writes with),
# one a line, with a backslash, tab, CR and LF shown as \\ \t \r \n.
# ENCODING is Python's name: utf-8-sig (the default; a BOM is dropped), cp932.
csv_cells() {
	python3 - "$1" "${2:-utf-8-sig}" <<'PY'
import csv, sys
with open(sys.argv[1], encoding=sys.argv[2], newline='') as f:
    for row in csv.reader(f):
        for cell in row:
            for a, b in (('\\', '\\\\'), ('\t', '\\t'), ('\r', '\\r'), ('\n', '\\n')):
                cell = cell.replace(a, b)
            print(cell)
PY
}

# csv_formulas FILE [ENCODING]: the cells of a CSV file that a spreadsheet
# would take for a formula (OWASP "CSV injection": = + - @, their full-width
# forms, after spaces or not, or a tab, CR or LF first), written apart from
# the program's own rule; a plain number (-1200, +3, -1,200.5) is none.
# Prints nothing for a safe file.
csv_formulas() {
	python3 - "$1" "${2:-utf-8-sig}" <<'PY'
import csv, re, sys
number = re.compile(r'[+-][0-9]+(,[0-9]{3})*(\.[0-9]+)?\Z')
with open(sys.argv[1], encoding=sys.argv[2], newline='') as f:
    for row in csv.reader(f):
        for cell in row:
            bare = cell.lstrip(' \t\r\n\u00a0\u3000')
            if cell[:1] in ('\t', '\r', '\n') or (
                    bare and bare[0] in '=+-@\uff1d\uff0b\uff0d\uff20'
                    and not number.match(cell)):
                print(repr(cell))
PY
}
