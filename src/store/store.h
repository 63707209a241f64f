/* store.h: the one door to the database. Only src/store/ includes sqlite3.h, so that a
 * PostgreSQL store can stand behind the same functions. SQL passed here is portable:
 * `?` parameters, no SQLite-only functions. */
#ifndef ZF_STORE_STORE_H
#define ZF_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct store; /* one connection */
struct stmt;  /* one prepared statement, cached by the connection */

enum { STORE_DONE = 0, STORE_ROW = 1 };

/* Opens (creating if needed) the database at path: WAL, foreign keys, busy timeout, and
 * every migration not yet applied. On success *out owns the connection (store_close).
 * Returns 0, ZF_EIO when the file cannot be opened or a migration fails. */
int store_open(const char *path, struct store **out, struct zf_err *err);
/* Opens without applying migrations (read-only tools); same returns as store_open. */
int store_open_plain(const char *path, struct store **out, struct zf_err *err);
void store_close(struct store *s);
const char *store_path(const struct store *s);
/* One pointer a room keeps with a connection, for what it caches about it (the ballots keep
 * the writer's token hints there); free_fn(p) runs when it is replaced or the connection
 * closes. */
void *store_slot(struct store *s);
void store_set_slot(struct store *s, void *p, void (*free_fn)(void *));
/* Highest applied migration number. */
int store_schema_version(struct store *s);

/* Returns a cached prepared statement for sql, reset and unbound; NULL with err on a bad
 * statement (a bug: the message says which). The connection owns it: do not finalize. */
struct stmt *store_prepare(struct store *s, const char *sql, struct zf_err *err);

void stmt_bind_int(struct stmt *st, int idx, int64_t v);
void stmt_bind_double(struct stmt *st, int idx, double v);
/* NULL binds SQL NULL. The text is copied. */
void stmt_bind_text(struct stmt *st, int idx, const char *v);
void stmt_bind_blob(struct stmt *st, int idx, const void *p, size_t n);
void stmt_bind_null(struct stmt *st, int idx);

/* Steps: STORE_ROW, STORE_DONE, or a negative ZF_E* (ZF_ECONFLICT on a constraint) with err. */
int stmt_step(struct stmt *st, struct zf_err *err);
/* Resets the statement so it can be reused (also done by store_prepare). */
void stmt_reset(struct stmt *st);

int64_t stmt_int(struct stmt *st, int col);
double stmt_double(struct stmt *st, int col);
/* Borrowed until the next step or reset; "" for NULL. */
const char *stmt_text(struct stmt *st, int col);
const void *stmt_blob(struct stmt *st, int col, size_t *n);
bool stmt_is_null(struct stmt *st, int col);
int stmt_columns(struct stmt *st);
const char *stmt_column_name(struct stmt *st, int col);

/* Runs a statement that returns no rows. fmt gives one character per `?`:
 *   i int64, I int64 or NULL when 0, d double, t text (NULL binds NULL),
 *   T text or NULL when "", n NULL.
 * Returns 0 or a negative ZF_E* with err; ZF_ECONFLICT for a constraint. */
int store_run(struct store *s, struct zf_err *err, const char *sql, const char *fmt, ...);
/* Like store_run for a query of one integer: *out gets column 0 of the first row.
 * Returns 0, ZF_ENOTFOUND when there is no row, or a negative ZF_E*. */
int store_query_int(struct store *s, struct zf_err *err, int64_t *out, const char *sql,
		    const char *fmt, ...);

/* Transactions. begin takes the write lock at once (BEGIN IMMEDIATE); nesting is an error.
 * Each returns 0 or ZF_EIO with err. */
int store_begin(struct store *s, struct zf_err *err);
int store_commit(struct store *s, struct zf_err *err);
void store_rollback(struct store *s);
bool store_in_tx(struct store *s);
/* A write that may run alone or inside a caller's transaction: store_tx_open begins one
 * when none is open (*own true) or joins the caller's (*own false); store_tx_close, given
 * the write's result rc, commits or rolls back what it owns and returns rc (or the commit's
 * error). A joined failure is left for the caller to roll back. */
int store_tx_open(struct store *s, bool *own, struct zf_err *err);
int store_tx_close(struct store *s, bool own, int rc, struct zf_err *err);

/* A read snapshot: the statements between store_read_begin and store_read_end see one state
 * of the database, and the connection checks its page cache against the log once for all of
 * them instead of once each (after another connection's commit, each check empties the
 * cache). Inside a transaction both do nothing. */
void store_read_begin(struct store *s);
void store_read_end(struct store *s);

/* Runs a script of statements without parameters (migrations, tests). */
int store_exec(struct store *s, const char *sql, struct zf_err *err);
int64_t store_last_id(struct store *s);
int store_changes(struct store *s);
/* Rows changed by every statement since the connection opened (to see whether a piece of
 * work wrote anything). */
int64_t store_total_changes(struct store *s);

/* A mark of the database as a connection's transaction saw it, for a cache kept with the
 * connection: store_mark_holds tells whether nothing can have changed since the mark was
 * set. It holds while the connection stays inside transactions, has written no row and
 * rolled nothing back since, and no other connection has committed (checked by PRAGMA
 * data_version once after each of its transactions that wrote, or read through
 * store_read_begin). store_mark_wrote accepts the rows the caller has just written itself
 * as changing nothing the cache knows. Only inside a transaction: outside one a mark is
 * never set and never holds. */
struct store_mark {
	bool set;
	uint64_t commits, rollbacks;
	int64_t changes, data_version;
};
void store_mark_set(struct store *s, struct store_mark *m);
bool store_mark_holds(struct store *s, struct store_mark *m);
void store_mark_wrote(struct store *s, struct store_mark *m);

/* Copies as much of the write-ahead log into the database as readers allow, without
 * waiting for them. Returns 0 or ZF_EIO. */
int store_checkpoint(struct store *s);
/* Turns off the automatic checkpoints of s (its owner calls store_checkpoint itself); from
 * then on store_wal_pages tells the log's size in pages after the last commit on s. */
void store_checkpoint_manually(struct store *s);
int store_wal_pages(const struct store *s);

/* Reads s through the page cache instead of a memory map of the file. For the server's
 * connections: SQLite drops a connection's whole map each time another connection has
 * changed the database, and under a stream of ballots that is every request, each drop
 * costing an munmap and a TLB flush on every core. Bulk readers (rank) keep the map. */
void store_unmapped(struct store *s);
/* Drops the connection's map of the database file and maps it again, empty: its resident
 * pages are then only those touched from now on (the writer does it after each checkpoint,
 * since one walk through the tokens would otherwise keep the whole file resident). Outside
 * a transaction. */
void store_remap(struct store *s);

/* For a connection whose owner makes its commits durable itself (the group-commit writer):
 * commits write the log without waiting for the disk (synchronous=NORMAL; checkpoints still
 * sync), and store_log_path names the write-ahead log file to sync. Returns 0 or ZF_EIO. */
int store_defer_sync(struct store *s, struct zf_err *err);
const char *store_log_path(struct store *s);

/* Copies the database to path with the online backup API while it stays in use. */
int store_backup(struct store *s, const char *path, struct zf_err *err);

#endif
