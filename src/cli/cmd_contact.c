/* `madoguchi contact add|list|show|attempt|promote` and `madoguchi office`:
 * contacts (相談票) counted anonymous or not, outreach before consent, and
 * the offices they belong to (000 第3条(1), 第4条; 001 第9条(1)). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "madoguchi/cases.h"
#include "madoguchi/contacts.h"
#include "madoguchi/display.h"
#include "madoguchi/mem.h"
#include "madoguchi/referrals.h"

static const char contact_help[] =
	"使い方:\n"
	"  madoguchi -u USER contact add --channel 方法 --response 対応\n"
	"        [--date 日付] [--time 時刻] [--kind 種類] [--reason 訪問の理由]\n"
	"        [--place 訪問先] [--person 本人番号 | --description 特徴 --age 年代]\n"
	"        [--topics 相談内容] [--staff 職員] [--office 事業所] [--note メモ]\n"
	"        [--outreach --route 発見経路]\n"
	"  madoguchi -u USER contact list [--from 日付] [--to 日付] [--channel 方法]\n"
	"        [--response 対応] [--office 事業所] [--search 文字] [--anonymous]\n"
	"        [--outreach] [--count channel|response|topic|office]\n"
	"  madoguchi -u USER contact show 番号\n"
	"  madoguchi -u USER contact attempt 番号 --how 方法 --result 結果\n"
	"        [--date 日付] [--note メモ]\n"
	"  madoguchi -u USER contact promote 番号 [--name 氏名 --kana ふりがな]\n"
	"\n"
	"相談票は、ケースにならない相談も含めてすべての相談を記録します\n"
	"(000 第3条(1))。匿名の相談は氏名なしで、本人の特徴と推定の年代を記録します。\n"
	"訪問相談には訪問の理由(000 第3条(1)イ)と訪問先が必要です。--outreach は\n"
	"把握(アウトリーチ、001 第9条(1))で、発見経路を記録し、attempt で訪問や\n"
	"電話の試みと結果を同意の前から記録できます。選択肢は forms/contacts.ini\n"
	"のもので、名前、その始め、番号で入力できます。相談内容は | で区切って\n"
	"いくつでも。add は相談票の番号だけを表示します。\n"
	"list は新しい順に一覧し、--search はメモ・特徴・訪問先から探します。\n"
	"--count は相談方法・対応・相談内容・事業所ごとの件数を表示します。\n"
	"promote は本人が申し込んだ相談票からケースを作り、本人・相談内容・メモを\n"
	"第1号様式に写します(匿名の相談票には --name と --kana が必要です)。\n"
	"ケースの番号だけを表示します。\n";

/* Options of `contact add`, each a field of the contact. */
static const struct {
	const char *option;
	enum md_contact_field field;
} add_options[] = {
	{"date", MD_CF_DATE},           {"time", MD_CF_TIME},
	{"channel", MD_CF_CHANNEL},     {"kind", MD_CF_KIND},
	{"reason", MD_CF_VISIT_REASON}, {"place", MD_CF_PLACE},
	{"person", MD_CF_PERSON},       {"description", MD_CF_DESCRIPTION},
	{"age", MD_CF_AGE_BAND},        {"topics", MD_CF_TOPICS},
	{"response", MD_CF_RESPONSE},   {"staff", MD_CF_STAFF},
	{"office", MD_CF_OFFICE},       {"note", MD_CF_NOTE},
	{"route", MD_CF_ROUTE},
};
#define NADD (sizeof add_options / sizeof add_options[0])

static int
contact_add(struct cli *cli, int argc, char **argv)
{
	const char *names[NADD + 2];
	for (size_t i = 0; i < NADD; i++)
		names[i] = add_options[i].option;
	names[NADD] = "outreach!";
	names[NADD + 1] = NULL;
	struct md_values opts, faults;
	md_values_init(&opts);
	md_values_init(&faults);
	int first;
	int rc = cli_options(cli, argc, argv, "contact", contact_help, names,
			     &opts, &first);
	if (rc >= 0)
		goto out;
	rc = CLI_EXIT_OK;
	if (first < argc) {
		rc = cli_usage_error("contact", "余分な引数 %s があります\n",
				     argv[first]);
		goto out;
	}
	if ((rc = cli_session(cli)) || (rc = cli_contacts(cli)))
		goto out;
	struct md_err err;
	struct md_contact c;
	if (md_contact_new(cli->db, &cli->user, cli->contacts, &c, &err) !=
	    MD_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	for (size_t i = 0; i < NADD; i++) {
		const char *v = md_values_get(&opts, add_options[i].option);
		if (v)
			md_values_set(&c.values,
				      md_contact_field_code(
					      add_options[i].field),
				      v, NULL);
	}
	if (md_values_get(&opts, "outreach"))
		md_values_set(&c.values, md_contact_field_code(MD_CF_OUTREACH),
			      "はい", NULL);
	enum md_status st = md_contact_save(cli->db, &cli->user, cli->contacts,
					    &c, &faults, &err);
	if (st != MD_OK) {
		rc = cli_refused(st, &faults, &err);
	} else {
		cli_printf("%lld\n", c.id);
	}
	md_contact_fini(&c);
out:
	md_values_fini(&opts);
	md_values_fini(&faults);
	return rc;
}

static int
contact_list(struct cli *cli, int argc, char **argv)
{
	static const char *const names[] = {"from",       "to",
					    "channel",    "response",
					    "office",     "search",
					    "anonymous!", "outreach!",
					    "count",      "person",
					    "case",       NULL};
	struct md_values opts;
	md_values_init(&opts);
	int first;
	int rc = cli_options(cli, argc, argv, "contact", contact_help, names,
			     &opts, &first);
	if (rc >= 0)
		goto out;
	rc = CLI_EXIT_OK;
	if (first < argc) {
		rc = cli_usage_error("contact", "余分な引数 %s があります\n",
				     argv[first]);
		goto out;
	}
	const char *count = md_values_get(&opts, "count");
	enum md_contact_by by = MD_BY_CHANNEL;
	if (count) {
		static const char *const bys[] = {"channel", "response",
						  "topic", "office"};
		size_t i = 0;
		while (i < 4 && strcmp(bys[i], count))
			i++;
		if (i == 4) {
			rc = cli_usage_error("contact",
					     "--count には channel、response、topic、office のどれかを指定してください\n");
			goto out;
		}
		by = (enum md_contact_by)i;
	}
	if ((rc = cli_session(cli)) || (rc = cli_contacts(cli)))
		goto out;
	struct md_err err;
	struct md_contact_filter f = {
		.from = md_values_get(&opts, "from"),
		.to = md_values_get(&opts, "to"),
		.channel = md_values_get(&opts, "channel"),
		.response = md_values_get(&opts, "response"),
		.text = md_values_get(&opts, "search"),
		.anonymous_only = md_values_get(&opts, "anonymous") != NULL,
		.outreach_only = md_values_get(&opts, "outreach") != NULL,
	};
	if (md_values_get(&opts, "person"))
		f.person_id = strtoll(md_values_get(&opts, "person"), NULL, 10);
	if (md_values_get(&opts, "case"))
		f.case_id = strtoll(md_values_get(&opts, "case"), NULL, 10);
	const char *office = md_values_get(&opts, "office");
	if (office &&
	    md_office_find(cli->db, office, &f.office_id, &err) != MD_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	if (count) {
		struct md_count *c;
		size_t n;
		long long total;
		if (md_contact_count(cli->db, &cli->user, cli->contacts, &f, by,
				     &c, &n, &total, &err) != MD_OK) {
			rc = cli_fail(&err);
			goto out;
		}
		cli_printf("区分\t件数\n");
		for (size_t i = 0; i < n; i++)
			cli_printf("%s\t%lld\n", c[i].label, c[i].n);
		cli_printf("相談票\t%lld\n", total);
		md_counts_free(c, n);
		goto out;
	}
	struct md_contact_row *r;
	size_t n;
	if (md_contact_list(cli->db, &cli->user, &f, 0, &r, &n, &err) !=
	    MD_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	cli_printf(
		"番号\t日付\t時刻\t方法\t種類\t本人\t相談内容\t対応\t担当\t事業所\tケース\tメモ\n");
	for (size_t i = 0; i < n; i++) {
		char *w = md_display_date(r[i].date, MD_DATE_LONG);
		char kase[32] = "";
		if (r[i].case_id)
			snprintf(kase, sizeof kase, "%lld", r[i].case_id);
		cli_printf("%lld\t%s\t%s\t%s%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
			   r[i].id, w ? w : r[i].date, r[i].time, r[i].channel,
			   r[i].outreach ? "(把握)" : "", r[i].kind, r[i].who,
			   r[i].topics, r[i].response, r[i].staff, r[i].office,
			   kase, r[i].note);
		md_free(w);
	}
	cli_printf("(%zu 件)\n", n);
	md_contact_rows_free(r, n);
out:
	md_values_fini(&opts);
	return rc;
}

/* Parse argument s as a number of what; 0 (after the usage error) when
 * it is none. */
static long long
number_arg(const char *command, const char *s, const char *what, int *rc)
{
	char *end;
	long long id = s ? strtoll(s, &end, 10) : 0;
	if (!s || *end || id <= 0) {
		*rc = s ? cli_usage_error(command, "%s %s が正しくありません\n",
					  what, s)
			: cli_usage_error(command, "%sを指定してください\n",
					  what);
		return 0;
	}
	return id;
}

/*
 * The options (names, into opts) and the one argument, the contact's
 * number (*id), of `contact show|attempt|promote 番号 …`, then the session
 * and the definitions. Returns -1 to go on, else the exit status to end
 * with (help, a usage error, a failed login).
 */
static int
contact_args(struct cli *cli, int argc, char **argv, const char *const *names,
	     struct md_values *opts, long long *id)
{
	int first;
	int rc = cli_options(cli, argc, argv, "contact", contact_help, names,
			     opts, &first);
	if (rc >= 0)
		return rc;
	if (first + 1 < argc)
		return cli_usage_error("contact", "余分な引数 %s があります\n",
				       argv[first + 1]);
	*id = number_arg("contact", first < argc ? argv[first] : NULL,
			 "相談票の番号", &rc);
	if (!*id)
		return rc;
	if ((rc = cli_session(cli)) || (rc = cli_contacts(cli)))
		return rc;
	return -1;
}

static int
contact_show(struct cli *cli, int argc, char **argv)
{
	static const char *const names[] = {NULL};
	struct md_values opts;
	md_values_init(&opts);
	long long id = 0;
	int rc = contact_args(cli, argc, argv, names, &opts, &id);
	md_values_fini(&opts);
	if (rc >= 0)
		return rc;
	struct md_err err;
	struct md_contact c;
	if (md_contact_get(cli->db, &cli->user, id, &c, &err) != MD_OK)
		return cli_fail(&err);
	cli_printf("相談票 %lld(第%d版 %s)\n", c.id, c.revision, c.updated_at);
	for (int f = 0; f < MD_CONTACT_FIELD_COUNT; f++) {
		const char *v = md_values_get(&c.values,
					      md_contact_field_code(f));
		if (!v)
			continue;
		if (f == MD_CF_PERSON && *c.person_name)
			cli_printf("%s: %s(%s)\n", md_contact_field_label(f), v,
				   c.person_name);
		else if (f == MD_CF_TOPICS || f == MD_CF_NOTE) {
			cli_printf("%s:\n", md_contact_field_label(f));
			for (const char *p = v; p;) {
				const char *nl = strchr(p, '\n');
				char *line = md_strndup(p, nl ? (size_t)(nl - p)
							      : strlen(p));
				cli_printf("  %s\n", line ? line : "");
				md_free(line);
				p = nl ? nl + 1 : NULL;
			}
		} else {
			cli_printf("%s: %s\n", md_contact_field_label(f), v);
		}
	}
	if (!md_values_get(&c.values, md_contact_field_code(MD_CF_PERSON)))
		cli_printf("本人: 匿名\n");
	if (c.case_id)
		cli_printf("ケース: %lld(この相談票から作成)\n", c.case_id);
	struct md_attempt *a;
	size_t n;
	if (md_attempts_list(cli->db, c.id, &a, &n, &err) == MD_OK) {
		if (n)
			cli_printf("訪問・連絡:\n");
		for (size_t i = 0; i < n; i++) {
			char *w = md_display_date(a[i].done_on, MD_DATE_LONG);
			cli_printf("  %s %s %s %s%s%s\n", w ? w : a[i].done_on,
				   a[i].method, a[i].result, a[i].staff,
				   *a[i].note ? " " : "", a[i].note);
			md_free(w);
		}
		md_attempts_free(a, n);
	}
	cli_print_referrals(cli, c.id, 0);
	md_contact_fini(&c);
	return CLI_EXIT_OK;
}

static int
contact_attempt(struct cli *cli, int argc, char **argv)
{
	static const char *const names[] = {"how", "result", "date", "note",
					    NULL};
	struct md_values opts, faults;
	md_values_init(&opts);
	md_values_init(&faults);
	long long id = 0;
	int rc = contact_args(cli, argc, argv, names, &opts, &id);
	if (rc >= 0)
		goto out;
	rc = CLI_EXIT_OK;
	struct md_err err;
	enum md_status st = md_attempt_add(cli->db, &cli->user, cli->contacts,
					   id, md_values_get(&opts, "date"),
					   md_values_get(&opts, "how"),
					   md_values_get(&opts, "result"),
					   md_values_get(&opts, "note"), NULL,
					   &faults, &err);
	if (st != MD_OK) {
		rc = cli_refused(st, &faults, &err);
	} else {
		cli_printf("記録しました: 相談票 %lld の訪問・連絡\n", id);
	}
out:
	md_values_fini(&opts);
	md_values_fini(&faults);
	return rc;
}

static int
contact_promote(struct cli *cli, int argc, char **argv)
{
	static const char *const names[] = {"name",    "kana",  "birth",  "sex",
					    "address", "phone", "mobile", NULL};
	static const char *const codes[] = {"name",        "kana",
					    "birth_date",  "sex",
					    "address",     "phone_home",
					    "phone_mobile"};
	struct md_values opts, person, faults;
	md_values_init(&opts);
	md_values_init(&person);
	md_values_init(&faults);
	long long id = 0;
	int rc = contact_args(cli, argc, argv, names, &opts, &id);
	if (rc >= 0 || (rc = cli_workflow(cli)))
		goto out;
	for (size_t i = 0; names[i]; i++)
		if (md_values_get(&opts, names[i]))
			md_values_set(&person, codes[i],
				      md_values_get(&opts, names[i]), NULL);
	struct md_err err;
	long long case_id;
	enum md_status st = md_contact_promote(cli->db, &cli->user,
					       cli->contacts, cli->wf,
					       cli->forms, id, &person,
					       &case_id, &faults, &err);
	if (st != MD_OK) {
		rc = cli_refused(st, &faults, &err);
	} else {
		cli_printf("%lld\n", case_id);
	}
out:
	md_values_fini(&opts);
	md_values_fini(&person);
	md_values_fini(&faults);
	return rc;
}

int
cmd_contact(struct cli *cli, int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{"add", contact_add},         {"list", contact_list},
		{"show", contact_show},       {"attempt", contact_attempt},
		{"promote", contact_promote},
	};
	return cli_run_sub(cli, argc, argv, "contact", contact_help, subs,
			   sizeof subs / sizeof *subs);
}

/* ---- office ---- */

static const char office_help[] =
	"使い方:\n"
	"  madoguchi -u ADMIN office add 名称\n"
	"  madoguchi -u USER office list\n"
	"  madoguchi -u ADMIN office assign --user 職員 事業所\n"
	"  madoguchi -u USER office assign --case ケース 事業所\n"
	"\n"
	"事業所(本所、各総合支所: 000 第4条)を登録し、一覧します。相談票、ケース、\n"
	"職員はそれぞれ 1 つの事業所に属します。職員の相談票は、指定しなければ\n"
	"その職員の事業所のものになります。contact list --office で絞り込めます。\n"
	"add と職員の assign は管理者だけが行えます。\n";

/*
 * The options of `office SUB` (--user, --case into opts) and its nargs
 * arguments (*args; missing: what to say when there are fewer). Returns -1
 * to go on, else the exit status to end with.
 */
static int
office_args(struct cli *cli, int argc, char **argv, int nargs,
	    const char *missing, struct md_values *opts, char ***args)
{
	static const char *const names[] = {"user", "case", NULL};
	int first;
	int rc = cli_options(cli, argc, argv, "office", office_help, names,
			     opts, &first);
	if (rc >= 0)
		return rc;
	*args = argv + first;
	if (argc - first > nargs)
		return cli_usage_error("office", "余分な引数 %s があります\n",
				       argv[first + nargs]);
	if (argc - first < nargs)
		return cli_usage_error("office", "%s\n", missing);
	return -1;
}

/* `office list`: every office and how many contacts, cases and staff
 * belong to it. */
static int
office_list(struct cli *cli, int argc, char **argv)
{
	struct md_values opts;
	md_values_init(&opts);
	char **args;
	int rc = office_args(cli, argc, argv, 0, "", &opts, &args);
	md_values_fini(&opts);
	if (rc >= 0 || (rc = cli_session(cli)))
		return rc;
	struct md_err err;
	struct md_office *o;
	size_t n;
	if (md_offices_list(cli->db, &o, &n, &err) != MD_OK)
		return cli_fail(&err);
	cli_printf("名称\t相談票\tケース\t職員\n");
	for (size_t k = 0; k < n; k++)
		cli_printf("%s\t%lld\t%lld\t%lld\n", o[k].name, o[k].contacts,
			   o[k].cases, o[k].staff);
	md_offices_free(o, n);
	return CLI_EXIT_OK;
}

/* `office add 名称` (administrator). */
static int
office_add(struct cli *cli, int argc, char **argv)
{
	struct md_values opts;
	md_values_init(&opts);
	char **args;
	int rc = office_args(cli, argc, argv, 1,
			     "事業所の名称を指定してください", &opts, &args);
	md_values_fini(&opts);
	if (rc >= 0 || (rc = cli_session(cli)))
		return rc;
	struct md_err err;
	if (md_office_add(cli->db, &cli->user, args[0], NULL, &err) != MD_OK)
		return cli_fail(&err);
	cli_printf("事業所「%s」を登録しました\n", args[0]);
	return CLI_EXIT_OK;
}

/* `office assign --user 職員|--case ケース 事業所`. */
static int
office_assign(struct cli *cli, int argc, char **argv)
{
	static const char missing[] =
		"--user 職員 か --case ケース のどちらかと、事業所を指定してください";
	struct md_values opts;
	md_values_init(&opts);
	char **args;
	int rc = office_args(cli, argc, argv, 1, missing, &opts, &args);
	const char *user = md_values_get(&opts, "user");
	const char *kase = md_values_get(&opts, "case");
	long long case_id = 0;
	if (rc >= 0)
		goto out;
	if (!user == !kase) {
		rc = cli_usage_error("office", "%s\n", missing);
		goto out;
	}
	if ((kase &&
	     !(case_id = number_arg("office", kase, "ケース番号", &rc))) ||
	    (rc = cli_session(cli)))
		goto out;
	struct md_err err;
	enum md_status st = user ? md_office_assign_user(cli->db, &cli->user,
							 user, args[0], &err)
				 : md_office_assign_case(cli->db, &cli->user,
							 case_id, args[0],
							 &err);
	if (st != MD_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	cli_printf("事業所を「%s」にしました\n", args[0]);
out:
	md_values_fini(&opts);
	return rc;
}

int
cmd_office(struct cli *cli, int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{"add", office_add},
		{"list", office_list},
		{"assign", office_assign},
	};
	return cli_run_sub(cli, argc, argv, "office", office_help, subs,
			   sizeof subs / sizeof *subs);
}
