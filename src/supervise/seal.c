/* seal.c: SM4-CTR + HMAC-SM3 sealing of personal data under the process key (seal.h). The
 * master key never encrypts directly: three sub-keys are derived from it with HMAC-SM3 over
 * fixed labels, one to encrypt, one to authenticate, one for blind indexes. */
#include "supervise/seal.h"
#include "base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SEAL_VERSION 1

static struct {
	bool loaded;
	uint8_t enc[16]; /* SM4 key */
	uint8_t mac[32]; /* HMAC-SM3 key of the tag */
	uint8_t idx[32]; /* HMAC-SM3 key of blind indexes */
} K;

static void derive(const uint8_t *master, const char *label, uint8_t out[32])
{
	unsigned len = 32;
	HMAC(EVP_sm3(), master, SEAL_KEY_BYTES, (const unsigned char *)label, strlen(label), out,
	     &len);
}

void seal_key_set(const uint8_t key[SEAL_KEY_BYTES])
{
	if (!key) {
		sodium_memzero(&K, sizeof K);
		return;
	}
	uint8_t enc[32];
	derive(key, "zuofeng/seal/sm4-ctr/v1", enc);
	memcpy(K.enc, enc, sizeof K.enc);
	derive(key, "zuofeng/seal/hmac-sm3/v1", K.mac);
	derive(key, "zuofeng/seal/blind-index/v1", K.idx);
	sodium_memzero(enc, sizeof enc);
	K.loaded = true;
}

bool seal_key_loaded(void)
{
	return K.loaded;
}

void seal_key_path(const char *db_path, const char *explicit_path, char *out, size_t n)
{
	const char *env = getenv("ZUOFENG_KEY");
	if (explicit_path && *explicit_path)
		snprintf(out, n, "%s", explicit_path);
	else if (env && *env)
		snprintf(out, n, "%s", env);
	else
		snprintf(out, n, "%s.key", db_path);
}

int seal_key_create(const char *path, struct zf_err *err)
{
	uint8_t key[SEAL_KEY_BYTES];
	if (sodium_init() < 0)
		return zf_err_set(err, ZF_EINTERNAL, NULL, "libsodium failed to initialise");
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return zf_err_set(err, ZF_ECONFLICT, "key", "key file %s already exists",
					  path);
		return zf_err_set(err, ZF_EIO, "key", "cannot create key file %s: %s", path,
				  strerror(errno));
	}
	randombytes_buf(key, sizeof key);
	ssize_t w = write(fd, key, sizeof key);
	sodium_memzero(key, sizeof key);
	int rc = 0;
	if (w != (ssize_t)sizeof key || fsync(fd) < 0)
		rc = zf_err_set(err, ZF_EIO, "key", "cannot write key file %s", path);
	close(fd);
	if (rc < 0)
		unlink(path);
	return rc;
}

int seal_key_load(const char *path, bool create, struct zf_err *err)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		if (errno != ENOENT)
			return zf_err_set(err, ZF_EIO, "key", "cannot read key file %s: %s", path,
					  strerror(errno));
		if (!create)
			return zf_err_set(err, ZF_ENOTFOUND, "key",
					  "key file %s not found (zuofeng init creates it)", path);
		int rc = seal_key_create(path, err);
		if (rc < 0 && rc != ZF_ECONFLICT)
			return rc;
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return zf_err_set(err, ZF_EIO, "key", "cannot open key file %s: %s", path,
				  strerror(errno));
	int rc = 0;
	uint8_t key[SEAL_KEY_BYTES + 1];
	if (fstat(fd, &st) < 0) {
		rc = zf_err_set(err, ZF_EIO, "key", "cannot read key file %s", path);
	} else if (!S_ISREG(st.st_mode)) {
		rc = zf_err_set(err, ZF_EINVAL, "key", "key file %s is not a regular file", path);
	} else if (st.st_mode & 077) {
		rc = zf_err_set(err, ZF_EFORBIDDEN, "key",
				"key file %s is accessible by group or others (mode %03o); "
				"chmod 600 it",
				path, (unsigned)(st.st_mode & 0777));
	} else {
		ssize_t r = read(fd, key, sizeof key);
		if (r != SEAL_KEY_BYTES)
			rc = zf_err_set(err, ZF_EINVAL, "key",
					"key file %s must hold exactly %d bytes", path,
					SEAL_KEY_BYTES);
		else
			seal_key_set(key);
	}
	sodium_memzero(key, sizeof key);
	close(fd);
	return rc;
}

/* SM4-CTR of n bytes in place (encryption and decryption are the same). */
static int sm4_ctr(const uint8_t iv[SEAL_IV_BYTES], const uint8_t *in, uint8_t *out, size_t n)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int ok = 0, len = 0, fin = 0;
	if (c && EVP_EncryptInit_ex(c, EVP_sm4_ctr(), NULL, K.enc, iv) == 1 &&
	    (n == 0 || EVP_EncryptUpdate(c, out, &len, in, (int)n) == 1) &&
	    EVP_EncryptFinal_ex(c, out + len, &fin) == 1 && (size_t)(len + fin) == n)
		ok = 1;
	EVP_CIPHER_CTX_free(c);
	return ok ? 0 : -1;
}

static void tag_of(const uint8_t *data, size_t n, uint8_t tag[SEAL_TAG_BYTES])
{
	unsigned len = SEAL_TAG_BYTES;
	HMAC(EVP_sm3(), K.mac, sizeof K.mac, data, n, tag, &len);
}

int seal_seal(const void *plain, size_t len, uint8_t **out, size_t *out_len, struct zf_err *err)
{
	if (!K.loaded)
		return zf_err_set(err, ZF_EINTERNAL, NULL, "no seal key is loaded");
	if (len > 1u << 20)
		return zf_err_set(err, ZF_ETOOBIG, NULL, "too much to seal");
	size_t n = SEAL_OVERHEAD + len;
	uint8_t *b = xmalloc(n);
	b[0] = SEAL_VERSION;
	randombytes_buf(b + 1, SEAL_IV_BYTES);
	if (sm4_ctr(b + 1, plain, b + 1 + SEAL_IV_BYTES, len) < 0) {
		free(b);
		return zf_err_set(err, ZF_EINTERNAL, NULL, "SM4 encryption failed");
	}
	/* the tag covers the version, the IV and the ciphertext */
	tag_of(b, 1 + SEAL_IV_BYTES + len, b + 1 + SEAL_IV_BYTES + len);
	*out = b;
	*out_len = n;
	return 0;
}

int seal_open(const uint8_t *sealed, size_t len, char **out, size_t *out_len, struct zf_err *err)
{
	if (!K.loaded)
		return zf_err_set(err, ZF_EINTERNAL, NULL, "no seal key is loaded");
	if (len < SEAL_OVERHEAD || sealed[0] != SEAL_VERSION)
		return zf_err_set(err, ZF_EINVAL, "sealed", "sealed data is malformed");
	size_t n = len - SEAL_OVERHEAD;
	uint8_t tag[SEAL_TAG_BYTES];
	tag_of(sealed, 1 + SEAL_IV_BYTES + n, tag);
	if (sodium_memcmp(tag, sealed + 1 + SEAL_IV_BYTES + n, SEAL_TAG_BYTES) != 0)
		return zf_err_set(
		    err, ZF_EINVAL, "sealed",
		    "sealed data fails its integrity check (altered, or another key)");
	char *p = xmalloc(n + 1);
	if (sm4_ctr(sealed + 1, sealed + 1 + SEAL_IV_BYTES, (uint8_t *)p, n) < 0) {
		free(p);
		return zf_err_set(err, ZF_EINTERNAL, NULL, "SM4 decryption failed");
	}
	p[n] = '\0';
	*out = p;
	*out_len = n;
	return 0;
}

int seal_blind_index(const char *s, uint8_t out[32], struct zf_err *err)
{
	if (!K.loaded)
		return zf_err_set(err, ZF_EINTERNAL, NULL, "no seal key is loaded");
	unsigned len = 32;
	HMAC(EVP_sm3(), K.idx, sizeof K.idx, (const unsigned char *)s, strlen(s), out, &len);
	return 0;
}
