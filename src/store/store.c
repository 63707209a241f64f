/* store.c: SQLite behind store.h: pragmas, migrations, a per-connection statement cache,
 * transactions and the online backup. */
#include "store/store.h"
#include "store/migrations.h"
#include "store/vfs.h"
#include "base/util.h"
#include "base/log.h"
#include "base/timeutil.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#define STMT_CACHE   128
#define STMT_BY_ADDR 256

struct stmt {
	sqlite3_stmt *st;
	const char *sql; /* the caller's string, as last asked for */
	char *text;	 /* a copy of its text */
	struct stmt *next;
};

struct store {
	sqlite3 *db;
	char *path;
	int in_tx;
	bool read_tx;  /* a snapshot of store_read_begin is open */
	int wal_pages; /* the WAL's size after the last commit, with manual checkpoints */
	struct stmt *cache[STMT_CACHE];	    /* by the hash of the text */
	struct stmt *by_addr[STMT_BY_ADDR]; /* the last statement asked for by a string's address */
	void *slot;			    /* store_set_slot */
	void (*slot_free)(void *);
	uint64_t commits, rollbacks; /* transactions ended, for store_mark_holds */
};

/* Every transaction that ends, explicit or not, and however it ends (SQLite undoes some
 * failed statements' transactions by itself). A transaction that wrote nothing ends
 * without the commit hook: store_read_end counts its snapshots itself. */
static int on_commit(void *arg)
{
	((struct store *)arg)->commits++;
	return 0;
}

static void on_rollback(void *arg)
{
	((struct store *)arg)->rollbacks++;
}

/* Process-wide settings, before the first connection: no memory statistics (they take a
 * global mutex on every allocation, which serialises the worker threads). */
static void configure_sqlite(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_initialize();
	if (store_vfs_register() < 0)
		zf_log(LOG_WARN, "the database log is written frame by frame",
		       "reason=\"the gathering VFS could not be registered\"");
}

static int open_conn(const char *path, struct store **out, struct zf_err *err)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, configure_sqlite);
	struct store *s = xcalloc(1, sizeof *s);
	int rc = sqlite3_open_v2(
	    path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		zf_err_set(err, ZF_EIO, NULL, "cannot open database %s: %s", path,
			   s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
		store_close(s);
		return ZF_EIO;
	}
	s->path = xstrdup(path);
	sqlite3_commit_hook(s->db, on_commit, s);
	sqlite3_rollback_hook(s->db, on_rollback, s);
	sqlite3_busy_timeout(s->db, 10000);
	sqlite3_extended_result_codes(s->db, 1);
	/* 2 KiB pages for a new database (an existing one keeps its own): a ballot is a row
	 * of some sixty bytes inserted at a random place (its id is random, so that the order
	 * tells nothing), so each ballot rewrites one whole page in the log and again when the
	 * log is copied back; halving the page halves those bytes, and the time the log's
	 * fdatasync takes under load, while scans and reports are no slower */
	static const char *pragmas = "PRAGMA page_size=2048;"
				     "PRAGMA journal_mode=WAL;"
				     "PRAGMA synchronous=FULL;"
				     "PRAGMA foreign_keys=ON;"
				     "PRAGMA temp_store=MEMORY;"
				     "PRAGMA mmap_size=268435456;";
	char *msg = NULL;
	rc = sqlite3_exec(s->db, pragmas, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		zf_err_set(err, ZF_EIO, NULL, "cannot set up database %s: %s", path,
			   msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		store_close(s);
		return ZF_EIO;
	}
	*out = s;
	return 0;
}

int store_schema_version(struct store *s)
{
	int64_t v = 0;
	if (store_query_int(s, NULL, &v, "SELECT max(version) FROM schema_migrations", "") < 0)
		return 0;
	return (int)v;
}

static int migrate(struct store *s, struct zf_err *err)
{
	int rc = store_exec(s,
			    "CREATE TABLE IF NOT EXISTS schema_migrations ("
			    " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
			    " applied_at TEXT NOT NULL)",
			    err);
	if (rc < 0)
		return rc;
	/* every migration not yet applied, in order: a lower number merged after a higher one
	 * was applied is applied too, rather than skipped */
	for (int i = 0; i < store_migrations_count; i++) {
		const struct migration *m = &store_migrations[i];
		int64_t applied = 0;
		if ((rc =
			 store_query_int(s, err, &applied,
					 "SELECT count(*) FROM schema_migrations WHERE version = ?",
					 "i", (int64_t)m->version)) < 0)
			return rc;
		if (applied)
			continue;
		char now[32];
		time_format_iso(time_now(), now, sizeof now);
		if ((rc = store_begin(s, err)) < 0)
			return rc;
		rc = store_exec(s, m->sql, err);
		if (rc == 0)
			rc = store_run(s, err,
				       "INSERT INTO schema_migrations(version, name, applied_at)"
				       " VALUES (?, ?, ?)",
				       "itt", (int64_t)m->version, m->name, now);
		if (rc == 0)
			rc = store_commit(s, err);
		if (rc < 0) {
			store_rollback(s);
			zf_err_set(err, ZF_EIO, NULL, "migration %s failed: %s", m->name,
				   err ? err->msg : "");
			return ZF_EIO;
		}
		zf_log(LOG_INFO, "migration applied", "version=%d name=%s", m->version, m->name);
	}
	return 0;
}

int store_open(const char *path, struct store **out, struct zf_err *err)
{
	struct store *s;
	int rc = open_conn(path, &s, err);
	if (rc < 0)
		return rc;
	if ((rc = migrate(s, err)) < 0) {
		store_close(s);
		return rc;
	}
	*out = s;
	return 0;
}

int store_open_plain(const char *path, struct store **out, struct zf_err *err)
{
	return open_conn(path, out, err);
}

void store_close(struct store *s)
{
	if (!s)
		return;
	if (s->slot_free)
		s->slot_free(s->slot);
	for (int i = 0; i < STMT_CACHE; i++) {
		struct stmt *c = s->cache[i], *n;
		for (; c; c = n) {
			n = c->next;
			sqlite3_finalize(c->st);
			free(c->text);
			free(c);
		}
	}
	if (s->db)
		sqlite3_close_v2(s->db);
	free(s->path);
	free(s);
}

const char *store_path(const struct store *s)
{
	return s->path;
}

void *store_slot(struct store *s)
{
	return s->slot;
}

void store_set_slot(struct store *s, void *p, void (*free_fn)(void *))
{
	if (s->slot_free)
		s->slot_free(s->slot);
	s->slot = p;
	s->slot_free = free_fn;
}

static unsigned hash_str(const char *p)
{
	unsigned h = 2166136261u;
	for (; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return h;
}

static struct stmt *reused(struct stmt *c)
{
	sqlite3_reset(c->st);
	sqlite3_clear_bindings(c->st);
	return c;
}

struct stmt *store_prepare(struct store *s, const char *sql, struct zf_err *err)
{
	/* the usual call passes a string constant: found by its address first, which saves
	 * hashing a long text on every call (the text is still compared: a buffer's address
	 * may hold another statement next time) */
	struct stmt **by_addr = &s->by_addr[((uintptr_t)sql >> 3) % STMT_BY_ADDR], *c = *by_addr;
	if (c && c->sql == sql && !sqlite3_stmt_busy(c->st) && !strcmp(c->text, sql))
		return reused(c);
	unsigned h = hash_str(sql) % STMT_CACHE;
	for (c = s->cache[h]; c; c = c->next) {
		/* a statement still stepping belongs to a caller reading its rows: never reset
		 * it under them; a second copy is prepared and cached beside it instead */
		if (!sqlite3_stmt_busy(c->st) && !strcmp(c->text, sql)) {
			c->sql = sql;
			*by_addr = c;
			return reused(c);
		}
	}
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	if (rc != SQLITE_OK) {
		zf_err_set(err, ZF_EINTERNAL, NULL, "bad statement (%s): %s", sqlite3_errmsg(s->db),
			   sql);
		zf_log(LOG_ERROR, "bad statement", "error=\"%s\"", sqlite3_errmsg(s->db));
		return NULL;
	}
	c = xcalloc(1, sizeof *c);
	c->st = st;
	c->sql = sql;
	c->text = xstrdup(sql);
	c->next = s->cache[h];
	s->cache[h] = c;
	*by_addr = c;
	return c;
}

void stmt_bind_int(struct stmt *st, int idx, int64_t v)
{
	sqlite3_bind_int64(st->st, idx, v);
}

void stmt_bind_double(struct stmt *st, int idx, double v)
{
	sqlite3_bind_double(st->st, idx, v);
}

void stmt_bind_text(struct stmt *st, int idx, const char *v)
{
	if (v)
		sqlite3_bind_text(st->st, idx, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st->st, idx);
}

void stmt_bind_blob(struct stmt *st, int idx, const void *p, size_t n)
{
	sqlite3_bind_blob(st->st, idx, p, (int)n, SQLITE_TRANSIENT);
}

void stmt_bind_null(struct stmt *st, int idx)
{
	sqlite3_bind_null(st->st, idx);
}

int stmt_step(struct stmt *st, struct zf_err *err)
{
	int rc = sqlite3_step(st->st);
	if (rc == SQLITE_ROW)
		return STORE_ROW;
	if (rc == SQLITE_DONE)
		return STORE_DONE;
	sqlite3 *db = sqlite3_db_handle(st->st);
	int code = (rc & 0xff) == SQLITE_CONSTRAINT ? ZF_ECONFLICT : ZF_EIO;
	zf_err_set(err, code, NULL, "%s", sqlite3_errmsg(db));
	sqlite3_reset(st->st);
	return code;
}

void stmt_reset(struct stmt *st)
{
	sqlite3_reset(st->st);
}

int64_t stmt_int(struct stmt *st, int col)
{
	return sqlite3_column_int64(st->st, col);
}

double stmt_double(struct stmt *st, int col)
{
	return sqlite3_column_double(st->st, col);
}

const char *stmt_text(struct stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st->st, col);
	return t ? (const char *)t : "";
}

const void *stmt_blob(struct stmt *st, int col, size_t *n)
{
	const void *p = sqlite3_column_blob(st->st, col);
	*n = (size_t)sqlite3_column_bytes(st->st, col);
	return p;
}

bool stmt_is_null(struct stmt *st, int col)
{
	return sqlite3_column_type(st->st, col) == SQLITE_NULL;
}

int stmt_columns(struct stmt *st)
{
	return sqlite3_column_count(st->st);
}

const char *stmt_column_name(struct stmt *st, int col)
{
	return sqlite3_column_name(st->st, col);
}

static void bind_va(struct stmt *st, const char *fmt, va_list ap)
{
	for (int i = 0; fmt[i]; i++) {
		const char *t;
		int64_t v;
		switch (fmt[i]) {
		case 'i':
			stmt_bind_int(st, i + 1, va_arg(ap, int64_t));
			break;
		case 'I':
			v = va_arg(ap, int64_t);
			if (v)
				stmt_bind_int(st, i + 1, v);
			else
				stmt_bind_null(st, i + 1);
			break;
		case 'd':
			stmt_bind_double(st, i + 1, va_arg(ap, double));
			break;
		case 't':
			stmt_bind_text(st, i + 1, va_arg(ap, const char *));
			break;
		case 'T':
			t = va_arg(ap, const char *);
			stmt_bind_text(st, i + 1, t && *t ? t : NULL);
			break;
		case 'n':
			stmt_bind_null(st, i + 1);
			break;
		default:
			abort(); /* a bug in the caller's format */
		}
	}
}

int store_run(struct store *s, struct zf_err *err, const char *sql, const char *fmt, ...)
{
	struct stmt *st = store_prepare(s, sql, err);
	va_list ap;
	int rc;
	if (!st)
		return ZF_EINTERNAL;
	va_start(ap, fmt);
	bind_va(st, fmt, ap);
	va_end(ap);
	while ((rc = stmt_step(st, err)) == STORE_ROW)
		;
	stmt_reset(st);
	return rc;
}

int store_query_int(struct store *s, struct zf_err *err, int64_t *out, const char *sql,
		    const char *fmt, ...)
{
	struct stmt *st = store_prepare(s, sql, err);
	va_list ap;
	int rc;
	if (!st)
		return ZF_EINTERNAL;
	va_start(ap, fmt);
	bind_va(st, fmt, ap);
	va_end(ap);
	rc = stmt_step(st, err);
	if (rc == STORE_ROW) {
		*out = stmt_int(st, 0);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = ZF_ENOTFOUND;
	}
	stmt_reset(st);
	return rc;
}

int store_exec(struct store *s, const char *sql, struct zf_err *err)
{
	char *msg = NULL;
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		int code = (rc & 0xff) == SQLITE_CONSTRAINT ? ZF_ECONFLICT : ZF_EIO;
		zf_err_set(err, code, NULL, "%s", msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return code;
	}
	return 0;
}

/* store_exec for a statement run often (BEGIN, COMMIT): prepared once, not parsed each
 * time. */
static int exec_prepared(struct store *s, const char *sql, struct zf_err *err)
{
	struct stmt *st = store_prepare(s, sql, err);
	if (!st)
		return ZF_EINTERNAL;
	int rc = sqlite3_step(st->st);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
		sqlite3_reset(st->st);
		return 0;
	}
	int code = (rc & 0xff) == SQLITE_CONSTRAINT ? ZF_ECONFLICT : ZF_EIO;
	zf_err_set(err, code, NULL, "%s", sqlite3_errmsg(s->db));
	sqlite3_reset(st->st);
	return code;
}

int store_begin(struct store *s, struct zf_err *err)
{
	if (s->in_tx)
		return zf_err_set(err, ZF_EINTERNAL, NULL, "nested transaction");
	int rc = exec_prepared(s, "BEGIN IMMEDIATE", err);
	if (rc == 0)
		s->in_tx = 1;
	return rc;
}

int store_commit(struct store *s, struct zf_err *err)
{
	int rc = exec_prepared(s, "COMMIT", err);
	if (rc == 0)
		s->in_tx = 0;
	return rc;
}

void store_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->in_tx = 0;
}

void store_read_begin(struct store *s)
{
	if (!s->in_tx && !s->read_tx && sqlite3_get_autocommit(s->db))
		s->read_tx = store_run(s, NULL, "BEGIN", "") == 0;
}

void store_read_end(struct store *s)
{
	if (s->read_tx && store_run(s, NULL, "COMMIT", "") < 0)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	if (s->read_tx)
		s->commits++; /* a snapshot that wrote nothing: SQLite calls no commit hook */
	s->read_tx = false;
}

bool store_in_tx(struct store *s)
{
	return s->in_tx;
}

int store_tx_open(struct store *s, bool *own, struct zf_err *err)
{
	*own = !s->in_tx;
	return *own ? store_begin(s, err) : 0;
}

int store_tx_close(struct store *s, bool own, int rc, struct zf_err *err)
{
	if (!own)
		return rc;
	if (rc == 0)
		rc = store_commit(s, err);
	if (rc < 0)
		store_rollback(s);
	return rc;
}

int64_t store_last_id(struct store *s)
{
	return sqlite3_last_insert_rowid(s->db);
}

int store_changes(struct store *s)
{
	return sqlite3_changes(s->db);
}

int64_t store_total_changes(struct store *s)
{
	return sqlite3_total_changes64(s->db);
}

static int64_t data_version(struct store *s)
{
	int64_t v = -1;
	if (store_query_int(s, NULL, &v, "PRAGMA data_version", "") < 0)
		return -1;
	return v;
}

void store_mark_set(struct store *s, struct store_mark *m)
{
	*m = (struct store_mark){.set = !sqlite3_get_autocommit(s->db),
				 .commits = s->commits,
				 .rollbacks = s->rollbacks,
				 .changes = sqlite3_total_changes64(s->db),
				 .data_version = data_version(s)};
	m->set = m->set && m->data_version >= 0;
}

bool store_mark_holds(struct store *s, struct store_mark *m)
{
	if (!m->set || sqlite3_get_autocommit(s->db) || s->rollbacks != m->rollbacks ||
	    sqlite3_total_changes64(s->db) != m->changes)
		return false;
	if (s->commits != m->commits) {
		/* a transaction of this connection's since: its own writes were counted above,
		 * and another connection's commit before this transaction began shows here */
		int64_t v = data_version(s);
		if (v < 0 || v != m->data_version)
			return false;
		m->commits = s->commits;
	}
	return true;
}

void store_mark_wrote(struct store *s, struct store_mark *m)
{
	m->changes = sqlite3_total_changes64(s->db);
}

static int wal_hook(void *arg, sqlite3 *db, const char *name, int pages)
{
	(void)db;
	(void)name;
	((struct store *)arg)->wal_pages = pages;
	return SQLITE_OK;
}

void store_checkpoint_manually(struct store *s)
{
	sqlite3_wal_hook(s->db, wal_hook, s);
}

int store_wal_pages(const struct store *s)
{
	return s->wal_pages;
}

void store_unmapped(struct store *s)
{
	sqlite3_exec(s->db, "PRAGMA mmap_size=0", NULL, NULL, NULL);
}

void store_remap(struct store *s)
{
	sqlite3_exec(s->db, "PRAGMA mmap_size=0; PRAGMA mmap_size=268435456", NULL, NULL, NULL);
}

int store_defer_sync(struct store *s, struct zf_err *err)
{
	return store_exec(s, "PRAGMA synchronous=NORMAL", err);
}

const char *store_log_path(struct store *s)
{
	return sqlite3_filename_wal(sqlite3_db_filename(s->db, "main"));
}

int store_checkpoint(struct store *s)
{
	int log = 0, done = 0;
	return sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &done) ==
		       SQLITE_OK
		   ? 0
		   : ZF_EIO;
}

int store_backup(struct store *s, const char *path, struct zf_err *err)
{
	sqlite3 *dst;
	int rc = sqlite3_open(path, &dst);
	if (rc != SQLITE_OK) {
		zf_err_set(err, ZF_EIO, "path", "cannot create %s: %s", path,
			   dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
		sqlite3_close(dst);
		return ZF_EIO;
	}
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", s->db, "main");
	if (!b) {
		zf_err_set(err, ZF_EIO, "path", "backup to %s failed: %s", path,
			   sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return ZF_EIO;
	}
	do {
		rc = sqlite3_backup_step(b, 256);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		zf_err_set(err, ZF_EIO, "path", "backup to %s failed: %s", path,
			   sqlite3_errstr(rc));
		sqlite3_close(dst);
		return ZF_EIO;
	}
	rc = sqlite3_close(dst);
	return rc == SQLITE_OK ? 0 : zf_err_set(err, ZF_EIO, "path", "closing %s failed", path);
}
