/* Printing forms and the case list to CSV files (UTF-8 with BOM, UTF-8, CP932). */
#ifndef MADOGUCHI_EXPORT_H
#define MADOGUCHI_EXPORT_H

#include <stdbool.h>

#include "madoguchi/audit.h"
#include "madoguchi/auth.h"
#include "madoguchi/config.h"
#include "madoguchi/db.h"
#include "madoguchi/forms.h"
#include "madoguchi/mem.h"

struct md_export_options {
	enum md_csv_encoding encoding;
	bool force;         /* replace an existing file */
	int revision;       /* 0: the latest */
	const char *office; /* 事業所名 for the title rows; may be NULL */
	/* The 支援ケース一覧 of one office only (000 第4条; offices.h); 0: of
	 * every office. */
	long long office_id;
	/* The label of a workflow stage for the case list; NULL prints ids. */
	const char *(*stage_label)(const void *ctx, const char *stage);
	const void *stage_ctx;
};

/*
 * Print form form_id (round or entry seq; MD_SEQ_LATEST for the latest) of a
 * case to a CSV file at path: title rows (様式, 事業所, ケース番号, 氏名,
 * ふりがな, 印刷日 in 和暦, 印刷者), then one row per field (区分, 項目, 内容), a
 * table's rows one per row. An entries form (第3号様式) prints as its list
 * (経過一覧): one row per entry in date order. The file is written beside
 * path and renamed into place, mode 0600; an existing file is replaced only
 * with force. A character the encoding cannot hold is named, with its field,
 * and nothing is written. Audited as an export.
 */
enum md_status md_export_form(struct md_db *db, const struct md_user *actor,
			      const struct md_forms *forms, long long case_id,
			      const char *form_id, int seq, const char *path,
			      const struct md_export_options *opts,
			      struct md_err *err);

/*
 * Print the 支援ケース一覧 (every case, or every case of opts->office_id, by
 * number) to path, as above; the title rows name the office it is limited
 * to. Audited as an export (naming that office).
 */
enum md_status md_export_caselist(struct md_db *db, const struct md_user *actor,
				  const char *path,
				  const struct md_export_options *opts,
				  struct md_err *err);

/*
 * Print the rows of the audit log matching f (md_audit_list: 番号, 日時,
 * ユーザー名, 氏名, 操作, ケース番号, 本人番号, 内容), oldest first, to path,
 * as above. For administrators only; audited as an export.
 */
enum md_status md_export_audit(struct md_db *db, const struct md_user *actor,
			       const struct md_audit_filter *f,
			       const char *path,
			       const struct md_export_options *opts,
			       struct md_err *err);

/*
 * The file name a form of a case prints to: "CASE-NUMBER.csv" (12-第2号様式.csv).
 * A character a file name cannot hold here or on Windows (/ \ : * ? " < > |
 * and control characters) becomes "_", and a long 様式番号 is cut at a
 * character so that the name stays within what a file system allows.
 * Newly allocated; NULL when out of memory.
 */
char *md_export_file_name(long long case_id, const struct md_form *form);

/*
 * The text a CSV cell is written with, in every print above: cell itself,
 * or, when a spreadsheet would take it for a formula (md_text_is_formula:
 * = + - @ or their full-width forms first, after spaces or not, or a tab,
 * CR or LF first; a plain number such as -1200 is none), a single quote
 * and then cell unchanged, as OWASP recommends against CSV injection (the
 * cell is quoted, as every cell is). Returns cell, or the text in buf
 * (owned by the caller, valid until buf changes); NULL when out of memory.
 */
const char *md_export_cell(const char *cell, struct md_buf *buf);

/*
 * Print a table (nrows rows of ncols cells, row after row; the first cell
 * of a row names it in a message) to path as every print above is written:
 * the encoding of opts, each cell through md_export_cell, a temporary file
 * put in place (mode 0600) only after the export is audited (what, for
 * case_id and person_id, 0 for none) and committed, in a transaction of
 * its own. For the prints of other modules (the 案内票 of a referral).
 */
enum md_status md_export_table(struct md_db *db, const struct md_user *actor,
			       long long case_id, long long person_id,
			       const char *what, const char *const *cells,
			       size_t nrows, size_t ncols, const char *path,
			       const struct md_export_options *opts,
			       struct md_err *err);

/* The query md_export_caselist reads (the benchmark times SQLite's own
 * shell on it for comparison). */
extern const char md_caselist_sql[];

/* The columns of the 支援ケース一覧, in order. */
extern const char *const md_caselist_columns[];
extern const int md_caselist_ncolumns;

#endif
