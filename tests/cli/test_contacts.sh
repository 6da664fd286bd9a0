#!/bin/sh
# Issue 17: every contact counted, every つなぎ to an exact place, every
# follow-up closed. 000 第3条(1) (窓口相談支援・訪問相談支援, 取次ぎ and
# 「次回の相談先を正確に案内すること」), 000 第4条 (offices), 001 第9条(1)
# (把握 before consent), 001 第9条(5)イ・(9)エ and 004 §2(2) (follow-up).
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
a() { md --stdin "$PW" -u kanri "$@"; }
db="$T/data/madoguchi/madoguchi.db"
rows() { sqlite3 "$db" "SELECT count(*) FROM $1" </dev/null; }

# 000 第4条: offices; a consultant's contacts belong to their office.
a office add 本所
expect 0 -- "office add 本所"
a office add 芝地区総合支所
expect 0 -- "office add 芝地区総合支所"
a office assign --user tanaka 芝地区総合支所
expect 0 -- "a consultant belongs to an office"
t office add 麻布地区総合支所
expect 3 -- "only an administrator adds an office"

# An anonymous phone contact: saved, found by its note, counted by channel.
t contact add --channel 電話 --response 情報提供 --description '年金の相談、男性' \
	--age 70代 --topics '収入・生活費のこと|介護のこと' --note '年金事務所の電話番号を案内'
expect 0 stdout-contains "1" -- "000 第3条(1): an anonymous phone contact saved, no name"
t contact list --search 年金事務所
expect 0 stdout-contains "匿名(年金の相談、男性、70代)" \
	stdout-contains "芝地区総合支所" stdout-contains "(1 件)" -- "found by its note"
t contact list --search ﾈﾝｷﾝｼﾞﾑｼｮ
expect 0 stdout-contains "(0 件)" -- "a search that is not in it finds nothing"
t contact list --count channel
expect 0 stdout-contains "電話	1" stdout-contains "来所	0" stdout-contains "相談票	1" \
	-- "004 §2(1): counted by channel"
t contact list --count topic
expect 0 stdout-contains "収入・生活費のこと	1" stdout-contains "介護のこと	1" -- "counted by 相談内容"
t contact list --office 本所
expect 0 stdout-contains "(0 件)" -- "limited to one office"

# A walk-in referred with 電話で取次ぎ, and its 案内票 with the exact next place.
t contact add --channel 来所 --time 10:00 --response 他機関紹介・取次ぎ \
	--description '仕事を探している女性' --age 30代 --topics '仕事探し、就職について'
expect 0 stdout-contains "2" -- "a walk-in"
t refer --contact 2 --agency ハローワーク --how 電話で取次ぎ --desk '職業相談部門 3番窓口' \
	--person-in-charge '佐藤' --phone 03-3456-7890 --appointment R8.4.3 --at 14:00 \
	--bring '=本人確認書類' --follow-up R8.4.10
expect 0 stdout-contains "1" -- "000 第3条(1)ア: referred with 電話で取次ぎ"
t refer print 1
expect 0 stdout-contains "行き先: ハローワーク(公共職業安定所)" \
	stdout-contains "窓口: 職業相談部門 3番窓口" stdout-contains "担当者: 佐藤" \
	stdout-contains "電話: 03-3456-7890" stdout-contains "予約日時: 令和8年4月3日 14:00" \
	-- "the 案内票 as text holds the exact next place"
# Every day staff read is in 和暦: the contact's referral line and the
# referral itself (the follow-up day, the appointment, the day referred).
t contact show 2
expect 0 stdout-contains "予約 令和8年4月3日 14:00" stdout-contains "フォローアップ予定 令和8年4月10日" \
	stdout-lacks "2026-04-10" -- "contact show: the referral's days in 和暦"
t refer show 1
expect 0 stdout-contains "予約日: 令和8年4月3日" stdout-contains "フォローアップ予定日: 令和8年4月10日" \
	stdout-contains "つないだ日: 令和8年4月1日" stdout-lacks "2026-04" -- "refer show: every day in 和暦"
# The 案内票's wording is forms/contacts.ini's [guide]: a municipality's own
# prints as written (a copy of the data folder, MADOGUCHI_DATADIR).
mkdir "$T/share" && cp -R "$TOP/forms" "$TOP/data" "$T/share/"
sed -i 's/^title = .*/title = 次の相談先のご案内/; s/^subtitle = .*/subtitle =/; s/^agency = .*/agency = 行くところ/; s/^closing = .*/closing = 港区 生活相談窓口 03-0000-0000/' \
	"$T/share/forms/contacts.ini"
export MADOGUCHI_DATADIR="$T/share"
t refer print 1
expect 0 stdout-contains "次の相談先のご案内" stdout-lacks "案内票" \
	stdout-contains "行くところ: ハローワーク(公共職業安定所)" \
	stdout-contains "港区 生活相談窓口 03-0000-0000" stdout-lacks "ご不明な点は" \
	-- "000 第3条(1)ア: the 案内票 prints the wording contacts.ini gives"
sed -i 's/^agency = .*/agency =/' "$T/share/forms/contacts.ini"
t refer print 1
expect 1 stderr-contains "contacts.ini:" stderr-contains "[guide] の agency が空です" \
	-- "a [guide] label left empty is a fault with file:line"
unset MADOGUCHI_DATADIR
t refer print 1 --csv -o "$T/guide.csv" --encoding cp932
expect 0 -- "the 案内票 as CSV in CP932"
csv_cells "$T/guide.csv" cp932 >"$T/cells"
holds "the CSV, read back with Python's reader, names the place, 窓口 and time" \
	grep -qx 'ハローワーク(公共職業安定所)' "$T/cells"
holds "… its 窓口" grep -qx '職業相談部門 3番窓口' "$T/cells"
holds "… the appointment" grep -qx '令和8年4月3日 14:00' "$T/cells"
holds "what a spreadsheet would read as a formula is printed inert" grep -qx "'=本人確認書類" "$T/cells"
[ -z "$(csv_formulas "$T/guide.csv" cp932)" ] && pass "no cell of the 案内票 is a formula" ||
	fail "no cell of the 案内票 is a formula"
n=$(sqlite3 "$db" "SELECT count(*) FROM audit_log WHERE action = 'export' AND detail LIKE '案内票%'" </dev/null)
[ "$n" = 3 ] && pass "each print of the 案内票 audited" || fail "each print of the 案内票 audited" "$n"

# Bad input: each refused naming the field, nothing stored.
before=$(rows contacts)
t contact add --channel 電話 --response 情報提供 --age 40代
expect 1 stderr-is "madoguchi: 匿名の相談には本人の特徴(短い説明)が必要です(氏名は要りません)" \
	-- "an anonymous contact without a description is refused"
t contact add --channel 来所 --response 情報提供 --description 'x' --age 40代 --office 赤坂地区総合支所
expect 1 stderr-contains "事業所「赤坂地区総合支所」はありません(本所、芝地区総合支所 のどれかにしてください)" \
	-- "an office that does not exist is refused"
t contact add --channel 訪問 --kind 訪問相談 --response 訪問予定 --description 'x' --age 40代
expect 1 stderr-contains "訪問相談には訪問の理由が必要です(000 第3条(1)イ)" \
	stderr-contains "訪問相談には訪問先が必要です" -- "000 第3条(1)イ: a visit says why and where"
[ "$(rows contacts)" = "$before" ] && pass "nothing stored for a refused contact" ||
	fail "nothing stored for a refused contact"
before=$(rows referrals)
t refer --contact 2 --how 電話で取次ぎ
expect 1 stderr-is "madoguchi: つなぎ先(関係機関)を入力してください" -- "a referral without an agency is refused"
t refer --contact 2 --agency ハローワーク
expect 1 stderr-is "madoguchi: つなぎ方(電話で取次ぎ・同行など)を選んでください" \
	-- "a referral without a method is refused"
t refer --contact 2 --agency ハローワーク --how 同行 --appointment R8.4.1 --at 09:00
expect 1 stderr-is "madoguchi: 予約日時は相談を受けた日時より前にできません" \
	-- "an appointment before the contact is refused"
[ "$(rows referrals)" = "$before" ] && pass "nothing stored for a refused referral" ||
	fail "nothing stored for a refused referral"

# The follow-up is due, then its result clears it.
export MADOGUCHI_NOW='2026-04-11 10:00:00'
t due
expect 0 stdout-contains "令和8年4月10日(期限超過)	つなぎのフォローアップ(つなぎ 1 ハローワーク(公共職業安定所))" \
	-- "001 第9条(5)イ: the referral's follow-up is in due"
t followup --referral 1 --result つながった --note '初回面談を受けた'
expect 0 stdout-contains "つながった" -- "its result recorded"
t due
expect 0 stdout-lacks "つなぎのフォローアップ" -- "and it left due"
t followup --referral 1 --result つながった
expect 1 stderr-contains "このつなぎのフォローアップは記録済みです" \
	-- "a follow-up result on a referral with none due is refused"
export MADOGUCHI_NOW='2026-04-01 10:00:00'

# A follow-up on a closed case: clears due, leaves 終結.
t case new --name '鈴木 次郎' --kana 'すずき じろう'
t form set 1 reception signed はい consent_share はい
t step 1 application
t step 1 triage --outcome 継続支援
t form set 1 intake complaint '仕事が見つからない' issues 1 summary 'ハローワークへつなぐ'
t step 1 assessment
t step 1 screening --outcome 他制度 --agency ハローワーク --follow-up R8.4.20
expect 0 -- "a case closed by a referral to another system"
t refer --case 1 --agency サポステ --how 案内のみ --follow-up R8.4.5
expect 0 stdout-contains "2" -- "a referral on the closed case"
export MADOGUCHI_NOW='2026-04-06 10:00:00'
t due
expect 0 stdout-contains "つなぎのフォローアップ(つなぎ 2 地域若者サポートステーション)	1	鈴木 次郎" -- "its follow-up is due"
t followup --referral 2 --result 支援継続中 --note '週 1 回通所'
expect 0 -- "the follow-up recorded on the closed case"
t due
expect 0 stdout-lacks "つなぎ 2" -- "it cleared due"
holds "the case stays 終結 (closed, never reopened)" \
	test "$(sqlite3 "$db" "SELECT status FROM cases WHERE id = 1" </dev/null)" = closed
n=$(sqlite3 "$db" "SELECT count(*) FROM audit_log WHERE action = 'reopen'" </dev/null)
[ "$n" = 0 ] && pass "nothing reopened" || fail "nothing reopened"
t case show 1
expect 0 stdout-contains "状態: 終結" stdout-contains "つなぎ:" \
	stdout-contains "2 令和8年4月1日 地域若者サポートステーション(案内のみ) 結果 令和8年4月6日 支援継続中 メモ: 週 1 回通所" \
	-- "case show lists the case's referrals and what their follow-up found (001 第9条(5)イ)"
export MADOGUCHI_NOW='2026-04-01 10:00:00'

# A contact promoted to a case, its data carried into 第1号様式.
t contact add --channel 来所 --response 継続支援へ --description '家賃が払えない' --age 40代 \
	--topics '家賃やローンの支払いのこと|債務について' --note '家賃を 2 か月滞納している'
expect 0 stdout-contains "3" -- "a walk-in who will apply"
t contact promote 3
expect 1 stderr-contains "氏名を入力してください" stderr-contains "ふりがなを入力してください" -- "an anonymous contact needs a name to become a case"
t contact promote 3 --name '佐々木 花子' --kana 'ささき はなこ'
expect 0 stdout-contains "2" -- "001 第9条(2): promoted to case 2"
t form show 2 reception
expect 0 stdout-contains "相談方法 [channel]	来所" \
	stdout-contains "ご相談の内容 [topics]	家賃やローンの支払いのこと／債務について" \
	stdout-contains "[wishes]	家賃を 2 か月滞納している" \
	stdout-contains "※氏名 [name]	佐々木 花子" -- "the 相談内容, the note and the person carried over"
t contact show 3
expect 0 stdout-contains "ケース: 2(この相談票から作成)" -- "the contact stays linked as the case's first record"
views=$(sqlite3 "$db" "SELECT count(*) FROM audit_log WHERE detail = '相談票 3 の閲覧'" </dev/null)
t case show 2
expect 0 stdout-contains "もとの相談票: 3 令和8年4月1日 10:00 来所" \
	stdout-contains "  相談内容: 家賃やローンの支払いのこと" stdout-contains "  相談内容: 債務について" \
	-- "case show names the contact it came from: its day, channel and 相談内容 (000 第3条(1))"
holds "showing it is audited as a view of the contact" \
	test "$(sqlite3 "$db" "SELECT count(*) FROM audit_log WHERE detail = '相談票 3 の閲覧'" </dev/null)" = $((views + 1))
holds "the case belongs to the contact's office" \
	test "$(sqlite3 "$db" "SELECT o.name FROM cases c JOIN offices o ON o.id = c.office_id WHERE c.id = 2" </dev/null)" = 芝地区総合支所
t contact promote 3 --name '佐々木 花子' --kana 'ささき はなこ'
expect 1 stderr-contains "相談票 3 はすでにケース 2 になっています" -- "a contact becomes a case once"

# Outreach before any consent: found by a route, each attempt recorded.
t contact add --channel 訪問 --kind 訪問相談 --reason 2 --place '芝一丁目の集合住宅' \
	--response 訪問予定 --description 'ごみが積まれた部屋の高齢男性' --age 80代以上 \
	--outreach --route 民生委員
expect 0 stdout-contains "4" -- "001 第9条(1): an outreach contact found through the 民生委員"
t contact attempt 4 --how 訪問 --result 不在
expect 0 -- "a visit attempt: 不在"
t contact attempt 4 --how 訪問 --result 会えた --note '玄関先で話せた'
expect 0 -- "a second attempt: 会えた"
t contact show 4
expect 0 stdout-contains "発見経路: 民生委員" stdout-contains "令和8年4月1日 訪問 不在" \
	stdout-contains "令和8年4月1日 訪問 会えた 田中 一郎 玄関先で話せた" \
	-- "recorded before any consent, with no case and no 第1号様式"
t contact add --channel 訪問 --response 訪問予定 --description 'x' --age 不明 --outreach
expect 1 stderr-contains "把握(アウトリーチ)の相談には発見経路が必要です" -- "outreach says how the person was found"

# A consultant's 仮登録 agency, used at once, then confirmed.
t agency provisional 'ﾊﾛｰﾜｰｸ'
expect 1 stderr-is "madoguchi: 関係機関「ﾊﾛｰﾜｰｸ」はすでに一覧にあります(「ハローワーク(公共職業安定所)」を使ってください)" \
	-- "a 仮登録 duplicate is refused, offering the existing agency"
t agency provisional 'こども食堂みなと' --phone 03-1111-2222 --desk '受付'
expect 0 -- "a consultant adds a 仮登録 agency"
t agency list
expect 0 stdout-contains "こども食堂みなと		03-1111-2222		仮登録" -- "listed as 仮登録"
t refer --contact 4 --agency こども食堂 --how 同行
expect 0 stdout-contains "3" -- "used at once"
t refer print 3
expect 0 stdout-contains "窓口: 受付" stdout-contains "電話: 03-1111-2222" -- "with its 窓口 and phone"
t agency confirm 'こども食堂みなと'
expect 3 -- "a consultant cannot confirm it"
a agency confirm 'こども食堂みなと'
expect 0 -- "the administrator confirms it"
t agency list
expect 0 stdout-contains "こども食堂みなと		03-1111-2222		有効" -- "no longer 仮登録"
n=$(sqlite3 "$db" "SELECT count(*) FROM audit_log WHERE action IN ('agency_provisional', 'agency_confirm')" </dev/null)
[ "$n" = 2 ] && pass "the 仮登録 and its confirmation audited" || fail "the 仮登録 and its confirmation audited" "$n"
t agency provisional '子ども食堂あかさか'
t refer --contact 4 --agency 子ども食堂あかさか --how 案内のみ --follow-up R8.4.8
expect 0 stdout-contains "4" -- "a referral to the second 仮登録"
a agency merge '子ども食堂あかさか' 'こども食堂みなと'
expect 0 -- "the administrator merges a 仮登録 into the catalogue's"
t refer show 4
expect 0 stdout-contains "つなぎ 4(第2版)" stdout-contains "つなぎ先: こども食堂みなと" \
	-- "its referral now names the agency it went into, as a new revision"
holds "the first revision still names the merged agency (nothing overwritten)" \
	test "$(sqlite3 "$db" "SELECT a.name FROM referral_revisions v JOIN agencies a ON a.id = json_extract(v.data, '$.agency_id') WHERE v.referral_id = 4 AND v.revision = 1" </dev/null)" = 子ども食堂あかさか
t agency list
expect 0 stdout-contains "こども食堂みなと		03-1111-2222		有効	子ども食堂あかさか" \
	stdout-contains "子ども食堂あかさか				統合済み(こども食堂みなと)" \
	-- "the merged name is kept as an alias of the agency it went into"
t refer --contact 4 --agency 子ども食堂あかさか --how 同行
expect 0 stdout-contains "5" -- "the old name still finds it"
t refer show 5
expect 0 stdout-contains "つなぎ先: こども食堂みなと" -- "… as the agency it went into"
n=$(sqlite3 "$db" "SELECT count(*) FROM audit_log WHERE action = 'agency_merge' AND detail LIKE '%つなぎ 1 件を付け替え%'" </dev/null)
[ "$n" = 1 ] && pass "the merge is audited with the referrals it moved" || fail "the merge is audited with the referrals it moved" "$n"
a agency merge '子ども食堂あかさか' 'こども食堂みなと'
expect 1 stderr-contains "関係機関「子ども食堂あかさか」はすでに「こども食堂みなと」に統合されています" \
	-- "an agency merged once is not merged again"

# A contact's referrals join the case it becomes, each as a new revision.
t contact add --channel 来所 --response 他機関紹介・取次ぎ --person 1
expect 0 stdout-contains "5" -- "a contact of a registered person"
t refer --contact 5 --agency 社協 --how 電話で取次ぎ
expect 0 stdout-contains "6" -- "referred before applying"
t contact promote 5
expect 0 stdout-contains "3" -- "the contact becomes case 3"
t refer show 6
expect 0 stdout-contains "つなぎ 6(第2版)" stdout-contains "ケース: 3" -- "its referral belongs to the case"
holds "… as a revision that says so" \
	test "$(sqlite3 "$db" "SELECT changed || json_extract(data, '$.case_id') FROM referral_revisions WHERE referral_id = 6 AND revision = 2" </dev/null)" = '["case_id"]3'

# Usage: each operation names what is missing or left over.
t contact attempt 4 5 --how 訪問 --result 不在
expect 2 stderr-contains "余分な引数 5 があります" -- "contact attempt: one contact only"
t contact promote
expect 2 stderr-contains "相談票の番号を指定してください" -- "contact promote: the contact is needed"
t contact
expect 2 stderr-contains "add、list、show、attempt、promote のどれかを指定してください" -- "contact: the operations named"
a office assign --user tanaka
expect 2 stderr-contains "--user 職員 か --case ケース のどちらかと、事業所を指定してください" -- "office assign: the office is needed"
a office list 本所
expect 2 stderr-contains "余分な引数 本所 があります" -- "office list takes no argument"

# Every view, change and print audited; revisions kept.
n=$(sqlite3 "$db" "SELECT count(*) FROM contact_revisions" </dev/null)
[ "$n" -ge 5 ] && pass "contacts revisioned" || fail "contacts revisioned" "$n"
n=$(sqlite3 "$db" "SELECT count(*) FROM audit_log WHERE action IN ('refer', 'referral_follow_up')" </dev/null)
[ "$n" = 8 ] && pass "referrals and follow-ups audited" || fail "referrals and follow-ups audited" "$n"
done_testing
