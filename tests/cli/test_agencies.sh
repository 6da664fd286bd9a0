#!/bin/sh
# Referrals go where the rules say (001 第9条(5) "確実に福祉事務所につなげる"):
# an agency has a kind (種別) from the definitions, the 福祉事務所 referral
# takes only one of kind 福祉事務所, the refusals name what is missing, and an
# agency is named as an outcome is: whole, by a 別名, or by a start that
# fits one only (issue 14, findings 4 and 7).
. "$(dirname "$0")/../lib.sh"
PW='admin-pass1
'
T1='tanaka-pass
'

md --stdin "$PW" init --admin kanri
expect 0 stdout-contains "関係機関の一覧を読み込みました(26 件)" -- "init loads the shipped catalogue"
md --stdin "${PW}tanaka-pass
" -u kanri user add tanaka --name '田中 一郎' --role consultant
expect 0 -- "a consultant"
md --stdin "$T1" -u tanaka agency list
expect 0 stdout-contains "名称	種別	電話	住所	状態	別名" \
	stdout-contains "福祉事務所(生活保護)	福祉事務所			有効	生活保護の窓口" \
	stdout-contains "ハローワーク(公共職業安定所)	就労			有効	公共職業安定所|職安" \
	-- "agency list: the kind and the aliases of each agency"

# A case screened to 生活保護.
md --stdin "$T1" -u tanaka case new --name '鈴木 次郎' --kana 'すずき じろう' --birth 'H2.7.7'
expect 0 -- "case new"
md --stdin "$T1" -u tanaka form set 1 reception signed はい consent_share はい applied_on R8.4.1
expect 0 -- "第1号様式 signed"
md --stdin "$T1" -u tanaka step 1 application
expect 0 -- "application"
md --stdin "$T1" -u tanaka step 1 triage --outcome 継続
expect 0 -- "an outcome by the start of its name"
md --stdin "$T1" -u tanaka case show 1
expect 0 stdout-contains "済 振り分け 令和8年4月1日 田中 一郎 → 継続支援(記録 令和8年4月1日 10:00:00)" -- "which is 継続支援"
md --stdin "$T1" -u tanaka form set 1 intake complaint '収入がない' issues '経済的困窮' summary '生活保護の申請を支える'
expect 0 -- "第2号様式"
md --stdin "$T1" -u tanaka step 1 assessment
expect 0 -- "assessment"
md --stdin "$T1" -u tanaka step 1 screening --outcome 生活保護
expect 0 -- "screening: 生活保護の申請につなぐ"

# 001 第9条(5): closing before the referral names the referral.
md --stdin "$T1" -u tanaka step 1 closure
expect 1 stderr-contains "手順「終結」はまだ行えません: スクリーニングで生活保護の申請につなぐと判断したケースは、「福祉事務所へのつなぎ」(つなぎ先は種別「福祉事務所」の関係機関)を記録して終結します(001 第9条(5))" \
	-- "closure_before_the_welfare_referral_names_it__001_9_5"
md --stdin "$T1" -u tanaka case show 1
expect 0 stdout-contains "未 終結: スクリーニングで生活保護の申請につなぐと判断したケースは、「福祉事務所へのつなぎ」" \
	-- "case show: the closure waits for the 福祉事務所へのつなぎ"

# 001 第9条(5): the referral goes to a 福祉事務所, not to any agency.
md --stdin "$T1" -u tanaka step 1 welfare_referral
expect 1 stderr-is "madoguchi: 「つないだ」にはつなぎ先(種別「福祉事務所」の関係機関)が必要です" \
	-- "the welfare referral without an agency names the kind it needs"
md --stdin "$T1" -u tanaka step 1 welfare_referral --agency 警察
expect 1 stderr-is "madoguchi: 福祉事務所へのつなぎ(つないだ)のつなぎ先は種別「福祉事務所」の関係機関にしてください(「警察」の種別は「安全」です)" \
	-- "welfare_referral_to_the_police_is_refused__001_9_5"
md --stdin "$T1" -u tanaka step 1 welfare_referral --agency 'ハローワーク'
expect 1 stderr-contains "種別「福祉事務所」の関係機関にしてください(「ハローワーク(公共職業安定所)」の種別は「就労」です)" \
	-- "nor to another agency named by the start of its name"
md --stdin "$T1" -u tanaka case show 1
expect 0 stdout-contains "状態: 支援中" -- "nothing was recorded by the refusals"

# Agencies named as outcomes are: an ambiguous start is refused with the
# candidates; a 別名 and ﾊﾝｶｸ are found.
md --stdin "$T1" -u tanaka step 1 welfare_referral --agency 地域
expect 1 stderr-is "madoguchi: 関係機関「地域」は 1 つに決まりません(候補: 地域包括支援センター、地域若者サポートステーション)" \
	-- "an_ambiguous_agency_prefix_is_refused_with_the_candidates"
md --stdin "$T1" -u tanaka step 1 welfare_referral --agency 区役所
expect 1 stderr-contains "関係機関「区役所」は一覧にありません" -- "an agency not in the catalogue"
md --stdin "$T1" -u tanaka step 1 welfare_referral --agency 生活保護の窓口 --follow-up R8.6.1
expect 0 stdout-contains "記録しました: ケース 1 福祉事務所へのつなぎ" -- "the welfare referral by an alias of the 福祉事務所"
md --stdin "$T1" -u tanaka case show 1
expect 0 stdout-contains "状態: 終結" stdout-contains "終結の理由: 生活保護の申請につないだ" -- "closed"
md --stdin "$T1" -u tanaka form show 1 intake
expect 0 stdout-contains "[screening_agency]	福祉事務所(生活保護)" -- "the agency recorded by its name"

# A referral at triage to ハローワーク, by its everyday name and a 別名.
md --stdin "$T1" -u tanaka case new --name '山田 花子' --kana 'やまだ はなこ'
expect 0 -- "a second case"
md --stdin "$T1" -u tanaka form set 2 reception route_agency 包括
expect 0 -- "an agency field takes a 別名 too"
md --stdin "$T1" -u tanaka step 2 triage --outcome つなぐ --agency 職安
expect 1 stderr-contains "振り分けの結果に「つなぐ」はありません" -- "an outcome is named by its start, not a word inside it"
md --stdin "$T1" -u tanaka step 2 triage --outcome 他制度 --agency ﾊﾛｰﾜｰｸ
expect 0 -- "hello_work_by_its_everyday_name_in_half_width_kana__finding_7"
md --stdin "$T1" -u tanaka form show 2 reception
expect 0 stdout-contains "[route_agency]	地域包括支援センター" \
	stdout-contains "[triage]	他制度・他機関へつなぐ" \
	stdout-contains "[triage_agency]	ハローワーク(公共職業安定所)" \
	-- "the form holds each agency's name as the catalogue has it"

# The catalogue's kinds are the definitions': an unknown kind is refused with
# file:line; the header of four columns (before 別名) still reads.
printf '名称,種別,電話,住所\n港区役所,行政,03-0000-0000,港区\n' >"$T/old.csv"
md --stdin "$PW" -u kanri agency import "$T/old.csv"
expect 0 stdout-contains "関係機関を 1 件加えました" -- "agency import: the header of four columns"
printf '名称,種別,電話,住所,別名\n区の相談窓口,行政,,,窓口\n福祉事務所(分室),福祉事務所X,,,\n' >"$T/kind.csv"
md --stdin "$PW" -u kanri agency import "$T/kind.csv"
expect 1 stderr-contains "$T/kind.csv:3: 種別「福祉事務所X」はありません(福祉事務所、行政、" \
	-- "agency import: an unknown kind with file:line"
printf '名称,種別,電話,住所,別名\n区の相談窓口,行政,,,窓口|職安\n' >"$T/alias.csv"
md --stdin "$PW" -u kanri agency import "$T/alias.csv"
expect 1 stderr-contains "$T/alias.csv:2: 別名「職安」はすでに関係機関「ハローワーク(公共職業安定所)」の別名です" \
	-- "agency import: an alias of another agency with file:line"
md --stdin "$T1" -u tanaka agency list
expect 0 stdout-lacks "区の相談窓口" -- "nothing of a refused catalogue was added"
md --stdin "$PW" -u kanri agency add '福祉事務所(分室)' --kind 福祉 --alias 分室
expect 1 stderr-contains "種別「福祉」はありません" -- "agency add: an unknown kind"
md --stdin "$PW" -u kanri agency add '福祉事務所(分室)' --kind 福祉事務所 --alias 分室 --alias 第二福祉事務所
expect 0 -- "agency add: a second 福祉事務所 with aliases"
md --stdin "$T1" -u tanaka agency list
expect 0 stdout-contains "福祉事務所(分室)	福祉事務所			有効	分室|第二福祉事務所" -- "agency list shows them"
# 000 第3条(1)ア asks for the exact next place: an agency added by hand
# keeps its 窓口, 対象 and 受付時間 as an imported one does.
md --stdin "$PW" -u kanri agency add 'みなと若者サポートステーション' --kind 就労 \
	--desk '2階 受付' --phone 03-0000-1111 --target '15〜49歳の方' --hours '平日 10:00〜18:00'
expect 0 -- "agency add: with 窓口, 対象 and 受付時間"
md --stdin "$T1" -u tanaka agency list
expect 0 stdout-contains "みなと若者サポートステーション	就労	03-0000-1111		有効		2階 受付	15〜49歳の方	平日 10:00〜18:00" \
	-- "agency list shows the 窓口, 対象 and 受付時間 added by hand"
md --stdin "$PW" -u kanri agency add 分室
expect 1 stderr-contains "名称「分室」はすでに関係機関「福祉事務所(分室)」の別名です" -- "agency add: a name that is another's alias"

# Issue 17: the catalogue keeps each agency's 窓口, 対象 and 受付時間, and
# an import reads them by the header's names (the old headers still read).
printf '名称,種別,窓口,電話,住所,対象,受付時間,別名\n港区生活相談センター,行政,2階 相談窓口,03-1234-5678,港区芝公園1丁目,区内にお住まいの方,平日 8:30〜17:15,生活相談\n' >"$T/desk.csv"
md --stdin "$PW" -u kanri agency import "$T/desk.csv"
expect 0 stdout-contains "関係機関を 1 件加えました" -- "agency import: 窓口, 対象 and 受付時間 columns"
md --stdin "$T1" -u tanaka agency list
expect 0 stdout-contains "港区生活相談センター	行政	03-1234-5678	港区芝公園1丁目	有効	生活相談	2階 相談窓口	区内にお住まいの方	平日 8:30〜17:15" \
	-- "agency list shows the imported 窓口, 対象 and 受付時間"
md --stdin "$T1" -u tanaka refer --case 2 --agency 生活相談 --how 案内のみ
expect 0 -- "a referral to it by its alias"
md --stdin "$T1" -u tanaka refer print 1
expect 0 stdout-contains "窓口: 2階 相談窓口" stdout-contains "受付時間: 平日 8:30〜17:15" \
	-- "its 案内票 holds the catalogue's 窓口 and 受付時間"
printf '名称,窓口,メモ\n区の相談窓口,受付,x\n' >"$T/memo.csv"
md --stdin "$PW" -u kanri agency import "$T/memo.csv"
expect 1 stderr-contains "$T/memo.csv:1: 1 行目は見出し" stderr-contains "「メモ」は読めません" \
	-- "agency import: a column the catalogue has not, with file:line"

done_testing
