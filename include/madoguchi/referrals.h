/* Referrals (つなぎ・取次ぎ) to an exact next place and their follow-ups
 * (000 第3条(1)ア; 001 第9条(5)イ, (9)エ; 004 §2(2)), the 案内票 printed
 * for the person, and the 仮登録 of agencies. */
#ifndef MADOGUCHI_REFERRALS_H
#define MADOGUCHI_REFERRALS_H

#include <stdbool.h>
#include <stddef.h>

#include "madoguchi/agencies.h"
#include "madoguchi/auth.h"
#include "madoguchi/contacts.h"
#include "madoguchi/db.h"
#include "madoguchi/export.h"
#include "madoguchi/values.h"

/* What a referral is made with, as typed. NULL and "" are empty. */
struct md_referral_in {
	long long contact_id; /* one of the two, or both */
	long long case_id;
	const char *agency; /* name, 別名 or its start (md_agency_find) */
	const char *desk;   /* 窓口; default the agency's */
	const char *person_in_charge;
	const char *phone;  /* default the agency's */
	const char *method; /* how it was handed over: one of handovers */
	const char *
		date; /* the day of the referral; default the contact's, else today */
	const char *appointment_date, *appointment_time;
	const char *bring; /* 持ち物 */
	const char *note;
	const char *follow_up; /* the day to check it went on */
};

/*
 * Record a referral in one transaction: an agency of the catalogue (a
 * 仮登録 one too) and a hand-over method of the list are required; an
 * appointment is never before the contact (its day and time) nor before
 * the referral; a follow-up day never before the referral. Faults (code →
 * Japanese message naming the field: "agency", "method", "date",
 * "appointment_date", "appointment_time", "follow_up_on", "phone", "contact",
 * "case") and nothing stored on any. Audited (MD_AUDIT_REFER).
 */
enum md_status md_referral_add(struct md_db *db, const struct md_user *actor,
			       const struct md_contact_defs *defs,
			       const struct md_referral_in *in, long long *id,
			       struct md_values *faults, struct md_err *err);

/* A referral as it stands. */
struct md_referral {
	long long id;
	int revision;
	long long contact_id, case_id, agency_id;
	long long user_id; /* who recorded it (its staff) */
	char *agency, *agency_kind, *agency_address, *agency_hours;
	bool agency_provisional;
	char *desk, *person_in_charge, *phone, *method;
	char *referred_on, *appointment_on, *appointment_time; /* "" none */
	char *bring, *note;
	char *follow_up_on;                     /* "" when none is due */
	char *result, *result_note, *result_on; /* "" until recorded */
	char *who; /* the person's 氏名, or the anonymous description */
	char *staff;
};

void md_referral_fini(struct md_referral *r);
void md_referrals_free(struct md_referral *r, size_t n);

/* Referral id; audited as a view. */
enum md_status md_referral_get(struct md_db *db, const struct md_user *actor,
			       long long id, struct md_referral *out,
			       struct md_err *err);

/* The referrals of a contact, or of a case (the other 0), oldest first
 * (no audit: read with what they belong to). */
enum md_status md_referrals_of(struct md_db *db, long long contact_id,
			       long long case_id, struct md_referral **out,
			       size_t *n, struct md_err *err);

/*
 * Record the follow-up of referral id (001 第9条(5)イ・(9)エ): result one of
 * the definitions' results, a note, the day (typed; default today; never
 * before the referral nor in the future). Clears the follow-up due, on an
 * open or a closed case alike, and reopens nothing. A referral with no
 * follow-up due is refused ("follow_up_on"). Faults by code; a new revision;
 * audited (MD_AUDIT_FOLLOW_UP).
 */
enum md_status md_referral_follow_up(struct md_db *db,
				     const struct md_user *actor,
				     const struct md_contact_defs *defs,
				     long long id, const char *result,
				     const char *note, const char *date,
				     struct md_values *faults,
				     struct md_err *err);

/* A referral whose follow-up is due, as 今日の予定 and `due` list it. */
struct md_referral_due {
	long long referral_id, contact_id, case_id;
	char *who; /* 氏名, or the anonymous description */
	char *agency;
	char *staff;
	char *due_on; /* ISO day */
	bool overdue;
};

void md_referral_dues_free(struct md_referral_due *d, size_t n);

/* The referrals whose follow-up is due within days from today, or
 * overdue, soonest first, at most limit (0: all), read through the index
 * of the day; on open, closed or no case alike. Audited as a view of the
 * list. */
enum md_status md_referral_due(struct md_db *db, const struct md_user *actor,
			       int days, int limit,
			       struct md_referral_due **out, size_t *n,
			       struct md_err *err);

/* ---- 案内票: where to go next, for the person ---- */

/* A row of the 案内票 (label, value), each a line of the print: 行き先,
 * 窓口, 担当者, 電話, 住所, 受付時間, 予約日時, 持ち物, つなぎ方, 案内日,
 * 案内した職員 as the shipped [guide] labels them (label borrowed from the
 * definitions). md_guide_free frees the values and the array. */
struct md_guide_row {
	const char *label;
	char *value;
};
void md_guide_free(struct md_guide_row *rows, size_t n);

/* The 案内票 of referral id as text (PDF-ready: the heading, the person,
 * one "label: value" line each and a closing sentence, UTF-8, its wording
 * defs' [guide]) appended to out. Audited as an export. */
enum md_status md_referral_guide_text(struct md_db *db,
				      const struct md_user *actor,
				      const struct md_contact_defs *defs,
				      long long id, struct md_buf *out,
				      struct md_err *err);

/* The 案内票 as CSV at path (the title row, the person, then label, value
 * per row, worded by defs' [guide]; encoding as opts; each cell made inert
 * for spreadsheets as every print is: md_export_cell). Audited as an
 * export before the file is put in place. */
enum md_status md_referral_guide_csv(struct md_db *db,
				     const struct md_user *actor,
				     const struct md_contact_defs *defs,
				     long long id, const char *path,
				     const struct md_export_options *opts,
				     struct md_err *err);

#endif
