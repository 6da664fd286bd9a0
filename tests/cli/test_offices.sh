#!/bin/sh
# 000 第4条: the counter works from the 本所 and each 総合支所; every case,
# contact and member of staff belongs to one office, and the lists and
# counts can be limited to one (issue 17, "Offices").
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
md --stdin "${PW}suzuki-pass
" -u kanri user add suzuki --name '鈴木 花子' --role consultant
expect 0 -- "a consultant of no office yet"
t() { md --stdin "$T1" -u tanaka "$@"; }
s() { md --stdin 'suzuki-pass
' -u suzuki "$@"; }
a() { md --stdin "$PW" -u kanri "$@"; }
db="$T/data/madoguchi/madoguchi.db"
rows() { sqlite3 "$db" "SELECT count(*) FROM $1" </dev/null; }

a office add 本所
a office add 芝地区総合支所
a office assign --user tanaka 芝地区総合支所
expect 0 -- "the consultant works at the 芝地区総合支所"

# A case belongs to the office of whoever opened it, unless told otherwise.
t case new --name '鈴木 次郎' --kana 'すずき じろう'
expect 0 stdout-contains "1" -- "case new by the consultant"
t case show 1
expect 0 stdout-contains "事業所: 芝地区総合支所" -- "000_4__a_case_belongs_to_its_creators_office"
t case new --name '山田 花子' --kana 'やまだ はなこ' --office 本所
expect 0 stdout-contains "2" -- "case new --office 本所"
t case show 2
expect 0 stdout-contains "事業所: 本所" -- "000_4__case_new_takes_the_office_named"
s case new --name '佐藤 三郎' --kana 'さとう さぶろう' --office 本所
expect 0 stdout-contains "3" -- "a consultant of no office opens a case at the 本所"
s case new --name '伊藤 五郎' --kana 'いとう ごろう'
expect 0 stdout-contains "4" -- "… and one of no office"
s case show 4
expect 0 stdout-lacks "事業所:" -- "a case of no office shows none"

# An office that does not exist: refused naming the field, nothing stored.
cases=$(rows cases)
persons=$(rows persons)
t case new --name '高橋 四郎' --kana 'たかはし しろう' --office 赤坂地区総合支所
expect 1 stderr-is "madoguchi: 事業所「赤坂地区総合支所」はありません(本所、芝地区総合支所 のどれかにしてください)" \
	-- "000_4__case_new_refuses_an_office_that_does_not_exist"
[ "$(rows cases)" = "$cases" ] && [ "$(rows persons)" = "$persons" ] &&
	pass "nothing stored for the refused case" ||
	fail "nothing stored for the refused case" "cases $(rows cases), persons $(rows persons)"
t case new --name '高橋 四郎' --kana 'たかはし しろう' --office ''
expect 1 stderr-contains "事業所「」はありません" -- "an empty office is no office"
[ "$(rows cases)" = "$cases" ] && pass "… and stores nothing" || fail "… and stores nothing"

# The 支援ケース一覧 of one office.
t list --csv -o "$T/all.csv"
expect 0 -- "list --csv: every case"
csv_cells "$T/all.csv" >"$T/all"
holds "the whole list holds the 芝 case" grep -qx '鈴木 次郎' "$T/all"
holds "… and the 本所 ones" grep -qx '山田 花子' "$T/all"
t list --csv --office 本所 -o "$T/honsho.csv"
expect 0 -- "list --csv --office 本所"
csv_cells "$T/honsho.csv" >"$T/honsho"
holds "000_4__the_case_list_of_one_office_holds_its_cases" grep -qx '山田 花子' "$T/honsho"
holds "… all of them" grep -qx '佐藤 三郎' "$T/honsho"
if grep -qx '鈴木 次郎' "$T/honsho"; then
	fail "000_4__the_case_list_of_one_office_leaves_out_the_others"
else
	pass "000_4__the_case_list_of_one_office_leaves_out_the_others"
fi
if grep -qx '伊藤 五郎' "$T/honsho"; then
	fail "… nor the cases of no office"
else
	pass "… nor the cases of no office"
fi
holds "its title rows name the office" grep -qx '本所' "$T/honsho"
t list --csv --office 赤坂地区総合支所 -o "$T/none.csv"
expect 1 stderr-contains "事業所「赤坂地区総合支所」はありません" -- "list --office: an office that does not exist"
holds "… and no file is written" test ! -e "$T/none.csv"
n=$(sqlite3 "$db" "SELECT count(*) FROM audit_log WHERE action = 'export' AND detail LIKE '支援ケース一覧%本所%'" </dev/null)
[ "$n" = 1 ] && pass "the print of one office's list is audited naming it" ||
	fail "the print of one office's list is audited naming it" "$n"

# The contacts of one office.
t contact add --channel 電話 --response 情報提供 --description '年金の相談' --age 70代
expect 0 stdout-contains "1" -- "a contact at the consultant's office"
t contact add --channel 来所 --response 情報提供 --description '家賃の相談' --age 40代 --office 本所
expect 0 stdout-contains "2" -- "a contact at the 本所"
t contact list --office 本所
expect 0 stdout-contains "家賃の相談" stdout-lacks "年金の相談" stdout-contains "(1 件)" \
	-- "000_4__contact_list_of_one_office"
t contact list --office 芝地区総合支所 --count channel
expect 0 stdout-contains "電話	1" stdout-contains "来所	0" stdout-contains "相談票	1" \
	-- "counted for one office"
t contact list --office 赤坂地区総合支所
expect 1 stderr-contains "事業所「赤坂地区総合支所」はありません" -- "contact list --office: an office that does not exist"

a office list
expect 0 stdout-contains "本所	1	2	0" stdout-contains "芝地区総合支所	1	1	1" \
	-- "office list counts each office's contacts, cases and staff"
done_testing
