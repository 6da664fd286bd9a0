/* `madoguchi demo generate`: fill a new database with realistic made-up records. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "../demo/demo.h"

static const char demo_help[] =
	"使い方: madoguchi -d FILE demo generate [--cases N] [--seed S]\n"
	"\n"
	"ベンチマークや画面の試用のため、新しいデータベース FILE に架空の相談記録を\n"
	"作ります: 職員、世帯と本人、ケースとその手順の記録(相談受付から終結まで、\n"
	"途中のものも)、第1号〜第6号様式とその版、支援経過。同じ N と S からは同じ\n"
	"内容ができます。FILE はまだないか、職員もケースもない空のデータベースで\n"
	"なければなりません。職員のパスワードはすべて " MD_DEMO_PASSWORD "\n"
	"(管理者は demo)です。進み具合は標準エラー出力に表示します。\n"
	"\n"
	"  --cases N   ケースの数(既定 200000)。本人は約 0.75 N 人、支援経過は約 10 N 件\n"
	"  --seed S    乱数の種(既定 1)\n";

/* Read a whole non-negative decimal number; false when s is not one. */
static bool
parse_number(const char *s, unsigned long long *out)
{
	if (!s || *s < '0' || *s > '9')
		return false;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

/* What the progress lines remember: the part and the last tenth shown. */
struct shown {
	const char *what;
	int tenth;
};

static void
show_progress(void *ctx, const char *what, long long done, long long total)
{
	struct shown *s = ctx;
	if (s->what != what) {
		s->what = what;
		s->tenth = -1;
	}
	int tenth = total > 0 ? (int)(done * 10 / total) : 10;
	if (tenth == s->tenth || (done > 0 && tenth == 0))
		return;
	s->tenth = tenth;
	if (done == 0)
		cli_fprintf(stderr, "%s…\n", what);
	else
		cli_fprintf(stderr, "%s %d%% (%lld/%lld)\n", what, tenth * 10,
			    done, total);
}

static int
demo_generate(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"cases", required_argument, NULL, 'n'},
		{"seed", required_argument, NULL, 's'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct md_demo_options opt = {200000, 1, show_progress, NULL};
	unsigned long long v;
	int o;
	optind = 0;
	while ((o = getopt_long(argc, argv, ":c:d:u:h", longopts, NULL)) !=
	       -1) {
		if (cli_common_option(cli, o, optarg))
			continue;
		switch (o) {
		case 'n':
			if (!parse_number(optarg, &v) || v < 1 || v > 50000000)
				return cli_usage_error("demo",
						       "--cases には 1 から 50000000 までの数を指定してください(「%s」)\n",
						       optarg);
			opt.cases = (long long)v;
			break;
		case 's':
			if (!parse_number(optarg, &v))
				return cli_usage_error("demo",
						       "--seed には 0 以上の整数を指定してください(「%s」)\n",
						       optarg);
			opt.seed = v;
			break;
		case 'h':
			cli_print_text(stdout, demo_help);
			return CLI_EXIT_OK;
		default:
			return cli_option_error("demo", argv, o);
		}
	}
	if (optind < argc)
		return cli_usage_error("demo", "余分な引数 %s があります\n",
				       argv[optind]);
	int rc = cli_open(cli, MD_DB_CREATE);
	if (rc || (rc = cli_workflow(cli)))
		return rc;
	struct shown shown = {NULL, -1};
	opt.ctx = &shown;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct md_demo_counts n;
	struct md_err err;
	if (md_demo_generate(cli->db, cli->forms, cli->wf, &opt, &n, &err) !=
	    MD_OK)
		return cli_fail(&err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (double)(t1.tv_sec - t0.tv_sec) +
		      (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	cli_printf("デモデータを作成しました: 職員 %lld 人、世帯 %lld、本人 %lld 人、ケース %lld 件、"
		   "様式 %lld 件(版 %lld)、支援経過 %lld 件、手順の記録 %lld 件、%.1f 秒\n",
		   n.users, n.households, n.persons, n.cases,
		   n.records - n.entries, n.revisions - n.entries, n.entries,
		   n.events, secs);
	return CLI_EXIT_OK;
}

int
cmd_demo(struct cli *cli, int argc, char **argv)
{
	int i;
	int rc = cli_leading_options(cli, argc, argv, "demo", demo_help, &i);
	if (rc >= 0)
		return rc;
	if (i >= argc)
		return cli_usage_error("demo", "generate を指定してください\n");
	if (strcmp(argv[i], "generate"))
		return cli_usage_error("demo", "demo の操作 %s はありません\n",
				       argv[i]);
	return demo_generate(cli, argc - i, argv + i);
}
