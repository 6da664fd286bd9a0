/* `madoguchi case new|show`: open a case for a person, print a case. */
#include <getopt.h>
#include <string.h>

#include "cli.h"
#include "madoguchi/cases.h"
#include "madoguchi/clock.h"
#include "madoguchi/contacts.h"
#include "madoguchi/display.h"
#include "madoguchi/mem.h"
#include "madoguchi/records.h"
#include "madoguchi/referrals.h"
#include "madoguchi/wareki.h"
#include "madoguchi/workflow.h"

static const char case_help[] =
	"使い方:\n"
	"  madoguchi -u USER case new --name 氏名 --kana ふりがな [--birth 生年月日]\n"
	"        [--sex 性別] [--postal 郵便番号] [--address 住所] [--phone 電話]\n"
	"        [--mobile 携帯] [--email メール] [--person 本人番号]\n"
	"        [--office 事業所]\n"
	"  madoguchi -u USER case show CASE\n"
	"  madoguchi -u USER case reopen CASE --reason 理由\n"
	"\n"
	"case new はケースを作成し、その番号だけを表示します。--person を付けると、\n"
	"登録済みの本人に新しいケースを作ります(氏名などは不要)。生年月日は\n"
	"令和6年4月1日、R6.4.1、2024-04-01 のどの形でも入力できます。ケースは\n"
	"--office の事業所(000 第4条)、指定しなければ作成した職員の事業所のものです。\n"
	"case show はケースの状態、手順(済・今行える・まだ行えない理由)、もとの\n"
	"相談票、つなぎとそのフォローアップ、様式、手順の記録を表示します。case reopen は終結したケースを再開します\n"
	"(主任相談支援員と管理者だけ。理由が必要です)。\n";

/* Options of `case new`, each a person field. */
/* clang-format off */
static const struct {
	const char *option;
	const char *code;
} person_options[] = {
	{"name", "name"},       {"kana", "kana"},
	{"sex", "sex"},         {"birth", "birth_date"},
	{"postal", "postal_code"}, {"address", "address"},
	{"phone", "phone_home"}, {"mobile", "phone_mobile"},
	{"email", "email"},
};
/* clang-format on */
#define NPERSON ((int)(sizeof person_options / sizeof person_options[0]))

/* Print each fault (key → message) of a refused save. */
static void
print_faults(const struct md_values *faults)
{
	for (size_t i = 0; i < faults->n; i++)
		cli_error("%s", faults->items[i].value);
}

static int
case_new(struct cli *cli, int argc, char **argv)
{
	struct option longopts[NPERSON + 4];
	for (int i = 0; i < NPERSON; i++)
		longopts[i] = (struct option){person_options[i].option,
					      required_argument, NULL,
					      1000 + i};
	longopts[NPERSON] = (struct option){"person", required_argument, NULL,
					    'p'};
	longopts[NPERSON + 1] = (struct option){"office", required_argument,
						NULL, 'o'};
	longopts[NPERSON + 2] = (struct option){"help", no_argument, NULL, 'h'};
	longopts[NPERSON + 3] = (struct option){NULL, 0, NULL, 0};
	struct md_values fields, faults;
	md_values_init(&fields);
	md_values_init(&faults);
	long long person_id = 0;
	const char *office = NULL;
	int opt, rc = CLI_EXIT_OK;
	optind = 0;
	while ((opt = getopt_long(argc, argv, ":c:d:u:h", longopts, NULL)) !=
	       -1) {
		if (cli_common_option(cli, opt, optarg))
			continue;
		if (opt >= 1000 && opt < 1000 + NPERSON) {
			md_values_set(&fields, person_options[opt - 1000].code,
				      optarg, NULL);
		} else if (opt == 'p') {
			if (!md_case_parse_id(optarg, &person_id)) {
				rc = cli_usage_error("case",
						     "本人番号 %s が正しくありません\n",
						     optarg);
				goto out;
			}
		} else if (opt == 'o') {
			office = optarg;
		} else if (opt == 'h') {
			cli_print_text(stdout, case_help);
			goto out;
		} else {
			rc = cli_option_error("case", argv, opt);
			goto out;
		}
	}
	if (optind < argc) {
		rc = cli_usage_error("case", "余分な引数 %s があります\n",
				     argv[optind]);
		goto out;
	}
	if (!person_id && (!md_values_get(&fields, "name") ||
			   !md_values_get(&fields, "kana"))) {
		rc = cli_usage_error("case",
				     "--name と --kana を指定してください\n");
		goto out;
	}
	if ((rc = cli_session(cli)) || (rc = cli_workflow(cli)))
		goto out;
	struct md_err err;
	long long id = 0;
	enum md_status st = md_workflow_open_case_in(cli->db, &cli->user,
						     cli->wf, cli->forms,
						     person_id, &fields, office,
						     &id, &faults, &err);
	if (st != MD_OK) {
		if (faults.n)
			print_faults(&faults);
		else
			cli_fail(&err);
		rc = cli_exit_status(st);
		goto out;
	}
	cli_printf("%lld\n", id);
out:
	md_values_fini(&fields);
	md_values_fini(&faults);
	return rc;
}

/* The steps of track (NULL: of the individual process): 済 (with the day
 * done, who, outcome, when recorded), 可 (open now), 未 (with why). */
static void
print_track_steps(const struct md_flow *flow, const struct md_wf_track *track)
{
	for (size_t i = 0; i < flow->nsteps; i++) {
		const struct md_step_status *s = &flow->steps[i];
		char at[MD_DISPLAY_WHEN_SIZE];
		if (s->step->track != track)
			continue;
		switch (s->state) {
		case MD_STEP_DONE: {
			char on[MD_DISPLAY_WHEN_SIZE];
			cli_printf("  済 %s %s %s%s%s(記録 %s)\n",
				   s->step->label,
				   md_display_when(s->on, MD_DATE_LONG, on),
				   s->by, *s->outcome ? " → " : "", s->outcome,
				   md_display_when(s->at, MD_DATE_LONG, at));
			break;
		}
		case MD_STEP_OPEN:
			cli_printf("  可 %s%s%s\n", s->step->label,
				   s->times ? "(記録あり)" : "",
				   s->may_take
					   ? ""
					   : "(この役割では記録できません)");
			break;
		case MD_STEP_CLOSED:
			cli_printf("  未 %s:", s->step->label);
			for (const char *p = s->why; *p;) {
				const char *nl = strchr(p, '\n');
				int len = nl ? (int)(nl - p) : (int)strlen(p);
				cli_printf(" %.*s", len, p);
				p += len + (nl ? 1 : 0);
			}
			cli_printf("\n");
			break;
		}
	}
}

/* Each track (004 §5(7) 多機関協働) with its steps, under its state:
 * 未開始, 進行中 or 終了 with why; last, as on the case screen. */
static void
print_tracks(const struct md_flow *flow)
{
	for (size_t t = 0; t < flow->ntracks; t++) {
		const struct md_track_status *ts = &flow->tracks[t];
		cli_printf("%s%s%s%s: %s\n", ts->track->label,
			   *ts->track->cite ? "(" : "", ts->track->cite,
			   *ts->track->cite ? ")" : "", ts->text);
		print_track_steps(flow, ts->track);
	}
}

static void
print_history(const struct md_flow *flow)
{
	cli_printf("手順の記録:\n");
	for (size_t i = 0; i < flow->nevents; i++) {
		const struct md_event *e = &flow->events[i];
		char at[MD_DISPLAY_WHEN_SIZE], on[MD_DISPLAY_WHEN_SIZE];
		cli_printf("  %s %s %s",
			   md_display_when(e->on, MD_DATE_LONG, on),
			   e->step_label, e->by);
		if (*e->outcome)
			cli_printf(" → %s", e->outcome);
		if (*e->method)
			cli_printf("(方法: %s)", e->method);
		if (*e->agency)
			cli_printf("(つなぎ先: %s)", e->agency);
		if (*e->follow_up_on)
			cli_printf("(フォローアップ: %s)",
				   md_display_when(e->follow_up_on,
						   MD_DATE_LONG, on));
		if (*e->reason)
			cli_printf(" 理由: %s", e->reason);
		if (*e->note)
			cli_printf(" メモ: %s", e->note);
		cli_printf("(記録 %s)\n",
			   md_display_when(e->at, MD_DATE_LONG, at));
	}
}

/* The contact the case came from (000 第3条(1); viewed, so audited): its
 * number, day, time and channel, and its 相談内容. */
static void
print_contact(struct cli *cli, long long case_id)
{
	long long id = md_contact_of_case(cli->db, case_id);
	struct md_contact c;
	struct md_err err;
	if (!id)
		return;
	if (md_contact_get(cli->db, &cli->user, id, &c, &err) != MD_OK) {
		cli_fail(&err);
		return;
	}
	const char *at = md_values_get(&c.values,
				       md_contact_field_code(MD_CF_TIME));
	const char *ch = md_values_get(&c.values,
				       md_contact_field_code(MD_CF_CHANNEL));
	const char *tp = md_values_get(&c.values,
				       md_contact_field_code(MD_CF_TOPICS));
	const char *on = md_values_get(&c.values,
				       md_contact_field_code(MD_CF_DATE));
	cli_printf("もとの相談票: %lld ", c.id);
	cli_print_day("", on ? on : "");
	cli_printf("%s%s %s\n", at ? " " : "", at ? at : "", ch ? ch : "");
	for (const char *p = tp; p && *p;) {
		size_t len = strcspn(p, "\n");
		cli_printf("  相談内容: %.*s\n", (int)len, p);
		p += len + (p[len] ? 1 : 0);
	}
	md_contact_fini(&c);
}

static int
case_show(struct cli *cli, const char *arg)
{
	long long id;
	if (!md_case_parse_id(arg, &id))
		return cli_usage_error("case",
				       "ケース番号 %s が正しくありません\n",
				       arg);
	int rc = cli_session(cli);
	if (!rc)
		rc = cli_workflow(cli);
	if (rc)
		return rc;
	struct md_err err;
	struct md_case c;
	if (md_case_get(cli->db, &cli->user, id, &c, &err) != MD_OK)
		return cli_fail(&err);
	struct md_flow flow;
	if (md_workflow_status(cli->db, &cli->user, cli->wf, id, &flow, &err) !=
	    MD_OK) {
		md_case_fini(&c);
		return cli_fail(&err);
	}
	const struct md_person *p = &c.person;
	cli_printf("ケース: %lld\n", c.id);
	cli_printf("氏名: %s(%s)\n", p->field[MD_PERSON_NAME],
		   p->field[MD_PERSON_KANA]);
	if (*p->field[MD_PERSON_BIRTH_DATE]) {
		char *birth = md_display_date(p->field[MD_PERSON_BIRTH_DATE],
					      MD_DATE_LONG);
		struct md_date bd, today;
		char iso[16];
		md_date_from_iso(p->field[MD_PERSON_BIRTH_DATE], &bd, NULL);
		md_clock_today(iso);
		md_date_from_iso(iso, &today, NULL);
		cli_printf("生年月日: %s(%d 歳)\n", birth ? birth : "",
			   md_date_age(bd, today));
		md_free(birth);
	}
	char *opened = md_display_date(c.opened_on, MD_DATE_LONG);
	cli_printf("状態: %s(%s)\n", c.closed ? "終結" : "支援中",
		   md_workflow_stage_label(cli->wf, c.stage));
	cli_printf("担当: %s\n", c.staff_name);
	if (*c.office)
		cli_printf("事業所: %s\n", c.office);
	cli_printf("受付日: %s\n", opened ? opened : c.opened_on);
	md_free(opened);
	if (c.closed && *c.close_reason)
		cli_printf("終結の理由: %s\n", c.close_reason);
	char on[MD_DISPLAY_WHEN_SIZE];
	if (*c.next_eval_on)
		cli_printf("次回評価予定日: %s\n",
			   md_display_when(c.next_eval_on, MD_DATE_LONG, on));
	if (*c.follow_up_on)
		cli_printf("フォローアップ予定日: %s\n",
			   md_display_when(c.follow_up_on, MD_DATE_LONG, on));
	print_contact(cli, c.id);
	cli_print_referrals(cli, 0, c.id);
	cli_printf("手順:\n");
	print_track_steps(&flow, NULL);
	struct md_record_info *recs;
	size_t n;
	if (md_record_list(cli->db, cli->forms, c.id, 10, &recs, &n, &err) !=
	    MD_OK) {
		md_case_fini(&c);
		return cli_fail(&err);
	}
	cli_printf("様式:\n");
	for (size_t i = 0; i < n; i++) {
		const struct md_record_info *r = &recs[i];
		if (r->form->entries)
			continue;
		cli_printf("  %s %s (%d) 版 %d %s%s %s %s\n", r->form->number,
			   r->form->title, r->seq, r->revision,
			   r->complete ? "完了" : "下書き",
			   r->frozen ? "・確定" : "",
			   md_display_when(r->updated_at, MD_DATE_LONG, on),
			   r->updated_by);
	}
	bool header = false;
	for (size_t i = 0; i < n; i++) {
		const struct md_record_info *r = &recs[i];
		if (!r->form->entries)
			continue;
		if (!header)
			cli_printf("%s(新しい順):\n", r->form->title);
		header = true;
		char *d = md_display_date(r->entry_date, MD_DATE_SHORT);
		cli_printf("  %s %s\n", d ? d : r->entry_date, r->summary);
		md_free(d);
	}
	md_record_infos_free(recs, n);
	print_history(&flow);
	print_tracks(&flow);
	md_flow_fini(&flow);
	md_case_fini(&c);
	return CLI_EXIT_OK;
}

static int
case_reopen(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"reason", required_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *reason = NULL;
	int opt;
	optind = 0;
	while ((opt = getopt_long(argc, argv, ":c:d:u:h", longopts, NULL)) !=
	       -1) {
		if (cli_common_option(cli, opt, optarg))
			continue;
		if (opt == 'r') {
			reason = optarg;
		} else if (opt == 'h') {
			cli_print_text(stdout, case_help);
			return CLI_EXIT_OK;
		} else {
			return cli_option_error("case", argv, opt);
		}
	}
	if (optind >= argc)
		return cli_usage_error("case",
				       "ケース番号を指定してください\n");
	if (optind + 1 < argc)
		return cli_usage_error("case", "余分な引数 %s があります\n",
				       argv[optind + 1]);
	long long id;
	if (!md_case_parse_id(argv[optind], &id))
		return cli_usage_error("case",
				       "ケース番号 %s が正しくありません\n",
				       argv[optind]);
	if (!reason)
		return cli_usage_error("case",
				       "--reason で再開の理由を指定してください\n");
	int rc = cli_session(cli);
	if (!rc)
		rc = cli_workflow(cli);
	if (rc)
		return rc;
	struct md_err err;
	if (md_workflow_reopen(cli->db, &cli->user, cli->wf, id, reason,
			       &err) != MD_OK)
		return cli_fail(&err);
	cli_printf("ケース %lld を再開しました\n", id);
	return CLI_EXIT_OK;
}

int
cmd_case(struct cli *cli, int argc, char **argv)
{
	int i;
	int rc = cli_leading_options(cli, argc, argv, "case", case_help, &i);
	if (rc >= 0)
		return rc;
	if (i >= argc)
		return cli_usage_error("case",
				       "new、show、reopen のどれかを指定してください\n");
	if (!strcmp(argv[i], "new"))
		return case_new(cli, argc - i, argv + i);
	if (!strcmp(argv[i], "show")) {
		if (i + 1 >= argc)
			return cli_usage_error("case",
					       "ケース番号を指定してください\n");
		if (i + 2 < argc)
			return cli_usage_error("case",
					       "余分な引数 %s があります\n",
					       argv[i + 2]);
		return case_show(cli, argv[i + 1]);
	}
	if (!strcmp(argv[i], "reopen"))
		return case_reopen(cli, argc - i, argv + i);
	return cli_usage_error("case", "case の操作 %s はありません\n",
			       argv[i]);
}
