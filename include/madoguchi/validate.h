/* Checking and normalising what was typed into a form, field by field. */
#ifndef MADOGUCHI_VALIDATE_H
#define MADOGUCHI_VALIDATE_H

#include <stdbool.h>

#include "madoguchi/db.h"
#include "madoguchi/forms.h"
#include "madoguchi/values.h"

/*
 * Normalise what was typed into one field (col NULL) or one column of a
 * table field, and check it: dates of every 和暦 form to ISO, full-width
 * digits and commas in numbers and yen, phone and postal codes to
 * half-width with hyphens, a choice by its name or its number, yes/no as
 * はい/いいえ, a member of staff by login or name (to the login), an agency by
 * name (checked against the catalogue when db is not NULL); in a value of
 * several lines (textarea, multi) a CR LF and a lone CR are each one line
 * break, stored as LF (md_text_newlines). On success *out
 * is the value to store (a new string; "" for an empty input). On a fault
 * returns MD_ERR_INVALID with a Japanese message naming the field, and *out
 * is NULL; the caller still holds what was typed.
 */
enum md_status md_value_normalize(struct md_db *db, const struct md_field *f,
				  const struct md_column *col,
				  const char *typed, char **out,
				  struct md_err *err);

/*
 * md_value_normalize for a value that is no form's: as a field of type
 * labelled label would take it (options for a choice or multi, max for
 * text), for the contacts and referrals (contacts.c, referrals.c). A fault
 * (its message naming label) goes to faults under code; a failure that is
 * no fault of the value sets *fatal. A new string ("" for nothing typed;
 * NULL typed is nothing), NULL on a fault.
 */
char *md_value_normalize_as(struct md_db *db, const char *code,
			    const char *label, enum md_field_type type,
			    const char *const *options, size_t noptions,
			    long long max, const char *typed,
			    struct md_values *faults, enum md_status *fatal);

/*
 * Normalise every value of a form. Keys are those of values.h; a key the
 * form does not have is a fault. Each fault is put in faults (field key →
 * message), and all are collected before returning MD_ERR_INVALID (err
 * holds the first). out receives the normalised values. Memory or the
 * database failing (a lookup of staff or agencies) is no fault of a field:
 * that status is returned at once, with its message in err.
 */
enum md_status md_form_normalize(struct md_db *db, const struct md_form *form,
				 const struct md_values *typed,
				 struct md_values *out,
				 struct md_values *faults, struct md_err *err);

/*
 * How many ※ fields of form have no value in v; their labels are appended
 * to missing (when not NULL), separated by "、". 0 means complete (完了).
 */
size_t md_form_missing(const struct md_form *form, const struct md_values *v,
		       struct md_buf *missing);

/* True when field key holds a value in v (a multi field ≥ 1 option, a table
 * ≥ 1 row). */
bool md_field_has_value(const struct md_field *f, const struct md_values *v);

#endif
