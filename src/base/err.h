/* err.h: error codes and the caller-owned error record every fallible function fills. */
#ifndef ZF_BASE_ERR_H
#define ZF_BASE_ERR_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

enum {
	ZF_OK = 0,
	ZF_EINVAL = -1,	    /* bad input: a field, a line, a value */
	ZF_ENOTFOUND = -2,  /* no such record */
	ZF_ECONFLICT = -3,  /* duplicate, or a state that forbids the change */
	ZF_EAUTH = -4,	    /* no valid session or bad credentials */
	ZF_EFORBIDDEN = -5, /* authenticated, without the right */
	ZF_ETOOBIG = -6,    /* body or file over its limit */
	ZF_ETHROTTLED = -7, /* too many attempts; try later */
	ZF_ELOCKED = -8,    /* account locked */
	ZF_EIO = -9,	    /* file or database failure */
	ZF_EINTERNAL = -10, /* a bug or an impossible state */
	ZF_ECSRF = -11,	    /* missing or wrong CSRF token */
	ZF_EPWEXPIRED = -12 /* password must be changed before anything else */
};

struct zf_err {
	int code;	  /* 0 or a ZF_E* code */
	char field[64];	  /* the field or column concerned, or "" */
	long line;	  /* the file line concerned, or 0 */
	char msg[512];	  /* what is wrong, for a person */
	char msg_zh[768]; /* the same in Chinese (err_zh.inc), or "" when it has none */
};

/* Clears e. */
void zf_err_clear(struct zf_err *e);

/* Fills e with code, field (may be NULL) and a printf-style message; returns code. */
int zf_err_set(struct zf_err *e, int code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* A whole message returned for a caller to pass on with zf_err_set(e, code, field, "%s", m):
 * it has its Chinese in err_zh.inc like a format (scripts/err_messages.py finds it here). */
#define ZF_MSG(s) (s)

/* zf_err_set with a va_list. */
int zf_err_vset(struct zf_err *e, int code, const char *field, const char *fmt, va_list ap);
/* Formats the Chinese of the English format fmt (src/base/err_zh.inc) into out, with the
 * arguments ap; returns false, with out empty, when fmt has no Chinese. */
bool zf_err_format_zh(char *out, size_t size, const char *fmt, va_list ap);

/* The stable machine name of a code ("invalid", "not_found", ...). */
const char *zf_err_name(int code);

#endif
