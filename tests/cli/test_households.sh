#!/bin/sh
# Issue 18: the household as the unit. 000 第1条 (福祉課題を世帯単位で捉え),
# 000 第2条(1) (本人: 支援が必要な個人又は世帯), 003 §6-2(3)ア (その属する世帯全体
# が抱える課題), 004 図4 (how many in one household need support, and each
# one's 担当部局); consent per person in the print (DOMAIN, 001 第12条).
. "$(dirname "$0")/../lib.sh"
PW='admin-pass1
'
T1='tanaka-pass
'
md --stdin "$PW" init --admin kanri
expect 0 -- "init"
md --stdin "${PW}tanaka-pass
" -u kanri user add tanaka --name '田中 一郎' --role consultant
expect 0 -- "a consultant"
t() { md --stdin "$T1" -u tanaka "$@"; }
db="$T/data/madoguchi/madoguchi.db"
q() { sqlite3 "$db" "$1" </dev/null; }
rows() { q "SELECT count(*) FROM $1"; }
state() { q "SELECT (SELECT count(*) FROM households), (SELECT count(*) FROM household_members),
	(SELECT count(*) FROM household_revisions), (SELECT count(*) FROM household_member_revisions),
	(SELECT count(*) FROM persons), (SELECT group_concat(coalesce(household_id, 0)) FROM persons)"; }

t case new --name '髙橋 花子' --kana 'たかはし はなこ' --birth S55.4.1
expect 0 stdout-contains 1 -- "case 1: 髙橋 花子"
t case new --name '髙橋 太郎' --kana 'たかはし たろう' --birth S25.6.1
expect 0 stdout-contains 2 -- "case 2: her father"

# A household built as it is told: the registered persons, an unnamed child.
t household new --label 高橋家 --issues '経済的困窮|介護' --person 1 --relation 世帯主 \
	--needs-support はい --departments くらし支援
expect 0 stdout-contains 1 -- "000 第1条: household 1 with its first member"
t household add 1 --person 2 --relation 父 --needs-support はい --departments '長寿|障害'
expect 0 stdout-contains 2 -- "the father added by his number"
t household add 1 --who '小学生(氏名不詳)' --age 8 --relation 孫 --needs-support はい \
	--departments こども --note '平日の昼に在宅'
expect 0 stdout-contains 3 -- "004 図4: an unnamed child is a member too"
t household show 1
expect 0 stdout-contains "世帯 1(高橋家)(第1版)" \
	stdout-contains "現在の世帯員: 3 人、うち支援対象者 3 人" \
	stdout-contains "世帯の課題: 経済的困窮、介護" \
	stdout-contains "世帯員 1: 世帯主・同居 髙橋 花子(たかはし はなこ)本人 1" \
	stdout-contains "生年月日: 昭和55年4月1日(46歳、18〜64歳)" \
	stdout-contains "生年月日: 昭和25年6月1日(75歳、高齢者)" \
	stdout-contains "担当部局: 長寿、障害" \
	stdout-contains "ケース 2: 相談受付(担当 田中 一郎)" \
	stdout-contains "世帯員 3: 孫・同居 小学生(氏名不詳)(未登録)" \
	stdout-contains "(8歳、子ども、推定)" \
	-- "003 §6-2(3)ア: the household whole: 続柄, ages and bands, support, 担当部局, cases, issues"
t household show 1 --on R7.5.31
expect 0 stdout-contains "(74歳、高齢者)" -- "ages at a reference date: the day before the birthday"
t household show 1 --on R7.6.1
expect 0 stdout-contains "(75歳、高齢者)" -- "… and on it"
n=$(q "SELECT count(*) FROM audit_log WHERE action = 'view' AND detail LIKE '世帯 1 の閲覧%'")
[ "$n" = 9 ] && pass "every view audited: the household and each case shown (3 × 3)" ||
	fail "every view audited: the household and each case shown (3 × 3)" "$n"
t search --household 1
expect 0 stdout-contains 1 stdout-contains 2 -- "the case list filtered by household"

# A member added finds the registered duplicate, 異体字 and kana folded.
before=$(state)
t household add 1 --name '高橋 花子' --kana 'ﾀｶﾊｼ ﾊﾅｺ' --relation 妻
expect 1 stderr-contains "同じ人が登録されているかもしれません: 本人 1 髙橋 花子(たかはし はなこ、昭和55年4月1日)" \
	stderr-contains "その人なら --person 本人番号 を、別の人なら --new-person を付けてください" \
	-- "高橋 / ﾀｶﾊｼ finds the registered 髙橋 / たかはし; nothing registered"
[ "$(state)" = "$before" ] && pass "… nothing stored" || fail "… nothing stored" "$before → $(state)"
t household add 1 --name '高橋 一郎' --kana 'タカハシ イチロウ' --birth S55.4.1 --relation 夫
expect 1 stderr-contains "本人 1 髙橋 花子" -- "the same birth date is a possible duplicate too"
t household add 1 --name '高橋 一郎' --kana 'タカハシ イチロウ' --birth S52.1.1 --relation 夫
expect 0 stdout-contains 4 -- "someone new is registered and added"
[ "$(q "SELECT name || '/' || household_id FROM persons WHERE id = 3")" = "高橋 一郎/1" ] &&
	pass "… as a person of their own in household 1" || fail "… as a person of their own in household 1"

# Bad input: each refused with a Japanese message naming the field; nothing stored.
t case new --name '佐藤 次郎' --kana 'さとう じろう'
t household new --person 4 --relation 世帯主
expect 0 stdout-contains 2 -- "another household"
t household member 2 --moved-in R8.3.1
expect 0 -- "the father moved in on R8.3.1"
before=$(state)
t household add 1 --person 4 --relation 子
expect 1 stderr-is "madoguchi: 本人 4(佐藤 次郎)はいま世帯 2 の世帯員です。現在の世帯は一人に一つです。この世帯に移ったのなら、転出と移る先を madoguchi household move で記録してください" \
	-- "a person in a second current household: refused, offering household move"
t household add 1 --person 2 --relation 子
expect 1 stderr-is "madoguchi: 本人 2(髙橋 太郎)はすでに世帯 1(高橋家)の世帯員です(同じ世帯に二度は入れません)" \
	-- "the household's own member again: the member is the household itself"
t household move --member 2 --reason 転居 --to 1 --relation 父
expect 1 stderr-is "madoguchi: 移る先の世帯 1 は、いまの世帯そのものです(世帯員はその世帯自身には移れません)" \
	-- "a move into the household one is in"
t household add 1 --who 親戚 --relation 兄さん
expect 1 stderr-is "madoguchi: 続柄: 「兄さん」は選択肢にありません(1〜19 の番号か、選択肢の名前で入力してください)" \
	-- "a relation not in the list"
t household move --member 2 --reason 転居 --date R8.2.28
expect 1 stderr-is "madoguchi: 転出日: 令和8年2月28日 は転入日 令和8年3月1日 より前です" \
	-- "a move-out before the move-in"
t household move --person 4 --reason 死亡
expect 1 stderr-is "madoguchi: 世帯員 5 は世帯 2 のただ一人の現在の世帯員です。転出すると世帯に誰もいなくなります(記録していません)" \
	-- "a household left with no current member"
t household move --member 2 --reason 引っ越し
expect 1 stderr-contains "理由: 「引っ越し」は選択肢にありません" -- "a reason not in the list"
t household move --member 2 --reason 転居 --date R9.1.1
expect 1 stderr-is "madoguchi: 転出日: 令和9年1月1日 は今日より先です" -- "a move in the future"
t household add 1 --who 'x' --birth H29.4.1 --age 8 --relation 孫
expect 1 stderr-is "madoguchi: 生年月日と年齢は、どちらか一つにしてください" -- "a birth date and an age at once"
t household add 9 --person 4 --relation 子
expect 1 stderr-is "madoguchi: 世帯 9 はありません" -- "a household that is not there"
t household add 1 --relation 子
expect 1 stderr-contains "世帯員を、本人番号、新しく登録する本人(氏名とふりがな)、未登録の世帯員の説明のどれかで指定してください" \
	-- "no member given"
t household add 1 --person 4 --relation 子 --needs-support たぶん
expect 2 stderr-contains "--needs-support には はい か いいえ を指定してください" -- "a yes/no that is neither"
t household add 1 --person x --relation 子
expect 2 stderr-contains "本人番号 x が正しくありません" -- "a person number that is none"
[ "$(state)" = "$before" ] && pass "every refusal stored nothing" || fail "every refusal stored nothing" "$before → $(state)"

# A member moving out keeps the history.
t household move --member 2 --reason 施設入所 --date R8.3.20 --new --label 施設 --relation 世帯主
expect 0 stdout-contains 6 -- "the father moves into a household of his own"
t household history 2
expect 0 stdout-contains "2	1 高橋家	父	同居	令和8年3月1日	令和8年3月20日(施設入所)" \
	stdout-contains "6	3 施設	世帯主	同居	令和8年3月20日(施設入所)	(現在の世帯)" \
	-- "his history: the first household ended, the new one current"
t household show 1 --all
expect 0 stdout-contains "現在の世帯員: 3 人" stdout-contains "転出した世帯員 2: 父・同居 髙橋 太郎" \
	stdout-contains "転出: 令和8年3月20日(施設入所)" -- "the household keeps who left"
[ "$(q "SELECT household_id FROM persons WHERE id = 2")" = 3 ] &&
	pass "persons.household_id follows the current household" ||
	fail "persons.household_id follows the current household"
t search --household 3
expect 0 stdout-contains 2 -- "his case now under his new household"
t household list --search ﾀｶﾊｼ
expect 0 stdout-contains "1	高橋家	髙橋 花子	3	2" stdout-contains "3	施設	髙橋 太郎	1	1" \
	stdout-contains "(2 世帯)" -- "households found by a member's kana, folded"
md check
expect 0 stdout-contains "OK" -- "madoguchi check: memberships and persons in step"

# 第2号様式's 家族構成 filled from the household when the assessment starts.
t form show 1 intake
expect 0 stdout-contains "家族構成	(2 行)" \
	stdout-contains "家族構成 1	続柄: 夫 / 氏名: 高橋 一郎 / 年齢: 49 / 同居・別居: 同居" \
	stdout-contains "家族構成 2	続柄: 孫 / 氏名: 小学生(氏名不詳) / 年齢: 8 / 同居・別居: 同居 /" \
	stdout-contains "健康・備考: 平日の昼に在宅" stdout-lacks "氏名: 髙橋 花子" \
	-- "家族構成 from the household: each other current member, the person left out"
t form set 1 intake family.2.occupation 小学生 family.1.relation 配偶者
expect 0 -- "the 家族構成 is saved as edited"
t form show 1 intake
expect 0 stdout-contains "家族構成 1	続柄: 配偶者 / 氏名: 高橋 一郎" \
	stdout-contains "家族構成 2	続柄: 孫 / 氏名: 小学生(氏名不詳) / 年齢: 8 / 同居・別居: 同居 / 職業: 小学生" \
	-- "… and stays as edited"

# The print leaves out a member who has not consented.
t form set 1 reception consent_share はい
expect 0 -- "髙橋 花子 consents to sharing"
t form set 2 reception consent_share いいえ
expect 0 -- "髙橋 太郎 does not"
t household print 1
expect 0 stdout-contains "氏名: 髙橋 花子" stdout-contains "世帯員 2: (本人の同意がないため記載しません)" \
	stdout-contains "世帯員 3: (本人の同意がないため記載しません)" \
	stdout-contains "世帯の課題: (世帯員全員の同意がないため記載しません)" \
	stdout-lacks "高橋 一郎" stdout-lacks "小学生" stdout-lacks "経済的困窮" \
	-- "the print: details only of the member who consented"
t household set 1 --note '=1+2 and more'
expect 0 -- "a note a spreadsheet would read as a formula"
t household print 1 --csv -o "$T/h.csv" --encoding cp932
expect 0 stdout-contains "世帯票を $T/h.csv に印刷しました" -- "the CSV print, CP932"
csv_cells "$T/h.csv" cp932 >"$T/cells"
holds "the CSV names the member who consented" grep -qx '髙橋 花子' "$T/cells"
holds "… leaves out the others" grep -qx '(本人の同意がないため記載しません)' "$T/cells"
grep -q '小学生\|高橋 一郎\|=1+2' "$T/cells" && fail "no detail of those who did not consent in the CSV" ||
	pass "no detail of those who did not consent in the CSV"
[ -z "$(csv_formulas "$T/h.csv" cp932)" ] && pass "no cell of the 世帯票 is a formula" ||
	fail "no cell of the 世帯票 is a formula"
n=$(q "SELECT count(*) FROM audit_log WHERE action = 'export' AND detail LIKE '世帯 1 の印刷%'")
[ "$n" = 4 ] && pass "each print audited, with each case printed (2 prints × (1 + 1 case))" ||
	fail "each print audited, with each case printed (2 prints × (1 + 1 case))" "$n"

# 多機関協働の対象判定 (004 図4) of the household's own records. 004 図4 行6
# (30歳女性、高齢で認知症の親、小学生の子): a household of three told as it is.
t household new --label 佐藤家 --who '30歳女性' --birth H7.6.1 --relation 世帯主 \
	--needs-support はい
expect 0 stdout-contains 4 -- "004 図4 行6: the woman, with no 担当部局"
t household add 4 --who '母(認知症)' --birth S26.8.1 --relation 母 --needs-support はい \
	--departments 長寿
expect 0 -- "… her mother, 長寿"
t household add 4 --who '小学生の子' --birth H28.11.1 --relation 子 --needs-support はい \
	--departments こども
expect 0 -- "… her child, こども"
t household show 4
expect 0 stdout-contains "多機関協働の対象判定(004 図4、基準日 令和8年4月1日)" \
	stdout-contains "  判定: 対象" stdout-contains "  行: 6" \
	stdout-contains "  対応: 複数の部局が関わる必要あり" \
	stdout-contains "    左記以外の対象者で担当部局が無い人の人数: 1(1 以上)" \
	stdout-contains "  記録された判定: なし" \
	-- "004 図4 行6 from the household: the row, verdict, 対応 and reasons"
t household assess 4
expect 0 stdout-contains "  判定: 対象" stdout-contains "  答え: (なし)" \
	-- "assess without --decide advises and records nothing"
[ "$(q "SELECT eligibility FROM households WHERE id = 4")" = "" ] &&
	pass "… nothing recorded" || fail "… nothing recorded"
t household assess 4 --answer sharing_needed=はい --answer departments_needed=yes \
	--decide 対象 --note 'ケース会議で確認'
expect 0 stdout-contains "  答え: 複数の部局が関わる必要がある: はい、情報共有が必要: はい" \
	stdout-contains "  記録された判定: 対象(田中 一郎、令和8年4月1日 10:00:00、第2版)" \
	stdout-contains "  そのときの助言: 行6 対象(基準日 令和8年4月1日)" \
	stdout-contains "  判定のメモ: ケース会議で確認" stdout-contains "  判定の後の変化: なし" \
	-- "the consultant decides: recorded as the household's revision 2"
[ "$(q "SELECT json_extract(json_extract(data, '\$.eligibility'), '\$.verdict') || ' ' ||
	changed FROM household_revisions WHERE household_id = 4 AND revision = 2")" = '対象 ["eligibility"]' ] &&
	pass "… kept in household_revisions" || fail "… kept in household_revisions"
n=$(q "SELECT count(*) FROM audit_log WHERE action = 'update' AND detail = '世帯 4 の多機関協働の対象判定(004 図4): 対象(助言 行6 対象)'")
[ "$n" = 1 ] && pass "… audited" || fail "… audited" "$n"
t household add 4 --who '乳児' --birth R8.3.1 --relation 孫 --needs-support はい --disabled いいえ \
	--departments こども
expect 0 -- "someone joins after the decision"
t household show 4
expect 0 stdout-contains "  記録された判定: 対象(田中 一郎" stdout-contains "  判定の後の変化:" \
	stdout-contains "    世帯員 10(乳児)が加わりました" stdout-contains "    支援対象者の人数: 3 → 4" \
	-- "show: the latest decision, and that the household changed since"
# A member's 障害 and 生活困窮 (004 図4), recorded as the rest of them.
t household member 7 --poverty はい --disabled いいえ
expect 0 -- "--poverty and --disabled on a member"
t household show 4
expect 0 stdout-contains "  生活困窮が主たる課題: はい" stdout-lacks "  障害者: はい" \
	stdout-contains "    世帯員 7(30歳女性)の記録が変わりました" \
	-- "… shown, and a change since the decision"
# The 65th birthday on the reference date: 高齢者 on it, 18〜64歳 the day before.
t household new --who '一人暮らし' --birth S36.4.1 --relation 世帯主 --needs-support はい
expect 0 stdout-contains 5 -- "someone alone with no 担当部局, born 1961-04-01"
t household show 5 --on R8.3.31
expect 0 stdout-contains "(64歳、18〜64歳)" stdout-contains "  行: 3" \
	-- "64 the day before the 65th birthday: 左記以外, 004 図4 行3"
t household show 5 --on R8.4.1
expect 0 stdout-contains "(65歳、高齢者)" stdout-contains "  判定: 判定できません" \
	stdout-contains "担当部局がある対象者の人数 が 1(いまは 0)" \
	-- "65 on the birthday: 高齢者 with no 担当部局, no row of 004 図4"
# Bad input: refused in Japanese naming the field; nothing stored.
before=$(q "SELECT count(*) FROM household_revisions")
t household assess 4 --decide 保留
expect 1 stderr-is "madoguchi: 判定「保留」はありません(対象、対象外、情報共有のみ のどれか)" \
	-- "a decision that is not a verdict"
t household assess 4 --answer maybe=yes --decide 対象
expect 1 stderr-contains "質問 maybe はありません(services、multiple_issues、departments_needed、sharing_needed)" \
	-- "an answer to a question that does not exist"
t household assess 4 --answer services=たぶん
expect 1 stderr-contains "services への答え「たぶん」は yes か no(はい か いいえ)にしてください" \
	-- "an answer that is neither"
t household assess 4 --decide 対象 --on R9.1.1
expect 1 stderr-is "madoguchi: 基準日: 令和9年1月1日 は今日より先です" -- "a decision on a day to come"
t household assess 4 --note 'メモだけ'
expect 2 stderr-contains "--note は --decide(判定)と一緒に指定してください" -- "a note without a decision"
t household assess 9 --decide 対象
expect 1 stderr-contains "世帯 9 はありません" -- "a household that is not there"
t household add 4 --who x --relation 子 --poverty たぶん
expect 2 stderr-contains "--poverty には はい か いいえ を指定してください" -- "a flag that is neither"
[ "$(q "SELECT count(*) FROM household_revisions")" = "$before" ] &&
	pass "no refused decision stored" || fail "no refused decision stored"

# The print carries the 多機関協働の対象判定 (004 図4) as it carries the
# household's issues: it speaks of them all, so only when every current
# member consented.
t household print 4
expect 0 stdout-contains "多機関協働の対象判定(004 図4): (世帯員全員の同意がないため記載しません)" \
	stdout-lacks "ケース会議で確認" -- "the print leaves out the decision while a member has not consented"
t case new --name '伊藤 一人' --kana 'いとう かずと' --birth S40.4.1
id=$(q "SELECT max(id) FROM cases")
t form set "$id" reception consent_share はい
t household new --person "$(q "SELECT person_id FROM cases WHERE id = $id")" --relation 世帯主 \
	--needs-support はい
hid=$(q "SELECT max(id) FROM households")
t household print "$hid"
expect 0 stdout-contains "多機関協働の対象判定(004 図4): (まだ判定していません)" \
	-- "the print says when nothing is decided yet"
t household assess "$hid" --answer sharing_needed=はい --decide 情報共有のみ --note '見守りで足りる'
expect 0 -- "a decision for the household of one who consented"
t household print "$hid"
expect 0 stdout-contains "多機関協働の対象判定(004 図4): 情報共有のみ(令和8年4月1日 10:00:00 田中 一郎。図4 の助言:" \
	stdout-contains "判定のメモ: 見守りで足りる" -- "the print carries the decision, who and when, the advice beside it"
t household print "$hid" --csv -o "$T/h2.csv"
csv_cells "$T/h2.csv" >"$T/cells"
holds "… and the CSV" grep -q '^情報共有のみ(令和8年4月1日' "$T/cells"

# The command's own usage.
md household --help
expect 0 stdout-contains "household new" stdout-contains "household move" \
	stdout-contains "同意" -- "--help in Japanese"
t household frobnicate
expect 2 stderr-contains "household の操作 frobnicate はありません" -- "an unknown subcommand"
t household show
expect 2 stderr-contains "世帯番号を指定してください" -- "show without a household"
t household show 1 2
expect 2 stderr-contains "余分な引数 2 があります" -- "show with an extra argument"
done_testing
