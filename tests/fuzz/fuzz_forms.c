/* Fuzz target: the form definition loader (forms.h), the input being the one
 * .ini file of a forms folder; a form it accepts is then used as the
 * program uses one: found, its fields looked up and typed into. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "madoguchi/diag.h"
#include "madoguchi/text.h"
#include "madoguchi/validate.h"

static char *forms_dir, *forms_file;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_setup();
	forms_dir = fz_path("");
	forms_dir[strlen(forms_dir) - 1] = '\0'; /* no trailing slash */
	forms_file = fz_path("form.ini");
	return 0;
}

/* What a loaded field promises the rest of the program. */
static void
forms_check_field(const struct md_form *form, const struct md_field *f)
{
	FZ_ASSERT(f->key && f->label && f->section && f->help,
		  "%s: a field without its texts", form->id);
	FZ_ASSERT((unsigned)f->type < MD_FIELD_TYPE_COUNT, "%s.%s: type %d",
		  form->id, f->key, f->type);
	FZ_ASSERT(md_form_field(form, f->key) == f, "%s.%s is not found",
		  form->id, f->key);
	FZ_ASSERT(f->min <= f->max, "%s.%s: min > max", form->id, f->key);
	if (f->type == MD_FIELD_CHOICE || f->type == MD_FIELD_MULTI)
		FZ_ASSERT(f->noptions > 0, "%s.%s: no options", form->id,
			  f->key);
	if (f->type == MD_FIELD_TABLE)
		FZ_ASSERT(f->ncolumns > 0, "%s.%s: no columns", form->id,
			  f->key);
	for (size_t k = 0; k < f->noptions; k++)
		FZ_ASSERT(f->options[k] && *f->options[k] &&
				  fz_utf8(f->options[k]),
			  "%s.%s: option %zu", form->id, f->key, k);
	if (f->person != MD_PERSON_NONE)
		FZ_ASSERT(md_form_person_field(form, f->person) == f,
			  "%s.%s: person field", form->id, f->key);
	for (size_t c = 0; c < f->ncolumns; c++)
		FZ_ASSERT(f->columns[c].key && f->columns[c].label &&
				  md_field_column(f, f->columns[c].key) ==
					  &f->columns[c],
			  "%s.%s: column %zu", form->id, f->key, c);
}

/* Type what a person might into a field (and its columns), without a
 * database: the validators must hold for any definition that loads. Two of
 * the samples each time, turn by turn (seed), to keep a run short. */
static void
forms_type_into(const struct md_field *f, const struct md_column *col,
		size_t seed)
{
	const char *samples[] = {
		"1",
		"R6.4.1",
		"14:30",
		"はい",
		"０３－１２３４－５６７８",
		"〒105-8511",
		"12か月",
		"-5",
		"99999999999999999999",
		f->label,
		f->key,
		f->unit ? f->unit : "",
		f->noptions ? f->options[0] : "",
		f->noptions ? f->options[f->noptions - 1] : "",
	};
	size_t nsamples = sizeof samples / sizeof samples[0];
	for (size_t k = 0; k < 2; k++) {
		size_t i = (seed + k * 7) % nsamples;
		char *out = NULL;
		struct md_err err;
		enum md_status rc = md_value_normalize(NULL, f, col, samples[i],
						       &out, &err);
		FZ_ASSERT(rc == MD_OK ? out != NULL && fz_utf8(out)
				      : rc == MD_ERR_INVALID && !out &&
						fz_utf8(err.msg),
			  "%s «%s»: %d %s", f->key, samples[i], rc, err.msg);
		md_free(out);
	}
}

static void
forms_use(const struct md_forms *forms, size_t seed)
{
	FZ_ASSERT(forms->n == 1, "%zu forms from one file", forms->n);
	const struct md_form *form = &forms->forms[0];
	FZ_ASSERT(form->id && form->number && form->title && form->nfields,
		  "a form without its texts");
	FZ_ASSERT(md_forms_find(forms, form->id) == form, "%s is not found",
		  form->id);
	FZ_ASSERT(md_forms_find(forms, form->number) == form,
		  "%s is not found by its number", form->number);
	for (size_t s = 0; s < form->nsections; s++)
		FZ_ASSERT(form->sections[s], "%s: section %zu", form->id, s);
	for (size_t i = 0; i < form->nfields; i++) {
		const struct md_field *f = &form->fields[i];
		forms_check_field(form, f);
		if (f->type == MD_FIELD_TABLE)
			for (size_t c = 0; c < f->ncolumns; c++)
				forms_type_into(f, &f->columns[c],
						seed + i + c);
		else
			forms_type_into(f, NULL, seed + i);
	}
	md_form_required_count(form);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_write(forms_file, data, size);
	struct md_forms *forms = NULL;
	struct md_diags diags;
	struct md_err err;
	md_diags_init(&diags);
	md_err_clear(&err);
	enum md_status rc = md_forms_load(forms_dir, &forms, &diags, &err);
	if (rc == MD_OK) {
		FZ_ASSERT(forms && diags.n == 0, "loaded with %zu faults",
			  diags.n);
		forms_use(forms, size);
	} else {
		FZ_ASSERT(rc == MD_ERR_DEFINITION && !forms && diags.n > 0,
			  "refused with status %d and %zu faults: %s", rc,
			  diags.n, err.msg);
	}
	for (size_t i = 0; i < diags.n; i++)
		FZ_ASSERT(fz_utf8(diags.msgs[i]), "fault %zu is not text: %s",
			  i, diags.msgs[i]);
	FZ_ASSERT(fz_utf8(err.msg), "the message is not text: %s", err.msg);
	md_forms_free(&forms);
	md_diags_fini(&diags);
	return 0;
}
