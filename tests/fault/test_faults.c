/* Issue 8: an I/O fault, a full disk or a failed allocation loses nothing.
 * Each operation runs again and again with the Nth read, write, sync, lock
 * or allocation failing, until it runs through without a fault; after each
 * failure the message is Japanese and names the fault, the database is whole
 * and holds the operation wholly or not at all (also as a crash right then
 * would leave it), what was typed is in hand, and the same call succeeds
 * once the faults stop. */
#include "../unit/helpers.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>

#include "faultvfs.h"
#include "madoguchi/agencies.h"
#include "madoguchi/drafts.h"
#include "madoguchi/export.h"
#include "madoguchi/records.h"
#include "madoguchi/text.h"
#include "madoguchi/workflow.h"

#ifdef __SANITIZE_ADDRESS__
/*
 * SQLite allocates at every turn, and AddressSanitizer's allocator is most
 * of this build's time: keep fewer frames of where memory was allocated
 * (the report's own stack stays whole) and a smaller quarantine, still far
 * larger than what one attempt frees. ASAN_OPTIONS can say otherwise.
 */
const char *__asan_default_options(void);
const char *
__asan_default_options(void)
{
	return "malloc_context_size=5:quarantine_size_mb=32";
}
#endif

/*
 * What every attempt starts from: a database made once (template.db), and
 * for each operation that database with what the caller did before the call
 * (start-N.db), copied into the folder w/ each time.
 */
static struct md_forms *forms;
static struct md_workflow *wf;
static struct md_config cfg;
static struct md_user actor;
static long long case_saved, case_taken;

/* A whole file, read into memory; NULL data when it does not exist. */
struct file {
	char *data;
	size_t len;
};

static struct file
file_read(const char *path)
{
	struct file f = {NULL, 0};
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return f;
	struct stat sb;
	if (fstat(fd, &sb) != 0)
		fail_msg("fstat %s", path);
	f.len = (size_t)sb.st_size;
	f.data = malloc(f.len + 1);
	assert_non_null(f.data);
	if (read(fd, f.data, f.len) != (ssize_t)f.len)
		fail_msg("read %s", path);
	f.data[f.len] = '\0';
	close(fd);
	return f;
}

static bool
file_equal(const struct file *a, const struct file *b)
{
	if (!a->data || !b->data)
		return !a->data && !b->data;
	return a->len == b->len && !memcmp(a->data, b->data, a->len);
}

static void
file_write(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, data, len) != (ssize_t)len)
		fail_msg("write %s: %s", path, strerror(errno));
	close(fd);
}

static void
file_copy(const char *from, const char *to)
{
	struct file f = file_read(from);
	if (!f.data)
		fail_msg("no %s", from);
	file_write(to, f.data, f.len);
	free(f.data);
}

/*
 * A second connection to a database file, beside the program's, and the
 * statements it looks with, prepared once: an attempt looks at its database
 * twice (after the failure, after the retry) through one checker, as
 * preparing is most of what a look costs.
 */
struct checker {
	sqlite3 *h;
	char *path; /* for messages */
	sqlite3_stmt *verdict;
	size_t ntables;
	char **names;
	sqlite3_stmt **tables; /* SELECT * FROM each table */
};

/* Open a checker on path; a crash copy is opened for writing, so that its
 * WAL is recovered as the next start after a crash would. */
static void
checker_open(struct checker *c, const char *path, bool writable)
{
	memset(c, 0, sizeof *c);
	c->path = strdup(path);
	assert_non_null(c->path);
	sqlite3_stmt *list;
	if (sqlite3_open_v2(path, &c->h,
			    writable ? SQLITE_OPEN_READWRITE
				     : SQLITE_OPEN_READONLY,
			    NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(c->h,
			       "SELECT (SELECT group_concat(integrity_check, '; ')"
			       "  FROM pragma_integrity_check),"
			       " (SELECT count(*) FROM pragma_foreign_key_check),"
			       " (SELECT application_id FROM pragma_application_id),"
			       " (SELECT user_version FROM pragma_user_version)",
			       -1, &c->verdict, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(c->h,
			       "SELECT name FROM sqlite_master WHERE type = 'table'"
			       " AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
			       -1, &list, NULL) != SQLITE_OK)
		fail_msg("check %s: %s", path, sqlite3_errmsg(c->h));
	while (sqlite3_step(list) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(list, 0);
		c->names = realloc(c->names,
				   (c->ntables + 1) * sizeof *c->names);
		c->tables = realloc(c->tables,
				    (c->ntables + 1) * sizeof *c->tables);
		assert_true(c->names && c->tables);
		c->names[c->ntables] = strdup(name);
		char *sql = sqlite3_mprintf("SELECT * FROM \"%w\"", name);
		if (sqlite3_prepare_v2(c->h, sql, -1, &c->tables[c->ntables],
				       NULL) != SQLITE_OK)
			fail_msg("check %s: %s", path, sqlite3_errmsg(c->h));
		sqlite3_free(sql);
		c->ntables++;
	}
	sqlite3_finalize(list);
}

static void
checker_close(struct checker *c)
{
	if (!c->h)
		return;
	for (size_t i = 0; i < c->ntables; i++) {
		sqlite3_finalize(c->tables[i]);
		free(c->names[i]);
	}
	free(c->tables);
	free(c->names);
	sqlite3_finalize(c->verdict);
	sqlite3_close(c->h);
	free(c->path);
	memset(c, 0, sizeof *c);
}

/*
 * Is the database whole, as `madoguchi check` asks (integrity, references,
 * the schema's version), and what does it hold: the contents of every
 * table, one line each ("name hash"). Two databases with the same lines
 * hold the same rows, and the lines that differ name the tables. Tables are
 * read in their own order (rowid or primary key), so the same rows always
 * read the same way. Full-text indexes count through their own tables (the
 * virtual ones need the core's tokenizers).
 */
static char *
checker_look(struct checker *c)
{
	sqlite3_stmt *st = c->verdict;
	if (sqlite3_step(st) != SQLITE_ROW)
		fail_msg("check %s: %s", c->path, sqlite3_errmsg(c->h));
	const char *verdict = (const char *)sqlite3_column_text(st, 0);
	if (!verdict || strcmp(verdict, "ok") != 0)
		fail_msg("%s: integrity_check says %s", c->path,
			 verdict ? verdict : "nothing");
	if (sqlite3_column_int(st, 1) != 0)
		fail_msg("%s: foreign_key_check finds %d rows", c->path,
			 sqlite3_column_int(st, 1));
	if (sqlite3_column_int(st, 2) != MD_APPLICATION_ID ||
	    sqlite3_column_int(st, 3) != md_db_schema_latest())
		fail_msg("%s: application id %d, version %d", c->path,
			 sqlite3_column_int(st, 2), sqlite3_column_int(st, 3));
	sqlite3_reset(st);
	struct md_buf out;
	md_buf_init(&out);
	for (size_t t = 0; t < c->ntables; t++) {
		sqlite3_stmt *rows = c->tables[t];
		uint64_t x = 14695981039346656037ull;
		int rc;
		while ((rc = sqlite3_step(rows)) == SQLITE_ROW) {
			for (int col = 0; col < sqlite3_column_count(rows);
			     col++) {
				unsigned char head[1 + sizeof(int)];
				head[0] = (unsigned char)
					sqlite3_column_type(rows, col);
				const unsigned char
					*v = sqlite3_column_blob(rows, col);
				int n = sqlite3_column_bytes(rows, col);
				memcpy(head + 1, &n, sizeof n);
				for (size_t i = 0; i < sizeof head; i++)
					x = (x ^ head[i]) * 1099511628211ull;
				for (int i = 0; v && i < n; i++)
					x = (x ^ v[i]) * 1099511628211ull;
			}
		}
		if (rc != SQLITE_DONE)
			fail_msg("check %s, %s: %s", c->path, c->names[t],
				 sqlite3_errmsg(c->h));
		sqlite3_reset(rows);
		md_buf_addf(&out, "%s %016llx\n", c->names[t],
			    (unsigned long long)x);
	}
	assert_true(md_buf_ok(&out));
	return md_buf_take(&out);
}

/* One look at a file through a checker of its own. */
static char *
check_file(const char *path, bool writable)
{
	struct checker c;
	checker_open(&c, path, writable);
	char *fp = checker_look(&c);
	checker_close(&c);
	return fp;
}

/* The tables whose lines differ between two fingerprints. */
static void
tables_differing(const char *a, const char *b, char *out, size_t size)
{
	out[0] = '\0';
	while (*a && *b) {
		const char *ea = strchr(a, '\n'), *eb = strchr(b, '\n');
		if (ea - a != eb - b || memcmp(a, b, (size_t)(ea - a))) {
			size_t len = strlen(out);
			snprintf(out + len, size - len, "%s%.*s",
				 len ? ", " : "", (int)strcspn(a, " "), a);
		}
		a = ea + 1;
		b = eb + 1;
	}
}

/* Any file in the folder that is none of these: a temporary file left
 * behind (someone's life, on disk, under a name nobody knows). */
static void
assert_no_strays(void)
{
	static const char *const known[] = {
		".",           "..",       "work.db",  "work.db-wal",
		"work.db-shm", "form.csv", "list.csv", "backup.db",
	};
	DIR *d = opendir(th_path("w"));
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		bool ok = false;
		for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
			ok = ok || !strcmp(e->d_name, known[i]);
		if (!ok)
			fail_msg("a file was left behind: %s", e->d_name);
	}
	closedir(d);
}

/* Whether s holds a Japanese character (kana or kanji). */
static bool
has_japanese(const char *s)
{
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		uint32_t cp = 0;
		size_t n = md_utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			return false;
		if ((cp >= 0x3041 && cp <= 0x30FF) ||
		    (cp >= 0x4E00 && cp <= 0x9FFF))
			return true;
		i += n;
	}
	return false;
}

/*
 * The message a consultant reads: non-empty, Japanese before SQLite's own
 * words, and naming the fault as such (a full disk as a full disk, memory as
 * memory, a broken disk as reading or writing failing).
 */
static void
assert_message(const char *what, enum fault_kind kind, bool full,
	       enum md_status rc, const struct md_err *err)
{
	if (err->status != rc)
		fail_msg("%s: returned %s but the message is for %s", what,
			 md_status_name(rc), md_status_name(err->status));
	if (!md_utf8_valid(err->msg, strlen(err->msg)))
		fail_msg("%s: the message is not UTF-8", what);
	char own[MD_ERR_MSG_MAX];
	snprintf(own, sizeof own, "%s", err->msg);
	char *sqlite_words = strstr(own, "(SQLite:");
	if (sqlite_words)
		*sqlite_words = '\0';
	if (!has_japanese(own))
		fail_msg("%s: no Japanese message: 「%s」", what, err->msg);
	bool nomem = kind == FAULT_NOMEM || kind == FAULT_NOMEM_CORE;
	enum md_status want = full    ? MD_ERR_FULL
			      : nomem ? MD_ERR_NOMEM
				      : MD_ERR_IO;
	const char *phrase = full ? "空き容量" : nomem ? "メモリ" : "読み";
	bool named = strstr(own, phrase) ||
		     (want == MD_ERR_IO &&
		      (strstr(own, "書き込") || strstr(own, "書き")));
	if (rc != want || !named)
		fail_msg("%s: a %s fault%s reported as %s: 「%s」", what,
			 fault_kind_name(kind), full ? " (disk full)" : "",
			 md_status_name(rc), err->msg);
}

/* ---- The operations. */

/* One attempt: the program's handle, what the caller holds, and a look at
 * the database beside the program. */
struct run {
	struct md_db *db;
	struct checker check;
	struct md_record rec;   /* save: the form being saved */
	struct md_values typed; /* save: what was typed, as typed */
	bool saved;
};

struct op {
	const char *name;
	const char *brief; /* in the counts printed at the end */
	/* What the caller did before the call, once, on an open database: what
	 * it writes goes into start-N.db, what it holds into statics. */
	void (*prepare)(struct md_db *db);
	/* Hand an attempt what the caller holds (a copy of what prepare kept). */
	void (*hold)(struct run *r);
	enum md_status (*call)(struct run *r, struct md_err *err);
	/* After a failed call: what the caller holds is as it was. */
	void (*kept)(struct run *r);
	/* The file beside the database (in w/): old, new, or neither. */
	const char *file;
	bool file_is_db;
};

static const char *const typed_values[] = {
	"wishes",
	"家賃を三か月滞納しており、大家さんから退去を求められている。仕事を探しながら住まいを確保したい。"
	"子どもの学校は変えたくないとのこと。次回は家計表を持参。",
	"address",
	"東京都港区芝公園1-5-25 みなとハイツ203",
	"phone_home",
	"03-1234-5678",
	"visitor_name",
	"田中 花子",
	NULL,
};

/* The form as opened, with the typing in it: what every save attempt holds. */
static struct md_record typed_rec;

static void
save_prepare(struct md_db *db)
{
	struct md_err err;
	th_assert_ok(md_record_open(db, &actor, forms, case_saved, "reception",
				    MD_SEQ_LATEST, &typed_rec, &err),
		     &err);
	for (const char *const *kv = typed_values; *kv; kv += 2)
		md_values_set(&typed_rec.values, kv[0], kv[1], NULL);
	/* The screens' autosave: the typing is in the database as a draft. */
	th_assert_ok(md_draft_save(db, &actor, case_saved, "reception",
				   typed_rec.seq, typed_rec.revision,
				   &typed_rec.values, "wishes", &err),
		     &err);
}

static void
save_hold(struct run *r)
{
	struct md_err err;
	r->rec = typed_rec;
	r->rec.updated_at = md_strdup(typed_rec.updated_at);
	r->rec.updated_by = md_strdup(typed_rec.updated_by);
	r->rec.frozen = md_strdup(typed_rec.frozen);
	md_values_init(&r->rec.values);
	assert_true(r->rec.updated_at && r->rec.updated_by && r->rec.frozen);
	th_assert_ok(md_values_copy(&r->rec.values, &typed_rec.values, &err),
		     &err);
	th_assert_ok(md_values_copy(&r->typed, &typed_rec.values, &err), &err);
}

static enum md_status
save_call(struct run *r, struct md_err *err)
{
	r->saved = false;
	enum md_status rc = md_record_save(r->db, &actor, &r->rec, 0, &r->saved,
					   NULL, err);
	if (rc == MD_OK && !r->saved)
		fail_msg("the save said nothing changed");
	return rc;
}

/* The open form as typed, and the draft as typed, read back through the
 * program's own handle as the screen would. */
static void
save_kept(struct run *r)
{
	struct md_err err;
	struct md_draft d;
	bool found;
	if (!md_values_equal(&r->rec.values, &r->typed))
		fail_msg("a failed save changed what was typed");
	assert_false(r->saved);
	assert_int_equal(r->rec.revision, 1);
	th_assert_ok(md_draft_load(r->db, &actor, case_saved, "reception",
				   r->rec.seq, &d, &found, &err),
		     &err);
	if (!found || !md_values_equal(&d.values, &r->typed))
		fail_msg("a failed save lost the draft");
	md_draft_fini(&d);
}

static enum md_status
take_call(struct run *r, struct md_err *err)
{
	struct md_take t = {.outcome = "他制度・他機関へつなぐ",
			    .agency = "地域包括支援センター"};
	return md_workflow_take(r->db, &actor, wf, forms, case_taken, "triage",
				&t, err);
}

static enum md_status
export_form_call(struct run *r, struct md_err *err)
{
	struct md_export_options o = {.encoding = MD_CSV_CP932,
				      .force = true,
				      .office = "港区自立相談支援窓口"};
	return md_export_form(r->db, &actor, forms, case_saved, "reception",
			      MD_SEQ_LATEST, th_path("w/form.csv"), &o, err);
}

static enum md_status
export_list_call(struct run *r, struct md_err *err)
{
	struct md_export_options o = {.encoding = MD_CSV_UTF8_BOM,
				      .stage_label = md_workflow_stage_label,
				      .stage_ctx = wf};
	return md_export_caselist(r->db, &actor, th_path("w/list.csv"), &o,
				  err);
}

static enum md_status
backup_call(struct run *r, struct md_err *err)
{
	return md_db_backup(r->db, th_path("w/backup.db"), false, err);
}

static const struct op ops[] = {
	{"save a form", "save", save_prepare, save_hold, save_call, save_kept,
	 NULL, false},
	{"take a step", "step", NULL, NULL, take_call, NULL, NULL, false},
	{"export a form", "export form", NULL, NULL, export_form_call, NULL,
	 "form.csv", false},
	{"export the case list", "export list", NULL, NULL, export_list_call,
	 NULL, "list.csv", false},
	{"back up", "backup", NULL, NULL, backup_call, NULL, "backup.db", true},
};
#define NOPS (sizeof ops / sizeof ops[0])

/* A form export replaces an older print (force); the others start with
 * no file. */
static const char old_print[] = "古い印刷\r\n";

/*
 * The kinds, in the order they run: each call an I/O error once, or a full
 * disk that stays full; then each allocator's allocations.
 */
/* clang-format off */
static const struct kind {
	enum fault_kind kind;
	bool full;
	const char *label; /* in the counts printed at the end */
} kinds[] = {
	{FAULT_READ, false, "read"},   {FAULT_READ, true, "read (disk full)"},
	{FAULT_WRITE, false, "write"}, {FAULT_WRITE, true, "write (disk full)"},
	{FAULT_SYNC, false, "sync"},   {FAULT_SYNC, true, "sync (disk full)"},
	{FAULT_LOCK, false, "lock"},   {FAULT_LOCK, true, "lock (disk full)"},
	{FAULT_NOMEM, false, "memory (SQLite)"},
	{FAULT_NOMEM_CORE, false, "memory (core)"},
};
/* clang-format on */
#define NKINDS (sizeof kinds / sizeof kinds[0])

/* Faults injected and attempts made, by operation and kind. */
static long injected_by[NOPS][NKINDS], attempts_by[NOPS][NKINDS];

/* ---- One attempt. */

/* The state of the world: the database, and the file beside it (a backup
 * as its fingerprint). */
struct state {
	char *db;
	struct file file;
};

static void
state_read(const struct op *op, struct checker *c, struct state *s)
{
	char name[64];
	if (!c->h)
		checker_open(c, th_path("w/work.db"), false);
	s->db = checker_look(c);
	s->file.data = NULL;
	s->file.len = 0;
	struct stat sb;
	if (!op->file)
		return;
	snprintf(name, sizeof name, "w/%s", op->file);
	if (!op->file_is_db) {
		s->file = file_read(th_path(name));
	} else if (stat(th_path(name), &sb) == 0) {
		/* A backup is a database as whole as its source. */
		char *fp = check_file(th_path(name), false);
		s->file.data = strdup(fp);
		s->file.len = strlen(fp);
		md_free(fp);
	}
}

static void
state_fini(struct state *s)
{
	md_free(s->db);
	s->db = NULL;
	free(s->file.data);
	s->file.data = NULL;
}

/* What each operation leaves when it runs through, and what it starts from. */
static struct state before[NOPS], after[NOPS];

enum outcome {
	NOT_DONE,
	DONE
};

/* The attempt under way, for the teardown of a test that failed in it. */
static struct run current;

/* Not done or wholly done; anything between fails the test. what says the
 * attempt and what the call reported. */
static enum outcome
outcome_of(size_t i, struct run *r, const char *what)
{
	struct state s;
	state_read(&ops[i], &r->check, &s);
	bool db_before = !strcmp(s.db, before[i].db);
	bool db_after = !strcmp(s.db, after[i].db);
	bool file_before = file_equal(&s.file, &before[i].file);
	bool file_after = file_equal(&s.file, &after[i].file);
	char tb[512], ta[512];
	tables_differing(s.db, before[i].db, tb, sizeof tb);
	tables_differing(s.db, after[i].db, ta, sizeof ta);
	state_fini(&s);
	assert_no_strays();
	if (db_before && file_before)
		return NOT_DONE;
	if (db_after && file_after)
		return DONE;
	if (getenv("FAULT_KEEP"))
		file_copy(th_path("w/work.db"), getenv("FAULT_KEEP"));
	fail_msg("%s: half done: the database is %s (differs from before in %s;"
		 " from after in %s), the file is %s",
		 what,
		 db_before  ? "as before"
		 : db_after ? "as after"
			    : "neither",
		 tb, ta,
		 file_before  ? "as before"
		 : file_after ? "as after"
			      : "neither");
	return NOT_DONE;
}

/* Crash copies checked, and those that held the operation done, by
 * operation and kind. */
static long crash_checked, crash_done[NOPS][NKINDS];

/*
 * As if the program died right after the failure, before it wrote anything
 * else: the database and its WAL as they are now (not the WAL index, which
 * a crash takes with it), opened as the next start would. Whole, and the
 * operation wholly there or not at all. Done is possible, and counted:
 * after a COMMIT whose sync failed, SQLite cannot know whether the WAL's
 * frames reached the disk, and recovery keeps them when they did. (For an
 * export, done there is an audited print whose file was not put in place:
 * the safe side, as csv_place says in src/core/export.c.)
 */
static void
crash_check(size_t i, size_t k, const char *what)
{
	static const char *const files[] = {"work.db", "work.db-wal",
					    "work.db-shm"};
	char from[64], to[64];
	for (size_t n = 0; n < 2; n++) {
		snprintf(from, sizeof from, "w/%s", files[n]);
		snprintf(to, sizeof to, "crash/%s", files[n]);
		struct file f = file_read(th_path(from));
		if (f.data)
			file_write(th_path(to), f.data, f.len);
		free(f.data);
	}
	char *fp = check_file(th_path("crash/work.db"), true);
	bool db_before = !strcmp(fp, before[i].db);
	bool db_after = !strcmp(fp, after[i].db);
	char tb[512];
	tables_differing(fp, before[i].db, tb, sizeof tb);
	md_free(fp);
	for (size_t n = 0; n < 3; n++) {
		snprintf(to, sizeof to, "crash/%s", files[n]);
		unlink(th_path(to));
	}
	if (!db_before && !db_after)
		fail_msg("%s: after a crash then, half done (differs from before"
			 " in %s)",
			 what, tb);
	crash_checked++;
	crash_done[i][k] += !db_before;
}

/*
 * Whether to check a crash copy after a failure of this kind: always after
 * a disk's, whose traces on disk are what it checks; after memory's only
 * in the plain build. Under AddressSanitizer, which looks at what the
 * program's fault paths do in memory, they would add half again to its
 * time (each build must run in about a minute on a shared two-core
 * machine).
 */
static bool
crash_copies(const struct kind *kd)
{
#ifdef __SANITIZE_ADDRESS__
	return kd->kind != FAULT_NOMEM && kd->kind != FAULT_NOMEM_CORE;
#else
	(void)kd;
	return true;
#endif
}

/* Everything as it was: the folder w/ holds the operation's start alone
 * (and the old print a form export replaces). */
static void
restore(size_t i)
{
	char start[32];
	DIR *d = opendir(th_path("w"));
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		char name[300];
		snprintf(name, sizeof name, "w/%s", e->d_name);
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			unlink(th_path(name));
	}
	closedir(d);
	snprintf(start, sizeof start, "start-%zu.db", i);
	file_copy(th_path(start), th_path("w/work.db"));
	if (ops[i].call == export_form_call)
		file_write(th_path("w/form.csv"), old_print,
			   sizeof old_print - 1);
}

static struct md_db *
db_open(void)
{
	struct md_db *db;
	struct md_err err;
	th_assert_ok(md_db_open(th_path("w/work.db"), 0, &db, &err), &err);
	return db;
}

/* Fresh files, a handle with nothing in its cache (so that the call itself
 * reads what it needs), and what the caller holds. */
static void
run_start(size_t i, struct run *r)
{
	memset(r, 0, sizeof *r);
	md_values_init(&r->rec.values);
	md_values_init(&r->typed);
	restore(i);
	r->db = db_open();
	if (ops[i].hold)
		ops[i].hold(r);
}

static void
run_end(struct run *r)
{
	fault_disarm();
	md_db_close(&r->db);
	checker_close(&r->check);
	md_record_fini(&r->rec);
	md_values_fini(&r->typed);
}

/* The clean run: what the operation starts from and leaves. */
static void
baseline(size_t i)
{
	struct run r;
	struct md_err err;
	run_start(i, &r);
	state_read(&ops[i], &r.check, &before[i]);
	checker_close(&r.check);
	th_assert_ok(ops[i].call(&r, &err), &err);
	md_db_close(&r.db);
	state_read(&ops[i], &r.check, &after[i]);
	run_end(&r);
	if (!strcmp(before[i].db, after[i].db) &&
	    file_equal(&before[i].file, &after[i].file))
		fail_msg("%s changes nothing", ops[i].name);
}

/*
 * Attempt operation i with the nth fault of kind k; returns whether a fault
 * was met.
 */
static bool
attempt(size_t i, size_t k, long nth)
{
	const struct op *op = &ops[i];
	const struct kind *kd = &kinds[k];
	char what[200 + MD_ERR_MSG_MAX];
	snprintf(what, sizeof what, "%s, %s%s fault %ld", op->name,
		 fault_kind_name(kd->kind), kd->full ? " (disk full)" : "",
		 nth);
	struct run *r = &current;
	struct md_err err;
	run_start(i, r);
	md_err_clear(&err);
	/* A full disk stays full; an I/O error comes once. */
	fault_arm(kd->kind, kd->full, nth, kd->full);
	enum md_status rc = op->call(r, &err);
	fault_disarm();
	long injected = fault_injected();
	injected_by[i][k] += injected;
	attempts_by[i][k]++;
	size_t len = strlen(what);
	if (injected == 0) {
		if (rc != MD_OK)
			fail_msg("%s: failed without a fault: %s", what,
				 err.msg);
		snprintf(what + len, sizeof what - len,
			 ": no fault met, reported done");
	} else if (rc != MD_OK) {
		assert_message(what, kd->kind, kd->full, rc, &err);
		snprintf(what + len, sizeof what - len, ": reported 「%s」",
			 err.msg);
		if (op->kept)
			op->kept(r);
		if (outcome_of(i, r, what) == DONE)
			fail_msg("%s, but did it all", what);
		if (crash_copies(kd))
			crash_check(i, k, what);
		/* The same call again, on the same handle, once the disk is well. */
		rc = op->call(r, &err);
		if (rc != MD_OK)
			fail_msg("%s; the retry failed: %s", what, err.msg);
		len = strlen(what);
		snprintf(what + len, sizeof what - len, "; retried");
	} else {
		snprintf(what + len, sizeof what - len,
			 ": the fault passed over, reported done");
	}
	/* Closed, and looked at again (through the same checker after a
	 * failure: it keeps the WAL from being folded in, which changes no
	 * row; the crash copy is what reads the WAL as a start would). */
	md_db_close(&r->db);
	if (outcome_of(i, r, what) != DONE)
		fail_msg("%s: not done", what);
	run_end(r);
	return injected > 0;
}

/* One test: every fault of one kind in one operation. */
struct plan {
	size_t op, kind;
};

/*
 * Which faults are tried: every one (the 1st, 2nd, 3rd … call failing), or
 * in the build under AddressSanitizer, where an attempt costs most, the
 * first eight and then every FAULT_STRIDE-th (4 unless told), from a
 * residue that differs by operation and kind, so that make test still
 * passes faults of every residue through ASan in a few minutes less.
 * `make stress` runs that build with FAULT_STRIDE=1: every fault.
 */
#ifdef __SANITIZE_ADDRESS__
#define DEFAULT_STRIDE 4
#else
#define DEFAULT_STRIDE 1
#endif
static long
next_fault(const struct plan *p, long n)
{
	const char *s = getenv("FAULT_STRIDE");
	long stride = s ? atol(s) : DEFAULT_STRIDE;
	if (stride <= 1 || n < 8)
		return n + 1;
	if (n == 8)
		return 9 + (long)((p->op * NKINDS + p->kind) % (size_t)stride);
	return n + stride;
}

static void
every_fault(void **state)
{
	const struct plan *p = *state;
	const char *from = getenv("FAULT_FROM");
	for (long n = from ? atol(from) : 1; attempt(p->op, p->kind, n);
	     n = next_fault(p, n))
		;
	printf("# %s, %s: %ld faults over %ld attempts\n", ops[p->op].name,
	       kinds[p->kind].label, injected_by[p->op][p->kind],
	       attempts_by[p->op][p->kind]);
	fflush(stdout);
}

static int
every_fault_teardown(void **state)
{
	(void)state;
	run_end(&current);
	return 0;
}

/* The counts for the note: by operation, then by kind. */
static void
print_counts(void)
{
	long all = 0, attempts = 0, by_op[NOPS] = {0};
	for (size_t i = 0; i < NOPS; i++) {
		for (size_t k = 0; k < NKINDS; k++) {
			by_op[i] += injected_by[i][k];
			attempts += attempts_by[i][k];
		}
		all += by_op[i];
	}
	printf("# faults injected:");
	for (size_t i = 0; i < NOPS; i++)
		printf("%s %s %ld", i ? "," : "", ops[i].brief, by_op[i]);
	printf("; %ld in all over %ld attempts\n", all, attempts);
	for (size_t i = 0; i < NOPS; i++) {
		printf("# faults injected, %s:", ops[i].brief);
		for (size_t k = 0; k < NKINDS; k++)
			printf("%s %s %ld", k ? "," : "", kinds[k].label,
			       injected_by[i][k]);
		printf("\n");
	}
	long done = 0;
	for (size_t i = 0; i < NOPS; i++)
		for (size_t k = 0; k < NKINDS; k++)
			done += crash_done[i][k];
	printf("# crash copies after a reported failure: %ld checked, all whole;"
	       " %ld held the operation done",
	       crash_checked, done);
	const char *sep = " (";
	for (size_t i = 0; i < NOPS; i++) {
		for (size_t k = 0; k < NKINDS; k++) {
			if (crash_done[i][k]) {
				printf("%s%s %s %ld", sep, ops[i].brief,
				       kinds[k].label, crash_done[i][k]);
				sep = ", ";
			}
		}
	}
	printf("%s\n", done ? ")" : "");
	fflush(stdout);
}

/* ---- The database every attempt starts from. */

static void
make_template(void)
{
	struct md_err err;
	struct md_db *db;
	struct md_user admin;
	struct md_diags diags;
	th_assert_ok(md_config_defaults(&cfg, &err), &err);
	th_assert_ok(md_db_open(th_path("template.db"), MD_DB_CREATE, &db,
				&err),
		     &err);
	th_assert_ok(md_user_add(db, NULL, "admin", "管理 太郎", MD_ROLE_ADMIN,
				 "admin-password", NULL, &err),
		     &err);
	th_assert_ok(md_user_get(db, "admin", &admin, &err), &err);
	th_assert_ok(md_user_add(db, &admin, "soudan", "相談 一郎",
				 MD_ROLE_CONSULTANT, "password-1", NULL, &err),
		     &err);
	th_assert_ok(md_user_get(db, "soudan", &actor, &err), &err);
	forms = th_forms("forms");
	md_diags_init(&diags);
	enum md_status rc = md_workflow_load(TOP_DIR "/forms/workflow.ini",
					     forms, &wf, &diags, &err);
	for (size_t i = 0; i < diags.n; i++)
		fprintf(stderr, "# %s\n", diags.msgs[i]);
	md_diags_fini(&diags);
	th_assert_ok(rc, &err);
	size_t added;
	th_assert_ok(md_agencies_import(db, &admin,
					md_workflow_agency_kinds(wf),
					TOP_DIR "/data/agencies.csv", &added,
					&err),
		     &err);
	static const char *const people[][2] = {
		{"田中 一郎", "たなか いちろう"},
		{"山田 花子", "やまだ はなこ"},
		{"佐藤 健", "さとう けん"},
	};
	long long ids[3];
	for (size_t i = 0; i < 3; i++) {
		struct md_values p;
		md_values_init(&p);
		md_values_set(&p, "name", people[i][0], NULL);
		md_values_set(&p, "kana", people[i][1], NULL);
		th_assert_ok(md_workflow_open_case(db, &actor, wf, forms, 0, &p,
						   &ids[i], NULL, &err),
			     &err);
		md_values_fini(&p);
	}
	case_saved = ids[0];
	case_taken = ids[1];
	/* The form saved is at its first revision. */
	struct md_record rec;
	bool saved;
	th_assert_ok(md_record_open(db, &actor, forms, case_saved, "reception",
				    MD_SEQ_LATEST, &rec, &err),
		     &err);
	md_values_set(&rec.values, "wishes", "家賃の相談", NULL);
	md_values_set(&rec.values, "signed", "はい", NULL);
	th_assert_ok(md_record_save(db, &actor, &rec, 0, &saved, NULL, &err),
		     &err);
	md_record_fini(&rec);
	md_user_fini(&admin);
	md_db_close(&db);
}

/* Operation i's start: the template, and what the caller did before. */
static void
make_start(size_t i)
{
	char start[32];
	struct md_err err;
	struct md_db *db;
	snprintf(start, sizeof start, "start-%zu.db", i);
	file_copy(th_path("template.db"), th_path(start));
	if (!ops[i].prepare)
		return;
	th_assert_ok(md_db_open(th_path(start), 0, &db, &err), &err);
	ops[i].prepare(db);
	md_db_close(&db);
}

static int
group_setup(void **state)
{
	(void)state;
	if (fault_install() != SQLITE_OK)
		fail_msg("could not install the fault VFS and allocator");
	th_clock("2026-04-01 10:00:00");
	/* The faults come from the shim, not from the disk: a memory file
	 * system, where there is one, spares a shared disk some ten thousand
	 * fsyncs (TMPDIR chooses otherwise). */
	if (!getenv("TMPDIR") && access("/dev/shm", W_OK) == 0)
		setenv("TMPDIR", "/dev/shm", 1);
	th_tmpdir();
	if (mkdir(th_path("w"), 0700) != 0 ||
	    mkdir(th_path("crash"), 0700) != 0)
		fail_msg("mkdir: %s", strerror(errno));
	make_template();
	for (size_t i = 0; i < NOPS; i++)
		make_start(i);
	for (size_t i = 0; i < NOPS; i++)
		baseline(i);
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	for (size_t i = 0; i < NOPS; i++) {
		state_fini(&before[i]);
		state_fini(&after[i]);
	}
	md_record_fini(&typed_rec);
	md_user_fini(&actor);
	md_workflow_free(&wf);
	md_forms_free(&forms);
	md_config_fini(&cfg);
	th_rm_rf(th_dir);
	return 0;
}

int
main(void)
{
	static struct plan plans[NOPS * NKINDS];
	static char names[NOPS * NKINDS][128];
	struct CMUnitTest tests[NOPS * NKINDS];
	size_t n = 0;
	for (size_t i = 0; i < NOPS; i++) {
		for (size_t k = 0; k < NKINDS; k++, n++) {
			plans[n] = (struct plan){i, k};
			snprintf(names[n], sizeof names[n],
				 "%s: %s faults lose nothing", ops[i].name,
				 kinds[k].label);
			tests[n] = (struct CMUnitTest){names[n], every_fault,
						       NULL,
						       every_fault_teardown,
						       &plans[n]};
		}
	}
	/* To look at one failure: FAULT_TEST='save a form: memory (core)*'
	 * FAULT_FROM=563 build/check/test_faults */
	if (getenv("FAULT_TEST"))
		cmocka_set_test_filter(getenv("FAULT_TEST"));
	int failed = _cmocka_run_group_tests("faults", tests, n, group_setup,
					     group_teardown);
	print_counts();
	return failed;
}
