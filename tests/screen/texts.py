#!/usr/bin/env python3
"""Checks on captured screens (tmux capture-pane -p) that every text is whole.

  texts.py check TOP SHOT...      each screen: the key bar whole (each entry
                                  a key and label of the program's action
                                  table, F1 and F10 among them), every hint
                                  of the program's hint strings whole, no line
                                  starting with 。、」）… (行頭禁則) or ending
                                  with 「（ (行末禁則), no time in ISO, no
                                  internal wording
  texts.py align SHOT HEADING VALUE [right]
                                  the heading and the value below it start
                                  (right: end) in the same column
  texts.py prose SHOT             a help page: no run of ASCII letters,
                                  digits and signs split across two lines
                                  (R6 / .4.1)

Prints one line per fault and exits 1 when there is any.
"""
import glob
import re
import sys
import unicodedata

AMBIGUOUS_WIDE = False


def width(s):
    w = 0
    for c in s:
        if unicodedata.combining(c):
            continue
        eaw = unicodedata.east_asian_width(c)
        w += 2 if eaw in "WF" or (AMBIGUOUS_WIDE and eaw == "A") else 1
    return w


def column_of(line, idx):
    """The display column of line[idx]."""
    return width(line[:idx])


# 禁則, as src/core/display.c has them (JIS X 4051).
NO_START = set("。、，．」』）)］]】〕〉》｝}！？!?ー・：；:;…‥々ゝゞヽヾ"
               "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ〜～")
NO_END = set("「『（(［[【〔〈《｛{")

KEY = r"(?:Enter|Esc|Space|Tab|Ctrl-[A-Z]|F\d{1,2})"


def c_literals(top):
    """Every string literal of the screens' sources."""
    lits = []
    for path in sorted(glob.glob(top + "/src/tui/*.[ch]")):
        text = open(path, encoding="utf-8").read()
        for m in re.finditer(r'"((?:[^"\\\n]|\\.)*)"', text):
            lits.append(m.group(1))
    return lits


def actions(top):
    """(key, label) of every row of UI_ACTION_LIST:
    X(name, key, alt, who, label, help)."""
    text = open(top + "/src/tui/ui.h", encoding="utf-8").read()
    return re.findall(r'X\(ACT_\w+,\s*"([^"]*)",\s*"[^"]*",\s*\w+,\s*"([^"]*)"', text)


def hint_items(lits):
    """The items of the program's hints: each literal that names a key
    ("Enter: 決定  Esc: やめる") split where two spaces part them."""
    items = set()
    for lit in lits:
        if "%" in lit or not re.search(KEY + ": ", lit):
            continue
        for item in re.split(r"\s{2,}", lit.strip()):
            if len(item) >= 4:
                items.add(item)
    return items


def check_keybar(line, acts, bars):
    bar = line.strip()
    if bar in bars or not bar:
        return None  # the help page's own bar; none (the idle lock)
    entries = sorted((k + l for k, l in acts), key=len, reverse=True)
    pos, seen = 0, []
    while pos < len(bar):
        if bar[pos] == " ":
            pos += 1
            continue
        for e in entries:
            if bar.startswith(e, pos):
                seen.append(e)
                pos += len(e)
                break
        else:
            return "key bar cut at «%s»: %s" % (bar[pos:], bar)
    if "F1ヘルプ" not in seen or "F10戻る" not in seen:
        return "key bar without F1 or F10: %s" % bar
    return None


def check(top, shots):
    lits = c_literals(top)
    acts = actions(top)
    items = hint_items(lits)
    # Where an item shows, it must be whole: found by its key and colon
    # ("Enter: "), or by its first characters when it names no key.
    prefixes = {}
    for item in items:
        m = re.match(KEY + ": ", item)
        prefixes.setdefault(m.group(0) if m else item[:6], []).append(item)
    # Bars other than the key bar (the help page's): literals as drawn.
    bars = {lit.strip() for lit in lits if "閉じる" in lit and ":" in lit}
    faults = []
    for shot in shots:
        lines = open(shot, encoding="utf-8").read().rstrip("\n").split("\n")
        name = shot.rsplit("/", 1)[-1]
        last = lines[-1] if lines else ""
        fault = check_keybar(last, acts, bars)
        if fault:
            faults.append("%s: %s" % (name, fault))
        for n, line in enumerate(lines):
            text = line.strip()
            where = "%s:%d: %s" % (name, n + 1, text)
            if text and text[0] in NO_START:
                faults.append("%s: starts with «%s» (行頭禁則)" % (where, text[0]))
            if text and text[-1] in NO_END:
                faults.append("%s: ends with «%s» (行末禁則)" % (where, text[-1]))
            if re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d", text):
                faults.append("%s: a time in ISO, not 和暦" % where)
            if "暫定の項目" in text:
                faults.append("%s: internal wording" % where)
            if "今行えます(この役割では" in text:
                faults.append("%s: says both open and not" % where)
            for prefix, whole in prefixes.items():
                start = 0
                while True:
                    i = line.find(prefix, start)
                    if i < 0:
                        break
                    if not any(line.startswith(w, i) for w in whole):
                        faults.append("%s: hint cut: «%s» is none of %s"
                                      % (where, line[i:].rstrip(), whole))
                    start = i + 1
            if "…" in line and re.search(KEY + ": ", line) and \
                    any(line.find(w) >= 0 for w in items):
                faults.append("%s: «…» on a line of hints" % where)
    return faults


def align(shot, heading, value, right=False):
    """The heading's row, then the first row below it with value as a word
    of its own: the two start (right: end) in the same column."""
    lines = open(shot, encoding="utf-8").read().split("\n")
    word = re.compile(r"(?<!\S)" + re.escape(value) + (r"(?!\S)" if right else ""))
    head = re.compile(r"(?<!\S)" + re.escape(heading) + r"(?!\S)")
    name = shot.rsplit("/", 1)[-1]
    for n, h in enumerate(lines):
        hm = head.search(h)
        if not hm or value in h:
            continue
        hcol = column_of(h, hm.start()) + (width(heading) if right else 0)
        for v in lines[n + 1:]:
            m = word.search(v)
            if not m:
                continue
            vcol = column_of(v, m.start()) + (width(value) if right else 0)
            if vcol != hcol:
                return ["%s: heading «%s» %s at column %d, «%s» at %d"
                        % (name, heading, "ends" if right else "starts",
                           hcol, value, vcol)]
            return []
        return ["%s: no «%s» under «%s»" % (name, value, heading)]
    return ["%s: no heading «%s»" % (name, heading)]


def prose(shot):
    lines = open(shot, encoding="utf-8").read().split("\n")
    faults = []
    ascii_sign = re.compile(r"[!-~]")
    for a, b in zip(lines, lines[1:]):
        ea, sb = a.rstrip(), b.lstrip()
        # Only a line the wrap broke: it fills the page (76 columns at 2).
        if not ea or not sb or width(ea) < 70:
            continue
        if ascii_sign.match(ea[-1]) and ascii_sign.match(sb[0]):
            faults.append("%s: «%s» / «%s» split across lines"
                          % (shot.rsplit("/", 1)[-1], ea[-8:], sb[:8]))
    return faults


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    if argv[1] == "check":
        faults = check(argv[2], argv[3:])
    elif argv[1] == "align":
        faults = align(argv[2], argv[3], argv[4],
                       len(argv) > 5 and argv[5] == "right")
    elif argv[1] == "prose":
        faults = []
        for shot in argv[2:]:
            faults += prose(shot)
    else:
        print(__doc__)
        return 2
    for f in faults:
        print(f)
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
