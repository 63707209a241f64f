/* test_vfs.c: the VFS that gathers a commit's log frames into one write (src/store/vfs.c):
 * another connection sees every commit as soon as it returns, small and large; checkpoints
 * and reopening keep everything; and a process that dies right after its commits returned
 * (no close, nothing synced: the log in the operating system's hands) leaves all of them. */
#include "testutil.h"

#include <sys/wait.h>

static char PATH[256];
static struct store *S;

static int setup(void **state)
{
	(void)state;
	struct zf_err err;
	S = test_db(PATH);
	assert_int_equal(
	    store_exec(S, "CREATE TABLE g(k INTEGER PRIMARY KEY, v BLOB NOT NULL)", &err), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	test_db_drop(S, PATH);
	return 0;
}

static int64_t count(struct store *s, const char *sql)
{
	int64_t n = -1;
	struct zf_err err;
	if (store_query_int(s, &err, &n, sql, "") < 0)
		fail_msg("%s: %s", sql, err.msg);
	return n;
}

/* Inserts rows [from, from + n) with values of size bytes in one transaction. */
static void insert(struct store *s, int from, int n, int size)
{
	struct zf_err err;
	assert_int_equal(store_begin(s, &err), 0);
	for (int i = from; i < from + n; i++)
		if (store_run(s, &err, "INSERT INTO g(k, v) VALUES (?, randomblob(?))", "ii",
			      (int64_t)i, (int64_t)size) < 0)
			fail_msg("insert %d: %s", i, err.msg);
	assert_int_equal(store_commit(s, &err), 0);
}

static void expect_ok(struct store *s)
{
	struct stmt *st;
	struct zf_err err;
	assert_non_null(st = store_prepare(s, "PRAGMA integrity_check", &err));
	assert_int_equal(stmt_step(st, &err), STORE_ROW);
	assert_string_equal(stmt_text(st, 0), "ok");
	stmt_reset(st);
}

/* Commits of one page, of a few, and of far more than one gathered write (120 KiB), each
 * seen at once by another connection; the writer commits as the server's writer does,
 * without syncing. */
static void test_commits_are_seen_at_once(void **state)
{
	(void)state;
	struct store *w, *r;
	struct zf_err err;
	assert_int_equal(store_open(PATH, &w, &err), 0);
	assert_int_equal(store_defer_sync(w, &err), 0);
	assert_int_equal(store_open(PATH, &r, &err), 0);
	int k = 0, sizes[] = {10, 3000, 4096, 100000, 20, 700000, 1, 5000};
	for (int round = 0; round < 40; round++) {
		int size = sizes[round % 8], n = 1 + round % 5;
		insert(w, k, n, size);
		k += n;
		assert_int_equal(count(r, "SELECT count(*) FROM g"), k);
		assert_int_equal(count(r, "SELECT max(k) FROM g"), k - 1);
	}
	/* a checkpoint copies what was gathered; the log starts over and goes on */
	assert_int_equal(store_checkpoint(w), 0);
	insert(w, k, 3, 4000);
	k += 3;
	assert_int_equal(count(r, "SELECT count(*) FROM g"), k);
	expect_ok(r);
	store_close(w);
	store_close(r);
	assert_int_equal(store_open(PATH, &r, &err), 0);
	assert_int_equal(count(r, "SELECT count(*) FROM g"), k);
	expect_ok(r);
	store_close(r);
}

/* A child commits and dies at once: every commit that returned is in the log. */
static void test_commits_survive_the_process(void **state)
{
	(void)state;
	int64_t before = count(S, "SELECT count(*) FROM g");
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct store *w;
		struct zf_err err;
		if (store_open(PATH, &w, &err) < 0 || store_defer_sync(w, &err) < 0)
			_exit(2);
		for (int i = 0; i < 300; i++)
			insert(w, 100000 + i * 3, 3, i % 7 == 0 ? 50000 : 200);
		_exit(0); /* no close, no checkpoint, no sync */
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(count(S, "SELECT count(*) FROM g"), before + 900);
	assert_int_equal(count(S, "SELECT count(*) FROM g WHERE k >= 100000"), 900);
	expect_ok(S);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_commits_are_seen_at_once),
	    cmocka_unit_test(test_commits_survive_the_process),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
