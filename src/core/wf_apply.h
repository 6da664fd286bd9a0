/* Recording what the workflow engine decided (wf_engine.h's effects) in
 * the database: the one place of the engine's writes, so that a store of
 * one writer per table can take them over. Private to the core; every
 * function runs in the caller's transaction. */
#ifndef MADOGUCHI_WF_APPLY_H
#define MADOGUCHI_WF_APPLY_H

#include "madoguchi/auth.h"
#include "madoguchi/db.h"
#include "madoguchi/forms.h"
#include "madoguchi/status.h"
#include "madoguchi/wf_engine.h"

/* Record fx for case_id as actor: the values it sets (through
 * md_record_save, in its rounds), the event (linking the revision the
 * step wrote on its own form), the rounds it makes ready, the freezes
 * that stand and the case's columns. Not the audit. */
enum md_status wf_apply_effects(struct md_db *db, const struct md_user *actor,
				const struct md_forms *forms, long long case_id,
				const struct md_wf_effects *fx,
				struct md_err *err);

/* Insert event e of case_id, recorded now by actor; *id (may be NULL)
 * gets its row. e->on "" leaves the day to the case's 受付日. */
enum md_status wf_apply_event(struct md_db *db, const struct md_user *actor,
			      long long case_id, const struct md_wf_event *e,
			      long long *id, struct md_err *err);

/* Rewrite which rounds of case_id stand frozen: the n of freezes, a
 * freeze of event 0 being new_event's. */
enum md_status wf_apply_freezes(struct md_db *db, long long case_id,
				const struct md_wf_freeze *freezes, size_t n,
				long long new_event, struct md_err *err);

/* The case's stage once it is opened. */
enum md_status wf_apply_stage(struct md_db *db, long long case_id,
			      const char *stage, struct md_err *err);

/* The case reopened: open, no day or reason of closing, at stage. */
enum md_status wf_apply_reopen(struct md_db *db, long long case_id,
			       const char *stage, struct md_err *err);

#endif
