/* `madoguchi step`: take a step of a case's workflow; `madoguchi followup`,
 * the follow-up after a referral or closure; `madoguchi due`. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "madoguchi/cases.h"
#include "madoguchi/display.h"
#include "madoguchi/referrals.h"

static const char step_help[] =
	"使い方: madoguchi -u USER step CASE STEP [--outcome 結果] [--agency 関係機関]\n"
	"        [--reason 理由] [--follow-up 日付] [--date 日付] [--how 方法] [--note メモ]\n"
	"\n"
	"ケース CASE の手順 STEP を記録します。STEP は手順の id か名前(どちらも\n"
	"madoguchi case show CASE の一覧のとおり)。手順が今行えない(前の手順が\n"
	"済んでいない、様式の ※ 項目が未入力など)ときは、足りないものを示して\n"
	"何も記録しません。\n"
	"\n"
	"  --outcome 結果    結果のある手順の結果(名前、その始め、または番号)\n"
	"  --agency 関係機関  つなぎ先(つなぐ結果のとき)。名称、別名、またはどちらかの\n"
	"                    始め(1 つに決まるところまで)。種別が決まっている結果もあります\n"
	"  --reason 理由     理由を求める結果(手順の定義の reason)の理由\n"
	"  --follow-up 日付  フォローアップの予定日\n"
	"  --date 日付       手順を行った日(既定は今日。和暦でも入力できます)\n"
	"  --how 方法        方法のある手順(フォローアップ)の方法(名前、その始め、番号)\n"
	"  --note メモ       メモを取る手順(フォローアップ)のメモ\n"
	"\n"
	"手順の一覧と、それぞれが今行えるかは madoguchi case show CASE で表示します。\n"
	"フォローアップは madoguchi followup でも記録できます。\n";

/*
 * What a command that takes a step reads: its options, in the command's
 * words (longopts), into take; then nargs arguments, the case first (its
 * number into *id; missing says what they are when too few); then the
 * session and the workflow. -1 to go on (optind at the case), else the
 * exit status. --help prints help, then what more prints (may be NULL).
 */
static int
take_args(struct cli *cli, int argc, char **argv, const char *command,
	  const char *help, void (*more)(struct cli *cli),
	  const struct option *longopts, int nargs, const char *missing,
	  struct md_take *take, long long *id)
{
	int opt;
	while ((opt = getopt_long(argc, argv, ":c:d:u:h", longopts, NULL)) !=
	       -1) {
		if (cli_common_option(cli, opt, optarg))
			continue;
		switch (opt) {
		case 'o':
			take->outcome = optarg;
			break;
		case 'a':
			take->agency = optarg;
			break;
		case 'r':
			take->reason = optarg;
			break;
		case 'f':
			take->follow_up = optarg;
			break;
		case 'D':
			take->date = optarg;
			break;
		case 'm':
			take->method = optarg;
			break;
		case 'N':
			take->note = optarg;
			break;
		case 'h':
			cli_print_text(stdout, help);
			if (more)
				more(cli);
			return CLI_EXIT_OK;
		default:
			return cli_option_error(command, argv, opt);
		}
	}
	if (argc - optind < nargs)
		return cli_usage_error(command, "%s\n", missing);
	if (argc - optind > nargs)
		return cli_usage_error(command, "余分な引数 %s があります\n",
				       argv[optind + nargs]);
	if (!md_case_parse_id(argv[optind], id))
		return cli_usage_error(command,
				       "ケース番号 %s が正しくありません\n",
				       argv[optind]);
	int rc = cli_session(cli);
	if (!rc)
		rc = cli_workflow(cli);
	return rc ? rc : -1;
}

int
cmd_step(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"outcome", required_argument, NULL, 'o'},
		{"agency", required_argument, NULL, 'a'},
		{"reason", required_argument, NULL, 'r'},
		{"follow-up", required_argument, NULL, 'f'},
		{"date", required_argument, NULL, 'D'},
		{"how", required_argument, NULL, 'm'},
		{"note", required_argument, NULL, 'N'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct md_take take = {.outcome = NULL};
	long long id;
	int rc = take_args(cli, argc, argv, "step", step_help, NULL, longopts,
			   2, "ケース番号と手順を指定してください", &take, &id);
	if (rc >= 0)
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
	if (md_workflow_take(cli->db, &cli->user, cli->wf, cli->forms, id,
			     step->id, &take, &err) != MD_OK)
		return cli_fail(&err);
	cli_printf("記録しました: ケース %lld %s\n", id, step->label);
	return CLI_EXIT_OK;
}

static const char followup_help[] =
	"使い方: madoguchi -u USER followup CASE --result 結果 --how 方法\n"
	"        [--date 日付] [--note メモ] [--next 日付]\n"
	"\n"
	"他制度・他機関や福祉事務所へつないだあと、または終結したあとに、本人が\n"
	"つながったかを確かめたこと(フォローアップ、001 第9条(5)・(9))を記録します。\n"
	"終結したケースも再開せずに記録でき、ケースは終結したままです。予定していた\n"
	"フォローアップは済みになり、予定(madoguchi due、今日の予定)から消えます。\n"
	"\n"
	"  --result 結果  確かめた結果(名前、その始め、または番号)\n"
	"  --how 方法     確かめた方法(名前、その始め、または番号)\n"
	"  --date 日付    確かめた日(既定は今日。和暦でも入力できます)\n"
	"  --note メモ    確かめたことのメモ\n"
	"  --next 日付    次のフォローアップの予定日(結果によっては必要)\n"
	"\n"
	"つなぎ(madoguchi refer)のフォローアップは --referral つなぎ --result 結果\n"
	"[--note メモ] で記録します(ケースがなくても、終結していても)。\n"
	"\n"
	"結果と方法は手順の定義(workflow.ini の meets_follow_up の手順)のものです:\n";

/* The results and methods the definition gives the follow-up. */
static void
followup_lists(struct cli *cli)
{
	if (cli_workflow(cli))
		return;
	const struct md_wf_step *s = md_workflow_follow_up_step(cli->wf);
	if (!s)
		return;
	cli_printf("  結果:");
	for (size_t i = 0; i < s->noutcomes; i++)
		cli_printf(" %zu: %s%s", i + 1, s->outcomes[i].label,
			   s->outcomes[i].follow_up == MD_WF_REQUIRED
				   ? "(次の予定日が必要)"
			   : s->outcomes[i].follow_up == MD_WF_OPTIONAL
				   ? "(次の予定日を記録できる)"
				   : "");
	cli_printf("\n  方法:");
	for (size_t i = 0; i < s->nmethods; i++)
		cli_printf(" %zu: %s", i + 1, s->methods[i]);
	cli_printf("\n");
}

int
cmd_followup(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"result", required_argument, NULL, 'o'},
		{"how", required_argument, NULL, 'm'},
		{"date", required_argument, NULL, 'D'},
		{"note", required_argument, NULL, 'N'},
		{"next", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	/* A referral's follow-up (cmd_refer.c). */
	for (int k = 1; k < argc; k++)
		if (!strncmp(argv[k], "--referral", 10))
			return cmd_followup_referral(cli, argc, argv);
	struct md_take take = {.outcome = NULL};
	long long id;
	int rc = take_args(cli, argc, argv, "followup", followup_help,
			   followup_lists, longopts, 1,
			   "ケース番号を指定してください", &take, &id);
	if (rc >= 0)
		return rc;
	const struct md_wf_step *step = md_workflow_follow_up_step(cli->wf);
	if (!step) {
		cli_error(
			"手順の定義にフォローアップの手順(meets_follow_up = yes)がありません");
		return CLI_EXIT_FAIL;
	}
	struct md_err err;
	struct md_flow flow;
	if (md_workflow_take(cli->db, &cli->user, cli->wf, cli->forms, id,
			     step->id, &take, &err) != MD_OK ||
	    md_workflow_status(cli->db, &cli->user, cli->wf, id, &flow, &err) !=
		    MD_OK)
		return cli_fail(&err);
	/* The follow-up as recorded: the last event. */
	const struct md_event *e = flow.nevents ? &flow.events[flow.nevents - 1]
						: NULL;
	char on[MD_DISPLAY_WHEN_SIZE];
	cli_printf("記録しました: ケース %lld %s %s → %s(%s)\n", id,
		   step->label,
		   e ? md_display_when(e->on, MD_DATE_LONG, on) : "",
		   e ? e->outcome : "", e ? e->method : "");
	if (e && *e->follow_up_on)
		cli_printf("次のフォローアップ予定日: %s\n",
			   md_display_when(e->follow_up_on, MD_DATE_LONG, on));
	else
		cli_printf("予定していたフォローアップは済みました\n");
	if (flow.closed)
		cli_printf(
			"ケースは終結したままです(新たに支援するときは、主任相談支援員がケースを再開します)\n");
	md_flow_fini(&flow);
	return CLI_EXIT_OK;
}

static const char due_help[] =
	"使い方: madoguchi -u USER due [--days N]\n"
	"\n"
	"今日から N 日以内(既定 7)に予定されている評価とフォローアップ、\n"
	"期限を過ぎたもの、支援経過の次回予定日(前後 N 日。その日かあとの経過が\n"
	"まだなければ期限超過)、会議の次回の日、未完了の役割分担の期限、定例の\n"
	"会議の次の日を、日付の早い順に表示します。\n";

int
cmd_due(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"days", required_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int days = 7, opt;
	while ((opt = getopt_long(argc, argv, ":c:d:u:h", longopts, NULL)) !=
	       -1) {
		if (cli_common_option(cli, opt, optarg))
			continue;
		if (opt == 'n') {
			if (!cli_parse_int(optarg, 0, 3660, &days))
				return cli_usage_error("due",
						       "--days には 0 から 3660 の日数を指定してください\n");
		} else if (opt == 'h') {
			cli_print_text(stdout, due_help);
			return CLI_EXIT_OK;
		} else {
			return cli_option_error("due", argv, opt);
		}
	}
	if (optind < argc)
		return cli_usage_error("due", "余分な引数 %s があります\n",
				       argv[optind]);
	int rc = cli_session(cli);
	if (rc)
		return rc;
	struct md_err err;
	struct md_due *d;
	size_t n;
	if (md_workflow_due(cli->db, &cli->user, days, 0, &d, &n, &err) !=
	    MD_OK)
		return cli_fail(&err);
	/* The follow-ups of referrals (001 第9条(5)イ), merged by day. */
	struct md_referral_due *r;
	size_t nr;
	if (md_referral_due(cli->db, &cli->user, days, 0, &r, &nr, &err) !=
	    MD_OK) {
		md_dues_free(d, n);
		return cli_fail(&err);
	}
	/* The dates of meetings (issue 19): a next meeting, an open 役割分担,
	 * a regular type's next one (002 第7条3, 003 §6). */
	struct md_meeting_due *g = NULL;
	size_t ng = 0;
	if (cli_meetings(cli) ||
	    md_meeting_due(cli->db, &cli->user, cli->meetings, days, &g, &ng,
			   &err) != MD_OK) {
		md_dues_free(d, n);
		md_referral_dues_free(r, nr);
		return cli->meetings ? cli_fail(&err) : CLI_EXIT_FAIL;
	}
	cli_printf("予定日\t種類\tケース\t氏名\tふりがな\t担当\n");
	for (size_t i = 0, j = 0, k = 0; i < n || j < nr || k < ng;) {
		/* The soonest of the three heads; the workflow's first on a
		 * tie, then referrals, then meetings. */
		const char *di = i < n ? d[i].due_on : NULL;
		const char *dj = j < nr ? r[j].due_on : NULL;
		const char *dk = k < ng ? g[k].due_on : NULL;
		int which = di ? 0 : dj ? 1 : 2;
		const char *on = di ? di : dj ? dj : dk;
		if (dj && strcmp(dj, on) < 0) {
			which = 1;
			on = dj;
		}
		if (dk && strcmp(dk, on) < 0) {
			which = 2;
			on = dk;
		}
		char *w = md_display_date(on, MD_DATE_LONG);
		if (which == 1) {
			char kase[32] = "-";
			if (r[j].case_id)
				snprintf(kase, sizeof kase, "%lld",
					 r[j].case_id);
			cli_printf("%s%s\tつなぎのフォローアップ(つなぎ %lld %s)\t%s\t%s\t\t%s\n",
				   w ? w : on, r[j].overdue ? "(期限超過)" : "",
				   r[j].referral_id, r[j].agency, kase,
				   r[j].who, r[j].staff);
			j++;
		} else if (which == 2) {
			if (g[k].task_id)
				cli_printf("%s%s\t%s %lld(会議 %lld) %s\t-\t\t\t\n",
					   w ? w : on,
					   g[k].overdue ? "(期限超過)" : "",
					   g[k].kind, g[k].task_id,
					   g[k].meeting_id, g[k].what);
			else
				cli_printf("%s%s\t%s(会議 %lld のあと) %s\t-\t\t\t\n",
					   w ? w : on,
					   g[k].overdue ? "(期限超過)" : "",
					   g[k].kind, g[k].meeting_id,
					   g[k].what);
			k++;
		} else {
			cli_printf("%s%s\t%s\t%lld\t%s\t%s\t%s\n", w ? w : on,
				   d[i].overdue ? "(期限超過)" : "", d[i].kind,
				   d[i].case_id, d[i].name, d[i].kana,
				   d[i].staff);
			i++;
		}
		md_free(w);
	}
	if (n == 0 && nr == 0 && ng == 0)
		cli_printf("(予定はありません)\n");
	md_meeting_dues_free(g, ng);
	md_dues_free(d, n);
	md_referral_dues_free(r, nr);
	return CLI_EXIT_OK;
}
