/* Fuzz target: every field validator (validate.h), through md_form_normalize
 * on the form with one field of every type (tests/forms/good/alltypes.ini),
 * on a table with a column of every column type (tests/fuzz/forms), and on
 * some fields of a shipped form, each key given a piece of the input; a key
 * itself typed (madoguchi form save takes KEY VALUE from the command line)
 * when the input has pieces to spare. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "madoguchi/agencies.h"
#include "madoguchi/mem.h"
#include "madoguchi/text.h"
#include "madoguchi/validate.h"
#include "madoguchi/values.h"

/* A form and every key a person can type into it. */
struct validate_form {
	const struct md_form *form;
	char **keys;
	size_t nkeys;
};

/* Keys of a shipped form typed into per run, from a place the input picks:
 * all of them every run made the target four times slower, and the types
 * are all in alltypes and columns. */
#define VALIDATE_SHIPPED_KEYS 8

static struct md_forms *validate_test_forms, *validate_fuzz_forms,
	*validate_shipped;
static struct validate_form validate_alltypes, validate_columns;
static struct validate_form *validate_forms; /* the shipped ones */
static size_t validate_nforms;
static struct md_db *validate_db;
static struct md_user validate_admin;

static void
validate_key_add(struct validate_form *vf, char *key)
{
	if (!key)
		fz_fail("out of memory");
	char **keys = realloc(vf->keys, (vf->nkeys + 1) * sizeof *keys);
	if (!keys)
		fz_fail("out of memory");
	vf->keys = keys;
	vf->keys[vf->nkeys++] = key;
}

/* Each field's key, "KEY.other" and "KEY.primary" where it has them, and
 * the cells of a table in rows 1 to rows. */
static void
validate_keys(struct validate_form *vf, const struct md_form *form, int rows)
{
	vf->form = form;
	for (size_t i = 0; i < form->nfields; i++) {
		const struct md_field *f = &form->fields[i];
		if (f->type != MD_FIELD_TABLE)
			validate_key_add(vf, md_strdup(f->key));
		if (f->other)
			validate_key_add(vf, md_asprintf("%s.other", f->key));
		if (f->primary)
			validate_key_add(vf, md_asprintf("%s.primary", f->key));
		for (int row = 1; row <= rows; row++)
			for (size_t c = 0; c < f->ncolumns; c++)
				validate_key_add(vf,
						 md_asprintf("%s.%d.%s", f->key,
							     row,
							     f->columns[c].key));
	}
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	struct md_err err;
	struct md_user u;
	fz_setup();
	validate_test_forms = fz_forms("tests/forms/good");
	validate_fuzz_forms = fz_forms("tests/fuzz/forms");
	validate_shipped = fz_forms("forms");
	/* Two rows of the table of every column type, one of the others. */
	validate_keys(&validate_alltypes,
		      md_forms_find(validate_test_forms, "alltypes"), 1);
	validate_keys(&validate_columns,
		      md_forms_find(validate_fuzz_forms, "columns"), 2);
	validate_nforms = validate_shipped->n;
	validate_forms = calloc(validate_nforms, sizeof *validate_forms);
	if (!validate_forms)
		fz_fail("out of memory");
	for (size_t i = 0; i < validate_nforms; i++)
		validate_keys(&validate_forms[i], &validate_shipped->forms[i],
			      1);
	validate_db = fz_db("validate.db", &validate_admin);
	/* Two members of staff with the same name, and one agency. */
	if (md_user_add(validate_db, &validate_admin, "tanaka", "田中 花子",
			MD_ROLE_CONSULTANT, "password-1", NULL,
			&err) != MD_OK ||
	    md_user_add(validate_db, &validate_admin, "tanaka2", "田中 花子",
			MD_ROLE_CHIEF, "password-1", NULL, &err) != MD_OK ||
	    md_agency_add(validate_db, &validate_admin, &fuzz_kinds,
			  &(const struct md_agency_in){.name = "福祉事務所",
						       .kind = "行政",
						       .aliases =
							       "生活保護の窓口"},
			  &err) != MD_OK ||
	    md_user_get(validate_db, "tanaka", &u, &err) != MD_OK)
		fz_fail("validate setup: %s", err.msg);
	md_user_fini(&u);
	return 0;
}

/* Normalising again what was stored keeps it as it is. */
static void
validate_idempotent(struct md_db *db, const struct md_form *form,
		    const struct md_values *out)
{
	struct md_values again, faults;
	struct md_err err;
	md_values_init(&again);
	md_values_init(&faults);
	enum md_status rc = md_form_normalize(db, form, out, &again, &faults,
					      &err);
	FZ_ASSERT(rc == MD_OK, "%s: a stored value is refused: %s", form->id,
		  err.msg);
	for (size_t i = 0; i < out->n; i++) {
		const char *v = md_values_get(&again, out->items[i].key);
		FZ_ASSERT(v && !strcmp(v, out->items[i].value),
			  "%s: «%s» is stored as «%s», then as «%s»", form->id,
			  out->items[i].key, out->items[i].value,
			  v ? v : "(none)");
	}
	FZ_ASSERT(again.n == out->n, "%s: normalising again adds values",
		  form->id);
	md_values_fini(&again);
	md_values_fini(&faults);
}

/* What is stored reads back from JSON as it was. */
static void
validate_json(const struct md_values *v)
{
	struct md_buf json;
	struct md_values back;
	struct md_err err;
	md_buf_init(&json);
	md_values_init(&back);
	md_values_to_json(v, &json);
	FZ_ASSERT(md_buf_ok(&json), "JSON: out of memory");
	FZ_ASSERT(md_values_from_json(md_buf_str(&json), &back, &err) == MD_OK,
		  "JSON %s does not read back: %s", md_buf_str(&json), err.msg);
	FZ_ASSERT(md_values_equal(v, &back), "JSON %s reads back otherwise",
		  md_buf_str(&json));
	md_values_fini(&back);
	md_buf_fini(&json);
}

/* Key first + k (k < nkeys, wrapping) of vf gets piece k mod npieces; key,
 * when not NULL, gets the first piece too. */
static void
validate_form(struct md_db *db, const struct validate_form *vf, size_t first,
	      size_t nkeys, const char *key, char **pieces, size_t npieces)
{
	struct md_values typed, out, faults;
	struct md_err err;
	md_values_init(&typed);
	md_values_init(&out);
	md_values_init(&faults);
	for (size_t k = 0; k < nkeys && k < vf->nkeys; k++)
		if (md_values_set(&typed, vf->keys[(first + k) % vf->nkeys],
				  pieces[k % npieces], &err) != MD_OK)
			fz_fail("values: %s", err.msg);
	if (key && *key && md_values_set(&typed, key, pieces[0], &err) != MD_OK)
		fz_fail("values: %s", err.msg);
	enum md_status rc = md_form_normalize(db, vf->form, &typed, &out,
					      &faults, &err);
	FZ_ASSERT(rc == MD_OK || rc == MD_ERR_INVALID, "%s: status %d: %s",
		  vf->form->id, rc, err.msg);
	FZ_ASSERT((rc == MD_OK) == (faults.n == 0), "%s: %zu faults for %d",
		  vf->form->id, faults.n, rc);
	FZ_ASSERT(rc == MD_OK || (*err.msg && fz_utf8(err.msg)),
		  "%s: the message is not text", vf->form->id);
	for (size_t i = 0; i < faults.n; i++)
		FZ_ASSERT(fz_utf8(faults.items[i].value),
			  "%s: the message of %s is not text", vf->form->id,
			  faults.items[i].key);
	for (size_t i = 0; i < out.n; i++) {
		struct md_err terr;
		FZ_ASSERT(md_text_check(out.items[i].value, true, "値",
					&terr) == MD_OK,
			  "%s: %s is stored as «%s»: %s", vf->form->id,
			  out.items[i].key, out.items[i].value, terr.msg);
	}
	validate_idempotent(db, vf->form, &out);
	validate_json(&out);

	struct md_buf missing;
	md_buf_init(&missing);
	size_t n = md_form_missing(vf->form, &out, &missing);
	FZ_ASSERT(n <= md_form_required_count(vf->form) && md_buf_ok(&missing),
		  "%s: %zu missing", vf->form->id, n);
	md_buf_fini(&missing);
	md_values_fini(&typed);
	md_values_fini(&out);
	md_values_fini(&faults);
}

/* Without a database, a member of staff and an agency are taken as typed
 * (trimmed). */
static void
validate_no_db(const char *typed)
{
	const char *keys[] = {"staff", "agency"};
	for (size_t i = 0; i < 2; i++) {
		const struct md_field *f = md_form_field(validate_alltypes.form,
							 keys[i]);
		char *out = NULL;
		struct md_err err;
		enum md_status rc = md_value_normalize(NULL, f, NULL, typed,
						       &out, &err);
		FZ_ASSERT(rc == MD_OK ? out && fz_utf8(out)
				      : rc == MD_ERR_INVALID && !out,
			  "%s without a database: %d %s", keys[i], rc, err.msg);
		md_free(out);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Pieces between NUL bytes; key i gets piece i mod their number. */
	char *text = fz_string(data, size);
	size_t npieces = 1;
	for (size_t i = 0; i < size; i++)
		npieces += data[i] == '\0';
	char **pieces = malloc(npieces * sizeof *pieces);
	if (!pieces)
		fz_fail("out of memory");
	for (size_t i = 0, k = 0; k < npieces; k++) {
		pieces[k] = text + i;
		i += strlen(text + i) + 1;
	}
	/* With three pieces or more, the last is a key typed, too. */
	const char *key = npieces >= 3 ? pieces[npieces - 1] : NULL;
	validate_form(validate_db, &validate_alltypes, 0,
		      validate_alltypes.nkeys, key, pieces, npieces);
	validate_form(validate_db, &validate_columns, 0, validate_columns.nkeys,
		      key, pieces, npieces);
	validate_no_db(pieces[0]);
	const struct validate_form
		*shipped = &validate_forms[size % validate_nforms];
	validate_form(validate_db, shipped, (size / validate_nforms) * 3,
		      VALIDATE_SHIPPED_KEYS, NULL, pieces, npieces);
	free(pieces);
	free(text);
	return 0;
}
