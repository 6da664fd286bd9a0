/* `madoguchi meeting`: meetings, who attended, who was discussed on which
 * basis, the 役割分担, the minutes and the 提供記録; `madoguchi consent
 * withdraw` (000 第3条(2), 002, 003 §6, 004 §3(6)(7), 別紙③; issue 19). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "madoguchi/cases.h"
#include "madoguchi/consent.h"
#include "madoguchi/display.h"
#include "madoguchi/export.h"
#include "madoguchi/meetings.h"
#include "madoguchi/mem.h"

static const char meeting_help[] =
	"使い方:\n"
	"  madoguchi -u USER meeting new --type 種類 --on 日付 [--planned] [--basis 根拠]\n"
	"        [--place 場所] [--proposed-by 機関 | --proposed-by-staff ユーザー名]\n"
	"        [--shared 共有した内容] [--decisions 決定事項] [--lead 主担当の機関]\n"
	"        [--next 次回の日付]\n"
	"  madoguchi -u USER meeting set 会議 [--held] [同じ項目…]\n"
	"  madoguchi -u USER meeting add 会議 (--staff ユーザー名 | --name 氏名 --agency 機関)\n"
	"        [--secrecy]\n"
	"  madoguchi -u USER meeting person 会議 本人番号 [--note メモ]\n"
	"  madoguchi -u USER meeting task 会議 --what 内容 --owner 担当 --due 期限\n"
	"  madoguchi -u USER meeting done 役割分担番号 [--on 完了日]\n"
	"  madoguchi -u USER meeting show 会議\n"
	"  madoguchi -u USER meeting list [--type 種類]\n"
	"  madoguchi -u USER meeting export 会議 [--for 出席者番号 | --agency 機関]\n"
	"        [-o FILE] [--csv] [--encoding ENC] [--force]\n"
	"  madoguchi -u USER meeting disclosures 本人番号\n"
	"\n"
	"会議の種類と、その会議で本人の同意が必要か、出席者の守秘義務の確認が\n"
	"必要か、個人を取り上げるか、定例か、断るときに示す規定は\n"
	"forms/meetings.ini のものです(連絡会、支援会議、支援調整会議、重層的支援\n"
	"会議、ケース共有会議、推進会議など)。種類は名前か id で指定します。\n"
	"支援会議のように根拠が複数ある種類は --basis で選びます(名前か番号)。\n"
	"\n"
	"開催した会議の日付は未来にできません(これから開く会議は --planned)。\n"
	"add は出席者(職員か関係機関の出席者)を記録します。守秘義務の確認が\n"
	"必要な会議では --secrecy のない出席者を断ります。person は本人を検討した\n"
	"ことを記録します。同意が必要な会議(支援調整会議など)では、会議の日と\n"
	"今日、本人が情報共有に同意していなければ、規定を示して断ります。同意の\n"
	"いらない会議(支援会議: 社会福祉法第106条の6、生活困窮者自立支援法第9条)\n"
	"では、その法的根拠で記録します。どちらも提供記録に残ります。\n"
	"task は役割分担(何を、誰が、いつまでに)を、done はその完了を記録します。\n"
	"次回の日付、未完了の役割分担の期限、定例の会議の次の日は due に出ます。\n"
	"\n"
	"export は会議録を印刷します。本人の同意で検討した人は、今も同意している\n"
	"ときだけ、法に基づき同意なく検討した人は、読み手がこの会議で守秘義務を\n"
	"確認しているとき(--for の出席者、--agency の機関の出席者、指定がなければ\n"
	"印刷する職員自身)だけ記載します。記載しない人がいれば、共有した内容と\n"
	"決定事項も記載しません。記載した一人ひとりが提供記録に残ります。\n"
	"disclosures は本人の提供記録(いつ、何を、誰に、どの根拠で)を表示します。\n"
	"閲覧、変更、印刷はすべて監査記録に残ります。\n";

static const char consent_help[] =
	"使い方:\n"
	"  madoguchi -u USER consent withdraw 本人番号 --on 撤回日 --note 記録\n"
	"\n"
	"本人が情報共有への同意を撤回したことを記録します。撤回日から、その人は\n"
	"同意していないものとして扱われます: 同意が必要な会議で検討できず、\n"
	"会議録と世帯票にも記載されません。撤回のあとに第1号様式の新しい版で\n"
	"同意が記録されれば、同意は戻ります。監査記録に残ります。\n";

/* Options of command (help) and the id arguments wanted (0, 1 or 2) into
 * ids; -1 to go on, or the exit status. */
static int
parse(struct cli *cli, int argc, char **argv, const char *command,
      const char *help, const char *const *names, struct md_values *opts,
      const char *const *what, long long *ids, size_t nids)
{
	int first;
	int rc = cli_options(cli, argc, argv, command, help, names, opts,
			     &first);
	if (rc >= 0)
		return rc;
	for (size_t i = 0; i < nids; i++) {
		if (first + (int)i >= argc)
			return cli_usage_error(command,
					       "%sを指定してください\n",
					       what[i]);
		if (!md_case_parse_id(argv[first + (int)i], &ids[i]))
			return cli_usage_error(command,
					       "%s %s が正しくありません\n",
					       what[i], argv[first + (int)i]);
	}
	if (first + (int)nids < argc)
		return cli_usage_error(command, "余分な引数 %s があります\n",
				       argv[first + (int)nids]);
	return -1;
}

/* The session and the definitions a meeting command needs. */
static int
ready(struct cli *cli)
{
	int rc = cli_session(cli);
	return rc ? rc : cli_meetings(cli);
}

static const char *const meeting_fields[] = {"type",        "on",
					     "planned!",    "held!",
					     "basis",       "place",
					     "proposed-by", "proposed-by-staff",
					     "shared",      "decisions",
					     "lead",        "next",
					     NULL};

static void
meeting_in(const struct md_values *o, struct md_meeting_in *in)
{
	memset(in, 0, sizeof *in);
	in->type = md_values_get(o, "type");
	in->on = md_values_get(o, "on");
	in->held = md_values_get(o, "planned") ? 0
		   : md_values_get(o, "held")  ? 1
					       : -1;
	in->basis = md_values_get(o, "basis");
	in->place = md_values_get(o, "place");
	in->proposer_agency = md_values_get(o, "proposed-by");
	in->proposer_user = md_values_get(o, "proposed-by-staff");
	in->shared = md_values_get(o, "shared");
	in->decisions = md_values_get(o, "decisions");
	in->lead_agency = md_values_get(o, "lead");
	in->next_on = md_values_get(o, "next");
}

static int
meeting_new(struct cli *cli, int argc, char **argv)
{
	struct md_values o;
	md_values_init(&o);
	int rc = parse(cli, argc, argv, "meeting", meeting_help, meeting_fields,
		       &o, NULL, NULL, 0);
	if (rc < 0 && !(rc = ready(cli))) {
		struct md_meeting_in in;
		meeting_in(&o, &in);
		struct md_err err;
		long long id;
		if (md_meeting_new(cli->db, &cli->user, cli->meetings, &in, &id,
				   &err) != MD_OK)
			rc = cli_fail(&err);
		else
			cli_printf("%lld\n", id);
	}
	md_values_fini(&o);
	return rc < 0 ? CLI_EXIT_OK : rc;
}

static int
meeting_set(struct cli *cli, int argc, char **argv)
{
	struct md_values o;
	md_values_init(&o);
	static const char *const what[] = {"会議番号"};
	long long id = 0;
	int rc = parse(cli, argc, argv, "meeting", meeting_help, meeting_fields,
		       &o, what, &id, 1);
	if (rc < 0 && !(rc = ready(cli))) {
		struct md_meeting_in in;
		meeting_in(&o, &in);
		struct md_err err;
		if (in.type)
			rc = cli_usage_error("meeting",
					     "会議の種類は変えられません\n");
		else if (md_meeting_update(cli->db, &cli->user, cli->meetings,
					   id, 0, &in, &err) != MD_OK)
			rc = cli_fail(&err);
		else
			cli_printf("会議 %lld を変更しました\n", id);
	}
	md_values_fini(&o);
	return rc < 0 ? CLI_EXIT_OK : rc;
}

static int
meeting_add(struct cli *cli, int argc, char **argv)
{
	static const char *const names[] = {"staff", "name", "agency",
					    "secrecy!", NULL};
	static const char *const what[] = {"会議番号"};
	struct md_values o;
	md_values_init(&o);
	long long id = 0;
	int rc = parse(cli, argc, argv, "meeting", meeting_help, names, &o,
		       what, &id, 1);
	if (rc < 0 && !(rc = ready(cli))) {
		struct md_attendee_in in = {
			.user = md_values_get(&o, "staff"),
			.name = md_values_get(&o, "name"),
			.agency = md_values_get(&o, "agency"),
			.secrecy = md_values_get(&o, "secrecy") != NULL,
		};
		struct md_err err;
		long long aid;
		if (md_meeting_add_attendee(cli->db, &cli->user, cli->meetings,
					    id, &in, &aid, &err) != MD_OK)
			rc = cli_fail(&err);
		else
			cli_printf("%lld\n", aid);
	}
	md_values_fini(&o);
	return rc < 0 ? CLI_EXIT_OK : rc;
}

static int
meeting_person(struct cli *cli, int argc, char **argv)
{
	static const char *const names[] = {"note", NULL};
	static const char *const what[] = {"会議番号", "本人番号"};
	struct md_values o;
	md_values_init(&o);
	long long ids[2] = {0, 0};
	int rc = parse(cli, argc, argv, "meeting", meeting_help, names, &o,
		       what, ids, 2);
	if (rc < 0 && !(rc = ready(cli))) {
		struct md_err err;
		if (md_meeting_add_person(cli->db, &cli->user, cli->meetings,
					  cli->households, ids[0], ids[1],
					  md_values_get(&o, "note"),
					  &err) != MD_OK)
			rc = cli_fail(&err);
		else
			cli_printf("会議 %lld で本人 %lld を検討したことを記録しました\n",
				   ids[0], ids[1]);
	}
	md_values_fini(&o);
	return rc < 0 ? CLI_EXIT_OK : rc;
}

static int
meeting_task(struct cli *cli, int argc, char **argv)
{
	static const char *const names[] = {"what", "owner", "due", NULL};
	static const char *const what[] = {"会議番号"};
	struct md_values o;
	md_values_init(&o);
	long long id = 0;
	int rc = parse(cli, argc, argv, "meeting", meeting_help, names, &o,
		       what, &id, 1);
	if (rc < 0 && !(rc = ready(cli))) {
		struct md_err err;
		long long tid;
		if (md_meeting_add_task(cli->db, &cli->user, id,
					md_values_get(&o, "what"),
					md_values_get(&o, "owner"),
					md_values_get(&o, "due"), &tid,
					&err) != MD_OK)
			rc = cli_fail(&err);
		else
			cli_printf("%lld\n", tid);
	}
	md_values_fini(&o);
	return rc < 0 ? CLI_EXIT_OK : rc;
}

static int
meeting_done(struct cli *cli, int argc, char **argv)
{
	static const char *const names[] = {"on", NULL};
	static const char *const what[] = {"役割分担番号"};
	struct md_values o;
	md_values_init(&o);
	long long id = 0;
	int rc = parse(cli, argc, argv, "meeting", meeting_help, names, &o,
		       what, &id, 1);
	if (rc < 0 && !(rc = ready(cli))) {
		struct md_err err;
		if (md_meeting_task_done(cli->db, &cli->user, id,
					 md_values_get(&o, "on"),
					 &err) != MD_OK)
			rc = cli_fail(&err);
		else
			cli_printf("役割分担 %lld の完了を記録しました\n", id);
	}
	md_values_fini(&o);
	return rc < 0 ? CLI_EXIT_OK : rc;
}

/* A day stored as 和暦 (w holds it). */
static const char *
day(const char *iso, char w[MD_DISPLAY_WHEN_SIZE])
{
	return *iso ? md_display_when(iso, MD_DATE_LONG, w) : "";
}

static int
meeting_show(struct cli *cli, int argc, char **argv)
{
	static const char *const names[] = {NULL};
	static const char *const what[] = {"会議番号"};
	struct md_values o;
	md_values_init(&o);
	long long id = 0;
	int rc = parse(cli, argc, argv, "meeting", meeting_help, names, &o,
		       what, &id, 1);
	struct md_meeting m;
	struct md_err err;
	if (rc >= 0 || (rc = ready(cli)))
		goto out;
	if (md_meeting_get(cli->db, &cli->user, cli->meetings, cli->households,
			   id, &m, &err) != MD_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	char w[MD_DISPLAY_WHEN_SIZE];
	cli_printf("会議 %lld %s(第%d版)\n", m.id,
		   m.type ? m.type->label : m.type_id, m.revision);
	if (*m.basis)
		cli_printf("根拠: %s\n", m.basis);
	cli_printf("%s: %s\n", m.held ? "開催日" : "開催予定日", day(m.on, w));
	if (*m.place)
		cli_printf("場所: %s\n", m.place);
	cli_printf("招集者: %s\n", m.convener);
	if (*m.proposer)
		cli_printf("提起: %s\n", m.proposer);
	if (*m.lead)
		cli_printf("主担当: %s\n", m.lead);
	for (size_t i = 0; i < m.nattendees; i++)
		cli_printf("出席者 %lld: %s%s%s%s%s\n", m.attendees[i].id,
			   m.attendees[i].name,
			   *m.attendees[i].agency ? "(" : "",
			   m.attendees[i].agency,
			   *m.attendees[i].agency ? ")" : "",
			   m.attendees[i].secrecy ? " 守秘義務確認済み" : "");
	for (size_t i = 0; i < m.npersons; i++) {
		const struct md_meeting_person *p = &m.persons[i];
		cli_printf("本人 %lld: %s(%s) 根拠: %s%s\n", p->person_id,
			   p->name, p->kana, p->basis_text,
			   p->by_consent && !p->consents_now
				   ? "(同意は撤回されています。これ以上共有できません)"
				   : "");
	}
	if (*m.shared)
		cli_printf("共有した内容: %s\n", m.shared);
	if (*m.decisions)
		cli_printf("決定事項: %s\n", m.decisions);
	for (size_t i = 0; i < m.ntasks; i++) {
		const struct md_meeting_task *t = &m.tasks[i];
		char d[MD_DISPLAY_WHEN_SIZE];
		cli_printf("役割分担 %lld: %s 担当: %s 期限: %s%s%s\n", t->id,
			   t->what, t->owner, day(t->due_on, w),
			   *t->done_on ? " 完了: " : "", day(t->done_on, d));
	}
	if (*m.next_on)
		cli_printf("次回: %s\n", day(m.next_on, w));
	md_meeting_fini(&m);
	rc = -1;
out:
	md_values_fini(&o);
	return rc < 0 ? CLI_EXIT_OK : rc;
}

static int
meeting_list(struct cli *cli, int argc, char **argv)
{
	static const char *const names[] = {"type", NULL};
	struct md_values o;
	md_values_init(&o);
	int rc = parse(cli, argc, argv, "meeting", meeting_help, names, &o,
		       NULL, NULL, 0);
	if (rc < 0 && !(rc = ready(cli))) {
		struct md_meeting_row *r;
		size_t n;
		struct md_err err;
		if (md_meeting_list(cli->db, &cli->user, cli->meetings,
				    md_values_get(&o, "type"), &r, &n,
				    &err) != MD_OK) {
			rc = cli_fail(&err);
		} else {
			cli_printf(
				"番号\t種類\t日付\t本人\t未完了の役割分担\t次回\n");
			for (size_t i = 0; i < n; i++) {
				char w[MD_DISPLAY_WHEN_SIZE],
					x[MD_DISPLAY_WHEN_SIZE];
				cli_printf("%lld\t%s\t%s%s\t%zu\t%zu\t%s\n",
					   r[i].id, r[i].type_label,
					   day(r[i].on, w),
					   r[i].held ? "" : "(予定)",
					   r[i].npersons, r[i].nopen_tasks,
					   day(r[i].next_on, x));
			}
			if (!n)
				cli_printf("(会議はありません)\n");
			md_meeting_rows_free(r, n);
		}
	}
	md_values_fini(&o);
	return rc < 0 ? CLI_EXIT_OK : rc;
}

static int
meeting_export(struct cli *cli, int argc, char **argv)
{
	static const char *const names[] = {"for",      "agency", "csv!",
					    "encoding", "force!", "output",
					    NULL};
	static const char *const what[] = {"会議番号"};
	for (int k = 0; k < argc; k++)
		if (!strcmp(argv[k], "-o"))
			argv[k] = "--output";
	struct md_values o;
	md_values_init(&o);
	long long id = 0;
	int rc = parse(cli, argc, argv, "meeting", meeting_help, names, &o,
		       what, &id, 1);
	const char *path = md_values_get(&o, "output");
	bool csv = md_values_get(&o, "csv") != NULL;
	struct md_minutes_reader reader = {
		.agency = md_values_get(&o, "agency")};
	const char *f = md_values_get(&o, "for");
	if (rc < 0 && f && !md_case_parse_id(f, &reader.attendee_id))
		rc = cli_usage_error("meeting",
				     "--for には出席者番号を指定してください\n");
	if (rc < 0 && csv && !path)
		rc = cli_usage_error("meeting",
				     "--csv には -o FILE を指定してください\n");
	if (rc >= 0 || (rc = ready(cli)))
		goto out;
	struct md_export_options eo = {.force = md_values_get(&o, "force") !=
						NULL,
				       .encoding = cli->cfg.export_encoding};
	const char *enc = md_values_get(&o, "encoding");
	struct md_err err;
	if (enc && !md_config_parse_encoding(enc, &eo.encoding)) {
		rc = cli_usage_error("meeting",
				     "--encoding には utf8-bom、utf8、cp932 のどれかを指定してください\n");
	} else if (csv) {
		if (md_meeting_minutes_csv(cli->db, &cli->user, cli->meetings,
					   cli->households, id, &reader, path,
					   &eo, &err) != MD_OK)
			rc = cli_fail(&err);
		else
			cli_printf("会議録を %s に印刷しました\n", path);
	} else {
		struct md_buf b;
		md_buf_init(&b);
		if (md_meeting_minutes_text(cli->db, &cli->user, cli->meetings,
					    cli->households, id, &reader, &b,
					    &err) != MD_OK)
			rc = cli_fail(&err);
		else
			rc = cli_print_to(path, md_buf_str(&b), eo.force,
					  "会議録");
		md_buf_fini(&b);
	}
out:
	md_values_fini(&o);
	return rc < 0 ? CLI_EXIT_OK : rc;
}

static int
meeting_disclosures(struct cli *cli, int argc, char **argv)
{
	static const char *const names[] = {NULL};
	static const char *const what[] = {"本人番号"};
	struct md_values o;
	md_values_init(&o);
	long long id = 0;
	int rc = parse(cli, argc, argv, "meeting", meeting_help, names, &o,
		       what, &id, 1);
	if (rc < 0 && !(rc = cli_session(cli))) {
		struct md_disclosure *d;
		size_t n;
		char withdrawn[11];
		struct md_err err;
		if (md_person_disclosures(cli->db, &cli->user, id, &d, &n,
					  withdrawn, &err) != MD_OK) {
			rc = cli_fail(&err);
		} else {
			char w[MD_DISPLAY_WHEN_SIZE];
			cli_printf("本人 %lld の提供記録\n", id);
			if (*withdrawn)
				cli_printf("同意の撤回: %s から\n",
					   day(withdrawn, w));
			cli_printf("日付\t内容\t提供先\t根拠\t記録者\n");
			for (size_t i = 0; i < n; i++)
				cli_printf("%s\t%s\t%s\t%s\t%s\n",
					   day(d[i].on, w), d[i].what, d[i].to,
					   d[i].basis, d[i].by);
			if (!n)
				cli_printf("(提供記録はありません)\n");
			md_disclosures_free(d, n);
		}
	}
	md_values_fini(&o);
	return rc < 0 ? CLI_EXIT_OK : rc;
}

int
cmd_meeting(struct cli *cli, int argc, char **argv)
{
	static const struct cli_sub subs[] = {
		{"new", meeting_new},
		{"set", meeting_set},
		{"add", meeting_add},
		{"person", meeting_person},
		{"task", meeting_task},
		{"done", meeting_done},
		{"show", meeting_show},
		{"list", meeting_list},
		{"export", meeting_export},
		{"disclosures", meeting_disclosures},
	};
	return cli_run_sub(cli, argc, argv, "meeting", meeting_help, subs,
			   sizeof subs / sizeof *subs);
}

static int
consent_withdraw(struct cli *cli, int argc, char **argv)
{
	static const char *const names[] = {"on", "note", NULL};
	static const char *const what[] = {"本人番号"};
	struct md_values o;
	md_values_init(&o);
	long long id = 0;
	int rc = parse(cli, argc, argv, "consent", consent_help, names, &o,
		       what, &id, 1);
	if (rc < 0 && !(rc = cli_session(cli))) {
		struct md_err err;
		if (md_consent_withdraw(cli->db, &cli->user, id,
					md_values_get(&o, "on"),
					md_values_get(&o, "note"), NULL,
					&err) != MD_OK)
			rc = cli_fail(&err);
		else
			cli_printf("本人 %lld の同意の撤回を記録しました\n",
				   id);
	}
	md_values_fini(&o);
	return rc < 0 ? CLI_EXIT_OK : rc;
}

int
cmd_consent(struct cli *cli, int argc, char **argv)
{
	static const struct cli_sub subs[] = {{"withdraw", consent_withdraw}};
	return cli_run_sub(cli, argc, argv, "consent", consent_help, subs, 1);
}
