/* The agency catalogue: importing it from CSV (libcsv), adding, listing. */
#include "madoguchi/agencies.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "madoguchi/audit.h"
#include "madoguchi/mem.h"
#include "madoguchi/text.h"

void
md_agencies_free(struct md_agency *a, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		md_free(a[i].name);
		md_free(a[i].kind);
		md_free(a[i].phone);
		md_free(a[i].address);
	}
	md_free(a);
}

#define AGENCY_COLS 4

/* The columns of a catalogue, in order, as its header names them. */
static const char *const agency_columns[AGENCY_COLS] = {"名称", "種別", "電話",
							"住所"};
/* The columns of the catalogue, as messages name them. */
static const char *const agency_labels[AGENCY_COLS] = {
    "関係機関の名称", "関係機関の種別", "関係機関の電話", "関係機関の住所"};

/* The state of parsing a catalogue. */
struct import {
	struct md_db *db;
	const char *path;
	char *cell[AGENCY_COLS];
	int ncell;
	int line;
	bool header_seen;
	size_t added;
	enum md_status rc;
	struct md_err *err;
};

static const char sql_agency_insert[] =
	"INSERT INTO agencies (name, kind, phone, address) VALUES (?1, ?2, ?3, ?4)"
	" ON CONFLICT (name) DO NOTHING";

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
		memmove(im->cell[0], im->cell[0] + 3, strlen(im->cell[0] + 3) + 1);
	if (!im->header_seen) {
		im->header_seen = true;
		if (im->ncell < 1 || !im->cell[0] || strcmp(im->cell[0], "名称"))
			im->rc = md_err_set(im->err, MD_ERR_INVALID,
					    "%s:%d: 1 行目は見出し「名称,種別,電話,住所」にしてください",
					    im->path, im->line);
		clear_cells(im);
		return;
	}
	if (im->ncell > AGENCY_COLS) {
		im->rc = md_err_set(im->err, MD_ERR_INVALID,
				    "%s:%d: 欄が %d 個あります(名称,種別,電話,住所 の 4 個まで)",
				    im->path, im->line, im->ncell);
		clear_cells(im);
		return;
	}
	for (int i = 0; i < im->ncell; i++) {
		struct md_err terr;
		md_text_trim(im->cell[i]);
		if (md_text_check(im->cell[i], false, agency_labels[i],
				  &terr) != MD_OK) {
			im->rc = md_err_set(im->err, MD_ERR_INVALID, "%s:%d: %s",
					    im->path, im->line, terr.msg);
			clear_cells(im);
			return;
		}
		/* Imports keep CSV injection out as prints do (issue 13,
		 * finding 1): refused, so that what the file says is what
		 * staff see. */
		if (md_text_is_formula(im->cell[i])) {
			im->rc = md_err_set(im->err, MD_ERR_INVALID,
					    "%s:%d: %s「%s」は表計算ソフトが数式として読む文字(= + - @ など)で始まるため読み込めません。先頭の文字を変えてください",
					    im->path, im->line, agency_columns[i],
					    im->cell[i]);
			clear_cells(im);
			return;
		}
	}
	if (im->ncell == 0 || !im->cell[0] || !*im->cell[0]) {
		im->rc = md_err_set(im->err, MD_ERR_INVALID,
				    "%s:%d: 名称がありません", im->path, im->line);
		clear_cells(im);
		return;
	}
	sqlite3_stmt *st = md_db_stmt(im->db, sql_agency_insert, im->err);
	if (!st) {
		im->rc = im->err->status;
		clear_cells(im);
		return;
	}
	for (int i = 0; i < AGENCY_COLS; i++)
		sqlite3_bind_text(st, 1 + i, i < im->ncell ? im->cell[i] : "", -1,
				  SQLITE_STATIC);
	int src = sqlite3_step(st);
	sqlite3_reset(st);
	if (src != SQLITE_DONE)
		im->rc = md_db_fail(im->db, src, "関係機関の登録", im->err);
	else
		im->added += (size_t)sqlite3_changes(md_db_sqlite(im->db));
	clear_cells(im);
}

static const char sql_agency_count[] = "SELECT count(*) FROM agencies";

enum md_status
md_agencies_import(struct md_db *db, const struct md_user *actor,
		   const char *path, size_t *added, struct md_err *err)
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
						    "関係機関の一覧の読み込み", err);
		if (rc != MD_OK)
			return rc;
	}
	FILE *f = fopen(path, "rb");
	if (!f)
		return md_err_set(err, errno == ENOENT ? MD_ERR_NOTFOUND : MD_ERR_IO,
				  "%s を読めません(%s)", path, md_strerror(errno));
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_APPEND_NULL) != 0) {
		fclose(f);
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	struct import im;
	memset(&im, 0, sizeof im);
	im.db = db;
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
					   "%s:%d: CSV として読めません(%s)", path,
					   im.line + 1, csv_strerror(csv_error(&p)));
		}
	}
	if (im.rc == MD_OK && ferror(f))
		im.rc = md_err_set(err, MD_ERR_IO, "%s を読めません", path);
	if (im.rc == MD_OK &&
	    csv_fini(&p, import_field, import_row, &im) != 0)
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
		char *detail = md_asprintf("関係機関 %zu 件 (%s)", im.added, path);
		rc = md_audit_add(db, actor->id, MD_AUDIT_UPDATE, 0, 0, detail, err);
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

static const char sql_agency_add[] =
	"INSERT INTO agencies (name, kind, phone, address) VALUES (?1, ?2, ?3, ?4)";

enum md_status
md_agency_add(struct md_db *db, const struct md_user *actor, const char *name,
	      const char *kind, const char *phone, const char *address,
	      struct md_err *err)
{
	const char *fields[] = {name, kind ? kind : "", phone ? phone : "",
				address ? address : ""};
	for (int i = 0; i < 4; i++) {
		enum md_status rc =
		    md_text_check(fields[i], false, agency_labels[i], err);
		if (rc != MD_OK)
			return rc;
	}
	if (!*name)
		return md_err_set(err, MD_ERR_INVALID, "関係機関の名称を入力してください");
	enum md_status rc = md_auth_require(db, actor, true, "関係機関の登録", err);
	if (rc != MD_OK)
		return rc;
	rc = md_db_begin(db, err);
	if (rc != MD_OK)
		return rc;
	sqlite3_stmt *st = md_db_stmt(db, sql_agency_add, err);
	if (!st) {
		md_db_rollback(db);
		return err->status;
	}
	for (int i = 0; i < 4; i++)
		sqlite3_bind_text(st, 1 + i, fields[i], -1, SQLITE_STATIC);
	int src = sqlite3_step(st);
	sqlite3_reset(st);
	if (src == SQLITE_CONSTRAINT_UNIQUE)
		rc = md_err_set(err, MD_ERR_EXISTS, "関係機関「%s」はすでにあります",
				name);
	else if (src != SQLITE_DONE)
		rc = md_db_fail(db, src, "関係機関の登録", err);
	if (rc == MD_OK) {
		char *detail = md_asprintf("関係機関の登録: %s", name);
		rc = md_audit_add(db, actor->id, MD_AUDIT_UPDATE, 0, 0, detail, err);
		md_free(detail);
	}
	if (rc == MD_OK)
		return md_db_commit(db, err);
	md_db_rollback(db);
	return rc;
}

static const char sql_agency_list[] =
	"SELECT id, name, kind, phone, address, active FROM agencies"
	" ORDER BY active DESC, name";

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
		if (!a->name || !a->kind || !a->phone || !a->address) {
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
