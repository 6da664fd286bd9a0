/* Form values as a sorted text map, and reading and writing them as JSON. */
#include "madoguchi/values.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/text.h"

void
md_values_init(struct md_values *v)
{
	v->items = NULL;
	v->n = 0;
	v->cap = 0;
}

void
md_values_clear(struct md_values *v)
{
	for (size_t i = 0; i < v->n; i++) {
		md_free(v->items[i].key);
		md_free(v->items[i].value);
	}
	v->n = 0;
}

void
md_values_fini(struct md_values *v)
{
	md_values_clear(v);
	md_free(v->items);
	md_values_init(v);
}

/* Index of key, or of where it would go (and *found false). */
static size_t
find(const struct md_values *v, const char *key, bool *found)
{
	size_t lo = 0, hi = v->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(v->items[mid].key, key);
		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return lo;
}

const char *
md_values_get(const struct md_values *v, const char *key)
{
	bool found;
	size_t i = find(v, key, &found);
	return found ? v->items[i].value : NULL;
}

enum md_status
md_values_set(struct md_values *v, const char *key, const char *value,
	      struct md_err *err)
{
	bool found;
	size_t i = find(v, key, &found);
	if (!value || !*value) {
		if (found) {
			md_free(v->items[i].key);
			md_free(v->items[i].value);
			memmove(&v->items[i], &v->items[i + 1],
				(v->n - i - 1) * sizeof *v->items);
			v->n--;
		}
		return MD_OK;
	}
	char *copy = md_strdup(value);
	if (!copy)
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	if (found) {
		md_free(v->items[i].value);
		v->items[i].value = copy;
		return MD_OK;
	}
	char *kcopy = md_strdup(key);
	if (!kcopy) {
		md_free(copy);
		return md_err_set(err, MD_ERR_NOMEM, NULL);
	}
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 16;
		struct md_kv *p = md_realloc(v->items, cap * sizeof *p);
		if (!p) {
			md_free(copy);
			md_free(kcopy);
			return md_err_set(err, MD_ERR_NOMEM, NULL);
		}
		v->items = p;
		v->cap = cap;
	}
	memmove(&v->items[i + 1], &v->items[i], (v->n - i) * sizeof *v->items);
	v->items[i].key = kcopy;
	v->items[i].value = copy;
	v->n++;
	return MD_OK;
}

enum md_status
md_values_copy(struct md_values *dst, const struct md_values *src,
	       struct md_err *err)
{
	if (dst == src)
		return MD_OK;
	md_values_clear(dst);
	for (size_t i = 0; i < src->n; i++) {
		enum md_status rc = md_values_set(dst, src->items[i].key,
						  src->items[i].value, err);
		if (rc != MD_OK)
			return rc;
	}
	return MD_OK;
}

bool
md_values_equal(const struct md_values *a, const struct md_values *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->items[i].key, b->items[i].key) ||
		    strcmp(a->items[i].value, b->items[i].value))
			return false;
	return true;
}

void
md_json_string(struct md_buf *out, const char *s)
{
	md_buf_addc(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			md_buf_adds(out, "\\\"");
			break;
		case '\\':
			md_buf_adds(out, "\\\\");
			break;
		case '\n':
			md_buf_adds(out, "\\n");
			break;
		case '\r':
			md_buf_adds(out, "\\r");
			break;
		case '\t':
			md_buf_adds(out, "\\t");
			break;
		default:
			if (*p < 0x20)
				md_buf_addf(out, "\\u%04x", *p);
			else
				md_buf_addc(out, (char)*p);
		}
	}
	md_buf_addc(out, '"');
}

void
md_values_to_json(const struct md_values *v, struct md_buf *out)
{
	md_buf_addc(out, '{');
	for (size_t i = 0; i < v->n; i++) {
		if (i)
			md_buf_addc(out, ',');
		md_json_string(out, v->items[i].key);
		md_buf_addc(out, ':');
		md_json_string(out, v->items[i].value);
	}
	md_buf_addc(out, '}');
}

static void
skip_ws(const char **p)
{
	while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
		(*p)++;
}

static int
hex4(const char *p, unsigned *out)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static void
add_utf8(struct md_buf *b, unsigned cp)
{
	char s[4];
	size_t n;
	if (cp < 0x80) {
		s[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		s[0] = (char)(0xC0 | (cp >> 6));
		s[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		s[0] = (char)(0xE0 | (cp >> 12));
		s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		s[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		s[0] = (char)(0xF0 | (cp >> 18));
		s[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		s[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		s[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	md_buf_add(b, s, n);
}

/* Parse a JSON string at *p into b; 0 on success. */
static int
parse_string(const char **p, struct md_buf *b)
{
	const char *s = *p;
	if (*s != '"')
		return -1;
	s++;
	md_buf_reset(b);
	while (*s != '"') {
		unsigned char c = (unsigned char)*s;
		if (c == '\0' || c < 0x20)
			return -1;
		if (c != '\\') {
			md_buf_addc(b, (char)c);
			s++;
			continue;
		}
		s++;
		switch (*s) {
		case '"':
		case '\\':
		case '/':
			md_buf_addc(b, *s);
			break;
		case 'b':
			md_buf_addc(b, '\b');
			break;
		case 'f':
			md_buf_addc(b, '\f');
			break;
		case 'n':
			md_buf_addc(b, '\n');
			break;
		case 'r':
			md_buf_addc(b, '\r');
			break;
		case 't':
			md_buf_addc(b, '\t');
			break;
		case 'u': {
			unsigned cp, lo;
			if (hex4(s + 1, &cp))
				return -1;
			s += 4;
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				if (s[1] != '\\' || s[2] != 'u' ||
				    hex4(s + 3, &lo) || lo < 0xDC00 ||
				    lo > 0xDFFF)
					return -1;
				cp = 0x10000 + ((cp - 0xD800) << 10) +
				     (lo - 0xDC00);
				s += 6;
			} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
				return -1;
			}
			if (cp == 0)
				return -1;
			add_utf8(b, cp);
			break;
		}
		default:
			return -1;
		}
		s++;
	}
	*p = s + 1;
	return md_buf_ok(b) && md_utf8_valid(md_buf_str(b), b->len) ? 0 : -1;
}

/*
 * Parse a JSON object of strings ({"k":"v",…}) or, when array, a JSON array
 * of strings (["k",…], each kept as k → "1") into v.
 */
static enum md_status
parse_container(const char *json, bool array, struct md_values *v,
		struct md_err *err)
{
	const char open = array ? '[' : '{', close = array ? ']' : '}';
	struct md_buf key, val;
	md_buf_init(&key);
	md_buf_init(&val);
	md_values_clear(v);
	enum md_status rc = MD_OK;
	const char *p = json;
	skip_ws(&p);
	if (*p++ != open)
		goto bad;
	skip_ws(&p);
	if (*p == close) {
		p++;
		goto end;
	}
	for (;;) {
		skip_ws(&p);
		if (parse_string(&p, &key))
			goto bad;
		if (!array) {
			skip_ws(&p);
			if (*p++ != ':')
				goto bad;
			skip_ws(&p);
			if (parse_string(&p, &val))
				goto bad;
		}
		rc = md_values_set(v, md_buf_str(&key),
				   array ? "1" : md_buf_str(&val), err);
		if (rc != MD_OK)
			goto out;
		skip_ws(&p);
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p++ == close)
			break;
		goto bad;
	}
end:
	skip_ws(&p);
	if (*p)
		goto bad;
	goto out;
bad:
	md_values_clear(v);
	/* Out of memory is not a broken record. */
	rc = !md_buf_ok(&key) || !md_buf_ok(&val)
		     ? md_err_set(err, MD_ERR_NOMEM, NULL)
		     : md_err_set(err, MD_ERR_INVALID,
				  "保存された値を読めません(JSON の形が正しくありません)");
out:
	md_buf_fini(&key);
	md_buf_fini(&val);
	return rc;
}

enum md_status
md_values_from_json(const char *json, struct md_values *v, struct md_err *err)
{
	return parse_container(json, false, v, err);
}

enum md_status
md_values_from_json_array(const char *json, struct md_values *v,
			  struct md_err *err)
{
	return parse_container(json, true, v, err);
}

const char *
md_values_split_key(const char *key, char *field, size_t size)
{
	const char *dot = strchr(key, '.');
	size_t n = dot ? (size_t)(dot - key) : strlen(key);
	if (size) {
		if (n >= size) {
			n = size - 1;
			/* Cut at a character: the workflow loader quotes the
			 * form id in its faults (found by fuzz_workflow). */
			while (n && ((unsigned char)key[n] & 0xC0) == 0x80)
				n--;
		}
		memcpy(field, key, n);
		field[n] = '\0';
	}
	return dot ? dot + 1 : key + strlen(key);
}

/* The row number of "KEY.ROW.COL" when its field is key, else 0. */
static int
row_of(const char *item, const char *key)
{
	size_t kl = strlen(key);
	if (strncmp(item, key, kl) || item[kl] != '.')
		return 0;
	const char *p = item + kl + 1;
	char *end;
	long row = strtol(p, &end, 10);
	if (end == p || *end != '.' || row < 1 || row > 100000)
		return 0;
	return (int)row;
}

int
md_values_table_rows(const struct md_values *v, const char *key)
{
	int rows = 0;
	for (size_t i = 0; i < v->n; i++) {
		int r = row_of(v->items[i].key, key);
		if (r > rows)
			rows = r;
	}
	return rows;
}

enum md_status
md_values_table_delete_row(struct md_values *v, const char *key, int row,
			   struct md_err *err)
{
	struct md_values out;
	md_values_init(&out);
	enum md_status rc = MD_OK;
	for (size_t i = 0; i < v->n && rc == MD_OK; i++) {
		const char *k = v->items[i].key;
		int r = row_of(k, key);
		if (r == row)
			continue;
		if (r > row) {
			const char *col = strchr(k + strlen(key) + 1, '.') + 1;
			char *nk = md_asprintf("%s.%d.%s", key, r - 1, col);
			if (!nk) {
				rc = md_err_set(err, MD_ERR_NOMEM, NULL);
				break;
			}
			rc = md_values_set(&out, nk, v->items[i].value, err);
			md_free(nk);
		} else {
			rc = md_values_set(&out, k, v->items[i].value, err);
		}
	}
	if (rc == MD_OK) {
		md_values_fini(v);
		*v = out;
	} else {
		md_values_fini(&out);
	}
	return rc;
}

size_t
md_kv_changed_json(const struct md_kv *a, size_t na, const struct md_kv *b,
		   size_t nb, struct md_buf *out)
{
	size_t n = 0, i = 0, j = 0;
	md_buf_addc(out, '[');
	while (i < na || j < nb) {
		int c = i == na ? 1 : j == nb ? -1 : strcmp(a[i].key, b[j].key);
		const char *key;
		if (c == 0) {
			key = strcmp(a[i].value, b[j].value) ? a[i].key : NULL;
			i++;
			j++;
		} else if (c < 0) {
			key = a[i++].key;
		} else {
			key = b[j++].key;
		}
		if (!key)
			continue;
		if (n++)
			md_buf_addc(out, ',');
		md_json_string(out, key);
	}
	md_buf_addc(out, ']');
	return n;
}

/* Whether key belongs to field f (n bytes): f itself or "f.…". */
static bool
in_field(const char *key, const char *f, size_t n)
{
	return !strncmp(key, f, n) && (key[n] == '\0' || key[n] == '.');
}

/* Whether a and b hold the same keys and values of field f (n bytes). */
static bool
field_equal(const struct md_values *a, const struct md_values *b, const char *f,
	    size_t n)
{
	size_t i = 0, j = 0;
	for (;;) {
		while (i < a->n && !in_field(a->items[i].key, f, n))
			i++;
		while (j < b->n && !in_field(b->items[j].key, f, n))
			j++;
		if (i == a->n || j == b->n)
			return i == a->n && j == b->n;
		if (strcmp(a->items[i].key, b->items[j].key) ||
		    strcmp(a->items[i].value, b->items[j].value))
			return false;
		i++;
		j++;
	}
}

/* The field part of key (up to its first '.'), newly allocated. */
static char *
field_of(const char *key)
{
	const char *dot = strchr(key, '.');
	return md_strndup(key, dot ? (size_t)(dot - key) : strlen(key));
}

/* Add to out the items of v whose field is (or, when in is false, is not)
 * among the keys of fields. */
static enum md_status
add_fields(const struct md_values *v, const struct md_values *fields, bool in,
	   struct md_values *out, struct md_err *err)
{
	enum md_status rc = MD_OK;
	for (size_t i = 0; i < v->n && rc == MD_OK; i++) {
		char *f = field_of(v->items[i].key);
		if (!f)
			return md_err_set(err, MD_ERR_NOMEM, NULL);
		if ((md_values_get(fields, f) != NULL) == in)
			rc = md_values_set(out, v->items[i].key,
					   v->items[i].value, err);
		md_free(f);
	}
	return rc;
}

enum md_status
md_values_merge(const struct md_values *base, const struct md_values *mine,
		const struct md_values *theirs, struct md_values *out,
		struct md_values *both, struct md_err *err)
{
	/* Every field any of the three holds, then those changed here. */
	struct md_values fields, changed;
	md_values_init(&fields);
	md_values_init(&changed);
	md_values_clear(out);
	md_values_clear(both);
	const struct md_values *all[] = {base, mine, theirs};
	enum md_status rc = MD_OK;
	for (size_t a = 0; a < 3 && rc == MD_OK; a++)
		for (size_t i = 0; i < all[a]->n && rc == MD_OK; i++) {
			char *f = field_of(all[a]->items[i].key);
			rc = f ? md_values_set(&fields, f, "1", err)
			       : md_err_set(err, MD_ERR_NOMEM, NULL);
			md_free(f);
		}
	for (size_t k = 0; k < fields.n && rc == MD_OK; k++) {
		const char *f = fields.items[k].key;
		size_t n = strlen(f);
		if (field_equal(mine, base, f, n))
			continue; /* not changed here: theirs stands */
		rc = md_values_set(&changed, f, "1", err);
		if (rc == MD_OK && !field_equal(theirs, base, f, n) &&
		    !field_equal(theirs, mine, f, n))
			rc = md_values_set(both, f, "1", err);
	}
	if (rc == MD_OK)
		rc = add_fields(theirs, &changed, false, out, err);
	if (rc == MD_OK)
		rc = add_fields(mine, &changed, true, out, err);
	md_values_fini(&fields);
	md_values_fini(&changed);
	return rc;
}
