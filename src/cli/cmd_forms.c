/* `madoguchi forms`: list the form definitions; `forms check`: validate them. */
#include <string.h>

#include "cli.h"
#include "madoguchi/diag.h"
#include "madoguchi/mem.h"
#include "madoguchi/workflow.h"

static const char forms_help[] =
	"使い方:\n"
	"  madoguchi forms\n"
	"  madoguchi forms check [FILE…]\n"
	"\n"
	"forms は様式の一覧(様式番号、様式名、id、項目数、※ の項目数)を表示します。\n"
	"forms check は様式と手順(workflow.ini)の定義を検査し、誤りをすべて\n"
	"「ファイル:行: 内容」の形で表示します。FILE を指定しなければ、使用中の\n"
	"forms/ のすべてを検査します。workflow.ini という名前の FILE は手順の定義\n"
	"として、households.ini という名前の FILE は世帯の定義(004 図4 の\n"
	"多機関協働の対象判定を含む)として、使用中の様式に照らして検査します。\n"
	"meetings.ini という名前の FILE は会議の種類の定義として、counts.ini と\n"
	"いう名前の FILE は件数の集計表の定義として(使用中の様式・手順・相談票・\n"
	"世帯・会議の選択肢に照らして)検査します。\n"
	"誤りがあれば終了状態 1 で終わります。\n";

static int
forms_list(struct cli *cli)
{
	int rc = cli_forms(cli);
	if (rc)
		return rc;
	cli_printf("様式番号\t様式名\tid\t項目\t※\n");
	for (size_t i = 0; i < cli->forms->n; i++) {
		const struct md_form *f = &cli->forms->forms[i];
		cli_printf("%s\t%s\t%s\t%zu\t%zu\n", f->number, f->title, f->id,
			   f->nfields, md_form_required_count(f));
	}
	return CLI_EXIT_OK;
}

/* Whether path's file name is name. */
static bool
named(const char *path, const char *name)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	return !strcmp(base, name);
}

static int
forms_check(struct cli *cli, int nfiles, char **files)
{
	if (nfiles == 0) {
		int rc = cli_workflow(cli);
		if (rc || (rc = cli_contacts(cli)) ||
		    (rc = cli_households(cli)) || (rc = cli_meetings(cli)) ||
		    (rc = cli_counts(cli)))
			return rc;
		cli_printf("OK: %zu の様式と %zu の手順の定義に誤りはありません(%s)\n",
			   cli->forms->n, md_workflow_nsteps(cli->wf),
			   cli->forms->dir);
		return CLI_EXIT_OK;
	}
	char **forms = md_calloc((size_t)nfiles, sizeof *forms);
	const char *workflow = NULL, *households = NULL, *meetings = NULL,
		   *counts = NULL;
	int nforms = 0;
	if (!forms)
		return CLI_EXIT_FAIL;
	for (int i = 0; i < nfiles; i++) {
		if (named(files[i], "workflow.ini"))
			workflow = files[i];
		else if (named(files[i], "households.ini"))
			households = files[i];
		else if (named(files[i], "meetings.ini"))
			meetings = files[i];
		else if (named(files[i], "counts.ini"))
			counts = files[i];
		else
			forms[nforms++] = files[i];
	}
	struct md_diags diags;
	struct md_err err;
	md_diags_init(&diags);
	enum md_status st = MD_OK;
	if (nforms)
		st = md_forms_check_files((const char *const *)forms,
					  (size_t)nforms, &diags, &err);
	if (st == MD_OK && workflow) {
		/* A workflow refers to forms: those in use. */
		int rc = cli_forms(cli);
		if (rc) {
			md_free(forms);
			md_diags_fini(&diags);
			return rc;
		}
		struct md_workflow *wf = NULL;
		st = md_workflow_load(workflow, cli->forms, &wf, &diags, &err);
		md_workflow_free(&wf);
	}
	if (st == MD_OK && households) {
		/* So do the households' lists and tables. */
		int rc = cli_forms(cli);
		if (rc) {
			md_free(forms);
			md_diags_fini(&diags);
			return rc;
		}
		struct md_household_defs *h = NULL;
		st = md_household_defs_load(households, cli->forms, &h, &diags,
					    &err);
		md_household_defs_free(&h);
	}
	if (st == MD_OK && meetings) {
		/* The types of meeting and their rules (issue 19). */
		struct md_meeting_defs *m = NULL;
		st = md_meeting_defs_load(meetings, &m, &diags, &err);
		md_meeting_defs_free(&m);
	}
	if (st == MD_OK && counts) {
		/* The counts name the options of all of those in use. */
		int rc = cli_workflow(cli);
		if (!rc)
			rc = cli_contacts(cli);
		if (!rc)
			rc = cli_meetings(cli);
		if (rc) {
			md_free(forms);
			md_diags_fini(&diags);
			return rc;
		}
		const struct md_count_sources src =
			{.forms = cli->forms,
			 .wf = cli->wf,
			 .contacts = cli->contacts,
			 .households = cli->households,
			 .meetings = cli->meetings};
		struct md_count_defs *c = NULL;
		st = md_count_defs_load(counts, &src, &c, &diags, &err);
		md_count_defs_free(&c);
	}
	for (size_t i = 0; i < diags.n; i++)
		cli_error("%s", diags.msgs[i]);
	md_diags_fini(&diags);
	md_free(forms);
	if (st != MD_OK)
		return st == MD_ERR_DEFINITION ? CLI_EXIT_FAIL : cli_fail(&err);
	cli_printf("OK: %d の定義に誤りはありません\n", nfiles);
	return CLI_EXIT_OK;
}

int
cmd_forms(struct cli *cli, int argc, char **argv)
{
	/* Options stop at "check" so file names after it are kept. */
	int i = 1;
	for (; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			cli_print_text(stdout, forms_help);
			return CLI_EXIT_OK;
		}
		if (argv[i][0] != '-' || !strcmp(argv[i], "--"))
			break;
		return cli_usage_error("forms",
				       "forms のオプション %s はありません\n",
				       argv[i]);
	}
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	if (i == argc)
		return forms_list(cli);
	if (!strcmp(argv[i], "check"))
		return forms_check(cli, argc - i - 1, argv + i + 1);
	return cli_usage_error("forms",
			       "forms の操作 %s はありません(check のみ)\n",
			       argv[i]);
}
