/* A form's values: a sorted map of field keys to text, and its JSON form. */
#ifndef MADOGUCHI_VALUES_H
#define MADOGUCHI_VALUES_H

#include <stdbool.h>
#include <stddef.h>

#include "madoguchi/mem.h"
#include "madoguchi/status.h"

/*
 * Every value is text. A field's value is under its key ("received_on");
 * the free text of an "その他" option under "KEY.other"; the ◎ of a multi
 * field under "KEY.primary"; a multi field's options are joined by "\n";
 * a table's cells under "KEY.ROW.COLUMN" with rows numbered from 1.
 * Empty values are not kept.
 */
struct md_kv {
	char *key;
	char *value;
};

struct md_values {
	struct md_kv *items; /* sorted by key (strcmp) */
	size_t n;
	size_t cap;
};

void md_values_init(struct md_values *v);
void md_values_fini(struct md_values *v);
void md_values_clear(struct md_values *v);

/* The value under key, or NULL when there is none. */
const char *md_values_get(const struct md_values *v, const char *key);

/* Set key to a copy of value; NULL or "" removes the key. */
enum md_status md_values_set(struct md_values *v, const char *key,
			     const char *value, struct md_err *err);

/* Replace dst with a copy of src. */
enum md_status md_values_copy(struct md_values *dst,
			      const struct md_values *src, struct md_err *err);

bool md_values_equal(const struct md_values *a, const struct md_values *b);

/*
 * Append to out, as a JSON array, the keys of a or b (each sorted by key)
 * whose values differ or that only one holds; returns how many.
 */
size_t md_kv_changed_json(const struct md_kv *a, size_t na,
			  const struct md_kv *b, size_t nb, struct md_buf *out);

/* Append {"key":"value",…} (keys in order) to out. */
void md_values_to_json(const struct md_values *v, struct md_buf *out);

/*
 * Parse a JSON object whose values are strings (what md_values_to_json
 * writes) into v (cleared first). MD_ERR_INVALID on anything else.
 */
enum md_status md_values_from_json(const char *json, struct md_values *v,
				   struct md_err *err);

/*
 * Parse a JSON array of strings (["a","b"]) into v as keys, each with the
 * value "1" (v is cleared first). MD_ERR_INVALID on anything else.
 */
enum md_status md_values_from_json_array(const char *json, struct md_values *v,
					 struct md_err *err);

/* Append a JSON string literal for s (quotes and escapes) to out. */
void md_json_string(struct md_buf *out, const char *s);

/*
 * Put into out what a save that lost to someone else's should hold: their
 * values (theirs), with each field this side changed from base (mine
 * differing from base) as this side has it. A field is a key's field part
 * ("family" of "family.2.relation"), so a table, a multi's ◎ and an
 * "その他" move as one. The fields both sides changed, to different
 * values, are put in both (as keys, value "1"). out and both are cleared
 * first.
 */
enum md_status md_values_merge(const struct md_values *base,
			       const struct md_values *mine,
			       const struct md_values *theirs,
			       struct md_values *out, struct md_values *both,
			       struct md_err *err);

/* The number of rows of table field key (the highest row number used). */
int md_values_table_rows(const struct md_values *v, const char *key);

/* Remove row `row` of table key, moving later rows up by one. */
enum md_status md_values_table_delete_row(struct md_values *v, const char *key,
					  int row, struct md_err *err);

/*
 * Split a key into its field part and the rest: "family.2.relation" gives
 * field "family" and rest "2.relation"; "name" gives rest "". The field
 * part is copied into field (size bytes, cut at a character).
 */
const char *md_values_split_key(const char *key, char *field, size_t size);

#endif
