/* `madoguchi refer`: a referral (つなぎ・取次ぎ) to an exact next place and
 * its 案内票 (000 第3条(1)ア); `followup --referral`: its follow-up (001
 * 第9条(5)イ, (9)エ). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "madoguchi/display.h"
#include "madoguchi/mem.h"
#include "madoguchi/referrals.h"

static const char refer_help[] =
	"使い方:\n"
	"  madoguchi -u USER refer (--contact 相談票 | --case ケース) --agency つなぎ先\n"
	"        --how つなぎ方 [--desk 窓口] [--person-in-charge 担当者] [--phone 電話]\n"
	"        [--date つないだ日] [--appointment 予約日] [--at 予約時刻]\n"
	"        [--bring 持ち物] [--note メモ] [--follow-up 予定日]\n"
	"  madoguchi -u USER refer show つなぎ\n"
	"  madoguchi -u USER refer print つなぎ [-o FILE] [--csv] [--encoding ENC] [--force]\n"
	"\n"
	"つなぎ先(関係機関の一覧の名称、別名、その始め)と、つなぎ方(電話で取次ぎ・\n"
	"オンライン・同行・案内のみ。forms/contacts.ini のもの)が必要です。窓口と\n"
	"電話は、指定しなければ関係機関の一覧のものです。予約日時は相談を受けた日時\n"
	"より前にはできません。--follow-up の日に、つながったかを確かめる予定が\n"
	"madoguchi due と今日の予定に出ます(followup --referral で記録)。\n"
	"add はつなぎの番号だけを表示します。\n"
	"print は本人に渡す案内票(行き先、窓口、担当者、電話、住所、受付時間、\n"
	"予約日時、持ち物)を印刷します。既定は文字だけの案内票を標準出力か -o の\n"
	"ファイルへ。--csv は CSV ファイル(-o が必要。--encoding は utf8-bom、utf8、\n"
	"cp932)。表計算ソフトが数式として読む値は、先頭に ' を付けて印刷します。\n";

/* Options of `refer`, each a member of md_referral_in. */
static const char *const refer_names[] = {"contact",     "case",
					  "agency",      "how",
					  "desk",        "person-in-charge",
					  "phone",       "date",
					  "appointment", "at",
					  "bring",       "note",
					  "follow-up",   NULL};

static int
refer_add(struct cli *cli, int argc, char **argv)
{
	struct md_values opts, faults;
	md_values_init(&opts);
	md_values_init(&faults);
	int first;
	int rc = cli_options(cli, argc, argv, "refer", refer_help, refer_names,
			     &opts, &first);
	if (rc >= 0)
		goto out;
	rc = CLI_EXIT_OK;
	if (first < argc) {
		rc = cli_usage_error("refer", "余分な引数 %s があります\n",
				     argv[first]);
		goto out;
	}
	const char *contact = md_values_get(&opts, "contact");
	const char *kase = md_values_get(&opts, "case");
	if (!contact && !kase) {
		rc = cli_usage_error("refer",
				     "--contact 相談票 か --case ケース を指定してください\n");
		goto out;
	}
	if ((rc = cli_session(cli)) || (rc = cli_contacts(cli)))
		goto out;
	struct md_referral_in in = {
		.contact_id = contact ? strtoll(contact, NULL, 10) : 0,
		.case_id = kase ? strtoll(kase, NULL, 10) : 0,
		.agency = md_values_get(&opts, "agency"),
		.desk = md_values_get(&opts, "desk"),
		.person_in_charge = md_values_get(&opts, "person-in-charge"),
		.phone = md_values_get(&opts, "phone"),
		.method = md_values_get(&opts, "how"),
		.date = md_values_get(&opts, "date"),
		.appointment_date = md_values_get(&opts, "appointment"),
		.appointment_time = md_values_get(&opts, "at"),
		.bring = md_values_get(&opts, "bring"),
		.note = md_values_get(&opts, "note"),
		.follow_up = md_values_get(&opts, "follow-up"),
	};
	struct md_err err;
	long long id;
	enum md_status st = md_referral_add(cli->db, &cli->user, cli->contacts,
					    &in, &id, &faults, &err);
	if (st != MD_OK) {
		rc = cli_refused(st, &faults, &err);
	} else {
		cli_printf("%lld\n", id);
	}
out:
	md_values_fini(&opts);
	md_values_fini(&faults);
	return rc;
}

/* The referral number of args[0], or 0 after the usage error in *rc. */
static long long
referral_arg(char **args, int nargs, int *rc)
{
	char *end;
	long long id = nargs ? strtoll(args[0], &end, 10) : 0;
	if (!nargs)
		*rc = cli_usage_error("refer",
				      "つなぎの番号を指定してください\n");
	else if (*end || id <= 0)
		*rc = cli_usage_error("refer",
				      "つなぎの番号 %s が正しくありません\n",
				      args[0]);
	else if (nargs > 1)
		*rc = cli_usage_error("refer", "余分な引数 %s があります\n",
				      args[1]);
	else
		return id;
	return 0;
}

static int
refer_show(struct cli *cli, int argc, char **argv)
{
	static const char *const names[] = {NULL};
	struct md_values opts;
	md_values_init(&opts);
	int first;
	int rc = cli_options(cli, argc, argv, "refer", refer_help, names, &opts,
			     &first);
	md_values_fini(&opts);
	if (rc >= 0)
		return rc;
	long long id = referral_arg(argv + first, argc - first, &rc);
	if (!id)
		return rc;
	if ((rc = cli_session(cli)))
		return rc;
	struct md_err err;
	struct md_referral r;
	if (md_referral_get(cli->db, &cli->user, id, &r, &err) != MD_OK)
		return cli_fail(&err);
	cli_printf("つなぎ %lld(第%d版)\n", r.id, r.revision);
	if (r.contact_id)
		cli_printf("相談票: %lld\n", r.contact_id);
	if (r.case_id)
		cli_printf("ケース: %lld\n", r.case_id);
	cli_printf("本人: %s\n", r.who);
	cli_printf("つなぎ先: %s%s\n", r.agency,
		   r.agency_provisional ? "(仮登録)" : "");
	const struct {
		const char *label, *value;
		bool day;
	} rows[] = {{"窓口", r.desk, false},
		    {"担当者", r.person_in_charge, false},
		    {"電話", r.phone, false},
		    {"つなぎ方", r.method, false},
		    {"つないだ日", r.referred_on, true},
		    {"予約日", r.appointment_on, true},
		    {"予約時刻", r.appointment_time, false},
		    {"持ち物", r.bring, false},
		    {"メモ", r.note, false},
		    {"フォローアップ予定日", r.follow_up_on, true},
		    {"フォローアップの結果", r.result, false},
		    {"確かめた日", r.result_on, true},
		    {"結果のメモ", r.result_note, false},
		    {"記録した職員", r.staff, false}};
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
		if (!*rows[i].value)
			continue;
		if (rows[i].day) {
			/* Days in 和暦, as staff read them. */
			char *label = md_asprintf("%s: ", rows[i].label);
			cli_print_day(label ? label : "", rows[i].value);
			cli_printf("\n");
			md_free(label);
		} else {
			cli_printf("%s: %s\n", rows[i].label, rows[i].value);
		}
	}
	md_referral_fini(&r);
	return CLI_EXIT_OK;
}

static int
refer_print(struct cli *cli, int argc, char **argv)
{
	static const char *const names[] = {"csv!", "encoding", "force!",
					    "output", NULL};
	/* -o FILE as export takes it: given as --output here. */
	for (int k = 0; k < argc; k++)
		if (!strcmp(argv[k], "-o"))
			argv[k] = "--output";
	struct md_values opts;
	md_values_init(&opts);
	int first;
	int rc = cli_options(cli, argc, argv, "refer", refer_help, names, &opts,
			     &first);
	if (rc >= 0)
		goto out;
	rc = CLI_EXIT_OK;
	long long id = referral_arg(argv + first, argc - first, &rc);
	if (!id)
		goto out;
	const char *path = md_values_get(&opts, "output");
	bool csv = md_values_get(&opts, "csv") != NULL;
	if (csv && !path) {
		rc = cli_usage_error("refer",
				     "--csv には -o FILE を指定してください\n");
		goto out;
	}
	if ((rc = cli_session(cli)) || (rc = cli_contacts(cli)))
		goto out;
	struct md_err err;
	if (csv) {
		struct md_export_options o =
			{.encoding = cli->cfg.export_encoding,
			 .force = md_values_get(&opts, "force") != NULL};
		const char *enc = md_values_get(&opts, "encoding");
		if (enc && !md_config_parse_encoding(enc, &o.encoding)) {
			rc = cli_usage_error("refer",
					     "--encoding には utf8-bom、utf8、cp932 のどれかを指定してください\n");
			goto out;
		}
		if (md_referral_guide_csv(cli->db, &cli->user, cli->contacts,
					  id, path, &o, &err) != MD_OK)
			rc = cli_fail(&err);
		else
			cli_printf("案内票を %s に印刷しました\n", path);
		goto out;
	}
	struct md_buf b;
	md_buf_init(&b);
	if (md_referral_guide_text(cli->db, &cli->user, cli->contacts, id, &b,
				   &err) != MD_OK) {
		rc = cli_fail(&err);
	} else {
		rc = cli_print_to(path, md_buf_str(&b),
				  md_values_get(&opts, "force") != NULL,
				  "案内票");
	}
	md_buf_fini(&b);
out:
	md_values_fini(&opts);
	return rc;
}

int
cmd_refer(struct cli *cli, int argc, char **argv)
{
	/* `refer show N` and `refer print N`; otherwise the options of a new
	 * referral. */
	int i;
	for (i = 1; i < argc && argv[i][0] == '-'; i++)
		if (!strcmp(argv[i], "-c") || !strcmp(argv[i], "-d") ||
		    !strcmp(argv[i], "-u"))
			i++;
	if (i < argc && !strcmp(argv[i], "show"))
		return refer_show(cli, argc - i, argv + i);
	if (i < argc && !strcmp(argv[i], "print"))
		return refer_print(cli, argc - i, argv + i);
	return refer_add(cli, argc, argv);
}

static const char followup_referral_help[] =
	"使い方: madoguchi -u USER followup --referral つなぎ --result 結果\n"
	"        [--date 日付] [--note メモ]\n"
	"\n"
	"つなぎのあと、本人がつなぎ先につながったかを確かめた結果(001 第9条(5)イ、\n"
	"(9)エ)を記録します。結果は forms/contacts.ini の [referral] results の\n"
	"もの(名前、その始め、番号)。予定していたフォローアップは済みになり、\n"
	"予定(due、今日の予定)から消えます。ケースが終結していても再開しません。\n";

int
cmd_followup_referral(struct cli *cli, int argc, char **argv)
{
	static const char *const names[] = {"referral", "result", "date",
					    "note", NULL};
	struct md_values opts, faults;
	md_values_init(&opts);
	md_values_init(&faults);
	int first;
	int rc = cli_options(cli, argc, argv, "followup",
			     followup_referral_help, names, &opts, &first);
	if (rc >= 0)
		goto out;
	rc = CLI_EXIT_OK;
	const char *ref = md_values_get(&opts, "referral");
	char *end = NULL;
	long long id = ref ? strtoll(ref, &end, 10) : 0;
	if (first < argc) {
		rc = cli_usage_error("followup", "余分な引数 %s があります\n",
				     argv[first]);
		goto out;
	}
	if (!ref || *end || id <= 0) {
		rc = cli_usage_error("followup",
				     "つなぎの番号 %s が正しくありません\n",
				     ref ? ref : "");
		goto out;
	}
	if ((rc = cli_session(cli)) || (rc = cli_contacts(cli)))
		goto out;
	struct md_err err;
	enum md_status st = md_referral_follow_up(cli->db, &cli->user,
						  cli->contacts, id,
						  md_values_get(&opts,
								"result"),
						  md_values_get(&opts, "note"),
						  md_values_get(&opts, "date"),
						  &faults, &err);
	if (st != MD_OK) {
		rc = cli_refused(st, &faults, &err);
		goto out;
	}
	struct md_referral r;
	if (md_referral_get(cli->db, &cli->user, id, &r, &err) != MD_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	cli_printf("記録しました: つなぎ %lld %s → %s\n", id, r.agency,
		   r.result);
	cli_printf("予定していたフォローアップは済みました\n");
	md_referral_fini(&r);
out:
	md_values_fini(&opts);
	md_values_fini(&faults);
	return rc;
}
