/* The test hooks of hooks.h: compiled only into a test build. */
#include "madoguchi/hooks.h"

#ifdef MD_TEST_HOOKS

#include <stdlib.h>

static const char *const hook_names[] = {
#define HOOK_NAME(name, doc) "MADOGUCHI_" #name,
	MD_TEST_HOOK_LIST(HOOK_NAME)
#undef HOOK_NAME
};

const char *
md_test_hook(enum md_test_hook hook)
{
	if ((unsigned)hook >= MD_HOOK_COUNT)
		return NULL;
	const char *v = getenv(hook_names[hook]);
	return v && *v ? v : NULL;
}

#else

/* A release build has no hooks; ISO C wants a declaration in every file. */
typedef int md_hooks_none;

#endif
