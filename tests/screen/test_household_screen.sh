#!/bin/sh
# The household screen (世帯, issue 18) at 80×24: the household as the unit
# (000 第1条 世帯単位; 003 §6-2(3)ア), a key from the case. A household of 12
# members shows every member's row whole without scrolling, the one not
# registered by their description 「小学生(氏名不詳)」; a member added as a new
# person finds the registered duplicate (髙橋 for 高橋) and is added as them;
# a member moved out leaves the table and shows in the history view; a move
# refused (moved out before moving in) keeps what was typed and shows the
# core's message naming the field; the case list limited to the household;
# the 多機関協働の対象判定 of 004 図4 advised from the members and an answer,
# and the consultant's decision recorded.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
setup_case 60
DB="$XDG_DATA_HOME/madoguchi/madoguchi.db"

# hh ARGS…: a household command as tanaka; its output in $T/out.
hh() {
	printf 'tanaka-pass\n' | "$MADOGUCHI" -u tanaka household "$@" >"$T/out" 2>"$T/err" ||
		{ echo "# setup failed: household $*: $(cat "$T/err")"; exit 1; }
}

# A registered person with a case: 髙橋 一郎 (case 2), not in the household.
as tanaka tanaka-pass case new --name '髙橋 一郎' --kana 'たかはし いちろう' --birth S50.5.5

# Household 1: 鈴木 一郎 (case 1) and eleven more, one of them not
# registered, one who moved in on R8.3.1 (for the refused move).
hh new --person 1 --relation 世帯主 --label 鈴木家 --issues '経済的困窮|家族関係・家族の問題|介護' \
	--note '長男が就労に悩む。祖母の介護'
hh add 1 --name '鈴木 花子' --kana 'すずき はなこ' --birth S52.6.1 --relation 妻 \
	--needs-support はい --departments 'くらし支援'
hh add 1 --name '鈴木 太郎' --kana 'すずき たろう' --birth H12.1.10 --relation 子
hh add 1 --name '鈴木 次郎' --kana 'すずき じろう' --birth H14.2.20 --relation 子
hh add 1 --name '鈴木 三郎' --kana 'すずき さぶろう' --birth H20.3.30 --relation 子 \
	--living 別居 --needs-support はい --departments 'こども|障害'
hh add 1 --name '鈴木 美咲' --kana 'すずき みさき' --birth H13.7.7 --relation 子の配偶者 \
	--moved-in R8.3.1 --reason 婚姻
hh add 1 --name '鈴木 健' --kana 'すずき けん' --birth R3.8.8 --relation 孫
hh add 1 --who '小学生(氏名不詳)' --age 8 --relation 孫 --needs-support はい
hh add 1 --name '鈴木 梅' --kana 'すずき うめ' --birth S10.9.9 --relation 祖母 \
	--needs-support はい --departments 長寿
hh add 1 --name '鈴木 松男' --kana 'すずき まつお' --birth S30.10.10 --relation 父
hh add 1 --name '鈴木 竹子' --kana 'すずき たけこ' --birth S32.11.11 --relation 母
hh add 1 --name '山田 一' --kana 'やまだ はじめ' --birth S60.12.12 --relation 同居人
hh show 1
holds "the household has 12 current members" grep -q '現在の世帯員: 12 人' "$T/out"
# 鈴木 花子 (person 3) has a case (3) with a next contact day.
as tanaka tanaka-pass case new --person 3
as tanaka tanaka-pass form set 3 progress entry_date R8.3.20 content 面談 next_on R8.4.20
# 山本 大介 (person 13, case 4) is registered and in no household.
as tanaka tanaka-pass case new --name '山本 大介' --kana 'やまもと だいすけ' --birth S45.3.3

start
login tanaka tanaka-pass
open_case 'すずき' '鈴木 一郎'
send F1
see_paging "F1 on the case screen names H, the household" "H ケースの本人の世帯を開く"
send q
wait_gone "ヘルプ"
send H
see "H opens the household of the case's person" "世帯 1 鈴木家"
see "the reference date of the ages in 和暦" "R8.4.1 現在"

# At 80×24 every one of the 12 members has a row whole, none scrolled
# away, nothing wrapped or cut into another name.
screen >"$T/shot"

rows=$(sed -n '4,15p' "$T/shot")
for name in '鈴木 一郎' '鈴木 花子' '鈴木 太郎' '鈴木 次郎' '鈴木 三郎' '鈴木 美咲' \
	'鈴木 健' '小学生(氏名不詳)' '鈴木 梅' '鈴木 松男' '鈴木 竹子' '山田 一'; do
	holds "the member $name has a row of the table" sh -c "printf '%s\n' \"\$1\" | grep -qF -- \"\$2\"" - "$rows" "$name"
done
dont_see "no row is scrolled away" "続きあり"
see "a 続柄 of five characters is whole" "子の配偶者"
see "a 担当部局 too wide for its column is cut by display width, with …" "障害／こ…"
see "the household's 課題, joined by ／" "課題: 経済的困窮／家族関係・家族の問題／介護"
see "its note" "メモ: 長男が就労に悩む。祖母の介護"
see "004 図4: who needs support, by age band" "支援対象者 4 人(子ども 1・18〜64歳 2・高齢者 1)"
see "and the advice, undecided before the questions are answered" "助言: 判定できません"
see "no decision recorded yet" "004 図4 多機関協働の対象判定(d)  記録: なし"
see "a member's open case with its stage and next day, in 和暦" "3 相談受付 R8.4.20"
holds "no line of the screen is wider than 80 columns" python3 -c '
import sys; sys.path.insert(0, sys.argv[1]); import texts
sys.exit(any(texts.width(l) > 80 for l in open(sys.argv[2], encoding="utf-8").read().split("\n")))' "$TOP/tests/screen" "$T/shot"
holds "the texts are whole (key bar, 禁則)" python3 "$TOP/tests/screen/texts.py" check "$TOP" "$T/shot"
holds "the ages line up under their heading" python3 "$TOP/tests/screen/texts.py" align "$T/shot" 年齢 48 right
holds "the 担当部局 under theirs" python3 "$TOP/tests/screen/texts.py" align "$T/shot" 担当部局 くらし支援
holds "the one not registered: an age reckoned (約8)" grep -q '小学生(氏名不詳) *約8 同居 はい' "$T/shot"

# F1: what the screen is for, its keys, the household's 課題 and note whole.
send F1
see_paging "F1 says what the screen shows" "現在の世帯員を 1 行ずつ"
see_paging "and names m, the move out" "m 選んだ世帯員の転出"
send q
wait_gone "ヘルプ"

# Enter on a member with a case opens it.
send Down
see "the member selected is shown in full under the list" "世帯員 2: 鈴木 花子(すずき はなこ)本人 3"
send Enter
see "Enter opens the member's case" "ケース 3  鈴木 花子"
send F10
see "back on the household" "世帯 1 鈴木家"

# Adding a new person 高橋 一郎: the duplicate check finds 髙橋 一郎, who is
# shown and chosen.
send a
see "a asks how the member is added" "新しい人を登録して加える"
send 2
see "the name of the new person is asked" "新しい人の氏名"
type_text '高橋 一郎'
send Enter
wait_for "ふりがな"
type_text 'たかはし いちろう'
send Enter
wait_for "生年月日"
send Enter
see "the relation is one of the list" "続柄(世帯主から見て)"
# (Two digits pick one of more than nine at once: 18 is 同居人.)
type_text 18
wait_for "同居・別居"
send 1
wait_for "転入日"
send Enter
see "the registered duplicate is named (異体字 folded)" "同じ人が登録されているかもしれません"
see "and shown to choose: 髙橋 for 高橋" "この人を加える: 本人 2 髙橋 一郎(たかはし いちろう)"
see "or to confirm it is someone else" "別の人として新しく登録して加える"
send 1
see "the registered person is added" "を加えました"
see "as 髙橋 一郎" "髙橋 一郎"
holds "no second 高橋 was registered" test "$(sqlite3 "$DB" "SELECT count(*) FROM persons WHERE kana = 'たかはし いちろう'")" = 1
holds "髙橋 一郎 is now a current member" test "$(sqlite3 "$DB" "SELECT household_id FROM persons WHERE id = 2")" = 1
see "13 members" "世帯員 13 人"
see "do not fit at 80×24: the header says more are below" "↓続きあり"

# Moving 髙橋 out (the one selected): asked, then confirmed.
send m
see "m asks the day of moving out" "転出日"
send Enter
see "then the reason" "転出の理由"
# (One digit of a list of more than nine waits for Enter: 4 is 転居.)
type_text 4
send Enter
see "then where to" "移る先は記録しない"
send 1
see "nothing decisive on one key: the move is confirmed" "髙橋 一郎 さんの転出を記録します"
send y
see "the move is recorded" "髙橋 一郎 さんの転出を記録しました"
screen | sed -n '4,15p' >"$T/rows"
holds "the member moved out leaves the table" sh -c "! grep -q 髙橋 '$T/rows'"
send F6
see "F6 shows the members who moved out" "転出した世帯員(履歴) 1 人"
see "with the day and the reason" "R8.4.1    転居"
see "髙橋 is there" "髙橋 一郎"
send F6
see "F6 again: the current members" "世帯員 12 人"

# A move refused: 鈴木 美咲 moved in on R8.3.1, moved out on R8.2.1.
send Home
down 5
see "鈴木 美咲 selected" "世帯員 6: 鈴木 美咲"
send m
wait_for "転出日"
type_text R8.2.1
send Enter
wait_for "転出の理由"
type_text 4
send Enter
wait_for "移る先は記録しない"
send 1
wait_for "鈴木 美咲 さんの転出を記録します"
send y
see "the refusal names the field, in the core's words" "転出日: 令和8年2月1日 は転入日 令和8年3月1日 より前です"
see "and the day is asked again as typed" "R8.2.1"
holds "nothing is stored" sh -c "printf 'tanaka-pass\n' | '$MADOGUCHI' -u tanaka household show 1 | grep -q '現在の世帯員: 12 人'"
send Escape
wait_gone "転出日(" 
see "given up, nothing recorded" "世帯員 12 人"

# e changes one field of the member selected: 鈴木 健 becomes a 支援対象者,
# which 004 図4's line counts.
send Home
down 7
see "鈴木 健 selected" "世帯員 7: 鈴木 健"
send e
see "e offers each field with its value" "支援対象者: いいえ"
send 3
see "支援対象者 is asked" "支援対象者(004 図4)"
send 1
see "the change is recorded" "世帯員 7(鈴木 健)を変えました"
see "and counted for 004 図4" "支援対象者 5 人(子ども 2・18〜64歳 2・高齢者 1)"

# i changes the household's 課題 (several, Space or two digits).
send i
see "i offers the 課題, the note and the name" "世帯の課題: 経済的困窮"
send 1
see "the 課題 of the definitions are offered" "世帯の課題(Space で選ぶ、いくつでも)"
type_text 17
send Enter
see "the 課題 chosen, in the list's order" "課題: 経済的困窮／家族関係・家族の問題／子育て／介護"

# One not registered: a description and an age, from which a birth date is
# reckoned.
send a
wait_for "新しい人を登録して加える"
send 3
see "one not registered is described" "登録しない世帯員の説明"
type_text '中学生(氏名不詳)'
send Enter
see "and their age or birth date asked" "年齢(例: 8)か生年月日"
type_text 13
send Enter
wait_for "続柄(世帯主から見て)"
type_text 6
send Enter
wait_for "同居・別居"
send 1
wait_for "転入日"
send Enter
see "the member not registered is added" "(中学生(氏名不詳))を加えました"
see "with the age as 約" "中学生(氏名不詳)   約13"

# A registered person found by the start of their ふりがな.
send a
wait_for "登録された人から探して加える"
send 1
see "the registered persons are searched" "登録された人を探す"
type_text 'やまもと'
send Enter
see "the person found is offered" "本人 13 山本 大介(やまもと だいすけ) S45.3.3 ケース 4"
send 1
wait_for "続柄(世帯主から見て)"
type_text 18
wait_for "同居・別居"
send 1
wait_for "転入日"
send Enter
see "the registered person is added" "(山本 大介)を加えました"

# 山本 moves out to a household of his own, made by the move.
send m
wait_for "転出日"
send Enter
wait_for "転出の理由"
type_text 4
send Enter
wait_for "移る先は記録しない"
send 3
see "a new household's name is asked" "新しい世帯の呼び名"
type_text '山本家'
send Enter
see "his relation there" "移る先での続柄"
send 1
send Enter
wait_for "移る先での同居・別居"
send 1
see "the question names where he goes" "新しい世帯「山本家」に 世帯主・同居 で移る"
send y
see "the move into the new household is recorded" "山本 大介 さんの転出を記録しました(世帯 2 に移りました)"

# Added back: he is in household 2 now, so a move from it is offered; as
# its only member he may not leave it (a household is never left empty).
# add_yamamoto: a, the registered person found, his place, and yes to the
# move offered, up to its question.
add_yamamoto() {
	send a
	wait_for "登録された人から探して加える"
	send 1
	wait_for "登録された人を探す"
	type_text 'やまもと'
	send Enter
	see "he is shown in his household" "ケース 4 世帯 2"
	send 1
	wait_for "続柄(世帯主から見て)"
	type_text 18
	wait_for "同居・別居"
	send 1
	wait_for "転入日"
	send Enter
	see "a person has one current household: a move is offered" "本人 13 はいま世帯 2 の世帯員です"
	send y
	wait_for "転出日"
	send Enter
	wait_for "転出の理由"
	type_text 4
	send Enter
	see "the move names this household" "世帯 1 に 同居人・同居 で移る"
	send y
}
add_yamamoto
see "refused: the only member of household 2" "世帯 2 のただ一人の現在の世帯員です"
see "and asked again" "転出日(R8.4.1"
send Escape
wait_gone "転出日("
hh add 2 --who '乳児(氏名不詳)' --age 0 --relation 子
add_yamamoto
see "he is moved here" "山本 大介 さんの転出を記録しました(世帯 1 に移りました)"
see "and listed" "同居人     山本 大介"
holds "household 2 keeps him in its history" \
	test "$(sqlite3 "$DB" "SELECT count(*) FROM household_members WHERE household_id = 2 AND moved_out_on IS NOT NULL")" = 1

# The case list of this household's members only.
send l
see "l opens the case list of the household" "世帯 1 のみ"
see "with the cases of its members" "鈴木 花子"
dont_see "and no other's" "髙橋"
send F10
wait_for "世帯 1 鈴木家"
send F10
wait_for "ケース 1  鈴木 一郎"
send F10
wait_for "支援ケース一覧"
send F10
wait_for "今日の予定"

# 髙橋 一郎 has no household now: H offers to make one with him.
open_case 'たかはし' '髙橋 一郎' 2
send H
see "H without a household asks to make one" "髙橋 一郎 さんの世帯はまだ記録されていません"
send y
see "his relation is asked" "髙橋 一郎 さんの続柄(世帯主から見て)"
send 1
send Enter
see "the household is made and opened" "世帯 3 を作りました"
see "with him as its member" "世帯主     髙橋 一郎"

# 004 図4 for household 3: 髙橋 needs support, 生活困窮 is his main issue,
# くらし支援 his 担当部局 — one target in the figure's field with a
# department, whose row depends on the consultant's answers.
send e
wait_for "の何を変えますか"
send 3
wait_for "支援対象者(004 図4)"
send 1
wait_for "を変えました"
send e
wait_for "の何を変えますか"
send 5
see "生活困窮が主たる課題 is asked" "生活困窮が主たる課題(004 図4)"
send 1
wait_for "を変えました"
send e
wait_for "の何を変えますか"
send 6
see "the 担当部局 of the definitions, several" "担当部局(Space で選ぶ、いくつでも)"
send 5
send Enter
see "his 担当部局 is listed" "くらし支援"
see "the advice waits for the answers" "助言: 判定できません"
send d
see "d opens the 対象判定" "多機関協働事業で取り扱うケースの基準と具体的事例"
see "what the aid counted" "支援対象者の人数 1"
see "the questions, unanswered" "複数の課題がある: (答えていません)"
see "undecided, saying what is missing" "足りないもの:"
send Down
send Enter
see "a question is answered" "はい"
send 1
see "answered, the advice follows" "判定: 対象(行 2)"
see "with the row's 対応" "対応: 担当部局を中心に複数の部局が関わる必要あり"
see "its citation" "出典: 004 図4"
send d
see "the verdicts of the definition, the advice named" "判定(助言: 対象)"
send Enter
wait_for "判定のメモ"
type_text '支援会議で共有する'
send Enter
see "nothing decisive on one key: the decision is confirmed" "世帯 3 の多機関協働の対象判定を「対象」として記録します"
send y
see "the decision is recorded" "判定「対象」を記録しました"
see "and shown with who and when" "対象(田中 一郎、R8.4.1"
see "nothing changed since" "判定の後の変化: なし"
screen >"$T/elig"
holds "the 対象判定's texts are whole (key bar, 禁則)" python3 "$TOP/tests/screen/texts.py" check "$TOP" "$T/elig"
md --stdin 'tanaka-pass
' -u tanaka household show 3
expect 0 stdout-contains "記録された判定: 対象(田中 一郎" -- "the decision is the core's, as household show reads it"
send F10
see "the household screen names the decision" "記録: 対象(R8.4.1 田中 一郎)"
see "and the advice" "助言: 対象(行 2)"
send F10
wait_for "ケース 2  髙橋 一郎"
send F10
wait_for "支援ケース一覧"
send F10
quit_home
exited 5
done_testing
