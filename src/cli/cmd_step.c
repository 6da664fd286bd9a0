/* `madoguchi step`: take a step of a case's workflow; `madoguchi due`. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "madoguchi/cases.h"
#include "madoguchi/display.h"

static const char step_help[] =
	"使い方: madoguchi -u USER step CASE STEP [--outcome 結果] [--agency 関係機関]\n"
	"        [--reason 理由] [--follow-up 日付] [--date 日付]\n"
	"\n"
	"ケース CASE の手順 STEP を記録します。STEP は手順の id(triage)か名前\n"
	"(振り分け)。手順が今行えない(前の手順が済んでいない、様式の ※ 項目が\n"
	"未入力など)ときは、足りないものを示して何も記録しません。\n"
	"\n"
	"  --outcome 結果    結果のある手順の結果(名前か番号)\n"
	"  --agency 関係機関  つなぎ先(つなぐ結果のとき)\n"
	"  --reason 理由     差し戻し・再検討の理由など\n"
	"  --follow-up 日付  フォローアップの予定日\n"
	"  --date 日付       手順を行った日(既定は今日。和暦でも入力できます)\n"
	"\n"
	"手順の一覧と、それぞれが今行えるかは madoguchi case show CASE で表示します。\n";

int
cmd_step(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"outcome", required_argument, NULL, 'o'},
		{"agency", required_argument, NULL, 'a'},
		{"reason", required_argument, NULL, 'r'},
		{"follow-up", required_argument, NULL, 'f'},
		{"date", required_argument, NULL, 'D'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct md_take take = {NULL, NULL, NULL, NULL, NULL};
	int opt;
	while ((opt = getopt_long(argc, argv, ":c:d:u:h", longopts, NULL)) != -1) {
		if (cli_common_option(cli, opt, optarg))
			continue;
		switch (opt) {
		case 'o':
			take.outcome = optarg;
			break;
		case 'a':
			take.agency = optarg;
			break;
		case 'r':
			take.reason = optarg;
			break;
		case 'f':
			take.follow_up = optarg;
			break;
		case 'D':
			take.date = optarg;
			break;
		case 'h':
			cli_print_text(stdout, step_help);
			return CLI_EXIT_OK;
		default:
			return cli_option_error("step", argv, opt);
		}
	}
	if (argc - optind < 2)
		return cli_usage_error("step", "ケース番号と手順を指定してください\n");
	if (argc - optind > 2)
		return cli_usage_error("step", "余分な引数 %s があります\n",
				       argv[optind + 2]);
	long long id;
	if (!md_case_parse_id(argv[optind], &id))
		return cli_usage_error("step", "ケース番号 %s が正しくありません\n",
				       argv[optind]);
	int rc = cli_session(cli);
	if (!rc)
		rc = cli_workflow(cli);
	if (rc)
		return rc;
	/* A step by id or by its label. */
	const char *name = argv[optind + 1];
	const struct md_wf_step *step = md_workflow_find(cli->wf, name);
	for (size_t i = 0; !step && i < md_workflow_nsteps(cli->wf); i++)
		if (!strcmp(md_workflow_step(cli->wf, i)->label, name))
			step = md_workflow_step(cli->wf, i);
	if (!step) {
		cli_error("手順「%s」はありません(madoguchi case show %lld で一覧を表示します)",
			  name, id);
		return CLI_EXIT_FAIL;
	}
	struct md_err err;
	if (md_workflow_take(cli->db, &cli->user, cli->wf, cli->forms, &cli->cfg,
			     id, step->id, &take, &err) != MD_OK)
		return cli_fail(&err);
	cli_printf("記録しました: ケース %lld %s\n", id, step->label);
	return CLI_EXIT_OK;
}

static const char due_help[] =
	"使い方: madoguchi -u USER due [--days N]\n"
	"\n"
	"今日から N 日以内(既定 7)に予定されている評価とフォローアップ、\n"
	"期限を過ぎたもの、支援経過の次回予定日(前後 N 日。その日かあとの経過が\n"
	"まだなければ期限超過)を、日付の早い順に表示します。\n";

int
cmd_due(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"days", required_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int days = 7, opt;
	while ((opt = getopt_long(argc, argv, ":c:d:u:h", longopts, NULL)) != -1) {
		if (cli_common_option(cli, opt, optarg))
			continue;
		if (opt == 'n') {
			if (!cli_parse_int(optarg, 0, 3660, &days))
				return cli_usage_error("due", "--days には 0 から 3660 の日数を指定してください\n");
		} else if (opt == 'h') {
			cli_print_text(stdout, due_help);
			return CLI_EXIT_OK;
		} else {
			return cli_option_error("due", argv, opt);
		}
	}
	if (optind < argc)
		return cli_usage_error("due", "余分な引数 %s があります\n", argv[optind]);
	int rc = cli_session(cli);
	if (rc)
		return rc;
	struct md_err err;
	struct md_due *d;
	size_t n;
	if (md_workflow_due(cli->db, &cli->user, days, 0, &d, &n, &err) != MD_OK)
		return cli_fail(&err);
	cli_printf("予定日\t種類\tケース\t氏名\tふりがな\t担当\n");
	for (size_t i = 0; i < n; i++) {
		char *w = md_display_date(d[i].due_on, MD_DATE_LONG);
		cli_printf("%s%s\t%s\t%lld\t%s\t%s\t%s\n", w ? w : d[i].due_on,
			   d[i].overdue ? "(期限超過)" : "", d[i].kind,
			   d[i].case_id, d[i].name, d[i].kana, d[i].staff);
		md_free(w);
	}
	if (n == 0)
		cli_printf("(予定はありません)\n");
	md_dues_free(d, n);
	return CLI_EXIT_OK;
}
