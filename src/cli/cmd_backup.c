/* `madoguchi backup FILE`: a consistent copy while others use the database. */
#include <getopt.h>
#include <stdbool.h>
#include <sys/stat.h>

#include "cli.h"
#include "madoguchi/audit.h"

static const char backup_help[] =
	"使い方: madoguchi [-c FILE] [-d FILE] -u USER backup [--force] FILE\n"
	"\n"
	"SQLite のオンラインバックアップで、他の職員が使用中でも一貫した複製を\n"
	"FILE に書きます(モード 0600)。管理者だけが行えます。\n"
	"\n"
	"  --force  FILE がすでにあれば置き換える\n";

int
cmd_backup(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"force", no_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	bool force = false;
	int opt;
	while ((opt = getopt_long(argc, argv, ":c:d:u:hf", longopts, NULL)) !=
	       -1) {
		if (cli_common_option(cli, opt, optarg))
			continue;
		switch (opt) {
		case 'f':
			force = true;
			break;
		case 'h':
			cli_print_text(stdout, backup_help);
			return CLI_EXIT_OK;
		default:
			return cli_option_error("backup", argv, opt);
		}
	}
	if (optind >= argc)
		return cli_usage_error("backup",
				       "バックアップ先のファイルを指定してください\n");
	if (optind + 1 < argc)
		return cli_usage_error("backup", "余分な引数 %s があります\n",
				       argv[optind + 1]);
	const char *dest = argv[optind];
	int rc = cli_session(cli);
	if (rc)
		return rc;
	struct md_err err;
	enum md_status st = md_auth_require(cli->db, &cli->user, true,
					    "バックアップ", &err);
	/* --force must not put a copy in place of the database itself (the
	 * writes after the copy, its audit row among them, would be lost). */
	struct stat ds, dbs;
	if (st == MD_OK && stat(dest, &ds) == 0 &&
	    stat(md_db_path(cli->db), &dbs) == 0 && ds.st_dev == dbs.st_dev &&
	    ds.st_ino == dbs.st_ino)
		st = md_err_set(&err, MD_ERR_INVALID,
				"%s は使用中のデータベースそのものです。バックアップ先には別のファイルを指定してください",
				dest);
	if (st == MD_OK)
		st = md_db_backup(cli->db, dest, force, &err);
	if (st == MD_OK && md_db_begin(cli->db, &err) == MD_OK) {
		st = md_audit_add(cli->db, cli->user.id, MD_AUDIT_BACKUP, 0, 0,
				  dest, &err);
		if (st == MD_OK)
			st = md_db_commit(cli->db, &err);
		else
			md_db_rollback(cli->db);
	}
	if (st != MD_OK)
		return cli_fail(&err);
	cli_printf("バックアップを作成しました: %s\n", dest);
	return CLI_EXIT_OK;
}
