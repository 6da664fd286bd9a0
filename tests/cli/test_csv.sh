#!/bin/sh
# CSV in and out (issue 13, findings 1 and 7). Every CSV the program writes
# (export of a form, 第3号様式's 経過一覧, list --csv, audit --csv; UTF-8 and
# CP932) puts a single quote before a cell a spreadsheet would take for a
# formula and leaves every other cell, an honest number among them, as it
# was typed; read back with a CSV reader of its own. `agency import` refuses
# a formula and a NUL byte with file:line. A lone CR typed in a multi-line
# value is a line break, not nothing.
. "$(dirname "$0")/../lib.sh"
PW='admin-pass1
'
T1='tanaka-pass
'
md --stdin "$PW" init --admin kanri
md --stdin "${PW}tanaka-pass
" -u kanri user add tanaka --name '田中 一郎' --role consultant
# A member of staff whose name is a formula: it shows in the audit log.
md --stdin "${PW}sato-pass12
" -u kanri user add sato --name '-2+3' --role consultant
md --stdin 'sato-pass12
' -u sato due
expect 0 -- "a member of staff named -2+3 logs in"

NAME='=HYPERLINK("http://x","y")'
ADDRESS="+cmd|' /C calc'!A0"
md --stdin "$T1" -u tanaka case new --name "$NAME" --kana 'えっくす' --address "$ADDRESS"
expect 0 -- "a case whose name and address are formulas"
md --stdin "$T1" -u tanaka form set 1 reception wishes "$(printf '\t=1+2')" household_count 3
expect 0 -- "a wish that starts with a tab"
md --stdin "$T1" -u tanaka form set 1 progress entry_date R8.4.1 staff tanaka \
	content '@SUM(1)' next_action '＝HYPERLINK("http://x")'
expect 0 -- "an entry whose note is @SUM(1), the next action a full-width ＝"
md --stdin "$T1" -u tanaka form set 1 progress entry_date R8.4.2 staff tanaka \
	content '-1200' next_action '+3'
expect 0 -- "an entry of honest numbers"
md --stdin "$T1" -u tanaka form set 1 progress entry_date R8.4.3 staff tanaka \
	content '　＠SUM(1)' next_action ' -1+2'
expect 0 -- "an entry whose formulas follow spaces"

md --stdin "$T1" -u tanaka export 1 reception -o "$T/reception.csv"
expect 0 -- "export of 第1号様式"
md --stdin "$T1" -u tanaka export 1 progress -o "$T/progress.csv"
expect 0 -- "export of 第3号様式 (経過一覧)"
md --stdin "$T1" -u tanaka export 1 progress -o "$T/progress-cp932.csv" --encoding cp932
expect 0 -- "export of 第3号様式 in CP932"
md --stdin "$T1" -u tanaka list --csv -o "$T/list.csv"
expect 0 -- "list --csv"
md --stdin "$PW" -u kanri audit --csv -o "$T/audit.csv"
expect 0 -- "audit --csv"

# no_formulas FILE [ENCODING]: no cell of FILE is a formula to a spreadsheet.
no_formulas() { csv_formulas "$@" >"$T/formulas" && [ ! -s "$T/formulas" ]; }
for f in reception.csv progress.csv list.csv audit.csv; do
	csv_cells "$T/$f" >"$T/$f.cells"
	holds "$f reads back as CSV" test -s "$T/$f.cells"
	holds "no cell of $f is a formula to a spreadsheet" no_formulas "$T/$f"
done
csv_cells "$T/progress-cp932.csv" cp932 >"$T/progress-cp932.csv.cells"
holds "no cell of the CP932 print is a formula" no_formulas "$T/progress-cp932.csv" cp932

# has FILE CELL DESCRIPTION: a cell of FILE (as csv_cells shows it) is CELL.
has() { holds "$3" grep -qxF -- "$2" "$T/$1.cells"; }
has reception.csv "'$NAME" "export: the name keeps its text after a quote"
has reception.csv "'$ADDRESS" "export: the address keeps its text after a quote"
has reception.csv "'\\t=1+2" "export: a value that starts with a tab gets the quote"
has reception.csv "1" "export: the case number is left alone"
has progress.csv "'$NAME" "経過一覧: the name in the title rows"
has progress.csv "'@SUM(1)" "経過一覧: a note @SUM(1)"
has progress.csv "'＝HYPERLINK(\"http://x\")" "経過一覧: a full-width ＝"
has progress.csv "'　＠SUM(1)" "経過一覧: ＠ after an ideographic space"
has progress.csv "' -1+2" "経過一覧: - after a space"
has progress.csv "-1200" "経過一覧: an honest negative number is left alone"
has progress.csv "+3" "経過一覧: an honest +3 is left alone"
has progress-cp932.csv "'$NAME" "CP932: the name"
has progress-cp932.csv "'＝HYPERLINK(\"http://x\")" "CP932: a full-width ＝"
has progress-cp932.csv "-1200" "CP932: an honest number"
has list.csv "'$NAME" "list --csv: the name"
has list.csv "1" "list --csv: the case number is left alone"
has audit.csv "'-2+3" "audit --csv: the name of a member of staff"
has audit.csv "田中 一郎" "audit --csv: a plain name is left alone"

# Agency catalogues: a formula or a NUL is refused with file:line, and
# nothing of the file is read.
printf '名称,種別,電話,住所\n区役所,行政,,\n"=HYPERLINK(""http://x"",""y"")",行政,,\n' >"$T/formula.csv"
md --stdin "$PW" -u kanri agency import "$T/formula.csv"
expect 1 stderr-contains "madoguchi: $T/formula.csv:3: 名称「=HYPERLINK(\"http://x\",\"y\")」は" -- \
	"agency import refuses a formula name, naming file, line and column"
printf '名称,種別,電話,住所\n区役所,行政,+81-3-0000-0000,\n' >"$T/phone.csv"
md --stdin "$PW" -u kanri agency import "$T/phone.csv"
expect 1 stderr-contains "$T/phone.csv:2: 電話「+81-3-0000-0000」は" -- \
	"agency import refuses a phone a spreadsheet would compute"
printf '名称,種別,電話,住所\n区役所,行政,,\n港区福祉\000センター,行政,03-0000-0000,港区\n' >"$T/nul.csv"
md --stdin "$PW" -u kanri agency import "$T/nul.csv"
expect 1 stderr-contains "madoguchi: $T/nul.csv:3: " stderr-contains "NUL" -- \
	"agency import refuses a NUL byte with file:line"
md --stdin "$T1" -u tanaka agency list
expect 0 stdout-lacks "区役所" stdout-lacks "港区福祉" -- "nothing of a refused catalogue was added"
printf '名称,種別,電話,住所\n港区役所,行政,03-0000-0000,港区芝公園1-5-25\n' >"$T/good.csv"
md --stdin "$PW" -u kanri agency import "$T/good.csv"
expect 0 stdout-contains "関係機関を 1 件加えました" -- "a catalogue with hyphens inside its values is read"

# A lone CR (as an old Mac editor or a paste may give) is a line break.
md --stdin "$T1" -u tanaka form set 1 progress entry_date R8.4.4 staff tanaka \
	content "$(printf '一行目\r二行目\r\n三行目')"
expect 0 -- "a note with a lone CR and a CRLF"
md --stdin "$T1" -u tanaka export 1 progress -o "$T/lines.csv"
csv_cells "$T/lines.csv" >"$T/lines.csv.cells"
has lines.csv '一行目\n二行目\n三行目' "a lone CR and a CRLF both become a line break"

done_testing
