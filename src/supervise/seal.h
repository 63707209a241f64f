/* seal.h: sealing of personal data at rest (X2, 密评): SM4-CTR with a random IV, then
 * HMAC-SM3 over IV || ciphertext (encrypt-then-MAC), under two sub-keys derived from one
 * 32-byte master key that lives in a key file outside the database (mode 0600).
 *
 * The process holds one master key, loaded once at start (serve, demo, case, init) before
 * any thread runs; sealing without a loaded key is ZF_EINTERNAL. */
#ifndef ZF_SUPERVISE_SEAL_H
#define ZF_SUPERVISE_SEAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define SEAL_KEY_BYTES 32
#define SEAL_IV_BYTES  16
#define SEAL_TAG_BYTES 32
/* A sealed blob: version byte, IV, ciphertext, tag. */
#define SEAL_OVERHEAD (1 + SEAL_IV_BYTES + SEAL_TAG_BYTES)

/* The key file of a database: explicit (a --key option) when non-NULL and non-empty, else
 * $ZUOFENG_KEY when set, else "<db_path>.key". Writes at most n bytes into out. */
void seal_key_path(const char *db_path, const char *explicit_path, char *out, size_t n);

/* Creates the key file at path with 32 random bytes, mode 0600, refusing to overwrite an
 * existing file. Returns 0, ZF_ECONFLICT when it exists, ZF_EIO. */
int seal_key_create(const char *path, struct zf_err *err);

/* Loads the key at path as the process key. With create, a missing file is first created.
 * Refuses a file readable or writable by group or others, or not exactly 32 bytes.
 * Returns 0, ZF_ENOTFOUND (missing, without create), ZF_EFORBIDDEN (permissions),
 * ZF_EINVAL (wrong size), ZF_EIO. */
int seal_key_load(const char *path, bool create, struct zf_err *err);

/* Sets the process key directly (tests). key NULL forgets it. */
void seal_key_set(const uint8_t key[SEAL_KEY_BYTES]);
/* True when a process key is loaded. */
bool seal_key_loaded(void);

/* Seals len bytes of plain into a fresh buffer *out of *out_len bytes (caller frees).
 * Returns 0 or ZF_EINTERNAL (no key, crypto failure). */
int seal_seal(const void *plain, size_t len, uint8_t **out, size_t *out_len, struct zf_err *err);

/* Opens a sealed blob into a fresh NUL-terminated buffer *out (caller frees), *out_len
 * without the NUL. The tag is checked first, in constant time. Returns 0, ZF_EINVAL for a
 * malformed, tampered or foreign-key blob (nothing is decrypted), ZF_EINTERNAL (no key). */
int seal_open(const uint8_t *sealed, size_t len, char **out, size_t *out_len, struct zf_err *err);

/* A keyed hash (HMAC-SM3 under a third sub-key) of s, for matching equal values such as a
 * complainant's phone without keeping them: 32 bytes into out. Returns 0 or ZF_EINTERNAL. */
int seal_blind_index(const char *s, uint8_t out[32], struct zf_err *err);

#endif
