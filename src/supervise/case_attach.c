/* case_attach.c: evidence files of a case. The bytes live outside the database, in the
 * directory "<db path>.files/" (mode 0700), each file named by its SHA-256 so that equal
 * files are stored once and a changed file is detected when read. The type is decided by
 * the content's magic bytes, never by the name a browser sends. */
#include "supervise/case_impl.h"
#include "base/timeutil.h"
#include "base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool has(const void *d, size_t n, size_t off, const char *magic, size_t mlen)
{
	return n >= off + mlen && !memcmp((const char *)d + off, magic, mlen);
}

/* Whether needle occurs in the first max bytes of d. */
static bool contains(const void *d, size_t n, const char *needle, size_t max)
{
	size_t l = strlen(needle), lim = n < max ? n : max;
	for (size_t i = 0; i + l <= lim; i++)
		if (!memcmp((const char *)d + i, needle, l))
			return true;
	return false;
}

/* The MIME type of an accepted file, or NULL. */
static const char *sniff(const void *d, size_t n)
{
	if (has(d, n, 0, "%PDF-", 5))
		return "application/pdf";
	if (has(d, n, 0, "\xFF\xD8\xFF", 3))
		return "image/jpeg";
	if (has(d, n, 0, "\x89PNG\r\n\x1A\n", 8))
		return "image/png";
	if (has(d, n, 0, "PK\x03\x04", 4) && contains(d, n, "[Content_Types].xml", 1 << 16)) {
		if (contains(d, n, "word/", n))
			return "application/"
			       "vnd.openxmlformats-officedocument.wordprocessingml.document";
		if (contains(d, n, "xl/", n))
			return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		return NULL;
	}
	if (has(d, n, 0, "ID3", 3) || has(d, n, 0, "\xFF\xFB", 2) || has(d, n, 0, "\xFF\xF3", 2))
		return "audio/mpeg";
	if (has(d, n, 4, "ftyp", 4))
		return "video/mp4";
	return NULL;
}

static void files_dir(struct store *s, char *out, size_t n)
{
	snprintf(out, n, "%s.files", store_path(s));
}

static void sha_hex(const void *d, size_t n, char hex[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, d, n);
	sodium_bin2hex(hex, 65, h, sizeof h);
}

/* Writes the file under its hash unless it is there already: to a temporary name, synced,
 * then renamed, so a crash leaves no half file under a real name. */
static int store_file(const char *dir, const char *hex, const void *d, size_t n, struct zf_err *err)
{
	char path[4200], tmp[4300];
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return zf_err_set(err, ZF_EIO, NULL, "cannot create the evidence directory: %s",
				  strerror(errno));
	snprintf(path, sizeof path, "%s/%s", dir, hex);
	if (access(path, F_OK) == 0)
		return 0;
	snprintf(tmp, sizeof tmp, "%s/.%s.%ld", dir, hex, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return zf_err_set(err, ZF_EIO, NULL, "cannot store the evidence file: %s",
				  strerror(errno));
	const char *p = d;
	size_t left = n;
	while (left > 0) {
		ssize_t w = write(fd, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		p += w;
		left -= (size_t)w;
	}
	int ok = left == 0 && fsync(fd) == 0;
	close(fd);
	if (!ok || rename(tmp, path) < 0) {
		unlink(tmp);
		return zf_err_set(err, ZF_EIO, NULL, "cannot store the evidence file");
	}
	return 0;
}

int case_attach(struct store *s, const char *case_no, const char *name, const void *data,
		size_t len, const struct actor *who, const struct case_viewer *v, int64_t *id,
		struct zf_err *err)
{
	struct case_row c;
	int rc;
	if ((rc = case_load(s, case_no, 0, &c, err)) < 0)
		return rc;
	if (!case_visible(s, c.id, v))
		return zf_err_set(err, ZF_ENOTFOUND, "case_no", "no case %s", case_no);
	if (!strcmp(c.state, "closed"))
		return zf_err_set(err, ZF_ECONFLICT, "state", "case %s is closed (已办结)",
				  case_no);
	if (str_blank(name) || !utf8_valid(name, strlen(name)) || strlen(name) > 100 ||
	    strchr(name, '/'))
		return zf_err_set(err, ZF_EINVAL, "filename",
				  "the file name must be UTF-8, at most 100 bytes, without '/'");
	if (len == 0)
		return zf_err_set(err, ZF_EINVAL, "file", "the file is empty");
	if (len > CASE_ATTACH_MAX)
		return zf_err_set(err, ZF_ETOOBIG, "file", "evidence files are limited to %u MiB",
				  CASE_ATTACH_MAX >> 20);
	const char *mime = sniff(data, len);
	if (!mime)
		return zf_err_set(
		    err, ZF_EINVAL, "file",
		    "not an accepted type: PDF, JPEG, PNG, Word (.docx), Excel (.xlsx), "
		    "MP3 or MP4 (judged by the content)");
	char dir[4096], hex[65], now[32];
	files_dir(s, dir, sizeof dir);
	sha_hex(data, len, hex);
	if ((rc = store_file(dir, hex, data, len, err)) < 0)
		return rc;
	time_format_iso(time_now(), now, sizeof now);
	bool own;
	if ((rc = store_tx_open(s, &own, err)) < 0)
		return rc;
	rc =
	    store_run(s, err,
		      "INSERT INTO case_attachments(case_id, sha256, name, mime, size, uploaded_by,"
		      " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		      "itttitt", c.id, hex, name, mime, (int64_t)len, who->username, now);
	int64_t aid = rc == 0 ? store_last_id(s) : 0;
	if (rc == 0) {
		char today[11];
		case_today(today);
		json_t *d =
		    json_pack("{s:I, s:s, s:s, s:I, s:s}", "attachment", (json_int_t)aid, "name",
			      name, "mime", mime, "size", (json_int_t)len, "sha256", hex);
		rc = case_record(s, who, &c, "attach", NULL, NULL, NULL, d, today, err);
		json_decref(d);
	}
	rc = store_tx_close(s, own, rc, err);
	if (rc == 0 && id)
		*id = aid;
	return rc;
}

int case_attachment_read(struct store *s, const char *case_no, int64_t id,
			 const struct case_viewer *v, char **data, size_t *len, char mime[128],
			 char name[128], struct zf_err *err)
{
	int64_t cid;
	int rc = case_find(s, case_no, &cid, err);
	if (rc < 0)
		return rc;
	if (!case_visible(s, cid, v))
		return zf_err_set(err, ZF_ENOTFOUND, "case_no", "no case %s", case_no);
	struct stmt *st = store_prepare(s,
					"SELECT sha256, mime, name, size FROM case_attachments"
					" WHERE id = ? AND case_id = ?",
					err);
	if (!st)
		return ZF_EIO;
	stmt_bind_int(st, 1, id);
	stmt_bind_int(st, 2, cid);
	char hex[65] = "", dir[4096], path[4200];
	int64_t size = 0;
	rc = stmt_step(st, err);
	if (rc == STORE_ROW) {
		snprintf(hex, sizeof hex, "%s", stmt_text(st, 0));
		snprintf(mime, 128, "%s", stmt_text(st, 1));
		snprintf(name, 128, "%s", stmt_text(st, 2));
		size = stmt_int(st, 3);
	}
	stmt_reset(st);
	if (rc < 0)
		return rc;
	if (rc == STORE_DONE)
		return zf_err_set(err, ZF_ENOTFOUND, "id", "no attachment %lld on case %s",
				  (long long)id, case_no);
	files_dir(s, dir, sizeof dir);
	snprintf(path, sizeof path, "%s/%s", dir, hex);
	size_t n = 0;
	char *d = file_read_all(path, &n);
	if (!d)
		return zf_err_set(err, ZF_EIO, "id", "the evidence file is missing from %s", dir);
	char got[65];
	sha_hex(d, n, got);
	if ((int64_t)n != size || strcmp(got, hex)) {
		free(d);
		return zf_err_set(err, ZF_EIO, "id", "the evidence file was changed on disk");
	}
	*data = d;
	*len = n;
	return 0;
}
