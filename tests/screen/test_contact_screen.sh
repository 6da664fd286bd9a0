#!/bin/sh
# The contact screen (相談票, issue 17) at 80×24: an anonymous phone contact
# recorded in well under a minute, a bad input kept on screen with its
# message, found in the contacts list by its note (000 第3条(1)); a referral
# to an exact place whose follow-up shows on 今日の予定 and, recorded there,
# leaves it (001 第9条(5)イ); the contact promoted to a case that opens with
# its data carried into 第1号様式 (001 第9条(2)).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
setup_case 60
DB="$XDG_DATA_HOME/madoguchi/madoguchi.db"

start
login tanaka tanaka-pass
see "home offers the contact screen on its key bar" "c相談票"
send c
see "c opens a new 相談票" "相談票(新規)"
see "the day in 和暦" "R8.4.1"

# Saved empty: each fault at its field, in Japanese, nothing stored.
send F2
see "a missing channel is named at its field" "相談方法を選んでください"
see "an anonymous contact needs no name, only a description" "氏名は要りません"
holds "nothing is stored" test "$(sqlite3 "$DB" 'SELECT count(*) FROM contacts')" = 0

# The focus is on 相談方法: 2 is 電話. Then the description, typed, and a
# save still refused keeps what was typed.
send 2
see "a number picks the channel" "電話"
down 5
type_text '40代くらいの男性 家賃'
send F2
see "still refused: the age band is named" "匿名の相談には推定の年代が必要です"
see "and what was typed is kept on screen" "40代くらいの男性 家賃"

# The focus went to the field refused (年代): 4 is 40代.
send 4
send Down
send Enter
see "相談内容 offers the categories of 第1号様式" "家賃やローンの支払いのこと"
down 3
send Space
send Enter
see "several 相談内容 chosen show on the field" "家賃やローンの支払いのこと"
send Down
send 2
down 3
type_text '家賃の滞納。仕事も探したい'
send F2
see "the anonymous phone contact is saved" "相談票 1 を保存しました"
holds "as an anonymous contact with its channel" \
	test "$(sqlite3 "$DB" "SELECT count(*) FROM contacts WHERE person_id IS NULL")" = 1
see "saved, the referral row is offered" "つなぎ(他機関へ取次ぎ・案内票)を記録する"

# A referral: ハローワーク by its short name, 電話で取次ぎ, an appointment,
# a follow-up day; the 案内票 printed to the output folder.
# Below the fields: つなぎ, then ケースにする (the last).
down 20
send Up
send Enter
see "the agency is asked" "つなぎ先の関係機関"
type_text 'ハローワーク'
send Enter
wait_for "窓口(空なら"
type_text '職業相談部門 3番窓口'
send Enter
wait_for "担当者"
type_text '山田'
send Enter
wait_for "電話(空なら"
send Enter
wait_for "予約日"
type_text 'R8.4.3'
send Enter
wait_for "予約の時刻"
type_text '14:00'
send Enter
wait_for "持ち物"
type_text '本人確認書類'
send Enter
wait_for "フォローアップの日"
type_text 'R8.4.8'
send Enter
wait_for "メモ"
send Enter
see "the hand-over methods are the definitions'" "電話で取次ぎ"
send 1
see "the 案内票 is offered" "案内票(行き先・日時・担当者・持ち物)を印刷しますか"
send y
see "printed, with its full path" "案内票を出力しました: $HOME/madoguchi/案内票-1.csv"
holds "the 案内票 holds the exact next place" grep -q '職業相談部門 3番窓口' "$HOME/madoguchi/案内票-1.csv"
see "the referral is listed on the contact" "つなぎ ハローワーク(公共職業安定所)"

# 今日の予定 lists its follow-up; recorded there, it is gone.
send F10
see "home lists the referral's follow-up" "R8.4.8 つなぎ確認  相談票 1"
send Home
send Enter
see "Enter asks the result" "つながった"
send 1
wait_for "フォローアップのメモ"
type_text 'ハローワークに来所を確認'
send Enter
see "the follow-up is recorded" "フォローアップ(つながった)を記録しました"
dont_see "and leaves 今日の予定" "つなぎ確認  相談票 1"

# The contacts list: found by a word of its note, anonymous.
send l
see "l opens the contacts list" "相談一覧"
see "the contact is listed as anonymous" "匿名"
send /
wait_for "相談票を探す"
type_text '滞納'
send Enter
see "found by a word of its note" "「滞納」を含むもの 1 件"

# Promotion: asked first, naming what it does; the case opens with the data.
send Enter
see "Enter opens the contact" "相談票 1"
down 30
wait_for "▶ ケースにする"
send Enter
see "promotion asks first, naming what is carried" "第1号様式に写し"
send y
see "an anonymous contact asks the name" "本人の氏名"
type_text '山本 太郎'
send Enter
wait_for "ふりがな"
type_text 'やまもと たろう'
send Enter
see "the new case opens" "ケース 2  山本 太郎"
md --stdin 'tanaka-pass
' -u tanaka form show 2 reception
expect 0 stdout-contains "家賃の滞納。仕事も探したい" -- "the note is carried into 第1号様式"
send F10
see "back on the contact, it names its case" "ケース 2 になりました"
send F10
wait_for "相談一覧"
send F10
quit_home
exited 5
done_testing
