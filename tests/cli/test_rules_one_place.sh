#!/bin/sh
# Rules live in forms/ (issue 16): no step id, outcome label or evaluation
# interval of forms/workflow.ini stands as a C string literal of its own
# (a "meeting" that decides behaviour) in src/ or include/. Prose that
# names a step inside a longer message is not a rule.
. "$(dirname "$0")/../lib.sh"

WF="$TOP/forms/workflow.ini"
# KNOWN: files exempt while being rewritten elsewhere (none now; the demo
# generator, src/demo/, walks whatever the definition says).
KNOWN='^$'

python3 - "$TOP" "$WF" "$KNOWN" >"$T/out" <<'PY'
import glob, re, sys
top, wf, known = sys.argv[1], sys.argv[2], re.compile(sys.argv[3])
words, months = set(), []
for line in open(wf, encoding='utf-8'):
    m = re.match(r'\s*\[step\.([^\]]+)\]', line)
    if m:
        words.add(m.group(1))
    m = re.match(r'\s*outcomes\s*=\s*(.*)', line)
    if m:
        words.update(w.strip() for w in m.group(1).split('|') if w.strip())
    m = re.match(r'\s*evaluation_months\s*=\s*(.*)', line)
    if m:
        months = [w.strip() for w in m.group(1).split('|')]
        words.add('|'.join(months))
        words.add(','.join(months))
lit = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
# Words that are something else where they stand, each with why.
allowed = {
    # The definition's own language: the keys evaluation = yes and
    # follow_up = required, the condition due follow_up.
    ('src/core/wf_load.c', 'evaluation'), ('src/core/wf_load.c', 'follow_up'),
    # A column of the plan's goals table (forms/plan.ini goals.N.support),
    # which the demo's filler of 第4号様式 fills: form data, not the step.
    ('src/demo/demo.c', 'support'),
    # The case's state (cases.status = 'closed') as shown, not an outcome.
    ('src/cli/cmd_case.c', '終結'), ('src/tui/case.c', '終結'),
    # The command `meeting` (issue 19: meetings of every type), its name
    # as typed and listed, not the step.
    ('src/cli/cmd_meeting.c', 'meeting'), ('src/cli/main.c', 'meeting'),
}
comment = re.compile(r'/\*.*?\*/|//[^\n]*', re.S)
for path in sorted(glob.glob(f'{top}/src/**/*.[ch]', recursive=True) +
                   glob.glob(f'{top}/include/**/*.h', recursive=True)):
    rel = path[len(top) + 1:]
    if known.search(rel):
        continue
    text = open(path, encoding='utf-8').read()
    code = comment.sub(lambda m: '\n' * m.group(0).count('\n'), text)
    for n, line in enumerate(code.split('\n'), 1):
        for m in lit.finditer(line):
            if m.group(1) in words and (rel, m.group(1)) not in allowed:
                print(f'{rel}:{n}: "{m.group(1)}"')
    # The intervals as numbers: an array of the months.
    if months and re.search(r'\{\s*' + r'\s*,\s*'.join(months) + r'\s*\}', code):
        print(f'{rel}: the evaluation months {months}')
PY
if [ -s "$T/out" ]; then
	fail "no step id, outcome or interval of workflow.ini in the C sources" \
		"$(cat "$T/out")"
else
	pass "no step id, outcome or interval of workflow.ini in the C sources"
fi
# Issue 18: the labels of forms/households.ini (続柄, 同居・別居, 担当部局, the
# reasons, the names of the age bands of 004 図4, the verdicts of the
# 多機関協働の対象判定 and what it says when no row applies) are the file's
# alone: none stands as a C string literal of the core, the commands or the
# screens. The demo generator (src/demo/) writes made-up households in
# words of its own.
python3 - "$TOP" >"$T/out" <<'PY'
import glob, re, sys
top = sys.argv[1]
words, section = set(), None
text = open(f'{top}/forms/households.ini', encoding='utf-8').read()
for line in text.replace('\\\n', '').split('\n'):
    m = re.match(r'\s*\[([\w.]+)\]', line)
    if m:
        section = m.group(1)
        continue
    m = re.match(r'\s*([\w.]+)\s*=\s*(.*)', line)
    if not m:
        continue
    key, value = m.group(1), m.group(2).strip()
    if section == 'members' or (section == 'household' and '|' in value):
        words.update(w.strip() for w in value.split('|') if w.strip())
    if section == 'ages' and key in ('child', 'adult', 'elderly'):
        words.add(value)
    if section == 'eligibility' and key in ('verdicts', 'undecided'):
        words.update(w.strip() for w in value.split('|') if w.strip())
lit = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
comment = re.compile(r'/\*.*?\*/|//[^\n]*', re.S)
# Words that are something else where they stand, each with why.
allowed = {
    # The column 対象 of data/agencies.csv (whom an agency serves), a
    # header of that file, not the verdict 対象 of 004 図4.
    ('src/core/agencies.c', '対象'),
}
paths = [p for p in glob.glob(f'{top}/src/**/*.[ch]', recursive=True) +
         glob.glob(f'{top}/include/**/*.h', recursive=True)
         if '/src/demo/' not in p]
for path in sorted(paths):
    code = comment.sub(lambda m: '\n' * m.group(0).count('\n'),
                       open(path, encoding='utf-8').read())
    for n, line in enumerate(code.split('\n'), 1):
        for m in lit.finditer(line):
            rel = path[len(top) + 1:]
            if m.group(1) in words and (rel, m.group(1)) not in allowed:
                print(f'{rel}:{n}: "{m.group(1)}"')
if len(words) < 20:
    print(f'only {len(words)} labels read from forms/households.ini')
PY
if [ -s "$T/out" ]; then
	fail "no label of households.ini in the C sources (issue 18)" "$(cat "$T/out")"
else
	pass "no label of households.ini in the C sources (issue 18)"
fi
grep -q '^evaluation_months' "$WF" &&
	pass "the evaluation intervals are the definition's" ||
	fail "the evaluation intervals are the definition's" "no evaluation_months in $WF"
done_testing
