/* `madoguchi export` and `madoguchi list --csv`: print forms and the case list to CSV. */
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "madoguchi/cases.h"
#include "madoguchi/export.h"
#include "madoguchi/mem.h"
#include "madoguchi/offices.h"
#include "madoguchi/paths.h"
#include "madoguchi/records.h"

static const char export_help[] =
	"使い方: madoguchi -u USER export CASE FORM [-o FILE] [--encoding ENC]\n"
	"        [--revision N] [--seq N] [--force]\n"
	"\n"
	"ケース CASE の様式 FORM を CSV に印刷します。第3号様式は経過一覧(1 行に\n"
	"1 件、日付順)になります。FILE を指定しなければ、出力先フォルダに\n"
	"「ケース番号-様式番号.csv」で書きます。表計算ソフトが数式として読む欄\n"
	"(= + - @ などで始まるもの)は、先頭に ' を付けて印刷します。\n"
	"\n"
	"  -o FILE          出力するファイル\n"
	"  --encoding ENC   utf8-bom(既定、Excel 向け)、utf8、cp932\n"
	"  --revision N     版 N を印刷する(既定は最新)\n"
	"  --seq N          N 回目(再アセスメント、再プランの回)を印刷する\n"
	"  --force          すでにあるファイルを置き換える\n"
	"\n"
	"出力先フォルダは設定の [export] dir、空なら $XDG_DOCUMENTS_DIR/madoguchi\n"
	"(なければ ~/madoguchi)で、ないときは本人だけが使えるフォルダ(0700)として\n"
	"作ります。\n";

static const char list_help[] =
	"使い方: madoguchi -u USER list --csv [--office 事業所] [-o FILE]\n"
	"        [--encoding ENC] [--force]\n"
	"\n"
	"支援ケース一覧(ケース番号、氏名、ふりがな、性別、年齢、受付日、担当者、\n"
	"現在の段階、段階の日付、プラン作成日、プラン期間、次回評価予定日、終結日、\n"
	"終結の理由)を CSV に印刷します。FILE を指定しなければ、出力先フォルダに\n"
	"「支援ケース一覧.csv」で書きます。--office はその事業所(000 第4条)の\n"
	"ケースだけを印刷します。\n"
	"\n"
	"出力先フォルダは設定の [export] dir、空なら $XDG_DOCUMENTS_DIR/madoguchi\n"
	"(なければ ~/madoguchi)で、ないときは本人だけが使えるフォルダ(0700)として\n"
	"作ります。\n";

struct out_opts {
	const char *file;
	const char *office; /* list: one office's cases */
	int revision;
	int seq;
	bool csv;
	struct md_export_options ex;
};

/* Parse the options export and list share; positional arguments are left
 * in argv[*first..argc). */
static int
parse(struct cli *cli, int argc, char **argv, const char *command,
      const char *help, struct out_opts *o, int *first)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{"encoding", required_argument, NULL, 'e'},
		{"revision", required_argument, NULL, 'r'},
		{"seq", required_argument, NULL, 's'},
		{"force", no_argument, NULL, 'f'},
		{"csv", no_argument, NULL, 'C'},
		{"office", required_argument, NULL, 'O'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	memset(o, 0, sizeof *o);
	o->seq = MD_SEQ_LATEST;
	bool encoding_given = false;
	int opt;
	optind = 0;
	while ((opt = getopt_long(argc, argv, ":c:d:u:ho:", longopts, NULL)) !=
	       -1) {
		if (cli_common_option(cli, opt, optarg))
			continue;
		switch (opt) {
		case 'o':
			o->file = optarg;
			break;
		case 'e':
			if (!md_config_parse_encoding(optarg, &o->ex.encoding))
				return cli_usage_error(command,
						       "文字コード %s は使えません(utf8-bom、utf8、cp932)\n",
						       optarg);
			encoding_given = true;
			break;
		case 'r':
			if (!cli_parse_int(optarg, 1, INT_MAX, &o->revision))
				return cli_usage_error(command,
						       "--revision には 1 以上の版を指定してください\n");
			break;
		case 's':
			if (!cli_parse_int(optarg, 1, INT_MAX, &o->seq))
				return cli_usage_error(command,
						       "--seq には 1 以上の番号を指定してください\n");
			break;
		case 'f':
			o->ex.force = true;
			break;
		case 'C':
			o->csv = true;
			break;
		case 'O':
			o->office = optarg;
			break;
		case 'h':
			cli_print_text(stdout, help);
			return CLI_EXIT_OK;
		default:
			return cli_option_error(command, argv, opt);
		}
	}
	*first = optind;
	int rc = cli_config(cli);
	if (rc)
		return rc;
	if (!encoding_given)
		o->ex.encoding = cli->cfg.export_encoding;
	o->ex.office = cli->cfg.office_name;
	o->ex.revision = o->revision;
	return -1;
}

/* FILE, or NAME in the output folder (md_path_output); NULL with the
 * reason printed. */
static char *
output_path(struct cli *cli, const struct out_opts *o, const char *name)
{
	struct md_err err;
	char *path = o->file ? md_strdup(o->file)
			     : md_path_output(cli->cfg.export_dir, name, &err);
	if (!path && o->file)
		md_err_set(&err, MD_ERR_NOMEM, NULL);
	if (!path)
		cli_fail(&err);
	return path;
}

int
cmd_export(struct cli *cli, int argc, char **argv)
{
	struct out_opts o;
	int first;
	int rc = parse(cli, argc, argv, "export", export_help, &o, &first);
	if (rc >= 0)
		return rc;
	if (argc - first < 2)
		return cli_usage_error("export",
				       "ケース番号と様式を指定してください\n");
	if (argc - first > 2)
		return cli_usage_error("export", "余分な引数 %s があります\n",
				       argv[first + 2]);
	if (o.csv)
		return cli_usage_error("export",
				       "export は常に CSV です(--csv は list のオプションです)\n");
	if (o.office)
		return cli_usage_error("export",
				       "--office は list のオプションです\n");
	long long case_id;
	if (!md_case_parse_id(argv[first], &case_id))
		return cli_usage_error("export",
				       "ケース番号 %s が正しくありません\n",
				       argv[first]);
	if ((rc = cli_session(cli)) || (rc = cli_forms(cli)))
		return rc;
	const struct md_form *form = md_forms_find(cli->forms, argv[first + 1]);
	if (!form) {
		cli_error("様式「%s」はありません(madoguchi forms で一覧を表示します)",
			  argv[first + 1]);
		return CLI_EXIT_FAIL;
	}
	char *name = md_export_file_name(case_id, form);
	char *path = name ? output_path(cli, &o, name) : NULL;
	if (!name)
		cli_error("メモリが不足しています");
	md_free(name);
	if (!path)
		return CLI_EXIT_FAIL;
	struct md_err err;
	enum md_status st = md_export_form(cli->db, &cli->user, cli->forms,
					   case_id, form->id, o.seq, path,
					   &o.ex, &err);
	if (st == MD_OK)
		cli_printf("出力しました: %s\n", path);
	md_free(path);
	return st == MD_OK ? CLI_EXIT_OK : cli_fail(&err);
}

int
cmd_list(struct cli *cli, int argc, char **argv)
{
	struct out_opts o;
	int first;
	int rc = parse(cli, argc, argv, "list", list_help, &o, &first);
	if (rc >= 0)
		return rc;
	if (first < argc)
		return cli_usage_error("list", "余分な引数 %s があります\n",
				       argv[first]);
	if (!o.csv)
		return cli_usage_error("list",
				       "--csv を指定してください(一覧は CSV に印刷します)\n");
	if (o.revision || o.seq != MD_SEQ_LATEST)
		return cli_usage_error("list",
				       "--revision と --seq は export のオプションです\n");
	if ((rc = cli_session(cli)) || (rc = cli_workflow(cli)))
		return rc;
	struct md_err err;
	if (o.office &&
	    md_office_find(cli->db, o.office, &o.ex.office_id, &err) != MD_OK)
		return cli_fail(&err);
	o.ex.stage_label = md_workflow_stage_label;
	o.ex.stage_ctx = cli->wf;
	char *path = output_path(cli, &o, "支援ケース一覧.csv");
	if (!path)
		return CLI_EXIT_FAIL;
	enum md_status st = md_export_caselist(cli->db, &cli->user, path, &o.ex,
					       &err);
	if (st == MD_OK)
		cli_printf("出力しました: %s\n", path);
	md_free(path);
	return st == MD_OK ? CLI_EXIT_OK : cli_fail(&err);
}
