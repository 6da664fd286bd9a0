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
#include "madoguchi/db.h"
#include "madoguchi/forms.h"
#include "madoguchi/workflow.h"

/* Who may use an action (the key bar and F1 show it to them only): a
 * role mask of enum md_role bits, 0 for everyone. */
#define UI_ALL 0u
#define UI_ADMIN (1u << MD_ROLE_ADMIN)
#define UI_CHIEFS ((1u << MD_ROLE_CHIEF) | (1u << MD_ROLE_ADMIN))

/* Every action on a key, written once: the key bar, F1 and the man page
 * come from this table. Which screens offer an action is in each screen's
 * list of actions. alt is the same action's other key: a control key or a
 * letter that every terminal sends (a vt100 has no F4, F5, F6, F9, Home or
 * End); "Ctrl-…" alternates of a function key, Home or End work in every
 * screen and dialog (ui_key_alias). */
#define UI_ACTION_LIST(X)                                                   \
	X(ACT_HELP, "F1", "Ctrl-K", UI_ALL, "ヘルプ", "この画面のキーと、手順の案内を表示する") \
	X(ACT_SAVE, "F2", "Ctrl-S", UI_ALL, "保存", "入力した様式を保存する")      \
	X(ACT_SEARCH, "F3", "/", UI_ALL, "検索", "支援ケース一覧で検索する")      \
	X(ACT_FIND, "F4", "Ctrl-F", UI_ALL, "経過検索", "支援経過(第3号様式)を言葉で検索する") \
	X(ACT_REFRESH, "F5", "Ctrl-R", UI_ALL, "再読込", "最新の内容を読み直す")  \
	X(ACT_HISTORY, "F6", "Ctrl-O", UI_ALL, "履歴", "様式の版の一覧と、版の間の違いを見る(ケース画面では h でも)") \
	X(ACT_PRINT, "F9", "Ctrl-P", UI_ALL, "印刷", "様式または一覧を、出力先フォルダに CSV で出力する") \
	X(ACT_BACK, "F10", "Esc", UI_ALL, "戻る", "前の画面に戻る。ホームでは終了する") \
	X(ACT_NEW, "n", "", UI_ALL, "新規", "新しいケースを作る(同じ人がいないか先に確かめる)") \
	X(ACT_ENTRY, "a", "", UI_ALL, "経過", "支援経過(第3号様式)を 1 件追加する") \
	X(ACT_OPEN, "Enter", "", UI_ALL, "開く", "選んだものを開く、手順を記録する、入力する") \
	X(ACT_EDITOR, "Ctrl-E", "", UI_ALL, "編集", "長い文章を $EDITOR(なければ vi)で編集する") \
	X(ACT_GOTO, "Ctrl-G", "", UI_ALL, "項目へ", "項目名の一部を入力して、その項目へ移る") \
	X(ACT_SORT, "s", "", UI_ALL, "並べ替え", "並べ方を切り替える(番号・ふりがな・受付日・予定日)") \
	X(ACT_FILTER, "f", "", UI_ALL, "絞込み", "手順・担当・期限超過・終結を含むかで絞り込む") \
	X(ACT_NEIGHBOUR, "< >", ", .", UI_ALL, "前後", "開いた一覧の順に、前(<)・次(>)のケースを開く") \
	X(ACT_REOPEN, "r", "", UI_CHIEFS, "再開", "終結したケースを、理由を入れて再開する(主任・管理者)") \
	X(ACT_STAFF, "u", "", UI_ADMIN, "職員", "職員の一覧。登録・無効化・パスワードの再設定(管理者)") \
	X(ACT_USER_ADD, "a", "", UI_ADMIN, "登録", "職員を登録する(ユーザー名・氏名・役割・パスワード)") \
	X(ACT_USER_ACTIVE, "d", "", UI_ADMIN, "無効/有効", "選んだ職員を無効にする(無効なら有効に戻す)") \
	X(ACT_USER_PASSWD, "p", "", UI_ADMIN, "パスワード", "選んだ職員のパスワードを再設定する(一時停止も解く)") \
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

/* The action a key means in every screen (F1, F2, …), or ACT_NONE. */
enum ui_action ui_key_action(const struct ui_key *k);
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
	const char *title;        /* where you are, in the title bar */
	const enum ui_action *actions; /* its keys, ACT_NONE-terminated */
	const char *guide;        /* F1: what this screen is for (may be NULL) */
	void (*draw)(struct ui *ui, struct screen *s);
	unsigned (*key)(struct ui *ui, struct screen *s, const struct ui_key *k);
	void (*tick)(struct ui *ui, struct screen *s); /* about 4 times a second */
	/* Asked before leaving (back, quit, idle switch of user): false keeps
	 * the screen open. May ask the person (unsaved changes). */
	bool (*leave)(struct ui *ui, struct screen *s);
	void (*close)(struct ui *ui, struct screen *s);
	/* Save what is typed as the user's draft now (idle lock, quit). */
	void (*keep)(struct ui *ui, struct screen *s);
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
	struct md_user user;
	bool logged_in;
	struct screen *top;
	int rows, cols;
	char message[MD_ERR_MSG_MAX]; /* the message line */
	bool message_error;
	time_t last_key;     /* monotonic seconds of the last key */
	bool quit;
	bool colors;
	bool switch_user;    /* another user logged in at the idle lock */
	bool interrupted;    /* a key stopped the last interruptible search */
};

/* Screens. Each constructor pushes its screen; false when it could not. */
bool login_open(struct ui *ui);
bool home_open(struct ui *ui);
bool caselist_open(struct ui *ui, const char *query);
bool case_open(struct ui *ui, long long case_id);
bool entries_open(struct ui *ui, const char *query);
bool form_open(struct ui *ui, long long case_id, const char *form_id, int seq,
	       const struct md_values *draft, const char *draft_field);
bool history_open(struct ui *ui, long long record_id, const struct md_form *form);
/* The staff screen; for an administrator only (else a message). */
bool staff_open(struct ui *ui);
void help_show(struct ui *ui, const struct screen *s);
/* The new-case dialog; *case_id gets the case to open (0: none). */
void newcase_run(struct ui *ui, long long *case_id);

/* For a list's neighbour op: rows is an array of n rows of size bytes,
 * each with its case number (long long) at id_offset; the row after (dir
 * 1) or before (dir -1) the one of case_id (*sel first) whose case is
 * another, *sel moved onto it. Its case number, or 0 when none. */
long long ui_list_neighbour(const void *rows, size_t n, size_t size,
			    size_t id_offset, int *sel, long long case_id,
			    int dir);

/* The stack. */
void ui_push(struct ui *ui, const struct screen_ops *ops, void *state);
/* Set the message line (printf-style); error marks it as a fault. */
void ui_message(struct ui *ui, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ui_error(struct ui *ui, const struct md_err *err);
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
 * the idle lock, resizing. Returns false when the program must quit.
 */
bool ui_getkey(struct ui *ui, struct ui_key *k);

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
/* Draw UTF-8 text at (y, x), cut to at most width columns (never half a
 * double-width character or an escape); returns the columns used. Control,
 * bidi and zero-width characters are shown as escapes (ui_putc). */
int ui_put(const struct ui *ui, int y, int x, const char *s, int width);
/* The same, padded with spaces to width. */
void ui_put_pad(const struct ui *ui, int y, int x, const char *s, int width);
/* Split UTF-8 text into lines of at most width columns (wrapping at
 * characters, keeping "\n" breaks): a new array of *n new strings. */
char **ui_wrap(const struct ui *ui, const char *s, int width, size_t *n);
void ui_wrap_free(char **lines, size_t n);
/* A horizontal rule with a title, across the screen. */
void ui_rule(const struct ui *ui, int y, const char *title);

/* ---- dialogs (modal, no transaction held while they wait) -------------- */

/* Ask yes/no; true for yes. */
bool ui_confirm(struct ui *ui, const char *question);
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
 * 0 to stay. */
int ui_ask_leave(struct ui *ui);

/* Edit text in $EDITOR (else vi) with the screen suspended; returns a new
 * string, or NULL when nothing changed or it failed (message set). */
char *ui_external_edit(struct ui *ui, const char *text);

/* The idle lock: hide the screen and ask for a password; returns when a
 * user has logged in again (the same or another). */
void ui_lock(struct ui *ui);

/* ---- the line and text editor widget ----------------------------------- */

struct editor {
	wchar_t *buf;
	size_t len, cap;
	size_t cur;       /* cursor, in characters */
	bool multiline;
	int scroll;       /* first visible column (single line) or line */
	int width;        /* the width it was last drawn in */
	bool fresh;       /* just entered: the first character typed replaces
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
