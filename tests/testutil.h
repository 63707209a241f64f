/* testutil.h: what the cmocka tests share: a fresh database in a temporary file. */
#ifndef ZF_TESTS_TESTUTIL_H
#define ZF_TESTS_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/actor.h"
#include "store/store.h"

/* Creates a fresh, migrated database in a new temporary directory; path_out (256 bytes)
 * receives its path. */
static inline struct store *test_db(char *path_out)
{
	char dir[] = "/tmp/zftest.XXXXXX";
	struct store *s = NULL;
	struct zf_err err;
	assert_non_null(mkdtemp(dir));
	snprintf(path_out, 256, "%s/zf.db", dir);
	if (store_open(path_out, &s, &err) < 0)
		fail_msg("store_open: %s", err.msg);
	return s;
}

/* Closes the database and removes its files and directory. */
static inline void test_db_drop(struct store *s, const char *path)
{
	char p[300];
	store_close(s);
	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
	snprintf(p, sizeof p, "%s", path);
	char *slash = strrchr(p, '/');
	if (slash) {
		*slash = '\0';
		rmdir(p);
	}
}

static inline struct actor test_actor(const char *name)
{
	struct actor a;
	memset(&a, 0, sizeof a);
	snprintf(a.username, sizeof a.username, "%s", name);
	snprintf(a.addr, sizeof a.addr, "127.0.0.1");
	return a;
}

#endif
