#!/bin/sh
# The program opens a real ncursesw screen on its default database; F10 quits.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

start
see "title bar shows the program" "窓口 madoguchi"
see "the default database path is shown" "$XDG_DATA_HOME/madoguchi/madoguchi.db"
see "the function-key bar offers F10" "F10"
send F10
if exited 5; then pass "F10 quits"; else fail "F10 quits"; fi
holds "the database was created 0600" test "$(stat -c %a "$XDG_DATA_HOME/madoguchi/madoguchi.db")" = 600

done_testing
