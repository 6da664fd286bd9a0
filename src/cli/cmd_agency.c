/* `madoguchi agency list|add|import`: the catalogue of related agencies. */
#include <getopt.h>
#include <string.h>

#include "cli.h"
#include "madoguchi/agencies.h"
#include "madoguchi/mem.h"

static const char agency_help[] =
	"使い方:\n"
	"  madoguchi -u USER agency list\n"
	"  madoguchi -u ADMIN agency add 名称 [--kind 種別] [--phone 電話] [--address 住所]\n"
	"                     [--alias 別名]…\n"
	"  madoguchi -u ADMIN agency import FILE\n"
	"\n"
	"つなぎ先として様式に入力できる関係機関の一覧です。つなぎ先は名称、別名、\n"
	"またはそのどれか 1 つだけに当たる始めの部分で入力できます。種別は手順の\n"
	"定義(forms/workflow.ini の agency_kinds)にあるものです。import は CSV\n"
	"(見出し行「名称,種別,電話,住所」か「名称,種別,電話,住所,別名」、別名は | で\n"
	"区切る、UTF-8)から、まだない関係機関と別名を加えます。ない種別、ほかの\n"
	"関係機関を指す別名、表計算ソフトが数式として読む値(= + - @ などで始まる\n"
	"もの)や NUL 文字があれば、その行を示して何も読み込みません。\n"
	"add と import は管理者だけが行えます。\n";

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
	cli_printf("名称\t種別\t電話\t住所\t状態\t別名\n");
	for (size_t i = 0; i < n; i++)
		cli_printf("%s\t%s\t%s\t%s\t%s\t%s\n", a[i].name, a[i].kind,
		       a[i].phone, a[i].address, a[i].active ? "有効" : "無効",
		       a[i].aliases);
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
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *kind = "", *phone = "", *address = "";
	struct md_buf aliases; /* "|" between them, as a catalogue has them */
	md_buf_init(&aliases);
	int opt;
	optind = 0;
	while ((opt = getopt_long(argc, argv, ":c:d:u:h", longopts, NULL)) != -1) {
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
		case 'A':
			if (strchr(optarg, '|')) {
				md_buf_fini(&aliases);
				return cli_usage_error("agency", "別名に | は使えません(別名ごとに --alias を付けてください)\n");
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
		rc = cli_usage_error("agency", "関係機関の名称を指定してください\n");
	} else if (optind + 1 < argc) {
		rc = cli_usage_error("agency", "余分な引数 %s があります\n",
				     argv[optind + 1]);
	} else if (!md_buf_ok(&aliases)) {
		cli_error("メモリが不足しています");
		rc = CLI_EXIT_FAIL;
	} else if (!(rc = cli_session(cli)) && !(rc = cli_workflow(cli))) {
		if (md_agency_add(cli->db, &cli->user,
				  md_workflow_agency_kinds(cli->wf), argv[optind],
				  kind, phone, address, md_buf_str(&aliases),
				  &err) != MD_OK)
			rc = cli_fail(&err);
		else
			cli_printf("関係機関「%s」を登録しました\n", argv[optind]);
	}
	md_buf_fini(&aliases);
	return rc;
}

int
cmd_agency(struct cli *cli, int argc, char **argv)
{
	int i;
	int rc = cli_leading_options(cli, argc, argv, "agency", agency_help, &i);
	if (rc >= 0)
		return rc;
	if (i >= argc)
		return cli_usage_error("agency", "list、add、import のどれかを指定してください\n");
	const char *sub = argv[i];
	if (!strcmp(sub, "list")) {
		if (i + 1 < argc)
			return cli_usage_error("agency", "余分な引数 %s があります\n",
					       argv[i + 1]);
		return agency_list(cli);
	}
	if (!strcmp(sub, "add"))
		return agency_add(cli, argc - i, argv + i);
	if (!strcmp(sub, "import")) {
		if (i + 1 >= argc)
			return cli_usage_error("agency", "読み込む CSV ファイルを指定してください\n");
		if (i + 2 < argc)
			return cli_usage_error("agency", "余分な引数 %s があります\n",
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
	return cli_usage_error("agency", "agency の操作 %s はありません\n", sub);
}
