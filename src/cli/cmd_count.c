/* `madoguchi count`: the tables of forms/counts.ini over a period, an
 * office and a member of staff, as text or CSV (000 第8条・第9条, 002 第2条(6),
 * 004 §2(1)). */
#include <string.h>

#include "cli.h"
#include "madoguchi/counts.h"
#include "madoguchi/mem.h"

static const char count_help[] =
	"使い方:\n"
	"  madoguchi -u USER count --from 日付 --to 日付 [--office 事業所]\n"
	"        [--staff 職員] [--by month|office|staff] [--as-at 日付]\n"
	"        [--table 表] [--csv [-o FILE] [--encoding ENC] [--force]]\n"
	"\n"
	"検証会議(000 第8条・第9条、002 第2条(6))や月次の報告のため、期間の\n"
	"件数を forms/counts.ini の表ごとに集計します: 相談票の相談方法・相談内容・\n"
	"対応(004 §2(1)、電話は下段に括弧で)、相談会の来所者と複合課題、自立相談\n"
	"支援の経過(受付から終結・再開まで)、事業別の支援決定、理由別の終結、国への\n"
	"月次の件数、つなぎ先の種別とフォローアップの結果、会議の種類、多機関協働の\n"
	"対象判定。日付は和暦(R6.4.1)でも西暦(2024-04-01)でもよく、期間は両端の\n"
	"日を含みます。--office は事業所、--staff は職員(ユーザー名か氏名)の分だけ、\n"
	"--by は月・事業所・職員ごとの行に分け、合計を付けます。--as-at はその日の\n"
	"終わりに記録されていたとおりに数えます(既定は今日): あとで記録を直しても\n"
	"過去の期間の件数は変わりません。--table は表をひとつ(id か名前)。\n"
	"--csv は Excel でそのまま開ける表(見出し、合計)を -o FILE に(--encoding は\n"
	"utf8-bom、utf8、cp932。既定は設定の [export] encoding)、-o がなければ\n"
	"標準出力に UTF-8 で書きます。表示と印刷は監査記録に残ります。\n";

static const struct {
	const char *word;
	enum md_count_by by;
} bys[] = {{"month", MD_COUNT_BY_MONTH},
	   {"office", MD_COUNT_BY_OFFICE},
	   {"staff", MD_COUNT_BY_STAFF}};

int
cmd_count(struct cli *cli, int argc, char **argv)
{
	static const char *const names[] = {"from",     "to",     "office",
					    "staff",    "by",     "as-at",
					    "table",    "csv!",   "output",
					    "encoding", "force!", NULL};
	/* -o FILE as export takes it: given as --output here. */
	for (int k = 0; k < argc; k++)
		if (!strcmp(argv[k], "-o"))
			argv[k] = "--output";
	struct md_values opts;
	md_values_init(&opts);
	struct md_count_report report;
	memset(&report, 0, sizeof report);
	int first;
	int rc = cli_options(cli, argc, argv, "count", count_help, names, &opts,
			     &first);
	if (rc >= 0)
		goto out;
	rc = CLI_EXIT_OK;
	if (first < argc) {
		rc = cli_usage_error("count", "余分な引数 %s があります\n",
				     argv[first]);
		goto out;
	}
	struct md_count_query q = {
		.from = md_values_get(&opts, "from"),
		.to = md_values_get(&opts, "to"),
		.office = md_values_get(&opts, "office"),
		.staff = md_values_get(&opts, "staff"),
		.as_at = md_values_get(&opts, "as-at"),
		.table = md_values_get(&opts, "table"),
	};
	if (!q.from || !q.to) {
		rc = cli_usage_error("count",
				     "--from と --to で期間を指定してください\n");
		goto out;
	}
	const char *by = md_values_get(&opts, "by");
	if (by) {
		size_t i = 0;
		while (i < sizeof bys / sizeof *bys && strcmp(bys[i].word, by))
			i++;
		if (i == sizeof bys / sizeof *bys) {
			rc = cli_usage_error("count",
					     "--by には month、office、staff のどれかを指定してください\n");
			goto out;
		}
		q.by = bys[i].by;
	}
	const char *path = md_values_get(&opts, "output");
	bool csv = md_values_get(&opts, "csv") != NULL;
	if (path && !csv) {
		rc = cli_usage_error("count",
				     "-o FILE は --csv と使います(表は標準出力に表示します)\n");
		goto out;
	}
	struct md_export_options o = {.force = md_values_get(&opts, "force") !=
					       NULL};
	if ((rc = cli_session(cli)) || (rc = cli_counts(cli)))
		goto out;
	o.encoding = cli->cfg.export_encoding;
	const char *enc = md_values_get(&opts, "encoding");
	if (enc && !md_config_parse_encoding(enc, &o.encoding)) {
		rc = cli_usage_error("count",
				     "--encoding には utf8-bom、utf8、cp932 のどれかを指定してください\n");
		goto out;
	}
	/* Everything counted and checked before a line is printed. */
	struct md_err err;
	if (md_count_run(cli->db, &cli->user, cli->counts, &q, &report, &err) !=
	    MD_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	if (csv && path) {
		if (md_count_export(cli->db, &cli->user, &report, path, &o,
				    &err) != MD_OK)
			rc = cli_fail(&err);
		else
			cli_printf("件数の集計を %s に印刷しました\n", path);
		goto out;
	}
	char *text = csv ? md_count_csv(&report)
			 : md_count_text(&report,
					 cli->cfg.display_ambiguous_width);
	if (!text) {
		cli_error("メモリが不足しています");
		rc = CLI_EXIT_FAIL;
	} else if (md_count_audit(cli->db, &cli->user, &report, &err) !=
		   MD_OK) {
		rc = cli_fail(&err);
	} else {
		cli_print_text(stdout, text);
	}
	md_free(text);
out:
	md_count_report_free(&report);
	md_values_fini(&opts);
	return rc;
}
