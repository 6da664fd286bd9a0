/* `madoguchi check`: integrity and schema version of the database. */

#include "cli.h"
#include "madoguchi/mem.h"

static const char check_help[] =
	"使い方: madoguchi [-c FILE] [-d FILE] check\n"
	"\n"
	"PRAGMA integrity_check と参照の整合性、スキーマの版を確かめ、\n"
	"問題がなければ OK と表示します。問題があれば一覧を表示し、終了状態 5 で終わります。\n"
	"大文字と小文字、全角と半角だけが違うユーザー名の職員(この版より前に登録)は\n"
	"「注意:」として示します(問題には数えません)。\n";

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
	/* Accounts kept from before login names were folded: both log in,
	 * by their own spelling; worth a look, not a fault of the file. */
	int shared = 0;
	if (st == MD_OK)
		st = md_user_shared_logins(cli->db, &report, &shared, &err);
	fputs(md_buf_str(&report), st == MD_OK ? stdout : stderr);
	md_buf_fini(&report);
	if (st != MD_OK)
		return cli_fail(&err);
	return CLI_EXIT_OK;
}
