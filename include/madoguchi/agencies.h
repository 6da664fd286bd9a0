/* The catalogue of related agencies (関係機関) that referrals name: their
 * kinds, aliases, and finding one by what a person typed. */
#ifndef MADOGUCHI_AGENCIES_H
#define MADOGUCHI_AGENCIES_H

#include <stdbool.h>
#include <stddef.h>

#include "madoguchi/auth.h"
#include "madoguchi/db.h"
#include "madoguchi/values.h"

struct md_agency {
	long long id;
	char *name;
	char *kind; /* "" when none */
	char *phone;
	char *address;
	char *aliases; /* 別名, "|" between them; "" when none */
	bool active;
	char *desk, *target, *hours; /* 窓口, 対象, 受付時間; "" when none */
	bool provisional;            /* 仮登録, not yet confirmed */
	char *merged_into;           /* the agency it was merged into; "" */
};

void md_agencies_free(struct md_agency *a, size_t n);

/* One agency's strings freed and NULLed (md_agency_find's). */
void md_agency_fini(struct md_agency *a);

/*
 * The kinds (種別) an agency may have: the list the definitions declare
 * ([workflow] agency_kinds in forms/workflow.ini, md_workflow_agency_kinds),
 * which the steps that require a kind name too. Borrowed strings.
 */
struct md_agency_kinds {
	const char *const *names;
	size_t n;
};

/* Whether kind is "" (none) or one of kinds (NULL: none are defined). */
bool md_agency_kind_known(const struct md_agency_kinds *kinds,
			  const char *kind);

/*
 * Read a catalogue CSV (UTF-8, optional BOM; a header row naming its
 * columns, 名称 and any of 種別, 電話, 住所, 別名, 窓口, 対象, 受付時間 in any
 * order, each once, so the first catalogues' 名称,種別,電話,住所[,別名]
 * still read; aliases separated by "|"; RFC 4180 quoting, parsed with
 * libcsv) and add the agencies not yet known, and the aliases of known
 * ones not yet known (their other columns stay), in one transaction. Each 種別 must be "" or one of
 * kinds. actor NULL is allowed only while the database has no agencies
 * (the first load at init); otherwise an administrator. *added gets how
 * many agencies were new. A bad row (an unknown kind, an alias that names
 * another agency) is reported as "file:line: …" and nothing is added.
 */
enum md_status md_agencies_import(struct md_db *db, const struct md_user *actor,
				  const struct md_agency_kinds *kinds,
				  const char *path, size_t *added,
				  struct md_err *err);

/* An agency as it is added (NULL and "" empty). */
struct md_agency_in {
	const char *name, *kind, *desk, *phone, *address, *target, *hours;
	const char *aliases; /* "|" between them */
};

/* Add one agency (administrator): its name, kind "" or one of kinds, 窓口,
 * phone, address, 対象, 受付時間, aliases "|" between them, none already
 * naming an agency. Audited. */
enum md_status md_agency_add(struct md_db *db, const struct md_user *actor,
			     const struct md_agency_kinds *kinds,
			     const struct md_agency_in *in, struct md_err *err);

/* Every agency, active first, by name. */
enum md_status md_agencies_list(struct md_db *db, struct md_agency **out,
				size_t *n, struct md_err *err);

/*
 * The active agency typed names, by the rule of md_text_match (the one
 * outcomes of a step follow): its name or a 別名, else the start of exactly
 * one agency's name or 別名, folded as searches fold (ﾊﾛｰﾜｰｸ, はろーわーく).
 * *out gets a copy (md_agency_fini). MD_ERR_INVALID naming typed when no
 * agency or several are meant (listing them). Reads the database.
 */
enum md_status md_agency_find(struct md_db *db, const char *typed,
			      struct md_agency *out, struct md_err *err);

/* ---- 仮登録 of agencies ---- */

/*
 * A consultant adds an agency not yet in the catalogue as 仮登録: usable at
 * once, audited, flagged provisional until an administrator confirms it.
 * An agency the name already finds (its name or a 別名, folded: ﾊﾛｰﾜｰｸ
 * finds ハローワーク(公共職業安定所)) is refused, offering it:
 * MD_ERR_EXISTS, "name" fault "関係機関「…」はすでにあります(「…」を使って
 * ください)". Nothing stored then.
 */
enum md_status md_agency_add_provisional(
	struct md_db *db, const struct md_user *actor,
	const struct md_agency_kinds *kinds, const struct md_agency_in *in,
	long long *id, struct md_values *faults, struct md_err *err);

/* An administrator confirms the 仮登録 agency named name. Audited. */
enum md_status md_agency_confirm(struct md_db *db, const struct md_user *actor,
				 const char *name, struct md_err *err);

/*
 * An administrator merges agency from into agency into, in one
 * transaction: each referral to from moves to into as a new revision of
 * the referral (md_referrals_move_agency: nothing overwritten), from's 別名
 * move to into and from's name becomes one more (the name typed before
 * finds into), and from is no longer offered (merged_into). An agency
 * merged already, or into itself or an agency not in use, is refused.
 * Audited, with how many referrals moved.
 */
enum md_status md_agency_merge(struct md_db *db, const struct md_user *actor,
			       const char *from, const char *into,
			       struct md_err *err);

/* An administrator corrects agency name: each non-NULL field of in
 * replaces its own (in->name renames it). Audited. */
enum md_status md_agency_correct(struct md_db *db, const struct md_user *actor,
				 const struct md_agency_kinds *kinds,
				 const char *name,
				 const struct md_agency_in *in,
				 struct md_err *err);

#endif
