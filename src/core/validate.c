/* Per-type checks and normalisation of typed values, with Japanese messages. */
#include "madoguchi/validate.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_int.h"
#include "madoguchi/agencies.h"
#include "madoguchi/clock.h"
#include "madoguchi/text.h"
#include "madoguchi/wareki.h"

/* The name a message gives the field: "家族構成(続柄)" for a column. */
static void
field_name(const struct md_field *f, const struct md_column *col, char *out,
	   size_t size)
{
	/* A long label is cut: at a character, since messages quote it
	 * (found by fuzz_forms). */
	if (col)
		md_text_format(out, size, "%s(%s)", f->label, col->label);
	else
		md_text_format(out, size, "%s", f->label);
}

/* Remove all ASCII spaces, tabs and ideographic spaces. */
static void
squeeze_spaces(char *s)
{
	char *w = s;
	for (char *r = s; *r;) {
		if (*r == ' ' || *r == '\t') {
			r++;
		} else if (!strncmp(r, "\xE3\x80\x80", 3)) {
			r += 3;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
}

/* Remove every occurrence of the UTF-8 string what from s. */
static void
remove_all(char *s, const char *what)
{
	size_t n = strlen(what);
	char *p;
	while ((p = strstr(s, what)) != NULL)
		memmove(p, p + n, strlen(p + n) + 1);
}

/* Whether s holds only spaces, tabs, line breaks and ideographic spaces. */
static bool
only_spaces(const char *s)
{
	for (;;) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		else if (!strncmp(s, "\xE3\x80\x80", 3))
			s += 3;
		else
			return !*s;
	}
}

static enum md_status
norm_integer(const char *name, const char *typed, bool yen, long long min,
	     long long max, const char *unit, char **out, struct md_err *err)
{
	char *s = md_text_ascii_fold(typed);
	if (!s)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	squeeze_spaces(s);
	remove_all(s, ",");
	remove_all(s, "、");
	if (yen) {
		remove_all(s, "円");
		remove_all(s, "\xC2\xA5");     /* ¥ */
		remove_all(s, "\xEF\xBF\xA5"); /* ￥ */
		remove_all(s, "\\");
	}
	if (unit && *unit)
		remove_all(s, unit);
	enum md_status rc = MD_OK;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || errno || s[0] == '+') {
		rc = md_err_set(err, MD_ERR_INVALID,
				yen ? "%s: 金額は数字で入力してください(例: 45,000円)。「%s」は読めません"
				    : "%s: 数字で入力してください。「%s」は読めません",
				name, typed);
	} else if (v < min && max >= 999999999999LL) {
		/* No max declared: the default bound is no help to name. */
		rc = md_err_set(err, MD_ERR_INVALID,
				"%s: %lld 以上で入力してください(「%s」)", name,
				min, typed);
	} else if (v < min || v > max) {
		rc = md_err_set(err, MD_ERR_INVALID,
				"%s: %lld 以上 %lld 以下で入力してください(「%s」)",
				name, min, max, typed);
	} else {
		*out = md_asprintf("%lld", v);
		if (!*out)
			rc = md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	md_free(s);
	return rc;
}

static size_t
count_digits(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s >= '0' && *s <= '9';
	return n;
}

static enum md_status
norm_phone(const char *name, const char *typed, char **out, struct md_err *err)
{
	char *s = md_text_ascii_fold(typed);
	if (!s)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	squeeze_spaces(s);
	/* 03(1234)5678 is written 03-1234-5678. */
	for (char *p = s; *p; p++)
		if (*p == '(' || *p == ')')
			*p = '-';
	while (s[0] == '-')
		memmove(s, s + 1, strlen(s));
	size_t len = strlen(s);
	while (len && s[len - 1] == '-')
		s[--len] = '\0';
	char *dd;
	while ((dd = strstr(s, "--")) != NULL)
		memmove(dd, dd + 1, strlen(dd));
	bool ok = s[0] == '0';
	for (char *p = s; *p && ok; p++)
		ok = (*p >= '0' && *p <= '9') || *p == '-';
	size_t digits = count_digits(s);
	if (!ok || digits < 10 || digits > 11) {
		md_free(s);
		return md_err_set(err, MD_ERR_INVALID,
				  "%s: 電話番号は 0 から始まる 10 桁か 11 桁の数字で入力してください(例: 03-1234-5678)。「%s」",
				  name, typed);
	}
	*out = s;
	return MD_OK;
}

static enum md_status
norm_postal(const char *name, const char *typed, char **out, struct md_err *err)
{
	char *s = md_text_ascii_fold(typed);
	if (!s)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	squeeze_spaces(s);
	remove_all(s, "〒");
	remove_all(s, "-");
	bool ok = strlen(s) == 7;
	for (int i = 0; ok && i < 7; i++)
		ok = s[i] >= '0' && s[i] <= '9';
	if (!ok) {
		md_free(s);
		return md_err_set(err, MD_ERR_INVALID,
				  "%s: 郵便番号は 7 桁の数字で入力してください(例: 105-8511)。「%s」",
				  name, typed);
	}
	*out = md_asprintf("%.3s-%.4s", s, s + 3);
	md_free(s);
	return *out ? MD_OK : md_err_set(err, MD_ERR_NOMEM, NULL);
}

static enum md_status
norm_email(const char *name, const char *typed, char **out, struct md_err *err)
{
	char *s = md_text_ascii_fold(typed);
	if (!s)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	md_text_trim(s);
	const char *at = strchr(s, '@');
	bool ok = at && at != s && at[1] && !strchr(at + 1, '@') &&
		  strchr(at + 1, '.') && strlen(s) <= 254;
	for (const char *p = s; *p && ok; p++)
		ok = (unsigned char)*p > 0x20 && (unsigned char)*p < 0x7F;
	if (!ok) {
		md_free(s);
		return md_err_set(err, MD_ERR_INVALID,
				  "%s: メールアドレスの形が正しくありません(例: name@example.jp)。「%s」",
				  name, typed);
	}
	*out = s;
	return MD_OK;
}

/* An option by name or by its number (1-based, full-width digits too). */
static const char *
find_option(const char *const *options, size_t n, const char *typed)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(options[i], typed))
			return options[i];
	char *s = md_text_ascii_fold(typed);
	if (!s)
		return NULL;
	md_text_trim(s);
	char *end;
	long k = strtol(s, &end, 10);
	const char *found = NULL;
	if (*s && !*end && k >= 1 && (size_t)k <= n)
		found = options[k - 1];
	if (!found) {
		/* The option typed without its prefix or spaces, e.g. "ウ" or
		 * "就労準備支援事業" for "(ウ) 就労準備支援事業". */
		for (size_t i = 0; i < n && !found; i++) {
			char *o = md_text_ascii_fold(options[i]);
			if (o && (!strcmp(o, s)))
				found = options[i];
			md_free(o);
		}
	}
	md_free(s);
	return found;
}

static enum md_status
norm_choice(const char *name, const char *const *options, size_t n,
	    const char *typed, char **out, struct md_err *err)
{
	const char *opt = find_option(options, n, typed);
	if (!opt)
		return md_err_set(err, MD_ERR_INVALID,
				  "%s: 「%s」は選択肢にありません(1〜%zu の番号か、選択肢の名前で入力してください)",
				  name, typed, n);
	*out = md_strdup(opt);
	return *out ? MD_OK : md_err_set(err, MD_ERR_NOMEM, NULL);
}

/* Several options separated by newlines or '|'; kept in option order. */
static enum md_status
norm_multi(const char *name, const struct md_field *f, const char *typed,
	   char **out, struct md_err *err)
{
	bool *chosen = md_calloc(f->noptions ? f->noptions : 1, sizeof *chosen);
	char *copy = md_strdup(typed);
	enum md_status rc = MD_OK;
	if (!chosen || !copy) {
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
		goto out;
	}
	char *save = NULL;
	for (char *tok = strtok_r(copy, "\n|", &save); tok;
	     tok = strtok_r(NULL, "\n|", &save)) {
		md_text_trim(tok);
		if (!*tok)
			continue;
		const char *opt = find_option(f->options, f->noptions, tok);
		if (!opt) {
			rc = md_err_set(err, MD_ERR_INVALID,
					"%s: 「%s」は選択肢にありません(1〜%zu の番号か、選択肢の名前で入力してください)",
					name, tok, f->noptions);
			goto out;
		}
		for (size_t i = 0; i < f->noptions; i++)
			if (f->options[i] == opt)
				chosen[i] = true;
	}
	struct md_buf b;
	md_buf_init(&b);
	for (size_t i = 0; i < f->noptions; i++)
		if (chosen[i]) {
			if (b.len)
				md_buf_addc(&b, '\n');
			md_buf_adds(&b, f->options[i]);
		}
	if (!md_buf_ok(&b)) {
		md_buf_fini(&b);
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
		goto out;
	}
	*out = md_buf_take(&b);
	if (!*out)
		rc = md_err_set(err, MD_ERR_NOMEM, NULL);
out:
	md_free(chosen);
	md_free(copy);
	return rc;
}

static enum md_status
norm_yesno(const char *name, const char *typed, char **out, struct md_err *err)
{
	static const char *const yes[] = {"はい", "yes", "y",  "1",
					  "true", "○",   "有", "あり"};
	static const char *const no[] = {"いいえ", "no", "n",  "0",
					 "false",  "×",  "無", "なし"};
	char *s = md_text_ascii_fold(typed);
	if (!s)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	md_text_trim(s);
	for (char *p = s; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	const char *v = NULL;
	for (size_t i = 0; i < sizeof yes / sizeof yes[0] && !v; i++) {
		if (!strcmp(s, yes[i]))
			v = "はい";
		else if (!strcmp(s, no[i]))
			v = "いいえ";
	}
	md_free(s);
	if (!v)
		return md_err_set(err, MD_ERR_INVALID,
				  "%s: 「はい」か「いいえ」で入力してください(「%s」)",
				  name, typed);
	*out = md_strdup(v);
	return *out ? MD_OK : md_err_set(err, MD_ERR_NOMEM, NULL);
}

/* A member of staff by login (any case and width, md_login_key) or name. */
static const char sql_staff_find[] =
	"SELECT login FROM users WHERE login = ?1 OR display_name = ?1"
	" OR login_key = md_login_key(?1) ORDER BY login = ?1 DESC LIMIT 2";

/* An agency by md_agency_find's rule (a name, an alias, or the start of
 * one); *out gets its name as the catalogue has it. */
static enum md_status
norm_agency(struct md_db *db, const char *name, const char *typed, char **out,
	    struct md_err *err)
{
	if (!db) {
		*out = md_strdup(typed);
		if (!*out)
			return md_err_set(err, MD_ERR_NOMEM, NULL);
		md_text_trim(*out);
		return MD_OK;
	}
	struct md_agency a;
	struct md_err ferr;
	enum md_status rc = md_agency_find(db, typed, &a, &ferr);
	if (rc == MD_ERR_INVALID)
		return md_err_set(err, rc, "%s: %s", name, ferr.msg);
	if (rc != MD_OK)
		return md_err_set(err, rc, "%s", ferr.msg);
	*out = a.name;
	a.name = NULL;
	md_agency_fini(&a);
	return MD_OK;
}

/* Look up a member of staff; *out gets the stored form. */
static enum md_status
norm_staff(struct md_db *db, const char *name, const char *typed, char **out,
	   struct md_err *err)
{
	char *s = md_strdup(typed);
	if (!s)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	md_text_trim(s);
	if (!db) {
		*out = s;
		return MD_OK;
	}
	sqlite3_stmt *st = md_db_stmt(db, sql_staff_find, err);
	if (!st) {
		md_free(s);
		return err->status;
	}
	sqlite3_bind_text(st, 1, s, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	char *found = NULL;
	bool ambiguous = false;
	if (rc == SQLITE_ROW) {
		found = md_db_column_dup(st, 0);
		int next = sqlite3_step(st);
		if (next == SQLITE_ROW && strcmp(found ? found : "", s))
			ambiguous = true;
		else if (next != SQLITE_ROW && next != SQLITE_DONE)
			rc = next;
	}
	sqlite3_reset(st);
	enum md_status status = MD_OK;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		status = md_db_fail(db, rc, "職員の確認", err);
	else if (ambiguous)
		status = md_err_set(err, MD_ERR_INVALID,
				    "%s: 「%s」という名前の職員が複数います。ユーザー名で入力してください",
				    name, typed);
	else if (rc == SQLITE_DONE)
		status = md_err_set(err, MD_ERR_INVALID,
				    "%s: 職員「%s」は登録されていません", name,
				    typed);
	md_free(s);
	if (status != MD_OK) {
		md_free(found);
		return status;
	}
	*out = found;
	return *out ? MD_OK : md_err_set(err, MD_ERR_NOMEM, NULL);
}

/* md_value_normalize, on what was typed with its line breaks made LF. */
static enum md_status
normalize(struct md_db *db, const struct md_field *f,
	  const struct md_column *col, enum md_field_type type, bool multiline,
	  const char *typed, char **out, struct md_err *err)
{
	char name[256];
	field_name(f, col, name, sizeof name);
	enum md_status rc = md_text_check(typed, multiline, name, err);
	if (rc != MD_OK)
		return rc;

	/* Empty (or only spaces) is no value, for every type. */
	char *probe = md_strdup(typed);
	if (!probe)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	/* Ideographic spaces between line breaks count too: "　\r　\r" was
	 * stored as "　　", which is empty when normalised again (found by
	 * fuzz_validate). */
	bool empty = !*md_text_trim(probe) || (multiline && only_spaces(probe));
	md_free(probe);
	if (empty) {
		*out = md_strdup("");
		return *out ? MD_OK : md_err_set(err, MD_ERR_NOMEM, NULL);
	}

	switch (type) {
	case MD_FIELD_TEXT:
	case MD_FIELD_TEXTAREA: {
		char *s = md_strdup(typed);
		if (!s)
			return md_err_set(err, MD_ERR_NOMEM, NULL);
		if (type == MD_FIELD_TEXT) {
			md_text_trim(s);
		} else {
			/* Trailing blank lines and spaces carry nothing. */
			size_t len = strlen(s);
			while (len && strchr(" \t\n", s[len - 1]))
				s[--len] = '\0';
		}
		long long max = col ? col->max : f->max;
		size_t chars = md_utf8_chars(s);
		if (max > 0 && chars > (size_t)max) {
			md_free(s);
			return md_err_set(err, MD_ERR_INVALID,
					  "%s: %lld 文字以内で入力してください(いま %zu 文字)",
					  name, max, chars);
		}
		*out = s;
		return MD_OK;
	}
	case MD_FIELD_DATE: {
		struct md_date d;
		struct md_err derr;
		enum md_status drc = md_date_parse(typed, &d, &derr);
		if (drc != MD_OK)
			return md_err_set(err,
					  drc == MD_ERR_NOMEM ? drc
							      : MD_ERR_INVALID,
					  "%s: %s", name, derr.msg);
		/* Nobody is born after today (the age would be negative). */
		char today_iso[MD_DATE_SIZE];
		struct md_date today;
		md_clock_today(today_iso);
		if (!col && f->person == MD_PERSON_BIRTH_DATE &&
		    md_date_from_iso(today_iso, &today, NULL) == MD_OK &&
		    md_date_compare(d, today) > 0)
			return md_err_set(err, MD_ERR_INVALID,
					  "%s: 今日より後の日付は入れられません(「%s」)",
					  name, typed);
		*out = md_malloc(11);
		if (!*out)
			return md_err_set(err, MD_ERR_NOMEM, NULL);
		md_date_iso(d, *out);
		return MD_OK;
	}
	case MD_FIELD_TIME: {
		int minutes;
		struct md_err terr;
		enum md_status trc = md_time_parse(typed, &minutes, &terr);
		if (trc != MD_OK)
			return md_err_set(err,
					  trc == MD_ERR_NOMEM ? trc
							      : MD_ERR_INVALID,
					  "%s: %s", name, terr.msg);
		*out = md_malloc(6);
		if (!*out)
			return md_err_set(err, MD_ERR_NOMEM, NULL);
		md_time_format(minutes, *out);
		return MD_OK;
	}
	case MD_FIELD_NUMBER:
	case MD_FIELD_YEN:
		return norm_integer(name, typed, type == MD_FIELD_YEN,
				    col ? 0 : f->min,
				    col ? 999999999999LL : f->max,
				    col ? NULL : f->unit, out, err);
	case MD_FIELD_PHONE:
		return norm_phone(name, typed, out, err);
	case MD_FIELD_POSTAL:
		return norm_postal(name, typed, out, err);
	case MD_FIELD_EMAIL:
		return norm_email(name, typed, out, err);
	case MD_FIELD_CHOICE:
		return col ? norm_choice(name, col->options, col->noptions,
					 typed, out, err)
			   : norm_choice(name, f->options, f->noptions, typed,
					 out, err);
	case MD_FIELD_MULTI:
		return norm_multi(name, f, typed, out, err);
	case MD_FIELD_YESNO:
		return norm_yesno(name, typed, out, err);
	case MD_FIELD_STAFF:
		return norm_staff(db, name, typed, out, err);
	case MD_FIELD_AGENCY:
		return norm_agency(db, name, typed, out, err);
	case MD_FIELD_FIXED:
	case MD_FIELD_TABLE:
	case MD_FIELD_TYPE_COUNT:
		break;
	}
	return md_err_set(err, MD_ERR_INVALID, "%s は入力できない項目です",
			  name);
}

enum md_status
md_value_normalize(struct md_db *db, const struct md_field *f,
		   const struct md_column *col, const char *typed, char **out,
		   struct md_err *err)
{
	*out = NULL;
	enum md_field_type type = col ? col->type : f->type;
	bool multiline = type == MD_FIELD_TEXTAREA || type == MD_FIELD_MULTI;
	if (!multiline)
		return normalize(db, f, col, type, false, typed, out, err);
	/* Every value of several lines enters here: a CRLF and a lone CR
	 * are line breaks, a lone CR never nothing (issue 13, finding 7). */
	char *lf = md_strdup(typed);
	if (!lf)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	enum md_status rc = normalize(db, f, col, type, true,
				      md_text_newlines(lf), out, err);
	md_free(lf);
	return rc;
}

/* Whether the option opt is among the "\n"-joined chosen options. */
static bool
has_option(const char *chosen, const char *opt)
{
	size_t n = strlen(opt);
	for (const char *p = chosen; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len == n && !strncmp(p, opt, n))
			return true;
		p = nl ? nl + 1 : NULL;
	}
	return false;
}

/* Normalise one key of typed ("KEY", "KEY.other", "KEY.primary",
 * "KEY.N.COL") into out; a fault goes to faults under the field's key. */
static enum md_status
normalize_key(struct md_db *db, const struct md_form *form, const char *key,
	      const char *typed, const struct md_values *all,
	      struct md_values *out, struct md_values *faults,
	      struct md_err *first)
{
	char fkey[64];
	const char *rest = md_values_split_key(key, fkey, sizeof fkey);
	const struct md_field *f = md_form_field(form, fkey);
	struct md_err err;
	char *value = NULL;
	enum md_status rc = MD_OK;

	if (md_text_check(key, false, "項目名", &err) != MD_OK) {
		/* A key typed on the command line (madoguchi form save) is
		 * quoted in the messages below: only when it is text (found by
		 * fuzz_validate). */
		rc = MD_ERR_INVALID;
	} else if (!f) {
		rc = md_err_set(&err, MD_ERR_INVALID,
				"%s に「%s」という項目はありません",
				form->title, key);
	} else if (!*rest) {
		if (f->type == MD_FIELD_TABLE)
			rc = md_err_set(&err, MD_ERR_INVALID,
					"%s: 表は「%s.行番号.列」の形で入力してください",
					f->label, f->key);
		else
			rc = md_value_normalize(db, f, NULL, typed, &value,
						&err);
	} else if (!strcmp(rest, "other") && f->other) {
		/* all holds the normalised main values (first pass). */
		const char *main = md_values_get(all, f->key);
		bool chosen = main && (f->type == MD_FIELD_MULTI
					       ? has_option(main, f->other)
					       : !strcmp(main, f->other));
		char name[300];
		md_text_format(name, sizeof name, "%s(%s の内容)", f->label,
			       f->other);
		rc = md_text_check(typed, false, name, &err);
		if (rc == MD_OK && *typed && !chosen)
			rc = md_err_set(&err, MD_ERR_INVALID,
					"%s: 「%s」を選んだときだけ入力できます",
					name, f->other);
		if (rc == MD_OK) {
			value = md_strdup(typed);
			if (value)
				md_text_trim(value);
			else
				rc = md_err_set(&err, MD_ERR_NOMEM, NULL);
		}
	} else if (!strcmp(rest, "primary") && f->primary) {
		const char *main = md_values_get(all, f->key);
		/* Checked as text first: the refusal quotes what was typed. */
		rc = md_text_check(typed, false, f->primary, &err);
		if (rc == MD_OK)
			rc = norm_choice(f->primary, f->options, f->noptions,
					 typed, &value, &err);
		if (rc == MD_OK && *value &&
		    !has_option(main ? main : "", value)) {
			/* The ◎ must be one of the ticked options. */
			rc = md_err_set(&err, MD_ERR_INVALID,
					"%s: 「%s」は %s で選ばれていません",
					f->primary, value, f->label);
			md_free(value);
			value = NULL;
		}
	} else if (f->type == MD_FIELD_TABLE) {
		char *end;
		long row = strtol(rest, &end, 10);
		const struct md_column *c = (*end == '.' && row >= 1 &&
					     row <= 999)
						    ? md_field_column(f,
								      end + 1)
						    : NULL;
		if (!c)
			rc = md_err_set(&err, MD_ERR_INVALID,
					"%s に「%s」という欄はありません",
					f->label, key);
		else
			rc = md_value_normalize(db, f, c, typed, &value, &err);
	} else {
		rc = md_err_set(&err, MD_ERR_INVALID,
				"%s に「%s」という項目はありません",
				form->title, key);
	}

	if (rc == MD_OK)
		rc = md_values_set(out, key, value, &err);
	md_free(value);
	if (rc == MD_ERR_NOMEM)
		return md_err_set(first, MD_ERR_NOMEM, NULL);
	/* Only a refusal of what was typed is a fault of the field; the
	 * database failing (looking up staff or an agency) is not the
	 * typist's, and stops the whole form with its own message. */
	if (rc != MD_OK && rc != MD_ERR_INVALID) {
		*first = err;
		return rc;
	}
	if (rc != MD_OK) {
		if (first->status == MD_OK)
			*first = err;
		if (md_values_set(faults, f ? f->key : key, err.msg, first) !=
		    MD_OK)
			return MD_ERR_NOMEM;
	}
	return rc;
}

enum md_status
md_form_normalize(struct md_db *db, const struct md_form *form,
		  const struct md_values *typed, struct md_values *out,
		  struct md_values *faults, struct md_err *err)
{
	struct md_err first;
	md_err_clear(&first);
	md_values_clear(out);
	md_values_clear(faults);
	bool bad = false;
	/* Main values first, then the "other" texts and ◎ marks, which are
	 * checked against the normalised main values. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < typed->n; i++) {
			const char *key = typed->items[i].key;
			const char *dot = strrchr(key, '.');
			bool late = dot &&
				    (!strcmp(dot, ".other") ||
				     !strcmp(dot, ".primary")) &&
				    strchr(key, '.') == dot;
			if (late != (pass == 1))
				continue;
			enum md_status rc = normalize_key(db, form, key,
							  typed->items[i].value,
							  out, out, faults,
							  &first);
			if (rc != MD_OK && rc != MD_ERR_INVALID) {
				if (err)
					*err = first;
				return rc;
			}
			bad |= rc != MD_OK;
		}
	}
	if (!bad)
		return MD_OK;
	if (err) {
		*err = first;
		if (faults->n > 1) {
			char extra[64];
			snprintf(extra, sizeof extra, "(ほか %zu 件)",
				 faults->n - 1);
			size_t len = strlen(err->msg);
			if (len + strlen(extra) < sizeof err->msg)
				memcpy(err->msg + len, extra,
				       strlen(extra) + 1);
		}
	}
	return MD_ERR_INVALID;
}

bool
md_field_has_value(const struct md_field *f, const struct md_values *v)
{
	if (f->type == MD_FIELD_TABLE)
		return md_values_table_rows(v, f->key) > 0;
	if (f->type == MD_FIELD_FIXED)
		return true;
	const char *s = md_values_get(v, f->key);
	return s && *s;
}

size_t
md_form_missing(const struct md_form *form, const struct md_values *v,
		struct md_buf *missing)
{
	size_t n = 0;
	for (size_t i = 0; i < form->nfields; i++) {
		const struct md_field *f = &form->fields[i];
		if (!f->required || md_field_has_value(f, v))
			continue;
		if (missing) {
			if (missing->len)
				md_buf_adds(missing, "、");
			md_buf_adds(missing, f->label);
		}
		n++;
	}
	return n;
}

char *
md_value_normalize_as(struct md_db *db, const char *code, const char *label,
		      enum md_field_type type, const char *const *options,
		      size_t noptions, long long max, const char *typed,
		      struct md_values *faults, enum md_status *fatal)
{
	struct md_field fd;
	memset(&fd, 0, sizeof fd);
	fd.key = code;
	fd.label = label;
	fd.type = type;
	fd.max = max;
	fd.person = MD_PERSON_NONE;
	fd.options = (const char **)options;
	fd.noptions = noptions;
	struct md_err e;
	char *v = NULL;
	enum md_status s = md_value_normalize(db, &fd, NULL, typed ? typed : "",
					      &v, &e);
	if (s == MD_ERR_INVALID)
		md_values_set(faults, code, e.msg, NULL);
	else if (s != MD_OK)
		*fatal = s;
	return v;
}
