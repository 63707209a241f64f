/* test_store.c: the statement API, transactions, migrations, backup. */
#include "testutil.h"
#include "store/migrations.h"

static void test_migrations_applied_once(void **state)
{
	char path[256];
	struct store *s = test_db(path);
	int v = store_schema_version(s);
	assert_true(v >= 1);
	store_close(s);
	struct zf_err err;
	assert_int_equal(store_open(path, &s, &err), 0);
	assert_int_equal(store_schema_version(s), v);
	int64_t n = 0;
	assert_int_equal(store_query_int(s, &err, &n, "SELECT count(*) FROM schema_migrations", ""),
			 0);
	assert_int_equal(n, store_migrations_count);
	assert_int_equal(v, store_migrations[store_migrations_count - 1].version);
	test_db_drop(s, path);
}

/* A migration numbered below one already applied (merged later) is applied, not skipped. */
static void test_lower_migration_applied_late(void **state)
{
	char dir[] = "/tmp/zftest.XXXXXX", path[256];
	struct store *s;
	struct zf_err err;
	int64_t n = 0;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/zf.db", dir);
	assert_int_equal(store_open_plain(path, &s, &err), 0);
	assert_int_equal(store_exec(s,
				    "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY,"
				    " name TEXT NOT NULL, applied_at TEXT NOT NULL);"
				    "INSERT INTO schema_migrations VALUES (9999, 'later', 'x');",
				    &err),
			 0);
	store_close(s);
	assert_int_equal(store_open(path, &s, &err), 0);
	assert_int_equal(store_query_int(s, &err, &n, "SELECT count(*) FROM schema_migrations", ""),
			 0);
	assert_int_equal(n, store_migrations_count + 1);
	assert_int_equal(store_query_int(s, &err, &n, "SELECT count(*) FROM rounds", ""), 0);
	test_db_drop(s, path);
}

/* A mark holds while nothing can have changed what the connection saw: not across its own
 * writes, its rollbacks or another connection's commit, and never outside a transaction. */
static void test_mark(void **state)
{
	char path[256];
	struct store *s = test_db(path), *other;
	struct zf_err err;
	struct store_mark m;
	assert_int_equal(store_open(path, &other, &err), 0);
	assert_int_equal(store_exec(s, "CREATE TABLE t(a INTEGER)", &err), 0);
	store_mark_set(s, &m); /* outside a transaction: never set */
	assert_false(store_mark_holds(s, &m));

	/* across transactions that write nothing else, and the caller's own accepted writes */
	assert_int_equal(store_begin(s, &err), 0);
	store_mark_set(s, &m);
	assert_true(store_mark_holds(s, &m));
	assert_int_equal(store_run(s, &err, "INSERT INTO t VALUES (1)", ""), 0);
	assert_false(store_mark_holds(s, &m));
	store_mark_wrote(s, &m);
	assert_true(store_mark_holds(s, &m));
	assert_int_equal(store_commit(s, &err), 0);
	assert_false(store_mark_holds(s, &m)); /* not between transactions */
	assert_int_equal(store_begin(s, &err), 0);
	assert_true(store_mark_holds(s, &m));
	assert_int_equal(store_commit(s, &err), 0);

	/* another connection's commit */
	assert_int_equal(store_run(other, &err, "INSERT INTO t VALUES (2)", ""), 0);
	assert_int_equal(store_begin(s, &err), 0);
	assert_false(store_mark_holds(s, &m));
	store_mark_set(s, &m);
	assert_true(store_mark_holds(s, &m));
	assert_int_equal(store_commit(s, &err), 0);

	/* another connection's commit after a read snapshot that wrote nothing */
	assert_int_equal(store_begin(s, &err), 0);
	store_mark_set(s, &m);
	assert_int_equal(store_commit(s, &err), 0);
	store_read_begin(s);
	assert_true(store_mark_holds(s, &m));
	store_read_end(s);
	assert_int_equal(store_run(other, &err, "INSERT INTO t VALUES (4)", ""), 0);
	assert_int_equal(store_begin(s, &err), 0);
	assert_false(store_mark_holds(s, &m));
	store_mark_set(s, &m);
	assert_int_equal(store_commit(s, &err), 0);

	/* a rollback, even of nothing written after the mark */
	assert_int_equal(store_begin(s, &err), 0);
	assert_true(store_mark_holds(s, &m));
	store_rollback(s);
	assert_int_equal(store_begin(s, &err), 0);
	assert_false(store_mark_holds(s, &m));
	store_mark_set(s, &m);
	/* a write undone to a savepoint still counts */
	assert_int_equal(
	    store_exec(s, "SAVEPOINT x; INSERT INTO t VALUES (3); ROLLBACK TO x", &err), 0);
	assert_false(store_mark_holds(s, &m));
	store_rollback(s);
	store_close(other);
	test_db_drop(s, path);
}

static void test_run_and_query(void **state)
{
	char path[256];
	struct store *s = test_db(path);
	struct zf_err err;
	int64_t n = -1;
	assert_int_equal(store_exec(s, "CREATE TABLE t(a INTEGER, b TEXT UNIQUE, c REAL)", &err),
			 0);
	assert_int_equal(
	    store_run(s, &err, "INSERT INTO t VALUES (?, ?, ?)", "itd", (int64_t)7, "x", 1.5), 0);
	assert_int_equal(
	    store_run(s, &err, "INSERT INTO t VALUES (?, ?, ?)", "iTd", (int64_t)8, "", 2.5), 0);
	assert_int_equal(store_query_int(s, &err, &n, "SELECT count(*) FROM t WHERE b IS NULL", ""),
			 0);
	assert_int_equal(n, 1);
	/* a duplicate is a conflict, and the message says why */
	assert_int_equal(
	    store_run(s, &err, "INSERT INTO t VALUES (?, ?, ?)", "itd", (int64_t)9, "x", 0.0),
	    ZF_ECONFLICT);
	assert_non_null(strstr(err.msg, "UNIQUE"));
	assert_int_equal(store_query_int(s, &err, &n, "SELECT a FROM t WHERE b = ?", "t", "nope"),
			 ZF_ENOTFOUND);
	struct stmt *st = store_prepare(s, "SELECT a, b, c FROM t ORDER BY a", &err);
	assert_non_null(st);
	assert_int_equal(stmt_step(st, &err), STORE_ROW);
	assert_int_equal(stmt_int(st, 0), 7);
	assert_string_equal(stmt_text(st, 1), "x");
	assert_true(stmt_double(st, 2) == 1.5);
	assert_int_equal(stmt_step(st, &err), STORE_ROW);
	assert_true(stmt_is_null(st, 1));
	assert_string_equal(stmt_text(st, 1), "");
	assert_int_equal(stmt_step(st, &err), STORE_DONE);
	/* a bad statement is reported, not crashed on */
	assert_null(store_prepare(s, "SELEKT nonsense", &err));
	assert_int_equal(err.code, ZF_EINTERNAL);
	test_db_drop(s, path);
}

static void test_rollback_leaves_nothing(void **state)
{
	char path[256];
	struct store *s = test_db(path);
	struct zf_err err;
	int64_t n = -1;
	assert_int_equal(store_exec(s, "CREATE TABLE t(a INTEGER)", &err), 0);
	assert_int_equal(store_begin(s, &err), 0);
	assert_true(store_in_tx(s));
	assert_int_equal(store_begin(s, &err), ZF_EINTERNAL); /* no nesting */
	assert_int_equal(store_run(s, &err, "INSERT INTO t VALUES (1)", ""), 0);
	store_rollback(s);
	assert_false(store_in_tx(s));
	assert_int_equal(store_query_int(s, &err, &n, "SELECT count(*) FROM t", ""), 0);
	assert_int_equal(n, 0);
	assert_int_equal(store_begin(s, &err), 0);
	assert_int_equal(store_run(s, &err, "INSERT INTO t VALUES (1)", ""), 0);
	assert_int_equal(store_commit(s, &err), 0);
	assert_int_equal(store_query_int(s, &err, &n, "SELECT count(*) FROM t", ""), 0);
	assert_int_equal(n, 1);
	test_db_drop(s, path);
}

static void test_foreign_keys_and_wal(void **state)
{
	char path[256];
	struct store *s = test_db(path);
	struct zf_err err;
	/* a unit whose parent does not exist breaks a foreign key */
	assert_int_equal(store_run(s, &err,
				   "INSERT INTO units(code, name, parent_id) VALUES (?,?,?)", "tti",
				   "U1", "x", (int64_t)999),
			 ZF_ECONFLICT);
	struct stmt *st = store_prepare(s, "PRAGMA journal_mode", &err);
	assert_int_equal(stmt_step(st, &err), STORE_ROW);
	assert_string_equal(stmt_text(st, 0), "wal");
	stmt_reset(st);
	test_db_drop(s, path);
}

static void test_backup_copies_everything(void **state)
{
	char path[256], dst[300];
	struct store *s = test_db(path), *b;
	struct zf_err err;
	int64_t n = 0;
	assert_int_equal(
	    store_exec(s, "CREATE TABLE t(a); INSERT INTO t VALUES (1),(2),(3);", &err), 0);
	snprintf(dst, sizeof dst, "%s.bak", path);
	assert_int_equal(store_backup(s, dst, &err), 0);
	assert_int_equal(store_open_plain(dst, &b, &err), 0);
	assert_int_equal(store_query_int(b, &err, &n, "SELECT sum(a) FROM t", ""), 0);
	assert_int_equal(n, 6);
	store_close(b);
	unlink(dst);
	/* a backup into a directory that does not exist fails with a message */
	assert_int_equal(store_backup(s, "/nonexistent/dir/x.db", &err), ZF_EIO);
	assert_string_equal(err.field, "path");
	test_db_drop(s, path);
}

/* Migration 005 rewrote ballots.channel's CHECK: still exactly the four channels. */
static void test_ballot_channel_checked(void **state)
{
	char path[256];
	struct store *s = test_db(path);
	struct zf_err err;
	assert_int_equal(
	    store_exec(s,
		       "PRAGMA foreign_keys=OFF;"
		       "INSERT INTO ballots(round_id, unit_id, grp, id, channel, day, ratings)"
		       " VALUES (1, 1, 0, 1, 'letter', '2026-01-01', x'00');",
		       &err),
	    0);
	assert_int_equal(
	    store_exec(s,
		       "INSERT INTO ballots(round_id, unit_id, grp, id, channel, day, ratings)"
		       " VALUES (1, 1, 0, 2, 'pigeon', '2026-01-01', x'00');",
		       &err),
	    ZF_ECONFLICT);
	assert_non_null(strstr(err.msg, "CHECK"));
	test_db_drop(s, path);
}

static void test_open_bad_path(void **state)
{
	struct store *s = NULL;
	struct zf_err err;
	assert_int_equal(store_open("/nonexistent/dir/x.db", &s, &err), ZF_EIO);
	assert_null(s);
	assert_non_null(strstr(err.msg, "/nonexistent/dir/x.db"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_migrations_applied_once),
	    cmocka_unit_test(test_lower_migration_applied_late),
	    cmocka_unit_test(test_run_and_query),
	    cmocka_unit_test(test_rollback_leaves_nothing),
	    cmocka_unit_test(test_mark),
	    cmocka_unit_test(test_foreign_keys_and_wal),
	    cmocka_unit_test(test_backup_copies_everything),
	    cmocka_unit_test(test_ballot_channel_checked),
	    cmocka_unit_test(test_open_bad_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
