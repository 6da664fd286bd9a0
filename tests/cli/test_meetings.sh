#!/bin/sh
# Issue 19: meetings, who may hear what, on which legal basis, and who does
# what next. 000 第3条(2) (連絡会, 支援会議), 003 §6 (支援調整会議 本人同意 必要,
# 支援会議 なくても可; 生活困窮者自立支援法第9条), 004 §3(6) and 別紙③ (支援会議,
# 社会福祉法第106条の6, 守秘義務), 002 第7条3 (ケース共有会議 2か月に1回), 第9条.
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
md --stdin "$PW" -u kanri agency add '北地域包括支援センター' --kind 高齢
expect 0 -- "an agency"
t() { md --stdin "$T1" -u tanaka "$@"; }
db="$T/data/madoguchi/madoguchi.db"
q() { sqlite3 "$db" "$1" </dev/null; }
state() { q "SELECT (SELECT count(*) FROM meetings), (SELECT count(*) FROM meeting_attendees),
	(SELECT count(*) FROM meeting_persons), (SELECT count(*) FROM meeting_tasks),
	(SELECT count(*) FROM disclosures), (SELECT count(*) FROM meeting_revisions)"; }

t case new --name '髙橋 花子' --kana 'たかはし はなこ' --birth S55.4.1
expect 0 stdout-contains 1 -- "person 1"
t case new --name '山田 次郎' --kana 'やまだ じろう' --birth S30.1.1
expect 0 stdout-contains 2 -- "person 2"
t form set 1 reception consent_share はい
expect 0 -- "001 第9条(2): 髙橋 花子 consents to sharing"

t forms check
expect 0 -- "forms check reads forms/meetings.ini"

# A meeting held in the future is refused; nothing stored.
before=$(state)
t meeting new --type 支援調整会議 --on R8.5.1
expect 1 stderr-contains "開催日" stderr-contains "未来" -- "a meeting dated in the future as held is refused"
[ "$(state)" = "$before" ] && pass "… nothing stored" || fail "… nothing stored" "$(state)"
t meeting new --type 支援会議 --on R8.3.25
expect 1 stderr-contains "根拠" stderr-contains "社会福祉法第106条の6" -- "支援会議 has two bases: one must be chosen (004 §3(6), 003 §6)"

# 支援調整会議 (003 §6: 本人同意 必要).
t meeting new --type 支援調整会議 --on R8.3.25 --place 区役所 --next R8.4.5 --lead 地域包括支援センター
expect 0 stdout-contains 1 -- "a 支援調整会議 recorded"
t meeting person 1 1
expect 0 -- "003 §6: a person who consented is discussed at 支援調整会議"
before=$(state)
t meeting person 1 2
expect 1 stderr-contains "支援調整会議は本人の同意が必要です(003 §6" stderr-contains "支援会議(社会福祉法第106条の6" \
	-- "003 §6: 支援調整会議 refuses a person without consent, quoting the rule"
[ "$(state)" = "$before" ] && pass "… nothing stored" || fail "… nothing stored" "$(state)"

# 支援会議 (社会福祉法第106条の6; 004 別紙③: 守秘義務).
t meeting new --type 支援会議 --basis 1 --on R8.3.26 --shared '近隣から孤立の情報'
expect 0 stdout-contains 2 -- "a 支援会議 on 社会福祉法第106条の6"
before=$(state)
t meeting add 2 --name '佐藤 三郎' --agency 北地域包括支援センター
expect 1 stderr-contains "守秘義務" stderr-contains "社会福祉法第106条の6第5項" \
	-- "004 別紙③: an attendee without secrecy acknowledged is refused at 支援会議"
[ "$(state)" = "$before" ] && pass "… nothing stored" || fail "… nothing stored" "$(state)"
t meeting add 2 --name '佐藤 三郎' --agency 北地域包括支援センター --secrecy
expect 0 stdout-contains 1 -- "an agency's member who acknowledged secrecy"
t meeting add 2 --staff tanaka --secrecy
expect 0 stdout-contains 2 -- "the consultant attends, bound too"
t meeting person 2 2
expect 0 -- "003 §6 / 社会福祉法第106条の6: 支援会議 accepts a person without consent"
[ "$(q "SELECT basis || ':' || basis_text FROM meeting_persons WHERE meeting_id = 2")" = "law:社会福祉法第106条の6" ] &&
	pass "… on the legal basis" || fail "… on the legal basis" "$(q 'SELECT * FROM meeting_persons')"
t meeting person 2 1
expect 0 -- "one who consented may be discussed there too"

# 連絡会 discusses no persons (000 第3条(2)ア).
t meeting new --type 連絡会 --on R8.3.20
expect 0 stdout-contains 3 -- "a 連絡会"
t meeting person 3 1
expect 1 stderr-contains "000 第3条(2)ア" -- "000 第3条(2)ア: 連絡会 takes up no person"

# Tasks (役割分担, 004 §5(7)(4)).
before=$(state)
t meeting task 2 --what '訪問して状況確認' --due R8.4.3
expect 1 stderr-contains "担当" -- "a task without owner is refused"
t meeting task 2 --what '訪問して状況確認' --owner 北地域包括支援センター
expect 1 stderr-contains "期限" -- "a task without a date is refused"
[ "$(state)" = "$before" ] && pass "… nothing stored" || fail "… nothing stored" "$(state)"
t meeting task 2 --what '訪問して状況確認' --owner 北地域包括支援センター --due R8.4.3
expect 0 stdout-contains 1 -- "a task with owner and date"
t due --days 7
expect 0 stdout-contains "役割分担 1(会議 2) 訪問して状況確認(担当 北地域包括支援センター)" \
	stdout-contains "令和8年4月5日	次回の会議(会議 1 のあと) 支援調整会議" \
	-- "the task and the next meeting are on due"

# The minutes: who may read what.
t meeting export 2
expect 0 stdout-contains "本人 2 山田 次郎" stdout-contains "本人 1 髙橋 花子" \
	stdout-contains "近隣から孤立の情報" -- "the bound consultant reads every person"
t meeting export 2 --agency 北地域包括支援センター
expect 0 stdout-contains "本人 2 山田 次郎" -- "an agency whose member acknowledged secrecy reads them"
t consent withdraw 1 --on R8.3.30 --note '電話で撤回の申し出'
expect 0 -- "consent withdrawn, with its day and note"
t meeting export 2 --for 1 -o "$T/m2.txt"
expect 0 -- "printed for an attendee bound to secrecy"
holds "支援会議 discussed her on the law: she stays in its minutes (社会福祉法第106条の6)" grep -q '髙橋' "$T/m2.txt"
t meeting export 1 -o "$T/m.txt"
expect 0 -- "the 支援調整会議's minutes after the withdrawal"
holds "the withdrawn person is left out of the minutes" sh -c "! grep -q '髙橋' '$T/m.txt'"
holds "… said so" grep -q '記載しない本人: 1 人(本人の同意がないか、撤回されたため)' "$T/m.txt"
holds "… and the shared text is left out with them" grep -q '記載しない本人がいるため記載しません' "$T/m.txt"
before=$(state)
t meeting person 1 1
expect 1 stderr-contains "同意を撤回しています" -- "consent withdrawn stops further sharing at 支援調整会議"
t meeting new --type 支援会議 --basis 2 --on R8.3.31
expect 0 stdout-contains 4 -- "a 支援会議 on 生活困窮者自立支援法第9条"
t meeting person 4 2
expect 0 -- "discussed without consent"
t meeting export 4 --csv -o "$T/m.csv"
expect 0 -- "the minutes as CSV, to a reader not bound"
holds "the person discussed on the law is left out for a reader not bound" sh -c "! grep -q '山田' '$T/m.csv'"
holds "… said so" grep -q '読み手が守秘義務を負わない' "$T/m.csv"

# 提供記録.
t meeting disclosures 2
expect 0 stdout-contains "会議 2(支援会議)での情報共有" stdout-contains "社会福祉法第106条の6" \
	stdout-contains "会議録(会議 2、テキスト)" stdout-contains "北地域包括支援センター" \
	-- "a person's disclosures: what, to whom, on which basis"
t meeting disclosures 1
expect 0 stdout-contains "同意の撤回: 令和8年3月30日 から" stdout-contains "本人の同意" \
	-- "the withdrawal shows on the person's disclosures"

# The household print leaves the withdrawn member out too.
t household new --person 1 --relation 世帯主
expect 0 -- "a household"
t household print 1
expect 0 stdout-contains "(本人の同意がないため記載しません)" -- "consent withdrawn: the household print leaves the member out"

# A fault of meetings.ini names file:line.
cp "$TOP/forms/meetings.ini" "$T/meetings.ini"
sed -i 's/^consent = not_required/consent = maybe/' "$T/meetings.ini"
line=$(grep -n '^consent = maybe' "$T/meetings.ini" | cut -d: -f1)
md forms check "$T/meetings.ini"
expect 1 stderr-contains "meetings.ini:$line: consent: required か not_required" -- "a meetings.ini fault as file:line"

t meeting --help
expect 0 stdout-contains "守秘義務" -- "--help in Japanese"
done_testing
