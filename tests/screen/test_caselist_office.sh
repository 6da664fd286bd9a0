#!/bin/sh
# 000 第4条: the counter has offices (本所, 各総合支所), and the case list on the
# screen is limited to one of them (f, 事業所で絞り込む…), as `list --office`
# is: only that office's cases, the office named in the list's heading, F9
# printing that office's 支援ケース一覧 with the office in its title rows;
# 絞り込みをすべて外す shows every office's cases again.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
setup_users
DB="$XDG_DATA_HOME/madoguchi/madoguchi.db"
a() { printf 'kanri-pass1\n' | "$MADOGUCHI" -u kanri "$@" >/dev/null; }
t() { printf 'tanaka-pass\n' | "$MADOGUCHI" -u tanaka "$@" >/dev/null; }
a office add 本所 && a office add 芝地区総合支所 &&
	t case new --name '鈴木 一郎' --kana 'すずき いちろう' --office 本所 &&
	t case new --name '山田 花子' --kana 'やまだ はなこ' --office 芝地区総合支所 &&
	t case new --name '佐藤 三郎' --kana 'さとう さぶろう' --office 芝地区総合支所 ||
	{ echo "# setup failed"; exit 1; }

start
login tanaka tanaka-pass
send /
wait_for "検索:"
see "every office's cases at first" "鈴木 一郎"
send Down
send f
wait_for "絞り込み"
send 5
send Enter
see "事業所で絞り込む asks the office, every office first" "すべての事業所"
send Down Down
send Enter
see "000 第4条: the heading names the office" "事業所:芝地区総合支所"
see "its cases are listed" "山田 花子"
see "… all of them" "佐藤 三郎"
dont_see "another office's case is not" "鈴木 一郎"

send F9
see "F9 prints the list" "出力しました: "
csv=$(find "$HOME" -name '支援ケース一覧.csv' | head -1)
python3 - "$csv" >"$T/cells" <<'PY'
import csv, sys
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    for row in csv.reader(f):
        print("|".join(row))
PY
holds "the print holds that office's cases" grep -q '山田 花子' "$T/cells"
holds "… and not another office's" sh -c "! grep -q '鈴木 一郎' '$T/cells'"
holds "the title rows name the office" grep -q '芝地区総合支所' "$T/cells"

send f
wait_for "絞り込み"
send 6
send Enter
see "絞り込みをすべて外す: every office again" "鈴木 一郎"
dont_see "no office in the heading" "事業所:"
send F10
wait_for "今日の予定"
quit_home
done_testing
