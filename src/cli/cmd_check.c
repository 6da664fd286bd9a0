/* `madoguchi check`: integrity, schema version, audit chain and accounts. */

#include "cli.h"
#include "madoguchi/audit.h"
#include "madoguchi/auth.h"
#include "madoguchi/mem.h"

static const char check_help[] =
	"使い方: madoguchi [-c FILE] [-d FILE] check\n"
	"\n"
	"PRAGMA integrity_check と参照の整合性、スキーマの版、履歴を守るトリガー、\n"
	"監査記録のハッシュの連鎖(audit verify と同じ)、各職員の役割と有効・無効が\n"
	"監査記録に残る変更と合うかを確かめ、問題がなければ OK と表示します。\n"
	"問題があれば一覧を表示し、終了状態 5 で終わります。\n"
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
	struct md_err err, audit_err;
	md_buf_init(&report);
	enum md_status st = md_db_check(cli->db, &report, &err);
	/* Accounts kept from before login names were folded: both log in,
	 * by their own spelling; worth a look, not a fault of the file. */
	int shared = 0;
	if (st == MD_OK)
		st = md_user_shared_logins(cli->db, &report, &shared, &err);
	cli_print_text(st == MD_OK ? stdout : stderr, md_buf_str(&report));
	/* The chain and the accounts are read through the same SQLite: only
	 * on a file it can read (a damaged one is already reported). */
	enum md_status audit_st = MD_OK;
	if (st == MD_OK || st == MD_ERR_CORRUPT) {
		md_buf_reset(&report);
		audit_st = md_audit_check(cli->db, &report, &audit_err);
		cli_print_text(audit_st == MD_OK ? stdout : stderr,
			       md_buf_str(&report));
	}
	md_buf_fini(&report);
	if (st != MD_OK)
		return cli_fail(&err);
	if (audit_st != MD_OK)
		return cli_fail(&audit_err);
	return CLI_EXIT_OK;
}
