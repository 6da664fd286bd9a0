/* The demo generator's word tables: names, kana, towns, staff, the themes
 * of cases and the sentences of notes, the agencies by theme. Data only:
 * what the generator draws from (the drawing is in demo.c). */
#ifndef MADOGUCHI_DEMO_WORDS_H
#define MADOGUCHI_DEMO_WORDS_H

#include "madoguchi/auth.h"

struct family_name {
	const char *kanji, *kana;
	const char *variants[3]; /* the same name in 異体字, same kana */
};

/* Generations a given name fits: born before 1946, 1946–75, 1976–95, after. */
enum {
	G1 = 1,
	G2 = 2,
	G3 = 4,
	G4 = 8
};

struct given_name {
	const char *kanji, *kana;
	char sex; /* 'M' or 'F' */
	unsigned char gens;
};

/* Towns of 港区 with their postal codes. */
struct town {
	const char *name, *postal;
	int chome; /* how many 丁目 (0: none) */
};

/* The staff: about 40 accounts with their role and years of service;
 * those who left are disabled (accounts are never deleted). */
struct staff {
	const char *login, *name;
	enum md_role role;
	int since, until;
};

/* How many members of staff there are. */
#define NSTAFF ((int)(sizeof staff_table / sizeof staff_table[0]))

/* What a case is mostly about: it colours every form and note. */
enum theme {
	TH_HOUSING,
	TH_WORK,
	TH_DEBT,
	TH_HEALTH,
	TH_FAMILY,
	TH_ELDER,
	TH_FOOD,
	TH_COUNT
};

/* The themes a sentence fits, as bits (TB_ALL: any). */
#define TB(t) (1u << (t))
#define TB_ALL 0x7Fu

/*
 * Sentences of notes and forms. In the text: {S} the person's family name
 * with さん, {F} a family member, {N} a small number, {M} a monthly amount
 * in 万円, {B} a debt in 万円, {Y} cash in hand in 円, {D} a date soon after,
 * {T} a time, {A} a place or agency, {J} a kind of job.
 */
struct sentence {
	unsigned themes;
	const char *text;
};

/* One row of a plan's goals: 課題, 短期目標, 支援内容, 担当, 期間. */
struct goal {
	const char *issue, *short_goal, *support, *in_charge, *period;
};

/* The tables (words.c, each with what it holds). A table's size is
 * written here so that the generator can count it; the compiler refuses a
 * table whose size differs. */
extern const struct family_name family_names[114];
extern const struct given_name given_names[146];
extern const struct town towns[27];
extern const char *const buildings[11];
extern const struct staff staff_table[41];
extern const char *const halfwidth_kana[84];
extern const int era_births[8][3];
extern const struct sentence situations[48];
extern const struct sentence actions[32];
extern const struct sentence moods[10];
extern const struct sentence closings[6];
extern const char *const next_actions[9];
extern const char *const openers[10][5];
extern const char *const place_names[12];
extern const char *const jobs[12];
extern const char *const relatives[11];
extern const char *const complaints[TH_COUNT][3];
extern const char *const summaries[TH_COUNT][2];
extern const char *const person_wishes[TH_COUNT];
extern const char *const goals_long[TH_COUNT];
extern const char *const policies[TH_COUNT];
extern const struct goal goal_rows[TH_COUNT][2];
extern const char *const own_actions_text[6];
extern const char *const remainings[6];
extern const char *const supporter_views[4];
extern const char *const meeting_reasons[3];
extern const char *const decision_reasons[3];
extern const char *const change_reasons[3];
extern const char *const track_reasons[4];
extern const char *const strengths_text[6];
extern const char *const illnesses[5];
extern const char *const theme_topics[TH_COUNT][3];
extern const char *const theme_issues[TH_COUNT][3];
extern const char *const agencies_by_theme[TH_COUNT][3];
extern const char *const short_texts[7];

#endif
