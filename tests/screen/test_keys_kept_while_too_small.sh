#!/bin/sh
# Keys kept while too small (issue 15, finding 4): a window made smaller than
# 80×24 while typing dropped every key until it was resized, and the draft
# was no longer kept by the clock meanwhile. Now the screen says it is too
# small, but what is typed goes on into the field and the autosave goes on.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
setup_case 1

new_entry
type_text '家賃を滞納。'
see "typed at 80×24" "家賃を滞納。"
resize 60 20
see "a window too small says so" "端末を 80×24 以上にしてください(いま 60×20)"
see "and that typing goes on" "入力は受け付けています"
type_text '小さい窓で打った文。'
holds "what is typed while too small is kept by the autosave" drafted '家賃を滞納。小さい窓で打った文。'
send BSpace
type_text 'は'
holds "editing keys work too" drafted '家賃を滞納。小さい窓で打った文は'
resize 80 24
see "back to size, the field holds it" "家賃を滞納。小さい窓で打った文は"

# Resized while a person types, to too small and back: every key lands
# (the pauses are the pace of the typing, what is tested).
type_slowly '一二三四五六七八九十' &
typing=$!
sleep 0.4
resize 60 20
sleep 0.5
resize 80 24
wait $typing
see "typing across the resizes loses no key" "小さい窓で打った文は一二三四五六七八九"
holds "and the draft holds them all" drafted '小さい窓で打った文は一二三四五六七八九十'

# A window far too small loses nothing either, and the program lives on.
resize 20 6
type_text 'ＡＢ'
resize 80 24
see "at 20×6 too" "十ＡＢ"
holds "kept as the draft" drafted '一二三四五六七八九十ＡＢ'
resize 20 6
send PageDown
send PageUp
send Up
send F10
send Escape
resize 80 24
see "keys that move and leave, at 20×6, end nowhere harmful" "第3号様式 支援経過記録シート"

done_testing
