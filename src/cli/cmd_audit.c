/* `madoguchi audit`: who viewed, changed or printed what, when (管理者). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "madoguchi/audit.h"
#include "madoguchi/clock.h"
#include "madoguchi/display.h"
#include "madoguchi/export.h"
#include "madoguchi/mem.h"
#include "madoguchi/paths.h"
#include "madoguchi/wareki.h"

static const char audit_help[] =
	"使い方: madoguchi -u USER audit [--case CASE] [--user LOGIN] [--since 日付]\n"
	"        [--csv [-o FILE] [--encoding ENC] [--force]]\n"
	"        madoguchi -u USER audit verify [--anchor 番号:ハッシュ]\n"
	"\n"
	"監査記録(誰が、いつ、どのケースを閲覧・変更・印刷したか、ログインと拒否)を\n"
	"古い順に表示します。管理者だけが使えます。--csv では CSV に印刷し、FILE を\n"
	"指定しなければ、出力先フォルダ(設定の [export] dir、空なら\n"
	"$XDG_DOCUMENTS_DIR/madoguchi か ~/madoguchi。0700 で作ります)に\n"
	"「監査記録.csv」で書きます。\n"
	"\n"
	"verify は、各行が前の行のハッシュにつながっているかを最初の行から確かめ、\n"
	"切れていれば最初の切れ目(行の番号、日時、何が違うか)を示して終了状態 5 で\n"
	"終わります。切れていなければ行数と最後の行の「番号:ハッシュ」を表示します。\n"
	"これを控えとしてデータベースの外に書き留め、後で --anchor に渡すと、その行\n"
	"までの記録が削られたり書き直されたりしていないことも確かめられます。\n"
	"\n"
	"  --case CASE      このケースの記録だけ\n"
	"  --user LOGIN     この職員の記録だけ\n"
	"  --since 日付     この日から(和暦でも入力できます)\n"
	"  --csv            CSV に印刷する\n"
	"  -o FILE          出力するファイル(--csv)\n"
	"  --encoding ENC   utf8-bom(既定、Excel 向け)、utf8、cp932\n"
	"  --force          すでにあるファイルを置き換える\n"
	"  --anchor 番号:ハッシュ  書き留めた控え(verify)\n";

struct audit_opts {
	const char *case_s, *login, *since_s, *file, *anchor;
	bool csv, encoding_given, verify;
	struct md_export_options ex;
};

static int
audit_parse(struct cli *cli, int argc, char **argv, struct audit_opts *o)
{
	static const struct option longopts[] = {
		{"case", required_argument, NULL, 'k'},
		{"user", required_argument, NULL, 'U'},
		{"since", required_argument, NULL, 's'},
		{"csv", no_argument, NULL, 'C'},
		{"output", required_argument, NULL, 'o'},
		{"encoding", required_argument, NULL, 'e'},
		{"force", no_argument, NULL, 'f'},
		{"anchor", required_argument, NULL, 'a'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	memset(o, 0, sizeof *o);
	int opt;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "c:d:u:ho:", longopts, NULL)) !=
	       -1) {
		if (cli_common_option(cli, opt, optarg))
			continue;
		switch (opt) {
		case 'k':
			o->case_s = optarg;
			break;
		case 'U':
			o->login = optarg;
			break;
		case 's':
			o->since_s = optarg;
			break;
		case 'C':
			o->csv = true;
			break;
		case 'o':
			o->file = optarg;
			break;
		case 'e':
			if (!md_config_parse_encoding(optarg, &o->ex.encoding))
				return cli_usage_error("audit",
						       "文字コード %s は使えません(utf8-bom、utf8、cp932)\n",
						       optarg);
			o->encoding_given = true;
			break;
		case 'f':
			o->ex.force = true;
			break;
		case 'a':
			o->anchor = optarg;
			break;
		case 'h':
			cli_print_text(stdout, audit_help);
			return CLI_EXIT_OK;
		default:
			return cli_usage_error("audit",
					       "audit のオプションが正しくありません\n");
		}
	}
	if (optind < argc && !strcmp(argv[optind], "verify")) {
		o->verify = true;
		optind++;
	}
	if (optind < argc)
		return cli_usage_error("audit", "余分な引数 %s があります\n",
				       argv[optind]);
	if (o->verify && (o->case_s || o->login || o->since_s || o->csv ||
			  o->file || o->encoding_given || o->ex.force))
		return cli_usage_error("audit",
				       "verify は記録の全体を確かめます(--anchor のほかのオプションは使えません)\n");
	if (o->anchor && !o->verify)
		return cli_usage_error("audit",
				       "--anchor は verify と使います\n");
	if (!o->csv && (o->file || o->encoding_given || o->ex.force))
		return cli_usage_error("audit",
				       "-o、--encoding、--force は --csv と使います\n");
	return -1;
}

/* The filter from the options; prints and returns non-zero when one is
 * wrong. since receives the date. */
static int
audit_filter(struct cli *cli, const struct audit_opts *o,
	     struct md_audit_filter *f, char since[MD_DATE_SIZE])
{
	struct md_err err;
	memset(f, 0, sizeof *f);
	if (o->case_s) {
		char *end;
		f->case_id = strtoll(o->case_s, &end, 10);
		if (*end || f->case_id < 1)
			return cli_usage_error("audit",
					       "ケース番号 %s が正しくありません\n",
					       o->case_s);
	}
	if (o->since_s) {
		struct md_date d;
		if (md_date_parse(o->since_s, &d, &err) != MD_OK) {
			cli_error("--since: %s", err.msg);
			return CLI_EXIT_USAGE;
		}
		md_date_iso(d, since);
		f->since = since;
	}
	if (o->login) {
		struct md_user u;
		if (md_user_get(cli->db, o->login, &u, &err) != MD_OK)
			return cli_fail(&err);
		f->user_id = u.id;
		md_user_fini(&u);
	}
	return 0;
}

/* One row as a line: 日時, user, 操作, ケース, 内容. */
static void
audit_print(const struct md_audit_row *r)
{
	enum md_audit_action a;
	const char *action = md_audit_parse(r->action, &a) ? md_audit_label(a)
							   : r->action;
	char at[MD_DISPLAY_WHEN_SIZE];
	cli_printf("%s\t%s%s%s%s\t%s\t",
		   md_display_when(r->at, MD_DATE_LONG, at),
		   *r->login ? r->login : "-", *r->user_name ? "(" : "",
		   r->user_name, *r->user_name ? ")" : "", action);
	if (r->case_id)
		cli_printf("ケース %lld", r->case_id);
	else if (r->person_id)
		cli_printf("本人 %lld", r->person_id);
	cli_printf("\t%s\n", r->detail);
}

/* `audit verify`: the chain walked, its head shown as an anchor to note. */
static int
audit_verify(struct cli *cli, const char *anchor_s)
{
	struct md_audit_anchor anchor;
	struct md_audit_chain chain;
	struct md_err err;
	if (anchor_s && md_audit_anchor_parse(anchor_s, &anchor, &err) != MD_OK)
		return cli_usage_error("audit", "--anchor: %s\n", err.msg);
	int rc = cli_session(cli);
	if (rc)
		return rc;
	if (md_auth_require(cli->db, &cli->user, true, "監査記録の検証",
			    &err) != MD_OK ||
	    md_audit_verify(cli->db, anchor_s ? &anchor : NULL, &chain, &err) !=
		    MD_OK)
		return cli_fail(&err);
	cli_printf("監査記録の連鎖は切れていません: %lld 行\n", chain.rows);
	if (chain.rows)
		cli_printf("最後の行: 番号 %lld(%s)\n控え: %lld:%s\n",
			   chain.last_id, chain.last_at, chain.last_id,
			   chain.last_hash);
	if (anchor_s)
		cli_printf("控え(番号 %lld)のハッシュと合っています\n",
			   anchor.id);
	return CLI_EXIT_OK;
}

int
cmd_audit(struct cli *cli, int argc, char **argv)
{
	struct audit_opts o;
	int rc = audit_parse(cli, argc, argv, &o);
	if (rc >= 0)
		return rc;
	if (o.verify)
		return audit_verify(cli, o.anchor);
	if ((rc = cli_session(cli)))
		return rc;
	struct md_audit_filter f;
	char since[MD_DATE_SIZE];
	if ((rc = audit_filter(cli, &o, &f, since)))
		return rc;
	struct md_err err;
	if (o.csv) {
		if (!o.encoding_given)
			o.ex.encoding = cli->cfg.export_encoding;
		o.ex.office = cli->cfg.office_name;
		char *path = o.file ? md_strdup(o.file)
				    : md_path_output(cli->cfg.export_dir,
						     "監査記録.csv", &err);
		if (!path && o.file)
			md_err_set(&err, MD_ERR_NOMEM, NULL);
		if (!path)
			return cli_fail(&err);
		enum md_status st = md_export_audit(cli->db, &cli->user, &f,
						    path, &o.ex, &err);
		if (st == MD_OK)
			cli_printf("出力しました: %s\n", path);
		md_free(path);
		return st == MD_OK ? CLI_EXIT_OK : cli_fail(&err);
	}
	long long after = 0, shown = 0;
	size_t n;
	do {
		struct md_audit_row *rows;
		if (md_audit_list(cli->db, &cli->user, &f, after, 1000, &rows,
				  &n, &err) != MD_OK)
			return cli_fail(&err);
		if (after == 0)
			cli_printf("日時\t職員\t操作\t対象\t内容\n");
		for (size_t i = 0; i < n; i++)
			audit_print(&rows[i]);
		shown += (long long)n;
		if (n)
			after = rows[n - 1].id;
		md_audit_rows_free(rows, n);
	} while (n == 1000);
	if (shown == 0)
		cli_printf("該当する記録はありません\n");
	return CLI_EXIT_OK;
}
