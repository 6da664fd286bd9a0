/* `madoguchi init`: create the database and its first administrator. */
#include <getopt.h>
#include <string.h>

#include "cli.h"
#include "madoguchi/agencies.h"
#include "madoguchi/mem.h"
#include "madoguchi/paths.h"

static const char init_help[] =
	"使い方: madoguchi [-c FILE] [-d FILE] init [--admin NAME] [--name 氏名]\n"
	"\n"
	"データベースを作成し、最初の管理者を登録します。パスワードは端末から\n"
	"(2 回)、端末でなければ標準入力の 1 行から読みます。\n"
	"\n"
	"  --admin NAME  管理者のユーザー名(既定: admin)\n"
	"  --name 氏名   管理者の氏名(既定: ユーザー名)\n";

int
cmd_init(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"admin", required_argument, NULL, 'a'},
		{"name", required_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *admin = "admin", *name = NULL;
	int opt;
	while ((opt = getopt_long(argc, argv, ":c:d:u:h", longopts, NULL)) !=
	       -1) {
		if (cli_common_option(cli, opt, optarg))
			continue;
		switch (opt) {
		case 'a':
			admin = optarg;
			break;
		case 'n':
			name = optarg;
			break;
		case 'h':
			cli_print_text(stdout, init_help);
			return CLI_EXIT_OK;
		default:
			return cli_option_error("init", argv, opt);
		}
	}
	if (optind < argc)
		return cli_usage_error("init", "余分な引数 %s があります\n",
				       argv[optind]);
	int rc = cli_open(cli, MD_DB_CREATE);
	if (rc)
		return rc;
	struct md_err err;
	long long users = 0;
	if (md_user_count(cli->db, &users, &err) != MD_OK)
		return cli_fail(&err);
	if (users > 0) {
		cli_error("データベースはすでに初期化されています: %s",
			  md_db_path(cli->db));
		return CLI_EXIT_FAIL;
	}
	char *prompt = md_asprintf("管理者 %s のパスワード(%d 文字以上): ",
				   admin, MD_PASSWORD_MIN);
	char *pw = prompt ? cli_read_password(cli, prompt, true) : NULL;
	md_free(prompt);
	if (!pw)
		return CLI_EXIT_FAIL;
	enum md_status st = md_user_add(cli->db, NULL, admin,
					name ? name : admin, MD_ROLE_ADMIN, pw,
					NULL, &err);
	cli_wipe(pw);
	if (st != MD_OK)
		return cli_fail(&err);
	cli_printf("データベースを作成しました: %s\n", md_db_path(cli->db));
	cli_printf("管理者 %s を登録しました\n", admin);
	/* The shipped catalogue of agencies, for referrals from day one. */
	char *catalogue = md_path_shipped("data/agencies.csv", &err);
	size_t added = 0;
	/* Its kinds are those of the definitions (forms/workflow.ini). */
	if (!catalogue)
		cli_error(
			"警告: 関係機関の一覧を読み込めませんでした: メモリが不足しています");
	else if (cli_workflow(cli))
		cli_error(
			"警告: 手順の定義が読めないため、関係機関の一覧を読み込みませんでした");
	else if (md_agencies_import(cli->db, NULL,
				    md_workflow_agency_kinds(cli->wf),
				    catalogue, &added, &err) == MD_OK)
		cli_printf("関係機関の一覧を読み込みました(%zu 件)\n", added);
	else
		cli_error("警告: 関係機関の一覧を読み込めませんでした: %s",
			  err.msg);
	md_free(catalogue);
	return CLI_EXIT_OK;
}
