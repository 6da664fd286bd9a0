#!/bin/sh
# Issue 18: 多機関協働の対象判定, the aid of 004 図4 (「多機関協働事業で取り扱う
# ケースの基準と具体的事例」) from a script. `madoguchi eligibility` reads no
# database; its rows are forms/households.ini's [eligibility], its ages the
# file's [ages], so an edited file changes the advice of the same program.
# The household's own assessment: tests/cli/test_households.sh.
. "$(dirname "$0")/../lib.sh"

# 004 図4 行6: 30歳女性(病識なく受診なし)、高齢で認知症の親、小学生の子.
md eligibility --targets 30:nodept,S26.5.1:dept,9:dept
expect 0 stdout-contains "基準日: 令和8年4月1日" stdout-contains "判定: 対象" \
	stdout-contains "行: 6" stdout-contains "対応: 複数の部局が関わる必要あり" \
	stdout-contains "左記以外の対象者で担当部局が無い人の人数: 1(1 以上)" stderr-empty \
	-- "004 図4 行6: a woman of 30 with no 担当部局, her parent and her child"

# 004 図4 行1: a question unanswered is asked, then answered.
md eligibility --targets 80:dept --answers services=yes
expect 0 stdout-contains "判定: 判定できません" \
	stdout-contains "「複数の課題がある」への答え(はい / いいえ)" stdout-lacks "行: " \
	-- "004 図4 行1: an unanswered question is asked, not guessed"
md eligibility --targets 80:dept --answers 'services=yes, multiple_issues=いいえ'
expect 0 stdout-contains "判定: 対象外" stdout-contains "行: 1" \
	stdout-contains "但し: 関係機関や部局連携調整に課題がある場合は相談可" \
	-- "004 図4 行1: 対象外, with its proviso"

# 004 図4 行4: 情報共有のみ.
md eligibility --targets 76:dept,8:dept --answers departments_needed=no,sharing_needed=yes
expect 0 stdout-contains "判定: 情報共有のみ" stdout-contains "行: 4" \
	stdout-contains "但し: 関係課が情報共有等に支援会議を活用することは可" \
	-- "004 図4 行4: 孫らしき小学生 at an elderly person's home: 情報共有のみ"

# The 65th birthday at the reference date: 64 the day before (行3), 65 on it.
md eligibility --targets 1961-04-02:nodept --on 2026-04-01
expect 0 stdout-contains "行: 3" -- "64 the day before the 65th birthday: 左記以外, 行3"
md eligibility --targets 1961-04-02:nodept --on R8.4.2
expect 0 stdout-contains "判定: 判定できません" \
	stdout-contains "担当部局がある対象者の人数 が 1(いまは 0)" \
	-- "65 on the birthday: 高齢者 with no 担当部局, no row, and what it lacks"

# The usage line: missing, good and extra arguments, and bad values.
md eligibility
expect 2 stderr-is "madoguchi: --targets(支援対象者)を指定してください
(madoguchi eligibility --help で使い方を表示します)" -- "eligibility without --targets"
md eligibility --targets 30:nodept extra
expect 2 stderr-is "madoguchi: 余分な引数 extra があります
(madoguchi eligibility --help で使い方を表示します)" -- "eligibility with an extra argument"
md eligibility --targets 30:dept:friendly
expect 2 stderr-is "madoguchi: --targets の 1 人目の印「friendly」はありません(dept、nodept、disabled、poverty)
(madoguchi eligibility --help で使い方を表示します)" -- "eligibility with a mark it does not know"
md eligibility --targets 30 --answers maybe=yes
expect 1 stderr-is "madoguchi: 質問 maybe はありません(services、multiple_issues、departments_needed、sharing_needed)" \
	-- "eligibility with a question that does not exist"
md eligibility --targets 30 --answers services=たぶん
expect 1 stderr-is "madoguchi: services への答え「たぶん」は yes か no(はい か いいえ)にしてください" \
	-- "eligibility with an answer that is not yes or no"
md eligibility --targets 30,R9.1.1
expect 1 stderr-is "madoguchi: 2 人目の世帯員の生年月日が基準日より後です" \
	-- "eligibility with a birth after the reference date"
md eligibility --help
expect 0 stdout-contains "使い方: madoguchi eligibility --targets" -- "eligibility --help"

# The same program, the definition edited: 高齢者 from 70 in [ages] (the
# households' one rule of the ages) makes a 67-year-old alone 左記以外 (行3);
# a broken row names file:line and stops.
D="$T/defs"
mkdir -p "$D"
cp -r "$TOP/forms" "$TOP/data" "$D/"
md eligibility --targets 67:nodept
expect 0 stdout-contains "判定: 判定できません" -- "67 with no 担当部局 is 高齢者 as shipped"
sed -i 's/^elderly_from = 65$/elderly_from = 70/' "$D/forms/households.ini"
MADOGUCHI_DATADIR=$D md eligibility --targets 67:nodept
expect 0 stdout-contains "判定: 対象" stdout-contains "行: 3" \
	-- "[ages] elderly_from = 70: a 67-year-old is 左記以外, 行3"
sed -i 's/^verdict = 対象$/verdict = 多機関協働事業の対象/; s/^verdicts = 対象|/verdicts = 多機関協働事業の対象|/' \
	"$D/forms/households.ini"
MADOGUCHI_DATADIR=$D md eligibility --targets 67:nodept
expect 0 stdout-contains "判定: 多機関協働事業の対象" -- "the verdicts are the file's words"
line=$(grep -n '^\[eligibility.row.3\]' "$D/forms/households.ini" | cut -d: -f1)
sed -i "$((line + 1))s/.*/when = targets = 1, loneliness = 1/" "$D/forms/households.ini"
MADOGUCHI_DATADIR=$D md eligibility --targets 67:nodept
expect 1 stderr-contains "$D/forms/households.ini:$((line + 1)): [eligibility.row.3] when: 事実 loneliness はありません" \
	-- "a broken row: file:line, no advice"
MADOGUCHI_DATADIR=$D md forms check
expect 1 stderr-contains "households.ini:$((line + 1)):" -- "forms check finds it too"
done_testing
