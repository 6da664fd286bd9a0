/* Fuzz target: the workflow definition loader (workflow.h), the input being
 * workflow.ini over the shipped forms; a definition it accepts then runs a
 * case: where it stands, and its first open step taken (rolled back). */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "madoguchi/agencies.h"
#include "madoguchi/cases.h"
#include "madoguchi/config.h"
#include "madoguchi/diag.h"
#include "madoguchi/values.h"
#include "madoguchi/workflow.h"

static struct md_forms *workflow_forms;
static char *workflow_file;
static struct md_db *workflow_db;
static struct md_user workflow_admin;
static struct md_config workflow_cfg;
static long long workflow_case;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	struct md_err err;
	struct md_values person;
	fz_setup();
	workflow_forms = fz_forms("forms");
	workflow_file = fz_path("workflow.ini");
	workflow_db = fz_db("workflow.db", &workflow_admin);
	md_values_init(&person);
	if (md_config_defaults(&workflow_cfg, &err) != MD_OK ||
	    md_agency_add(workflow_db, &workflow_admin, &fuzz_kinds,
			  &(const struct md_agency_in){.name = "福祉事務所",
						       .kind = "福祉事務所",
						       .aliases =
							       "生活保護の窓口"},
			  &err) != MD_OK ||
	    md_values_set(&person, "name", "田中 一郎", &err) != MD_OK ||
	    md_values_set(&person, "kana", "たなか いちろう", &err) != MD_OK ||
	    md_case_create(workflow_db, &workflow_admin, workflow_forms, 0,
			   &person, &workflow_case, NULL, &err) != MD_OK)
		fz_fail("workflow setup: %s", err.msg);
	md_values_fini(&person);
	return 0;
}

/* What a loaded workflow promises the screens and the engine. */
static void
workflow_check(const struct md_workflow *wf)
{
	size_t n = md_workflow_nsteps(wf);
	FZ_ASSERT(n > 0, "a workflow without steps");
	FZ_ASSERT(md_workflow_step(wf, n) == NULL, "a step after the last");
	for (size_t i = 0; i < n; i++) {
		const struct md_wf_step *s = md_workflow_step(wf, i);
		FZ_ASSERT(s && s->id && s->label && s->help,
			  "step %zu without its texts", i);
		FZ_ASSERT(md_workflow_find(wf, s->id) == s, "%s is not found",
			  s->id);
		FZ_ASSERT(!strcmp(md_workflow_stage_label(wf, s->id), s->label),
			  "the stage label of %s", s->id);
		for (size_t o = 0; o < s->noutcomes; o++) {
			const struct md_wf_outcome *oc = &s->outcomes[o];
			FZ_ASSERT(oc->label && *oc->label &&
					  (!oc->close || oc->close_reason),
				  "%s: outcome %zu without its texts", s->id,
				  o);
			FZ_ASSERT(oc->back_to < (int)n && oc->back_to <= (int)i,
				  "%s: back to %d", s->id, oc->back_to);
		}
	}
}

/* Where the case stands, and its first open step taken, then undone. */
static void
workflow_run(const struct md_workflow *wf)
{
	struct md_flow flow;
	struct md_err err;
	enum md_status rc = md_workflow_status(workflow_db, &workflow_admin, wf,
					       workflow_case, &flow, &err);
	FZ_ASSERT(rc == MD_OK, "status: %s", err.msg);
	FZ_ASSERT(flow.nsteps == md_workflow_nsteps(wf), "%zu steps of %zu",
		  flow.nsteps, md_workflow_nsteps(wf));
	const struct md_wf_step *open = NULL;
	for (size_t i = 0; i < flow.nsteps; i++) {
		const struct md_step_status *s = &flow.steps[i];
		FZ_ASSERT(s->why && fz_utf8(s->why), "why of step %zu", i);
		FZ_ASSERT(s->state != MD_STEP_CLOSED || *s->why,
			  "%s is closed without a reason", s->step->id);
		if (!open && s->state == MD_STEP_OPEN)
			open = s->step;
	}
	md_flow_form_round(wf, &flow, "progress");
	md_flow_fini(&flow);
	if (!open)
		return;
	struct md_take take = {
		.outcome = open->noutcomes ? open->outcomes[0].label : NULL,
		.agency = "福祉事務所",
		.reason = "理由",
		.follow_up = "R8.5.1",
		.method = open->nmethods ? open->methods[0] : NULL,
		.note = open->note != MD_WF_NONE ? "メモ" : NULL,
	};
	if (md_db_begin(workflow_db, &err) != MD_OK)
		fz_fail("begin: %s", err.msg);
	rc = md_workflow_take(workflow_db, &workflow_admin, wf, workflow_forms,
			      workflow_case, open->id, &take, &err);
	FZ_ASSERT(rc != MD_ERR_DB && rc != MD_ERR_NOMEM && fz_utf8(err.msg),
		  "taking %s: %d %s", open->id, rc, err.msg);
	if (rc == MD_OK) {
		rc = md_workflow_status(workflow_db, &workflow_admin, wf,
					workflow_case, &flow, &err);
		FZ_ASSERT(rc == MD_OK, "status after %s: %s", open->id,
			  err.msg);
		FZ_ASSERT(flow.nevents > 0, "%s taken, no event", open->id);
		md_flow_fini(&flow);
	}
	md_db_rollback(workflow_db);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_write(workflow_file, data, size);
	struct md_workflow *wf = NULL;
	struct md_diags diags;
	struct md_err err;
	md_diags_init(&diags);
	md_err_clear(&err);
	enum md_status rc = md_workflow_load(workflow_file, workflow_forms, &wf,
					     &diags, &err);
	if (rc == MD_OK) {
		FZ_ASSERT(wf && diags.n == 0, "loaded with %zu faults",
			  diags.n);
		workflow_check(wf);
		workflow_run(wf);
	} else {
		FZ_ASSERT(rc == MD_ERR_DEFINITION && !wf && diags.n > 0,
			  "refused with status %d and %zu faults: %s", rc,
			  diags.n, err.msg);
	}
	for (size_t i = 0; i < diags.n; i++)
		FZ_ASSERT(fz_utf8(diags.msgs[i]), "fault %zu is not text: %s",
			  i, diags.msgs[i]);
	FZ_ASSERT(fz_utf8(err.msg), "the message is not text: %s", err.msg);
	md_workflow_free(&wf);
	md_diags_fini(&diags);
	return 0;
}
