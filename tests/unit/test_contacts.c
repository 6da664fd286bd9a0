/* Contacts (相談票), referrals and their follow-ups through the core API the
 * screens use (issue 17): values in, faults per field out, nothing stored on
 * a fault; 000 第3条(1), 001 第9条(1)・(5)イ. */
#include "helpers.h"

#include "madoguchi/agencies.h"
#include "madoguchi/contacts.h"
#include "madoguchi/diag.h"
#include "madoguchi/referrals.h"
#include "madoguchi/workflow.h"

static struct md_forms *forms;
static struct md_contact_defs *defs;

static int
setup(void **state)
{
	th_setup(state);
	struct th_env *env = *state;
	struct md_err err;
	struct md_diags diags;
	forms = th_forms("forms");
	md_diags_init(&diags);
	enum md_status rc = md_contact_defs_load(TOP_DIR "/forms/contacts.ini",
						 forms, &defs, &diags, &err);
	md_diags_fini(&diags);
	th_assert_ok(rc, &err);
	size_t added;
	th_assert_ok(md_agencies_import(env->db, NULL, NULL,
					th_write("a.csv",
						 "名称,種別,電話,住所,別名\n"
						 "ハローワーク(公共職業安定所),,03-1,,職安\n"),
					&added, &err),
		     &err);
	return 0;
}

static int
teardown(void **state)
{
	md_contact_defs_free(&defs);
	md_forms_free(&forms);
	return th_teardown(state);
}

/* The shipped definitions: the 相談内容 are the reception form's own. */
static void
shipped_lists_are_data__000_3_1(void **state)
{
	(void)state;
	const struct md_field *topics = md_form_field(md_forms_find(forms,
								    "reception"),
						      "topics");
	assert_non_null(defs->topics_field);
	assert_ptr_equal(defs->topics_field, topics);
	/* 第1号様式's options first, then the counter's own (004 §2(1)). */
	assert_int_equal(defs->topics.n, topics->noptions + 2);
	for (size_t i = 0; i < topics->noptions; i++)
		assert_string_equal(defs->topics.items[i], topics->options[i]);
	assert_int_equal(defs->channels.n, 6);
	assert_string_equal(defs->visit_kind, defs->kinds.items[1]);
}

/* A broken definition: every fault with file:line, nothing loaded. */
static void
broken_definitions_name_file_and_line(void **state)
{
	(void)state;
	struct md_err err;
	struct md_diags diags;
	struct md_contact_defs *d = NULL;
	md_diags_init(&diags);
	const char *path =
		th_write("contacts.ini",
			 "[contact]\n"
			 "channels = 来所||電話\n"
			 "kinds = 窓口相談\n"
			 "visit_kind = 訪問相談\n"
			 "topics = reception.nosuch\n"
			 "responses = 情報提供\n"
			 "referral_response = 情報提供\n"
			 "age_bands = 20代|20代\n"
			 "colour = 赤\n"
			 "[outreach]\nroutes = a\nmethods = b\nresults = c\n"
			 "[referral]\nmethods = d\nresults = e\n");
	assert_int_equal(md_contact_defs_load(path, forms, &d, &diags, &err),
			 MD_ERR_DEFINITION);
	assert_null(d);
	char all[4096] = "";
	for (size_t i = 0; i < diags.n; i++) {
		strncat(all, diags.msgs[i], sizeof all - strlen(all) - 2);
		strcat(all, "\n");
	}
	th_assert_contains(all,
			   "contacts.ini:2: channels: 空の選択肢があります");
	th_assert_contains(all,
			   "contacts.ini:4: visit_kind「訪問相談」は kinds の選択肢にありません");
	th_assert_contains(all,
			   "contacts.ini:5: topics: reception に選択の項目 nosuch はありません");
	th_assert_contains(all,
			   "contacts.ini:8: age_bands: 選択肢「20代」が 2 回あります");
	th_assert_contains(all,
			   "contacts.ini:9: [contact] に colour という項目はありません");
	md_diags_fini(&diags);
}

/* What a screen does: new, set values, save; a refusal gives each field its
 * fault and keeps what was typed; nothing is stored. */
static void
an_anonymous_contact_needs_a_description_not_a_name(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_contact c;
	struct md_values faults;
	md_values_init(&faults);
	th_assert_ok(md_contact_new(env->db, &env->admin, defs, &c, &err),
		     &err);
	assert_string_equal(md_values_get(&c.values, "date"), "2026-04-01");
	assert_string_equal(md_values_get(&c.values, "time"), "10:00");
	md_values_set(&c.values, "channel", "2", NULL); /* 電話, by number */
	md_values_set(&c.values, "response", "情報提供", NULL);
	md_values_set(&c.values, "date", "R8.4.2", NULL);
	assert_int_equal(md_contact_save(env->db, &env->admin, defs, &c,
					 &faults, &err),
			 MD_ERR_INVALID);
	assert_string_equal(md_values_get(&faults, "description"),
			    "匿名の相談には本人の特徴(短い説明)が必要です(氏名は要りません)");
	assert_string_equal(md_values_get(&faults, "age_band"),
			    "匿名の相談には推定の年代が必要です");
	assert_string_equal(md_values_get(&faults, "date"),
			    "日付: 2026-04-02 は今日より先です");
	assert_string_equal(md_values_get(&c.values, "date"), "R8.4.2");
	assert_int_equal(c.id, 0);
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM contacts"), 0);

	md_values_set(&c.values, "date", "R8.4.1", NULL);
	md_values_set(&c.values, "description", "声の若い女性", NULL);
	md_values_set(&c.values, "age_band", "20代", NULL);
	md_values_set(&c.values, "note", "家賃のことで電話", NULL);
	th_assert_ok(md_contact_save(env->db, &env->admin, defs, &c, &faults,
				     &err),
		     &err);
	assert_int_equal(c.id, 1);
	assert_int_equal(c.revision, 1);
	assert_string_equal(md_values_get(&c.values, "channel"), "電話");
	assert_string_equal(md_values_get(&c.values, "date"), "2026-04-01");

	/* A change is a new revision; nothing is overwritten. */
	md_values_set(&c.values, "note", "家賃のことで電話。社協を案内", NULL);
	th_assert_ok(md_contact_save(env->db, &env->admin, defs, &c, &faults,
				     &err),
		     &err);
	assert_int_equal(c.revision, 2);
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM contact_revisions"),
			 2);
	/* Saved from an old revision: a conflict, not an overwrite. */
	c.revision = 1;
	md_values_set(&c.values, "note", "古い画面から", NULL);
	assert_int_equal(md_contact_save(env->db, &env->admin, defs, &c,
					 &faults, &err),
			 MD_ERR_CONFLICT);

	struct md_contact_filter f = {.text = "ｼｬｷｮｳ"};
	f.text = "社協";
	struct md_contact_row *rows;
	size_t n;
	th_assert_ok(md_contact_list(env->db, &env->admin, &f, 0, &rows, &n,
				     &err),
		     &err);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].who, "匿名(声の若い女性、20代)");
	md_contact_rows_free(rows, n);

	struct md_count *counts;
	long long total;
	th_assert_ok(md_contact_count(env->db, &env->admin, defs, NULL,
				      MD_BY_CHANNEL, &counts, &n, &total, &err),
		     &err);
	assert_int_equal(total, 1);
	assert_string_equal(counts[1].label, "電話");
	assert_int_equal(counts[1].n, 1);
	md_counts_free(counts, n);
	md_contact_fini(&c);
	md_values_fini(&faults);
}

/* A walk-in referred on (anonymous, 来所, 他機関紹介・取次ぎ), saved by
 * actor with definitions d into *c (md_contact_fini). */
static void
walk_in(struct th_env *env, const struct md_user *actor,
	const struct md_contact_defs *d, struct md_contact *c)
{
	struct md_err err;
	struct md_values faults;
	md_values_init(&faults);
	th_assert_ok(md_contact_new(env->db, actor, d, c, &err), &err);
	md_values_set(&c->values, "channel", "来所", NULL);
	md_values_set(&c->values, "response", "他機関紹介・取次ぎ", NULL);
	md_values_set(&c->values, "description", "求職中の男性", NULL);
	md_values_set(&c->values, "age_band", "50代", NULL);
	th_assert_ok(md_contact_save(env->db, actor, d, c, &faults, &err),
		     &err);
	md_values_fini(&faults);
}

/* 001 第9条(5)イ: due until its result is recorded; once only. */
static void
a_referral_follow_up_is_due_until_recorded__001_9_5(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_contact c;
	struct md_values faults;
	md_values_init(&faults);
	walk_in(env, &env->admin, defs, &c);
	struct md_referral_in in = {.contact_id = c.id, .agency = "職安"};
	long long id;
	assert_int_equal(md_referral_add(env->db, &env->admin, defs, &in, &id,
					 &faults, &err),
			 MD_ERR_INVALID);
	assert_non_null(md_values_get(&faults, "method"));
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM referrals"), 0);
	in.method = "電話で取次ぎ";
	in.follow_up = "2026-04-08";
	th_assert_ok(md_referral_add(env->db, &env->admin, defs, &in, &id,
				     &faults, &err),
		     &err);
	struct md_referral r;
	th_assert_ok(md_referral_get(env->db, &env->admin, id, &r, &err), &err);
	assert_string_equal(r.agency, "ハローワーク(公共職業安定所)");
	assert_string_equal(r.phone, "03-1"); /* the catalogue's */
	md_referral_fini(&r);

	th_clock("2026-04-09 09:00:00");
	struct md_referral_due *d;
	size_t n;
	th_assert_ok(md_referral_due(env->db, &env->admin, 7, 0, &d, &n, &err),
		     &err);
	assert_int_equal(n, 1);
	assert_true(d[0].overdue);
	md_referral_dues_free(d, n);
	th_assert_ok(md_referral_follow_up(env->db, &env->admin, defs, id,
					   "つながった", "面談済み", NULL,
					   &faults, &err),
		     &err);
	th_assert_ok(md_referral_due(env->db, &env->admin, 7, 0, &d, &n, &err),
		     &err);
	assert_int_equal(n, 0);
	md_referral_dues_free(d, n);
	assert_int_equal(md_referral_follow_up(env->db, &env->admin, defs, id,
					       "つながった", NULL, NULL,
					       &faults, &err),
			 MD_ERR_INVALID);
	assert_non_null(md_values_get(&faults, "follow_up_on"));
	assert_int_equal(th_int(env->db,
				"SELECT count(*) FROM referral_revisions"),
			 2);
	md_contact_fini(&c);
	md_values_fini(&faults);
}

/* Issue 17: an administrator merges a 仮登録 agency into the catalogue's:
 * its name stays an alias of the one it went into (the name typed before
 * still finds it), and each referral that named it moves as a new revision
 * (the earlier one keeps the agency it named; nothing overwritten). */
static void
a_merged_agency_stays_an_alias_and_its_referrals_are_revised(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_values faults;
	md_values_init(&faults);
	struct md_user tanaka;
	th_user(env, "tanaka", MD_ROLE_CONSULTANT, &tanaka);
	struct md_agency_in in = {.name = "職業安定所みなと", .phone = "03-9"};
	long long aid;
	th_assert_ok(md_agency_add_provisional(env->db, &tanaka, NULL, &in,
					       &aid, &faults, &err),
		     &err);
	struct md_contact c;
	walk_in(env, &tanaka, defs, &c);
	struct md_referral_in r1 = {.contact_id = c.id,
				    .agency = "職業安定所みなと",
				    .method = "同行",
				    .desk = "2番窓口",
				    .follow_up = "2026-04-05"};
	long long rid;
	th_assert_ok(md_referral_add(env->db, &tanaka, defs, &r1, &rid, &faults,
				     &err),
		     &err);
	/* Another records the follow-up: the referral stays tanaka's. */
	th_assert_ok(md_referral_follow_up(env->db, &env->admin, defs, rid,
					   "つながった", NULL, NULL, &faults,
					   &err),
		     &err);

	th_assert_ok(md_agency_merge(env->db, &env->admin, "職業安定所みなと",
				     "ハローワーク(公共職業安定所)", &err),
		     &err);
	struct md_referral r;
	th_assert_ok(md_referral_get(env->db, &tanaka, rid, &r, &err), &err);
	assert_string_equal(r.agency, "ハローワーク(公共職業安定所)");
	assert_int_equal(r.revision, 3);
	assert_string_equal(r.desk, "2番窓口"); /* its own, kept */
	assert_string_equal(r.phone, "03-9");   /* as it was given */
	assert_string_equal(r.staff, "tanaka"); /* who referred, kept */
	md_referral_fini(&r);
	char sql[512];
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM referral_revisions WHERE referral_id = %lld"
		 " AND revision = 3 AND base_revision = 2 AND user_id = %lld"
		 " AND changed = '[\"agency_id\"]'"
		 " AND json_extract(data, '$.agency_id') = (SELECT id FROM"
		 " agencies WHERE name = 'ハローワーク(公共職業安定所)')",
		 rid, env->admin.id);
	assert_int_equal(th_int(env->db, sql), 1);
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM referral_revisions WHERE referral_id = %lld"
		 " AND revision = 1 AND json_extract(data, '$.agency_id') = '%lld'",
		 rid, aid);
	assert_int_equal(th_int(env->db, sql), 1);

	/* The merged name finds the agency it went into. */
	struct md_agency a;
	th_assert_ok(md_agency_find(env->db, "職業安定所みなと", &a, &err),
		     &err);
	assert_string_equal(a.name, "ハローワーク(公共職業安定所)");
	assert_string_equal(a.aliases, "職安|職業安定所みなと");
	md_agency_fini(&a);
	/* A 仮登録 of the old name is offered the agency it went into. */
	assert_int_equal(md_agency_add_provisional(env->db, &tanaka, NULL, &in,
						   NULL, &faults, &err),
			 MD_ERR_EXISTS);
	th_assert_contains(err.msg,
			   "「ハローワーク(公共職業安定所)」を使ってください");
	/* Merged once: merging it again is refused, naming where it went. */
	assert_int_equal(md_agency_merge(env->db, &env->admin,
					 "職業安定所みなと",
					 "ハローワーク(公共職業安定所)", &err),
			 MD_ERR_INVALID);
	th_assert_contains(err.msg,
			   "すでに「ハローワーク(公共職業安定所)」に統合されています");
	/* The merge is audited with the referrals it moved. */
	assert_int_equal(th_int(env->db, "SELECT count(*) FROM audit_log"
					 " WHERE action = 'agency_merge'"
					 " AND detail LIKE '%つなぎ 1 件%'"),
			 1);
	/* A catalogue that still lists the old name imports: it is known. */
	size_t added;
	th_assert_ok(md_agencies_import(env->db, &env->admin, NULL,
					th_write("b.csv",
						 "名称,別名\n"
						 "職業安定所みなと,みなと職安\n"),
					&added, &err),
		     &err);
	assert_int_equal(added, 0);
	th_assert_ok(md_agency_find(env->db, "みなと職安", &a, &err), &err);
	assert_string_equal(a.name, "ハローワーク(公共職業安定所)");
	md_agency_fini(&a);
	md_contact_fini(&c);
	md_user_fini(&tanaka);
	md_values_fini(&faults);
}

/* The 案内票 of a referral of a new anonymous contact (000 第3条(1)ア), as
 * text printed with defs d into out. */
static void
guide_text(struct th_env *env, const struct md_contact_defs *d,
	   struct md_buf *out)
{
	struct md_err err;
	struct md_values faults;
	md_values_init(&faults);
	struct md_contact c;
	walk_in(env, &env->admin, d, &c);
	struct md_referral_in in = {.contact_id = c.id,
				    .agency = "職安",
				    .method = "電話で取次ぎ",
				    .desk = "3番窓口",
				    .bring = "本人確認書類"};
	long long id;
	th_assert_ok(md_referral_add(env->db, &env->admin, d, &in, &id, &faults,
				     &err),
		     &err);
	th_assert_ok(md_referral_guide_text(env->db, &env->admin, d, id, out,
					    &err),
		     &err);
	md_contact_fini(&c);
	md_values_fini(&faults);
}

/* 000 第3条(1)ア: the 案内票's wording is the shipped contacts.ini's, to the
 * letter. */
static void
the_guide_slip_prints_the_shipped_wording__000_3_1a(void **state)
{
	struct md_buf b;
	md_buf_init(&b);
	guide_text(*state, defs, &b);
	assert_string_equal(md_buf_str(&b),
			    "案内票(次の相談先)\n"
			    "\n"
			    "匿名(求職中の男性) 様\n"
			    "\n"
			    "行き先: ハローワーク(公共職業安定所)\n"
			    "窓口: 3番窓口\n"
			    "担当者: \n"
			    "電話: 03-1\n"
			    "住所: \n"
			    "受付時間: \n"
			    "予約日時: 予約なし(受付時間内にお越しください)\n"
			    "持ち物: 本人確認書類\n"
			    "つなぎ方: 電話で取次ぎ\n"
			    "案内日: 令和8年4月1日\n"
			    "案内した職員: 管理 太郎\n"
			    "\n"
			    "ご不明な点は、案内した窓口までお問い合わせください。\n");
	md_buf_fini(&b);
}

/* The whole of file path (free), NUL-ended. */
static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *text = calloc(1, 1 << 16);
	size_t n = fread(text, 1, (1 << 16) - 1, f);
	fclose(f);
	text[n] = '\0';
	return text;
}

/* The shipped contacts.ini with its [guide] replaced by guide, loaded. */
static enum md_status
defs_with_guide(const char *guide, struct md_contact_defs **d,
		struct md_diags *diags, struct md_err *err)
{
	char *text = slurp(TOP_DIR "/forms/contacts.ini");
	char *at = strstr(text, "\n[guide]");
	assert_non_null(at);
	at[1] = '\0';
	char *all = calloc(1, strlen(text) + strlen(guide) + 1);
	strcat(strcat(all, text), guide);
	const char *path = th_write("contacts.ini", all);
	free(all);
	free(text);
	return md_contact_defs_load(path, forms, d, diags, err);
}

/* The 案内票's wording is the municipality's to change in contacts.ini: a
 * changed heading, label, honorific and sentence print as written, an
 * empty subtitle and closing print nothing (issue 17; 000 第3条(1)ア). */
static void
the_guide_slip_prints_a_changed_wording(void **state)
{
	struct th_env *env = *state;
	struct md_err err;
	struct md_diags diags;
	md_diags_init(&diags);
	struct md_contact_defs *d = NULL;
	th_assert_ok(defs_with_guide("[guide]\n"
				     "title = つなぎ先のご案内\n"
				     "subtitle =\n"
				     "honorific = さま\n"
				     "name = お名前\n"
				     "agency = 行くところ\n"
				     "desk = 窓口\n"
				     "person_in_charge = 担当の方\n"
				     "phone = 電話番号\n"
				     "address = 住所\n"
				     "hours = 受付の時間\n"
				     "appointment = 予約\n"
				     "no_appointment = 予約はしていません。窓口でこの紙を見せてください\n"
				     "bring = お持ちいただくもの\n"
				     "method = つなぎ方\n"
				     "referred_on = ご案内した日\n"
				     "staff = ご案内した職員\n"
				     "closing =\n",
				     &d, &diags, &err),
		     &err);
	struct md_buf b;
	md_buf_init(&b);
	guide_text(env, d, &b);
	const char *t = md_buf_str(&b);
	assert_true(
		!strncmp(t, "つなぎ先のご案内\n\n匿名(求職中の男性) さま\n\n",
			 strlen("つなぎ先のご案内\n\n匿名(求職中の男性) さま\n\n")));
	th_assert_contains(t, "\n行くところ: ハローワーク(公共職業安定所)\n");
	th_assert_contains(t,
			   "\n予約: 予約はしていません。窓口でこの紙を見せてください\n");
	th_assert_contains(t, "\nご案内した職員: 管理 太郎\n");
	assert_null(strstr(t, "案内票"));
	assert_null(strstr(t, "ご不明な点"));
	assert_int_equal(t[strlen(t) - 1], '\n');
	assert_int_not_equal(t[strlen(t) - 2], '\n'); /* no closing line */
	md_buf_fini(&b);

	struct md_export_options o = {.encoding = MD_CSV_UTF8};
	const char *csv = th_path("guide.csv");
	th_assert_ok(md_referral_guide_csv(env->db, &env->admin, d, 1, csv, &o,
					   &err),
		     &err);
	char *cells = slurp(csv);
	th_assert_contains(cells, "\"つなぎ先のご案内\",\"\"\r\n");
	th_assert_contains(cells, "\"お名前\",\"匿名(求職中の男性)\"\r\n");
	th_assert_contains(cells,
			   "\"予約\",\"予約はしていません。窓口でこの紙を見せてください\"");
	free(cells);
	md_contact_defs_free(&d);
	md_diags_fini(&diags);
}

/* A [guide] with a label left empty or a key left out: each fault with its
 * file:line, nothing loaded. */
static void
a_broken_guide_wording_names_file_and_line(void **state)
{
	(void)state;
	struct md_err err;
	struct md_diags diags;
	md_diags_init(&diags);
	struct md_contact_defs *d = NULL;
	assert_int_equal(defs_with_guide("[guide]\n"
					 "title = 案内票\n"
					 "subtitle =\n"
					 "honorific = 様\n"
					 "name = 氏名\n"
					 "agency =\n"
					 "desk = 窓口\n"
					 "person_in_charge = 担当者\n"
					 "phone = 電話\n"
					 "address = 住所\n"
					 "hours = 受付時間\n"
					 "appointment = 予約日時\n"
					 "no_appointment = 予約なし\n"
					 "bring = 持ち物\n"
					 "method = つなぎ方\n"
					 "referred_on = 案内日\n"
					 "closing =\n"
					 "footer = x\n",
					 &d, &diags, &err),
			 MD_ERR_DEFINITION);
	assert_null(d);
	char all[4096] = "";
	for (size_t i = 0; i < diags.n; i++) {
		strncat(all, diags.msgs[i], sizeof all - strlen(all) - 2);
		strcat(all, "\n");
	}
	/* The line of [guide]: after the shipped file's lines before it. */
	char *text = slurp(TOP_DIR "/forms/contacts.ini");
	int guide = 2;
	for (char *p = text; p < strstr(text, "\n[guide]"); p++)
		guide += *p == '\n';
	free(text);
	char want[256];
	snprintf(want, sizeof want,
		 "contacts.ini:%d: [guide] の agency が空です", guide + 5);
	th_assert_contains(all, want);
	snprintf(want, sizeof want,
		 "contacts.ini:%d: [guide] に staff(案内票の文言)がありません",
		 guide);
	th_assert_contains(all, want);
	snprintf(want, sizeof want,
		 "contacts.ini:%d: [guide] に footer という項目はありません",
		 guide + 17);
	th_assert_contains(all, want);
	md_diags_fini(&diags);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(shipped_lists_are_data__000_3_1,
						setup, teardown),
		cmocka_unit_test_setup_teardown(broken_definitions_name_file_and_line,
						setup, teardown),
		cmocka_unit_test_setup_teardown(an_anonymous_contact_needs_a_description_not_a_name,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_referral_follow_up_is_due_until_recorded__001_9_5,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_merged_agency_stays_an_alias_and_its_referrals_are_revised,
						setup, teardown),
		cmocka_unit_test_setup_teardown(the_guide_slip_prints_the_shipped_wording__000_3_1a,
						setup, teardown),
		cmocka_unit_test_setup_teardown(the_guide_slip_prints_a_changed_wording,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_broken_guide_wording_names_file_and_line,
						setup, teardown),
	};
	return cmocka_run_group_tests_name("contacts", tests, NULL, NULL);
}
