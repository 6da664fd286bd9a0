/* A person's consent to sharing their information, one rule for every
 * print and meeting that needs it: the [consent] rule of
 * forms/households.ini (第1号様式 関係機関との情報共有への同意, 001 第9条(2)),
 * and consent withdrawn (DOMAIN "Who may hear what"; issue 19). */
#ifndef MADOGUCHI_CONSENT_H
#define MADOGUCHI_CONSENT_H

#include <stdbool.h>

#include "madoguchi/auth.h"
#include "madoguchi/db.h"
#include "madoguchi/forms.h"
#include "madoguchi/status.h"

/* The rule: consent is the value of a field of a form (the [consent] of
 * forms/households.ini: md_household_consent_rule). Borrowed. */
struct md_consent_rule {
	const struct md_form *form;
	const struct md_field *field; /* NULL: no one consents */
	const char *value;
};

/*
 * Whether person_id counts as consenting to sharing on day on (ISO;
 * NULL or "": today): the latest saved record of rule's form
 * among their cases holds its value, and no withdrawal (md_consent_withdraw)
 * dated on or before on was recorded after that record was saved. A
 * revision of the form saved after the withdrawal that holds the value
 * gives consent back (saving it unchanged makes no revision). One not registered (0), or without such a record,
 * never consented. Reads only; no audit (the callers audit what they show).
 */
enum md_status md_person_consented(struct md_db *db,
				   const struct md_consent_rule *rule,
				   long long person_id, const char *on,
				   bool *yes, struct md_err *err);

/*
 * Record that person_id withdrew their consent from day on (as typed:
 * 和暦 or ISO; not in the future) with note (why, how it was told; not
 * empty): from that day they count as not consenting (md_person_consented)
 * for every print and meeting that needs it. Append-only; audited as a
 * change of the person. MD_ERR_INVALID naming the field for a bad day or
 * an empty note, MD_ERR_NOTFOUND for no such person; nothing stored then.
 */
enum md_status md_consent_withdraw(struct md_db *db,
				   const struct md_user *actor,
				   long long person_id, const char *on,
				   const char *note, long long *id,
				   struct md_err *err);

/* The latest day person_id withdrew consent on (ISO) into out, "" when
 * never. Reads only. */
enum md_status md_consent_withdrawn_on(struct md_db *db, long long person_id,
				       char out[11], struct md_err *err);

#endif
