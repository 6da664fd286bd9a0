/* The action table (ui.h) as the screens read it: each action's key, its
 * other key (a control key every terminal sends), who may use it, its
 * label and help; and reading the other keys as the keys they stand for. */
#include "ui.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *key, *alt;
	unsigned who;
	const char *label, *help;
} keys[] = {
#define UI_KEYS_ROW(name, key, alt, who, label, help) {key, alt, who, label, help},
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
fkey_code(const char *name)
{
	if (name[0] == 'F' && name[1] >= '1' && name[1] <= '9')
		return KEY_F(atoi(name + 1));
	if (!strcmp(name, "Home"))
		return KEY_HOME;
	if (!strcmp(name, "End"))
		return KEY_END;
	return 0;
}

/* The character a "Ctrl-X" name sends, or 0. */
static wint_t
ctrl_code(const char *name)
{
	if (strncmp(name, "Ctrl-", 5) || !name[5] || name[6])
		return 0;
	char c = name[5];
	if (c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	return (wint_t)(c & 0x1f);
}

void
ui_key_alias(struct ui_key *k)
{
	if (k->fkey)
		return;
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		int code = fkey_code(keys[i].key);
		if (code && ctrl_code(keys[i].alt) == k->ch) {
			k->ch = (wint_t)code;
			k->fkey = true;
			return;
		}
	}
}
