/* writer.c: the group-commit writer: one thread, one connection, many jobs per commit;
 * syncer threads that make the commits durable; and a copier thread that copies the log back
 * into the database.
 *
 * The writer's connection commits without waiting for the disk (synchronous=NORMAL): a
 * group's commit writes its pages to the log and returns. The group then waits, with every
 * other group committed meanwhile, for a syncer's next fdatasync of the log file; only after
 * that returns are its jobs answered. So every answered job is on disk, as with
 * synchronous=FULL, but the writer runs the next group while the disk works instead of
 * waiting for it: the disk's latency is paid once per batch of groups and in parallel. Two
 * syncers take turns, so that a sync can begin while the previous one is still waiting for
 * the disk (a fdatasync returns only what was written before it began). */
#define _GNU_SOURCE /* statx */
#include "store/writer.h"
#include "base/log.h"
#include "base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* Threads that make committed groups durable. With one, a group committed just after a
 * sync began waits for that sync to end and then for its own; with two, its own can begin
 * at once, beside the other. */
#define SYNCERS 2

struct writer {
	struct store *db;
	pthread_t thread, syncer[SYNCERS], copier;
	struct store *copy_db; /* the copier's connection */
	pthread_mutex_t mu;
	pthread_cond_t work; /* jobs queued, or stopping */
	pthread_cond_t copy; /* a checkpoint asked of the copier, or the writer stopped */
	enum { COPY_IDLE, COPY_ASKED, COPY_RUNNING, COPY_DONE } copy_state;
	pthread_cond_t committed;    /* groups wait for the syncer, or the writer has stopped */
	pthread_cond_t done;	     /* jobs answered */
	struct job *head, *tail;     /* queued jobs */
	struct job *unsynced, *last; /* jobs of committed groups, waiting for the disk */
	bool stopping, writer_gone;
	int max_group;
	char *log_path; /* the write-ahead log the syncer makes durable */
	struct writer_stats stats;
};

/* Pages of write-ahead log after which it is copied back into the database (a checkpoint).
 * A third thread, the copier, does the bulk of it on a connection of its own while the
 * writer goes on committing; the writer then copies only the pages committed meanwhile,
 * between two groups, so that the whole log is copied and the next group starts the log
 * over from its beginning, overwriting it in place rather than growing it. (A copier alone
 * never catches up with the writer and the log grows without end; the writer alone stops
 * every commit for the whole copy, some 8 ms every few thousand ballots.) Should the log
 * reach CHECKPOINT_STALL pages all the same, the writer copies it itself. The length
 * (WRITER_CHECKPOINT_PAGES) is a trade: ballots land on random pages, and a page written
 * several times between two checkpoints is copied back once, so a longer log copies fewer
 * pages per ballot, while every page lookup in the log walks one hash table more per 4,096
 * pages. On the bench's round, 24,000 took 5-12% more ballots a second than 8,000, and
 * 48,000 fewer. */
#define CHECKPOINT_PAGES WRITER_CHECKPOINT_PAGES
#define CHECKPOINT_STALL (4 * CHECKPOINT_PAGES)

/* Names the calling thread, as `top -H` and `perf` show it (at most 15 bytes). */
static void name_thread(const char *name)
{
	prctl(PR_SET_NAME, name, 0, 0, 0);
}

/* Runs the batch's jobs in one transaction and commits it. Jobs run bare first: a job that
 * fails has, as a rule, failed on a check before writing anything, and a savepoint around
 * every job would copy each page it touches once more. When a failed job did write
 * (careful is false and the connection's change count moved), the whole transaction is
 * undone and the batch runs again with a savepoint around each job, so that only that
 * job's writes are undone. Returns true when the batch must run again carefully. */
static bool run_jobs(struct writer *w, struct job *batch, bool careful)
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
		if (!careful) {
			int64_t before = store_total_changes(w->db);
			j->rc = j->fn(w->db, j->arg, &j->err);
			if (j->rc < 0 && store_total_changes(w->db) != before) {
				store_rollback(w->db);
				return true;
			}
			continue;
		}
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
	return false;
}

/* Returns whether the batch had to run carefully. */
static bool run_group(struct writer *w, struct job *batch)
{
	if (!run_jobs(w, batch, false))
		return false;
	run_jobs(w, batch, true);
	return true;
}

/* Between groups: asks the copier for a checkpoint when the log is long, and copies the
 * rest itself once the copier is done (see CHECKPOINT_PAGES). */
static void checkpoint(struct writer *w)
{
	int pages = store_wal_pages(w->db);
	bool finish = false;
	pthread_mutex_lock(&w->mu);
	if (w->copy_state == COPY_DONE) {
		w->copy_state = COPY_IDLE;
		finish = true;
	} else if (w->copy_state == COPY_IDLE && pages >= CHECKPOINT_PAGES) {
		w->copy_state = COPY_ASKED;
		pthread_cond_signal(&w->copy);
	}
	pthread_mutex_unlock(&w->mu);
	if (finish || pages >= CHECKPOINT_STALL) {
		store_checkpoint(w->db);
		store_remap(w->db);
	}
}

static void *writer_main(void *p)
{
	struct writer *w = p;
	name_thread("zf-writer");
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

		bool careful = run_group(w, batch);

		/* the group is in the log, not yet on disk: the syncer answers its jobs */
		pthread_mutex_lock(&w->mu);
		w->stats.groups++;
		w->stats.careful_groups += careful;
		if (w->last)
			w->last->next = batch;
		else
			w->unsynced = batch;
		for (w->last = batch; w->last->next;)
			w->last = w->last->next;
		pthread_cond_signal(&w->committed);
		pthread_mutex_unlock(&w->mu);

		/* while the next jobs gather */
		checkpoint(w);
		pthread_mutex_lock(&w->mu);
	}
	w->writer_gone = true;
	pthread_cond_broadcast(&w->committed);
	pthread_cond_signal(&w->copy);
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

static void *copier_main(void *p)
{
	struct writer *w = p;
	name_thread("zf-copier");
	/* SQLite syncs the database only after a checkpoint that reached the end of the log,
	 * which here is the writer's: the copier writes the bulk back itself first, so that
	 * the writer's sync between two groups has only the last pages to write */
	int db_fd = open(store_path(w->copy_db), O_RDWR | O_CLOEXEC);
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (w->copy_state != COPY_ASKED && !w->writer_gone)
			pthread_cond_wait(&w->copy, &w->mu);
		if (w->copy_state != COPY_ASKED)
			break;
		w->copy_state = COPY_RUNNING;
		pthread_mutex_unlock(&w->mu);
		store_checkpoint(w->copy_db);
		if (db_fd >= 0)
			fdatasync(db_fd);
		pthread_mutex_lock(&w->mu);
		w->copy_state = COPY_DONE;
	}
	pthread_mutex_unlock(&w->mu);
	if (db_fd >= 0)
		close(db_fd);
	return NULL;
}

/* Makes everything written to the log so far durable. Reopens the log when it is not the
 * file the descriptor has (it does not change while the writer's connection is open, but
 * checking costs one system call per batch). The check asks for the inode number alone:
 * stat() would read the log's times too, and on Linux 6.13 and later a read of a file's
 * times makes its next write stamp a fine-grained new mtime, which dirties the inode, which
 * fdatasync must then write as well. On ext4 without a journal that was one more write to
 * the disk in every sync; without it, one sync in five or so still writes the inode (once a
 * clock tick), and the median sync under the ballot bench went from 110-150 us to 80-105
 * us. Returns 0 or -1 with errno. */
struct log_file {
	int fd; /* open on the writer's log_path, or -1 */
	ino_t ino;
};

static int sync_log(struct writer *w, struct log_file *log)
{
	struct statx st;
	if (statx(AT_FDCWD, w->log_path, 0, STATX_INO, &st) < 0)
		return -1;
	if (log->fd < 0 || st.stx_ino != log->ino) {
		if (log->fd >= 0)
			close(log->fd);
		log->fd = open(w->log_path, O_RDWR | O_CLOEXEC);
		if (log->fd < 0)
			return -1;
		log->ino = st.stx_ino;
	}
	return fdatasync(log->fd);
}

static void *syncer_main(void *p)
{
	struct writer *w = p;
	name_thread("zf-syncer");
	struct log_file log = {.fd = -1};
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->unsynced && !w->writer_gone)
			pthread_cond_wait(&w->committed, &w->mu);
		if (!w->unsynced)
			break;
		struct job *batch = w->unsynced, *next;
		w->unsynced = w->last = NULL;
		pthread_mutex_unlock(&w->mu);

		bool wrote = false;
		for (struct job *j = batch; j; j = j->next)
			wrote |= j->rc == 0;
		if (wrote && sync_log(w, &log) < 0) {
			int e = errno;
			zf_log(LOG_ERROR, "cannot sync the database log",
			       "path=\"%s\" error=\"%s\"", w->log_path, strerror(e));
			for (struct job *j = batch; j; j = j->next)
				if (j->rc == 0)
					j->rc =
					    zf_err_set(&j->err, ZF_EIO, NULL,
						       "the database could not be made durable: "
						       "%s",
						       strerror(e));
		}

		pthread_mutex_lock(&w->mu);
		if (wrote)
			w->stats.syncs++;
		struct job *async = NULL;
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
		pthread_mutex_lock(&w->mu);
	}
	pthread_mutex_unlock(&w->mu);
	if (log.fd >= 0)
		close(log.fd);
	return NULL;
}

/* Once its threads are joined: the writer's locks, connections and memory. */
static void writer_free(struct writer *w)
{
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->work);
	pthread_cond_destroy(&w->committed);
	pthread_cond_destroy(&w->done);
	pthread_cond_destroy(&w->copy);
	store_close(w->copy_db);
	store_close(w->db);
	free(w->log_path);
	free(w);
}

int writer_start(const char *path, int max_group, struct writer **out, struct zf_err *err)
{
	struct writer *w = xcalloc(1, sizeof *w);
	int rc = store_open_plain(path, &w->db, err);
	/* the jobs write only ids they have read in their own transaction, of rows nothing
	 * deletes (writer.h): the foreign keys' lookups, two for every ballot, would find them
	 * again */
	if (rc == 0)
		rc = store_exec(w->db, "PRAGMA foreign_keys=OFF", err);
	if (rc == 0 && (rc = store_defer_sync(w->db, err)) == 0)
		rc = store_open_plain(path, &w->copy_db, err);
	if (rc < 0) {
		store_close(w->copy_db);
		store_close(w->db);
		free(w);
		return rc;
	}
	store_checkpoint_manually(w->db);
	store_checkpoint_manually(w->copy_db);
	w->log_path = xstrdup(store_log_path(w->db));
	w->max_group = max_group > 0 ? max_group : 512;
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->work, NULL);
	pthread_cond_init(&w->committed, NULL);
	pthread_cond_init(&w->done, NULL);
	pthread_cond_init(&w->copy, NULL);
	int syncers = 0;
	while (syncers < SYNCERS && pthread_create(&w->syncer[syncers], NULL, syncer_main, w) == 0)
		syncers++;
	bool copier = syncers == SYNCERS && pthread_create(&w->copier, NULL, copier_main, w) == 0;
	if (copier && pthread_create(&w->thread, NULL, writer_main, w) == 0) {
		*out = w;
		return 0;
	}
	pthread_mutex_lock(&w->mu);
	w->writer_gone = true;
	pthread_cond_broadcast(&w->committed);
	pthread_cond_signal(&w->copy);
	pthread_mutex_unlock(&w->mu);
	for (int i = 0; i < syncers; i++)
		pthread_join(w->syncer[i], NULL);
	if (copier)
		pthread_join(w->copier, NULL);
	writer_free(w);
	return zf_err_set(err, ZF_EIO, NULL, "cannot start the writer's threads");
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
	for (int i = 0; i < SYNCERS; i++)
		pthread_join(w->syncer[i], NULL);
	pthread_join(w->copier, NULL);
	store_close(w->copy_db);
	w->copy_db = NULL;
	store_checkpoint(w->db);
	writer_free(w);
}

void writer_get_stats(struct writer *w, struct writer_stats *out)
{
	pthread_mutex_lock(&w->mu);
	*out = w->stats;
	pthread_mutex_unlock(&w->mu);
}
