#!/bin/sh
# Every text whole (issue 15, findings 5, 6 and 7): every screen, dialog and
# help page at 80×24, on xterm-256color and on a plain vt100, captured and
# checked by tests/screen/texts.py — the key bar and every hint of the
# program's own hint strings whole, F1 and F10 in every key bar, no line
# starting with 。、」）… or ending with 「（, no time in ISO, no internal
# wording — and then what each finding named: the consent read aloud and
# the plan's 同意・申込文 whole, the ◎ after the needs chosen, who is in
# charge of a case in its header and in the list, the list's headings over
# their columns, options holding 「、」 joined by 「／」 (the screen and the
# CSV), a search snippet that says where it is cut, a step open for another
# role saying who records it.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
CHECK="python3 $TOP/tests/screen/texts.py"
# The screens kept, in SHOTS_DIR when given (to read them after a failure).
S=${SHOTS_DIR:-$T/shots}
rm -f "$S"/*.txt
mkdir -p "$S" "$T/csv" "$XDG_CONFIG_HOME/madoguchi"
printf '[export]\ndir = %s\n' "$T/csv" >"$XDG_CONFIG_HOME/madoguchi/madoguchi.ini"

# The office: an administrator, a consultant whose name a cut would make
# another's (佐藤 美咲, 佐藤 美…), and her cases.
printf 'kanri-pass1\n' | "$MADOGUCHI" init --admin kanri --name '管理 花子' >/dev/null 2>&1
printf 'kanri-pass1\nsato-pass11\n' | "$MADOGUCHI" -u kanri user add sato \
	--name '佐藤 美咲' --role consultant >/dev/null 2>&1
as_sato() { printf 'sato-pass11\n' | "$MADOGUCHI" -u sato "$@" >"$T/out" 2>"$T/err"; }
# Case 1: a long name and kana, through the plan to the person's agreement,
# so that the meeting (a chief's step) is open; options with 「、」 and a ◎.
as_sato case new --name '勅使河原 三郎太' --kana 'てしがわら さぶろうたろう' --birth S55.4.1
as_sato form set 1 reception received_on R8.4.1 channel 来所 \
	topics '住まいについて|仕事探し、就職について' topics.primary '仕事探し、就職について' \
	applied_on R8.4.1 signed はい consent_share はい
as_sato step 1 振り分け --outcome 3
as_sato step 1 application
as_sato form set 1 intake complaint '仕事が見つからない' issues '就職活動困難' summary '就労支援を行う'
as_sato step 1 assessment
as_sato step 1 screening --outcome 'プラン作成(継続支援)'
as_sato form set 1 plan goal_long '正社員として働く' policy '就労支援員と求職活動を進める' \
	goals.1.issue '就職活動' goals.1.short_goal '月 5 件応募する' plan_from R8.5.1 plan_to R8.10.31 \
	services '(ア) 就労支援員による就労支援' signed はい agreed_on R8.4.20
as_sato step 1 plan_draft
as_sato step 1 agreement
as_sato form set 1 progress entry_date R8.4.1 method 来所 counterpart 本人 kind 相談支援 \
	content 'あいうえおかきくけこさしすせそたちつ相談の件で来所。仕事を探している。'
as_sato form set 1 reception wishes '仕事を探したい。'
holds "case 1 is at the person's agreement, the meeting open" \
	sh -c "printf 'sato-pass11\n' | '$MADOGUCHI' -u sato case show 1 | grep -q '可 支援調整会議'"
# Case 2: the assessment (step 4) open with its form complete (a question
# asks whether to record it); case 3: just received (the triage, step 3,
# asks its outcome).
as_sato case new --name '双葉 次郎' --kana 'ふたば じろう'
as_sato form set 2 reception applied_on R8.4.1 signed はい consent_share はい
as_sato step 2 振り分け --outcome 3
as_sato step 2 application
as_sato form set 2 intake complaint '家賃が払えない' issues '経済的困窮' summary '家計を見直す'
as_sato case new --name '三森 花' --kana 'みもり はな'
# The case screen lists the steps, then the forms: as many steps as the
# workflow's definition has in its individual process (a track's steps,
# 004 §5(7) 多機関協働, are listed apart, last).
as_sato case show 1
STEPS=$(sed -n '/^手順:/,/^様式:/p' "$T/out" | grep -c '^  [済可未] ')

# The screen changes after a key: wait until it differs from the last one
# kept and holds still (escapes included, so a moved highlight counts).
snap() { tm capture-pane -e -p -t md 2>/dev/null; }
last=""
settle() {
	i=0 prev=""
	while [ $i -lt 100 ]; do
		now=$(snap)
		[ "$now" != "$last" ] && [ "$now" = "$prev" ] && break
		prev=$now
		sleep 0.05
		i=$((i + 1))
	done
	last=$now
}
# shot NAME: keep the screen as it is now.
shots=0
shot() {
	settle
	shots=$((shots + 1))
	screen >"$S/$(printf %03d $shots)-$term-$1.txt"
}
latest() { ls "$S"/*-"$term-$1".txt | tail -1; }
# shows NAME TEXT: one of the screens NAME* (a glob) holds TEXT, read without
# spaces and line breaks (a text wrapped over several lines reads whole).
shows() {
	for f in "$S"/*-"$term"-$1.txt; do
		tr -d ' \n' <"$f" | grep -qF -- "$2" && return 0
	done
	return 1
}
# fields NAME FORM: Tab through every field of FORM, keeping each screen.
fields() {
	count=$("$MADOGUCHI" forms | awk -F '\t' -v id="$2" '$3 == id { print $4 }')
	k=0
	while [ "$k" -lt "$count" ]; do
		send Tab
		shot "$1-field$k"
		k=$((k + 1))
	done
}
# The keys move with j and k here, not Home, PgUp or PgDn: tmux sends
# those as a vt100 and (Home) an xterm-256color do not read them.
# top: the first line of a list; jj N: N lines down.
top() { type_text kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk; }
jj() { type_text "$(printf "%${1}s" | tr ' ' j)"; }
# form N ID TITLE: from the case screen, open the form on line N of the
# forms (0: 第1号様式, after the STEPS steps), wait for its screen and keep
# it.
form() {
	top
	jj $((STEPS + $1))
	send Enter
	wait_for "F2保存"
	wait_for "$3"
	shot "$2"
}
# back: from a form to the case screen.
back() {
	send Escape
	wait_gone "F2保存"
}

tour() {
	term=$1 full=$2
	TEST_TERM=$term start
	wait_for "パスワード"
	shot login
	send F1
	wait_for "閉じる"
	shot login-help
	send Escape
	wait_gone "閉じる"
	type_text sato
	send Tab
	type_text sato-pass11
	send Enter
	wait_for "今日の予定"
	shot home
	send F1
	wait_for "相談の流れ"
	shot home-help
	down 18
	shot home-help-2
	send Escape
	wait_gone "閉じる"

	# The contact screen (相談票): new, refused, its help; the contacts list.
	send c
	wait_for "相談票(新規)"
	shot contact
	send F2
	wait_for "相談方法を選んでください"
	shot contact-faults
	send F1
	wait_for "閉じる"
	shot contact-help
	send Escape
	wait_gone "閉じる"
	send F10
	wait_for "今日の予定"
	send l
	wait_for "相談一覧"
	shot contacts
	send F1
	wait_for "閉じる"
	shot contacts-help
	send Escape
	wait_gone "閉じる"
	send F10
	wait_for "今日の予定"

	# The meetings (issue 19): the list, a new meeting refused, their help.
	send m
	wait_for "会議一覧"
	shot meetings
	send F1
	wait_for "閉じる"
	shot meetings-help
	send Escape
	wait_gone "閉じる"
	send n
	wait_for "会議(新規)"
	send F2
	wait_for "という会議はありません"
	shot meeting-faults
	send F1
	wait_for "閉じる"
	shot meeting-help
	send Escape
	wait_gone "閉じる"
	send F10
	wait_for "会議一覧"
	send F10
	wait_for "今日の予定"

	send /
	wait_for "勅使河原"
	shot caselist
	send F1
	wait_for "閉じる"
	shot caselist-help
	down 18
	shot caselist-help-2
	send Escape
	wait_gone "閉じる"
	send Down
	send f
	wait_for "絞り込み"
	shot filter
	send Escape
	wait_gone "担当のケースだけ"
	send n
	wait_for "新しいケース"
	shot newcase
	send Escape
	wait_gone "新しいケース"

	top
	send Enter
	wait_for "ケース 1  勅使河原"
	shot case
	send F1
	wait_for "閉じる"
	shot case-help
	down 18
	shot case-help-2
	send Escape
	wait_gone "閉じる"
	send i
	wait_for "提供記録  勅使河原"
	shot disclosures
	send F1
	wait_for "閉じる"
	shot disclosures-help
	send Escape
	wait_gone "閉じる"
	send F10
	wait_for "ケース 1  勅使河原"

	form 0 form1 "第1号様式 相談申込・受付票"
	fields form1 reception
	send C-g
	wait_for "移る項目"
	shot goto
	type_text 住居
	send Enter
	send Enter
	wait_for "番号か"
	shot choose
	send Escape
	wait_gone "番号か"
	send C-g
	type_text 相談の内容
	send Enter
	shot needs
	send C-g
	type_text 本人署名
	send Enter
	shot yesno
	send F1
	wait_for "いまの項目"
	shot form1-help
	down 18
	shot form1-help-2
	send Escape
	wait_gone "閉じる"
	if [ "$full" = full ]; then
		send F9
		wait_for "出力しました"
		shot printed
	fi
	send C-g
	type_text 続柄
	send Enter
	type_text "x $term"
	send Escape
	wait_for "保存されていない変更"
	shot leave
	send Escape
	wait_gone "保存されていない変更"
	send C-s
	wait_for "保存しました"
	back
	top
	jj "$STEPS"
	send h
	wait_for "の履歴"
	shot history
	send F1
	wait_for "閉じる"
	shot history-help
	send Escape
	wait_gone "閉じる"
	send Escape
	wait_gone "の履歴"

	form 2 form4 "第4号様式"
	fields form4 plan
	back
	form 4 form6 "第6号様式"
	fields form6 notice
	back
	if [ "$full" = full ]; then
		form 1 form2 "第2号様式"
		fields form2 intake
		back
		form 3 form5 "第5号様式"
		fields form5 evaluation
		back
		send a
		wait_for "F2保存"
		shot form3
		fields form3 progress
		back
	fi

	# Case 2: the assessment asks before it is recorded; case 3: the
	# triage asks its outcome.
	send Escape
	wait_for "検索:"
	type_text ふたば
	wait_for "双葉 次郎"
	send Enter
	send Enter
	wait_for "ケース 2  双葉"
	top
	jj 4
	send Enter
	wait_for "記録しますか"
	shot confirm
	send Escape
	wait_for "F2保存"
	back
	send Escape
	wait_for "検索:"
	send /
	send Escape
	wait_for "勅使河原"
	type_text みもり
	wait_for "三森 花"
	send Enter
	send Enter
	wait_for "ケース 3  三森"
	top
	jj 3
	send Enter
	wait_for "振り分けの結果"
	shot outcome
	send Escape
	wait_gone "振り分けの結果"
	send Escape
	wait_for "検索:"
	send /
	send Escape
	wait_for "勅使河原"

	send F4
	wait_for "言葉:"
	type_text 相談
	wait_for "勅使河原"
	shot entries
	send F1
	wait_for "閉じる"
	shot entries-help
	send Escape
	wait_gone "閉じる"
}

# aligned WHAT NAME "HEADING VALUE [right]"...: in the screen NAME, each
# heading over (right: ending with) the first value below it.
aligned() {
	what=$1 name=$2
	shift 2
	for col; do
		set -- $col
		if $CHECK align "$(latest "$name")" "$@" >"$T/out"; then
			pass "$term: $what's heading $1 over its column"
		else
			fail "$term: $what's heading $1 over its column" "$(cat "$T/out")"
		fi
	done
}

tour xterm-256color full
tour vt100 light
# The first run: a new database asks for the first administrator.
term=xterm-256color
TEST_TERM=$term start -d "$T/new.db"
wait_for "最初の管理者"
shot first-run
send F1
wait_for "閉じる"
shot first-run-help

# Every screen, dialog and help page.
if $CHECK check "$TOP" "$S"/*.txt >"$T/out" 2>&1; then
	pass "every screen: key bars, hints and 禁則 whole ($(ls "$S" | wc -l) screens)"
else
	fail "every screen: key bars, hints and 禁則 whole" "$(head -30 "$T/out")"
fi
if $CHECK prose "$S"/*help*.txt >"$T/out" 2>&1; then
	pass "help pages: no R6 / .4.1 split across lines"
else
	fail "help pages: no R6 / .4.1 split across lines" "$(head -10 "$T/out")"
fi

for term in xterm-256color vt100; do
	# Finding 5: the texts read aloud, whole.
	holds "$term: the consent on 第1号様式 whole" shows 'form1*' \
		'私は、自立相談支援事業の利用を申し込みます。申込みにあたり、個人情報に関する管理・取扱規程について説明を受けました。また、支援に必要な範囲で、私の個人情報を関係機関と共有することに同意します。'
	holds "$term: the 同意・申込文 on 第4号様式 whole" shows 'form4*' \
		'私は、このプラン案の内容に同意し、プランに基づく支援を希望します。あわせて、プランに就労準備支援事業又は家計相談支援事業が盛り込まれている場合は、当該事業の利用を申し込みます。'
	holds "$term: the notice on 第6号様式 whole" shows 'form6*' \
		'下記のとおり支援の提供(変更)を決定したので、港区自立相談支援事業運営要領第10条第4号の規定により通知します。'
	holds "$term: the ◎ after the needs chosen, and 「／」 between them" shows needs \
		'住まいについて／仕事探し、就職について(◎仕事探し、就職について)'
	holds "$term: the case header names who is in charge" \
		grep -q '担当: 佐藤 美咲' "$(latest case)"
	holds "$term: the list names who is in charge whole" \
		grep -q '^ *1 .*佐藤 美咲' "$(latest caselist)"
	# Finding 6: the headings over their columns.
	aligned "the list" caselist "氏名 勅使河原" "ふりがな てしがわら" "段階 本人同意" \
		"担当 佐藤" "年齢 46 right" "番号 1 right"
	aligned "the search" entries "日付 R8.4.1" "ケース 1 right" "氏名 勅使河原" "内容 …"
	holds "$term: the list's key bar has F10" sh -c "tail -1 '$(latest caselist)' | grep -q 'F10戻る'"
	# Finding 7.
	holds "$term: a snippet cut inside the text starts with 「…」" \
		grep -q '…けこさしすせそたちつ相談の件で来所' "$(latest entries)"
	holds "$term: a step open for another role says who records it" \
		grep -q '可 支援調整会議  主任相談支援員が記録します' "$(latest case)"
done
holds "the CSV joins the options with 「／」" \
	grep -rq '住まいについて／仕事探し、就職について' "$T/csv"
done_testing
