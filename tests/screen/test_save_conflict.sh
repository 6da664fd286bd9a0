#!/bin/sh
# A save refused on the form screen, and what the consultant can do then.
# Someone else saved the same record meanwhile: the screen offers to lay
# what it changed over their revision (their other fields kept, a field
# both changed named), then F2 saves. The record is gone because a backup
# from before it was put back: the screen offers to keep its text as a new
# record. A draft restored after a crash goes the same way. Each time
# nothing is saved without F2, and nothing typed is lost.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
setup_case 1
printf 'kanri-pass1\nsato-pass1\n' | "$MADOGUCHI" -u kanri user add sato \
	--name '佐藤 花子' --role consultant >/dev/null 2>&1
# A backup from before the entry below exists.
printf 'kanri-pass1\n' | "$MADOGUCHI" -u kanri backup "$T/before.db" >/dev/null

# sato FORM FIELD VALUE [SEQ]: the other consultant saves round or entry
# SEQ (1) of FORM from the command line.
sato() {
	printf 'sato-pass1\n' | "$MADOGUCHI" -u sato form set 1 "$1" "$2" "$3" --seq "${4:-1}" >"$T/sato.out" 2>&1
}
# value REVISION FIELD [SEQ]: FIELD of entry SEQ (1) at REVISION, as stored.
value() {
	sqlite3 "$DB" "SELECT json_extract(r.data, '\$.$2') FROM form_revisions r
		JOIN form_records f ON f.id = r.record_id
		WHERE f.form = 'progress' AND f.seq = ${3:-1} AND r.revision = $1"
}

start 100 30
login tanaka tanaka-pass
open_case 'すずき' '鈴木 一郎'
send a
wait_for "第3号様式 支援経過記録シート"
send F1
see "F1 tells what follows a refused save" "この画面で変えた項目を最新の内容に重ねるか"
send Escape
wait_gone "この画面で変えた項目を最新の内容に重ねるか"
down 8
type_text 'はじめの記録。'
send F2
see "the entry is saved" "保存しました(版 1"

# The other consultant adds 今後の対応; this screen goes on with 内容.
sato progress next_action '佐藤の追記'
holds "the other consultant's save is revision 2" grep -q "版 2" "$T/sato.out"
type_text '田中の追記。'
send F2
see "the save is refused, naming who saved" "佐藤 花子 さんが" 10
see "and offers to lay this screen's changes over revision 2" "最新の内容(版 2)に、この画面で変えた項目を重ねますか"
send n
see "declined, the screen stays as it was" "はじめの記録。田中の追記。"
holds "nothing was saved" test -z "$(value 3 content)"
send F2
see "the offer comes again at the next save" "最新の内容(版 2)に、この画面で変えた項目を重ねますか"
send y
see "laid over revision 2" "最新の内容(版 2)に重ねました。確かめて F2 で保存します"
see "the other consultant's field is on the screen" "佐藤の追記"
see "and this screen's text too" "はじめの記録。田中の追記。"
send F2
see "then the save goes through" "保存しました(版 3"
holds "revision 3 holds this screen's 内容" test "$(value 3 content)" = 'はじめの記録。田中の追記。'
holds "and the other consultant's 今後の対応" test "$(value 3 next_action)" = '佐藤の追記'

# Both change 内容: this screen's text is kept and the field named; the
# other text stays in revision 4.
sato progress content '佐藤が書き直した内容'
type_text 'さらに。'
send F2
see "refused again" "最新の内容(版 4)に、この画面で変えた項目を重ねますか" 10
send y
see "the field both changed is named" "両方で変わった項目: 内容"
see "this screen's text is what stays on it" "田中の追記。さらに。"
send F2
see "saved as revision 5" "保存しました(版 5"
holds "revision 5 holds this screen's 内容" test "$(value 5 content)" = 'はじめの記録。田中の追記。さらに。'
holds "revision 4 still holds the other's" test "$(value 4 content)" = '佐藤が書き直した内容'

# The backup from before the entry is put back while the form is open.
rm -f "$DB"
cp "$T/before.db" "$DB"
rm -f "$DB-wal" "$DB-shm"
send Right # at the end of the text: moves nothing
see "the restored database is opened again" "データベースを開き直しました"
type_text '戻したあとの追記。'
send F2
see "the entry is not in the restored database" "この記録はデータベースにありません" 10
send y
see "the screen becomes a new entry" "新しい記録にしました。確かめて F2 で保存します"
send F2
see "and is saved there" "保存しました(版 1"
holds "with everything that was on the screen" test "$(value 1 content)" = 'はじめの記録。田中の追記。さらに。戻したあとの追記。'
holds "the other consultant's field too" test "$(value 1 next_action)" = '佐藤の追記'

# The person's details changed elsewhere (the same reception round, only
# the person): this screen's field and their phone number both stay.
send F10
wait_for "ケース 1  鈴木 一郎"
send Home
down 18
send Enter
see "第1号様式 opens" "第1号様式 相談申込・受付票  ケース 1"
down 14
type_text '鈴木 花子'
send F2
see "the reception is saved" "保存しました(版 1"
sato reception phone_home 03-1234-5678
type_text '鈴木 太郎' # a fresh field: typing replaces it
send F2
see "the person changed elsewhere is named" "本人の情報は 佐藤 花子 さんが" 10
see "and the same offer made" "最新の内容(版 1)に、この画面で変えた項目を重ねますか"
send y
see "laid over" "最新の内容(版 1)に重ねました"
see "their phone number is on the screen" "03-1234-5678"
send F2
see "saved" "保存しました(版 2"
holds "the phone number stays the other consultant's" \
	test "$(sqlite3 "$DB" "SELECT phone_home FROM persons")" = 03-1234-5678
holds "and this screen's field is saved" test "$(sqlite3 "$DB" "SELECT json_extract(data, '\$.visitor_name')
	FROM form_revisions WHERE revision = 2 AND record_id =
	(SELECT id FROM form_records WHERE form = 'reception')")" = '鈴木 太郎'

# Killed while typing; meanwhile the other consultant saves the same entry.
# The draft restored at the next login keeps the revision it was typed on,
# so its save is refused, and laid over the newest like any other.
send F10
wait_for "ケース 1  鈴木 一郎"
send a
wait_for "第3号様式 支援経過記録シート"
down 8
type_text '二つ目の記録。'
send F2
see "entry 2 is saved" "保存しました(版 1"
type_text '落ちる前の追記。'
i=0
while [ $i -lt 100 ] && [ "$(sqlite3 "$DB" "SELECT count(*) FROM drafts WHERE data LIKE '%落ちる前の追記%'")" != 1 ]; do
	sleep 0.05
	i=$((i + 1))
done
holds "the draft is kept" test $i -lt 100
kill -9 "$(pane_pid)"
exited 5
sato progress next_action '佐藤の二つ目' 2
start 100 30
login tanaka tanaka-pass
see "the next login offers the draft" "入力中だった下書きがあります"
send Enter
see "the draft is restored" "二つ目の記録。落ちる前の追記。"
send F2
see "its save is refused and the offer made" "最新の内容(版 2)に、この画面で変えた項目を重ねますか" 10
send y
see "the other consultant's field comes in" "佐藤の二つ目"
send F2
see "saved" "保存しました(版 3"
holds "with what was typed before the kill" test "$(value 3 content 2)" = '二つ目の記録。落ちる前の追記。'
holds "and the other consultant's field" test "$(value 3 next_action 2)" = '佐藤の二つ目'
holds "the draft is gone with the save" test "$(sqlite3 "$DB" "SELECT count(*) FROM drafts")" = 0
send F10
done_testing
