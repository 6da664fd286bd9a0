/* The action table (ui.h) as the screens read it: each action's key, its
 * other key (a control key every terminal sends), who may use it, its
 * label and help; which action a key means on a screen; and reading the
 * other keys as the keys they stand for. */
#include "ui.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *key, *alt;
	unsigned who;
	const char *label, *help;
} keys[] = {
#define UI_KEYS_ROW(name, key, alt, who, label, help)                          \
	{key, alt, who, label, help},
	UI_ACTION_LIST(UI_KEYS_ROW)
#undef UI_KEYS_ROW
};

const char *
ui_action_key(enum ui_action a)
{
	return (unsigned)a < ACT_COUNT ? keys[a].key : "";
}

const char *
ui_action_label(enum ui_action a)
{
	return (unsigned)a < ACT_COUNT ? keys[a].label : "";
}

const char *
ui_action_help(enum ui_action a)
{
	return (unsigned)a < ACT_COUNT ? keys[a].help : "";
}

const char *
ui_action_alt(enum ui_action a)
{
	return (unsigned)a < ACT_COUNT ? keys[a].alt : "";
}

bool
ui_action_allowed(const struct ui *ui, enum ui_action a)
{
	if ((unsigned)a >= ACT_COUNT)
		return false;
	if (!keys[a].who)
		return true;
	return ui->logged_in && (keys[a].who & (1u << ui->user.role));
}

/* The curses code of a key named as in the table: F1…F12, Home, End. */
static int
fkey_code(const char *name, size_t len)
{
	if (name[0] == 'F' && len >= 2 && len <= 3 && name[1] >= '1' &&
	    name[1] <= '9' && (len == 2 || (name[2] >= '0' && name[2] <= '2')))
		return KEY_F(atoi(name + 1));
	if (len == 4 && !strncmp(name, "Home", 4))
		return KEY_HOME;
	if (len == 3 && !strncmp(name, "End", 3))
		return KEY_END;
	return 0;
}

/* The character a "Ctrl-X" name sends, or 0. */
static wint_t
ctrl_code(const char *name, size_t len)
{
	if (len != 6 || strncmp(name, "Ctrl-", 5))
		return 0;
	char c = name[5];
	if (c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	return (wint_t)(c & 0x1f);
}

/* Whether the key named name (len bytes: one of a column's names) is k. */
static bool
key_is(const char *name, size_t len, const struct ui_key *k)
{
	if (len == 5 && !strncmp(name, "Enter", 5))
		return k->fkey ? k->ch == KEY_ENTER
			       : k->ch == L'\n' || k->ch == L'\r';
	if (k->fkey)
		return fkey_code(name, len) == (int)k->ch;
	if (len == 3 && !strncmp(name, "Esc", 3))
		return k->ch == 27;
	if (len == 1)
		return k->ch == (wint_t)(unsigned char)name[0];
	return ctrl_code(name, len) == k->ch && k->ch;
}

/* The position of k among the names of a column (apart by spaces: "< >"),
 * or -1. */
static int
column_holds(const char *names, const struct ui_key *k)
{
	int i = 0;
	for (const char *p = names; *p; i++) {
		size_t len = strcspn(p, " ");
		if (len && key_is(p, len, k))
			return i;
		p += len;
		p += strspn(p, " ");
	}
	return -1;
}

/* A key typed as text where text is typed: a letter, a digit or a sign. */
static bool
printable(const struct ui_key *k)
{
	return !k->fkey && k->ch > 0x20 && k->ch != 0x7f;
}

enum ui_action
ui_key_action(const struct ui_key *k, const enum ui_action *actions)
{
	for (const enum ui_action *a = actions; a && *a != ACT_NONE; a++)
		if (ui_key_which(k, *a) >= 0)
			return *a;
	if (printable(k))
		return ACT_NONE;
	for (int a = 0; a < ACT_COUNT; a++)
		if (ui_key_which(k, (enum ui_action)a) >= 0)
			return (enum ui_action)a;
	return ACT_NONE;
}

int
ui_key_which(const struct ui_key *k, enum ui_action a)
{
	if ((unsigned)a >= ACT_COUNT)
		return -1;
	int i = column_holds(keys[a].key, k);
	return i >= 0 ? i : column_holds(keys[a].alt, k);
}

int
ui_key_yes_no(const struct ui_key *k)
{
	if (k->fkey)
		return -1;
	if (k->ch == L'y' || k->ch == L'Y')
		return 1;
	return k->ch == L'n' || k->ch == L'N' ? 0 : -1;
}

void
ui_key_alias(struct ui_key *k)
{
	if (k->fkey)
		return;
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		int code = fkey_code(keys[i].key, strlen(keys[i].key));
		const char *p = keys[i].alt;
		while (code && *p) {
			size_t len = strcspn(p, " ");
			wint_t c = ctrl_code(p, len);
			if (c && c == k->ch) {
				k->ch = (wint_t)code;
				k->fkey = true;
				return;
			}
			p += len;
			p += strspn(p, " ");
		}
	}
}
