/* Turning stored values into the text a person reads: 和暦, labels, names, 円. */
#include "madoguchi/display.h"

#include <stdio.h>
#include <string.h>

#include "madoguchi/wareki.h"

/* True when s is a time of day as the clock stores it: "10:00", "10:00:00". */
static bool
stored_time(const char *s)
{
	size_t n = strlen(s);
	if (n != 5 && n != 8)
		return false;
	for (size_t i = 0; i < n; i++)
		if (i % 3 == 2 ? s[i] != ':' : (s[i] < '0' || s[i] > '9'))
			return false;
	return true;
}

const char *
md_display_when(const char *stored, enum md_date_style style,
		char out[MD_DISPLAY_WHEN_SIZE])
{
	if (!stored)
		return "";
	char iso[11];
	struct md_date d;
	const char *time = stored + strnlen(stored, 10);
	memcpy(iso, stored, (size_t)(time - stored));
	iso[time - stored] = '\0';
	if (md_date_from_iso(iso, &d, NULL) != MD_OK ||
	    (*time && (*time != ' ' || !stored_time(time + 1))))
		return stored;
	int n = style == MD_DATE_SHORT
			? md_date_wareki_short(d, out, MD_DISPLAY_WHEN_SIZE)
			: md_date_wareki(d, out, MD_DISPLAY_WHEN_SIZE);
	if (n < 0 || (size_t)n + strlen(time) >= MD_DISPLAY_WHEN_SIZE)
		return stored;
	strcpy(out + n, time);
	return out;
}

char *
md_display_date(const char *iso, enum md_date_style style)
{
	char buf[MD_DISPLAY_WHEN_SIZE];
	return md_strdup(md_display_when(iso, style, buf));
}

char *
md_display_grouped(const char *digits)
{
	struct md_buf b;
	md_buf_init(&b);
	const char *p = digits;
	if (*p == '-')
		md_buf_addc(&b, *p++);
	size_t n = strlen(p);
	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			md_buf_addc(&b, ',');
		md_buf_addc(&b, p[i]);
	}
	if (!md_buf_ok(&b)) {
		md_buf_fini(&b);
		return NULL;
	}
	return md_buf_take(&b);
}

static const char sql_staff_name[] =
	"SELECT display_name FROM users WHERE login = ?1";

/*
 * The member of staff's name, or the login when no user has it. A lookup
 * that fails (an I/O error, memory) shows the login too when err is NULL (a
 * screen shows what it can); with err it gives NULL and the error there, so
 * that a print never names someone otherwise than a clean run would (a
 * print audited as done must be the print).
 */
static char *
staff_name(struct md_db *db, const char *login, struct md_err *err)
{
	if (!db)
		return md_strdup(login);
	sqlite3_stmt *st = md_db_stmt(db, sql_staff_name, err);
	if (!st)
		return err ? NULL : md_strdup(login);
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	char *name = NULL;
	if (rc == SQLITE_ROW)
		name = md_db_column_dup(st, 0);
	else if (rc == SQLITE_DONE || !err)
		name = md_strdup(login);
	else
		md_db_fail(db, rc, "職員名の読み込み", err);
	sqlite3_reset(st);
	return name;
}

/* md_display_value, and md_display_print_value with err (see staff_name). */
static char *
display_value(struct md_db *db, const struct md_field *f,
	      const struct md_column *col, const struct md_values *v,
	      const char *key, enum md_date_style style, struct md_err *err)
{
	enum md_field_type type = col ? col->type : f->type;
	if (type == MD_FIELD_FIXED)
		return md_strdup(f->text ? f->text : "");
	const char *s = md_values_get(v, key);
	if (!s || !*s)
		return md_strdup("");
	switch (type) {
	case MD_FIELD_DATE:
		return md_display_date(s, style);
	case MD_FIELD_NUMBER: {
		const char *unit = col ? NULL : f->unit;
		return md_asprintf("%s%s", s, unit ? unit : "");
	}
	case MD_FIELD_YEN: {
		char *g = md_display_grouped(s);
		char *r = g ? md_asprintf("%s円", g) : NULL;
		md_free(g);
		return r;
	}
	case MD_FIELD_STAFF:
		return staff_name(db, s, err);
	case MD_FIELD_CHOICE:
	case MD_FIELD_MULTI: {
		char okey[96];
		snprintf(okey, sizeof okey, "%s.other", key);
		const char *other = col ? NULL : md_values_get(v, okey);
		struct md_buf b;
		md_buf_init(&b);
		for (const char *p = s; *p;) {
			const char *nl = strchr(p, '\n');
			size_t len = nl ? (size_t)(nl - p) : strlen(p);
			if (b.len)
				md_buf_adds(&b, MD_DISPLAY_JOINER);
			md_buf_add(&b, p, len);
			if (other && f->other && strlen(f->other) == len &&
			    !strncmp(p, f->other, len))
				md_buf_addf(&b, "(%s)", other);
			p = nl ? nl + 1 : p + len;
		}
		if (!md_buf_ok(&b)) {
			md_buf_fini(&b);
			return NULL;
		}
		return md_buf_take(&b);
	}
	default:
		return md_strdup(s);
	}
}

char *
md_display_value(struct md_db *db, const struct md_field *f,
		 const struct md_column *col, const struct md_values *v,
		 const char *key, enum md_date_style style)
{
	return display_value(db, f, col, v, key, style, NULL);
}

enum md_status
md_display_print_value(struct md_db *db, const struct md_field *f,
		       const struct md_column *col, const struct md_values *v,
		       const char *key, enum md_date_style style, char **out,
		       struct md_err *err)
{
	struct md_err lookup;
	md_err_clear(&lookup);
	*out = display_value(db, f, col, v, key, style, &lookup);
	if (*out)
		return MD_OK;
	if (lookup.status == MD_OK)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	return md_err_set(err, lookup.status, "%s", lookup.msg);
}
