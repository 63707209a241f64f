/* test_writer.c: the group-commit writer: jobs in groups, failures undone alone (bare, and
 * with the careful rerun when a failed job had written), answers only after the commit,
 * and the queue drained on stop. */
#include "testutil.h"
#include "store/writer.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/stat.h>

/* A job: inserts its value into t, then fails when asked, before or after the insert. */
struct tjob {
	int value;
	enum { OK, FAIL_BEFORE, FAIL_AFTER } how;
	atomic_int runs;
	/* answered */
	atomic_int done;
	int rc;
	char field[64];
	const char *path; /* to look from another connection when answered */
	int64_t seen;	  /* rows with this value another connection saw when answered */
};

static int job_fn(struct store *s, void *arg, struct zf_err *err)
{
	struct tjob *j = arg;
	atomic_fetch_add(&j->runs, 1);
	if (j->how == FAIL_BEFORE)
		return zf_err_set(err, ZF_ECONFLICT, "before", "refused before writing");
	int rc = store_run(s, err, "INSERT INTO t(v) VALUES (?)", "i", (int64_t)j->value);
	if (rc < 0)
		return rc;
	if (j->how == FAIL_AFTER)
		return zf_err_set(err, ZF_ECONFLICT, "after", "refused after writing");
	return 0;
}

static void job_done(void *arg, int rc, const struct zf_err *err)
{
	struct tjob *j = arg;
	struct store *s;
	struct zf_err e;
	j->rc = rc;
	if (rc < 0)
		snprintf(j->field, sizeof j->field, "%s", err->field);
	/* the answer comes after the commit: another connection sees the row already */
	if (store_open_plain(j->path, &s, &e) == 0) {
		store_query_int(s, &e, &j->seen, "SELECT count(*) FROM t WHERE v = ?", "i",
				(int64_t)j->value);
		store_close(s);
	}
	atomic_store(&j->done, 1);
}

static struct store *setup(char *path)
{
	struct store *s = test_db(path);
	struct zf_err err;
	assert_int_equal(store_exec(s, "CREATE TABLE t(v INTEGER)", &err), 0);
	return s;
}

static int64_t rows(struct store *s, const char *where)
{
	char q[128];
	int64_t n = -1;
	struct zf_err err;
	snprintf(q, sizeof q, "SELECT count(*) FROM t WHERE %s", where);
	assert_int_equal(store_query_int(s, &err, &n, q, ""), 0);
	return n;
}

static void wait_all(struct tjob *jobs, int n)
{
	for (int i = 0; i < n; i++)
		while (!atomic_load(&jobs[i].done))
			usleep(1000);
}

static void test_jobs_grouped_and_answered_after_commit(void **state)
{
	char path[256];
	struct store *s = setup(path);
	struct writer *w;
	struct zf_err err;
	enum { N = 200 };
	static struct tjob jobs[N];
	assert_int_equal(writer_start(path, 0, &w, &err), 0);
	for (int i = 0; i < N; i++) {
		jobs[i] =
		    (struct tjob){.value = i, .how = i % 10 == 3 ? FAIL_BEFORE : OK, .path = path};
		assert_int_equal(writer_submit_async(w, job_fn, &jobs[i], job_done, &jobs[i], &err),
				 0);
	}
	wait_all(jobs, N);
	struct writer_stats st;
	writer_get_stats(w, &st);
	writer_stop(w);
	for (int i = 0; i < N; i++) {
		if (jobs[i].how == OK) {
			assert_int_equal(jobs[i].rc, 0);
			assert_int_equal(jobs[i].seen, 1);
		} else {
			assert_int_equal(jobs[i].rc, ZF_ECONFLICT);
			assert_string_equal(jobs[i].field, "before");
			assert_int_equal(jobs[i].seen, 0);
		}
		assert_int_equal(atomic_load(&jobs[i].runs), 1);
	}
	assert_int_equal(rows(s, "1"), N - N / 10);
	assert_int_equal(st.jobs, N);
	assert_int_equal(st.failed_jobs, N / 10);
	assert_int_equal(st.careful_groups, 0); /* a refusal before writing costs no rerun */
	assert_true(st.groups >= 1 && st.groups <= N);
	assert_true(st.syncs >= 1 && st.syncs <= st.groups);
	test_db_drop(s, path);
}

static void test_failure_after_writing_is_undone_alone(void **state)
{
	char path[256];
	struct store *s = setup(path);
	struct writer *w;
	struct zf_err err;
	enum { N = 60 };
	static struct tjob jobs[N];
	assert_int_equal(writer_start(path, 0, &w, &err), 0);
	for (int i = 0; i < N; i++) {
		jobs[i] =
		    (struct tjob){.value = i, .how = i % 7 == 0 ? FAIL_AFTER : OK, .path = path};
		assert_int_equal(writer_submit_async(w, job_fn, &jobs[i], job_done, &jobs[i], &err),
				 0);
	}
	wait_all(jobs, N);
	struct writer_stats st;
	writer_get_stats(w, &st);
	writer_stop(w);
	int failed = 0;
	for (int i = 0; i < N; i++) {
		char where[32];
		snprintf(where, sizeof where, "v = %d", i);
		if (jobs[i].how == FAIL_AFTER) {
			failed++;
			assert_int_equal(jobs[i].rc, ZF_ECONFLICT);
			assert_string_equal(jobs[i].field, "after");
			assert_int_equal(rows(s, where), 0); /* its insert is undone */
		} else {
			assert_int_equal(jobs[i].rc, 0);
			assert_int_equal(rows(s, where),
					 1); /* once, though it may have run twice */
		}
	}
	assert_int_equal(rows(s, "1"), N - failed);
	assert_int_equal(st.failed_jobs, failed);
	assert_true(st.careful_groups >= 1);
	test_db_drop(s, path);
}

struct waiter {
	struct writer *w;
	struct tjob *j;
	int rc;
};

static void *submit_and_wait(void *p)
{
	struct waiter *x = p;
	struct zf_err err;
	x->rc = writer_submit(x->w, job_fn, x->j, &err);
	return NULL;
}

static void test_waiting_callers_and_stop_drains(void **state)
{
	char path[256];
	struct store *s = setup(path);
	struct writer *w;
	struct zf_err err;
	enum { N = 8 };
	struct tjob jobs[N];
	struct waiter ws[N];
	pthread_t th[N];
	assert_int_equal(writer_start(path, 2, &w, &err), 0);
	for (int i = 0; i < N; i++) {
		jobs[i] = (struct tjob){.value = 100 + i, .how = i == 5 ? FAIL_AFTER : OK};
		ws[i] = (struct waiter){.w = w, .j = &jobs[i]};
		assert_int_equal(pthread_create(&th[i], NULL, submit_and_wait, &ws[i]), 0);
	}
	for (int i = 0; i < N; i++)
		pthread_join(th[i], NULL);
	for (int i = 0; i < N; i++)
		assert_int_equal(ws[i].rc, i == 5 ? ZF_ECONFLICT : 0);
	/* queued asynchronous jobs are finished by stop, each answered once */
	static struct tjob later[50];
	for (int i = 0; i < 50; i++) {
		later[i] = (struct tjob){.value = 1000 + i, .how = OK, .path = path};
		assert_int_equal(
		    writer_submit_async(w, job_fn, &later[i], job_done, &later[i], &err), 0);
	}
	writer_stop(w);
	for (int i = 0; i < 50; i++) {
		assert_int_equal(atomic_load(&later[i].done), 1);
		assert_int_equal(later[i].rc, 0);
	}
	assert_int_equal(rows(s, "v >= 100 AND v < 200"), N - 1);
	assert_int_equal(rows(s, "v >= 1000"), 50);
	test_db_drop(s, path);
}

/* A job that inserts a large row: enough of them make the log pass CHECKPOINT_PAGES many
 * times over. */
static int big_fn(struct store *s, void *arg, struct zf_err *err)
{
	return store_run(s, err, "INSERT INTO big(k, v) VALUES (?, randomblob(16000))", "i",
			 (int64_t)(intptr_t)arg);
}

static atomic_int big_answered, big_failed;

static void big_done(void *arg, int rc, const struct zf_err *err)
{
	(void)arg;
	(void)err;
	if (rc < 0)
		atomic_fetch_add(&big_failed, 1);
	atomic_fetch_add(&big_answered, 1);
}

/* The log is copied back (by the copier, then the writer's tail) and starts over: after
 * five checkpoints' worth of commits it is still about one checkpoint's length, and nothing
 * is lost. */
static void test_log_copied_back_and_bounded(void **state)
{
	(void)state;
	char path[256], wal[300];
	struct store *s = setup(path);
	struct writer *w;
	struct zf_err err;
	struct stat st;
	assert_int_equal(store_exec(s, "CREATE TABLE big(k INTEGER PRIMARY KEY, v BLOB)", &err), 0);
	assert_int_equal(writer_start(path, 0, &w, &err), 0);
	/* a job writes some 8 pages of 2 KiB */
	enum { JOBS = 5 * WRITER_CHECKPOINT_PAGES / 8 };
	for (int i = 0; i < JOBS; i++) {
		while (i - atomic_load(&big_answered) >= 64)
			usleep(200);
		assert_int_equal(
		    writer_submit_async(w, big_fn, (void *)(intptr_t)i, big_done, NULL, &err), 0);
	}
	while (atomic_load(&big_answered) < JOBS)
		usleep(1000);
	assert_int_equal(atomic_load(&big_failed), 0);
	snprintf(wal, sizeof wal, "%s-wal", path);
	assert_int_equal(stat(wal, &st), 0);
	/* a checkpoint's pages, and what came in while they were copied; without checkpoints
	 * the log would hold it all, five times as much */
	assert_true(st.st_size < 2 * WRITER_CHECKPOINT_PAGES * (2048 + 24));
	writer_stop(w);
	assert_int_equal(rows(s, "1"), 0);
	int64_t n = 0;
	assert_int_equal(store_query_int(s, &err, &n, "SELECT count(*) FROM big", ""), 0);
	assert_int_equal(n, JOBS);
	assert_int_equal(
	    store_query_int(s, &err, &n, "SELECT count(*) FROM big WHERE length(v) = 16000", ""),
	    0);
	assert_int_equal(n, JOBS);
	struct stmt *ic = store_prepare(s, "PRAGMA integrity_check", &err);
	assert_int_equal(stmt_step(ic, &err), STORE_ROW);
	assert_string_equal(stmt_text(ic, 0), "ok");
	stmt_reset(ic);
	test_db_drop(s, path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_jobs_grouped_and_answered_after_commit),
	    cmocka_unit_test(test_failure_after_writing_is_undone_alone),
	    cmocka_unit_test(test_waiting_callers_and_stop_drains),
	    cmocka_unit_test(test_log_copied_back_and_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
