/* writer.h: the group-commit writer. Writes that arrive in bulk (ballots) are handed to one
 * thread, which runs many of them in one transaction, and each caller is answered only after
 * its group is durable (on disk: an fdatasync of the log that began after the commit). A job
 * that fails (a spent token) is undone alone and the rest of its group still commits (jobs
 * run bare, and a group runs again with a savepoint per job when a failed job had written).
 * A copier thread copies the log back into the database, and the writer the last pages of
 * it between two groups (writer.c). The writer's connection enforces the schema's CHECK
 * constraints, but a job that fails there after writing costs its whole group a second,
 * careful run: jobs should check what they write first. It does not enforce foreign keys:
 * a job may reference only rows it has read in its own transaction and that nothing ever
 * deletes (rounds, units, users, tokens), as the ballot casts do. */
#ifndef ZF_STORE_WRITER_H
#define ZF_STORE_WRITER_H

#include "base/err.h"
#include "store/store.h"

struct writer;

/* Pages of write-ahead log (48 MB of 2 KiB pages) after which the writer copies it back into
 * the database (writer.c). */
#define WRITER_CHECKPOINT_PAGES 24000

/* A job: runs on the writer's connection inside the group's transaction. Returns 0, or a
 * negative ZF_E* with err filled (the job's writes are then rolled back). A job may run more
 * than once (when another job of its group failed after writing, the group runs again), so
 * it must have no effect outside the database; it is cheapest when it makes every check
 * that can fail before its first write. */
typedef int (*writer_job_fn)(struct store *s, void *arg, struct zf_err *err);

/* Starts the writer thread with its own connection to the database at path. max_group
 * bounds the jobs per transaction (0 = 512). Returns 0 or ZF_EIO. */
int writer_start(const char *path, int max_group, struct writer **out, struct zf_err *err);

/* Runs fn(arg) in the next group and waits until that group has committed. Returns the
 * job's own result (0 only when its writes are durable), or ZF_EIO when the group's commit
 * failed (nothing of the group was written). Safe from any number of threads. */
int writer_submit(struct writer *w, writer_job_fn fn, void *arg, struct zf_err *err);

/* Called on the writer's sync thread once an asynchronous job's group is durable (rc 0) or
 * the job failed (rc < 0, err filled; borrowed for the call). Must be quick and must not
 * block. */
typedef void (*writer_done_fn)(void *done_arg, int rc, const struct zf_err *err);

/* Like writer_submit without waiting: queues fn(arg) and returns at once; done(done_arg, rc,
 * err) follows when the job's group is durable or the job failed. arg must live until then.
 * Returns 0 (done will be called exactly once) or ZF_EIO when the writer is stopping (done
 * will not be called). */
int writer_submit_async(struct writer *w, writer_job_fn fn, void *arg, writer_done_fn done,
			void *done_arg, struct zf_err *err);

/* Finishes the queued jobs, stops the thread, closes the connection. Accepts NULL. */
void writer_stop(struct writer *w);

struct writer_stats {
	unsigned long long jobs, groups, failed_jobs, syncs;
	unsigned long long careful_groups; /* groups run again with a savepoint per job */
};
void writer_get_stats(struct writer *w, struct writer_stats *out);

#endif
