#!/bin/sh
# The database in trouble while a consultant types: locked by another
# process (briefly: waited out; long: a clear message), made read-only,
# renamed or deleted. Each time the message is clear, what was typed stays
# on the screen, and saving works again once the cause is gone.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
setup_case 600

# revisions TEXT: how many saved revisions hold TEXT.
revisions() {
	sqlite3 "$1" "SELECT count(*) FROM form_revisions WHERE data LIKE '%$2%'"
}
# lock SECONDS: another process holds the write lock for SECONDS.
lock() {
	{ echo "BEGIN IMMEDIATE;"; echo "UPDATE meta SET value = value;"; sleep "$1"; echo "COMMIT;"; } |
		sqlite3 "$DB" >/dev/null 2>&1 &
	locker=$!
	i=0
	# Wait until it holds the lock (a write of ours would wait).
	while [ $i -lt 100 ] && sqlite3 "$DB" "PRAGMA busy_timeout = 0; BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1; do
		sleep 0.05
		i=$((i + 1))
	done
}

new_entry
type_text '一回目の記録。'
see "the text is typed" "一回目の記録。"

# A lock for two seconds is waited out: saved, no error.
lock 2
send F2
see "a brief lock is waited out and the entry saved" "保存しました(版 1"
dont_see "no message of a busy database" "使用中"
wait "$locker"

# A lock longer than the wait: a clear message, the text kept.
type_text '二回目の追記。'
lock 13
send F2
see "a long lock gives a clear message" "使用中です。しばらく待って" 15
see "and the text is still there" "二回目の追記。"
holds "nothing was saved meanwhile" test "$(revisions "$DB" 二回目の追記)" = 0
wait "$locker"
send F2
see "once the lock is gone, the same save works" "保存しました(版 2"
holds "and holds the text" test "$(revisions "$DB" 二回目の追記)" = 1

# Made read-only: immutable (as a read-only disk would be) when root, who
# writes whatever the mode says; without write permission otherwise.
type_text '三回目の追記。'
readonly_on() {
	if [ "$(id -u)" = 0 ]; then
		chattr +i "$DB" "$DB-wal" "$DB-shm" 2>/dev/null
	else
		chmod a-w "$DB" "$DB-wal" "$DB-shm"
	fi
}
readonly_off() {
	if [ "$(id -u)" = 0 ]; then
		chattr -i "$DB" "$DB-wal" "$DB-shm"
	else
		chmod u+w "$DB" "$DB-wal" "$DB-shm"
	fi
}
if readonly_on; then
	send F2
	see "a read-only database gives a clear message" "データベースに書き込めません" 10
	see "and the text stays" "三回目の追記。"
	readonly_off
	send F2
	see "writable again, the save works" "保存しました(版 3"
else
	# Root on a file system without the immutable flag: nothing here
	# can make the file read-only for this process.
	pass "# SKIP root, and chattr +i is not possible on this file system"
	send F2
	see "saved" "保存しました(版 3"
fi

# Renamed while open: saves are refused (they would go to a file no one
# opens), then work again when it is back.
type_text '四回目の追記。'
mv "$DB" "$DB.moved"
send F2
see "a moved database refuses the save, saying so" "移動または削除されたため" 10
see "the text stays" "四回目の"
mv "$DB.moved" "$DB"
send F2
see "moved back, the save works" "保存しました(版 4"
holds "and it is in the file at its place" test "$(revisions "$DB" 四回目の追記)" = 1

# Deleted while open, then restored from the backup taken a moment before:
# the program opens the restored file and the save goes there.
printf 'kanri-pass1\n' | "$MADOGUCHI" -u kanri backup "$T/backup.db" >/dev/null
type_text '五回目の追記。'
rm -f "$DB"
send F2
see "a deleted database refuses the save" "移動または削除されたため" 10
see "the text stays" "五回目の追記。"
cp "$T/backup.db" "$DB"
rm -f "$DB-wal" "$DB-shm"
send Left
see "the restored database is opened again at the next key" "データベースを開き直しました"
send F2
see "the save goes on from the restored file" "保存しました(版 5"
holds "and the entry is in the restored database" test "$(revisions "$DB" 五回目の追記)" = 1
send F10
done_testing
