/* vfs.c: the VFS every connection uses: SQLite's default one, except that the frames a
 * commit appends to the write-ahead log are written with one system call instead of two per
 * page.
 *
 * SQLite writes each log frame as a 24-byte header and then the page, two pwrite calls; a
 * group of the writer's ballots appends a dozen frames or more. Here consecutive writes to a
 * log are gathered in a buffer, and any other operation of the same connection on its log or
 * its database file writes them out first: the commit's next step is always one (xShmMap or
 * xShmBarrier while it publishes the new frames in the log's index, xSync when the
 * connection syncs its commits, xRead when it checkpoints). So a frame is in the file before
 * any reader can learn that it exists, and before the connection, or the writer's syncer
 * after it, syncs the log; a frame still in the buffer belongs to a commit that has not
 * returned, exactly as one still in SQLite's hands. A log is paired with its connection's
 * database file by name: SQLite opens it as sqlite3_filename_wal() of the database's name.
 *
 * xShmBarrier cannot return an error. A log write that fails there stops the process, as
 * PostgreSQL stops on a failed log write: the commit has not been published and nothing of
 * it has been acknowledged, and the next start recovers the log up to its last whole commit.
 * Everywhere else the failure is returned as SQLite's own write would return it. */
#include "store/vfs.h"
#include "base/log.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Bytes of log gathered before they are written: under 128 KiB, the most the default VFS
 * writes in one call (its pwrite takes the size modulo 128 KiB). */
#define GATHER_MAX (120 * 1024)

struct gfile {
	sqlite3_file base;
	sqlite3_file *real; /* the default VFS's file, allocated right after this one */
	/* a database file: the name its log will have, and the log once open */
	const char *log_name;
	struct gfile *log;
	/* a log: its database file; gathering only when it has one */
	struct gfile *db;
	struct gfile *next_db; /* the open database files, for pairing */
	char *buf;	       /* GATHER_MAX bytes, once used */
	int len;	       /* pending bytes, for the file range [off, off + len) */
	sqlite3_int64 off;
};

static sqlite3_vfs *real_vfs;
static sqlite3_vfs gather_vfs;
static pthread_mutex_t pairing = PTHREAD_MUTEX_INITIALIZER;
static struct gfile *dbs;

/* Writes out the log's gathered bytes. */
static int write_out(struct gfile *log)
{
	int n = log->len;
	log->len = 0;
	return n ? log->real->pMethods->xWrite(log->real, log->buf, n, log->off) : SQLITE_OK;
}

/* Before any operation on p but a gathered write: p's log, or p itself, is written out. */
static int flush(sqlite3_file *p)
{
	struct gfile *f = (struct gfile *)p;
	struct gfile *log = f->log ? f->log : f;
	return log->len ? write_out(log) : SQLITE_OK;
}

#define REAL(p) (((struct gfile *)(p))->real)

static int g_close(sqlite3_file *p)
{
	struct gfile *f = (struct gfile *)p;
	int rc = flush(p);
	pthread_mutex_lock(&pairing);
	if (f->db) /* a log */
		f->db->log = NULL;
	if (f->log_name) { /* a database file */
		if (f->log)
			f->log->db = NULL;
		for (struct gfile **q = &dbs; *q; q = &(*q)->next_db)
			if (*q == f) {
				*q = f->next_db;
				break;
			}
	}
	pthread_mutex_unlock(&pairing);
	int rc2 = f->real->pMethods->xClose(f->real);
	free(f->buf);
	f->buf = NULL;
	return rc != SQLITE_OK ? rc : rc2;
}

static int g_read(sqlite3_file *p, void *out, int n, sqlite3_int64 off)
{
	int rc = flush(p);
	return rc != SQLITE_OK ? rc : REAL(p)->pMethods->xRead(REAL(p), out, n, off);
}

static int g_write(sqlite3_file *p, const void *data, int n, sqlite3_int64 off)
{
	struct gfile *f = (struct gfile *)p;
	if (f->len && off == f->off + f->len && f->len + n <= GATHER_MAX) {
		memcpy(f->buf + f->len, data, (size_t)n);
		f->len += n;
		return SQLITE_OK;
	}
	int rc = flush(p);
	if (rc != SQLITE_OK)
		return rc;
	if (!f->db || n > GATHER_MAX / 4 || (!f->buf && !(f->buf = malloc(GATHER_MAX))))
		return f->real->pMethods->xWrite(f->real, data, n, off);
	memcpy(f->buf, data, (size_t)n);
	f->len = n;
	f->off = off;
	return SQLITE_OK;
}

static int g_truncate(sqlite3_file *p, sqlite3_int64 size)
{
	int rc = flush(p);
	return rc != SQLITE_OK ? rc : REAL(p)->pMethods->xTruncate(REAL(p), size);
}

static int g_sync(sqlite3_file *p, int flags)
{
	int rc = flush(p);
	return rc != SQLITE_OK ? rc : REAL(p)->pMethods->xSync(REAL(p), flags);
}

static int g_file_size(sqlite3_file *p, sqlite3_int64 *size)
{
	int rc = flush(p);
	return rc != SQLITE_OK ? rc : REAL(p)->pMethods->xFileSize(REAL(p), size);
}

static int g_lock(sqlite3_file *p, int level)
{
	int rc = flush(p);
	return rc != SQLITE_OK ? rc : REAL(p)->pMethods->xLock(REAL(p), level);
}

static int g_unlock(sqlite3_file *p, int level)
{
	int rc = flush(p);
	return rc != SQLITE_OK ? rc : REAL(p)->pMethods->xUnlock(REAL(p), level);
}

static int g_check_reserved(sqlite3_file *p, int *out)
{
	int rc = flush(p);
	return rc != SQLITE_OK ? rc : REAL(p)->pMethods->xCheckReservedLock(REAL(p), out);
}

static int g_file_control(sqlite3_file *p, int op, void *arg)
{
	int rc = flush(p);
	return rc != SQLITE_OK ? rc : REAL(p)->pMethods->xFileControl(REAL(p), op, arg);
}

static int g_sector_size(sqlite3_file *p)
{
	return REAL(p)->pMethods->xSectorSize(REAL(p));
}

static int g_device_characteristics(sqlite3_file *p)
{
	return REAL(p)->pMethods->xDeviceCharacteristics(REAL(p));
}

static int g_shm_map(sqlite3_file *p, int page, int size, int extend, void volatile **out)
{
	int rc = flush(p);
	return rc != SQLITE_OK ? rc : REAL(p)->pMethods->xShmMap(REAL(p), page, size, extend, out);
}

static int g_shm_lock(sqlite3_file *p, int offset, int n, int flags)
{
	int rc = flush(p);
	return rc != SQLITE_OK ? rc : REAL(p)->pMethods->xShmLock(REAL(p), offset, n, flags);
}

static void g_shm_barrier(sqlite3_file *p)
{
	if (flush(p) != SQLITE_OK) {
		zf_log(LOG_ERROR, "cannot write the database log: stopping",
		       "detail=\"the last commit was not published; the next start recovers "
		       "the log\"");
		abort();
	}
	REAL(p)->pMethods->xShmBarrier(REAL(p));
}

static int g_shm_unmap(sqlite3_file *p, int del)
{
	int rc = flush(p);
	return rc != SQLITE_OK ? rc : REAL(p)->pMethods->xShmUnmap(REAL(p), del);
}

static int g_fetch(sqlite3_file *p, sqlite3_int64 off, int n, void **out)
{
	int rc = flush(p);
	return rc != SQLITE_OK ? rc : REAL(p)->pMethods->xFetch(REAL(p), off, n, out);
}

static int g_unfetch(sqlite3_file *p, sqlite3_int64 off, void *page)
{
	return REAL(p)->pMethods->xUnfetch(REAL(p), off, page);
}

static const sqlite3_io_methods gather_methods = {
    .iVersion = 3,
    .xClose = g_close,
    .xRead = g_read,
    .xWrite = g_write,
    .xTruncate = g_truncate,
    .xSync = g_sync,
    .xFileSize = g_file_size,
    .xLock = g_lock,
    .xUnlock = g_unlock,
    .xCheckReservedLock = g_check_reserved,
    .xFileControl = g_file_control,
    .xSectorSize = g_sector_size,
    .xDeviceCharacteristics = g_device_characteristics,
    .xShmMap = g_shm_map,
    .xShmLock = g_shm_lock,
    .xShmBarrier = g_shm_barrier,
    .xShmUnmap = g_shm_unmap,
    .xFetch = g_fetch,
    .xUnfetch = g_unfetch,
};

static int g_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *p, int flags, int *out_flags)
{
	struct gfile *f = (struct gfile *)p;
	(void)vfs;
	memset(f, 0, sizeof *f);
	f->real = (sqlite3_file *)(f + 1);
	int rc = real_vfs->xOpen(real_vfs, name, f->real, flags, out_flags);
	if (rc != SQLITE_OK || !f->real->pMethods) {
		f->base.pMethods = NULL;
		return rc != SQLITE_OK ? rc : SQLITE_CANTOPEN;
	}
	/* the default VFS's files have every method of version 3; a log needs none else */
	if (f->real->pMethods->iVersion < 3) {
		f->real->pMethods->xClose(f->real);
		f->base.pMethods = NULL;
		return SQLITE_CANTOPEN;
	}
	f->base.pMethods = &gather_methods;
	pthread_mutex_lock(&pairing);
	if ((flags & SQLITE_OPEN_MAIN_DB) && name) {
		f->log_name = sqlite3_filename_wal(name);
		f->next_db = dbs;
		dbs = f;
	} else if ((flags & SQLITE_OPEN_WAL) && name) {
		for (struct gfile *d = dbs; d; d = d->next_db)
			if (d->log_name == name && !d->log) {
				d->log = f;
				f->db = d;
				break;
			}
	}
	pthread_mutex_unlock(&pairing);
	return SQLITE_OK;
}

static int g_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
	(void)vfs;
	return real_vfs->xDelete(real_vfs, name, sync_dir);
}

static int g_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	(void)vfs;
	return real_vfs->xAccess(real_vfs, name, flags, out);
}

static int g_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	(void)vfs;
	return real_vfs->xFullPathname(real_vfs, name, n, out);
}

static int g_randomness(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return real_vfs->xRandomness(real_vfs, n, out);
}

static int g_sleep(sqlite3_vfs *vfs, int us)
{
	(void)vfs;
	return real_vfs->xSleep(real_vfs, us);
}

static int g_current_time(sqlite3_vfs *vfs, double *out)
{
	(void)vfs;
	return real_vfs->xCurrentTime(real_vfs, out);
}

static int g_last_error(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return real_vfs->xGetLastError(real_vfs, n, out);
}

static int g_current_time64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
	(void)vfs;
	return real_vfs->xCurrentTimeInt64(real_vfs, out);
}

int store_vfs_register(void)
{
	real_vfs = sqlite3_vfs_find(NULL);
	if (!real_vfs || real_vfs->iVersion < 2)
		return -1;
	gather_vfs = (sqlite3_vfs){
	    .iVersion = 2,
	    .szOsFile = (int)sizeof(struct gfile) + real_vfs->szOsFile,
	    .mxPathname = real_vfs->mxPathname,
	    .zName = "zuofeng",
	    .xOpen = g_open,
	    .xDelete = g_delete,
	    .xAccess = g_access,
	    .xFullPathname = g_full_pathname,
	    .xRandomness = g_randomness,
	    .xSleep = g_sleep,
	    .xCurrentTime = g_current_time,
	    .xGetLastError = g_last_error,
	    .xCurrentTimeInt64 = g_current_time64,
	};
	return sqlite3_vfs_register(&gather_vfs, 1) == SQLITE_OK ? 0 : -1;
}
