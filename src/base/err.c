/* err.c: error codes and the caller-owned error record. */
#include "base/err.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The Chinese of every English message format of the sources (X4): API errors carry both,
 * and the interface shows the one of its language. scripts/err_messages.py check (a test)
 * finds a format without its Chinese, and a Chinese whose conversions differ. */
struct zh_entry {
	const char *en, *zh;
};
static struct zh_entry zh_catalog[] = {
#include "base/err_zh.inc"
};
static pthread_once_t zh_once = PTHREAD_ONCE_INIT;

static int zh_cmp(const void *a, const void *b)
{
	return strcmp(((const struct zh_entry *)a)->en, ((const struct zh_entry *)b)->en);
}

static void zh_sort(void)
{
	qsort(zh_catalog, sizeof zh_catalog / sizeof *zh_catalog, sizeof *zh_catalog, zh_cmp);
}

static const char *zh_lookup(const char *en)
{
	struct zh_entry key = {.en = en};
	pthread_once(&zh_once, zh_sort);
	const struct zh_entry *e = bsearch(&key, zh_catalog, sizeof zh_catalog / sizeof *zh_catalog,
					   sizeof *zh_catalog, zh_cmp);
	return e ? e->zh : NULL;
}

bool zf_err_format_zh(char *out, size_t size, const char *fmt, va_list ap)
{
	if (size == 0)
		return false;
	out[0] = '\0';
	const char *zh = zh_lookup(fmt);
	if (!zh) {
		/* "%s" of a whole message (login_fail, a checker's answer): that message's own */
		if (strcmp(fmt, "%s"))
			return false;
		va_list one;
		va_copy(one, ap);
		const char *m = va_arg(one, const char *);
		va_end(one);
		if (!m || strchr(m, '%') || !(zh = zh_lookup(m)))
			return false;
		snprintf(out, size, "%s", zh);
		return true;
	}
	/* the entry's conversions are the English's, in the same order (the test checks) */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	vsnprintf(out, size, zh, ap);
#pragma GCC diagnostic pop
	return true;
}

void zf_err_clear(struct zf_err *e)
{
	e->code = 0;
	e->field[0] = '\0';
	e->line = 0;
	e->msg[0] = '\0';
	e->msg_zh[0] = '\0';
}

int zf_err_vset(struct zf_err *e, int code, const char *field, const char *fmt, va_list ap)
{
	va_list zh;
	if (!e)
		return code;
	e->code = code;
	snprintf(e->field, sizeof e->field, "%s", field ? field : "");
	va_copy(zh, ap);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	zf_err_format_zh(e->msg_zh, sizeof e->msg_zh, fmt, zh);
	va_end(zh);
	return code;
}

int zf_err_set(struct zf_err *e, int code, const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	zf_err_vset(e, code, field, fmt, ap);
	va_end(ap);
	return code;
}

const char *zf_err_name(int code)
{
	switch (code) {
	case ZF_OK:
		return "ok";
	case ZF_EINVAL:
		return "invalid";
	case ZF_ENOTFOUND:
		return "not_found";
	case ZF_ECONFLICT:
		return "conflict";
	case ZF_EAUTH:
		return "unauthenticated";
	case ZF_EFORBIDDEN:
		return "forbidden";
	case ZF_ETOOBIG:
		return "too_large";
	case ZF_ETHROTTLED:
		return "throttled";
	case ZF_ELOCKED:
		return "locked";
	case ZF_EIO:
		return "io";
	case ZF_ECSRF:
		return "csrf";
	case ZF_EPWEXPIRED:
		return "password_change_required";
	default:
		return "internal";
	}
}
