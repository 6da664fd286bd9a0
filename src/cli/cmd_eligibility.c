/* `madoguchi eligibility`: 多機関協働の対象判定, which row of 004 図4 a
 * household described on the command line falls in (the definition of
 * forms/households.ini; nothing is read from the database or stored). */
#include <string.h>

#include "cli.h"
#include "madoguchi/display.h"
#include "madoguchi/clock.h"
#include "madoguchi/mem.h"
#include "madoguchi/text.h"
#include "madoguchi/values.h"

#define CMD "eligibility"

static const char eligibility_help[] =
	"使い方: madoguchi eligibility --targets 対象者[,対象者…] [--on 基準日]\n"
	"                              [--answers 質問=yes|no[,質問=yes|no…]]\n"
	"\n"
	"多機関協働の対象判定: 世帯の支援対象者と相談員の答えから、004 図4\n"
	"「多機関協働事業で取り扱うケースの基準と具体的事例」のどの行に当たるか\n"
	"を、判定(対象・対象外・情報共有のみ)、対応、但し書き、出典、当たった\n"
	"理由とともに表示します。判定は助言です。決めるのは相談員です。何も\n"
	"記録しません(記録された世帯の判定と記録は household show と\n"
	"household assess です)。\n"
	"\n"
	"対象者は「生年月日か年齢:印…」で、生年月日は和暦でも西暦でも、年齢は\n"
	"数字(30 や 30歳)、分からなければ ? と書きます。印は dept(担当部局が\n"
	"ある)、nodept(担当部局が無い)、disabled(障害者)、poverty(生活困窮が\n"
	"主たる課題)です。例: --targets 30:nodept,S26.5.1:dept,9:dept\n"
	"基準日の既定は今日です。質問と行は forms/households.ini の\n"
	"[eligibility] の、年齢の区切りは [ages] のものです(質問: services、\n"
	"multiple_issues、departments_needed、\n"
	"sharing_needed)。当たる行がない、または答えの足りない質問があるときは\n"
	"「判定できません」と、足りないものを表示します。\n";

/* One target as typed: "birth-or-age[:mark…]", in place. */
static int
parse_target(char *spec, size_t i, struct md_eligibility_member *m)
{
	*m = (struct md_eligibility_member){.target = true, .age = -1};
	char *save = NULL;
	char *first = strtok_r(spec, ":", &save);
	if (!first || !*md_text_trim(first))
		return cli_usage_error(CMD, "--targets の %zu 人目が空です\n",
				       i + 1);
	size_t len = strlen(first);
	if (len > 3 && !strcmp(first + len - 3, "歳"))
		first[len - 3] = '\0';
	if (strcmp(first, "?") && !cli_parse_int(first, 0, 150, &m->age))
		m->birth = first; /* a date: the core reads it */
	for (char *mark; (mark = strtok_r(NULL, ":", &save));) {
		md_text_trim(mark);
		if (!strcmp(mark, "dept"))
			m->department = MD_ELIGIBILITY_YES;
		else if (!strcmp(mark, "nodept"))
			m->department = MD_ELIGIBILITY_NO;
		else if (!strcmp(mark, "disabled"))
			m->disabled = true;
		else if (!strcmp(mark, "poverty"))
			m->poverty = true;
		else
			return cli_usage_error(CMD,
					       "--targets の %zu 人目の印「%s」はありません(dept、nodept、disabled、poverty)\n",
					       i + 1, mark);
	}
	return -1;
}

/* Print one list of lines under its heading, when it has any. */
static void
print_lines(const char *indent, const char *heading, char **lines, size_t n)
{
	if (n)
		cli_printf("%s%s:\n", indent, heading);
	for (size_t i = 0; i < n; i++)
		cli_printf("%s  %s\n", indent, lines[i]);
}

void
cli_print_advice(const struct md_eligibility_result *r, const char *indent)
{
	cli_printf("%s判定: %s\n", indent, r->verdict);
	if (r->row) {
		cli_printf("%s行: %d\n", indent, r->row->number);
		if (r->row->cite)
			cli_printf("%s出典: %s\n", indent, r->row->cite);
		if (r->row->response)
			cli_printf("%s対応: %s\n", indent, r->row->response);
		if (r->row->proviso)
			cli_printf("%s但し: %s\n", indent, r->row->proviso);
	}
	print_lines(indent, "理由", r->reasons, r->nreasons);
	print_lines(indent, "足りないもの", r->missing, r->nmissing);
}

int
cli_eligibility_answers(struct md_eligibility_facts *facts, const char *list)
{
	char *copy = md_strdup(list ? list : "");
	if (!copy) {
		cli_error("メモリが不足しています");
		return CLI_EXIT_FAIL;
	}
	int rc = 0;
	char *save = NULL;
	for (char *a = strtok_r(copy, ",\n", &save); a && !rc;
	     a = strtok_r(NULL, ",\n", &save)) {
		char *eq = strchr(a, '=');
		if (eq)
			*eq = '\0';
		struct md_err err;
		if (md_eligibility_facts_answer(facts, md_text_trim(a),
						eq ? md_text_trim(eq + 1) : "",
						&err) != MD_OK)
			rc = cli_fail(&err);
	}
	md_free(copy);
	return rc;
}

/* The facts of the targets at on with the answers, judged and printed. */
static int
eligibility_run(struct cli *cli, struct md_eligibility_member *m, size_t n,
		const char *on, const char *answers)
{
	struct md_err err;
	struct md_eligibility_facts facts;
	struct md_eligibility_result r;
	char today[MD_DATE_SIZE];
	md_clock_today(today);
	if (md_household_eligibility_facts(cli->households, m, n,
					   on ? on : today, &facts,
					   &err) != MD_OK)
		return cli_fail(&err);
	int rc = cli_eligibility_answers(&facts, answers);
	if (rc)
		return rc;
	if (md_eligibility_evaluate(cli->households->eligibility, &facts, &r,
				    &err) != MD_OK)
		return cli_fail(&err);
	char when[MD_DISPLAY_WHEN_SIZE];
	cli_printf("基準日: %s\n",
		   md_display_when(facts.on, MD_DATE_LONG, when));
	cli_print_advice(&r, "");
	md_eligibility_result_fini(&r);
	return CLI_EXIT_OK;
}

int
cmd_eligibility(struct cli *cli, int argc, char **argv)
{
	static const char *const names[] = {"targets", "on", "answers", NULL};
	struct md_values opts;
	struct md_eligibility_member *m = NULL;
	char *list = NULL, *save = NULL;
	size_t n = 0, cap = 1;
	int first;
	md_values_init(&opts);
	int rc = cli_options(cli, argc, argv, CMD, eligibility_help, names,
			     &opts, &first);
	if (rc >= 0)
		goto out;
	const char *targets = md_values_get(&opts, "targets");
	const char *given = md_values_get(&opts, "answers");
	if (first < argc) {
		rc = cli_usage_error(CMD, "余分な引数 %s があります\n",
				     argv[first]);
		goto out;
	}
	list = targets ? md_strdup(targets) : NULL;
	if (targets && !list) {
		cli_error("メモリが不足しています");
		rc = CLI_EXIT_FAIL;
		goto out;
	}
	if (!list || !*md_text_trim(list)) {
		rc = cli_usage_error(CMD,
				     "--targets(支援対象者)を指定してください\n");
		goto out;
	}
	if ((rc = cli_households(cli)))
		goto out;
	if (!cli->households->eligibility) {
		cli_error("%s に多機関協働の対象判定(004 図4、[eligibility])の定義がありません",
			  cli->households->file);
		rc = CLI_EXIT_FAIL;
		goto out;
	}
	for (const char *p = list; *p; p++)
		cap += *p == ',';
	if (!(m = md_calloc(cap, sizeof *m))) {
		cli_error("メモリが不足しています");
		rc = CLI_EXIT_FAIL;
		goto out;
	}
	rc = -1;
	for (char *t = strtok_r(list, ",", &save); rc < 0 && t;
	     t = strtok_r(NULL, ",", &save)) {
		rc = parse_target(t, n, &m[n]);
		n++;
	}
	if (rc < 0 && !n)
		rc = cli_usage_error(CMD,
				     "--targets(支援対象者)を指定してください\n");
	if (rc < 0)
		rc = eligibility_run(cli, m, n, md_values_get(&opts, "on"),
				     given);
out:
	md_free(m);
	md_free(list);
	md_values_fini(&opts);
	return rc;
}
