#!/bin/sh
# Issue 20: the counts of the verification meetings (000 第8条・第9条, 002
# 第2条(6)) and the monthly reports, as `madoguchi count` prints them: 004
# §2(1)'s published table reproduced, the period's edges, 和暦 input, a
# reopened case counted once as new, figures as at a date stable under a
# later edit, every figure of a generated database equal to a direct SQL
# count, a broken forms/counts.ini named by file:line, each bad input.
. "$(dirname "$0")/../lib.sh"
PW='admin-pass1
'
md --stdin "$PW" init --admin kanri
expect 0 -- "init"
for u in 'tanaka consultant 田中' 'sato chief 佐藤'; do
	set -- $u
	md --stdin "${PW}$1-pass1
" -u kanri user add "$1" --name "$3 一郎" --role "$2"
	expect 0 -- "staff: $1"
done
t() { md --stdin 'tanaka-pass1
' -u tanaka "$@"; }
s() { md --stdin 'sato-pass1
' -u sato "$@"; }
a() { md --stdin "$PW" -u kanri "$@"; }
db="$T/data/madoguchi/madoguchi.db"
# squeeze: the output with each run of spaces made one.
squeeze() { tr -s ' ' <"$T/out"; }
has_line() { squeeze | grep -qxF -- "$1"; }
a office add 本所 && a office add 芝地区総合支所 &&
	a office assign --user tanaka 本所 && a office assign --user sato 芝地区総合支所
expect 0 -- "two offices, one for each"

# ---- 004 §2(1), the published table ------------------------------------------
# The fixture records 855 contacts through the core (tests/unit/test_counts.c):
# 375 at the counter, 480 by telephone, by 相談内容 and 対応 as 004 prints.
FIXTURE="$TOP/build/tests/test_counts"
if [ -x "$FIXTURE" ]; then
	COUNTS_FIXTURE_DB="$T/fx.db" "$FIXTURE" >/dev/null 2>&1
	holds "the 004 §2(1) fixture is recorded" test -s "$T/fx.db"
	fx() { md --stdin 'admin-password
' -d "$T/fx.db" -u admin "$@"; }
	fx count --from R2.8.1 --to R3.2.28 --table contacts
	expect 0 stdout-contains "令和2年8月1日〜令和3年2月28日" stdout-contains "令和8年4月1日現在" \
		-- "004 §2(1): the period (令和3年2月末時点) and the day it stands at"
	has_line " 相談内容 対応" && pass "004 §2(1): the headings 相談内容 and 対応 over their columns" ||
		fail "004 §2(1): the headings 相談内容 and 対応 over their columns"
	has_line " 件数 制度の質問 生活困窮 その他(感染症) その他 情報提供 他機関紹介 くらし再建紹介" &&
		pass "004 §2(1): the columns as 004 prints them" || fail "004 §2(1): the columns as 004 prints them"
	has_line "合計 窓口 375 40 68 204 63 346 12 17" &&
		pass "004 §2(1): 375 = 40+68+204+63 by 相談内容, 346+12+17 by 対応" ||
		fail "004 §2(1): 375 = 40+68+204+63 by 相談内容, 346+12+17 by 対応"
	has_line " (電話) (480) (249) (142) (0) (89) (202) (34) (244)" &&
		pass "004 §2(1): the telephone below in parentheses" ||
		fail "004 §2(1): the telephone below in parentheses"
	has_line "下段(括弧内)は電話の件数" && pass "004 §2(1): the note under the table" ||
		fail "004 §2(1): the note under the table"
	# Columns aligned by display width: every figure ends where its
	# heading does (a double-width heading counts two).
	python3 - "$T/out" <<'PY' && pass "the figures end under their headings (display width)" ||
import sys, unicodedata
def width(s): return sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in s)
lines = open(sys.argv[1], encoding='utf-8').read().split('\n')
head = next(l for l in lines if '制度の質問' in l)
ends = lambda l: [width(l[:i + 1]) for i, c in enumerate(l) if c != ' ' and (i + 1 == len(l) or l[i + 1] == ' ')]
want = ends(head)
rows = [l for l in lines if l.startswith('合計') or l.lstrip().startswith('(電話)')]
sys.exit(0 if rows and all(ends(r)[-len(want):] == want for r in rows) else 1)
PY
		fail "the figures end under their headings (display width)" "$(cat "$T/out")"
	fx count --from R2.8.1 --to R3.2.28 --table contacts --csv -o "$T/004.csv"
	expect 0 stdout-contains "件数の集計を $T/004.csv に印刷しました" -- "the table as CSV"
	holds "the CSV starts with a BOM (Excel reads it as UTF-8)" \
		sh -c "head -c 3 '$T/004.csv' | od -An -tx1 | grep -q 'ef bb bf'"
	python3 - "$T/004.csv" <<'PY' && pass "the CSV, read back, holds 004's two lines with 合計" ||
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
want = [['合計', '窓口', '375', '40', '68', '204', '63', '346', '12', '17'],
        ['合計', '電話', '480', '249', '142', '0', '89', '202', '34', '244']]
head = ['', '段', '件数', '制度の質問', '生活困窮', 'その他(感染症)', 'その他', '情報提供', '他機関紹介', 'くらし再建紹介']
sys.exit(0 if all(w in rows for w in want) and head in rows
         and ['時点', '令和8年4月1日現在'] + [''] * 8 in rows else 1)
PY
		fail "the CSV, read back, holds 004's two lines with 合計" "$(csv_cells "$T/004.csv" | head -40)"
	[ -z "$(csv_formulas "$T/004.csv")" ] && pass "no cell of the CSV is a formula" ||
		fail "no cell of the CSV is a formula"
	n=$(sqlite3 "$T/fx.db" "SELECT count(*) FROM audit_log WHERE action = 'export' AND detail LIKE '件数の集計%'" </dev/null)
	[ "$n" = 2 ] && pass "each print, text and CSV, is audited" || fail "each print, text and CSV, is audited" "$n"
else
	fail "the 004 §2(1) fixture" "$FIXTURE is not built (make build/tests/test_counts)"
fi

# ---- the period's edges, 和暦, offices and staff ------------------------------
export MADOGUCHI_NOW='2026-03-10 10:00:00'
t contact add --date 2025-03-31 --time 23:59 --channel 来所 --response 情報提供 \
	--description '年金の相談' --age 70代 --topics '収入・生活費のこと'
expect 0 -- "a contact at 23:59 on 3/31"
t contact add --date R7.4.1 --time 0:00 --channel 電話 --response 他機関紹介・取次ぎ \
	--description '制度の問合せ' --age 40代 --topics 制度についての質問
expect 0 -- "a call at 0:00 on 4/1"
s contact add --date R7.4.1 --time 9:00 --channel 来所 --response 継続支援へ \
	--description '失業' --age 30代 --topics '感染症について|債務について'
expect 0 -- "a contact of two 相談内容 at the other office"
t count --from R6.4.1 --to R7.3.31 --table contacts
expect 0 -- "count 令和6年度"
has_line "合計 窓口 1 0 1 0 0 1 0 0" && pass "3/31 23:59 is in the year that ends on 3/31" ||
	fail "3/31 23:59 is in the year that ends on 3/31"
has_line " (電話) (0) (0) (0) (0) (0) (0) (0) (0)" && pass "4/1 0:00 is not" || fail "4/1 0:00 is not"
cp "$T/out" "$T/wareki"
t count --from 2024-04-01 --to 2025/3/31 --table "相談の件数(相談内容・対応)"
expect 0 -- "the same in 西暦, the table by its title"
cmp -s "$T/out" "$T/wareki" && pass "和暦 and ISO days count the same" ||
	fail "和暦 and ISO days count the same"
t count --from 令和7年4月1日 --to R8.3.31 --table contacts
has_line "合計 窓口 1 0 1 1 0 0 0 1" &&
	pass "a contact of two 相談内容 counts in each (004 §2(1)), once in 件数" ||
	fail "a contact of two 相談内容 counts in each (004 §2(1)), once in 件数"
has_line " (電話) (1) (1) (0) (0) (0) (0) (1) (0)" && pass "4/1 0:00 is in the next year" ||
	fail "4/1 0:00 is in the next year"
t count --from R7.3.1 --to R7.4.30 --table contacts --by month
expect 0 -- "by month"
has_line "R7.3 窓口 1 0 1 0 0 1 0 0" && has_line "R7.4 窓口 1 0 1 1 0 0 0 1" &&
	has_line "合計 窓口 2 0 2 1 0 1 0 1" && pass "a row for each month, and 合計" ||
	fail "a row for each month, and 合計"
t count --from R7.3.1 --to R7.4.30 --table contacts --by office
has_line "本所 窓口 1 0 1 0 0 1 0 0" && has_line "芝地区総合支所 窓口 1 0 1 1 0 0 0 1" &&
	pass "by office (000 第4条)" || fail "by office (000 第4条)"
t count --from R7.3.1 --to R7.4.30 --table contacts --staff sato
expect 0 stdout-contains "職員 佐藤 一郎" -- "one member of staff"
has_line "合計 窓口 1 0 1 1 0 0 0 1" && has_line " (電話) (0) (0) (0) (0) (0) (0) (0) (0)" &&
	pass "--staff counts theirs only" || fail "--staff counts theirs only"
t count --from R7.3.1 --to R7.4.30 --table contacts --office 本所
has_line "合計 窓口 1 0 1 0 0 1 0 0" && has_line " (電話) (1) (1) (0) (0) (0) (0) (1) (0)" &&
	pass "--office counts its own only" || fail "--office counts its own only"

# ---- a reopened case is not new twice -------------------------------------------
t case new --name '鈴木 次郎' --kana 'すずき じろう'
expect 0 stdout-contains "1" -- "a case (相談受付)"
t step 1 triage --outcome 情報提供のみで終了
expect 0 -- "closed at 振り分け"
s case reopen 1 --reason '再相談'
expect 0 -- "reopened"
t step 1 triage --outcome 情報提供のみで終了
expect 0 -- "closed again"
t count --from R8.3.1 --to R8.3.31 --table course
expect 0 -- "the course of March"
has_line "合計 1 0 0 0 0 0 0 0 0 2 1" &&
	pass "受付 1, 終結 2, 再開 1: a reopened case is not received again" ||
	fail "受付 1, 終結 2, 再開 1: a reopened case is not received again"
t count --from R8.3.1 --to R8.3.31 --table national
has_line "合計 1 0 0 0" && pass "新規相談受付件数 1" || fail "新規相談受付件数 1"
# forms-spec marks the national figures [P]: their table says so.
has_line "自立相談支援事業の月次の件数(生活困窮者自立支援制度 支援状況調査)(暫定)" &&
	pass "the national figures are marked provisional (source = P)" ||
	fail "the national figures are marked provisional (source = P)"

# ---- as at a date ----------------------------------------------------------------
t case new --name '高橋 三郎' --kana 'たかはし さぶろう'
expect 0 stdout-contains "2" -- "a second case in March"
t count --from R8.3.1 --to R8.3.31 --table national --as-at R8.3.10
expect 0 stdout-contains "令和8年3月10日現在" -- "as at 3/10"
cp "$T/out" "$T/asat"
has_line "合計 2 0 0 0" && pass "two new in March as at 3/10" || fail "two new in March as at 3/10"
t count --from R8.3.1 --to R8.3.31 --table national --as-at R8.3.9
has_line "合計 0 0 0 0" && pass "nothing recorded yet as at 3/9" || fail "nothing recorded yet as at 3/9"
export MADOGUCHI_NOW='2026-04-05 10:00:00'
t form set 2 reception received_on R8.2.20
expect 0 -- "later, the 受付日 of case 2 is corrected to February"
t count --from R8.3.1 --to R8.3.31 --table national --as-at R8.3.10
cmp -s "$T/out" "$T/asat" && pass "the figure as at 3/10 does not change with a later edit" ||
	fail "the figure as at 3/10 does not change with a later edit" "$(diff "$T/asat" "$T/out")"
t count --from R8.3.1 --to R8.3.31 --table national
has_line "合計 1 0 0 0" && pass "as at today, March has one" || fail "as at today, March has one"
t count --from R8.2.1 --to R8.2.28 --table national
has_line "合計 1 0 0 0" && pass "and February the corrected one" || fail "and February the corrected one"

# ---- referrals, meetings and households, as at a date -----------------------------
t refer --contact 1 --agency ハローワーク --how 電話で取次ぎ --follow-up R8.4.20
expect 0 -- "the contact of 3/31 referred (000 第3条(1)ア)"
t meeting new --type 連絡会 --on R7.3.14
expect 0 -- "a 連絡会 held in March"
t household new --who '一人暮らし' --birth S36.4.1 --relation 世帯主 --needs-support はい
expect 0 -- "a household"
t household assess 1 --decide 対象外 --note '担当部局で対応'
expect 0 -- "its 004 図4 verdict decided on 4/5"
export MADOGUCHI_NOW='2026-04-06 10:00:00'
t followup --referral 1 --result つながった
expect 0 -- "the next day, the referral's follow-up"
t household assess 1 --decide 対象 --note 'ケース会議で見直し'
expect 0 -- "and the verdict decided again"
t count --from R6.4.1 --to R7.3.31 --table referrals --as-at R8.4.5
has_line "合計 1 0 0 0 1 0 0 0 0 0 0 0 1" &&
	pass "as at 4/5 the referral (to 就労) is 未確認 (001 第9条(5)イ)" ||
	fail "as at 4/5 the referral (to 就労) is 未確認 (001 第9条(5)イ)"
t count --from R6.4.1 --to R7.3.31 --table referrals
has_line "合計 1 0 0 0 1 0 0 0 1 0 0 0 0" && pass "as at 4/6 it is つながった" ||
	fail "as at 4/6 it is つながった"
t count --from R6.4.1 --to R7.3.31 --table meetings
has_line "合計 1 1 0 0 0 0 0" && pass "the meeting held, by type" || fail "the meeting held, by type"
t count --from R8.4.1 --to R8.4.30 --table households --as-at R8.4.5
has_line "合計 1 0 1 0" && pass "as at 4/5 the household is 対象外 (004 図4)" ||
	fail "as at 4/5 the household is 対象外 (004 図4)"
t count --from R8.4.1 --to R8.4.30 --table households
has_line "合計 1 1 0 0" && pass "as at 4/6 its last decision, 対象, counted once" ||
	fail "as at 4/6 its last decision, 対象, counted once"

# ---- forms/counts.ini as data ---------------------------------------------------
mkdir "$T/share" && cp -R "$TOP/forms" "$TOP/data" "$T/share/"
sed -i 's/^col.2 = 相談内容\/制度の質問: topics = 制度についての質問$/col.2 = 相談内容\/宝くじ: topics = 宝くじ/' \
	"$T/share/forms/counts.ini"
line=$(grep -n '^col.2 = 相談内容/宝くじ' "$T/share/forms/counts.ini" | cut -d: -f1)
export MADOGUCHI_DATADIR="$T/share"
t count --from R7.4.1 --to R8.3.31
expect 1 stderr-contains "$T/share/forms/counts.ini:$line: col.2: topics に選択肢「宝くじ」はありません(forms/contacts.ini)" \
	-- "a mapping to an unknown option is refused with file:line"
[ ! -s "$T/out" ] && pass "… and nothing is printed" || fail "… and nothing is printed"
md forms check
expect 1 stderr-contains "counts.ini:$line: col.2: topics に選択肢「宝くじ」はありません" -- "forms check names it too"
unset MADOGUCHI_DATADIR
md forms check "$T/share/forms/counts.ini"
expect 1 stderr-contains "counts.ini:$line: col.2:" -- "forms check FILE checks a counts.ini"
# A municipality's own layout: a table of its own, read at once.
cat >>"$T/share/forms/counts.ini" <<'EOF'
[table.phone]
title = 電話の件数
records = contacts
where = channel = 電話
col.1 = 電話
EOF
sed -i 's/^col.2 = 相談内容\/宝くじ: topics = 宝くじ/col.2 = 相談内容\/制度の質問: topics = 制度についての質問/' \
	"$T/share/forms/counts.ini"
export MADOGUCHI_DATADIR="$T/share"
t count --from R7.4.1 --to R8.3.31 --table phone
expect 0 stdout-contains "電話の件数" -- "a table of the municipality's own"
has_line "合計 1" && pass "… counts as it says" || fail "… counts as it says"
unset MADOGUCHI_DATADIR

# ---- bad input: a message, nothing printed ----------------------------------------
bad() { # STATUS MESSAGE DESCRIPTION ARGS…
	want=$1 msg=$2 desc=$3; shift 3
	t count "$@"
	expect "$want" stderr-is "$msg" -- "$desc"
	[ ! -s "$T/out" ] && pass "$desc: nothing printed" || fail "$desc: nothing printed"
}
HINT='(madoguchi count --help で使い方を表示します)'
bad 1 "madoguchi: 期間の終わり(令和6年4月1日)が始まり(令和7年3月31日)より前です" \
	"a period that ends before it starts" --from R7.3.31 --to R6.4.1
bad 1 "madoguchi: --from: 令和7年(2025年)2月は28日までです" \
	"a day that does not exist" --from R7.2.29 --to R7.3.31
bad 1 "madoguchi: --office: 事業所「赤坂地区総合支所」はありません(本所、芝地区総合支所 のどれかにしてください)" \
	"an office that does not exist" --from R6.4.1 --to R7.3.31 --office 赤坂地区総合支所
bad 1 "madoguchi: --staff: 職員「yamada」はいません(ユーザー名か氏名で指定してください)" \
	"a member of staff who does not exist" --from R6.4.1 --to R7.3.31 --staff yamada
bad 1 "madoguchi: --as-at: 令和9年1月1日 は今日より先です(記録はまだありません)" \
	"an as-at day in the future" --from R6.4.1 --to R7.3.31 --as-at R9.1.1
bad 2 "madoguchi: --from と --to で期間を指定してください
$HINT" "no period" --from R6.4.1
bad 2 "madoguchi: --by には month、office、staff のどれかを指定してください
$HINT" "--by of nothing it knows" --from R6.4.1 --to R7.3.31 --by year
bad 2 "madoguchi: -o FILE は --csv と使います(表は標準出力に表示します)
$HINT" "-o without --csv" --from R6.4.1 --to R7.3.31 -o "$T/x.csv"
t count --from R6.4.1 --to R7.3.31 --table nosuch
expect 1 stderr-contains "--table: 集計表「nosuch」はありません(contacts(相談の件数(相談内容・対応))" \
	-- "a table that is none of the file's"
t count --from R6.4.1 --to R7.3.31 --table contacts --csv
expect 0 stdout-contains '"合計","窓口","1","0","1","0","0","1","0","0"' \
	-- "--csv without -o writes the sheet to standard output"

# ---- every figure equal to a direct SQL count ----------------------------------
# A generated database (its course walked through the workflow engine), a
# year by month, against sqlite3's own count of the same rows.
"$MADOGUCHI" -d "$T/demo.db" demo generate --cases 2000 --seed 1 >/dev/null 2>&1
holds "a generated database of 2000 cases" test -s "$T/demo.db"
md --stdin 'demo-password
' -d "$T/demo.db" -u demo count --from R6.4.1 --to R7.3.31 --by month --csv -o "$T/demo.csv"
expect 0 -- "count a year by month on it"
python3 - "$T/demo.db" "$T/demo.csv" >"$T/sql" 2>&1 <<'PY'
import csv, subprocess, sys
from collections import Counter, defaultdict
db, path = sys.argv[1], sys.argv[2]
FROM, TO = '2024-04-01', '2025-03-31'
def q(sql):
    out = subprocess.run(['sqlite3', '-readonly', '-separator', '\t', db, sql],
                         check=True, capture_output=True, text=True).stdout
    return [l.split('\t') for l in out.splitlines()]
months = ['R6.%d' % m for m in range(4, 13)] + ['R7.%d' % m for m in range(1, 4)]
month_of = lambda iso: months[(int(iso[:4]) - 2024) * 12 + int(iso[5:7]) - 4]
# The sheet, by table title: {(row label, column label): figure}.
sheets, title = defaultdict(dict), None
heads = None
for row in csv.reader(open(path, encoding='utf-8-sig', newline='')):
    if len(row) > 2 and row[1] == '段':
        heads = row
    elif row and row[0] and all(c == '' for c in row[1:]):
        title, heads = row[0], None  # a title (or a note: then the next title)
    elif heads and row and row[0]:
        for h, v in zip(heads[2:], row[2:]):
            if h:
                sheets[title][(row[0], h)] = int(v)
want = defaultdict(Counter)
def add(table, m, col, n=1):
    want[table][(month_of(m), col)] += n
    want[table][('合計', col)] += n
# The course: every step done in the year (相談受付 on the 受付日).
course = {'reception': '受付', 'application': '申込', 'assessment': 'アセスメント',
          'plan_draft': 'プラン案', 'replan': '再プラン', 'meeting': '支援調整会議',
          'support_decision': '支援決定・通知', 'evaluation': '評価', 'reopen': '再開'}
closing = {('triage', '情報提供のみで終了'), ('triage', '他制度・他機関へつなぐ'),
           ('screening', '他制度・他機関へつなぐ'), ('screening', '情報提供・助言のみで終了')}
for m, step, outcome, n in q(f"""
    SELECT coalesce(e.done_on, c.opened_on), e.step, e.outcome, count(*)
    FROM workflow_events e JOIN cases c ON c.id = e.case_id
    WHERE coalesce(e.done_on, c.opened_on) BETWEEN '{FROM}' AND '{TO}'
    GROUP BY 1, 2, 3"""):
    T = '自立相談支援の経過(001 第9条・第10条)'
    n = int(n)
    if step in course:
        add(T, m, course[step], n)
    if step == 'decision' and outcome == '決定':
        add(T, m, 'プラン決定', n)
    if (step, outcome) in closing or step in ('welfare_referral', 'closure'):
        add(T, m, '終結', n)
# The plan as decided: the latest round made by the decision, its latest
# revision; the 評価シート of a 終結 likewise.
def latest(form, field):
    return f"""(SELECT replace(json_extract(r.data, '$.{field}'), char(10), '|')
        FROM form_revisions r WHERE r.record_id = (SELECT f.id FROM form_records f
        WHERE f.case_id = e.case_id AND f.form = '{form}' AND f.created_at <= e.at
        ORDER BY f.seq DESC LIMIT 1) ORDER BY r.revision DESC LIMIT 1)"""
services = {'(ア) 就労支援員による就労支援': '(ア)就労支援', '(イ) 生活保護受給者等就労自立促進事業': '(イ)就労自立促進',
            '(ウ) 就労準備支援事業': '(ウ)就労準備', '(エ) 住居確保給付金': '(エ)住居確保給付金',
            '(オ) 家計相談支援事業': '(オ)家計相談', '(カ) 学習相談支援事業': '(カ)学習相談',
            '(キ) 生活福祉資金貸付事業': '(キ)生活福祉資金', '(ク) その他の公的事業': '(ク)その他',
            '一時生活支援事業': '一時生活支援'}
S = '支援決定(事業別)(001 第9条(6)ウ・(8)、第10条)'
N = '自立相談支援事業の月次の件数(生活困窮者自立支援制度 支援状況調査)(暫定)'
persons = defaultdict(set)
for m, person, s in q(f"""SELECT e.done_on, c.person_id, {latest('plan', 'services')}
    FROM workflow_events e JOIN cases c ON c.id = e.case_id
    WHERE e.step = 'decision' AND e.outcome = '決定' AND e.done_on BETWEEN '{FROM}' AND '{TO}'"""):
    chosen = s.split('|') if s else []
    add(S, m, 'プラン決定')
    for o in chosen:
        add(S, m, services[o])
    add(N, m, 'プラン作成件数')
    if set(chosen) & set(list(services)[:3]):
        persons[('就労支援対象者数', month_of(m))].add(person)
        persons[('就労支援対象者数', '合計')].add(person)
for (m,) in [(r[0],) for r in q(f"""SELECT c.opened_on FROM workflow_events e
    JOIN cases c ON c.id = e.case_id WHERE e.step = 'reception'
    AND c.opened_on BETWEEN '{FROM}' AND '{TO}'""")]:
    add(N, m, '新規相談受付件数')
for m, person, ch in q(f"""SELECT e.done_on, c.person_id,
    (SELECT replace(json_extract(r.data, '$.changes'), char(10), '|') FROM form_revisions r
     WHERE r.record_id = e.record_id ORDER BY r.revision DESC LIMIT 1)
    FROM workflow_events e JOIN cases c ON c.id = e.case_id
    WHERE e.step = 'evaluation' AND e.done_on BETWEEN '{FROM}' AND '{TO}'"""):
    if {'就労開始', '増収'} & set(ch.split('|')):
        persons[('就労・増収者数', month_of(m))].add(person)
        persons[('就労・増収者数', '合計')].add(person)
for (col, m), who in persons.items():
    want[N][(m, col)] = len(who)
C = '終結(理由別)(001 第9条(3)・(5)・(9))'
reasons = {'他機関へつないだ': '他機関へつないだ', '生活保護の開始': '生活保護', '目標達成': '目標達成',
           '転居': '転居', '連絡が取れない': '連絡が取れない', '本人の希望': '本人の希望', 'その他': 'その他'}
for m, step, outcome, why in q(f"""SELECT e.done_on, e.step, e.outcome, {latest('evaluation', 'end_reason')}
    FROM workflow_events e WHERE e.done_on BETWEEN '{FROM}' AND '{TO}'
    AND (e.step IN ('triage', 'screening', 'welfare_referral', 'closure'))"""):
    if step in ('triage', 'screening') and (step, outcome) not in closing:
        continue
    add(C, m, '終結')
    if outcome in ('情報提供のみで終了', '情報提供・助言のみで終了'):
        add(C, m, '情報提供のみ')
    elif outcome == '他制度・他機関へつなぐ':
        add(C, m, '他機関へつないだ')
    elif step == 'welfare_referral':
        add(C, m, '生活保護')
    else:
        add(C, m, reasons.get(why, '未記入'))
bad, checked = 0, 0
for table in want:
    if table not in sheets:
        print('no table', table); bad += 1; continue
    for key, got in sheets[table].items():
        checked += 1
        if got != want[table].get(key, 0):
            print(table, key, 'count', got, 'sql', want[table].get(key, 0)); bad += 1
    for key in want[table]:
        if key not in sheets[table]:
            print(table, key, 'missing'); bad += 1
print('checked', checked, 'bad', bad)
sys.exit(1 if bad or checked < 400 else 0)
PY
[ $? = 0 ] && pass "every figure of a year by month equals sqlite3's count ($(tail -1 "$T/sql"))" ||
	fail "every figure of a year by month equals sqlite3's count" "$(head -20 "$T/sql")"

done_testing
