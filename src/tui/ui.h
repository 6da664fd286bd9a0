/* What the screens share: the application state, the screen stack, key
 * actions, drawing helpers and the text editor widget. */
#ifndef MADOGUCHI_TUI_UI_H
#define MADOGUCHI_TUI_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include <wchar.h>

#include "madoguchi/auth.h"
#include "madoguchi/config.h"
#include "madoguchi/contacts.h"
#include "madoguchi/db.h"
#include "madoguchi/forms.h"
#include "madoguchi/households.h"
#include "madoguchi/workflow.h"

struct md_household_defs;
struct md_meeting_defs;
struct md_count_defs;

/* Who may use an action (the key bar and F1 show it to them only): a
 * role mask of enum md_role bits, 0 for everyone. */
#define UI_ALL 0u
#define UI_ADMIN (1u << MD_ROLE_ADMIN)
#define UI_CHIEFS ((1u << MD_ROLE_CHIEF) | (1u << MD_ROLE_ADMIN))

/* Every action on a key, written once: the key bar, F1, the man page and
 * what each key does (ui_key_action) come from this table. Which screens
 * offer an action is in each screen's list of actions: a letter or sign
 * means the action of the current screen's list that holds it (a is 経過 on
 * the case screen, 登録 on the staff screen); a function key, control key,
 * Enter or Esc means its action on every screen. alt is the same action's
 * other keys: a control key or a letter that every terminal sends (a vt100
 * has no F4, F5, F6, F9, Home or End); "Ctrl-…" alternates of a function
 * key, Home or End work in every screen and dialog (ui_key_alias). A column
 * may name several keys apart by spaces: "< >" are before and after
 * (ui_key_which), "Ctrl-O h" two keys for one action. */
/* clang-format off */
#define UI_ACTION_LIST(X)                                                   \
	X(ACT_HELP, "F1", "Ctrl-K", UI_ALL, "ヘルプ", "この画面のキーと、手順の案内を表示する") \
	X(ACT_SAVE, "F2", "Ctrl-S", UI_ALL, "保存", "入力した様式を保存する")      \
	X(ACT_SEARCH, "F3", "/", UI_ALL, "検索", "支援ケース一覧で検索する")      \
	X(ACT_FIND, "F4", "Ctrl-F", UI_ALL, "経過検索", "支援経過(第3号様式)を言葉で検索する") \
	X(ACT_REFRESH, "F5", "Ctrl-R", UI_ALL, "再読込", "最新の内容を読み直す")  \
	X(ACT_HISTORY, "F6", "Ctrl-O h", UI_ALL, "履歴", "様式の版の一覧と、版の間の違いを見る。世帯の画面では、転出した世帯員(世帯の履歴)と現在の世帯員を切り替える。h は文字を入力する欄の外で使える") \
	X(ACT_PRINT, "F9", "Ctrl-P", UI_ALL, "印刷", "様式または一覧を、出力先フォルダに CSV で出力する") \
	X(ACT_BACK, "F10", "Esc Ctrl-C", UI_ALL, "戻る", "前の画面に戻る。ホームでは終了する") \
	X(ACT_NEW, "n", "", UI_ALL, "新規", "新しいケースを作る(同じ人がいないか先に確かめる)") \
	X(ACT_ENTRY, "a", "", UI_ALL, "経過", "支援経過(第3号様式)を 1 件追加する") \
	X(ACT_FOLLOWUP, "f", "", UI_ALL, "フォロー", "つなぎや終結のあとのフォローアップを記録する(終結したケースも再開せずに)") \
	X(ACT_OPEN, "Enter", "", UI_ALL, "開く", "選んだものを開く、手順を記録する、入力する") \
	X(ACT_EDITOR, "Ctrl-E", "", UI_ALL, "編集", "長い文章を $VISUAL か $EDITOR(なければ vi)で編集する。エディタはシェルを通さずに起動し、開いている間も画面のロックがかかる") \
	X(ACT_GOTO, "Ctrl-G", "", UI_ALL, "項目へ", "項目名の一部を入力して、その項目へ移る") \
	X(ACT_SORT, "s", "", UI_ALL, "並べ替え", "並べ方を切り替える(番号・ふりがな・受付日・予定日)") \
	X(ACT_FILTER, "f", "", UI_ALL, "絞込み", "手順・担当・期限超過・終結を含むかで絞り込む") \
	X(ACT_NEIGHBOUR, "< >", ", .", UI_ALL, "前後", "開いた一覧の順に、前(<)・次(>)のケースを開く") \
	X(ACT_REOPEN, "r", "", UI_CHIEFS, "再開", "終結したケースを、理由を入れて再開する(主任・管理者)") \
	X(ACT_CONTACT, "c", "", UI_ALL, "相談票", "相談票を記録する(来所・電話・訪問など。匿名でも。000 第3条(1))") \
	X(ACT_CONTACTS, "l", "", UI_ALL, "相談一覧", "相談票の一覧(新しい順、匿名も)。メモや本人の特徴で探す") \
	X(ACT_REFER, "t", "", UI_ALL, "つなぎ", "他機関へつなぐ(窓口・担当者・予約・フォローアップの日。案内票を印刷)") \
	X(ACT_HOUSEHOLD, "H", "", UI_ALL, "世帯", "ケースの本人の世帯を開く(世帯員の続柄・同居/別居・年齢・支援対象者・担当部局・ケース)。世帯がなければ、本人を最初の世帯員として作るかを聞く") \
	X(ACT_MEMBER_ADD, "a", "", UI_ALL, "追加", "世帯員を加える: 登録された人(氏名・ふりがなで探す)、新しく登録する人(同じ人が登録されていないか先に確かめる)、登録しない人(小学生(氏名不詳)など、説明と年齢)") \
	X(ACT_MEMBER_EDIT, "e", "", UI_ALL, "変更", "選んだ世帯員の続柄・同居/別居・支援対象者・障害者・生活困窮が主たる課題・担当部局・備考・転入日を変える") \
	X(ACT_MEMBER_MOVE, "m", "", UI_ALL, "転出記録", "選んだ世帯員の転出(日付・理由)と、ほかの世帯か新しい世帯へ移ることを記録する(確かめてから)") \
	X(ACT_HOUSEHOLD_EDIT, "i", "", UI_ALL, "課題・メモ", "世帯の課題・メモ・呼び名を変える") \
	X(ACT_ELIGIBILITY, "d", "", UI_ALL, "図4判定", "世帯の画面で、004 図4 の多機関協働の対象判定を開く(世帯員から数えたこと、質問への答え、当てはまる行・判定・理由)。その画面では、判定を記録する(助言と違ってもよい。確かめてから)") \
	X(ACT_HOUSEHOLD_CASES, "l", "", UI_ALL, "世帯のケース", "この世帯の世帯員のケースだけを支援ケース一覧に出す") \
	X(ACT_STAFF, "u", "", UI_ADMIN, "職員", "職員の一覧。登録・無効化・パスワードの再設定(管理者)") \
	X(ACT_USER_ADD, "a", "", UI_ADMIN, "登録", "職員を登録する(ユーザー名・氏名・役割・パスワード)") \
	X(ACT_USER_ACTIVE, "d", "", UI_ADMIN, "無効/有効", "選んだ職員を無効にする(無効なら有効に戻す)") \
	X(ACT_USER_PASSWD, "p", "", UI_ADMIN, "パスワード", "選んだ職員のパスワードを再設定する(一時停止も解く)") \
	X(ACT_MEETINGS, "m", "", UI_ALL, "会議", "会議の一覧(支援会議・支援調整会議など。新しい順)。会議を開き、n で新しい会議を記録する") \
	X(ACT_MEETING_NEW, "n", "", UI_ALL, "新規会議", "新しい会議を記録する(種類・根拠・日付・場所。保存すると出席者・検討した本人・役割分担を加えられる)") \
	X(ACT_DONE, "d", "", UI_ALL, "完了", "選んだ役割分担を完了にする。完了日を聞き、確かめてから記録する") \
	X(ACT_DISCLOSURES, "i", "", UI_ALL, "提供記録", "本人の提供記録(いつ・何を・誰に・どの根拠で提供したか)を見る。同意の撤回もここで") \
	X(ACT_WITHDRAW, "w", "", UI_ALL, "同意撤回", "本人の情報共有への同意の撤回を記録する。撤回日とメモを聞き、確かめてから記録する") \
	X(ACT_COUNTS, "K", "", UI_ALL, "件数", "件数の集計(検証会議・月次の報告の表を期間・事業所・職員ごとに。棒と CSV)") \
	X(ACT_COUNT_TABLE, "< >", ", .", UI_ALL, "表", "前(<)・次(>)の表へ(← → でも)") \
	X(ACT_COUNT_YEAR, "[ ]", "", UI_ALL, "年度", "前([)・次(])の年度(4月1日〜3月31日)を数える") \
	X(ACT_COUNT_PERIOD, "p", "", UI_ALL, "期間", "期間の初日と末日を入力して数える(和暦でも西暦でも。両端の日を含む)") \
	X(ACT_COUNT_OFFICE, "o", "", UI_ALL, "事業所", "ひとつの事業所の分だけ数える(全事業所にも戻せる)") \
	X(ACT_COUNT_STAFF, "s", "", UI_ALL, "職員", "ひとりの職員の分だけ数える(ユーザー名か氏名。空にすると全職員)") \
	X(ACT_COUNT_BY, "b", "", UI_ALL, "行", "項目を月ごと・事業所ごと・職員ごとの棒で見る(押すたびに替わる)") \
	X(ACT_COUNT_LINE, "l", "", UI_ALL, "段", "段のある表(004 §2(1) の窓口と電話など)で、棒にする段を替える") \
	X(ACT_FIRST, "Home", "Ctrl-T", UI_ALL, "先頭", "一覧の先頭、入力欄の行の始めへ") \
	X(ACT_LAST, "End", "Ctrl-D", UI_ALL, "末尾", "一覧の末尾、入力欄の行の終わりへ") \
	X(ACT_REDRAW, "Ctrl-L", "", UI_ALL, "再描画", "画面を描き直す")

enum ui_action {
#define UI_ACTION_ENUM(name, key, alt, who, label, help) name,
	UI_ACTION_LIST(UI_ACTION_ENUM)
#undef UI_ACTION_ENUM
	ACT_COUNT,
	ACT_NONE = -1
};
/* clang-format on */

struct ui;

const char *ui_action_key(enum ui_action a);
const char *ui_action_label(enum ui_action a);
const char *ui_action_help(enum ui_action a);
/* The action's other key (alt above), "" when none. */
const char *ui_action_alt(enum ui_action a);
/* Whether the user logged in may use the action (the table's who). */
bool ui_action_allowed(const struct ui *ui, enum ui_action a);

/* A key as read: a wide character or a curses key code. */
struct ui_key {
	wint_t ch;
	bool fkey; /* ch is a KEY_* code */
};

/* The action key k means on a screen whose actions are actions
 * (ACT_NONE-terminated; NULL where letters are text): a letter or sign
 * means the action of that list whose key or alt names it; a function
 * key, control key, Enter or Esc means its action on every screen (F1,
 * F2, …). ACT_NONE when the key means none (movement, text). */
enum ui_action ui_key_action(const struct ui_key *k,
			     const enum ui_action *actions);
/* Which of action a's keys k is: its position among the names of the key
 * or alt column that holds it ("< >": 0 before, 1 after), -1 when none. */
int ui_key_which(const struct ui_key *k, enum ui_action a);
/* A yes-or-no typed: 1 for y or Y, 0 for n or N, -1 for another key (the
 * answer of a question, a yes/no field). */
int ui_key_yes_no(const struct ui_key *k);
/* Make the control-key alternate of a function key, Home or End (the
 * table's "Ctrl-…" alt) into that key; other keys are left as they are.
 * ui_getkey does it to every key read. */
void ui_key_alias(struct ui_key *k);

/* What a handler asks for next. */
enum {
	UI_REDRAW = 1 << 0,
	UI_CLOSE = 1 << 1, /* pop this screen */
	UI_QUIT = 1 << 2
};

struct ui;
struct screen;

/* A screen: its state and what it does. Each screen file ends with one. */
struct screen_ops {
	const char *title;             /* where you are, in the title bar */
	const enum ui_action *actions; /* its keys, ACT_NONE-terminated */
	const char *guide; /* F1: what this screen is for (may be NULL) */
	void (*draw)(struct ui *ui, struct screen *s);
	unsigned (*key)(struct ui *ui, struct screen *s,
			const struct ui_key *k);
	void (*tick)(struct ui *ui,
		     struct screen *s); /* about 4 times a second */
	/* Asked before leaving (back, quit, idle switch of user): false keeps
	 * the screen open. May ask the person (unsaved changes). */
	bool (*leave)(struct ui *ui, struct screen *s);
	void (*close)(struct ui *ui, struct screen *s);
	/* Save what is typed as the user's draft now (idle lock, quit). */
	void (*keep)(struct ui *ui, struct screen *s);
	/* F1: what the current item is, in full (a form's field: its help
	 * whole); a new string, or NULL. May be NULL. */
	char *(*context)(struct ui *ui, struct screen *s);
	/* A list of cases: the case before (dir -1) or after (dir 1) case_id
	 * in its order, its selection moved onto it; 0 when there is none.
	 * The case screen opened from the list goes there (< and >). */
	long long (*neighbour)(struct ui *ui, struct screen *s,
			       long long case_id, int dir);
};

struct screen {
	const struct screen_ops *ops;
	void *state;
	struct screen *below;
};

/* The application: one per run. */
struct ui {
	struct md_config cfg;
	struct md_db *db;
	char *db_path;
	struct md_forms *forms;
	struct md_workflow *wf;
	struct md_contact_defs *contacts;     /* forms/contacts.ini */
	struct md_household_defs *households; /* forms/households.ini: consent,
						the household screen */
	struct md_meeting_defs *meetings;     /* forms/meetings.ini */
	struct md_count_defs *counts;         /* forms/counts.ini */
	struct md_user user;
	bool logged_in;
	struct screen *top;
	int rows, cols;
	char message[MD_ERR_MSG_MAX]; /* the message line */
	bool message_error;
	time_t last_key; /* monotonic seconds of the last key */
	bool quit;
	bool colors;
	bool switch_user;  /* another user logged in at the idle lock */
	struct lock *lock; /* the idle lock while it holds (lock.c): then
				ui_draw draws only the lock */
	bool interrupted;  /* a key stopped the last interruptible search */
};

/* Screens. Each constructor pushes its screen; false when it could not. */
bool login_open(struct ui *ui);
bool home_open(struct ui *ui);
bool caselist_open(struct ui *ui, const char *query);
bool case_open(struct ui *ui, long long case_id);
bool entries_open(struct ui *ui, const char *query);
bool form_open(struct ui *ui, long long case_id, const char *form_id, int seq,
	       const struct md_values *draft, const char *draft_field);
bool history_open(struct ui *ui, long long record_id,
		  const struct md_form *form);
/* The staff screen; for an administrator only (else a message). */
bool staff_open(struct ui *ui);
void help_show(struct ui *ui, struct screen *s);
/* The contact screen (相談票): contact id, or a new one (0). A draft the
 * user left for it is offered back first (restore, or throw away once
 * asked again). */
bool contact_open(struct ui *ui, long long id);
/* The same, the user's draft of it restored without asking (chosen at the
 * login). */
bool contact_restore(struct ui *ui, long long id);
struct md_contact_draft;
/* A contact draft as a list names it: the contact (or 新規), who (an
 * anonymous one's description) and when it was kept. A new string. */
char *ui_contact_draft_label(const struct md_contact_draft *d);
/* The contacts list (相談一覧). */
bool contacts_open(struct ui *ui);
/* The household screen (世帯) of household id, the selection on the member
 * who is person_id (0: the first). */
bool household_open(struct ui *ui, long long id, long long person_id);
/* The household of person_id (named name, for the questions): opened, or,
 * when they have none, offered to be made with them as its first member
 * (H on the case screen). */
void household_of_person(struct ui *ui, long long person_id, const char *name);
/* The case list limited to the cases of household id's current members
 * (この世帯のケース一覧). */
bool caselist_open_household(struct ui *ui, long long household_id);
/* The 多機関協働の対象判定 of household_id (004 図4): the advice, the
 * answers and the decision recorded; false (a message) when the
 * definitions have no [eligibility]. */
bool eligibility_open(struct ui *ui, long long household_id);
/* The dialogs that build a household (members.c), each asked again from
 * what was typed when the core refuses it, its message shown. a: add a
 * member to household_id; the member added (0: none), *person_id the
 * person moved here from their household instead (0: none). */
long long members_add(struct ui *ui, long long household_id,
		      long long *person_id);
/* e: change one field of member m (its relation, living, 支援対象者, 障害者,
 * 生活困窮が主たる課題, 担当部局, note or day moved in); true when changed. */
bool members_edit(struct ui *ui, const struct md_member *m);
/* m: member m moves out (a day as 和暦 or ISO, the reason, where to),
 * confirmed first; true when recorded. */
bool members_move(struct ui *ui, const struct md_member *m);
/* i: household h's 課題, note or 呼び名; true when changed. */
bool members_household_edit(struct ui *ui, const struct md_household *h);
/* A new household with person_id (named name) its first member, asked
 * first: its number, or 0. */
long long members_new_household(struct ui *ui, long long person_id,
				const char *name);
/* Refer a contact or a case (the other 0) to the exact next place: the
 * agency (仮登録 offered when the catalogue lacks it), its 窓口, 担当者,
 * phone, how it was handed over, the appointment, the follow-up day; then
 * the 案内票 offered for printing. Asked again as typed when refused. */
void ui_refer(struct ui *ui, long long contact_id, long long case_id);
/* Record the follow-up of referral id (the result and a note), about
 * naming it in the question; true when recorded (it leaves 今日の予定). */
bool ui_follow_up_referral(struct ui *ui, long long id, const char *about);
/* The contact a case came from on one line: its number, day and time (和暦),
 * channel and 相談内容. A new string. */
char *ui_contact_text(const struct md_contact *c);
struct md_referral;
/* A referral on one line of a list: the agency (仮登録 marked), 窓口,
 * the hand-over method and the appointment (a new string); *right, to be
 * drawn whole at the line's end, the follow-up due or the result (a new
 * string, or NULL when neither). */
char *ui_referral_text(const struct md_referral *f, char **right);
/* Enter on a referral: its follow-up recorded when one is due (true when
 * it was), else what became of it said on the message line. */
bool ui_open_referral(struct ui *ui, const struct md_referral *f);
/* F9 on a referral: its 案内票 as CSV in the output folder (md_path_output,
 * as every print), the full path said. */
void ui_print_guide(struct ui *ui, long long id);
/* The counts (件数の集計) of this fiscal year, every office and staff. */
bool counts_open(struct ui *ui);
/* The meetings list (会議一覧), newest first. */
bool meetings_open(struct ui *ui);
/* The meeting screen: meeting id, or a new one (0). */
bool meeting_open(struct ui *ui, long long id);
/* Mark 役割分担 task_id (what names it in the question) done: the day
 * asked (today filled in), then confirmed; asked again as typed when
 * refused. True when recorded (it leaves 今日の予定). */
bool ui_task_done(struct ui *ui, long long task_id, const char *what);
/* The 提供記録 of person_id (name for the title): every disclosure, and
 * consent withdrawn from there. */
bool disclosures_open(struct ui *ui, long long person_id, const char *name);
/* The new-case dialog (n on home and the case list); the case made is
 * opened. */
void newcase_run(struct ui *ui);

/* For a list's neighbour op: rows is an array of n rows of size bytes,
 * each with its case number (long long) at id_offset; the row after (dir
 * 1) or before (dir -1) the one of case_id (*sel first) whose case is
 * another, *sel moved onto it. Its case number, or 0 when none. */
long long ui_list_neighbour(const void *rows, size_t n, size_t size,
			    size_t id_offset, int *sel, long long case_id,
			    int dir);

/* Choose an office (md_offices_list) or none, labelled none and listed
 * first when none_first (else last), the cursor on current when it is one.
 * True when chosen: *name the office's name (a new string), NULL for none;
 * false when cancelled or the offices could not be read (said). */
bool ui_choose_office(struct ui *ui, const char *current, const char *none,
		      bool none_first, char **name);

/* The selection of a list of n rows after key k (↑↓ j k, PgUp PgDn by
 * page, Home End), kept within the list; sel when k moves nothing. */
int ui_list_move(const struct ui_key *k, int sel, size_t n, int page);

/* The stack. */
void ui_push(struct ui *ui, const struct screen_ops *ops, void *state);
/* Set the message line (printf-style); error marks it as a fault. */
void ui_message(struct ui *ui, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ui_error(struct ui *ui, const struct md_err *err);
/* A refusal on the message line: each fault (a Japanese message naming its
 * field) of faults, one line, or err's message when there is none. */
void ui_faults(struct ui *ui, const struct md_values *faults,
	       const struct md_err *err);
/* After a change a dialog asked for: false when it was made (rc MD_OK) or
 * refused for good; true, the refusal shown (ui_faults), when it can be put
 * right by what is typed (ui_may_retry), so that the dialog asks again
 * from it. */
bool ui_again(struct ui *ui, enum md_status rc, const struct md_values *faults,
	      const struct md_err *err);
/* Whether a refusal with status rc can be put right by what is typed or
 * passes by itself (a wrong value, the database in use, full, read-only,
 * an I/O error), so that a dialog asks again from what was typed. */
bool ui_may_retry(enum md_status rc);
/* Whether the terminal hung up or the program was told to end (SIGHUP,
 * SIGTERM); the first time, every screen keeps what is typed (drafts) and
 * ui->quit is set. Every wait for a key gives up then. */
bool ui_hung_up(struct ui *ui);
/* Where F9 prints a file named name: md_path_output (the export folder,
 * else the documents folder's madoguchi, made when missing), its full
 * path. Newly allocated; NULL (with the reason shown) when it cannot be. */
char *ui_export_path(struct ui *ui, const char *name);
/* The same for form form of case case_id (md_export_file_name). */
char *ui_export_form_path(struct ui *ui, long long case_id,
			  const struct md_form *form);

/*
 * Wait for a key, doing what waiting involves: ticks of the top screen,
 * the idle lock, resizing. Returns false when the program must quit. While
 * the lock holds there are no ticks and no second lock, and a resize comes
 * back as the key KEY_RESIZE, so that the lock's own dialogs draw again.
 */
bool ui_getkey(struct ui *ui, struct ui_key *k);

/* Whether the idle lock is due: logged in, not locked, and no key for the
 * idle time. */
bool ui_lock_due(const struct ui *ui);
/* Lock for want of keys: every screen keeps what is typed (drafts), then
 * ui_lock; the idle time counts again from its end. */
void ui_lock_idle(struct ui *ui);
/* A key was read seconds_ago by another program on the terminal (the
 * editor): it counts as a key for the idle lock. */
void ui_keys_seen(struct ui *ui, long seconds_ago);

/* Around a search as you type: on, a key pressed meanwhile stops it (the
 * search returns MD_ERR_INTERRUPTED and ui->interrupted is set); off again
 * after. */
void ui_interruptible(struct ui *ui, bool on);

/* Seconds from t (CLOCK_MONOTONIC) to now. */
double ui_since(const struct timespec *t);

/* Draw everything: title bar, the top screen, message line, key bar. */
void ui_draw(struct ui *ui);

/* ---- drawing ------------------------------------------------------------ */

/* Display width of a code point, with the configured ambiguous width; a
 * character a terminal would obey or not draw (control, bidi, zero-width)
 * counts the columns of its escape (md_visible_escape: "\u202e" is 6). */
int ui_wcwidth(const struct ui *ui, wchar_t c);
/* Display width of a UTF-8 string. */
int ui_width(const struct ui *ui, const char *s);
/* Draw one character at the cursor in the ui_wcwidth columns it counts:
 * a hidden one as its escape. Everything the screens draw of stored or
 * typed text goes through here. */
void ui_putc(const struct ui *ui, wchar_t c);
/* items (n of them) joined by MD_DISPLAY_JOINER, or none when there are
 * none: a new string (NULL when out of memory). */
char *ui_join(char *const *items, size_t n, const char *none);
/* Draw UTF-8 text at (y, x) in at most width columns; returns the columns
 * used. Text that does not fit is cut with 「…」 (md_display_fit: never
 * half a character or an escape, so that a name cut never reads as
 * another name). Control, bidi and zero-width characters are shown as
 * escapes (ui_putc). */
int ui_put(const struct ui *ui, int y, int x, const char *s, int width);
/* The same, padded with spaces to width. */
void ui_put_pad(const struct ui *ui, int y, int x, const char *s, int width);
/* Split UTF-8 text into lines of at most width columns with 禁則
 * (md_display_wrap, the one wrap of the program; "\n" breaks kept): a new
 * array of *n new strings (NULL and 0 when out of memory). */
char **ui_wrap(const struct ui *ui, const char *s, int width, size_t *n);
void ui_wrap_free(char **lines, size_t n);
/* Draw text wrapped (ui_wrap) in rows lines of width at (y, x), each padded;
 * when it has more lines, the last one drawn ends with 「…」. Returns the
 * lines the text has. */
int ui_put_lines(const struct ui *ui, int y, int x, const char *s, int width,
		 int rows);
/* Draw left, then right right after it, in width columns at (y, x): when
 * they do not fit, left is cut (with 「…」) so that right stays whole —
 * who is in charge at the end of a line about a case. */
void ui_put_ends(const struct ui *ui, int y, int x, const char *left,
		 const char *right, int width);
/* The key bar on row y: each action's key (reversed) and label, whole.
 * When they do not fit the width with a space between, without it; when
 * they still do not, F1 (which lists every key), the way back (F10) and as
 * many of the others as fit, in order. */
void ui_keybar(const struct ui *ui, int y, const enum ui_action *actions);

/* A column of a list: its heading and its values are drawn from it, so
 * that they line up. */
struct ui_column {
	const char *heading;
	int width;  /* columns at 80 (at least the heading's) */
	bool right; /* aligned right (numbers), the heading too */
	int grow;   /* its share of the columns a wider terminal adds */
};
#define UI_COLUMNS_MAX 12
/* Where each of n columns starts (xs, from 0) and how wide it is (ws) in
 * width columns: the widths, one space between, the rest shared out by
 * grow. */
void ui_columns_layout(const struct ui *ui, const struct ui_column *c, size_t n,
		       int width, int *xs, int *ws);
/* Draw one row of n cells (a heading row: the headings) at (y, x) in width
 * columns, each cut (with 「…」) to its column. */
void ui_put_columns(const struct ui *ui, int y, int x, int width,
		    const struct ui_column *c, size_t n,
		    const char *const *cells);
/* A horizontal rule with a title, across the screen. */
void ui_rule(const struct ui *ui, int y, const char *title);
/* The rows of a list when other rows of the screen go to the rest, and so
 * the rows a page key moves: at least 1, however small the window (a page
 * of fewer than none moved a selection past the end of its list). */
int ui_page(const struct ui *ui, int other);

/* ---- a screen of fields, then rows (相談票, 会議) ----------------------- */

struct editor;

/* Where key k moves the focus of a screen of n fields and rows from focus:
 * Tab and ↓ the next, Shift-Tab and ↑ the one before, PgUp PgDn by 8, kept
 * within n. True (and *to set) when k is such a key. */
bool ui_fields_move(const struct ui_key *k, int focus, int n, int *to);
/* The first of n items drawn in visible lines, from scroll, so that the
 * focus shows; on the rows after nfields fields, the rows after the focus
 * too as far as they fit (what was just recorded there). */
int ui_fields_scroll(int scroll, int focus, int n, int nfields, int visible);
/* A field's line at row y: label in label_w columns (reversed when
 * focus), then its value: ed when it is typed now (the cursor left in it),
 * else text drawn with attr; fault, when given, beside it in bold red, the
 * value then taking a third of the line. */
void ui_field_line(const struct ui *ui, int y, int label_w, const char *label,
		   bool focus, struct editor *ed, const char *text, int attr,
		   const char *fault);
/* A row below the fields at y: text, right drawn whole at its end (may be
 * NULL), reversed when focus. */
void ui_row_line(const struct ui *ui, int y, const char *text,
		 const char *right, bool focus);

/* ---- dialogs (modal, no transaction held while they wait) -------------- */

/* Ask yes/no; true for yes. y and n answer, Esc and F10 are no, and
 * Enter answers the button the cursor is on (←→ or Tab move it), which
 * starts on いいえ: the safe answer, so that an Enter pressed in haste does
 * nothing. Every question before a step that closes, sends back or records
 * an outcome, and before anything typed is thrown away, is one of these. */
bool ui_confirm(struct ui *ui, const char *question);
/* The same, the cursor starting on はい: for a question whose yes is the
 * safe answer (restore a draft rather than throw it away). */
bool ui_confirm_yes(struct ui *ui, const char *question);
/* Before typed text is thrown away, the second question: "次のものを破棄
 * します(戻せません)。<lost> よろしいですか", lost naming what goes (the form,
 * its fields), the cursor on いいえ. True to throw it away. */
bool ui_confirm_discard(struct ui *ui, const char *lost);
/* Choose among labels (with an optional marked set for several: marks
 * non-NULL). Returns the index, or -1 when cancelled. */
int ui_choose(struct ui *ui, const char *title, const char *const *labels,
	      size_t n, int current, bool *marks);
/* Ask for one line of text (secret: not echoed). Returns a new string, or
 * NULL when cancelled. */
/* Ask again from what was typed: the answer starts as *text (NULL: empty)
 * and replaces it; false (and *text NULL) when cancelled. For dialogs
 * that ask again after a refusal. */
bool ui_ask_again(struct ui *ui, const char *prompt, char **text);
char *ui_ask(struct ui *ui, const char *prompt, const char *initial,
	     bool secret);
/* Three-way question for leaving a changed form: 's'ave, 'd'iscard, or
 * 0 to stay. 'd' only once ui_confirm_discard(lost) has said yes. */
int ui_ask_leave(struct ui *ui, const char *lost);

/* Where a text edited in $EDITOR belongs: a field of actor's draft of
 * (case, form, seq) started from base_revision (drafts.h). */
struct ui_edit_origin {
	long long case_id;
	const char *form;
	int seq;
	int base_revision;
	const char *field;
};

/*
 * Edit text in $VISUAL or $EDITOR (else vi), its words split on blanks and
 * the file as the last argument, started without a shell in a process
 * group of its own that has the terminal; the screen suspended meanwhile.
 * The idle lock holds over it: keys the editor reads count (the terminal's
 * access time), and when it is due the editor is stopped, the lock shown,
 * and after the login the editor goes on. The file lies in a private
 * folder beside the database and is removed on every way out; what a crash
 * leaves there becomes a draft of origin's field at the owner's next login
 * (ui_recover_edits). Returns a new string, or NULL when nothing changed
 * or it failed (message set). SIGHUP or SIGTERM meanwhile end the editor
 * and take what it wrote without asking (ui_hung_up).
 */
char *ui_external_edit(struct ui *ui, const char *text,
		       const struct ui_edit_origin *origin);

/* After a login: what editors left for this user when the program ended
 * without them (a crash, another user taking over at the lock) becomes a
 * draft of its field, and the file goes. Editors still open are left
 * alone. Shows a fault in the message line. */
void ui_recover_edits(struct ui *ui);

/* The idle lock: hide the screen and ask for a password; returns when a
 * user has logged in again (the same or another), or the program must
 * end (ui_hung_up). Nothing but the lock is drawn meanwhile. */
void ui_lock(struct ui *ui);
/* Draw the lock screen (ui_draw does, while ui->lock is set). */
void lock_draw(struct ui *ui);

/* ---- the line and text editor widget ----------------------------------- */

struct editor {
	wchar_t *buf;
	size_t len, cap;
	size_t cur; /* cursor, in characters */
	bool multiline;
	int scroll; /* first visible column (single line) or line */
	int width;  /* the width it was last drawn in */
	bool fresh; /* just entered: the first character typed replaces
			     the text (one-line fields) */
};

void editor_init(struct editor *e, const char *text, bool multiline);
void editor_fini(struct editor *e);
void editor_set(struct editor *e, const char *text);
/* The text as UTF-8 (new string). */
char *editor_text(const struct editor *e);
/* Apply a key: true when the key was the editor's (moved or changed). */
bool editor_key(const struct ui *ui, struct editor *e, const struct ui_key *k,
		bool *changed);
/* Draw in a box of rows × width at (y, x); place the cursor when focus. */
void editor_draw(const struct ui *ui, struct editor *e, int y, int x, int rows,
		 int width, bool focus);

#endif
