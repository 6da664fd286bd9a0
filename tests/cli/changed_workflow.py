#!/usr/bin/env python3
"""A changed copy of the shipped definitions, for the demo generator's test
with any workflow (tests/cli/test_demo_any_workflow.sh).

    changed_workflow.py TOP DEST

copies TOP/forms and TOP/data to DEST and changes forms/workflow.ini the way
a municipality might: every step id and every outcome label renamed (the
options of the fields that hold the outcomes with them), other evaluation
intervals, an optional step dropped (plan_change), an extra step on the main
line that the next step needs, and a required field the generator's
realistic fillers do not know (on the assessment's form); forms/counts.ini,
which names steps and outcomes in its conditions, follows the renaming as a
municipality's would. The result must still load (`madoguchi forms check`).
"""
import os
import re
import shutil
import sys

top, dest = sys.argv[1], sys.argv[2]
for sub in ('forms', 'data'):
    shutil.copytree(os.path.join(top, sub), os.path.join(dest, sub))
forms = os.path.join(dest, 'forms')


def logical_lines(text):
    """The file's lines with continuations (a trailing backslash) joined."""
    return text.replace('\\\n', '').split('\n')


def sections(lines):
    """[(header, [lines])] in order; the lines before the first header
    under the header None."""
    out = [(None, [])]
    for line in lines:
        if line.startswith('['):
            out.append((line.strip(), []))
        else:
            out[-1][1].append(line)
    return out


def join(secs):
    text = []
    for header, body in secs:
        if header is not None:
            text.append(header)
        text.extend(body)
    return '\n'.join(text)


path = os.path.join(forms, 'workflow.ini')
with open(path, encoding='utf-8') as f:
    secs = sections(logical_lines(f.read()))

# The steps and outcome labels, as the definition lists them.
steps, labels = [], set()
for header, body in secs:
    m = re.match(r'\[step\.([^\]]+)\]$', header or '')
    if m:
        steps.append(m.group(1))
        for line in body:
            k = re.match(r'outcomes\s*=\s*(.*)$', line)
            if k:
                labels.update(x.strip() for x in k.group(1).split('|'))

DROP = 'plan_change'
new_id = {s: 'w%02d_%s' % (i + 1, s[::-1]) for i, s in enumerate(steps)}
new_label = {l: '新・' + l for l in labels}
EXTRA = 'w99_extra'


def rename_need(value):
    value = re.sub(r'\b(done|outcome)\s+([A-Za-z0-9_]+)',
                   lambda m: m.group(1) + ' ' + new_id.get(m.group(2), m.group(2)),
                   value)
    # outcome STEP = LABEL: the label up to the next & or | (or the end).
    return re.sub(r'(outcome\s+\S+\s*=\s*)([^&|]+?)(\s*(?:[&|]|$))',
                  lambda m: m.group(1) + new_label.get(m.group(2).strip(),
                                                       m.group(2)) + m.group(3),
                  value)


def rename_list(value, table):
    return '|'.join(table.get(x.strip(), x.strip()) for x in value.split('|'))


out = []
for header, body in secs:
    m = re.match(r'\[(step|outcome)\.([^.\]]+)(?:\.([^\]]+))?\]$', header or '')
    if m and m.group(2) == DROP:
        continue
    if m and m.group(1) == 'step':
        header = '[step.%s]' % new_id[m.group(2)]
    elif m:
        header = '[outcome.%s.%s]' % (new_id[m.group(2)],
                                       new_label.get(m.group(3), m.group(3)))
    lines = []
    for line in body:
        k = re.match(r'(\s*)([a-z_.0-9]+)(\s*=\s*)(.*)$', line)
        if not k or line.lstrip().startswith(';'):
            lines.append(line)
            continue
        key, value = k.group(2), k.group(4)
        if key.startswith('need.'):
            value = rename_need(value)
        elif key == 'outcomes':
            value = rename_list(value, new_label)
        elif key == 'back_to':
            value = new_id[value.strip()]
        elif key == 'change_by':
            ids = [x.strip() for x in value.split('|') if x.strip() != DROP]
            value = ' | '.join(new_id[x] for x in ids)
        elif key == 'evaluation_months':
            value = '2|5|9|14'
        lines.append(k.group(1) + key + k.group(3) + value)
    out.append((header, lines))

# An extra step on the main line: after the assessment, and the screening
# needs it.
assessment, screening = new_id['assessment'], new_id['screening']
extra = ['label = 家庭訪問',
         'roles = consultant|chief|employment',
         'outcomes = 訪問した|会えなかった',
         'need.1 = done %s' % assessment,
         'why.1 = 家庭訪問はアセスメントのあとに行います',
         'help = 本人の暮らしの場を訪ねて状況を確かめます',
         '']
extra_outcome = ['reason = required', '']
final = []
for header, body in out:
    if header == '[step.%s]' % screening:
        final.append(('[step.%s]' % EXTRA, extra))
        final.append(('[outcome.%s.会えなかった]' % EXTRA, extra_outcome))
        needs = [int(n) for n in re.findall(r'^need\.(\d+)', '\n'.join(body), re.M)]
        n = max(needs) + 1
        at = next(i for i, l in enumerate(body) if l.startswith('help'))
        body = body[:at] + ['need.%d = done %s' % (n, EXTRA),
                            'why.%d = スクリーニングの前に家庭訪問を記録してください' % n] + body[at:]
    final.append((header, body))
with open(path, 'w', encoding='utf-8') as f:
    f.write(join(final))

# The options that hold outcome labels follow them; a new required field on
# the assessment's form.
for name in sorted(os.listdir(forms)):
    if not name.endswith('.ini') or name == 'workflow.ini':
        continue
    p = os.path.join(forms, name)
    with open(p, encoding='utf-8') as f:
        lines = logical_lines(f.read())
    for i, line in enumerate(lines):
        k = re.match(r'(options\s*=\s*)(.*)$', line)
        if k:
            opts = [x.strip() for x in k.group(2).split('|')]
            if any(o in new_label for o in opts):
                lines[i] = k.group(1) + '|'.join(new_label.get(o, o) for o in opts)
    if name == 'intake.ini':
        lines += ['', '[field.w_extra_view]', 'section = 実施',
                  'label = 訪問前の見立て', 'type = textarea', 'required = yes',
                  'source = P', 'help = 変更した定義の試験用の項目', '']
    with open(p, 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines))

# The counts name steps and outcomes (step = A|B, outcome = X): renamed with
# them; reopen is the engine's own.


def rename_terms(value):
    def one(m):
        table = new_id if m.group(1) == 'step' else new_label
        opts = [table.get(x.strip(), x.strip()) for x in m.group(3).split('|')]
        return m.group(1) + m.group(2) + '|'.join(opts)
    return re.sub(r'\b(step|outcome)(\s*!?=\s*)(.+?)(?=\s*(?:&|\s+or\s+|$))',
                  one, value)


p = os.path.join(forms, 'counts.ini')
with open(p, encoding='utf-8') as f:
    lines = logical_lines(f.read())
for i, line in enumerate(lines):
    k = re.match(r'((?:col|line)\.[0-9]+\s*=\s*[^:]*:|where\s*=)(.*)$', line)
    if k:
        lines[i] = k.group(1) + rename_terms(k.group(2))
with open(p, 'w', encoding='utf-8') as f:
    f.write('\n'.join(lines))
