#!/bin/sh
# One writer per table (issue 16): every INSERT, UPDATE, DELETE and REPLACE
# of a table is written in exactly one file of the store (src/core/store_*.c,
# include/madoguchi/store.h), so that another storage engine replaces that
# layer and nothing above it. The scan reads the SQL of every C file under
# src/ as the compiler joins it (adjacent string literals, across lines and
# around macros), case aside. The schema and its migrations (data/schema.sql,
# run by src/core/db.c) are not callers and are exempt. The table of writers
# in store.h and in the README must be the one the scan finds.
. "$(dirname "$0")/../lib.sh"

# KNOWN: files that still write tables themselves while they are being
# rewritten on another branch (none now: the demo generator writes through
# the store). The test prints which tables each still writes meanwhile.
KNOWN=''

python3 - "$TOP" "$KNOWN" >"$T/out" 2>"$T/err" <<'PY'
import glob, os, re, sys

top, known = sys.argv[1], sys.argv[2].split()
EXEMPT = {'src/core/db.c'}  # the schema's migrations

WRITE = re.compile(
    r'\b(?:insert\s+(?:or\s+\w+\s+)?into|replace\s+into|delete\s+from'
    r'|update\s+(?:or\s+\w+\s+)?(?=["\']?\w+["\']?\s+set\b))\s*["\']?(\w+)',
    re.I)

def sql_texts(src):
    """The string literals of C source src, adjacent ones joined (and
    joined across a macro between them, e.g. "…'" STEP "'…")."""
    src = re.sub(r'/\*.*?\*/', ' ', src, flags=re.S)
    src = re.sub(r'//[^\n]*', ' ', src)
    tok = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'(?:[^\'\\\n]|\\.)*\'|([A-Za-z_]\w*)|(\s+)|(.)', re.S)
    out, cur, pend = [], None, []
    for m in tok.finditer(src):
        lit, ident, space = m.group(1), m.group(2), m.group(3)
        if lit is not None:
            lit = re.sub(r'\\[ntrvf]', ' ', lit)  # "\n" in SQL is a space
            cur = (cur if cur is not None else '') + ''.join(pend) + lit
            pend = []
        elif space is not None:
            continue
        elif ident is not None and cur is not None and ident.isupper():
            pend.append(' ')  # a macro inside a run of literals
        else:
            if cur is not None:
                out.append(cur)
            cur, pend = None, []
    if cur is not None:
        out.append(cur)
    return out

def writes(src):
    return {m.group(1).lower() for t in sql_texts(src) for m in WRITE.finditer(t)}

# The scanner itself, on what it must catch.
probe = r'''
static const char a[] = "insert or replace into "
	"record_freezes (x) VALUES (1)";
static const char b[] = "Update cases SET stage = '" STEP "' WHERE id = 1";
static const char c[] = "REPLACE INTO meta VALUES (1)";
static const char d[] = "INSERT INTO drafts (a) VALUES (1) ON CONFLICT (a)"
	" DO UPDATE SET a = excluded.a";
/* "DELETE FROM comment_only" */
static const char e[] = "delete\n from persons";
static const char f[] = "SELECT 1 FROM users; PRAGMA journal_mode = DELETE";
'''
got = writes(probe)
want = {'record_freezes', 'cases', 'meta', 'drafts', 'persons'}
print(('ok' if got == want else 'not ok') +
      ' 1 - the scan finds writes in any case, across lines and macros'
      + ('' if got == want else f' (found {sorted(got)})'))

found = {}  # file -> tables
for path in sorted(glob.glob(f'{top}/src/**/*.[ch]', recursive=True) +
                   glob.glob(f'{top}/include/**/*.h', recursive=True)):
    rel = os.path.relpath(path, top)
    if rel in EXEMPT:
        continue
    with open(path, encoding='utf-8') as fh:
        t = writes(fh.read())
    if t:
        found[rel] = t

def is_store(rel):
    return re.fullmatch(r'src/core/store_\w+\.c', rel) is not None

n = 1
def check(good, what, detail=''):
    global n
    n += 1
    print(('ok' if good else 'not ok') + f' {n} - {what}' +
          ('' if good or not detail else f'\n#   {detail}'))

outside = {f: t for f, t in found.items() if not is_store(f) and f not in known}
check(not outside, 'no table is written outside the store',
      '; '.join(f'{f} writes {", ".join(sorted(t))}' for f, t in outside.items()))

writer = {}
for f, t in found.items():
    if is_store(f):
        for table in t:
            writer.setdefault(table, set()).add(f)
twice = {t: fs for t, fs in writer.items() if len(fs) > 1}
check(not twice, 'every table has one store file that writes it',
      '; '.join(f'{t}: {", ".join(sorted(fs))}' for t, fs in twice.items()))
check(len(writer) >= 10, 'the scan finds the store writing the tables',
      f'only {sorted(writer)}')

# The map of writers in store.h and in the README is the scan's.
def table_map(path, pat):
    m = {}
    with open(f'{top}/{path}', encoding='utf-8') as fh:
        for line in fh:
            r = re.match(pat, line)
            if r:
                for t in re.split(r',\s*', re.sub(r'\([^)]*\)', '', r.group(2)).strip()):
                    m[t.strip()] = 'src/core/' + r.group(1)
    return m
scan = {t: sorted(fs)[0] for t, fs in writer.items()}
header = table_map('include/madoguchi/store.h', r'^ \*\s+(store_\w+\.c)\s+(.+)$')
check(header == scan, 'store.h lists each table with the file that writes it',
      f'store.h: {sorted(header.items())}; scan: {sorted(scan.items())}')
readme = table_map('README.md', r'^\|\s*`(?:src/core/)?(store_\w+\.c)`\s*\|\s*(.+?)\s*\|\s*$')
readme = {k.strip('`'): v for k, v in readme.items()}
check(readme == scan, 'the README lists each table with the file that writes it',
      f'README: {sorted(readme.items())}; scan: {sorted(scan.items())}')

for f in known:
    t = found.get(f)
    if t:
        print(f'# KNOWN exception {f} still writes: {", ".join(sorted(t))}')
print(f'1..{n}')
PY
cat "$T/out"
if [ -s "$T/err" ]; then
	sed 's/^/# /' "$T/err"
	echo "not ok - the scan ran"
fi
