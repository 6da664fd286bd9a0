/* `madoguchi check`: integrity and schema version of the database. */

#include "cli.h"
#include "madoguchi/mem.h"

static const char check_help[] =
	"使い方: madoguchi [-c FILE] [-d FILE] check\n"
	"\n"
	"PRAGMA integrity_check と参照の整合性、スキーマの版を確かめ、\n"
	"問題がなければ OK と表示します。問題があれば一覧を表示し、終了状態 5 で終わります。\n";

int
cmd_check(struct cli *cli, int argc, char **argv)
{
	int rc = cli_plain_options(cli, argc, argv, "check", check_help);
	if (rc >= 0)
		return rc;
	rc = cli_open(cli, 0);
	if (rc)
		return rc;
	struct md_buf report;
	struct md_err err;
	md_buf_init(&report);
	enum md_status st = md_db_check(cli->db, &report, &err);
	cli_print_text(st == MD_OK ? stdout : stderr, md_buf_str(&report));
	md_buf_fini(&report);
	if (st != MD_OK)
		return cli_fail(&err);
	return CLI_EXIT_OK;
}
