/* writer.c: the group-commit writer: one thread, one connection, many jobs per commit. */
#include "store/writer.h"
#include "base/log.h"
#include "base/util.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct job {
	writer_job_fn fn;
	void *arg;
	writer_done_fn on_done; /* asynchronous: called after the group, then the job is freed */
	void *done_arg;
	struct zf_err err;
	int rc;
	bool done;
	struct job *next;
};

struct writer {
	struct store *db;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t work; /* jobs queued, or stopping */
	pthread_cond_t done; /* a group finished */
	struct job *head, *tail;
	bool stopping;
	int max_group;
	struct writer_stats stats;
};

/* Pages of write-ahead log after which the writer copies it back into the database. The
 * checkpoint runs on the writer's own thread, between groups: with no commit behind it, it
 * copies the whole log, so the next group starts the log over from its beginning and
 * overwrites it in place rather than growing it. (A checkpoint thread beside the writer
 * never caught up with it: the log grew without end, and that thread's fsyncs of the
 * database slowed the writer's fsyncs of the log threefold.) */
#define CHECKPOINT_PAGES 2000

static void run_group(struct writer *w, struct job *batch)
{
	struct zf_err err;
	int rc = store_begin(w->db, &err);
	for (struct job *j = batch; j; j = j->next) {
		if (rc < 0) {
			j->rc = rc;
			j->err = err;
			continue;
		}
		zf_err_clear(&j->err);
		/* cached prepared statements: not parsed again for every job */
		if (store_run(w->db, &j->err, "SAVEPOINT job", "") < 0) {
			j->rc = ZF_EIO;
			continue;
		}
		j->rc = j->fn(w->db, j->arg, &j->err);
		if (j->rc < 0)
			store_run(w->db, NULL, "ROLLBACK TO job", "");
		store_run(w->db, NULL, "RELEASE job", "");
	}
	if (rc == 0 && (rc = store_commit(w->db, &err)) < 0) {
		store_rollback(w->db);
		zf_log(LOG_ERROR, "group commit failed", "error=\"%s\"", err.msg);
		for (struct job *j = batch; j; j = j->next)
			if (j->rc == 0) {
				j->rc = ZF_EIO;
				j->err = err;
			}
	}
}

static void *writer_main(void *p)
{
	struct writer *w = p;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->head && !w->stopping)
			pthread_cond_wait(&w->work, &w->mu);
		if (!w->head && w->stopping)
			break;
		/* take up to max_group jobs; the rest wait for the next group */
		struct job *batch = w->head, *last = batch;
		int n = 1;
		while (last->next && n < w->max_group) {
			last = last->next;
			n++;
		}
		w->head = last->next;
		if (!w->head)
			w->tail = NULL;
		last->next = NULL;
		pthread_mutex_unlock(&w->mu);

		run_group(w, batch);

		pthread_mutex_lock(&w->mu);
		w->stats.groups++;
		struct job *async = NULL, *next;
		for (struct job *j = batch; j; j = next) {
			next = j->next; /* a waiting caller may reuse j as soon as it is done */
			w->stats.jobs++;
			if (j->rc < 0)
				w->stats.failed_jobs++;
			if (j->on_done) {
				j->next = async;
				async = j;
			} else {
				j->done = true;
			}
		}
		pthread_cond_broadcast(&w->done);
		pthread_mutex_unlock(&w->mu);
		for (struct job *j = async; j; j = next) {
			next = j->next;
			j->on_done(j->done_arg, j->rc, &j->err);
			free(j);
		}
		/* after the answers, while the next jobs gather */
		if (store_wal_pages(w->db) >= CHECKPOINT_PAGES)
			store_checkpoint(w->db);
		pthread_mutex_lock(&w->mu);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

int writer_start(const char *path, int max_group, struct writer **out, struct zf_err *err)
{
	struct writer *w = xcalloc(1, sizeof *w);
	int rc = store_open_plain(path, &w->db, err);
	if (rc < 0) {
		free(w);
		return rc;
	}
	store_checkpoint_manually(w->db);
	w->max_group = max_group > 0 ? max_group : 512;
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->work, NULL);
	pthread_cond_init(&w->done, NULL);
	if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
		store_close(w->db);
		free(w);
		return zf_err_set(err, ZF_EIO, NULL, "cannot start the writer thread");
	}
	*out = w;
	return 0;
}

int writer_submit(struct writer *w, writer_job_fn fn, void *arg, struct zf_err *err)
{
	struct job j = {.fn = fn, .arg = arg};
	pthread_mutex_lock(&w->mu);
	if (w->stopping) {
		pthread_mutex_unlock(&w->mu);
		return zf_err_set(err, ZF_EIO, NULL, "the server is shutting down");
	}
	if (w->tail)
		w->tail->next = &j;
	else
		w->head = &j;
	w->tail = &j;
	pthread_cond_signal(&w->work);
	while (!j.done)
		pthread_cond_wait(&w->done, &w->mu);
	pthread_mutex_unlock(&w->mu);
	if (j.rc < 0 && err)
		*err = j.err;
	return j.rc;
}

int writer_submit_async(struct writer *w, writer_job_fn fn, void *arg, writer_done_fn done,
			void *done_arg, struct zf_err *err)
{
	struct job *j = xcalloc(1, sizeof *j);
	j->fn = fn;
	j->arg = arg;
	j->on_done = done;
	j->done_arg = done_arg;
	pthread_mutex_lock(&w->mu);
	if (w->stopping) {
		pthread_mutex_unlock(&w->mu);
		free(j);
		return zf_err_set(err, ZF_EIO, NULL, "the server is shutting down");
	}
	if (w->tail)
		w->tail->next = j;
	else
		w->head = j;
	w->tail = j;
	pthread_cond_signal(&w->work);
	pthread_mutex_unlock(&w->mu);
	return 0;
}

void writer_stop(struct writer *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	w->stopping = true;
	pthread_cond_signal(&w->work);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	store_checkpoint(w->db);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->work);
	pthread_cond_destroy(&w->done);
	store_close(w->db);
	free(w);
}

void writer_get_stats(struct writer *w, struct writer_stats *out)
{
	pthread_mutex_lock(&w->mu);
	*out = w->stats;
	pthread_mutex_unlock(&w->mu);
}
