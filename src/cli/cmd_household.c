/* `madoguchi household`: households (世帯) and their members, moves with
 * the history kept, the household shown whole and printed within each
 * member's consent (000 第1条, 第2条(1); 003 §6-2(3)ア; 004 図4). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "madoguchi/cases.h"
#include "madoguchi/display.h"
#include "madoguchi/export.h"
#include "madoguchi/households.h"
#include "madoguchi/mem.h"
#include "madoguchi/wareki.h"

static const char household_help_usage[] =
	"使い方:\n"
	"  madoguchi -u USER household new [--label 呼び名] [--issues 課題] [--note メモ]\n"
	"        世帯員\n"
	"  madoguchi -u USER household add 世帯 世帯員\n"
	"  madoguchi -u USER household show 世帯 [--on 基準日] [--all]\n"
	"  madoguchi -u USER household move (--member 世帯員番号 | --person 本人番号)\n"
	"        --reason 理由 [--date 転出日]\n"
	"        [--to 世帯 | --new [--label 呼び名]] [--relation 続柄] [--living 同居・別居]\n"
	"  madoguchi -u USER household list [--search 文字] [--person 本人番号]\n"
	"  madoguchi -u USER household history 本人番号\n"
	"  madoguchi -u USER household set 世帯 [--label 呼び名] [--issues 課題] [--note メモ]\n"
	"  madoguchi -u USER household member 世帯員番号 [--relation 続柄]\n"
	"        [--living 同居・別居] [--moved-in 転入日] [--reason 理由]\n"
	"        [--needs-support はい|いいえ] [--disabled はい|いいえ]\n"
	"        [--poverty はい|いいえ] [--departments 部局] [--note 備考]\n"
	"  madoguchi -u USER household assess 世帯 [--on 基準日]\n"
	"        [--answer 質問=はい|いいえ[,…]]… [--decide 判定 [--note メモ]]\n"
	"  madoguchi -u USER household print 世帯 [--on 基準日] [-o FILE] [--csv]\n"
	"        [--encoding ENC] [--force]\n"
	"\n"
	"世帯員(new と add)は次のどれか一つで指定します:\n"
	"  --person 本人番号              登録されている本人\n"
	"  --name 氏名 --kana ふりがな [--birth 生年月日] [--sex 性別] [--address 住所]\n"
	"        [--phone 電話] [--mobile 携帯]\n"
	"                                 新しく登録する本人。同じ人が登録されているか\n"
	"                                 を、ケースを作るときと同じく確かめます(異体字\n"
	"                                 やカナ・半角の違いを区別しません)。見つかれば\n"
	"                                 登録しません。その人なら --person、別の人なら\n"
	"                                 --new-person を付けて、もう一度実行します\n"
	"  --who 説明 [--birth 生年月日 | --age 年齢]\n"
	"                                 登録しない世帯員(例: 小学生(氏名不詳))。年齢\n"
	"                                 からは生年月日を推定します\n"
	"そのうえで --relation 続柄(必須)、--living 同居・別居(既定は最初のもの)、\n"
	"--moved-in 転入日、--reason 転入の理由、--needs-support はい|いいえ(支援対象者)、\n"
	"--disabled はい|いいえ(障害者)、--poverty はい|いいえ(生活困窮が主たる課題)、\n"
	"--departments 担当部局(| で区切っていくつでも)、--note 備考。\n"
	"\n";

/* The rest of the help (a string literal of C17 holds 4095 bytes). */
static const char household_help_more[] =
	"一人の現在の世帯は一つです。別の世帯の世帯員を加えることはできません。\n"
	"転居などは move で記録します: 世帯員の記録は転出日と理由で終わり、\n"
	"履歴として残ります。--to の世帯か --new の新しい世帯に移るときは、そこで\n"
	"の続柄が必要です。世帯のただ一人の現在の世帯員は転出できません。\n"
	"選択肢(続柄、同居・別居、担当部局、理由、世帯の課題)は\n"
	"forms/households.ini のもので、名前か番号で入力できます。\n"
	"\n"
	"new は世帯番号、add は世帯員番号、move は移った先の世帯員番号だけを\n"
	"表示します。show は世帯員ごとに、続柄、同居・別居、基準日の年齢、\n"
	"支援対象者か、担当部局、支援中のケースの段階と次の予定、世帯の課題と\n"
	"メモ、多機関協働の対象判定(004 図4: 助言と最新の判定、その後の変化)を\n"
	"表示します(--all は転出した世帯員も)。assess は --answer の答えで助言を\n"
	"表示し、--decide があれば判定を答えと助言とともに記録します。判定は\n"
	"forms/households.ini の [eligibility] verdicts のどれか(対象など)で、\n"
	"助言と違ってもかまいません。質問は services、multiple_issues、\n"
	"departments_needed、sharing_needed です。history は本人がこれまでに\n"
	"属した世帯を表示します。print は世帯票を印刷します。世帯員の詳しい\n"
	"内容(氏名、生年月日、ケースなど)は、その世帯員本人が情報共有に\n"
	"同意しているときだけ印刷し、そうでなければ記載しない旨を印刷します。\n"
	"既定は文字だけの世帯票を標準出力か -o のファイルへ。--csv は CSV\n"
	"ファイル(-o が必要。--encoding は utf8-bom、utf8、cp932)。\n"
	"閲覧、変更、印刷はすべて監査記録に残ります。\n";

/* The whole help: its two parts, joined once. */
static const char *
household_help(void)
{
	static char
		all[sizeof household_help_usage + sizeof household_help_more];
	if (!*all) {
		memcpy(all, household_help_usage,
		       sizeof household_help_usage - 1);
		memcpy(all + sizeof household_help_usage - 1,
		       household_help_more, sizeof household_help_more);
	}
	return all;
}

/* The member options of new and add (and their codes among the person's
 * fields for a new person). */
static const struct {
	const char *option;
	const char *person_code; /* a new person's field, or NULL */
} member_options[] = {
	{"person", NULL},        {"name", "name"},
	{"kana", "kana"},        {"birth", "birth_date"},
	{"sex", "sex"},          {"address", "address"},
	{"phone", "phone_home"}, {"mobile", "phone_mobile"},
	{"who", NULL},           {"age", NULL},
	{"relation", NULL},      {"living", NULL},
	{"moved-in", NULL},      {"reason", NULL},
	{"needs-support", NULL}, {"disabled", NULL},
	{"poverty", NULL},       {"departments", NULL},
	{"note", NULL},          {"new-person!", NULL},
};
#define NMEMBER (sizeof member_options / sizeof member_options[0])

/* Read s as はい or いいえ (yes, no, 1, 0): 1, 0; -1 when it is none. */
static int
yes_no(const char *s)
{
	static const char *const yes[] = {"はい", "yes", "y", "1"};
	static const char *const no[] = {"いいえ", "no", "n", "0"};
	for (size_t i = 0; i < 4; i++) {
		if (!strcmp(s, yes[i]))
			return 1;
		if (!strcmp(s, no[i]))
			return 0;
	}
	return -1;
}

/* A number argument as md_case_parse_id reads it; 0 after the usage error
 * in *rc when it is none. */
static long long
id_arg(const char *s, const char *what, int *rc)
{
	long long id = 0;
	if (!s)
		*rc = cli_usage_error("household", "%sを指定してください\n",
				      what);
	else if (!md_case_parse_id(s, &id))
		*rc = cli_usage_error("household", "%s %s が正しくありません\n",
				      what, s);
	return id;
}

/* The member of opts into in (person: the new person's fields). 0, or the
 * usage error. */
static int
member_in(const struct md_values *opts, struct md_member_in *in,
	  struct md_values *person)
{
	memset(in, 0, sizeof *in);
	in->needs_support = -1;
	int rc = 0;
	const char *p = md_values_get(opts, "person");
	if (p && !(in->person_id = id_arg(p, "本人番号", &rc)))
		return rc;
	for (size_t i = 0; i < NMEMBER; i++) {
		const char *v = md_values_get(opts, member_options[i].option);
		if (v && member_options[i].person_code &&
		    !md_values_get(opts, "who"))
			md_values_set(person, member_options[i].person_code, v,
				      NULL);
	}
	if (person->n && !md_values_get(opts, "who"))
		in->person = person;
	in->distinct = md_values_get(opts, "new-person") != NULL;
	in->label = md_values_get(opts, "who");
	if (in->label)
		in->birth = md_values_get(opts, "birth");
	in->age = md_values_get(opts, "age");
	in->relation = md_values_get(opts, "relation");
	in->living = md_values_get(opts, "living");
	in->moved_in_on = md_values_get(opts, "moved-in");
	in->reason = md_values_get(opts, "reason");
	in->departments = md_values_get(opts, "departments");
	in->note = md_values_get(opts, "note");
	const char *s = md_values_get(opts, "needs-support");
	if (s && (in->needs_support = yes_no(s)) < 0)
		return cli_usage_error("household",
				       "--needs-support には はい か いいえ を指定してください\n");
	static const char *const flags[] = {"disabled", "poverty"};
	enum md_eligibility_yn *into[] = {&in->disabled, &in->poverty};
	for (size_t i = 0; i < 2; i++) {
		int yes = (s = md_values_get(opts, flags[i])) ? yes_no(s) : -2;
		if (yes == -1)
			return cli_usage_error("household",
					       "--%s には はい か いいえ を指定してください\n",
					       flags[i]);
		if (yes >= 0)
			*into[i] = yes ? MD_ELIGIBILITY_YES : MD_ELIGIBILITY_NO;
	}
	return 0;
}

/* Print a refused change: every fault, and for a new person who may be
 * registered already what to do next. */
static int
refused(enum md_status st, const struct md_values *faults,
	const struct md_err *err, const struct md_member_in *in)
{
	int rc = cli_refused(st, faults, err);
	if (st == MD_ERR_EXISTS && in && in->person && !in->distinct)
		cli_error(
			"その人なら --person 本人番号 を、別の人なら --new-person を付けてください");
	return rc;
}

/* Parse the options of a subcommand with the member options after names
 * (NULL-ended); the first argument left in *first. */
static int
options(struct cli *cli, int argc, char **argv, const char *const *names,
	bool member, struct md_values *opts, int *first)
{
	const char *all[NMEMBER + 16];
	size_t n = 0;
	for (; names[n] && n < 15; n++)
		all[n] = names[n];
	for (size_t i = 0; member && i < NMEMBER; i++)
		all[n++] = member_options[i].option;
	all[n] = NULL;
	return cli_options(cli, argc, argv, "household", household_help(), all,
			   opts, first);
}

/* The reference date --on of opts (as typed, 和暦 or ISO) into on (ISO;
 * "" when not given): 0, or the usage error. */
static int
on_arg(const struct md_values *opts, char on[11])
{
	const char *typed = md_values_get(opts, "on");
	struct md_date d;
	struct md_err err;
	*on = '\0';
	if (!typed)
		return 0;
	if (md_date_parse(typed, &d, &err) != MD_OK)
		return cli_usage_error("household", "--on: %s\n", err.msg);
	md_date_iso(d, on);
	return 0;
}

/* No more arguments after the k-th (0 when so, else the usage error). */
static int
no_more(int argc, char **argv, int k)
{
	return k < argc ? cli_usage_error("household",
					  "余分な引数 %s があります\n", argv[k])
			: 0;
}

/* The options names (with the member's when member) and then the one
 * argument, the number of what, into *id: -1 to go on, or the exit status
 * after help or a usage error. */
static int
options_and_id(struct cli *cli, int argc, char **argv, const char *const *names,
	       bool member, struct md_values *opts, const char *what,
	       long long *id)
{
	int first;
	int rc = options(cli, argc, argv, names, member, opts, &first);
	if (rc >= 0)
		return rc;
	rc = 0;
	if (!(*id = id_arg(first < argc ? argv[first] : NULL, what, &rc)) ||
	    (rc = no_more(argc, argv, first + 1)))
		return rc;
	return -1;
}

static int
household_new(struct cli *cli, int argc, char **argv)
{
	static const char *const names[] = {"label", "issues", NULL};
	struct md_values opts, person, faults;
	md_values_init(&opts);
	md_values_init(&person);
	md_values_init(&faults);
	int first;
	struct md_member_in in;
	int rc = options(cli, argc, argv, names, true, &opts, &first);
	if (rc >= 0 || (rc = no_more(argc, argv, first)) ||
	    (rc = member_in(&opts, &in, &person)) || (rc = cli_session(cli)) ||
	    (rc = cli_households(cli)))
		goto out;
	/* --note is the household's here: its members' come with add. */
	const struct md_household_in h = {md_values_get(&opts, "label"),
					  md_values_get(&opts, "issues"),
					  md_values_get(&opts, "note")};
	in.note = NULL;
	struct md_err err;
	long long id = 0;
	enum md_status st = md_household_new(cli->db, &cli->user,
					     cli->households, cli->forms, &h,
					     &in, &id, NULL, &faults, &err);
	if (st != MD_OK)
		rc = refused(st, &faults, &err, &in);
	else
		cli_printf("%lld\n", id);
out:
	md_values_fini(&opts);
	md_values_fini(&person);
	md_values_fini(&faults);
	return rc < 0 ? CLI_EXIT_OK : rc;
}

static int
household_add(struct cli *cli, int argc, char **argv)
{
	static const char *const names[] = {NULL};
	struct md_values opts, person, faults;
	md_values_init(&opts);
	md_values_init(&person);
	md_values_init(&faults);
	struct md_member_in in;
	long long hid = 0;
	int rc = options_and_id(cli, argc, argv, names, true, &opts, "世帯番号",
				&hid);
	if (rc >= 0)
		goto out;
	rc = 0;
	if ((rc = member_in(&opts, &in, &person)) || (rc = cli_session(cli)) ||
	    (rc = cli_households(cli)))
		goto out;
	struct md_err err;
	long long id = 0;
	enum md_status st = md_household_add(cli->db, &cli->user,
					     cli->households, cli->forms, hid,
					     &in, &id, &faults, &err);
	if (st != MD_OK)
		rc = refused(st, &faults, &err, &in);
	else
		cli_printf("%lld\n", id);
out:
	md_values_fini(&opts);
	md_values_fini(&person);
	md_values_fini(&faults);
	return rc < 0 ? CLI_EXIT_OK : rc;
}

/* A day as 和暦, or "" (a new string or "" itself). */
static const char *
shown(const char *iso, char buf[MD_DISPLAY_WHEN_SIZE])
{
	return *iso ? md_display_when(iso, MD_DATE_LONG, buf) : "";
}

/* Print one member as show lists them. */
static void
print_member(const struct md_household_defs *defs, const struct md_member *m)
{
	char a[MD_DISPLAY_WHEN_SIZE], b[MD_DISPLAY_WHEN_SIZE];
	cli_printf("%s %lld: %s・%s %s",
		   m->current ? "世帯員" : "転出した世帯員", m->id, m->relation,
		   m->living, m->name);
	if (m->person_id)
		cli_printf("(%s)本人 %lld\n", m->kana, m->person_id);
	else
		cli_printf("(未登録)\n");
	if (*m->birth_date || m->age >= 0) {
		const char *band = md_household_age_band_label(defs, m->band);
		cli_printf("  生年月日: %s%s(%d歳%s%s%s)\n",
			   shown(m->birth_date, a),
			   m->birth_estimated ? "ごろ" : "", m->age,
			   *band ? "、" : "", band,
			   m->birth_estimated ? "、推定" : "");
	} else {
		cli_printf("  生年月日: 不明\n");
	}
	if (*m->moved_in_on || *m->reason_in)
		cli_printf("  転入: %s%s%s%s\n", shown(m->moved_in_on, a),
			   *m->reason_in ? "(" : "", m->reason_in,
			   *m->reason_in ? ")" : "");
	if (!m->current)
		cli_printf("  転出: %s(%s)\n", shown(m->moved_out_on, b),
			   m->reason_out);
	cli_printf("  支援対象者: %s\n", m->needs_support ? "はい" : "いいえ");
	if (m->disabled)
		cli_printf("  障害者: はい\n");
	if (m->poverty)
		cli_printf("  生活困窮が主たる課題: はい\n");
	if (m->ndepartments) {
		cli_printf("  担当部局: ");
		for (size_t i = 0; i < m->ndepartments; i++)
			cli_printf("%s%s", i ? "、" : "", m->departments[i]);
		cli_printf("\n");
	}
	for (size_t i = 0; i < m->ncases; i++) {
		const struct md_member_case *c = &m->cases[i];
		cli_printf("  ケース %lld: %s", c->case_id, c->stage_label);
		if (*c->staff)
			cli_printf("(担当 %s)", c->staff);
		if (*c->due_on)
			cli_printf(" 次の予定 %s %s%s", c->due_kind,
				   shown(c->due_on, a),
				   c->overdue ? "(期限超過)" : "");
		cli_printf("\n");
	}
	if (*m->note)
		cli_printf("  備考: %s\n", m->note);
	if (m->current)
		cli_printf("  情報共有への同意: %s\n",
			   m->consented ? "あり"
					: "なし(印刷では記載しません)");
}

/* The answers of the questions that facts hold, as the definition asks
 * them, after indent: "活用できる制度やサービスがある: はい、…". */
static void
print_answers(const struct md_eligibility_def *def,
	      const struct md_eligibility_facts *facts, const char *indent)
{
	size_t n = 0;
	for (size_t q = 0; q < def->nquestions; q++) {
		enum md_eligibility_fact f = def->questions[q].fact;
		if (!facts->known[f])
			continue;
		cli_printf("%s%s: %s", n++ ? "、" : indent,
			   def->questions[q].text,
			   facts->value[f] == MD_ELIGIBILITY_YES ? "はい"
								 : "いいえ");
	}
	cli_printf("%s\n", n ? "" : "(なし)");
}

/* 多機関協働の対象判定 of h (004 図4): the advice from its members and the
 * answers, the latest decision and what changed since. */
static void
print_eligibility(const struct md_household_defs *defs,
		  const struct md_household *h)
{
	const struct md_household_eligibility *e = &h->eligibility;
	if (!e->defined)
		return;
	const struct md_eligibility_def *def = defs->eligibility;
	char a[MD_DISPLAY_WHEN_SIZE], b[MD_DISPLAY_WHEN_SIZE];
	cli_printf("多機関協働の対象判定(%s、基準日 %s)\n",
		   def->cite ? def->cite : "004 図4", shown(h->on, a));
	cli_printf("  答え: ");
	print_answers(def, &e->facts, "");
	cli_print_advice(&e->advice, "  ");
	const struct md_household_decision *d = &e->last;
	if (!d->revision) {
		cli_printf("  記録された判定: なし\n");
		return;
	}
	cli_printf("  記録された判定: %s(%s、%s、第%d版)\n", d->verdict, d->by,
		   md_display_when(d->at, MD_DATE_LONG, a), d->revision);
	if (d->row)
		cli_printf("  そのときの助言: 行%d %s(基準日 %s)\n", d->row,
			   d->advised, shown(d->on, b));
	else
		cli_printf("  そのときの助言: %s(基準日 %s)\n", d->advised,
			   shown(d->on, b));
	if (*d->note)
		cli_printf("  判定のメモ: %s\n", d->note);
	cli_printf("  判定の後の変化:%s\n", d->nchanges ? "" : " なし");
	for (size_t i = 0; i < d->nchanges; i++)
		cli_printf("    %s\n", d->changes[i]);
}

static int
household_show(struct cli *cli, int argc, char **argv)
{
	static const char *const names[] = {"on", "all!", NULL};
	struct md_values opts;
	md_values_init(&opts);
	long long id = 0;
	int rc = options_and_id(cli, argc, argv, names, false, &opts,
				"世帯番号", &id);
	if (rc >= 0)
		goto out;
	rc = 0;
	char on[11] = "";
	struct md_err err;
	if ((rc = on_arg(&opts, on)))
		goto out;
	if ((rc = cli_session(cli)) || (rc = cli_workflow(cli)) ||
	    (rc = cli_households(cli)))
		goto out;
	struct md_household h;
	if (md_household_get(cli->db, &cli->user, cli->households, cli->wf, id,
			     *on ? on : NULL,
			     md_values_get(&opts, "all") != NULL, &h,
			     &err) != MD_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	char a[MD_DISPLAY_WHEN_SIZE];
	cli_printf("世帯 %lld%s%s%s(第%d版)\n", h.id, *h.label ? "(" : "",
		   h.label, *h.label ? ")" : "", h.revision);
	cli_printf("基準日: %s\n", shown(h.on, a));
	cli_printf("現在の世帯員: %zu 人、うち支援対象者 %zu 人\n", h.ncurrent,
		   h.nsupport);
	cli_printf("世帯の課題: ");
	for (size_t i = 0; i < h.nissues; i++)
		cli_printf("%s%s", i ? "、" : "", h.issues[i]);
	cli_printf("%s\n", h.nissues ? "" : "(なし)");
	if (*h.note)
		cli_printf("メモ: %s\n", h.note);
	for (size_t i = 0; i < h.nmembers; i++)
		print_member(cli->households, &h.members[i]);
	print_eligibility(cli->households, &h);
	md_household_fini(&h);
	rc = CLI_EXIT_OK;
out:
	md_values_fini(&opts);
	return rc < 0 ? CLI_EXIT_OK : rc;
}

static int
household_move(struct cli *cli, int argc, char **argv)
{
	static const char *const names[] = {"member", "person",   "reason",
					    "date",   "to",       "new!",
					    "label",  "relation", "living",
					    NULL};
	struct md_values opts, faults;
	md_values_init(&opts);
	md_values_init(&faults);
	int first;
	long long member = 0, person = 0, to = 0;
	int rc = options(cli, argc, argv, names, false, &opts, &first);
	if (rc >= 0)
		goto out;
	rc = 0;
	const char *m = md_values_get(&opts, "member");
	const char *p = md_values_get(&opts, "person");
	const char *t = md_values_get(&opts, "to");
	if ((rc = no_more(argc, argv, first)))
		goto out;
	if (!m == !p) {
		rc = cli_usage_error("household",
				     "--member 世帯員番号 か --person 本人番号 のどちらかを指定してください\n");
		goto out;
	}
	if ((m && !(member = id_arg(m, "世帯員番号", &rc))) ||
	    (p && !(person = id_arg(p, "本人番号", &rc))) ||
	    (t && !(to = id_arg(t, "世帯番号", &rc))) ||
	    (rc = cli_session(cli)) || (rc = cli_households(cli)))
		goto out;
	if (person && !(member = md_household_member_of(cli->db, person))) {
		cli_error("本人 %lld は、いまどの世帯の世帯員でもありません",
			  person);
		rc = CLI_EXIT_FAIL;
		goto out;
	}
	const struct md_move_in mv = {
		.date = md_values_get(&opts, "date"),
		.reason = md_values_get(&opts, "reason"),
		.to = to,
		.new_household = md_values_get(&opts, "new") != NULL,
		.label = md_values_get(&opts, "label"),
		.relation = md_values_get(&opts, "relation"),
		.living = md_values_get(&opts, "living"),
	};
	struct md_err err;
	long long id = 0;
	enum md_status st = md_household_move(cli->db, &cli->user,
					      cli->households, member, &mv, &id,
					      &faults, &err);
	if (st != MD_OK)
		rc = refused(st, &faults, &err, NULL);
	else if (id)
		cli_printf("%lld\n", id);
out:
	md_values_fini(&opts);
	md_values_fini(&faults);
	return rc < 0 ? CLI_EXIT_OK : rc;
}

static int
household_list(struct cli *cli, int argc, char **argv)
{
	static const char *const names[] = {"search", "person", NULL};
	struct md_values opts;
	md_values_init(&opts);
	int first;
	struct md_household_filter f = {NULL, 0};
	int rc = options(cli, argc, argv, names, false, &opts, &first);
	if (rc >= 0)
		goto out;
	rc = 0;
	const char *p = md_values_get(&opts, "person");
	if ((rc = no_more(argc, argv, first)) ||
	    (p && !(f.person_id = id_arg(p, "本人番号", &rc))) ||
	    (rc = cli_session(cli)) || (rc = cli_households(cli)))
		goto out;
	f.text = md_values_get(&opts, "search");
	struct md_err err;
	struct md_household_row *r;
	size_t n;
	if (md_household_list(cli->db, &cli->user, cli->households, &f, 0, &r,
			      &n, &err) != MD_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	cli_printf("世帯\t呼び名\t筆頭\t世帯員\t支援対象者\t更新\n");
	for (size_t i = 0; i < n; i++) {
		char w[MD_DISPLAY_WHEN_SIZE];
		cli_printf("%lld\t%s\t%s\t%zu\t%zu\t%s\n", r[i].id, r[i].label,
			   r[i].head, r[i].members, r[i].support,
			   md_display_when(r[i].updated_at, MD_DATE_LONG, w));
	}
	cli_printf("(%zu 世帯)\n", n);
	md_household_rows_free(r, n);
out:
	md_values_fini(&opts);
	return rc < 0 ? CLI_EXIT_OK : rc;
}

static int
household_history(struct cli *cli, int argc, char **argv)
{
	static const char *const names[] = {NULL};
	struct md_values opts;
	md_values_init(&opts);
	long long person = 0;
	int rc = options_and_id(cli, argc, argv, names, false, &opts,
				"本人番号", &person);
	md_values_fini(&opts);
	if (rc >= 0 || (rc = cli_session(cli)))
		return rc < 0 ? CLI_EXIT_OK : rc;
	struct md_err err;
	struct md_membership *m;
	size_t n;
	if (md_household_history(cli->db, &cli->user, person, &m, &n, &err) !=
	    MD_OK)
		return cli_fail(&err);
	cli_printf("世帯員\t世帯\t続柄\t同居・別居\t転入\t転出\n");
	for (size_t i = 0; i < n; i++) {
		char a[MD_DISPLAY_WHEN_SIZE], b[MD_DISPLAY_WHEN_SIZE];
		cli_printf("%lld\t%lld %s\t%s\t%s\t%s%s%s%s\t", m[i].member_id,
			   m[i].household_id, m[i].household_label,
			   m[i].relation, m[i].living,
			   *m[i].moved_in_on ? shown(m[i].moved_in_on, a)
					     : "日付不明",
			   *m[i].reason_in ? "(" : "", m[i].reason_in,
			   *m[i].reason_in ? ")" : "");
		if (m[i].current)
			cli_printf("(現在の世帯)\n");
		else
			cli_printf("%s(%s)\n", shown(m[i].moved_out_on, b),
				   m[i].reason_out);
	}
	md_memberships_free(m, n);
	return CLI_EXIT_OK;
}

static int
household_set(struct cli *cli, int argc, char **argv)
{
	static const char *const names[] = {"label", "issues", "note", NULL};
	struct md_values opts, faults;
	md_values_init(&opts);
	md_values_init(&faults);
	long long id = 0;
	int rc = options_and_id(cli, argc, argv, names, false, &opts,
				"世帯番号", &id);
	if (rc >= 0)
		goto out;
	rc = 0;
	if ((rc = cli_session(cli)) || (rc = cli_workflow(cli)) ||
	    (rc = cli_households(cli)))
		goto out;
	const struct md_household_in h = {md_values_get(&opts, "label"),
					  md_values_get(&opts, "issues"),
					  md_values_get(&opts, "note")};
	struct md_err err;
	/* A script changes the household as it stands now. */
	struct md_household now;
	if (md_household_get(cli->db, &cli->user, cli->households, cli->wf, id,
			     NULL, false, &now, &err) != MD_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	int revision = now.revision;
	md_household_fini(&now);
	enum md_status st = md_household_update(cli->db, &cli->user,
						cli->households, id, revision,
						&h, &faults, &err);
	if (st != MD_OK)
		rc = refused(st, &faults, &err, NULL);
out:
	md_values_fini(&opts);
	md_values_fini(&faults);
	return rc < 0 ? CLI_EXIT_OK : rc;
}

static int
household_member(struct cli *cli, int argc, char **argv)
{
	static const char *const names[] = {"relation",      "living",
					    "moved-in",      "reason",
					    "needs-support", "disabled",
					    "poverty",       "departments",
					    "note",          NULL};
	struct md_values opts, faults, person;
	md_values_init(&opts);
	md_values_init(&faults);
	md_values_init(&person);
	long long id = 0;
	struct md_member_in in;
	int rc = options_and_id(cli, argc, argv, names, false, &opts,
				"世帯員番号", &id);
	if (rc >= 0)
		goto out;
	rc = 0;
	if ((rc = member_in(&opts, &in, &person)) || (rc = cli_session(cli)) ||
	    (rc = cli_workflow(cli)) || (rc = cli_households(cli)))
		goto out;
	struct md_err err;
	/* A script changes the member as they stand now: their revision,
	 * from their household shown with its former members. */
	long long hid = md_household_of_member(cli->db, id);
	int revision = 0;
	struct md_household h;
	enum md_status st;
	if (!hid) {
		cli_error("世帯員 %lld はいません", id);
		rc = CLI_EXIT_FAIL;
		goto out;
	}
	st = md_household_get(cli->db, &cli->user, cli->households, cli->wf,
			      hid, NULL, true, &h, &err);
	if (st != MD_OK) {
		rc = cli_fail(&err);
		goto out;
	}
	for (size_t i = 0; i < h.nmembers; i++)
		if (h.members[i].id == id)
			revision = h.members[i].revision;
	md_household_fini(&h);
	st = md_household_member_update(cli->db, &cli->user, cli->households,
					id, revision, &in, &faults, &err);
	if (st != MD_OK)
		rc = refused(st, &faults, &err, NULL);
out:
	md_values_fini(&opts);
	md_values_fini(&faults);
	md_values_fini(&person);
	return rc < 0 ? CLI_EXIT_OK : rc;
}

/* The answers of opts' --answer into answers (by fact): 0, or the exit
 * status after saying what is wrong. */
static int
answers_arg(const struct md_values *opts,
	    enum md_eligibility_yn answers[MD_ELIGIBILITY_NFACTS])
{
	struct md_eligibility_facts given;
	memset(&given, 0, sizeof given);
	int rc = cli_eligibility_answers(&given, md_values_get(opts, "answer"));
	for (size_t f = 0; !rc && f < MD_ELIGIBILITY_NFACTS; f++)
		answers[f] = md_eligibility_fact_kind(f) ==
						     MD_ELIGIBILITY_YESNO &&
					     given.known[f]
				     ? (enum md_eligibility_yn)given.value[f]
				     : MD_ELIGIBILITY_UNKNOWN;
	return rc;
}

/* household assess: the advice of 004 図4 with the answers given, and with
 * --decide the decision recorded. */
static int
household_assess(struct cli *cli, int argc, char **argv)
{
	static const char *const names[] = {"on", "answer+", "decide", "note",
					    NULL};
	struct md_values opts, faults;
	md_values_init(&opts);
	md_values_init(&faults);
	long long id = 0;
	int rc = options_and_id(cli, argc, argv, names, false, &opts,
				"世帯番号", &id);
	if (rc >= 0)
		goto out;
	rc = 0;
	char on[11] = "";
	struct md_household_decide_in in;
	memset(&in, 0, sizeof in);
	in.verdict = md_values_get(&opts, "decide");
	in.note = md_values_get(&opts, "note");
	if (in.note && !in.verdict) {
		rc = cli_usage_error("household",
				     "--note は --decide(判定)と一緒に指定してください\n");
		goto out;
	}
	if ((rc = on_arg(&opts, on)) || (rc = answers_arg(&opts, in.answers)) ||
	    (rc = cli_session(cli)) || (rc = cli_workflow(cli)) ||
	    (rc = cli_households(cli)))
		goto out;
	struct md_err err;
	struct md_household h;
	if (md_household_get(cli->db, &cli->user, cli->households, cli->wf, id,
			     *on ? on : NULL, false, &h, &err) != MD_OK ||
	    md_household_advise(cli->households, &h, in.answers, &err) !=
		    MD_OK) {
		if (h.id)
			md_household_fini(&h);
		rc = cli_fail(&err);
		goto out;
	}
	int revision = h.revision;
	if (in.verdict) {
		in.on = *on ? on : NULL;
		int now = 0;
		enum md_status st = md_household_decide(cli->db, &cli->user,
							cli->households, id,
							revision, &in, &now,
							&faults, &err);
		if (st != MD_OK) {
			md_household_fini(&h);
			rc = refused(st, &faults, &err, NULL);
			goto out;
		}
		md_household_fini(&h);
		/* The household as it stands after the decision. */
		if (md_household_get(cli->db, &cli->user, cli->households,
				     cli->wf, id, *on ? on : NULL, false, &h,
				     &err) != MD_OK) {
			rc = cli_fail(&err);
			goto out;
		}
	}
	print_eligibility(cli->households, &h);
	md_household_fini(&h);
	rc = CLI_EXIT_OK;
out:
	md_values_fini(&opts);
	md_values_fini(&faults);
	return rc < 0 ? CLI_EXIT_OK : rc;
}

static int
household_print(struct cli *cli, int argc, char **argv)
{
	static const char *const names[] = {"on",     "csv!",   "encoding",
					    "force!", "output", NULL};
	/* -o FILE as export takes it: given as --output here. */
	for (int k = 0; k < argc; k++)
		if (!strcmp(argv[k], "-o"))
			argv[k] = "--output";
	struct md_values opts;
	md_values_init(&opts);
	long long id = 0;
	int rc = options_and_id(cli, argc, argv, names, false, &opts,
				"世帯番号", &id);
	if (rc >= 0)
		goto out;
	rc = 0;
	const char *path = md_values_get(&opts, "output");
	bool csv = md_values_get(&opts, "csv") != NULL;
	struct md_err err;
	char on[11] = "";
	if ((rc = on_arg(&opts, on)))
		goto out;
	if (csv && !path) {
		rc = cli_usage_error("household",
				     "--csv には -o FILE を指定してください\n");
		goto out;
	}
	struct md_export_options o = {.force = md_values_get(&opts, "force") !=
					       NULL};
	const char *enc = md_values_get(&opts, "encoding");
	if ((rc = cli_session(cli)) || (rc = cli_workflow(cli)) ||
	    (rc = cli_households(cli)))
		goto out;
	o.encoding = cli->cfg.export_encoding;
	if (enc && !md_config_parse_encoding(enc, &o.encoding)) {
		rc = cli_usage_error("household",
				     "--encoding には utf8-bom、utf8、cp932 のどれかを指定してください\n");
		goto out;
	}
	if (csv) {
		if (md_household_print_csv(cli->db, &cli->user, cli->households,
					   cli->wf, id, *on ? on : NULL, path,
					   &o, &err) != MD_OK)
			rc = cli_fail(&err);
		else
			cli_printf("世帯票を %s に印刷しました\n", path);
		goto out;
	}
	struct md_buf b;
	md_buf_init(&b);
	if (md_household_print_text(cli->db, &cli->user, cli->households,
				    cli->wf, id, *on ? on : NULL, &b,
				    &err) != MD_OK) {
		rc = cli_fail(&err);
	} else {
		rc = cli_print_to(path, md_buf_str(&b), o.force, "世帯票");
	}
	md_buf_fini(&b);
out:
	md_values_fini(&opts);
	return rc < 0 ? CLI_EXIT_OK : rc;
}

int
cmd_household(struct cli *cli, int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(struct cli *, int, char **);
	} subs[] = {
		{"new", household_new},       {"add", household_add},
		{"show", household_show},     {"move", household_move},
		{"list", household_list},     {"history", household_history},
		{"set", household_set},       {"member", household_member},
		{"assess", household_assess}, {"print", household_print},
	};
	int i;
	int rc = cli_leading_options(cli, argc, argv, "household",
				     household_help(), &i);
	if (rc >= 0)
		return rc;
	if (i >= argc)
		return cli_usage_error("household",
				       "new、add、show、move、list、history、set、member、assess、print のどれかを指定してください\n");
	for (size_t k = 0; k < sizeof subs / sizeof *subs; k++)
		if (!strcmp(argv[i], subs[k].name))
			return subs[k].run(cli, argc - i, argv + i);
	return cli_usage_error("household",
			       "household の操作 %s はありません\n", argv[i]);
}
