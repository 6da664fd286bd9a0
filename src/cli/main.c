/* Entry point: global options, then a command, or the screens when there is none. */
#include <getopt.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "madoguchi/version.h"
#include "../tui/tui.h"

/* clang-format off */
const struct cli_command cli_commands[] = {
	{"init", "[--admin NAME] [--name 氏名]",
	 "データベースを作成し、最初の管理者を登録する", cmd_init},
	{"user", "-u USER add|list|passwd|disable|enable|unlock …",
	 "職員のアカウントを管理する(管理者)", cmd_user},
	{"check", "", "データベースの整合性と版、監査記録の連鎖を確かめる", cmd_check},
	{"backup", "-u USER [--force] FILE",
	 "使用中でも一貫したバックアップを作る(管理者)", cmd_backup},
	{"config", "", "読み込んだ設定を表示する", cmd_config},
	{"forms", "[check [FILE…]]", "様式の一覧を表示する、定義を検査する", cmd_forms},
	{"eligibility", "--targets 対象者[,…] [--on 基準日] [--answers 質問=yes|no[,…]]",
	 "多機関協働の対象判定: 004 図4 のどの行に当たるかを示す", cmd_eligibility},
	{"case", "-u USER new|show|reopen …", "ケースを作成する、状況を表示する、再開する",
	 cmd_case},
	{"step", "-u USER CASE STEP [--outcome X] [--agency A] [--reason R] [--follow-up D] [--date D] [--how H] [--note TEXT]",
	 "手順を記録する(前の手順が済んでいなければ、足りないものを示す)", cmd_step},
	{"followup", "-u USER CASE --result R --how H [--date D] [--note TEXT] [--next D] | --referral N --result R",
	 "つなぎや終結のあとのフォローアップを記録する(ケースは再開しない)", cmd_followup},
	{"due", "-u USER [--days N]", "評価・フォローアップの予定と期限超過を表示する",
	 cmd_due},
	{"contact", "-u USER add|list|show|attempt|promote …",
	 "相談票(匿名も)を記録する、一覧・集計する、ケースにする", cmd_contact},
	{"refer", "-u USER (--contact N | --case C) --agency A --how H … | show|print N",
	 "つなぎ先へつなぐ、案内票を印刷する", cmd_refer},
	{"office", "-u USER add|list|assign …", "事業所(本所・総合支所)を登録する、一覧する",
	 cmd_office},
	{"household", "-u USER new|add|show|move|list|history|set|member|assess|print …",
	 "世帯と世帯員を記録する、転出入を記録する、世帯を表示・印刷する", cmd_household},
	{"meeting", "-u USER new|set|add|person|task|done|show|list|export|disclosures …",
	 "会議を記録する(出席者、検討した本人とその根拠、役割分担)、会議録を印刷する、提供記録を表示する",
	 cmd_meeting},
	{"consent", "-u USER withdraw 本人番号 --on 撤回日 --note 記録",
	 "本人の情報共有への同意の撤回を記録する", cmd_consent},
	{"count", "-u USER --from 日付 --to 日付 [--office 事業所] [--staff 職員] [--by month|office|staff] [--as-at 日付] [--table 表] [--csv [-o FILE]]",
	 "相談・支援の件数を期間・事業所・職員ごとに集計する(検証会議、月次の報告)", cmd_count},
	{"form", "-u USER set|show …", "様式に入力する、内容と履歴を表示する", cmd_form},
	{"export", "-u USER CASE FORM [-o FILE] [--encoding ENC] [--revision N] [--force]",
	 "様式を CSV に印刷する", cmd_export},
	{"agency", "-u USER list|add|import|provisional|confirm|merge|correct …",
	 "関係機関の一覧を表示する、加える、仮登録する(管理者が確認・統合・訂正)",
	 cmd_agency},
	{"list", "-u USER --csv [--office 事業所] [-o FILE] [--encoding ENC] [--force]",
	 "支援ケース一覧を CSV に印刷する", cmd_list},
	{"search", "-u USER [--open] TEXT… | --entries WORD…",
	 "ケースを番号・氏名・ふりがな・支援経過の言葉で探し、番号を表示する",
	 cmd_search},
	{"audit", "-u USER [--case C] [--user U] [--since 日付] [--csv [-o FILE]] | verify [--anchor 番号:ハッシュ]",
	 "監査記録を表示する、CSV に印刷する、改ざんがないか確かめる(管理者)", cmd_audit},
	{"demo", "generate [--cases N] [--seed S]",
	 "新しいデータベースに架空の相談記録を作る(ベンチマーク用)", cmd_demo},
	{NULL, NULL, NULL, NULL},
};
/* clang-format on */

static void
usage(FILE *f)
{
	cli_print_text(f,
		       "使い方: madoguchi [-c FILE] [-d FILE] [-u USER] [コマンド [引数…]]\n"
		       "\n"
		       "コマンドを付けずに起動すると、窓口の画面を開きます。\n"
		       "\n"
		       "コマンド:\n");
	for (const struct cli_command *c = cli_commands; c->name; c++)
		cli_fprintf(f, "  %-8s %s\n", c->name, c->summary);
	cli_print_text(f,
		       "\n"
		       "オプション:\n"
		       "  -c FILE     設定ファイル(既定: $XDG_CONFIG_HOME/madoguchi/madoguchi.ini、/etc/madoguchi.ini)\n"
		       "  -d FILE     データベース(既定: $XDG_DATA_HOME/madoguchi/madoguchi.db)\n"
		       "  -u USER     操作する職員のユーザー名(パスワードは端末、または標準入力の 1 行から)\n"
		       "  -h, --help  この説明を表示する\n"
		       "  -V, --version  版を表示する\n"
		       "\n"
		       "各コマンドの説明: madoguchi コマンド --help\n");
}

/*
 * Before anything is read or written: files and folders the program makes
 * are for its user alone whatever the umask (the database, its journal,
 * exports, backups, drafts for the editor), and no core dump or debugger
 * of another user can read the case records or a password from memory.
 */
static void
protect_process(void)
{
	umask(077);
	struct rlimit none = {0, 0};
	setrlimit(RLIMIT_CORE, &none);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{"config", required_argument, NULL, 'c'},
		{"database", required_argument, NULL, 'd'},
		{"user", required_argument, NULL, 'u'},
		{NULL, 0, NULL, 0},
	};
	struct cli cli;
	memset(&cli, 0, sizeof cli);
	cli.prog = "madoguchi";

	protect_process();
	setlocale(LC_ALL, "");
	opterr = 0;
	int opt;
	while ((opt = getopt_long(argc, argv, "+:c:d:u:hV", longopts, NULL)) !=
	       -1) {
		if (cli_common_option(&cli, opt, optarg))
			continue;
		switch (opt) {
		case 'h':
			usage(stdout);
			return CLI_EXIT_OK;
		case 'V':
			cli_printf("madoguchi %s\n", MD_VERSION);
			return CLI_EXIT_OK;
		default:
			return cli_option_error(NULL, argv, opt);
		}
	}
	int status;
	if (optind >= argc) {
		status = tui_run(cli.config_path, cli.db_path);
		cli_fini(&cli);
		return status;
	}
	const struct cli_command *cmd = cli_find_command(argv[optind]);
	if (!cmd)
		return cli_usage_error(NULL, "不明なコマンド %s です\n",
				       argv[optind]);
	int cargc = argc - optind;
	char **cargv = argv + optind;
	optind = 0; /* GNU getopt: start the command's own parse afresh */
	status = cmd->run(&cli, cargc, cargv);
	cli_fini(&cli);
	return status;
}
