/* CSV prints of forms and of the case list: libcsv quoting, iconv to CP932,
 * written beside the target and renamed into place. */
#include "madoguchi/export.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db_int.h"
#include "madoguchi/audit.h"
#include "madoguchi/cases.h"
#include "madoguchi/clock.h"
#include "madoguchi/display.h"
#include "madoguchi/offices.h"
#include "madoguchi/paths.h"
#include "madoguchi/records.h"
#include "madoguchi/text.h"
#include "madoguchi/validate.h"
#include "madoguchi/wareki.h"

/* A CSV file being written: a temporary file beside its destination. */
struct csv_out {
	FILE *fp;
	char *tmp;
	const char *dest;
	enum md_csv_encoding enc;
	iconv_t cd;
	struct md_buf conv;
	struct md_buf cell; /* a cell with the quote md_export_cell adds */
};

static const char *const encoding_names[] = {"UTF-8 (BOM 付き)", "UTF-8",
					     "CP932"};

static void
csv_abort(struct csv_out *o)
{
	if (o->fp)
		fclose(o->fp);
	if (o->tmp) {
		unlink(o->tmp);
		md_free(o->tmp);
	}
	if (o->cd != (iconv_t)-1)
		iconv_close(o->cd);
	md_buf_fini(&o->conv);
	md_buf_fini(&o->cell);
	memset(o, 0, sizeof *o);
	o->cd = (iconv_t)-1;
}

static enum md_status
csv_open(struct csv_out *o, const char *dest, enum md_csv_encoding enc,
	 bool force, struct md_err *err)
{
	memset(o, 0, sizeof *o);
	o->dest = dest;
	o->enc = enc;
	o->cd = (iconv_t)-1;
	md_buf_init(&o->conv);
	md_buf_init(&o->cell);
	struct stat sb;
	/* Refused before anything is written or audited: a print is audited
	 * before it is put in place, so whatever can be known to fail must
	 * fail here. */
	if (stat(dest, &sb) == 0 && S_ISDIR(sb.st_mode))
		return md_err_set(err, MD_ERR_INVALID,
				  "%s はフォルダです。ファイルの名前を指定してください",
				  dest);
	if (!force && stat(dest, &sb) == 0)
		return md_err_set(err, MD_ERR_EXISTS,
				  "%s はすでにあります。上書きするには --force を付けてください",
				  dest);
	if (enc == MD_CSV_CP932) {
		o->cd = iconv_open("CP932", "UTF-8");
		if (o->cd == (iconv_t)-1)
			return md_err_set(err, MD_ERR_ENCODING,
					  "CP932 への変換を使えません(iconv)");
	}
	char *dir = md_path_dirname(dest);
	const char *base = strrchr(dest, '/') ? strrchr(dest, '/') + 1 : dest;
	o->tmp = dir ? md_asprintf("%s/.%s.tmp-XXXXXX", dir, base) : NULL;
	md_free(dir);
	/* On failure csv_abort frees what was opened (the converter). */
	if (!o->tmp) {
		csv_abort(o);
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	int fd = mkstemp(o->tmp);
	if (fd < 0) {
		enum md_status rc = md_err_set(err, MD_ERR_IO,
					       "%s を作成できません(%s)", dest,
					       md_strerror(errno));
		md_free(o->tmp);
		o->tmp = NULL;
		csv_abort(o);
		return rc;
	}
	fchmod(fd, 0600);
	o->fp = fdopen(fd, "wb");
	if (!o->fp) {
		close(fd);
		csv_abort(o);
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	if (enc == MD_CSV_UTF8_BOM)
		fputs("\xEF\xBB\xBF", o->fp);
	return MD_OK;
}

/* Convert one cell to CP932 into o->conv; names the character that cannot
 * be written, and where, on failure. */
static enum md_status
to_cp932(struct csv_out *o, const char *cell, const char *where,
	 struct md_err *err)
{
	md_buf_reset(&o->conv);
	size_t inleft = strlen(cell);
	char *in = (char *)cell;
	iconv(o->cd, NULL, NULL, NULL, NULL);
	while (inleft > 0) {
		char chunk[1024];
		char *outp = chunk;
		size_t outleft = sizeof chunk;
		size_t r = iconv(o->cd, &in, &inleft, &outp, &outleft);
		md_buf_add(&o->conv, chunk, sizeof chunk - outleft);
		if (r != (size_t)-1)
			continue;
		if (errno == E2BIG)
			continue;
		uint32_t cp = 0;
		size_t n = md_utf8_decode(in, inleft, &cp);
		return md_err_set(err, MD_ERR_ENCODING,
				  "「%.*s」(U+%04X)は CP932 で表せないため出力できません(%s)。UTF-8 で出力するか、その文字を置き換えてください",
				  (int)(n ? n : 1), in, (unsigned)cp, where);
	}
	return md_buf_ok(&o->conv) ? MD_OK
				   : md_err_set(err, MD_ERR_NOMEM, NULL);
}

const char *
md_export_cell(const char *cell, struct md_buf *buf)
{
	if (!md_text_is_formula(cell))
		return cell;
	md_buf_reset(buf);
	md_buf_addc(buf, '\'');
	md_buf_adds(buf, cell);
	return md_buf_ok(buf) ? md_buf_str(buf) : NULL;
}

/* Write one row; where names the row in a message (a field label). Every
 * CSV the program writes goes through here, each cell through
 * md_export_cell. */
static enum md_status
csv_row(struct csv_out *o, const char *const *cells, size_t n,
	const char *where, struct md_err *err)
{
	for (size_t i = 0; i < n; i++) {
		const char *cell = md_export_cell(cells[i] ? cells[i] : "",
						  &o->cell);
		if (!cell)
			return md_err_set(err, MD_ERR_NOMEM, NULL);
		const char *data = cell;
		size_t len = strlen(cell);
		if (o->enc == MD_CSV_CP932) {
			enum md_status rc = to_cp932(o, cell, where, err);
			if (rc != MD_OK)
				return rc;
			data = md_buf_str(&o->conv);
			len = o->conv.len;
		}
		if (i)
			fputc(',', o->fp);
		if (csv_fwrite(o->fp, data, len) != 0)
			return md_err_set(err,
					  errno == ENOSPC ? MD_ERR_FULL
							  : MD_ERR_IO,
					  "%s を書き込めません(%s)", o->dest,
					  md_strerror(errno));
	}
	fputs("\r\n", o->fp);
	if (ferror(o->fp))
		return md_err_set(err,
				  errno == ENOSPC ? MD_ERR_FULL : MD_ERR_IO,
				  "%s を書き込めません(%s)", o->dest,
				  md_strerror(errno));
	return MD_OK;
}

/* Two-cell row "label, value". */
static enum md_status
csv_pair(struct csv_out *o, const char *label, const char *value,
	 struct md_err *err)
{
	const char *cells[] = {label, value};
	return csv_row(o, cells, 2, label, err);
}

/* Flush, sync and close the file, still under its temporary name; on
 * failure it is removed. */
static enum md_status
csv_finish(struct csv_out *o, struct md_err *err)
{
	enum md_status rc = MD_OK;
	if (fflush(o->fp) != 0 || fsync(fileno(o->fp)) != 0)
		rc = md_err_set(err, errno == ENOSPC ? MD_ERR_FULL : MD_ERR_IO,
				"%s を書き込めません(%s)", o->dest,
				md_strerror(errno));
	if (fclose(o->fp) != 0 && rc == MD_OK)
		rc = md_err_set(err, errno == ENOSPC ? MD_ERR_FULL : MD_ERR_IO,
				"%s を書き込めません(%s)", o->dest,
				md_strerror(errno));
	o->fp = NULL;
	if (rc != MD_OK)
		csv_abort(o);
	return rc;
}

/*
 * Move the finished file into place. The callers do it once the export is
 * audited and committed: whatever fails before leaves the old file (or
 * none), never a print the audit log does not know.
 *
 * The rename (or link) itself can still fail after the commit: the folder
 * made read-only or full meanwhile, or, without force, a file of that name
 * made meanwhile. Nothing can take the commit back, so the audit log then
 * holds an export whose file is not in place. That is the safe side of the
 * two (an audited print too many, never a print nobody audited), and the
 * message says so; the temporary file is removed.
 */
static enum md_status
csv_place(struct csv_out *o, bool force, struct md_err *err)
{
	enum md_status rc = MD_OK;
	/* Without force, link() refuses an existing file atomically. */
	if (force ? rename(o->tmp, o->dest) != 0 : link(o->tmp, o->dest) != 0)
		rc = errno == EEXIST
			     ? md_err_set(err, MD_ERR_EXISTS,
					  "%s はすでにあります。上書きするには --force を付けてください(この印刷は監査記録に残りましたが、ファイルは作成していません)",
					  o->dest)
			     : md_err_set(err,
					  errno == ENOSPC ? MD_ERR_FULL
							  : MD_ERR_IO,
					  "%s に書き込めません(%s)。この印刷は監査記録に残りましたが、ファイルは作成していません",
					  o->dest, md_strerror(errno));
	if (rc == MD_OK) {
		if (!force)
			unlink(o->tmp);
		char *dir = md_path_dirname(o->dest);
		int fd = dir ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
			     : -1;
		if (fd >= 0) {
			fsync(fd);
			close(fd);
		}
		md_free(dir);
		md_free(o->tmp);
		o->tmp = NULL;
	}
	csv_abort(o);
	return rc;
}

static char *
today_wareki(void)
{
	char today[MD_DATE_SIZE];
	md_clock_today(today);
	return md_display_date(today, MD_DATE_LONG);
}

/* The title rows every print starts with. */
static enum md_status
title_rows(struct csv_out *o, const char *number, const char *title,
	   const struct md_export_options *opts, const struct md_case *c,
	   bool person, const struct md_user *actor, struct md_err *err)
{
	char *printed = today_wareki();
	char idbuf[32];
	enum md_status rc = printed ? MD_OK
				    : md_err_set(err, MD_ERR_NOMEM, NULL);
	if (rc == MD_OK) {
		const char *cells[] = {number, title};
		rc = csv_row(o, cells, 2, "様式名", err);
	}
	if (rc == MD_OK)
		rc = csv_pair(o, "事業所", opts->office ? opts->office : "",
			      err);
	if (rc == MD_OK && c) {
		snprintf(idbuf, sizeof idbuf, "%lld", c->id);
		rc = csv_pair(o, "ケース番号", idbuf, err);
	}
	if (rc == MD_OK && c && person) {
		rc = csv_pair(o, "氏名", c->person.field[MD_PERSON_NAME], err);
		if (rc == MD_OK)
			rc = csv_pair(o, "ふりがな",
				      c->person.field[MD_PERSON_KANA], err);
	}
	if (rc == MD_OK)
		rc = csv_pair(o, "印刷日", printed, err);
	if (rc == MD_OK)
		rc = csv_pair(o, "印刷者", actor->display_name, err);
	md_free(printed);
	return rc;
}

/* The rows of one field: "区分, 項目, 内容", or a table's header and rows. */
static enum md_status
field_rows(struct md_db *db, struct csv_out *o, const struct md_field *f,
	   const struct md_values *v, struct md_err *err)
{
	enum md_status rc = MD_OK;
	if (f->type != MD_FIELD_TABLE) {
		char *text;
		rc = md_display_print_value(db, f, NULL, v, f->key,
					    MD_DATE_LONG, &text, err);
		if (rc != MD_OK)
			return rc;
		const char *cells[] = {f->section, f->label, text};
		rc = csv_row(o, cells, 3, f->label, err);
		md_free(text);
		if (rc == MD_OK && f->primary) {
			char key[96];
			snprintf(key, sizeof key, "%s.primary", f->key);
			const char *pv = md_values_get(v, key);
			const char *pcells[] = {f->section, f->primary,
						pv ? pv : ""};
			rc = csv_row(o, pcells, 3, f->primary, err);
		}
		return rc;
	}
	size_t nc = f->ncolumns + 2;
	const char **cells = md_calloc(nc, sizeof *cells);
	char **owned = md_calloc(nc, sizeof *owned);
	if (!cells || !owned) {
		md_free(cells);
		md_free(owned);
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	cells[0] = f->section;
	cells[1] = f->label;
	for (size_t i = 0; i < f->ncolumns; i++)
		cells[2 + i] = f->columns[i].label;
	rc = csv_row(o, cells, nc, f->label, err);
	int rows = md_values_table_rows(v, f->key);
	for (int r = 1; r <= rows && rc == MD_OK; r++) {
		char *label = md_asprintf("%s %d", f->label, r);
		owned[1] = label;
		cells[1] = label;
		for (size_t i = 0; i < f->ncolumns && rc == MD_OK; i++) {
			char *key = md_asprintf("%s.%d.%s", f->key, r,
						f->columns[i].key);
			rc = key ? md_display_print_value(db, f, &f->columns[i],
							  v, key, MD_DATE_LONG,
							  &owned[2 + i], err)
				 : md_err_set(err, MD_ERR_NOMEM, NULL);
			md_free(key);
			cells[2 + i] = owned[2 + i];
		}
		if (!label)
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
		if (rc == MD_OK)
			rc = csv_row(o, cells, nc, f->label, err);
		for (size_t i = 1; i < nc; i++) {
			md_free(owned[i]);
			owned[i] = NULL;
		}
	}
	if (rows == 0 && rc == MD_OK) {
		const char *empty[] = {f->section, f->label, ""};
		rc = csv_row(o, empty, 3, f->label, err);
	}
	md_free(cells);
	md_free(owned);
	return rc;
}

static const char sql_entries_asc[] =
	"SELECT f.id, f.revision FROM form_records f WHERE f.case_id = ?1"
	" AND f.form = ?2 ORDER BY f.entry_date, f.seq";

/* 第3号様式 as its list: one row per entry, in date order. */
static enum md_status
entries_rows(struct md_db *db, struct csv_out *o, const struct md_form *form,
	     long long case_id, struct md_err *err)
{
	size_t nf = 0;
	for (size_t i = 0; i < form->nfields; i++)
		nf += form->fields[i].type != MD_FIELD_FIXED &&
		      form->fields[i].type != MD_FIELD_TABLE;
	const char **cells = md_calloc(nf ? nf : 1, sizeof *cells);
	char **owned = md_calloc(nf ? nf : 1, sizeof *owned);
	if (!cells || !owned) {
		md_free(cells);
		md_free(owned);
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	size_t k = 0;
	for (size_t i = 0; i < form->nfields; i++)
		if (form->fields[i].type != MD_FIELD_FIXED &&
		    form->fields[i].type != MD_FIELD_TABLE)
			cells[k++] = form->fields[i].label;
	enum md_status rc = csv_row(o, cells, nf, "見出し", err);
	sqlite3_stmt *st = rc == MD_OK ? md_db_stmt(db, sql_entries_asc, err)
				       : NULL;
	if (rc == MD_OK && !st)
		rc = err->status;
	if (rc == MD_OK) {
		/* Read the ids first: the loop below reuses statements. */
		long long *ids = NULL;
		int *revs = NULL;
		size_t n = 0;
		sqlite3_bind_int64(st, 1, case_id);
		sqlite3_bind_text(st, 2, form->id, -1, SQLITE_STATIC);
		int src;
		while ((src = sqlite3_step(st)) == SQLITE_ROW) {
			long long *ni = md_realloc(ids, (n + 1) * sizeof *ni);
			int *nr = ni ? md_realloc(revs, (n + 1) * sizeof *nr)
				     : NULL;
			if (ni)
				ids = ni;
			if (!nr) {
				rc = md_err_set(err, MD_ERR_NOMEM, NULL);
				break;
			}
			revs = nr;
			ids[n] = sqlite3_column_int64(st, 0);
			revs[n++] = sqlite3_column_int(st, 1);
		}
		sqlite3_reset(st);
		if (rc == MD_OK && src != SQLITE_DONE)
			rc = md_db_fail(db, src, "経過の読み込み", err);
		struct md_values v;
		md_values_init(&v);
		for (size_t e = 0; e < n && rc == MD_OK; e++) {
			rc = md_record_revision_values(db, ids[e], revs[e], &v,
						       err);
			k = 0;
			for (size_t i = 0; i < form->nfields && rc == MD_OK;
			     i++) {
				const struct md_field *f = &form->fields[i];
				if (f->type == MD_FIELD_FIXED ||
				    f->type == MD_FIELD_TABLE)
					continue;
				rc = md_display_print_value(db, f, NULL, &v,
							    f->key,
							    MD_DATE_LONG,
							    &owned[k], err);
				cells[k] = owned[k];
				k++;
			}
			if (rc == MD_OK)
				rc = csv_row(o, cells, nf, form->title, err);
			for (size_t i = 0; i < k; i++) {
				md_free(owned[i]);
				owned[i] = NULL;
			}
		}
		md_values_fini(&v);
		md_free(ids);
		md_free(revs);
	}
	md_free(cells);
	md_free(owned);
	return rc;
}

/*
 * The end of every print, in the transaction the caller began: the audit
 * row, the commit, then the file put in place. Not audited: not exported;
 * a file that cannot be put in place after the commit leaves an audited
 * print and no file, the safe side (csv_place says so).
 */
static enum md_status
audit_and_place(struct md_db *db, struct csv_out *o,
		const struct md_user *actor, long long case_id,
		long long person_id, const char *what,
		const struct md_export_options *opts, struct md_err *err)
{
	char *detail = md_asprintf("%s → %s (%s)", what, o->dest,
				   encoding_names[opts->encoding]);
	enum md_status rc = detail ? md_audit_add(db, actor->id,
						  MD_AUDIT_EXPORT, case_id,
						  person_id, detail, err)
				   : md_err_set(err, MD_ERR_NOMEM, NULL);
	md_free(detail);
	if (rc == MD_OK)
		rc = md_db_commit(db, err);
	else
		md_db_rollback(db);
	if (rc == MD_OK)
		return csv_place(o, opts->force, err);
	csv_abort(o);
	return rc;
}

enum md_status
md_export_form(struct md_db *db, const struct md_user *actor,
	       const struct md_forms *forms, long long case_id,
	       const char *form_id, int seq, const char *path,
	       const struct md_export_options *opts, struct md_err *err)
{
	const struct md_form *form = md_forms_find(forms, form_id);
	if (!form)
		return md_err_set(err, MD_ERR_NOTFOUND,
				  "様式「%s」はありません", form_id);
	enum md_status rc = md_auth_require(db, actor, false, "様式の印刷",
					    err);
	if (rc != MD_OK)
		return rc;
	struct csv_out o;
	struct md_case c;
	struct md_record rec;
	memset(&c, 0, sizeof c);
	memset(&rec, 0, sizeof rec);
	md_values_init(&rec.values);
	rc = md_db_begin(db, err);
	if (rc != MD_OK)
		return rc;
	bool file_open = false;
	if ((rc = md_case_load(db, case_id, &c, err)) != MD_OK)
		goto fail;
	if (!form->entries) {
		rc = md_record_load(db, actor, forms, case_id, form->id, seq,
				    &rec, err);
		if (rc != MD_OK)
			goto fail;
		if (!rec.id) {
			/* Never saved: a blank form with the person's fields. */
			struct md_values person;
			md_values_init(&person);
			for (size_t i = 0; i < form->nfields && rc == MD_OK;
			     i++)
				if (form->fields[i].person != MD_PERSON_NONE)
					rc = md_values_set(&person,
							   form->fields[i].key,
							   md_values_get(&rec.values,
									 form->fields[i]
										 .key),
							   err);
			md_values_fini(&rec.values);
			rec.values = person;
		} else if (opts->revision > 0) {
			struct md_values old;
			md_values_init(&old);
			rc = md_record_revision_values(db, rec.id,
						       opts->revision, &old,
						       err);
			/* The form's own fields as then; the person's as now. */
			if (rc == MD_OK) {
				for (size_t i = 0;
				     i < form->nfields && rc == MD_OK; i++) {
					const struct md_field
						*f = &form->fields[i];
					if (f->person != MD_PERSON_NONE)
						rc = md_values_set(&old, f->key,
								   md_values_get(&rec.values,
										 f->key),
								   err);
				}
			}
			md_values_fini(&rec.values);
			rec.values = old;
			if (rc != MD_OK)
				goto fail;
		}
	}
	if ((rc = csv_open(&o, path, opts->encoding, opts->force, err)) !=
	    MD_OK)
		goto fail;
	file_open = true;
	rc = title_rows(&o, form->number, form->title, opts, &c,
			form->person_header, actor, err);
	if (rc == MD_OK && !form->entries) {
		char revbuf[64];
		snprintf(revbuf, sizeof revbuf, "%d%s",
			 opts->revision > 0 ? opts->revision : rec.revision,
			 !rec.id ? "(未作成)"
			 : md_form_missing(form, &rec.values, NULL) ? "(下書き)"
								    : "(完了)");
		rc = csv_pair(&o, "版", revbuf, err);
	}
	if (rc == MD_OK) {
		const char *blank[] = {""};
		rc = csv_row(&o, blank, 1, "", err);
	}
	if (rc == MD_OK && form->entries) {
		rc = entries_rows(db, &o, form, case_id, err);
	} else if (rc == MD_OK) {
		const char *head[] = {"区分", "項目", "内容"};
		rc = csv_row(&o, head, 3, "見出し", err);
		for (size_t i = 0; i < form->nfields && rc == MD_OK; i++)
			rc = field_rows(db, &o, &form->fields[i], &rec.values,
					err);
	}
	if (rc == MD_OK)
		rc = csv_finish(&o, err);
	if (rc != MD_OK)
		goto fail;
	char what[200];
	md_text_format(what, sizeof what, "%s %s", form->number, form->title);
	rc = audit_and_place(db, &o, actor, case_id, c.person_id, what, opts,
			     err);
	md_case_fini(&c);
	md_record_fini(&rec);
	return rc;
fail:
	if (file_open)
		csv_abort(&o);
	md_db_rollback(db);
	if (c.id)
		md_case_fini(&c);
	md_record_fini(&rec);
	return rc;
}

const char *const md_caselist_columns[] = {
	"ケース番号", "氏名",         "ふりがな",   "性別",
	"年齢",       "受付日",       "担当者",     "現在の段階",
	"段階の日付", "プラン作成日", "プラン期間", "次回評価予定日",
	"終結日",     "終結の理由",
};
const int md_caselist_ncolumns = (int)(sizeof md_caselist_columns /
				       sizeof md_caselist_columns[0]);

const char md_caselist_sql[] =
	"SELECT c.id, p.name, p.kana, p.sex, coalesce(p.birth_date, ''),"
	" c.opened_on, coalesce(u.display_name, ''), c.stage,"
	" coalesce(json_extract(pv.data, '$.created_on'), ''),"
	" coalesce(json_extract(pv.data, '$.plan_from'), ''),"
	" coalesce(json_extract(pv.data, '$.plan_to'), ''),"
	" coalesce(c.next_eval_on, ''), coalesce(c.closed_on, ''),"
	" coalesce(c.close_reason, ''), c.status = 'open',"
	/* The day the last step was done (相談受付: the 受付日). */
	" coalesce((SELECT coalesce(e.done_on, c.opened_on) FROM workflow_events e"
	"  WHERE e.case_id = c.id ORDER BY e.id DESC LIMIT 1), c.opened_on)"
	" FROM cases c JOIN persons p ON p.id = c.person_id"
	" LEFT JOIN users u ON u.id = c.staff_id"
	" LEFT JOIN form_records pr ON pr.case_id = c.id AND pr.form = 'plan'"
	"  AND pr.seq = (SELECT max(seq) FROM form_records m"
	"                WHERE m.case_id = c.id AND m.form = 'plan')"
	" LEFT JOIN form_revisions pv ON pv.record_id = pr.id"
	"  AND pv.revision = pr.revision"
	/* One office's cases (?1 unbound, as sqlite3's shell leaves it: all). */
	" WHERE ?1 IS NULL OR c.office_id = ?1"
	" ORDER BY c.id";

enum md_status
md_export_caselist(struct md_db *db, const struct md_user *actor,
		   const char *path, const struct md_export_options *opts,
		   struct md_err *err)
{
	enum md_status rc = md_auth_require(db, actor, false,
					    "支援ケース一覧の印刷", err);
	if (rc != MD_OK)
		return rc;
	struct csv_out o;
	rc = md_db_begin(db, err);
	if (rc != MD_OK)
		return rc;
	if ((rc = csv_open(&o, path, opts->encoding, opts->force, err)) !=
	    MD_OK) {
		md_db_rollback(db);
		return rc;
	}
	char *office = opts->office_id ? md_office_name(db, opts->office_id)
				       : NULL;
	char *what = office ? md_asprintf("支援ケース一覧(%s)", office)
			    : md_strdup("支援ケース一覧");
	if (!what || (opts->office_id && !office))
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	if (rc == MD_OK)
		rc = title_rows(&o, "", "支援ケース一覧", opts, NULL, false,
				actor, err);
	if (rc == MD_OK && office)
		rc = csv_pair(&o, "対象の事業所", office, err);
	if (rc == MD_OK) {
		const char *blank[] = {""};
		rc = csv_row(&o, blank, 1, "", err);
	}
	if (rc == MD_OK)
		rc = csv_row(&o, md_caselist_columns,
			     (size_t)md_caselist_ncolumns, "見出し", err);
	md_free(office);
	sqlite3_stmt *st = rc == MD_OK ? md_db_stmt(db, md_caselist_sql, err)
				       : NULL;
	if (rc == MD_OK && !st)
		rc = err->status;
	if (st && opts->office_id)
		sqlite3_bind_int64(st, 1, opts->office_id);
	char today[MD_DATE_SIZE];
	md_clock_today(today);
	struct md_date now;
	md_date_from_iso(today, &now, NULL);
	/* A day comes back across many cases: each is made 和暦 once. */
	struct md_display_memo *memo = md_calloc(1, sizeof *memo);
	if (!memo && rc == MD_OK)
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	int src = SQLITE_DONE;
	while (rc == MD_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
		char id[32], age[16] = "";
		snprintf(id, sizeof id, "%lld", sqlite3_column_int64(st, 0));
		const char *birth = (const char *)sqlite3_column_text(st, 4);
		struct md_date bd;
		if (birth && md_date_from_iso(birth, &bd, NULL) == MD_OK)
			snprintf(age, sizeof age, "%d", md_date_age(bd, now));
		const char *stage = (const char *)sqlite3_column_text(st, 7);
		if (opts->stage_label)
			stage = opts->stage_label(opts->stage_ctx, stage);
		const char *col[16];
		for (int k = 0; k < 16; k++)
			col[k] = (const char *)sqlite3_column_text(st, k);
		char opened[MD_DISPLAY_WHEN_SIZE],
			created[MD_DISPLAY_WHEN_SIZE],
			from[MD_DISPLAY_WHEN_SIZE], to[MD_DISPLAY_WHEN_SIZE],
			due_w[MD_DISPLAY_WHEN_SIZE],
			closed[MD_DISPLAY_WHEN_SIZE],
			stage_on[MD_DISPLAY_WHEN_SIZE];
		const char *cells[] = {
			id,
			col[1],
			col[2],
			col[3],
			age,
			md_display_memo(memo, col[5], MD_DATE_LONG, opened),
			col[6],
			stage,
			md_display_memo(memo, col[15], MD_DATE_LONG, stage_on),
			md_display_memo(memo, col[8], MD_DATE_LONG, created),
			"", /* the plan's period, below */
			md_display_memo(memo, col[11], MD_DATE_LONG, due_w),
			md_display_memo(memo, col[12], MD_DATE_LONG, closed),
			col[13],
		};
		const char *f = md_display_memo(memo, col[9], MD_DATE_LONG,
						from);
		const char *t = md_display_memo(memo, col[10], MD_DATE_LONG,
						to);
		const char *due_iso = col[11];
		bool overdue = due_iso && *due_iso &&
			       sqlite3_column_int(st, 14) &&
			       strcmp(due_iso, today) < 0;
		char period[2 * MD_DISPLAY_WHEN_SIZE + 8];
		if (*f || *t) {
			snprintf(period, sizeof period, "%s〜%s", f, t);
			cells[10] = period;
		}
		char due[MD_DISPLAY_WHEN_SIZE + 16];
		if (overdue) {
			snprintf(due, sizeof due, "%s(期限超過)", cells[11]);
			cells[11] = due;
		}
		rc = csv_row(&o, cells, sizeof cells / sizeof cells[0], id,
			     err);
	}
	md_free(memo);
	if (st)
		sqlite3_reset(st);
	if (rc == MD_OK && src != SQLITE_DONE)
		rc = md_db_fail(db, src, "支援ケース一覧の読み込み", err);
	if (rc != MD_OK) {
		csv_abort(&o);
		md_db_rollback(db);
	} else if ((rc = csv_finish(&o, err)) != MD_OK) {
		md_db_rollback(db);
	} else {
		rc = audit_and_place(db, &o, actor, 0, 0, what, opts, err);
	}
	md_free(what);
	return rc;
}

enum md_status
md_export_audit(struct md_db *db, const struct md_user *actor,
		const struct md_audit_filter *f, const char *path,
		const struct md_export_options *opts, struct md_err *err)
{
	enum md_status rc = md_auth_require(db, actor, true, "監査記録の印刷",
					    err);
	if (rc != MD_OK)
		return rc;
	struct csv_out o;
	if ((rc = csv_open(&o, path, opts->encoding, opts->force, err)) !=
	    MD_OK)
		return rc;
	static const char *const head[] = {"番号",     "日時", "ユーザー名",
					   "氏名",     "操作", "ケース番号",
					   "本人番号", "内容"};
	rc = title_rows(&o, "", "監査記録", opts, NULL, false, actor, err);
	if (rc == MD_OK) {
		const char *blank[] = {""};
		rc = csv_row(&o, blank, 1, "", err);
	}
	if (rc == MD_OK)
		rc = csv_row(&o, head, sizeof head / sizeof head[0], "見出し",
			     err);
	long long after = 0;
	for (size_t n = 1000; rc == MD_OK && n == 1000;) {
		struct md_audit_row *rows;
		rc = md_audit_list(db, actor, f, after, 1000, &rows, &n, err);
		for (size_t i = 0; rc == MD_OK && i < n; i++) {
			const struct md_audit_row *r = &rows[i];
			char id[24], cid[24] = "", pid[24] = "";
			snprintf(id, sizeof id, "%lld", r->id);
			if (r->case_id)
				snprintf(cid, sizeof cid, "%lld", r->case_id);
			if (r->person_id)
				snprintf(pid, sizeof pid, "%lld", r->person_id);
			enum md_audit_action a;
			const char *cells[] = {id,
					       r->at,
					       r->login,
					       r->user_name,
					       md_audit_parse(r->action, &a)
						       ? md_audit_label(a)
						       : r->action,
					       cid,
					       pid,
					       r->detail};
			rc = csv_row(&o, cells, sizeof cells / sizeof cells[0],
				     id, err);
		}
		if (n)
			after = rows[n - 1].id;
		md_audit_rows_free(rows, n);
	}
	if (rc != MD_OK) {
		csv_abort(&o);
		return rc;
	}
	if ((rc = csv_finish(&o, err)) != MD_OK)
		return rc;
	if ((rc = md_db_begin(db, err)) != MD_OK) {
		csv_abort(&o);
		return rc;
	}
	return audit_and_place(db, &o, actor, 0, 0, "監査記録", opts, err);
}

char *
md_export_file_name(long long case_id, const struct md_form *form)
{
	/* 200 bytes of 様式番号: with the number and ".csv", under the 255
	 * bytes of a name on Linux file systems. */
	char number[201];
	md_text_format(number, sizeof number, "%s", form->number);
	for (char *p = number; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7F ||
		    strchr("/\\:*?\"<>|", *p))
			*p = '_';
	return md_asprintf("%lld-%s.csv", case_id, number);
}

enum md_status
md_export_table(struct md_db *db, const struct md_user *actor,
		long long case_id, long long person_id, const char *what,
		const char *const *cells, size_t nrows, size_t ncols,
		const char *path, const struct md_export_options *opts,
		struct md_err *err)
{
	struct csv_out o;
	enum md_status rc = md_auth_require(db, actor, false, what, err);
	if (rc != MD_OK || (rc = csv_open(&o, path, opts->encoding, opts->force,
					  err)) != MD_OK)
		return rc;
	for (size_t i = 0; rc == MD_OK && i < nrows; i++)
		rc = csv_row(&o, cells + i * ncols, ncols, cells[i * ncols],
			     err);
	if (rc == MD_OK)
		rc = csv_finish(&o, err);
	else
		csv_abort(&o);
	if (rc != MD_OK)
		return rc;
	if ((rc = md_db_begin(db, err)) != MD_OK) {
		csv_abort(&o);
		return rc;
	}
	return audit_and_place(db, &o, actor, case_id, person_id, what, opts,
			       err);
}
