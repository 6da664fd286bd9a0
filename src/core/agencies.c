/* The agency catalogue: importing it from CSV (libcsv), adding, listing,
 * kinds and aliases, and finding an agency by what a person typed. */
#include "madoguchi/agencies.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "db_int.h"
#include "madoguchi/audit.h"
#include "madoguchi/clock.h"
#include "madoguchi/mem.h"
#include "madoguchi/store.h"
#include "madoguchi/text.h"

void
md_agency_fini(struct md_agency *a)
{
	md_free(a->name);
	md_free(a->kind);
	md_free(a->phone);
	md_free(a->address);
	md_free(a->aliases);
	md_free(a->desk);
	md_free(a->target);
	md_free(a->hours);
	md_free(a->merged_into);
	memset(a, 0, sizeof *a);
}

void
md_agencies_free(struct md_agency *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		md_agency_fini(&a[i]);
	md_free(a);
}

bool
md_agency_kind_known(const struct md_agency_kinds *kinds, const char *kind)
{
	if (!*kind)
		return true;
	for (size_t i = 0; kinds && i < kinds->n; i++)
		if (!strcmp(kinds->names[i], kind))
			return true;
	return false;
}

/* A kind that is "" or one of kinds; else the refusal lists them. */
static enum md_status
check_kind(const struct md_agency_kinds *kinds, const char *kind,
	   struct md_err *err)
{
	if (md_agency_kind_known(kinds, kind))
		return MD_OK;
	struct md_buf b;
	md_buf_init(&b);
	for (size_t i = 0; kinds && i < kinds->n; i++) {
		if (i)
			md_buf_adds(&b, "、");
		md_buf_adds(&b, kinds->names[i]);
	}
	enum md_status rc =
		b.len ? md_err_set(err, MD_ERR_INVALID,
				   "種別「%s」はありません(%s のどれかにしてください。種別は forms/workflow.ini の agency_kinds にあります)",
				   kind, md_buf_str(&b))
		      : md_err_set(err, MD_ERR_INVALID,
				   "種別「%s」はありません(種別が定義されていません)",
				   kind);
	md_buf_fini(&b);
	return rc;
}

#define AGENCY_COLS 8

/* The columns of a catalogue as its header names them: 名称 and any of the
 * others, in any order (the first catalogues had 名称,種別,電話,住所, then
 * 別名; issue 17 added 窓口, 対象, 受付時間). */
static const char *const agency_columns[AGENCY_COLS] = {"名称", "種別",
							"電話", "住所",
							"別名", "窓口",
							"対象", "受付時間"};
/* The columns of the catalogue, as messages name them. */
static const char *const agency_labels[AGENCY_COLS] =
	{"関係機関の名称", "関係機関の種別",    "関係機関の電話",
	 "関係機関の住所", "関係機関の別名",    "関係機関の窓口",
	 "関係機関の対象", "関係機関の受付時間"};
enum {
	COL_NAME,
	COL_KIND,
	COL_PHONE,
	COL_ADDRESS,
	COL_ALIASES,
	COL_DESK,
	COL_TARGET,
	COL_HOURS
};

/* How a name names an agency (agency_named). */
enum named {
	NAMED_NAME,  /* its name (an agency merged before issue 17's too) */
	NAMED_ALIAS, /* a 別名 */
	NAMED_MERGED /* the name of an agency merged into it, kept as 別名 */
};

/* Who is named name: an agency by its name, else by a 別名 (the name of an
 * agency merged into it first of all), else an agency merged into another
 * by its own name. */
static const char sql_agency_named[] =
	"SELECT id, name, 0, 0 FROM agencies WHERE name = ?1"
	" AND merged_into IS NULL"
	" UNION ALL SELECT a.id, a.name,"
	"  1 + EXISTS (SELECT 1 FROM agencies m WHERE m.name = ?1"
	"   AND m.merged_into IS NOT NULL), 1 FROM agency_aliases x"
	" JOIN agencies a ON a.id = x.agency_id WHERE x.alias = ?1"
	" UNION ALL SELECT id, name, 0, 2 FROM agencies WHERE name = ?1"
	" AND merged_into IS NOT NULL ORDER BY 4 LIMIT 1";

/* The agency name names (*id 0 when none), how (*how), and its name (when
 * who is not NULL; md_free). */
static enum md_status
agency_named(struct md_db *db, const char *name, long long *id, enum named *how,
	     char **who, struct md_err *err)
{
	*id = 0;
	*how = NAMED_NAME;
	if (who)
		*who = NULL;
	sqlite3_stmt *st = md_db_stmt(db, sql_agency_named, err);
	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	int src = sqlite3_step(st);
	enum md_status rc = MD_OK;
	if (src == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*how = (enum named)sqlite3_column_int(st, 2);
		if (who && !(*who = md_db_column_dup(st, 1)))
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	} else if (src != SQLITE_DONE) {
		rc = md_db_fail(db, src, "関係機関の確認", err);
	}
	sqlite3_reset(st);
	return rc;
}

/* The next alias of a list ("|" between them) at *p, trimmed, as a new
 * string (md_free; "" for a blank one); *p moves past it, to NULL after the
 * last. NULL when out of memory. */
static char *
next_alias(const char **p)
{
	const char *bar = strchr(*p, '|');
	char *alias = md_strndup(*p, bar ? (size_t)(bar - *p) : strlen(*p));
	*p = bar ? bar + 1 : NULL;
	return alias ? md_text_trim(alias) : NULL;
}

/* Give agency id the alias, unless it names it already; an alias that
 * names another agency is refused. */
static enum md_status
put_alias(struct md_db *db, long long id, const char *alias, struct md_err *err)
{
	long long other;
	enum named how;
	char *who = NULL;
	enum md_status rc = agency_named(db, alias, &other, &how, &who, err);
	if (rc == MD_OK && other && other != id)
		rc = md_err_set(err, MD_ERR_INVALID,
				how != NAMED_NAME
					? "別名「%s」はすでに関係機関「%s」の別名です"
					: "別名「%s」は関係機関「%s」の名称です",
				alias, who);
	md_free(who);
	if (rc != MD_OK || other)
		return rc;
	return md_store_agency_alias_insert(db, id, alias, err);
}

/* Add the aliases ("|" between them, blanks skipped) of agency id. */
static enum md_status
put_aliases(struct md_db *db, long long id, const char *aliases,
	    struct md_err *err)
{
	enum md_status rc = MD_OK;
	for (const char *p = *aliases ? aliases : NULL; rc == MD_OK && p;) {
		char *alias = next_alias(&p);
		if (!alias)
			return md_err_set(err, MD_ERR_NOMEM, NULL);
		if (*alias)
			rc = put_alias(db, id, alias, err);
		md_free(alias);
	}
	return rc;
}

/*
 * Add the agency of cells (by COL_*, checked as text by the caller) and its
 * aliases for user_id (0: none, the first load), in the caller's
 * transaction: its kind must be known, its name no other agency's 別名. An
 * agency already there is MD_ERR_EXISTS unless known_ok, when only its new
 * aliases are added (its other columns stay: md_agency_correct changes
 * them). *added says whether it was new.
 */
static enum md_status
put_agency(struct md_db *db, const struct md_agency_kinds *kinds,
	   long long user_id, const char *const cells[AGENCY_COLS],
	   bool known_ok, bool *added, struct md_err *err)
{
	*added = false;
	enum md_status rc = check_kind(kinds, cells[COL_KIND], err);
	if (rc != MD_OK)
		return rc;
	long long id;
	enum named how;
	char *who = NULL;
	if ((rc = agency_named(db, cells[COL_NAME], &id, &how, &who, err)) !=
	    MD_OK)
		return rc;
	/* A catalogue may still list an agency merged since: it is known,
	 * as the one it went into. */
	if (id && (how == NAMED_ALIAS || (how == NAMED_MERGED && !known_ok)))
		rc = md_err_set(err, MD_ERR_INVALID,
				"名称「%s」はすでに関係機関「%s」の別名です",
				cells[COL_NAME], who);
	else if (id && !known_ok)
		rc = md_err_set(err, MD_ERR_EXISTS,
				"関係機関「%s」はすでにあります",
				cells[COL_NAME]);
	md_free(who);
	if (rc != MD_OK)
		return rc;
	if (!id) {
		struct md_store_agency row = {
			.name = cells[COL_NAME],
			.kind = cells[COL_KIND],
			.phone = cells[COL_PHONE],
			.address = cells[COL_ADDRESS],
			.desk = cells[COL_DESK],
			.target = cells[COL_TARGET],
			.hours = cells[COL_HOURS],
			.active = true,
			.added_by = user_id,
		};
		rc = md_store_agency_insert_row(db, &row, &id, err);
		if (rc == MD_ERR_EXISTS)
			rc = md_err_set(err, MD_ERR_EXISTS,
					"関係機関「%s」はすでにあります",
					cells[COL_NAME]);
		if (rc != MD_OK)
			return rc;
		*added = true;
	}
	return put_aliases(db, id, cells[COL_ALIASES], err);
}

/* The state of parsing a catalogue. */
struct import {
	struct md_db *db;
	const struct md_agency_kinds *kinds;
	long long user_id; /* 0: the first load */
	const char *path;
	char *cell[AGENCY_COLS];
	int ncell;
	int ncols;            /* the columns the header names */
	int col[AGENCY_COLS]; /* what each is: COL_* */
	int line;
	bool header_seen;
	size_t added;
	enum md_status rc;
	struct md_err *err;
};

static void
import_field(void *data, size_t len, void *ctx)
{
	struct import *im = ctx;
	if (im->rc != MD_OK)
		return;
	if (im->ncell < AGENCY_COLS) {
		char *s = md_strndup(data ? data : "", data ? len : 0);
		if (!s) {
			im->rc = md_err_set(im->err, MD_ERR_NOMEM, NULL);
			return;
		}
		im->cell[im->ncell] = s;
	}
	im->ncell++;
}

static void
clear_cells(struct import *im)
{
	for (int i = 0; i < AGENCY_COLS; i++) {
		md_free(im->cell[i]);
		im->cell[i] = NULL;
	}
	im->ncell = 0;
}

/* The header: the columns by their names (agency_columns), each once, 名称
 * among them. */
static void
import_header(struct import *im)
{
	im->header_seen = true;
	im->ncols = im->ncell;
	struct md_buf why;
	md_buf_init(&why);
	bool named = false;
	for (int i = 0; i < im->ncell && i < AGENCY_COLS && !why.len; i++) {
		const char *h = md_text_trim(im->cell[i]);
		int c = 0;
		while (c < AGENCY_COLS && strcmp(agency_columns[c], h))
			c++;
		for (int j = 0; c < AGENCY_COLS && j < i; j++)
			if (im->col[j] == c)
				md_buf_addf(&why, "「%s」が 2 回あります", h);
		struct md_err terr;
		if (c == AGENCY_COLS &&
		    md_text_check(h, false, "見出し", &terr) != MD_OK)
			md_buf_addf(&why, "%d 列目: %s", i + 1, terr.msg);
		else if (c == AGENCY_COLS)
			md_buf_addf(&why, "「%s」は読めません", h);
		im->col[i] = c;
		named |= c == COL_NAME;
	}
	if (im->ncell > AGENCY_COLS && !why.len)
		md_buf_addf(&why, "欄が %d 個あります", im->ncell);
	if (!why.len && !named)
		md_buf_adds(&why, "名称がありません");
	if (why.len)
		im->rc = md_err_set(im->err, MD_ERR_INVALID,
				    "%s:%d: 1 行目は見出し(名称 と、種別・電話・住所・別名・窓口・対象・受付時間 のうち使う欄、順は問いません)にしてください: %s",
				    im->path, im->line, md_buf_str(&why));
	md_buf_fini(&why);
}

/* Whether one value of the row may be read; else the refusal, with the
 * file, line and column. */
static bool
import_value(struct import *im, int col, const char *value)
{
	struct md_err terr;
	if (md_text_check(value, false, agency_labels[col], &terr) != MD_OK) {
		im->rc = md_err_set(im->err, MD_ERR_INVALID, "%s:%d: %s",
				    im->path, im->line, terr.msg);
		return false;
	}
	/* Imports keep CSV injection out as prints do (issue 13, finding 1):
	 * refused, so that what the file says is what staff see. */
	if (md_text_is_formula(value)) {
		im->rc = md_err_set(im->err, MD_ERR_INVALID,
				    "%s:%d: %s「%s」は表計算ソフトが数式として読む文字(= + - @ など)で始まるため読み込めません。先頭の文字を変えてください",
				    im->path, im->line, agency_columns[col],
				    value);
		return false;
	}
	return true;
}

static void
import_row(int c, void *ctx)
{
	struct import *im = ctx;
	(void)c;
	im->line++;
	if (im->rc != MD_OK) {
		clear_cells(im);
		return;
	}
	/* A UTF-8 BOM before the header is Excel's, not part of the name. */
	if (im->line == 1 && im->cell[0] &&
	    !strncmp(im->cell[0], "\xEF\xBB\xBF", 3))
		memmove(im->cell[0], im->cell[0] + 3,
			strlen(im->cell[0] + 3) + 1);
	if (!im->header_seen) {
		import_header(im);
		clear_cells(im);
		return;
	}
	if (im->ncell > im->ncols) {
		im->rc = md_err_set(im->err, MD_ERR_INVALID,
				    "%s:%d: 欄が %d 個あります(見出しの %d 個まで。ほかの欄は見出しに加えてから)",
				    im->path, im->line, im->ncell, im->ncols);
		clear_cells(im);
		return;
	}
	/* The row's values by column (COL_*); "" for those it has not. */
	const char *cells[AGENCY_COLS];
	for (int i = 0; i < AGENCY_COLS; i++)
		cells[i] = "";
	for (int i = 0; i < im->ncell; i++) {
		int col = im->col[i];
		cells[col] = md_text_trim(im->cell[i]);
		bool ok = import_value(im, col, cells[col]);
		/* Each alias alone, as an agency field would show it. */
		const char *p = col == COL_ALIASES && *cells[col] ? cells[col]
								  : NULL;
		while (ok && p) {
			char *alias = next_alias(&p);
			if (!alias)
				im->rc = md_err_set(im->err, MD_ERR_NOMEM,
						    NULL);
			ok = alias && import_value(im, col, alias);
			md_free(alias);
		}
		if (!ok) {
			clear_cells(im);
			return;
		}
	}
	if (!*cells[COL_NAME]) {
		im->rc = md_err_set(im->err, MD_ERR_INVALID,
				    "%s:%d: 名称がありません", im->path,
				    im->line);
		clear_cells(im);
		return;
	}
	struct md_err perr;
	bool added;
	enum md_status rc = put_agency(im->db, im->kinds, im->user_id, cells,
				       true, &added, &perr);
	if (rc == MD_ERR_INVALID)
		im->rc = md_err_set(im->err, rc, "%s:%d: %s", im->path,
				    im->line, perr.msg);
	else if (rc != MD_OK)
		im->rc = md_err_set(im->err, rc, "%s", perr.msg);
	im->added += added;
	clear_cells(im);
}

static const char sql_agency_count[] = "SELECT count(*) FROM agencies";

enum md_status
md_agencies_import(struct md_db *db, const struct md_user *actor,
		   const struct md_agency_kinds *kinds, const char *path,
		   size_t *added, struct md_err *err)
{
	*added = 0;
	long long existing = 0;
	sqlite3_stmt *st = md_db_stmt(db, sql_agency_count, err);
	if (!st)
		return err->status;
	if (sqlite3_step(st) == SQLITE_ROW)
		existing = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (actor || existing) {
		enum md_status rc = md_auth_require(db, actor, true,
						    "関係機関の一覧の読み込み",
						    err);
		if (rc != MD_OK)
			return rc;
	}
	FILE *f = fopen(path, "rb");
	if (!f)
		return md_err_set(err,
				  errno == ENOENT ? MD_ERR_NOTFOUND : MD_ERR_IO,
				  "%s を読めません(%s)", path,
				  md_strerror(errno));
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_APPEND_NULL) != 0) {
		fclose(f);
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	struct import im;
	memset(&im, 0, sizeof im);
	im.db = db;
	im.kinds = kinds;
	im.user_id = actor ? actor->id : 0;
	im.path = path;
	im.err = err;
	enum md_status rc = md_db_begin(db, err);
	if (rc != MD_OK) {
		csv_free(&p);
		fclose(f);
		return rc;
	}
	char buf[8192];
	size_t n;
	size_t lines = 1; /* the line of the file buf starts in */
	while (im.rc == MD_OK && (n = fread(buf, 1, sizeof buf, f)) > 0) {
		/* libcsv keeps a NUL inside a field, where C strings end:
		 * the rest of the field would be lost without a word. */
		const char *nul = memchr(buf, '\0', n);
		for (const char *c = buf; c < (nul ? nul : buf + n); c++)
			lines += *c == '\n';
		if (nul) {
			im.rc = md_err_set(err, MD_ERR_INVALID,
					   "%s:%zu: NUL 文字(0x00)があります。文字だけの CSV ファイルにしてください",
					   path, lines);
			break;
		}
		if (csv_parse(&p, buf, n, import_field, import_row, &im) != n) {
			im.rc = md_err_set(err, MD_ERR_INVALID,
					   "%s:%d: CSV として読めません(%s)",
					   path, im.line + 1,
					   csv_strerror(csv_error(&p)));
		}
	}
	if (im.rc == MD_OK && ferror(f))
		im.rc = md_err_set(err, MD_ERR_IO, "%s を読めません", path);
	if (im.rc == MD_OK && csv_fini(&p, import_field, import_row, &im) != 0)
		im.rc = md_err_set(err, MD_ERR_INVALID,
				   "%s:%d: CSV として読めません(%s)", path,
				   im.line + 1, csv_strerror(csv_error(&p)));
	clear_cells(&im);
	csv_free(&p);
	fclose(f);
	rc = im.rc;
	if (rc == MD_OK && !im.header_seen)
		rc = md_err_set(err, MD_ERR_INVALID, "%s は空です", path);
	if (rc == MD_OK && actor) {
		char *detail = md_asprintf("関係機関 %zu 件 (%s)", im.added,
					   path);
		rc = md_audit_add(db, actor->id, MD_AUDIT_UPDATE, 0, 0, detail,
				  err);
		md_free(detail);
	}
	if (rc == MD_OK)
		rc = md_db_commit(db, err);
	else
		md_db_rollback(db);
	if (rc == MD_OK)
		*added = im.added;
	return rc;
}

enum md_status
md_agency_add(struct md_db *db, const struct md_user *actor,
	      const struct md_agency_kinds *kinds,
	      const struct md_agency_in *in, struct md_err *err)
{
#define OR_EMPTY(s) ((s) ? (s) : "")
	const char *name = OR_EMPTY(in->name);
	const char *fields[AGENCY_COLS] = {name,
					   OR_EMPTY(in->kind),
					   OR_EMPTY(in->phone),
					   OR_EMPTY(in->address),
					   OR_EMPTY(in->aliases),
					   OR_EMPTY(in->desk),
					   OR_EMPTY(in->target),
					   OR_EMPTY(in->hours)};
#undef OR_EMPTY
	for (int i = 0; i < AGENCY_COLS; i++) {
		enum md_status rc = md_text_check(fields[i], false,
						  agency_labels[i], err);
		if (rc != MD_OK)
			return rc;
	}
	if (!*name)
		return md_err_set(err, MD_ERR_INVALID,
				  "関係機関の名称を入力してください");
	enum md_status rc = md_auth_require(db, actor, true, "関係機関の登録",
					    err);
	if (rc != MD_OK)
		return rc;
	rc = md_db_begin(db, err);
	if (rc != MD_OK)
		return rc;
	bool added;
	rc = put_agency(db, kinds, actor->id, fields, false, &added, err);
	if (rc == MD_OK) {
		char *detail = md_asprintf("関係機関の登録: %s", name);
		rc = md_audit_add(db, actor->id, MD_AUDIT_UPDATE, 0, 0, detail,
				  err);
		md_free(detail);
	}
	if (rc == MD_OK)
		return md_db_commit(db, err);
	md_db_rollback(db);
	return rc;
}

static const char sql_agency_list[] =
	"SELECT id, name, kind, phone, address, active,"
	" coalesce((SELECT group_concat(alias, '|') FROM (SELECT alias"
	"  FROM agency_aliases x WHERE x.agency_id = a.id ORDER BY x.id)), ''),"
	" desk, target, hours, provisional,"
	" coalesce((SELECT m.name FROM agencies m WHERE m.id = a.merged_into), '')"
	" FROM agencies a ORDER BY active DESC, name";

enum md_status
md_agencies_list(struct md_db *db, struct md_agency **out, size_t *n,
		 struct md_err *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = md_db_stmt(db, sql_agency_list, err);
	if (!st)
		return err->status;
	struct md_agency *arr = NULL;
	size_t count = 0;
	enum md_status rc = MD_OK;
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		struct md_agency *p = md_realloc(arr, (count + 1) * sizeof *p);
		if (!p) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
		arr = p;
		struct md_agency *a = &arr[count++];
		a->id = sqlite3_column_int64(st, 0);
		a->name = md_db_column_dup(st, 1);
		a->kind = md_db_column_dup(st, 2);
		a->phone = md_db_column_dup(st, 3);
		a->address = md_db_column_dup(st, 4);
		a->active = sqlite3_column_int(st, 5) != 0;
		a->aliases = md_db_column_dup(st, 6);
		a->desk = md_db_column_dup(st, 7);
		a->target = md_db_column_dup(st, 8);
		a->hours = md_db_column_dup(st, 9);
		a->provisional = sqlite3_column_int(st, 10) != 0;
		a->merged_into = md_db_column_dup(st, 11);
		if (!a->name || !a->kind || !a->phone || !a->address ||
		    !a->aliases || !a->desk || !a->target || !a->hours ||
		    !a->merged_into) {
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
			break;
		}
	}
	if (rc == MD_OK && src != SQLITE_DONE)
		rc = md_db_fail(db, src, "関係機関の一覧", err);
	sqlite3_reset(st);
	if (rc != MD_OK) {
		md_agencies_free(arr, count);
		return rc;
	}
	*out = arr;
	*n = count;
	return MD_OK;
}

/* Free what agency_names made: the copies of aliases, and the array. */
static void
names_free(const struct md_agency *a, struct md_text_name *names, size_t n)
{
	for (size_t i = 0; names && i < n; i++)
		if (names[i].name != a[names[i].item].name)
			md_free((char *)names[i].name);
	md_free(names);
}

/* The names of the active agencies of a: each name (pointing into a), then
 * copies of its aliases; names_free frees them. NULL when out of memory. */
static struct md_text_name *
agency_names(const struct md_agency *a, size_t n, size_t *count)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		k += 1 + (*a[i].aliases != '\0');
		for (const char *p = a[i].aliases; *p; p++)
			k += *p == '|';
	}
	struct md_text_name *names = md_calloc(k ? k : 1, sizeof *names);
	*count = 0;
	bool ok = names != NULL;
	for (size_t i = 0; ok && i < n; i++) {
		if (!a[i].active)
			continue;
		names[(*count)++] = (struct md_text_name){a[i].name, i};
		for (const char *p = *a[i].aliases ? a[i].aliases : NULL;
		     ok && p;) {
			char *alias = next_alias(&p);
			ok = alias != NULL;
			if (ok)
				names[(*count)++] = (struct md_text_name){alias,
									  i};
		}
	}
	if (!ok && names) {
		names_free(a, names, *count);
		names = NULL;
	}
	return names;
}

enum md_status
md_agency_find(struct md_db *db, const char *typed, struct md_agency *out,
	       struct md_err *err)
{
	memset(out, 0, sizeof *out);
	struct md_agency *a;
	size_t n;
	enum md_status rc = md_agencies_list(db, &a, &n, err);
	if (rc != MD_OK)
		return rc;
	size_t count, item;
	struct md_text_name *names = agency_names(a, n, &count);
	char *t = md_strdup(typed);
	struct md_buf cands;
	md_buf_init(&cands);
	enum md_text_match m = names && t
				       ? md_text_match(md_text_trim(t), names,
						       count, &item, &cands)
				       : MD_MATCH_NOMEM;
	if (m == MD_MATCH_NONE)
		rc = md_err_set(err, MD_ERR_INVALID,
				"関係機関「%s」は一覧にありません(名称か別名、またはその始めで入力してください。madoguchi agency list で確かめられます)",
				typed);
	else if (m == MD_MATCH_MANY)
		rc = md_err_set(err, MD_ERR_INVALID,
				"関係機関「%s」は 1 つに決まりません(候補: %s)",
				typed, md_buf_str(&cands));
	else if (m == MD_MATCH_NOMEM || !md_buf_ok(&cands))
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	names_free(a, names, count);
	if (rc == MD_OK) {
		*out = a[item]; /* moved out of the list */
		memset(&a[item], 0, sizeof a[item]);
	}
	md_buf_fini(&cands);
	md_free(t);
	md_agencies_free(a, n);
	return rc;
}

/* ---- 仮登録: a consultant's agency, confirmed by an administrator ---- */

/* The fields of in checked as text, each named as messages name it; a
 * fault under "name", "kind", … in faults. */
static void
check_in_fields(const struct md_agency_in *in, struct md_values *faults)
{
	const struct {
		const char *code, *label, *value;
	} f[] = {{"name", "関係機関の名称", in->name},
		 {"kind", "関係機関の種別", in->kind},
		 {"desk", "関係機関の窓口", in->desk},
		 {"phone", "関係機関の電話", in->phone},
		 {"address", "関係機関の住所", in->address},
		 {"target", "関係機関の対象", in->target},
		 {"hours", "関係機関の受付時間", in->hours},
		 {"aliases", "関係機関の別名", in->aliases}};
	for (size_t i = 0; i < sizeof f / sizeof *f; i++) {
		struct md_err e;
		if (f[i].value &&
		    md_text_check(f[i].value, false, f[i].label, &e) != MD_OK)
			md_values_set(faults, f[i].code, e.msg, NULL);
		else if (f[i].value && md_text_is_formula(f[i].value))
			md_values_set(faults, f[i].code,
				      "表計算ソフトが数式として読む文字(= + - @ など)で始まっています。先頭の文字を変えてください",
				      NULL);
	}
}

/* The agency typed finds (md_agency_find), or 0; its name in *who. */
static long long
agency_found(struct md_db *db, const char *typed, char **who)
{
	struct md_agency a;
	struct md_err e;
	*who = NULL;
	if (md_agency_find(db, typed, &a, &e) != MD_OK)
		return 0;
	long long id = a.id;
	*who = a.name;
	a.name = NULL;
	md_agency_fini(&a);
	return id;
}

enum md_status
md_agency_add_provisional(struct md_db *db, const struct md_user *actor,
			  const struct md_agency_kinds *kinds,
			  const struct md_agency_in *in, long long *id,
			  struct md_values *faults, struct md_err *err)
{
	struct md_values scratch;
	md_values_init(&scratch);
	if (!faults)
		faults = &scratch;
	enum md_status rc = md_auth_require(db, actor, false,
					    "関係機関の仮登録", err);
	if (rc != MD_OK) {
		md_values_fini(&scratch);
		return rc;
	}
	check_in_fields(in, faults);
	char *name = md_strdup(in->name ? in->name : "");
	if (!name) {
		md_values_fini(&scratch);
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	md_text_trim(name);
	struct md_err e;
	if (!*name && !md_values_get(faults, "name"))
		md_values_set(faults, "name",
			      "関係機関の名称を入力してください", NULL);
	if (in->kind && check_kind(kinds, in->kind, &e) != MD_OK)
		md_values_set(faults, "kind", e.msg, NULL);
	/* A duplicate of the catalogue (its name or a 別名, folded, or the
	 * start of one): the existing one is offered instead. */
	char *who = NULL;
	if (*name && !faults->n && agency_found(db, name, &who)) {
		md_values_set(faults, "name", "", NULL);
		char *msg =
			md_asprintf("関係機関「%s」はすでに一覧にあります(「%s」を使ってください)",
				    name, who);
		md_values_set(faults, "name", msg, NULL);
		md_free(msg);
		rc = md_err_set(err, MD_ERR_EXISTS,
				"関係機関「%s」はすでに一覧にあります(「%s」を使ってください)",
				name, who);
	} else if (faults->n) {
		rc = md_err_set(err, MD_ERR_INVALID, "%s",
				faults->items[0].value);
	}
	md_free(who);
	long long aid = 0;
	if (rc == MD_OK && (rc = md_db_begin(db, err)) == MD_OK) {
		struct md_store_agency row = {name,        in->kind, in->phone,
					      in->address, in->desk, in->target,
					      in->hours,   true,     true,
					      0,           actor->id};
		rc = md_store_agency_insert_row(db, &row, &aid, err);
		if (rc == MD_ERR_EXISTS)
			rc = md_err_set(err, MD_ERR_EXISTS,
					"関係機関「%s」はすでにあります", name);
		if (rc == MD_OK && in->aliases)
			rc = put_aliases(db, aid, in->aliases, err);
		if (rc == MD_OK) {
			char *detail = md_asprintf("関係機関の仮登録: %s",
						   name);
			rc = md_audit_add(db, actor->id,
					  MD_AUDIT_AGENCY_PROVISIONAL, 0, 0,
					  detail, err);
			md_free(detail);
		}
		if (rc == MD_OK)
			rc = md_db_commit(db, err);
		else
			md_db_rollback(db);
	}
	if (rc == MD_OK && id)
		*id = aid;
	md_free(name);
	md_values_fini(&scratch);
	return rc;
}

static const char sql_agency_name[] = "SELECT name FROM agencies WHERE id = ?1";

/* The name of agency id (md_free); NULL when there is none or no memory. */
static char *
agency_name(struct md_db *db, long long id)
{
	struct md_err err;
	sqlite3_stmt *st = md_db_stmt(db, sql_agency_name, &err);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	char *name = sqlite3_step(st) == SQLITE_ROW ? md_db_column_dup(st, 0)
						    : NULL;
	sqlite3_reset(st);
	return name;
}

static const char sql_agency_row[] =
	"SELECT id, name, kind, phone, address, desk, target, hours,"
	" provisional, active, coalesce(merged_into, 0)"
	" FROM agencies WHERE name = ?1";

/* The row of agency name exactly: its strings in cells (md_free each). */
struct agency_row {
	long long id;
	char *cell[8]; /* name kind phone address desk target hours */
	bool provisional, active;
	long long merged_into;
};

static void
agency_row_fini(struct agency_row *r)
{
	for (int i = 0; i < 8; i++)
		md_free(r->cell[i]);
	memset(r, 0, sizeof *r);
}

static enum md_status
agency_row_get(struct md_db *db, const char *name, struct agency_row *r,
	       struct md_err *err)
{
	memset(r, 0, sizeof *r);
	sqlite3_stmt *st = md_db_stmt(db, sql_agency_row, err);
	if (!st)
		return err->status;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	int src = sqlite3_step(st);
	enum md_status rc = MD_OK;
	if (src == SQLITE_ROW) {
		r->id = sqlite3_column_int64(st, 0);
		for (int i = 0; i < 7; i++)
			if (!(r->cell[i] = md_db_column_dup(st, i + 1)))
				rc = md_err_set(err, MD_ERR_NOMEM, NULL);
		r->provisional = sqlite3_column_int(st, 8) != 0;
		r->active = sqlite3_column_int(st, 9) != 0;
		r->merged_into = sqlite3_column_int64(st, 10);
	} else if (src == SQLITE_DONE) {
		rc = md_err_set(err, MD_ERR_NOTFOUND,
				"関係機関「%s」は一覧にありません(名称をそのまま入力してください。madoguchi agency list で確かめられます)",
				name);
	} else {
		rc = md_db_fail(db, src, "関係機関の確認", err);
	}
	sqlite3_reset(st);
	if (rc != MD_OK)
		agency_row_fini(r);
	return rc;
}

static struct md_store_agency
store_row_of(const struct agency_row *r)
{
	return (struct md_store_agency){r->cell[0], r->cell[1],
					r->cell[2], r->cell[3],
					r->cell[4], r->cell[5],
					r->cell[6], r->provisional,
					r->active,  r->merged_into,
					0};
}

/* Write r back, with the audit row of action and detail, in one
 * transaction. */
static enum md_status
agency_rewrite(struct md_db *db, const struct md_user *actor,
	       const struct agency_row *r, enum md_audit_action action,
	       const char *detail, struct md_err *err)
{
	enum md_status rc = md_db_begin(db, err);
	if (rc != MD_OK)
		return rc;
	struct md_store_agency row = store_row_of(r);
	rc = md_store_agency_update(db, r->id, &row, err);
	if (rc == MD_ERR_EXISTS)
		rc = md_err_set(err, MD_ERR_EXISTS,
				"関係機関「%s」はすでにあります", r->cell[0]);
	if (rc == MD_OK)
		rc = md_audit_add(db, actor->id, action, 0, 0, detail, err);
	if (rc == MD_OK)
		return md_db_commit(db, err);
	md_db_rollback(db);
	return rc;
}

enum md_status
md_agency_confirm(struct md_db *db, const struct md_user *actor,
		  const char *name, struct md_err *err)
{
	enum md_status rc = md_auth_require(db, actor, true, "仮登録の確認",
					    err);
	struct agency_row r;
	if (rc != MD_OK || (rc = agency_row_get(db, name, &r, err)) != MD_OK)
		return rc;
	if (!r.provisional)
		rc = md_err_set(err, MD_ERR_INVALID,
				"関係機関「%s」は仮登録ではありません", name);
	char *detail = md_asprintf("仮登録の確認: %s", name);
	r.provisional = false;
	if (rc == MD_OK)
		rc = agency_rewrite(db, actor, &r, MD_AUDIT_AGENCY_CONFIRM,
				    detail, err);
	md_free(detail);
	agency_row_fini(&r);
	return rc;
}

enum md_status
md_agency_merge(struct md_db *db, const struct md_user *actor, const char *from,
		const char *into, struct md_err *err)
{
	enum md_status rc = md_auth_require(db, actor, true, "関係機関の統合",
					    err);
	struct agency_row a, b;
	memset(&b, 0, sizeof b);
	if (rc != MD_OK || (rc = agency_row_get(db, from, &a, err)) != MD_OK)
		return rc;
	if ((rc = agency_row_get(db, into, &b, err)) != MD_OK) {
		agency_row_fini(&a);
		return rc;
	}
	char *where = a.merged_into ? agency_name(db, a.merged_into) : NULL;
	if (a.id == b.id)
		rc = md_err_set(err, MD_ERR_INVALID,
				"関係機関「%s」をそれ自身に統合することはできません",
				from);
	else if (a.merged_into)
		rc = md_err_set(err, MD_ERR_INVALID,
				"関係機関「%s」はすでに「%s」に統合されています",
				from, where ? where : "");
	else if (!b.active)
		rc = md_err_set(err, MD_ERR_INVALID,
				"統合先の関係機関「%s」は使われていません",
				into);
	md_free(where);
	if (rc == MD_OK)
		rc = md_db_begin(db, err);
	size_t moved = 0;
	if (rc == MD_OK) {
		a.active = false;
		a.provisional = false;
		a.merged_into = b.id;
		struct md_store_agency row = store_row_of(&a);
		rc = md_store_agency_update(db, a.id, &row, err);
		/* Each referral moves as a new revision of its own. */
		char now[MD_TIMESTAMP_SIZE];
		md_clock_timestamp(now);
		if (rc == MD_OK)
			rc = md_store_referrals_move_agency(db, a.id, b.id,
							    actor->id, now,
							    &moved, err);
		if (rc == MD_OK)
			rc = md_store_agency_aliases_move(db, a.id, b.id, err);
		/* The name typed before still finds it (ハローワーク finds
		 * ハローワーク(公共職業安定所)). */
		if (rc == MD_OK)
			rc = md_store_agency_alias_insert(db, b.id, a.cell[0],
							  err);
		if (rc == MD_OK) {
			char *detail =
				md_asprintf("関係機関の統合: %s → %s(つなぎ %zu 件を付け替え、「%s」は別名に)",
					    from, into, moved, from);
			rc = md_audit_add(db, actor->id, MD_AUDIT_AGENCY_MERGE,
					  0, 0, detail, err);
			md_free(detail);
		}
		if (rc == MD_OK)
			rc = md_db_commit(db, err);
		else
			md_db_rollback(db);
	}
	agency_row_fini(&a);
	agency_row_fini(&b);
	return rc;
}

enum md_status
md_agency_correct(struct md_db *db, const struct md_user *actor,
		  const struct md_agency_kinds *kinds, const char *name,
		  const struct md_agency_in *in, struct md_err *err)
{
	enum md_status rc = md_auth_require(db, actor, true, "関係機関の訂正",
					    err);
	struct agency_row r;
	if (rc != MD_OK || (rc = agency_row_get(db, name, &r, err)) != MD_OK)
		return rc;
	struct md_values faults;
	md_values_init(&faults);
	check_in_fields(in, &faults);
	if (in->name && !*in->name)
		md_values_set(&faults, "name",
			      "関係機関の名称を入力してください", NULL);
	if (faults.n)
		rc = md_err_set(err, MD_ERR_INVALID, "%s",
				faults.items[0].value);
	if (rc == MD_OK && in->kind)
		rc = check_kind(kinds, in->kind, err);
	const char *given[7] = {in->name, in->kind,   in->phone, in->address,
				in->desk, in->target, in->hours};
	for (int i = 0; rc == MD_OK && i < 7; i++)
		if (given[i]) {
			char *v = md_strdup(given[i]);
			if (!v) {
				rc = md_err_set(err, MD_ERR_NOMEM, NULL);
				break;
			}
			md_free(r.cell[i]);
			r.cell[i] = md_text_trim(v);
		}
	char *detail = md_asprintf("関係機関の訂正: %s", name);
	if (rc == MD_OK)
		rc = agency_rewrite(db, actor, &r, MD_AUDIT_AGENCY_CORRECT,
				    detail, err);
	md_free(detail);
	md_values_fini(&faults);
	agency_row_fini(&r);
	return rc;
}
