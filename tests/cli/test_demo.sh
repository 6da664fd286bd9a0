#!/bin/sh
# `madoguchi demo generate`: a new database full of made-up records that
# passes check and takes the demo login; refused where there is data; exact
# usage errors.
. "$(dirname "$0")/../lib.sh"
DB="$T/demo.db"
HINT='(madoguchi demo --help で使い方を表示します)'

md -d "$DB" demo generate --cases 300 --seed 3
expect 0 stdout-contains "デモデータを作成しました: 職員 41 人、" stdout-contains "本人 225 人、ケース 300 件、" \
	stderr-contains "ケース 100% (300/300)" stderr-contains "支援経過 100%" -- "demo generate writes 300 cases"
holds "the summary is one line" test "$(wc -l <"$T/out")" -eq 1
md -d "$DB" check
expect 0 stdout-contains "OK" -- "the generated database passes check"
md --stdin "demo-password
" -d "$DB" -u demo user list
expect 0 stdout-contains "suzuki.k" stdout-contains "kimura.h" -- "demo logs in with the demo password and lists the staff"
md --stdin "demo-password
" -d "$DB" -u demo case show 1
expect 0 -- "case show reads a generated case"
md --stdin "demo-password
" -d "$DB" -u suzuki.k list --csv -o "$T/list.csv"
expect 0 -- "the case list of the generated cases prints"

# Only a new database.
md -d "$DB" demo generate --cases 10
expect 1 stderr-is "madoguchi: $DB には既にデータがあります(デモデータは新しいデータベースにだけ作れます)" -- "a second run on the same file is refused"
md --stdin "admin-pass1
" -d "$T/init.db" init
expect 0 -- "init"
md -d "$T/init.db" demo generate --cases 5
expect 1 stderr-is "madoguchi: $T/init.db には既にデータがあります(デモデータは新しいデータベースにだけ作れます)" -- "a database with an administrator is refused"
printf 'not a database' >"$T/text.db"
md -d "$T/text.db" demo generate --cases 5
expect 5 stderr-contains "madoguchi のデータベースではありません" -- "a file that is not a database is refused"

# Usage errors, each exact; none creates the file.
U="$T/usage.db"
md -d "$U" demo
expect 2 stderr-is "madoguchi: generate を指定してください
$HINT" -- "demo without generate"
md -d "$U" demo make
expect 2 stderr-is "madoguchi: demo の操作 make はありません
$HINT" -- "an unknown demo operation"
md -d "$U" demo generate extra
expect 2 stderr-is "madoguchi: 余分な引数 extra があります
$HINT" -- "an extra argument"
md -d "$U" demo generate --cases abc
expect 2 stderr-is "madoguchi: --cases には 1 から 50000000 までの数を指定してください(「abc」)
$HINT" -- "a number of cases that is not a number"
md -d "$U" demo generate --cases 0
expect 2 stderr-is "madoguchi: --cases には 1 から 50000000 までの数を指定してください(「0」)
$HINT" -- "no cases"
md -d "$U" demo generate --cases -5
expect 2 stderr-is "madoguchi: --cases には 1 から 50000000 までの数を指定してください(「-5」)
$HINT" -- "a negative number of cases"
md -d "$U" demo generate --cases 12x
expect 2 stderr-is "madoguchi: --cases には 1 から 50000000 までの数を指定してください(「12x」)
$HINT" -- "a number of cases with trailing letters"
md -d "$U" demo generate --seed x
expect 2 stderr-is "madoguchi: --seed には 0 以上の整数を指定してください(「x」)
$HINT" -- "a seed that is not a number"
md -d "$U" demo generate --cases
expect 2 stderr-is "madoguchi: オプション --cases には値が必要です
$HINT" -- "--cases without its number"
md -d "$U" demo generate --bogus
expect 2 stderr-is "madoguchi: 不明なオプション --bogus です
$HINT" -- "an unknown option"
holds "usage errors create no database" test ! -e "$U"
md demo --help
expect 0 stdout-contains "使い方: madoguchi -d FILE demo generate [--cases N] [--seed S]" stdout-contains "demo-password" -- "demo --help"
md demo generate --help
expect 0 stdout-contains "--seed S" -- "demo generate --help"
md --help
expect 0 stdout-contains "demo" -- "demo is in the list of commands"

# The same seed gives the same summary; another seed another set.
md -d "$T/a.db" demo generate --cases 40 --seed 9
a=$(sed 's/、[0-9.]* 秒$//' "$T/out")
md -d "$T/b.db" demo generate --cases 40 --seed 9
b=$(sed 's/、[0-9.]* 秒$//' "$T/out")
holds "the same seed gives the same counts" test "$a" = "$b"

done_testing
