#!/bin/sh
# Dates as staff read them (issue 14, findings 6 and 7): a day two eras share
# is typed under either name and written in the newer; nothing before
# 明治6年1月1日 (改暦ノ布告); every date a person reads, in 和暦, while the
# audit CSV keeps the ISO time its documentation promises scripts.
. "$(dirname "$0")/../lib.sh"
PW='admin-pass1'
T1='tanaka-pass
'

md --stdin "$PW
" init --admin kanri
expect 0 -- "init"
md --stdin "$PW
tanaka-pass
" -u kanri user add tanaka --name '田中 一郎' --role consultant
expect 0 -- "a consultant"

# 大正改元の詔書: 明治45年7月30日 is 大正元年7月30日.
md --stdin "$T1" -u tanaka case new --name '明治 一' --kana 'めいじ はじめ' --birth 明治45年7月30日
expect 0 -- "明治45年7月30日 is a day (taisho_kaigen_shosho)"
md --stdin "$T1" -u tanaka case show 1
expect 0 stdout-contains "生年月日: 大正元年7月30日(113 歳)" -- "the shared day is written in the newer era"
# 昭和改元の詔書: 大正15年12月25日 is 昭和元年12月25日.
md --stdin "$T1" -u tanaka case new --name '大正 二' --kana 'たいしょう じ' --birth T15.12.25
expect 0 -- "大正15年12月25日 is a day (showa_kaigen_shosho)"
md --stdin "$T1" -u tanaka case show 2
expect 0 stdout-contains "生年月日: 昭和元年12月25日(99 歳)" -- "written 昭和元年12月25日"
# 昭和64年政令第1号 and 平成31年政令第143号: no day shared.
md --stdin "$T1" -u tanaka case new --name '昭和 三' --kana 'しょうわ さん' --birth 昭和64年1月8日
expect 1 stderr-is "madoguchi: 生年月日: 昭和は1989年1月7日までです。1989年1月8日は平成元年1月8日です" -- "昭和64年1月8日 is refused"
md --stdin "$T1" -u tanaka case new --name '平成 四' --kana 'へいせい よん' --birth H31.5.1
expect 1 stderr-is "madoguchi: 生年月日: 平成は2019年4月30日までです。2019年5月1日は令和元年5月1日です" -- "平成31年5月1日 is refused"
# 改暦ノ布告 (明治5年太政官布告第337号).
md --stdin "$T1" -u tanaka case new --name '明治 五' --kana 'めいじ ご' --birth 明治5年12月3日
expect 1 stderr-contains "明治5年12月3日〜31日という日はありません" \
	stderr-contains "日本が太陽暦(グレゴリオ暦)を採用した日" -- "明治5年12月3日 never was (kaireki_no_fukoku)"
md --stdin "$T1" -u tanaka case new --name '西暦 六' --kana 'せいれき ろく' --birth 1872-12-31
expect 1 stderr-is "madoguchi: 生年月日: 日付は明治6年1月1日(1873年1月1日)から入力できます。日本が太陽暦(グレゴリオ暦)を採用した日で、それより前は旧暦の日付です" \
	-- "an ISO date before 1873 is refused with the reason"
md --stdin "$T1" -u tanaka case new --name '明治 七' --kana 'めいじ なな' --birth M6.1.1
expect 0 -- "明治6年1月1日 is the first day"

# A case referred elsewhere with a follow-up (001 第9条(5)).
md --stdin "$T1" -u tanaka step 1 triage --outcome 継続支援
expect 0 -- "triage"
md --stdin "$T1" -u tanaka form set 1 reception signed はい consent_share はい
expect 0 -- "signed"
md --stdin "$T1" -u tanaka step 1 application
expect 0 -- "application"
md --stdin "$T1" -u tanaka form set 1 intake complaint '仕事が見つからない' issues '就職活動困難' summary 'ハローワークへつなぐ'
expect 0 -- "第2号様式"
md --stdin "$T1" -u tanaka step 1 assessment
expect 0 -- "assessment"
md --stdin "$T1" -u tanaka step 1 screening --outcome 他制度・他機関へつなぐ \
	--agency 'ハローワーク(公共職業安定所)' --follow-up 2026-07-15
expect 0 -- "referred with a follow-up typed in ISO"

# Every date a person reads is 和暦: the follow-up, the steps' times.
md --stdin "$T1" -u tanaka case show 1
expect 0 stdout-contains "フォローアップ予定日: 令和8年7月15日" \
	stdout-contains "(フォローアップ: 令和8年7月15日)" \
	stdout-contains "済 スクリーニング 令和8年4月1日 田中 一郎" \
	stdout-contains "完了 令和8年4月1日 10:00:00 田中 一郎" \
	stdout-lacks "2026-" -- "case show writes every date in 和暦"
md --stdin "$T1" -u tanaka due --days 200
expect 0 stdout-contains "令和8年7月15日	フォローアップ	1" stdout-lacks "2026-" -- "due in 和暦"
md --stdin "$T1" -u tanaka step 1 screening --outcome 他制度・他機関へつなぐ
expect 1 stderr-is "madoguchi: 手順「スクリーニング」はすでに記録されています(令和8年4月1日 10:00:00 田中 一郎)" \
	-- "a refusal names the time in 和暦"
md --stdin "$T1" -u tanaka form history 1 intake
expect 0 stdout-contains "1	令和8年4月1日 10:00:00	田中 一郎" stdout-lacks "2026-" -- "form history in 和暦"
md --stdin "$PW" -u kanri audit --case 1
expect 0 stdout-contains "令和8年4月1日 10:00:00	tanaka(田中 一郎)" stdout-lacks "2026-" -- "the audit listing in 和暦"

# The audit CSV keeps its documented ISO 日時 for scripts.
md --stdin "$PW" -u kanri audit --case 1 --csv -o "$T/audit.csv" --encoding utf8
expect 0 -- "audit --csv"
holds "the audit CSV's 日時 is YYYY-MM-DD HH:MM:SS" grep -q '^"[0-9]*","2026-04-01 10:00:00","tanaka"' "$T/audit.csv"
holds "madoguchi.1 documents the audit CSV's ISO 日時" sh -c \
	"man -l '$TOP/man/madoguchi.1' 2>/dev/null | tr -s ' \n' ' ' | grep -q '日時 (YYYY-MM-DD HH:MM:SS'"

done_testing
