/* `madoguchi search`: the case list's and the entries' searches, for
 * scripts: case numbers (and entry numbers) one a line. */
#include <getopt.h>
#include <string.h>

#include "cli.h"
#include "madoguchi/cases.h"
#include "madoguchi/entries.h"
#include "madoguchi/mem.h"
#include "madoguchi/records.h"
#include "madoguchi/search.h"
#include "madoguchi/text.h"

static const char search_help[] =
	"使い方:\n"
	"  madoguchi -u USER search [--open] [--household 世帯] TEXT…\n"
	"  madoguchi -u USER search [--open] --household 世帯\n"
	"  madoguchi -u USER search --entries WORD…\n"
	"\n"
	"TEXT に当たるケースの番号を、1 行に 1 つ表示します。TEXT はケース番号\n"
	"(その数字で始まる番号)、または氏名かふりがなの始め(姓・名それぞれの\n"
	"始めでも)。ひらがな・カタカナ・半角、異体字(髙と高など)を区別しません。\n"
	"支援ケース一覧の検索と同じで、終結したケースも含みます。\n"
	"\n"
	"  --open      支援中のケースだけ\n"
	"  --household 世帯\n"
	"              その世帯のいまの世帯員のケースだけ(TEXT は省けます)\n"
	"  --entries   支援経過(第3号様式)の内容に WORD をすべて含む記録を新しい順に\n"
	"              探し、ケース番号と記録の番号をタブで区切って表示します\n"
	"              (madoguchi form show CASE progress --seq 番号 で読めます)\n"
	"\n"
	"見つからなければ終了状態 1 で終わります。検索は監査記録に残ります(探した\n"
	"言葉は残りません)。\n";

/* The page size of each core call: a script reads every page. */
#define SEARCH_PAGE 500

/* Print the cases the case list's search finds for text, every page;
 * *found counts them. */
static int
search_cases(struct cli *cli, const char *text, bool open_only,
	     long long household, size_t *found)
{
	struct md_case_filter f = {
		.text = text,
		.include_closed = !open_only,
		.sort = MD_SORT_ID,
		.household_id = household,
	};
	/* Each page starts after the last row of the one before, kept until
	 * the next is read. */
	struct md_case_row *prev = NULL;
	size_t nprev = 0, n;
	struct md_err err;
	do {
		struct md_case_row *rows;
		enum md_status st = md_case_search(cli->db, &cli->user, &f,
						   nprev ? &prev[nprev - 1]
							 : NULL,
						   SEARCH_PAGE, &rows, &n,
						   &err);
		md_case_rows_free(prev, nprev);
		prev = NULL;
		nprev = 0;
		if (st != MD_OK)
			return cli_fail(&err);
		for (size_t i = 0; i < n; i++)
			cli_printf("%lld\n", rows[i].case_id);
		*found += n;
		prev = rows;
		nprev = n;
	} while (n == SEARCH_PAGE);
	md_case_rows_free(prev, nprev);
	return CLI_EXIT_OK;
}

/* The number (seq) of entry record_id of case_id, as `form show --seq`
 * takes it: from the list of the case's records, read once a case. */
static int
entry_seq(struct cli *cli, long long case_id, long long record_id,
	  struct md_record_info **infos, size_t *ninfos, long long *infos_case,
	  int *seq)
{
	struct md_err err;
	if (*infos_case != case_id) {
		md_record_infos_free(*infos, *ninfos);
		*infos = NULL;
		*ninfos = 0;
		*infos_case = 0;
		if (md_record_list(cli->db, cli->forms, case_id, 0, infos,
				   ninfos, &err) != MD_OK)
			return cli_fail(&err);
		*infos_case = case_id;
	}
	*seq = 0;
	for (size_t i = 0; i < *ninfos && !*seq; i++)
		if ((*infos)[i].id == record_id)
			*seq = (*infos)[i].seq;
	return CLI_EXIT_OK;
}

/* Print the entries holding every word of query, newest first, every page;
 * *found counts them. */
static int
search_entries(struct cli *cli, const char *query, size_t *found)
{
	long long before = 0, infos_case = 0;
	struct md_record_info *infos = NULL;
	size_t ninfos = 0;
	struct md_err err;
	int rc = CLI_EXIT_OK;
	do {
		struct md_entry_hit *hits;
		size_t n;
		if (md_entries_search(cli->db, &cli->user, cli->forms, query,
				      before, SEARCH_PAGE, &hits, &n, &before,
				      &err) != MD_OK) {
			rc = cli_fail(&err);
			break;
		}
		for (size_t i = 0; i < n && !rc; i++) {
			int seq = 0;
			rc = entry_seq(cli, hits[i].case_id, hits[i].record_id,
				       &infos, &ninfos, &infos_case, &seq);
			if (!rc)
				cli_printf("%lld\t%d\n", hits[i].case_id, seq);
		}
		*found += n;
		md_entry_hits_free(hits, n);
	} while (!rc && before);
	md_record_infos_free(infos, ninfos);
	return rc;
}

int
cmd_search(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"open", no_argument, NULL, 'O'},
		{"entries", no_argument, NULL, 'E'},
		{"household", required_argument, NULL, 'H'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	bool open_only = false, entries = false;
	long long household = 0;
	int opt;
	optind = 0;
	while ((opt = getopt_long(argc, argv, ":c:d:u:h", longopts, NULL)) !=
	       -1) {
		if (cli_common_option(cli, opt, optarg))
			continue;
		switch (opt) {
		case 'O':
			open_only = true;
			break;
		case 'E':
			entries = true;
			break;
		case 'H':
			if (!md_case_parse_id(optarg, &household))
				return cli_usage_error("search",
						       "世帯番号 %s が正しくありません\n",
						       optarg);
			break;
		case 'h':
			cli_print_text(stdout, search_help);
			return CLI_EXIT_OK;
		default:
			return cli_option_error("search", argv, opt);
		}
	}
	if ((open_only || household) && entries)
		return cli_usage_error("search",
				       "%s と --entries は一緒に使えません\n",
				       open_only ? "--open" : "--household");
	/* The words, one space between them, as typed on the screens. */
	struct md_buf text;
	md_buf_init(&text);
	for (int i = optind; i < argc; i++) {
		if (text.len)
			md_buf_addc(&text, ' ');
		md_buf_adds(&text, argv[i]);
	}
	char *blank = md_strdup(md_buf_str(&text));
	bool nomem = !blank || !md_buf_ok(&text);
	bool empty = blank && !*md_text_trim(blank);
	md_free(blank);
	int rc;
	size_t found = 0;
	if (nomem) {
		cli_error("メモリが不足しています");
		rc = CLI_EXIT_FAIL;
	} else if (empty && !household) {
		rc = cli_usage_error("search",
				     entries ? "探す言葉を指定してください\n"
					     : "探すケース番号、氏名かふりがなを指定してください\n");
	} else if (!(rc = cli_session(cli)) && !(rc = cli_forms(cli))) {
		rc = entries ? search_entries(cli, md_buf_str(&text), &found)
			     : search_cases(cli, md_buf_str(&text), open_only,
					    household, &found);
		if (!rc && !found) {
			if (empty)
				cli_error("世帯 %lld の世帯員のケースはありません",
					  household);
			else
				cli_error(entries ? "「%s」を含む支援経過はありません"
						  : "「%s」に当たるケースはありません",
					  md_buf_str(&text));
			rc = CLI_EXIT_FAIL;
		}
	}
	md_buf_fini(&text);
	return rc;
}
