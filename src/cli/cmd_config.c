/* `madoguchi config`: the configuration as the program reads it. */
#include <string.h>

#include "cli.h"
#include "madoguchi/mem.h"

static const char config_help[] =
	"使い方: madoguchi [-c FILE] config\n"
	"\n"
	"読んだ設定ファイル(システムの設定と利用者の設定)と、各設定項目の値を\n"
	"設定ファイルの書式で表示します。各値の前の行に、その値をどのファイルの\n"
	"何行目から読んだか(なければ既定値)を示します。「システムの設定」の項目は\n"
	"システムの設定ファイルでだけ変えられます。設定ファイルに誤りがあれば、\n"
	"その行を示して終了状態 1 で終わります。\n";

int
cmd_config(struct cli *cli, int argc, char **argv)
{
	int rc = cli_plain_options(cli, argc, argv, "config", config_help);
	if (rc >= 0)
		return rc;
	rc = cli_config(cli);
	if (rc)
		return rc;
	cli_printf("# システムの設定ファイル: %s\n",
		   cli->cfg.system_source ? cli->cfg.system_source : "(なし)");
	cli_printf("# 利用者の設定ファイル: %s\n",
		   cli->cfg.user_source ? cli->cfg.user_source : "(なし)");
	int n;
	const struct md_config_key *keys = md_config_keys(&n);
	for (int i = 0; i < n; i++) {
		if (i == 0 || strcmp(keys[i].section, keys[i - 1].section))
			cli_printf("\n[%s]\n", keys[i].section);
		int line;
		const char *file = md_config_origin(&cli->cfg, i, &line);
		const char *scope = keys[i].scope == MD_SCOPE_SYSTEM
					    ? "(システムの設定でだけ変えられます)"
					    : "";
		if (file)
			cli_printf("# %s:%d から%s\n", file, line, scope);
		else
			cli_printf("# 既定値%s\n", scope);
		char *v = md_config_format(&cli->cfg, i);
		cli_printf("%s = %s\n", keys[i].key, v ? v : "");
		md_free(v);
	}
	return CLI_EXIT_OK;
}
