# Driving the real program in an isolated tmux server, for the screen tests.
# Source after tests/lib.sh. Never sleeps a fixed time: waits for what a
# person would see, up to a limit.
TMUX_SOCK="madoguchi-test-$$"
tm() { tmux -L "$TMUX_SOCK" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$T"' EXIT

# quoted TEXT: TEXT quoted for sh, whatever it holds (an apostrophe, "$(…)").
quoted() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }

# start [COLS ROWS] ARGS…: open the program in a new session (STATUS_FILE:
# where its exit status goes).
start() {
	cols=80 rows=24
	case ${1:-} in [0-9]*) cols=$1 rows=$2; shift 2 ;; esac
	cmd="exec env HOME=$(quoted "$HOME") XDG_DATA_HOME=$(quoted "$XDG_DATA_HOME")"
	cmd="$cmd XDG_CONFIG_HOME=$(quoted "$XDG_CONFIG_HOME")"
	cmd="$cmd TZ=$TZ LANG=$LANG LC_ALL=$LC_ALL TERM=${TEST_TERM:-screen-256color}"
	cmd="$cmd MADOGUCHI_NOW=$(quoted "$MADOGUCHI_NOW") MADOGUCHI_SYSCONFIG=$(quoted "$MADOGUCHI_SYSCONFIG")"
	cmd="$cmd ${EDITOR:+EDITOR=$(quoted "$EDITOR")}"
	cmd="$cmd ${MADOGUCHI_IDLE_SECONDS:+MADOGUCHI_IDLE_SECONDS=$(quoted "$MADOGUCHI_IDLE_SECONDS")} $(quoted "$MADOGUCHI")"
	for a in "$@"; do cmd="$cmd $(quoted "$a")"; done
	# With STATUS_FILE, the program's exit status is written there: tmux
	# sometimes marks a pane dead without its status (#{pane_dead_status}).
	[ -z "${STATUS_FILE:-}" ] || cmd="${cmd#exec }; echo \$? >$(quoted "$STATUS_FILE")"
	# The next session starts before the last one goes, so the server never
	# finds itself without sessions and exits under the next command (`=md`
	# names that session exactly; plain `md` would match md-next by prefix).
	# A server that is exiting anyway is waited out and the start retried.
	n=0
	until tm new-session -d -s md-next -x "$cols" -y "$rows" "$cmd" \; \
		set-option -t md-next remain-on-exit on >/dev/null 2>&1; do
		n=$((n + 1))
		[ $n -lt 20 ] || { echo "tmux: cannot start a session" >&2; return 1; }
		sleep 0.1
	done
	tm kill-session -t =md 2>/dev/null
	tm rename-session -t =md-next md
}

screen() { tm capture-pane -p -t md 2>/dev/null; }

# The program's process (the pane runs it with exec).
pane_pid() { tm display-message -p -t md '#{pane_pid}'; }

# resize COLS ROWS: the terminal window changes size.
resize() { tm resize-window -t md -x "$1" -y "$2"; }

# send KEY…: tmux key names (Enter, F10, C-s, BSpace) or text with -l.
send() { tm send-keys -t md "$@"; }
type_text() { tm send-keys -t md -l "$1"; }
# type_slowly TEXT: one character at a time, 150 ms apart, as a person types
# (the pace is what is tested: it is the one place a fixed sleep belongs).
type_slowly() {
	s=$1
	while [ -n "$s" ]; do
		rest=${s#?}
		type_text "${s%"$rest"}"
		s=$rest
		sleep 0.15
	done
}

# wait_for TEXT [SECONDS]: until TEXT is on the screen; 1 on timeout.
wait_for() {
	limit=$(( ${2:-10} * 20 ))
	i=0
	while [ $i -lt $limit ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# wait_gone TEXT [SECONDS]: until TEXT has left the screen.
wait_gone() {
	limit=$(( ${2:-10} * 20 ))
	i=0
	while [ $i -lt $limit ]; do
		screen | grep -qF -- "$1" || return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# exited [SECONDS]: until the program has ended (its pane is dead).
exited() {
	limit=$(( ${1:-10} * 20 ))
	i=0
	while [ $i -lt $limit ]; do
		[ "$(tm display-message -p -t md '#{pane_dead}' 2>/dev/null)" = 1 ] && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# see DESCRIPTION TEXT [SECONDS]: a test that TEXT appears on the screen.
see() {
	if wait_for "$2" "${3:-10}"; then
		pass "$1"
	else
		screen >"$T/out"; : >"$T/err"
		fail "$1" "screen lacks «$2»"
	fi
}

# see_paging DESCRIPTION TEXT: a test that TEXT appears on some page of a
# help, paging down (Space, which a vt100 sends too) up to 8 times to find it; read without
# spaces and line breaks, as a wrapped text reads whole.
screen_joined() { screen | tr -d ' \n'; }
see_paging() {
	want=$(printf '%s' "$2" | tr -d ' ')
	pages=0
	while :; do
		i=0
		while [ $i -lt 20 ]; do
			screen_joined | grep -qF -- "$want" && { pass "$1"; return; }
			sleep 0.05
			i=$((i + 1))
		done
		if [ $pages -ge 8 ]; then
			screen >"$T/out"; : >"$T/err"
			fail "$1" "no page shows «$2»"
			return
		fi
		send Space
		pages=$((pages + 1))
	done
}

# quit_home: from the home screen, F10 and the answer yes to 終了しますか;
# the question may be up already (an F10 sent on the way home arrived
# there) or closed by one (F10 is no), so it looks before each key.
quit_home() {
	tries=0
	while [ $tries -lt 50 ]; do
		case $(screen) in
		*終了しますか*) send y; return 0 ;;
		*今日の予定*) send F10; wait_for "終了しますか" 3 ;;
		*) sleep 0.1 ;;
		esac
		tries=$((tries + 1))
	done
	return 1
}

# dont_see DESCRIPTION TEXT: a test that TEXT is not on the screen now.
dont_see() {
	if screen | grep -qF -- "$2"; then
		screen >"$T/out"; : >"$T/err"
		fail "$1" "screen has «$2»"
	else
		pass "$1"
	fi
}

# setup_users: a database with an administrator (kanri) and a consultant
# (tanaka, password tanaka-pass) made with the command line.
setup_users() {
	printf 'kanri-pass1\n' | "$MADOGUCHI" init --admin kanri --name '管理 花子' >/dev/null 2>&1
	printf 'kanri-pass1\ntanaka-pass\n' | "$MADOGUCHI" -u kanri user add tanaka \
		--name '田中 一郎' --role consultant >/dev/null 2>&1
}

# setup_case AUTOSAVE_SECONDS: setup_users, drafts kept every
# AUTOSAVE_SECONDS, and case 1 (鈴木 一郎, すずき いちろう) made by tanaka;
# DB is the database.
setup_case() {
	setup_users
	DB="$XDG_DATA_HOME/madoguchi/madoguchi.db"
	mkdir -p "$XDG_CONFIG_HOME/madoguchi"
	printf '[drafts]\nautosave_seconds = %s\n' "$1" >"$XDG_CONFIG_HOME/madoguchi/madoguchi.ini"
	printf 'tanaka-pass\n' | "$MADOGUCHI" -u tanaka case new --name '鈴木 一郎' \
		--kana 'すずき いちろう' >/dev/null
}

# drafted TEXT [TABLE]: until a draft in $DB holds TEXT (the autosave has
# kept it); TABLE drafts (of forms) unless given (contact_drafts); 1 after
# 5 s.
drafted() {
	i=0
	while [ $i -lt 100 ]; do
		[ "$(sqlite3 "$DB" "SELECT count(*) FROM ${2:-drafts} WHERE data LIKE '%$1%'")" = 1 ] && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# setup_decided_plan: setup_case (drafts every 60 s), a chief consultant
# (sato, password sato-pass11), and case 1 taken through the command line
# to its plan decided (決定), without (ウ)(オ): 支援の実施 is open.
setup_decided_plan() {
	setup_case 60
	printf 'kanri-pass1\nsato-pass11\n' | "$MADOGUCHI" -u kanri user add sato \
		--name '佐藤 主任' --role chief >/dev/null
	as tanaka tanaka-pass form set 1 reception signed はい consent_share はい
	as tanaka tanaka-pass step 1 application
	as tanaka tanaka-pass step 1 triage --outcome 継続支援
	as tanaka tanaka-pass form set 1 intake complaint '家賃が払えない' \
		issues 経済的困窮 summary '家計と就労を支える'
	as tanaka tanaka-pass step 1 assessment
	as tanaka tanaka-pass step 1 screening --outcome 1
	as tanaka tanaka-pass form set 1 plan goal_long '安定して働く' policy '求職活動を支える' \
		goals.1.issue 就職活動 plan_from R8.5.1 plan_to R8.10.31 \
		services '(ア) 就労支援員による就労支援' signed はい agreed_on R8.4.1
	as tanaka tanaka-pass step 1 plan_draft
	as tanaka tanaka-pass step 1 agreement
	as sato sato-pass11 step 1 meeting --outcome 承認
	as sato sato-pass11 step 1 decision --outcome 決定
}

# as USER PASSWORD ARGS…: one command of the command line; the test ends
# when it fails.
as() {
	user=$1 pass=$2; shift 2
	printf '%s\n' "$pass" | "$MADOGUCHI" -u "$user" "$@" >/dev/null 2>"$T/err" ||
		{ echo "# setup failed: $*: $(cat "$T/err")"; exit 1; }
}

# new_entry [COLS ROWS]: start, log in as tanaka, open case 1 (setup_case)
# and a new progress entry (第3号様式), the cursor in its 内容.
new_entry() {
	start "$@"
	login tanaka tanaka-pass
	open_case 'すずき' '鈴木 一郎'
	send a
	wait_for "第3号様式 支援経過記録シート"
	# 日付, 時刻, 所要時間, 対応方法, 対応相手, 関係機関, 支援の種類, 対応者
	down 8
}

# login USER PASSWORD: log in at the login screen and wait for home.
login() {
	wait_for "パスワード" 10 || return 1
	type_text "$1"
	send Tab
	type_text "$2"
	send Enter
	wait_for "今日の予定" 10
}

# open_case KANA NAME [NUMBER]: from home, search the case list for KANA,
# open the first case found and wait for its screen (ケース NUMBER  NAME;
# NUMBER 1 unless given).
open_case() {
	send /
	wait_for "検索:" || return 1
	type_text "$1"
	wait_for "$2" || return 1
	send Enter
	wait_for "ケース ${3:-1}  $2"
}

# field_down N: move down N fields (or list rows).
down() {
	i=0
	while [ "$i" -lt "$1" ]; do send Down; i=$((i + 1)); done
}
