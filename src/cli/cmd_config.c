/* `madoguchi config`: the configuration as the program reads it. */
#include <string.h>

#include "cli.h"
#include "madoguchi/mem.h"

static const char config_help[] =
	"使い方: madoguchi [-c FILE] config\n"
	"\n"
	"どの設定ファイルを読んだかと、各設定項目の値(ファイルになければ既定値)を\n"
	"設定ファイルの書式で表示します。設定ファイルに誤りがあれば、その行を示して\n"
	"終了状態 1 で終わります。\n";

int
cmd_config(struct cli *cli, int argc, char **argv)
{
	int rc = cli_plain_options(cli, argc, argv, "config", config_help);
	if (rc >= 0)
		return rc;
	rc = cli_config(cli);
	if (rc)
		return rc;
	cli_printf("# 設定ファイル: %s\n",
		   cli->cfg.source ? cli->cfg.source : "(なし。既定値)");
	int n;
	const struct md_config_key *keys = md_config_keys(&n);
	for (int i = 0; i < n; i++) {
		if (i == 0 || strcmp(keys[i].section, keys[i - 1].section))
			cli_printf("\n[%s]\n", keys[i].section);
		char *v = md_config_format(&cli->cfg, i);
		cli_printf("%s = %s\n", keys[i].key, v ? v : "");
		md_free(v);
	}
	return CLI_EXIT_OK;
}
