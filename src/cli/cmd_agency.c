/* `madoguchi agency list|add|import`: the catalogue of related agencies. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "madoguchi/agencies.h"
#include "madoguchi/mem.h"
#include "madoguchi/referrals.h"

static const char agency_help[] =
	"使い方:\n"
	"  madoguchi -u USER agency list\n"
	"  madoguchi -u ADMIN agency add 名称 [--kind 種別] [--desk 窓口] [--phone 電話]\n"
	"        [--address 住所] [--target 対象] [--hours 受付時間] [--alias 別名]…\n"
	"  madoguchi -u ADMIN agency import FILE\n"
	"\n"
	"つなぎ先として様式に入力できる関係機関の一覧です。つなぎ先は名称、別名、\n"
	"またはそのどれか 1 つだけに当たる始めの部分で入力できます。種別は手順の\n"
	"定義(forms/workflow.ini の agency_kinds)にあるものです。import は CSV\n"
	"(UTF-8。見出し行に名称と、種別・電話・住所・別名・窓口・対象・受付時間の\n"
	"うち使う欄を順不同で。別名は | で区切る)から、まだない関係機関と別名を\n"
	"加えます。見出しにない欄や同じ欄が 2 つ、ない種別、ほかの\n"
	"関係機関を指す別名、表計算ソフトが数式として読む値(= + - @ などで始まる\n"
	"もの)や NUL 文字があれば、その行を示して何も読み込みません。\n"
	"add と import は管理者だけが行えます。\n"
	"\n"
	"  madoguchi -u USER agency provisional 名称 [--kind 種別] [--desk 窓口]\n"
	"        [--phone 電話] [--address 住所] [--target 対象] [--hours 受付時間]\n"
	"        [--alias 別名]…\n"
	"  madoguchi -u ADMIN agency confirm 名称\n"
	"  madoguchi -u ADMIN agency merge 名称 統合先\n"
	"  madoguchi -u ADMIN agency correct 名称 [--name 新しい名称] [--kind 種別]\n"
	"        [--desk 窓口] [--phone 電話] [--address 住所] [--target 対象]\n"
	"        [--hours 受付時間]\n"
	"\n"
	"provisional は、一覧にない関係機関を相談員が仮登録し、すぐにつなぎ先に\n"
	"使えるようにします(監査記録に残ります)。名称か別名(表記ゆれを含む)で\n"
	"すでにある関係機関に当たるときは登録せず、そちらを示します。管理者は\n"
	"confirm で確認し、merge で別の関係機関に統合し(つなぎと別名は統合先へ\n"
	"移り、つなぎはそれぞれ新しい版になります。統合した名称は統合先の別名に\n"
	"なります)、correct で訂正します。\n";

static int
agency_list(struct cli *cli)
{
	int rc = cli_session(cli);
	if (rc)
		return rc;
	struct md_err err;
	struct md_agency *a;
	size_t n;
	if (md_agencies_list(cli->db, &a, &n, &err) != MD_OK)
		return cli_fail(&err);
	cli_printf(
		"名称\t種別\t電話\t住所\t状態\t別名\t窓口\t対象\t受付時間\n");
	for (size_t i = 0; i < n; i++) {
		char state[256];
		snprintf(state, sizeof state, "%s",
			 *a[i].merged_into  ? "統合済み"
			 : a[i].provisional ? "仮登録"
			 : a[i].active      ? "有効"
					    : "無効");
		if (*a[i].merged_into)
			snprintf(state, sizeof state, "統合済み(%s)",
				 a[i].merged_into);
		cli_printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", a[i].name,
			   a[i].kind, a[i].phone, a[i].address, state,
			   a[i].aliases, a[i].desk, a[i].target, a[i].hours);
	}
	md_agencies_free(a, n);
	return CLI_EXIT_OK;
}

static int
agency_add(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"kind", required_argument, NULL, 'k'},
		{"phone", required_argument, NULL, 'p'},
		{"address", required_argument, NULL, 'a'},
		{"alias", required_argument, NULL, 'A'},
		{"desk", required_argument, NULL, 'D'},
		{"target", required_argument, NULL, 'T'},
		{"hours", required_argument, NULL, 'H'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *kind = "", *phone = "", *address = "", *desk = "",
		   *target = "", *hours = "";
	struct md_buf aliases; /* "|" between them, as a catalogue has them */
	md_buf_init(&aliases);
	int opt;
	optind = 0;
	while ((opt = getopt_long(argc, argv, ":c:d:u:h", longopts, NULL)) !=
	       -1) {
		if (cli_common_option(cli, opt, optarg))
			continue;
		switch (opt) {
		case 'k':
			kind = optarg;
			break;
		case 'p':
			phone = optarg;
			break;
		case 'a':
			address = optarg;
			break;
		case 'D':
			desk = optarg;
			break;
		case 'T':
			target = optarg;
			break;
		case 'H':
			hours = optarg;
			break;
		case 'A':
			if (strchr(optarg, '|')) {
				md_buf_fini(&aliases);
				return cli_usage_error("agency",
						       "別名に | は使えません(別名ごとに --alias を付けてください)\n");
			}
			if (aliases.len)
				md_buf_addc(&aliases, '|');
			md_buf_adds(&aliases, optarg);
			break;
		case 'h':
			md_buf_fini(&aliases);
			cli_print_text(stdout, agency_help);
			return CLI_EXIT_OK;
		default:
			md_buf_fini(&aliases);
			return cli_option_error("agency", argv, opt);
		}
	}
	int rc;
	struct md_err err;
	if (optind >= argc) {
		rc = cli_usage_error("agency",
				     "関係機関の名称を指定してください\n");
	} else if (optind + 1 < argc) {
		rc = cli_usage_error("agency", "余分な引数 %s があります\n",
				     argv[optind + 1]);
	} else if (!md_buf_ok(&aliases)) {
		cli_error("メモリが不足しています");
		rc = CLI_EXIT_FAIL;
	} else if (!(rc = cli_session(cli)) && !(rc = cli_workflow(cli))) {
		const struct md_agency_in in = {.name = argv[optind],
						.kind = kind,
						.desk = desk,
						.phone = phone,
						.address = address,
						.target = target,
						.hours = hours,
						.aliases = md_buf_str(
							&aliases)};
		if (md_agency_add(cli->db, &cli->user,
				  md_workflow_agency_kinds(cli->wf), &in,
				  &err) != MD_OK)
			rc = cli_fail(&err);
		else
			cli_printf("関係機関「%s」を登録しました\n",
				   argv[optind]);
	}
	md_buf_fini(&aliases);
	return rc;
}

/* agency provisional|confirm|merge|correct (issue 17). */
static int
agency_catalogue(struct cli *cli, const char *sub, int argc, char **argv)
{
	static const char *const names[] = {"kind",    "desk",   "phone",
					    "address", "target", "hours",
					    "alias",   "name",   NULL};
	struct md_values opts, faults;
	md_values_init(&opts);
	md_values_init(&faults);
	int first;
	int rc = cli_options(cli, argc, argv, "agency", agency_help, names,
			     &opts, &first);
	char **args = argv + first;
	int nargs = argc - first;
	int want = !strcmp(sub, "merge") ? 2 : 1;
	struct md_err err;
	if (rc >= 0)
		goto out;
	rc = CLI_EXIT_OK;
	if (nargs < want) {
		rc = cli_usage_error("agency",
				     want == 2
					     ? "統合する関係機関と統合先の名称を指定してください\n"
					     : "関係機関の名称を指定してください\n");
		goto out;
	}
	if (nargs > want) {
		rc = cli_usage_error("agency", "余分な引数 %s があります\n",
				     args[want]);
		goto out;
	}
	if ((rc = cli_session(cli)) || (rc = cli_workflow(cli)))
		goto out;
	struct md_agency_in in = {
		.name = md_values_get(&opts, "name"),
		.kind = md_values_get(&opts, "kind"),
		.desk = md_values_get(&opts, "desk"),
		.phone = md_values_get(&opts, "phone"),
		.address = md_values_get(&opts, "address"),
		.target = md_values_get(&opts, "target"),
		.hours = md_values_get(&opts, "hours"),
		.aliases = md_values_get(&opts, "alias"),
	};
	enum md_status st;
	if (!strcmp(sub, "provisional")) {
		in.name = args[0];
		st = md_agency_add_provisional(cli->db, &cli->user,
					       md_workflow_agency_kinds(
						       cli->wf),
					       &in, NULL, &faults, &err);
		if (st == MD_OK)
			cli_printf("関係機関「%s」を仮登録しました(管理者の確認まで「仮登録」と表示されます)\n",
				   args[0]);
	} else if (!strcmp(sub, "confirm")) {
		st = md_agency_confirm(cli->db, &cli->user, args[0], &err);
		if (st == MD_OK)
			cli_printf("関係機関「%s」の仮登録を確認しました\n",
				   args[0]);
	} else if (!strcmp(sub, "merge")) {
		st = md_agency_merge(cli->db, &cli->user, args[0], args[1],
				     &err);
		if (st == MD_OK)
			cli_printf("関係機関「%s」を「%s」に統合しました\n",
				   args[0], args[1]);
	} else {
		st = md_agency_correct(cli->db, &cli->user,
				       md_workflow_agency_kinds(cli->wf),
				       args[0], &in, &err);
		if (st == MD_OK)
			cli_printf("関係機関「%s」を訂正しました\n", args[0]);
	}
	if (st != MD_OK) {
		rc = cli_refused(st, &faults, &err);
	}
out:
	md_values_fini(&opts);
	md_values_fini(&faults);
	return rc;
}

int
cmd_agency(struct cli *cli, int argc, char **argv)
{
	int i;
	int rc = cli_leading_options(cli, argc, argv, "agency", agency_help,
				     &i);
	if (rc >= 0)
		return rc;
	if (i >= argc)
		return cli_usage_error("agency",
				       "list、add、import、provisional、confirm、merge、correct のどれかを指定してください\n");
	const char *sub = argv[i];
	if (!strcmp(sub, "list")) {
		if (i + 1 < argc)
			return cli_usage_error("agency",
					       "余分な引数 %s があります\n",
					       argv[i + 1]);
		return agency_list(cli);
	}
	if (!strcmp(sub, "add"))
		return agency_add(cli, argc - i, argv + i);
	if (!strcmp(sub, "provisional") || !strcmp(sub, "confirm") ||
	    !strcmp(sub, "merge") || !strcmp(sub, "correct"))
		return agency_catalogue(cli, sub, argc - i, argv + i);
	if (!strcmp(sub, "import")) {
		if (i + 1 >= argc)
			return cli_usage_error("agency",
					       "読み込む CSV ファイルを指定してください\n");
		if (i + 2 < argc)
			return cli_usage_error("agency",
					       "余分な引数 %s があります\n",
					       argv[i + 2]);
		if ((rc = cli_session(cli)) || (rc = cli_workflow(cli)))
			return rc;
		struct md_err err;
		size_t added;
		if (md_agencies_import(cli->db, &cli->user,
				       md_workflow_agency_kinds(cli->wf),
				       argv[i + 1], &added, &err) != MD_OK)
			return cli_fail(&err);
		cli_printf("関係機関を %zu 件加えました\n", added);
		return CLI_EXIT_OK;
	}
	return cli_usage_error("agency", "agency の操作 %s はありません\n",
			       sub);
}
