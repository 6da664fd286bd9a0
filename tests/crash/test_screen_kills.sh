#!/bin/sh
# Crashes, screens (issue 8): a person types a progress entry in the real
# program in tmux, and the program is killed with SIGKILL at a random point:
# while typing slowly or without a pause, just before or after an autosave,
# inside an autosave's writes, inside the writes of a save with F2, or just
# after a draft was restored. After each kill, the next login checks:
#   - the database passes every check of build/check/crash_check (integrity,
#     no half revision, the entries index that of the latest texts, …);
#   - every save the screen said was done (保存しました) is there, whole, and
#     no other revision is: each one is a text pressed F2 on, in full;
#   - the draft offered holds what was typed, up to the autosave interval:
#     it begins the text as typed, and holds every piece typed more than
#     autosave_seconds + CRASH_SCREEN_SLACK_MS before the kill (the slack
#     is the screen's tick, a second's rounding and a busy machine);
#   - the login offers it, and restoring it shows it.
# The autosave is the shortest the configuration allows (1 second).
# CRASH_SCREEN_KILLS kills (default 10); CRASH_SEED replays the choices
# (the moments are the machine's); CRASH_SCREEN_ONLY=idle, burst, autosave,
# save or restore kills only that way. Kills inside a write use build/check/killat
# (ptrace); where ptrace is not allowed they fall back to random moments.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../screen/tmux.sh"

KILLS=${CRASH_SCREEN_KILLS:-10}
AUTOSAVE=1
SLACK_MS=${CRASH_SCREEN_SLACK_MS:-1000}
BOUND_MS=$((AUTOSAVE * 1000 + SLACK_MS))
DB="$XDG_DATA_HOME/madoguchi/madoguchi.db"
CHECK="$TOP/build/check/crash_check"
KILLAT="$TOP/build/check/killat"
seed=${CRASH_SEED:-$(( ($(date +%s) ^ ($$ << 8)) % 2147483647 ))}
rng=$seed

# rand N: a number in [0, N) into $r (an LCG: the seed replays the choices).
rand() {
	rng=$(( (rng * 1103515245 + 12345) % 2147483648 ))
	r=$(( (rng / 65536) % $1 ))
}
now_ms() { date +%s%3N; }
# sleep_ms N
sleep_ms() { sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"; }
bytes() { printf '%s' "$1" | wc -c | tr -d ' '; }
sql() { sqlite3 -batch "$DB" "$1"; }

setup_users
mkdir -p "$XDG_CONFIG_HOME/madoguchi"
printf '[drafts]\nautosave_seconds = %d\n' "$AUTOSAVE" >"$XDG_CONFIG_HOME/madoguchi/madoguchi.ini"
printf 'tanaka-pass\n' | "$MADOGUCHI" -u tanaka case new --name '鈴木 一郎' \
	--kana 'すずき いちろう' >/dev/null
echo "# seed $seed (CRASH_SEED=$seed replays the choices; the moments are the machine's)"

# What the test knows.
typed=""          # the entry's text as the open form holds it
: >"$T/chunks"    # "BYTES MS": the text was BYTES long once typed at MS
: >"$T/revs"      # every revision's text, oldest first
save_calls=40     # file calls of a save with F2 (learnt from killat)
autosave_calls=4  # file calls of an autosave (learnt too)
kills=0 drafts_checked=0 drafts_empty=0 saves_said=0 saves_found=0
saves_lost=0 stale=0 ptrace_ok=1
scen_idle=0 scen_burst=0 scen_autosave=0 scen_save=0 scen_restore=0
iter=0            # (tmux.sh and lib.sh use n, i, why, …: other names here)

# The draft of tanaka's entry: "SEQ|BASE|TEXT" lines.
draft_rows() {
	sql "SELECT d.seq || '|' || d.base_revision || '|'
		|| coalesce(json_extract(d.data, '\$.content'), '')
		FROM drafts d JOIN users u ON u.id = d.user_id
		WHERE u.login = 'tanaka' AND d.case_id = 1 AND d.form = 'progress'
		ORDER BY d.seq"
}

# A new progress entry of case 1 from home, the cursor in its text.
open_new_entry() {
	send /
	wait_for "検索:" || return 1
	type_text 'すずき'
	wait_for "鈴木 一郎" || return 1
	send Enter
	wait_for "ケース 1  鈴木 一郎" || return 1
	send a
	wait_for "第3号様式" || return 1
	down 8
	wait_for "聞き取ったこと、行った支援"
}

# type_chunk K C: type one piece of text; note when.
type_chunk() {
	chunk="k$1c$2$(case $(( ($1 + $2) % 4 )) in
		0) echo 家賃を3か月滞納。 ;; 1) echo 大家から退去を求められている。 ;;
		2) echo ハローワークに同行予定、 ;; *) echo 就労と家計の相談。 ;; esac)"
	type_text "$chunk"
	typed="$typed$chunk"
	echo "$(bytes "$typed") $(now_ms)" >>"$T/chunks"
}

# kill_now: SIGKILL from here, now.
kill_now() {
	kill_at=$(now_ms)
	kill -9 "$pid" 2>/dev/null
	how="$how, killed at a random moment"
}

# kill_inside N [--sync] TIMEOUT KEYS…: killat follows the program, the
# keys are sent, and it is killed at the entry of its Nth file call.
kill_inside() {
	nth=$1 timeout=$2
	shift 2
	seen= res=
	rm -f "$T/ready"
	if [ "$ptrace_ok" = 1 ]; then
		"$KILLAT" "$pid" "$nth" --timeout "$timeout" --ready "$T/ready" \
			>"$T/killat" 2>&1 &
		kpid=$!
		w=0
		while [ ! -s "$T/ready" ] && [ $w -lt 200 ] && kill -0 $kpid 2>/dev/null; do
			sleep 0.01; w=$((w + 1))
		done
		if [ ! -s "$T/ready" ]; then
			wait $kpid
			echo "# killat cannot follow the program ($(cat "$T/killat")): random moments instead"
			ptrace_ok=0
		fi
	fi
	if [ "$ptrace_ok" = 1 ]; then
		[ $# -gt 0 ] && send "$@"
		wait $kpid
		res=$(cat "$T/killat")
		kill_at=$(now_ms)
		case $res in
		"killed after"*) seen=${res##*ms, }; seen=${seen%% calls*} ;;
		*) seen= ;;
		esac
		how="$how, $res"
	else
		[ $# -gt 0 ] && send "$@"
		rand 80; sleep_ms "$r"
		kill_now
	fi
}

# check_kill: the checks after the kill of this iteration; one TAP line.
check_kill() {
	bad=""
	exited 5 || bad="$bad; the program did not end"
	screen >"$T/last_screen"
	# The whole file.
	if ! "$CHECK" "$DB" >"$T/check" 2>&1; then
		bad="$bad; crash_check: $(grep -v '^# [0-9]* checks' "$T/check" | tr '\n' ' ')"
	fi
	# Revisions: the ones before, and perhaps the one pressed F2 on.
	sql "SELECT coalesce(json_extract(r.data, '\$.content'), '')
		FROM form_revisions r JOIN form_records f ON f.id = r.record_id
		WHERE f.case_id = 1 AND f.form = 'progress'
		ORDER BY f.seq, r.revision" >"$T/db_revs"
	said=0
	grep -q '保存しました(版' "$T/last_screen" && said=1
	saved=0
	if cmp -s "$T/db_revs" "$T/revs"; then
		[ "$said" = 1 ] && bad="$bad; the screen said 保存しました, but no revision is there"
		[ -n "$f2" ] && saves_lost=$((saves_lost + 1))
	elif [ -n "$f2" ] && { cat "$T/revs"; printf '%s\n' "$f2"; } | cmp -s - "$T/db_revs"; then
		saved=1
		saves_found=$((saves_found + 1))
		cp "$T/db_revs" "$T/revs"
	else
		bad="$bad; the revisions are not those saved: $(diff "$T/revs" "$T/db_revs" | tr '\n' ' ' | cut -c1-300)"
		cp "$T/db_revs" "$T/revs"
	fi
	[ "$said" = 1 ] && saves_said=$((saves_said + 1))

	# The draft: what was typed, up to the autosave interval.
	need=$base_bytes
	while read -r b t; do
		[ $((kill_at - t)) -ge $BOUND_MS ] && [ "$b" -gt "$need" ] && need=$b
	done <"$T/chunks"
	draft_rows >"$T/drafts"
	ndrafts=$(wc -l <"$T/drafts")
	draft=""
	if [ "$ndrafts" -gt 1 ]; then
		bad="$bad; $ndrafts drafts of the entry: $(tr '\n' ' ' <"$T/drafts")"
	elif [ "$ndrafts" = 1 ]; then
		row=$(cat "$T/drafts")
		draft=${row#*|*|}
	fi
	if [ "$saved" = 1 ]; then
		# Saved: its draft is gone with it (one transaction), so the
		# next login never offers text older than what was saved.
		if [ "$ndrafts" = 1 ]; then
			stale=$((stale + 1))
			bad="$bad; after the save its draft is still there: «$draft»"
		fi
		typed=""
		expect_draft=0
	else
		case $typed in
		"$draft"*) ;;
		*) bad="$bad; the draft «$draft» is not the beginning of what was typed «$typed»" ;;
		esac
		got=$(bytes "$draft")
		if [ "$got" -lt "$need" ]; then
			bad="$bad; the draft holds $got bytes, but $need were typed more than ${BOUND_MS} ms before the kill: «$draft» of «$typed»"
		fi
		drafts_checked=$((drafts_checked + 1))
		[ "$ndrafts" = 0 ] && drafts_empty=$((drafts_empty + 1))
		typed=$draft
		expect_draft=$ndrafts
	fi
	kills=$((kills + 1))
	if [ "$saved" = 1 ]; then
		got="its save is there, whole"
	else
		got="the draft holds $(bytes "$draft") of $(tail -n1 "$T/chunks" | cut -d' ' -f1) bytes typed, $need needed"
	fi
	if [ -z "$bad" ]; then
		pass "kill $kills: $how ($got)"
	else
		screen >"$T/out"; cp "$T/check" "$T/err"
		fail "kill $kills: $how" "${bad#; }"
	fi
}

expect_draft=0
while [ $kills -lt "$KILLS" ]; do
	iter=$((iter + 1))
	how="" f2="" base_bytes=0
	: >"$T/chunks"
	start
	pid=$(pane_pid)
	if ! login tanaka tanaka-pass; then
		screen >"$T/out"; : >"$T/err"
		fail "login after kill $kills"
		break
	fi
	if [ "$expect_draft" = 1 ]; then
		if ! wait_for "入力中だった下書きがあります" 5; then
			screen >"$T/out"; : >"$T/err"
			fail "after kill $kills the login offers the draft"
			break
		fi
		rand 10
		case ${CRASH_SCREEN_ONLY:-restore} in restore) ;; *) r=1 ;; esac
		[ "${CRASH_SCREEN_ONLY:-}" = restore ] && r=0
		if [ "$r" = 0 ]; then
			# Killed just after choosing to restore: the draft stays.
			scen_restore=$((scen_restore + 1))
			how="restoring the draft"
			base_bytes=$(bytes "$typed")
			echo "$base_bytes 0" >>"$T/chunks"
			send Enter
			rand 400; sleep_ms "$r"
			kill_now
			check_kill
			continue
		fi
		send Enter
		if ! wait_for "下書きを復元しました" 5; then
			screen >"$T/out"; : >"$T/err"
			fail "after kill $kills the draft is restored"
			break
		fi
		base_bytes=$(bytes "$typed")
		echo "$base_bytes 0" >>"$T/chunks"
		how="restored $base_bytes bytes, then"
	else
		if screen | grep -qF "入力中だった下書きがあります"; then
			screen >"$T/out"; : >"$T/err"
			fail "after kill $kills no draft is offered, none being there"
			break
		fi
		if ! open_new_entry; then
			screen >"$T/out"; : >"$T/err"
			fail "a new progress entry opens"
			break
		fi
		typed=""
		how="a new entry,"
	fi
	# A long text is saved first, and a new entry begun.
	if [ "$(bytes "$typed")" -gt 1200 ]; then
		send F2
		if ! wait_for "保存しました(版" 5; then
			screen >"$T/out"; : >"$T/err"
			fail "a long entry is saved with F2"
			break
		fi
		printf '%s\n' "$typed" >>"$T/revs"
		# Restored at login, the form was opened from home.
		send Escape
		if ! wait_for "今日の予定" 5 || ! open_new_entry; then
			screen >"$T/out"; : >"$T/err"
			fail "after saving a long entry a new one opens"
			break
		fi
		typed="" base_bytes=0
		: >"$T/chunks"
		how="saved and a new entry,"
	fi

	rand 10
	case ${CRASH_SCREEN_ONLY:-} in
	idle) r=0 ;; burst) r=3 ;; autosave) r=5 ;; save) r=7 ;;
	esac
	if [ "$r" -lt 3 ]; then
		# Typing with pauses, killed before or after the autosave.
		scen_idle=$((scen_idle + 1))
		rand 2; c=$((r + 1))
		p=0
		while [ $p -lt $c ]; do
			type_chunk $iter $p
			rand 500; sleep_ms $((200 + r))
			p=$((p + 1))
		done
		rand $((BOUND_MS + 400)); sleep_ms "$r"
		how="$how typed $c pieces with pauses, $r ms later"
		kill_now
	elif [ "$r" -lt 5 ]; then
		# Typing without a pause longer than the screen's tick.
		scen_burst=$((scen_burst + 1))
		rand 1200; until_ms=$(( $(now_ms) + BOUND_MS + 300 + r ))
		p=0
		while [ "$(now_ms)" -lt $until_ms ]; do
			type_chunk $iter $p
			rand 150; sleep_ms $((40 + r))
			p=$((p + 1))
		done
		how="$how typed $p pieces without a pause"
		rand 2
		[ "$r" = 1 ] && { rand 600; sleep_ms "$r"; }
		kill_now
	elif [ "$r" -lt 7 ]; then
		# Killed inside the writes of the next autosave.
		scen_autosave=$((scen_autosave + 1))
		type_chunk $iter 0
		rand 2; [ "$r" = 1 ] && { sleep_ms 300; type_chunk $iter 1; }
		rand $autosave_calls
		how="$how typed, then in the autosave"
		kill_inside $((r + 1)) 2000
		[ -n "$seen" ] && [ "$seen" -gt 0 ] && autosave_calls=$seen
	else
		# Killed inside the save with F2, or just after it.
		scen_save=$((scen_save + 1))
		rand 3; c=$((r + 1))
		p=0
		while [ $p -lt $c ]; do
			type_chunk $iter $p
			rand 400; sleep_ms $((50 + r))
			p=$((p + 1))
		done
		f2=$typed
		# Half of them among the last calls: the commit, the draft's
		# removal, and after.
		rand 2
		if [ "$r" = 0 ]; then
			rand $((save_calls + 4)); nth=$((r + 1))
		else
			rand 14; nth=$((save_calls - 9 + r))
			[ $nth -ge 1 ] || nth=1
		fi
		how="$how typed $c pieces, F2"
		kill_inside $nth 800 F2
		[ -n "$seen" ] && [ "$seen" -gt 0 ] && save_calls=$seen
		check_kill
		# A longer text takes more calls: killed at the nth, not yet
		# saved, the save's commit comes later.
		case $res in
		"killed at call"*)
			[ "$saved" = 0 ] && [ $((nth + 4)) -gt $save_calls ] &&
				save_calls=$((nth + 4)) ;;
		esac
		continue
	fi
	check_kill
done

echo "# screen kills $kills (typing with pauses $scen_idle, without $scen_burst, inside an autosave $scen_autosave, at F2 $scen_save, restoring $scen_restore);" \
	"drafts verified $drafts_checked ($drafts_empty rightly empty); saves said $saves_said, found whole $saves_found, not there $saves_lost;" \
	"drafts that outlived their save $stale; seed $seed"
done_testing
